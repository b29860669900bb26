"""Phases ``algebra`` and ``shape``: identities that hold for every value.

Each rewrite keeps the result's dtype and static shape (the engine refuses
one that does not).  Identities that fail for some floating-point value are
not used: ``x * 0 -> 0`` is wrong for inf and NaN.  ``x - x -> 0`` is used,
as every algebra system does: it differs only where ``x`` is infinite or NaN.
"""
from __future__ import annotations

import numpy as np

from ..graph import Constant, constant
from ..ops import elementwise as ew
from ..ops.dimshuffle import DimShuffle
from ..ops.elementwise import Elementwise
from .engine import register


def _op_name(var):
    op = var.owner.op if var.owner is not None else None
    return op.name if isinstance(op, Elementwise) else None


def _is_value(var, value) -> bool:
    """Whether ``var`` is a constant whose every element equals ``value``."""
    if not isinstance(var, Constant) or var.data.size == 0:
        return False
    if var.data.size == 1:
        return var.data.item() == value
    return bool(np.all(var.data == value))


def _operands(var, name):
    if _op_name(var) != name:
        return None
    return var.owner.inputs


@register("algebra", "mul")
def mul_by_one_to_x(var):
    """x * 1 -> x (and 1 * x -> x)"""
    ops = _operands(var, "mul")
    if ops is None:
        return None
    a, b = ops
    return b if _is_value(a, 1) else a if _is_value(b, 1) else None


@register("algebra", "add", "sub")
def add_zero_to_x(var):
    """x + 0 -> x (and 0 + x -> x, x - 0 -> x)"""
    ops = _operands(var, "add") or _operands(var, "sub")
    if ops is None:
        return None
    a, b = ops
    if _is_value(b, 0):
        return a
    return b if _op_name(var) == "add" and _is_value(a, 0) else None


@register("algebra", "true_div")
def div_by_one_to_x(var):
    """x / 1 -> x"""
    ops = _operands(var, "true_div")
    return ops[0] if ops is not None and _is_value(ops[1], 1) else None


@register("algebra", "pow")
def pow_one_to_x(var):
    """x ** 1 -> x"""
    ops = _operands(var, "pow")
    return ops[0] if ops is not None and _is_value(ops[1], 1) else None


@register("algebra", "pow")
def pow_zero_to_one(var):
    """x ** 0 -> 1, with the result's shape (NumPy's power gives 1 for every x, 0, inf and NaN too)"""
    ops = _operands(var, "pow")
    if ops is None or not _is_value(ops[1], 0) or ops[0].type.shape != var.type.shape:
        return None
    return ew.fill(ops[0], constant(1, dtype=var.dtype))


@register("algebra", "mul")
def logistic_slope_to_one_exp(var):
    """sigmoid(a) * sigmoid(-a) -> e / (1 + e) ** 2 with e = exp(-|a|)

    Both are the logistic's slope, which is even in a; the right side takes
    one exponential instead of two and keeps full relative accuracy in the
    tails, where e is tiny (it never forms 1 - sigmoid(a)).
    """
    ops = _operands(var, "mul")
    if ops is None:
        return None
    first, second = (_operands(v, "sigmoid") for v in ops)
    if first is None or second is None:
        return None
    a, b = first[0], second[0]
    if _operands(b, "neg") != (a,) and _operands(a, "neg") != (b,):
        return None
    e = ew.exp(ew.neg(ew.abs(a)))  # |a| = |-a|: either operand will do
    return ew.true_div(e, ew.sqr(ew.add(1, e)))


@register("algebra", "sub")
def sub_self_to_zero(var):
    """x - x -> 0, with x's shape"""
    ops = _operands(var, "sub")
    if ops is None or ops[0] is not ops[1]:
        return None
    return ew.fill(ops[0], constant(0, dtype=var.dtype))


@register("algebra", "neg")
def neg_neg_to_x(var):
    """-(-x) -> x"""
    ops = _operands(var, "neg")
    if ops is None:
        return None
    inner = _operands(ops[0], "neg")
    return inner[0] if inner is not None else None


@register("algebra", "add")
def add_neg_to_sub(var):
    """a + (-b) -> a - b (and (-a) + b -> b - a)"""
    ops = _operands(var, "add")
    if ops is None:
        return None
    a, b = ops
    negated = _operands(b, "neg")
    if negated is not None:
        return ew.sub(a, negated[0])
    negated = _operands(a, "neg")
    return ew.sub(b, negated[0]) if negated is not None else None


@register("algebra", "sub")
def sub_neg_to_add(var):
    """a - (-b) -> a + b"""
    ops = _operands(var, "sub")
    if ops is None:
        return None
    negated = _operands(ops[1], "neg")
    return ew.add(ops[0], negated[0]) if negated is not None else None


@register("algebra", "neg")
def neg_of_sub_to_sub(var):
    """-(a - b) -> b - a"""
    ops = _operands(var, "neg")
    if ops is None:
        return None
    inner = _operands(ops[0], "sub")
    return ew.sub(inner[1], inner[0]) if inner is not None else None


