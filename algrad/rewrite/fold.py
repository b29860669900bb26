"""Phase ``fold``: compute at build time what depends on constants only."""
from __future__ import annotations

import numpy as np

from ..errors import AlgradError
from ..graph import Constant, constant
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
