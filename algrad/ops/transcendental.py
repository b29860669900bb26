"""Exponentials, logarithms, trigonometric, hyperbolic and special functions,
with their partial rules (which reuse the output where the derivative is a
function of it: d exp(x) = exp(x))."""
from __future__ import annotations

import math

import numpy as np

from . import arithmetic as ar
from .elementwise import Elementwise


def _expit(x):
    from scipy.special import expit
    return expit(x)


def _erf(x):
    from scipy.special import erf
    return erf(x)


def _softplus(x):
    return np.logaddexp(np.zeros((), x.dtype), x)


# -- partial rules: each returns g * d(out)/d(input) ------------------------------------

def _exp_d(g, a, out):
    return ar.mul(g, out)


def _log_d(g, a, out):
    return ar.true_div(g, a)


def _log1p_d(g, a, out):
    return ar.true_div(g, ar.add(1, a))


def _expm1_d(g, a, out):
    return ar.mul(g, ar.add(out, 1))


def _sin_d(g, a, out):
    return ar.mul(g, cos(a))


def _cos_d(g, a, out):
    return ar.neg(ar.mul(g, sin(a)))


def _tan_d(g, a, out):
    return ar.mul(g, ar.add(1, ar.sqr(out)))


def _arcsin_d(g, a, out):
    return ar.true_div(g, ar.sqrt(ar.sub(1, ar.sqr(a))))


def _arccos_d(g, a, out):
    return ar.neg(ar.true_div(g, ar.sqrt(ar.sub(1, ar.sqr(a)))))


def _arctan_d(g, a, out):
    return ar.true_div(g, ar.add(1, ar.sqr(a)))


def _sinh_d(g, a, out):
    return ar.mul(g, cosh(a))


def _cosh_d(g, a, out):
    return ar.mul(g, sinh(a))


def _tanh_d(g, a, out):
    return ar.mul(g, ar.sub(1, ar.sqr(out)))


def _arcsinh_d(g, a, out):
    return ar.true_div(g, ar.sqrt(ar.add(ar.sqr(a), 1)))


def _arccosh_d(g, a, out):
    return ar.true_div(g, ar.sqrt(ar.sub(ar.sqr(a), 1)))


def _arctanh_d(g, a, out):
    return ar.true_div(g, ar.sub(1, ar.sqr(a)))


def _sigmoid_d(g, a, out):
    return ar.mul(g, ar.mul(out, ar.sub(1, out)))


def _softplus_d(g, a, out):
    return ar.mul(g, sigmoid(a))


def _erf_d(g, a, out):
    return ar.mul(g, ar.mul(2 / math.sqrt(math.pi), exp(ar.neg(ar.sqr(a)))))


# -- the ops --------------------------------------------------------------------------

EXP = Elementwise("exp", 1, np.exp, (_exp_d,))
LOG = Elementwise("log", 1, np.log, (_log_d,))
LOG1P = Elementwise("log1p", 1, np.log1p, (_log1p_d,))
EXPM1 = Elementwise("expm1", 1, np.expm1, (_expm1_d,))
SIN = Elementwise("sin", 1, np.sin, (_sin_d,))
COS = Elementwise("cos", 1, np.cos, (_cos_d,))
TAN = Elementwise("tan", 1, np.tan, (_tan_d,))
ARCSIN = Elementwise("arcsin", 1, np.arcsin, (_arcsin_d,))
ARCCOS = Elementwise("arccos", 1, np.arccos, (_arccos_d,))
ARCTAN = Elementwise("arctan", 1, np.arctan, (_arctan_d,))
SINH = Elementwise("sinh", 1, np.sinh, (_sinh_d,))
COSH = Elementwise("cosh", 1, np.cosh, (_cosh_d,))
TANH = Elementwise("tanh", 1, np.tanh, (_tanh_d,))
ARCSINH = Elementwise("arcsinh", 1, np.arcsinh, (_arcsinh_d,))
ARCCOSH = Elementwise("arccosh", 1, np.arccosh, (_arccosh_d,))
ARCTANH = Elementwise("arctanh", 1, np.arctanh, (_arctanh_d,))
SIGMOID = Elementwise("sigmoid", 1, _expit, (_sigmoid_d,), dtype_rule="float")
SOFTPLUS = Elementwise("softplus", 1, _softplus, (_softplus_d,), dtype_rule="float")
ERF = Elementwise("erf", 1, _erf, (_erf_d,), dtype_rule="float")


# -- the functions users call ----------------------------------------------------------

def exp(a):
    """Elementwise exponential."""
    return EXP(a)


def log(a):
    """Natural logarithm."""
    return LOG(a)


def log1p(a):
    """``log(1 + a)``, accurate for small ``a``."""
    return LOG1P(a)


def expm1(a):
    """``exp(a) - 1``, accurate for small ``a``."""
    return EXPM1(a)


def sin(a):
    """Elementwise sine."""
    return SIN(a)


def cos(a):
    """Elementwise cosine."""
    return COS(a)


def tan(a):
    """Elementwise tangent."""
    return TAN(a)


def arcsin(a):
    """Elementwise inverse sine."""
    return ARCSIN(a)


def arccos(a):
    """Elementwise inverse cosine."""
    return ARCCOS(a)


def arctan(a):
    """Elementwise inverse tangent."""
    return ARCTAN(a)


def sinh(a):
    """Elementwise hyperbolic sine."""
    return SINH(a)


def cosh(a):
    """Elementwise hyperbolic cosine."""
    return COSH(a)


def tanh(a):
    """Elementwise hyperbolic tangent."""
    return TANH(a)


def arcsinh(a):
    """Elementwise inverse hyperbolic sine."""
    return ARCSINH(a)


def arccosh(a):
    """Elementwise inverse hyperbolic cosine."""
    return ARCCOSH(a)


def arctanh(a):
    """Elementwise inverse hyperbolic tangent."""
    return ARCTANH(a)


def sigmoid(a):
    """The logistic function ``1 / (1 + exp(-a))``."""
    return SIGMOID(a)


def softplus(a):
    """``log(1 + exp(a))``, without overflow."""
    return SOFTPLUS(a)


def erf(a):
    """The error function."""
    return ERF(a)