@register("algebra", "mul")
def mul_by_minus_one_to_neg(var):
    """x * -1 -> -x (and -1 * x -> -x)"""
    ops = _operands(var, "mul")
    if ops is None:
        return None
    a, b = ops
    if _is_value(b, -1):
        return ew.neg(a)
    return ew.neg(b) if _is_value(a, -1) else None


@register("shape", "fill")
def fill_to_value(var):
    """fill(a, b) -> b, when b already has the result's shape and dtype"""
    ops = _operands(var, "fill")
    return ops[1] if ops is not None else None


@register("shape", "fill")
def fill_of_fill_to_fill(var):
    """fill(fill(a, b), c) -> fill(a, c)"""
    ops = _operands(var, "fill")
    if ops is None:
        return None
    inner = _operands(ops[0], "fill")
    return ew.fill(inner[0], ops[1]) if inner is not None else None


@register("shape")
def fill_operand_to_value(var):
    """op(..., fill(a, b), ...) -> op(..., b, ...), when the other operands give the shape

    For an elementwise op: the result keeps its static shape, so every
    unknown length is still read from an operand that is not broadcast along
    it, and keeps its value at run time too.
    """
    node = var.owner
    if not isinstance(node.op, Elementwise) or node.op.name == "fill":
        return None
    inputs = list(node.inputs)
    for k, v in enumerate(inputs):
        ops = _operands(v, "fill")
        if ops is None:
            continue
        trial = inputs[:k] + [ops[1]] + inputs[k + 1:]
        new = node.op.make_node(*trial).outputs[0]
        if new.type == var.type:
            return new
    return None


@register("shape", "Subtensor")
def subtensor_of_fill_to_fill(var):
    """fill(a, c)[index] -> fill(a[index], c), for a value c broadcast along every axis

    The indexed fill is then an elementwise operand like any other, so the
    algebra phase sees the constant (a gradient's seed of ones sliced for a
    shifted term becomes a plain 1).
    """
    node = var.owner
    ops = _operands(node.inputs[0], "fill")
    if ops is None or any(n != 1 for n in ops[1].type.shape):
        return None
    model, value = ops
    sliced = node.op.make_node(model, *node.inputs[1:]).outputs[0]
    return ew.fill(sliced, _squeezed(value, sliced.ndim))


def _squeezed(value, ndim):
    """A broadcastable value brought to rank ``ndim`` by dropping its length-1 axes."""
    if value.ndim <= ndim:
        return value
    drop = value.ndim - ndim
    return DimShuffle(value.ndim, tuple(range(drop, value.ndim)))(value)


@register("shape", "ShapeI")
def shape_i_to_operand_shape_i(var):
    """shape_i(op(x, ...), k) -> shape_i(x, k'), for an operand x that fixes that length

    An elementwise result is as long as any operand not broadcast along the
    axis, an increment of ``x`` as long as ``x``, a cast or dimshuffle as its
    input (along the axis it moves).  Asking the operand for the length lets
    the kernel skip computing a value only its length is wanted from.
    """
    from ..ops.shape import ShapeI, shape_i
    from ..ops.subtensor import IncSubtensor
    axis = var.owner.op.axis
    node = var.owner.inputs[0].owner
    if node is None:
        return None
    op = node.op
    if isinstance(op, (Elementwise, ew.Cast, IncSubtensor)):
        candidates = node.inputs[:1] if isinstance(op, (ew.Cast, IncSubtensor)) else node.inputs
        for x in candidates:
            if x.type.shape[axis] != 1:
                return shape_i(x, axis)
        return None
    if isinstance(op, DimShuffle):
        source = op.new_order[axis]
        return None if source == "x" else ShapeI(source)(node.inputs[0])
    return None


@register("shape", "DimShuffle")
def dimshuffle_of_dimshuffle_to_one(var):
    """dimshuffle(dimshuffle(x, p), q) -> dimshuffle(x, p o q)"""
    node = var.owner
    if not isinstance(node.op, DimShuffle):
        return None
    inner = node.inputs[0].owner
    if inner is None or not isinstance(inner.op, DimShuffle):
        return None
    p, q = inner.op.new_order, node.op.new_order
    order = tuple("x" if d == "x" else p[d] for d in q)
    x = inner.inputs[0]
    if order == tuple(range(x.ndim)):
        return x
    return DimShuffle(x.ndim, order)(x)


@register("shape", "DimShuffle")
def identity_dimshuffle_to_x(var):
    """dimshuffle(x, (0, 1, ..., n-1)) -> x"""
    node = var.owner
    if isinstance(node.op, DimShuffle) and node.op.new_order == tuple(range(node.op.input_ndim)):
        return node.inputs[0]
    return None


@register("shape", "Cast")
def cast_to_same_dtype_to_x(var):
    """cast(x, dtype of x) -> x"""
    node = var.owner
    if isinstance(node.op, ew.Cast) and node.inputs[0].dtype == node.op.dtype:
        return node.inputs[0]
    return None
