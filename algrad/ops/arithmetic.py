"""Arithmetic elementwise ops: + - * / // % **, negation, |x|, sign, rounding, sqrt,
square, maximum and minimum, with their partial rules.

A partial rule ``rule(g, *inputs, out)`` returns ``g * d out / d input``
(see :class:`algrad.ops.elementwise.Elementwise`).
"""
from __future__ import annotations

import numpy as np

from . import logic, transcendental
from .elementwise import Elementwise, _constant_data


# -- partial rules: each returns g * d(out)/d(input) ------------------------------------

def _same(g, *args):
    return g


def _negated(g, *args):
    return neg(g)


def _mul_d0(g, a, b, out):
    return mul(g, b)


def _mul_d1(g, a, b, out):
    return mul(g, a)


def _div_d0(g, a, b, out):
    return true_div(g, b)


def _div_d1(g, a, b, out):
    return neg(true_div(mul(g, out), b))


def _mod_d1(g, a, b, out):
    return neg(mul(g, int_div(a, b)))


def _pow_d0(g, a, b, out):
    # Theano's form, (g * b) * a ** (b - 1), which its printed gradients show
    return mul(mul(g, b), pow(a, sub(b, 1)))


def _pow_d1(g, a, b, out):
    # where a == 0 the power is 0 (b > 0) or 1 (b == 0) whatever b: the slope is 0,
    # not out * log(0) = 0 * -inf = NaN.  A constant non-zero base needs no guard.
    data = _constant_data(a)
    safe_a = a if data is not None and np.all(data != 0) else logic.switch(logic.eq(a, 0), 1, a)
    return mul(mul(g, out), transcendental.log(safe_a))


def _abs_d(g, a, out):
    return mul(g, sign(a))


def _sqrt_d(g, a, out):
    return true_div(g, mul(2, out))


def _sqr_d(g, a, out):
    return mul(mul(g, 2), a)


def _maximum_d0(g, a, b, out):
    return logic.switch(logic.ge(a, b), g, 0)  # ties go to the first input: the parts still sum to g


def _maximum_d1(g, a, b, out):
    return logic.switch(logic.lt(a, b), g, 0)


def _minimum_d0(g, a, b, out):
    return logic.switch(logic.le(a, b), g, 0)


def _minimum_d1(g, a, b, out):
    return logic.switch(logic.gt(a, b), g, 0)


# -- the ops --------------------------------------------------------------------------

ADD = Elementwise("add", 2, np.add, (_same, _same))
SUB = Elementwise("sub", 2, np.subtract, (_same, _negated))
MUL = Elementwise("mul", 2, np.multiply, (_mul_d0, _mul_d1))
TRUE_DIV = Elementwise("true_div", 2, np.true_divide, (_div_d0, _div_d1))
INT_DIV = Elementwise("int_div", 2, np.floor_divide)
MOD = Elementwise("mod", 2, np.mod, (_same, _mod_d1))
POW = Elementwise("pow", 2, np.power, (_pow_d0, _pow_d1))
NEG = Elementwise("neg", 1, np.negative, (_negated,))
ABS = Elementwise("abs", 1, np.abs, (_abs_d,))
SIGN = Elementwise("sign", 1, np.sign)
FLOOR = Elementwise("floor", 1, np.floor)
CEIL = Elementwise("ceil", 1, np.ceil)
SQRT = Elementwise("sqrt", 1, np.sqrt, (_sqrt_d,))
SQR = Elementwise("sqr", 1, np.square, (_sqr_d,))
MAXIMUM = Elementwise("maximum", 2, np.maximum, (_maximum_d0, _maximum_d1))
MINIMUM = Elementwise("minimum", 2, np.minimum, (_minimum_d0, _minimum_d1))


# -- the functions users call ----------------------------------------------------------

def add(a, b):
    """Elementwise ``a + b`` with NumPy broadcasting."""
    return ADD(a, b)


def sub(a, b):
    """Elementwise ``a - b``."""
    return SUB(a, b)


def mul(a, b):
    """Elementwise ``a * b``."""
    return MUL(a, b)


def true_div(a, b):
    """Elementwise ``a / b``; integers divide to float64, as in NumPy."""
    return TRUE_DIV(a, b)


def int_div(a, b):
    """Elementwise floor division ``a // b``."""
    return INT_DIV(a, b)


def mod(a, b):
    """Elementwise ``a % b`` with the sign of ``b``, as in NumPy."""
    return MOD(a, b)


def pow(a, b):
    """Elementwise ``a ** b``."""
    return POW(a, b)


def neg(a):
    """Elementwise ``-a``."""
    return NEG(a)


def abs(a):
    """Elementwise ``|a|``."""
    return ABS(a)


def sign(a):
    """Elementwise sign: -1, 0 or 1."""
    return SIGN(a)


def floor(a):
    """Elementwise floor (the largest integer not above)."""
    return FLOOR(a)


def ceil(a):
    """Elementwise ceiling (the smallest integer not below)."""
    return CEIL(a)


def sqrt(a):
    """Elementwise square root."""
    return SQRT(a)


def sqr(a):
    """Elementwise square."""
    return SQR(a)


def maximum(a, b):
    """Elementwise maximum; where ``a == b`` the gradient goes to ``a``."""
    return MAXIMUM(a, b)


def minimum(a, b):
    """Elementwise minimum; where ``a == b`` the gradient goes to ``a``."""
    return MINIMUM(a, b)


def clip(x, lo, hi):
    """``x`` limited to ``[lo, hi]``."""
    return minimum(maximum(x, lo), hi)
