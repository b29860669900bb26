"""Comparisons, logical ops, switch (``where``) and fill, with their partial rules.

Comparisons and logical ops have no derivative; switch's reverse rule
selects the cotangent instead of multiplying by a mask, so an unused
branch's inf never becomes NaN.
"""
from __future__ import annotations

import numpy as np

from ..convert import as_tensor_variable
from ..errors import AlgradTypeError
from ..graph import constant
from ..types import result_dtype
from .elementwise import Elementwise


def _fill(a, b):
    return np.broadcast_to(b, np.broadcast_shapes(a.shape, b.shape))


def _switch(cond, a, b):
    return np.where(cond, a, b)


# -- partial rules and dtype rules ------------------------------------------------------

def _switch_d1(g, c, a, b, out):
    return switch(c, g, 0)  # select, never multiply by a mask: 0 * inf would be NaN


def _switch_d2(g, c, a, b, out):
    return switch(c, 0, g)


def _fill_d1(g, a, b, out):
    return g


def _logical_dtype(inputs):
    # logical, not bitwise: NumPy's & | ~ on ints would give ints, so refuse them
    # rather than silently answer differently
    for v in inputs:
        if v.dtype != "bool":
            raise AlgradTypeError(
                f"the logical ops & | ~ take bool operands, got {v!r} of dtype {v.dtype}; "
                "compare first, e.g. T.neq(x, 0)")
    return "bool"


def _switch_dtype(inputs):
    return result_dtype(np.add, tuple(v.dtype for v in inputs[1:]), tuple(v.weak for v in inputs[1:]))


def _fill_dtype(inputs):
    a, b = inputs
    if b.weak and not a.weak:
        return result_dtype(np.add, (a.dtype, b.dtype), (False, True))
    return b.dtype


# -- the ops --------------------------------------------------------------------------

LT = Elementwise("lt", 2, np.less, dtype_rule="bool")
LE = Elementwise("le", 2, np.less_equal, dtype_rule="bool")
GT = Elementwise("gt", 2, np.greater, dtype_rule="bool")
GE = Elementwise("ge", 2, np.greater_equal, dtype_rule="bool")
EQ = Elementwise("eq", 2, np.equal, dtype_rule="bool")
NEQ = Elementwise("neq", 2, np.not_equal, dtype_rule="bool")
AND = Elementwise("and", 2, np.logical_and, dtype_rule=_logical_dtype)
OR = Elementwise("or", 2, np.logical_or, dtype_rule=_logical_dtype)
INVERT = Elementwise("invert", 1, np.logical_not, dtype_rule=_logical_dtype)
SWITCH = Elementwise("switch", 3, _switch, (None, _switch_d1, _switch_d2), dtype_rule=_switch_dtype)
FILL = Elementwise("fill", 2, _fill, (None, _fill_d1), dtype_rule=_fill_dtype)


# -- the functions users call ----------------------------------------------------------

def lt(a, b):
    """Elementwise ``a < b`` (bool)."""
    return LT(a, b)


def le(a, b):
    """Elementwise ``a <= b`` (bool)."""
    return LE(a, b)


def gt(a, b):
    """Elementwise ``a > b`` (bool)."""
    return GT(a, b)


def ge(a, b):
    """Elementwise ``a >= b`` (bool)."""
    return GE(a, b)


def eq(a, b):
    """Elementwise ``a == b`` (``==`` on variables compares identity, as in Theano)."""
    return EQ(a, b)


def neq(a, b):
    """Elementwise ``a != b`` (bool)."""
    return NEQ(a, b)


def and_(a, b):
    """Elementwise logical and of bools (``a & b``)."""
    return AND(a, b)


def or_(a, b):
    """Elementwise logical or of bools (``a | b``)."""
    return OR(a, b)


def invert(a):
    """Elementwise logical not."""
    return INVERT(a)


def switch(cond, a, b):
    """Elementwise ``a`` where ``cond`` is true, else ``b`` (``numpy.where``)."""
    cond = as_tensor_variable(cond)
    if cond.dtype != "bool":
        cond = neq(cond, 0)
    return SWITCH(cond, a, b)


where = switch


def fill(model, value):
    """An array of ``model``'s shape filled with ``value``."""
    return FILL(model, value)


second = fill


def zeros_like(x, dtype=None):
    """Zeros of ``x``'s shape (and dtype, unless one is given)."""
    x = as_tensor_variable(x)
    return fill(x, constant(0, dtype=dtype or x.dtype))


def ones_like(x, dtype=None):
    """Ones of ``x``'s shape (and dtype, unless one is given)."""
    x = as_tensor_variable(x)
    return fill(x, constant(1, dtype=dtype or x.dtype))
