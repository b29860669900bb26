"""Phase ``fold``: compute at build time what depends on constants only."""
from __future__ import annotations

import numpy as np

from ..errors import AlgradError
from ..graph import Constant, constant
from ..ops import elementwise as ew
from ..ops.elementwise import Cast, Elementwise
from ..ops.shape import Shape
from .engine import register

#: constants bigger than this are left to run time
MAX_FOLDED_SIZE = 4096


def _static_size(shape):
    size = 1
    for n in shape:
        if n is None:
            return None
        size *= n
    return size


@register("fold")
def constant_inputs_to_constant(var):
    """op(c_1, ..., c_n) -> c, when every input is a constant.

    The value is the op's own NumPy reference; a node whose evaluation would
    fail (a shape error, say) is left for run time to report.
    """
    node = var.owner
    if not all(isinstance(v, Constant) for v in node.inputs):
        return None
    size = _static_size(var.type.shape)
    if size is None or size > MAX_FOLDED_SIZE:
        return None
    try:
        with np.errstate(all="ignore"):
            (value,) = node.op.perform(node, [v.data for v in node.inputs])
    except (AlgradError, ValueError, IndexError, ArithmeticError, TypeError):
        return None
    return constant(np.asarray(value, dtype=var.dtype), dtype=var.dtype, weak=var.weak)


@register("fold", "Shape")
def static_shape_to_constant(var):
    """shape(x) -> constant, when every length of x is known statically."""
    node = var.owner
    if not isinstance(node.op, Shape):
        return None
    lengths = node.inputs[0].type.shape
    if None in lengths:
        return None
    return constant(np.array(lengths, dtype="int64"), dtype="int64")


def _filled_constant(var):
    """``(model, c)`` when ``var`` is ``fill(model, c)`` with a constant ``c``, else None."""
    node = var.owner
    if node is not None and isinstance(node.op, Elementwise) and node.op.name == "fill" \
            and isinstance(node.inputs[1], Constant):
        return node.inputs[0], node.inputs[1]
    return None


@register("fold")
def op_of_filled_constants_to_fill(var):
    """op(fill(a, c_1), c_2, ...) -> fill(a, op(c_1, c_2, ...)), for constants c_i

    The value is known everywhere; only the shape comes from ``a``.
    """
    node = var.owner
    if not isinstance(node.op, (Elementwise, Cast)) or getattr(node.op, "name", "") == "fill":
        return None
    model, values = None, []
    for v in node.inputs:
        filled = _filled_constant(v) if model is None else None
        if filled is not None:
            model = filled[0]
            values.append(filled[1])
        elif isinstance(v, Constant):
            values.append(v)
        else:
            return None
    if model is None:
        return None
    folded = constant_inputs_to_constant(node.op.make_node(*values).outputs[0])
    return None if folded is None else ew.fill(model, folded)


@register("fold", "mod")
def int_mod_one_to_zero(var):
    """x % 1 -> 0, with x's shape, for an integer x"""
    x, m = var.owner.inputs
    if not var.dtype.startswith("int") or not isinstance(m, Constant) or m.data.size != 1 \
            or m.data.item() != 1:
        return None
    return ew.fill(x, constant(0, dtype=var.dtype))
