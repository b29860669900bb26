"""sigmoid and tanh, built on the branch-free exp and expm1.

* sigmoid(x) = num / (1 + t) with t = exp(-|x|) <= 1 and num = 1 for x >= 0,
  t otherwise: exp never overflows, the tail for x << 0 comes out as the
  (possibly subnormal) exp(x), and the error is three roundings plus exp's.
* tanh(|x|) = -u / (2 + u) with u = expm1(-2|x|) in (-1, 0]: no cancellation
  for small |x| (expm1 is accurate there), exactly 1 for large |x|; the sign
  is copied from x so tanh(-0) = -0.
"""

from numba import njit

from .vecmath_core import F32, F32_ONE, F32_TWO, F32_ZERO, always_inline, copysign
from .vecmath_exp_log import exp_f32, exp_f64, expm1_f32, expm1_f64

_JIT = dict(error_model="numpy")

TANH_TINY_64 = 2.0**-28  # below it tanh(x) rounds to x
F32_TANH_TINY = F32(2.0**-13)
F32_MINUS_TWO = F32(-2.0)


@njit(**_JIT)
def sigmoid_f64(x):
    always_inline()
    t = exp_f64(-abs(x))
    num = 1.0 if x >= 0.0 else t
    return num / (1.0 + t)


@njit(**_JIT)
def sigmoid_f32(x):
    always_inline()
    t = exp_f32(-abs(x))
    num = F32_ONE if x >= F32_ZERO else t
    return num / (F32_ONE + t)


@njit(**_JIT)
def tanh_f64(x):
    always_inline()
    u = expm1_f64(-2.0 * abs(x))
    res = copysign(-u / (2.0 + u), x)
    return x if abs(x) < TANH_TINY_64 else res


@njit(**_JIT)
def tanh_f32(x):
    always_inline()
    u = expm1_f32(F32_MINUS_TWO * abs(x))
    res = copysign(-u / (F32_TWO + u), x)
    return x if abs(x) < F32_TANH_TINY else res
