"""sigmoid and tanh, built on the branch-free exp and expm1.

* sigmoid(x) = num / (1 + t) with t = exp(-|x|) <= 1 and num = 1 for x >= 0,
  t otherwise: exp never overflows, the tail for x << 0 comes out as the
  (possibly subnormal) exp(x), and the error is three roundings plus exp's.
* tanh(|x|) from one shared reduction of t = -2|x| (clamped at -40, where
  tanh is 1 to the last bit), giving both w = exp(t) and u = expm1(t):
  below |x| = 0.55 it is -u / (2 + u), free of cancellation since expm1 is
  accurate near 0; above, 1 - 2w / (1 + w), where the subtracted term is at
  most 1/2 and its error shrinks with w.  The sign is copied from x, so
  tanh(-0) = -0.
"""

from numba import njit

from .vecmath_core import (
    F32,
    F32_ONE,
    F32_TWO,
    F32_ZERO,
    always_inline,
    copysign,
    fast_two_sum,
    fma,
    pow2i,
    two_sum,
)
from .vecmath_exp_log import (
    EXPM1_X_MIN,
    F32_EXPM1_X_MIN,
    exp_f32,
    exp_f64,
    exp_reduce_f32,
    exp_reduce_f64,
    exp_series_f32,
    exp_series_f64,
)

_JIT = dict(error_model="numpy")

TANH_TINY_64 = 2.0**-28  # below it tanh(x) rounds to x
TANH_SWITCH = 0.55  # from here on 1 - 2w/(1 + w) with w = exp(-2|x|) <= 1/3
F32_TANH_SWITCH = F32(TANH_SWITCH)
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
    t = -2.0 * abs(x)
    t = EXPM1_X_MIN if t < EXPM1_X_MIN else t
    k, r = exp_reduce_f64(t)
    q = exp_series_f64(r)
    scale = pow2i(k)  # k in [-58, 0]: no two-step scaling needed
    one, lo = fast_two_sum(1.0, r)
    w = (one + fma(r * r, q, lo)) * scale  # exp(t)
    s, lo = two_sum(1.0 - pow2i(-k), r)
    u = (s + fma(r * r, q, lo)) * scale  # expm1(t)
    large = abs(x) >= TANH_SWITCH
    ratio = (2.0 * w if large else -u) / (1.0 + w if large else 2.0 + u)
    res = copysign(1.0 - ratio if large else ratio, x)
    return x if abs(x) < TANH_TINY_64 else res


@njit(**_JIT)
def tanh_f32(x):
    always_inline()
    t = F32_MINUS_TWO * abs(x)
    t = F32_EXPM1_X_MIN if t < F32_EXPM1_X_MIN else t
    k, r = exp_reduce_f32(t)
    q = exp_series_f32(r)
    scale = pow2i(k)
    one, lo = fast_two_sum(F32_ONE, r)
    w = (one + fma(r * r, q, lo)) * scale
    s, lo = two_sum(F32_ONE - pow2i(-k), r)
    u = (s + fma(r * r, q, lo)) * scale
    large = abs(x) >= F32_TANH_SWITCH
    ratio = (F32_TWO * w if large else -u) / (F32_ONE + w if large else F32_TWO + u)
    res = copysign(F32_ONE - ratio if large else ratio, x)
    return x if abs(x) < F32_TANH_TINY else res
