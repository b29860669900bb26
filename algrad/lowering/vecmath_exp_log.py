"""exp, expm1, log and log1p in branch-free arithmetic, float64 and float32.

Scheme (the classic one of fdlibm, Cephes and SLEEF, restated here):

* exp: k = rint(x / ln 2), r = x - k ln 2 with ln 2 split in two parts and
  FMA, so |r| <= ln(2)/2 and r is exact to the last bit; exp(r) by its Taylor
  series with 1 + r split off exactly; 2**k is built in the exponent field and applied in two halves, so
  results that overflow become inf and subnormal results are rounded once.
* log: x = m 2**e with m in [sqrt(1/2), sqrt(2)), f = m - 1 (exact),
  s = f / (2 + f), log(1 + f) = 2 atanh(s) = f - (f**2/2 - s (f**2/2 + R(s**2)))
  which keeps the large term f - f**2/2 free of polynomial error.

Polynomials are Taylor series with exact rational coefficients (1/n! and
2/(2j+1)); each is truncated where the first dropped term is below 2**-57
(float64) or 2**-27 (float32) relative to the result, which costs one or two
terms more than a minimax fit but needs no fitted tables
(``python -m benchmarks.vecmath_constants`` prints each bound).
Special values are fixed by selects at the end, which LLVM turns into blends.
"""

import math

import numpy as np
from numba import njit

from .vecmath_core import (
    F32,
    F32_HALF,
    F32_INF,
    F32_NAN,
    F32_ONE,
    F32_TWO,
    F32_ZERO,
    LN2,
    always_inline,
    fast_two_sum,
    fma,
    horner_coefficients,
    pow2i,
    rint,
    split_constant,
    split_sqrt2,
    two_sum,
)

_JIT = dict(error_model="numpy")

INF = math.inf
NAN = math.nan

# ln 2 split for Cody-Waite reductions (see split_constant): the high parts
# have few enough bits that k * HI is exact for every k the callers produce.
LN2_HI, LN2_LO = split_constant(LN2, 53)  # exp: fma makes x - k HI exact
LOG_LN2_HI, LOG_LN2_LO = split_constant(LN2, 32)  # log: |e| < 2**11
INV_LN2 = 1.4426950408889634
F32_LN2_HI, F32_LN2_LO = (F32(v) for v in split_constant(LN2, 9))
F32_LOG_LN2_HI, F32_LOG_LN2_LO = (F32(v) for v in split_constant(LN2, 16))
F32_INV_LN2 = F32(INV_LN2)


# exp(r) = 1 + r + r**2 * Q(r); Q holds 1/n! for n = 2..13 (float64) and
# n = 2..7 (float32), with |r| <= 0.347 the dropped term is < 2**-57 / 2**-27.
_EXPQ_64 = horner_coefficients(lambda n: 1.0 / math.factorial(n), 2, 13, np.float64)
_EXPQ_32 = horner_coefficients(lambda n: 1.0 / math.factorial(n), 2, 7, np.float32)
(E13, E12, E11, E10, E9, E8, E7, E6, E5, E4, E3, E2) = _EXPQ_64
(G7, G6, G5, G4, G3, G2) = _EXPQ_32

# 2 atanh(s) = 2s + s * R(z), z = s**2, R(z) = sum 2 z**j / (2j + 1):
# j = 1..10 (float64), j = 1..4 (float32); |s| <= 0.1716.
_LOGR_64 = horner_coefficients(lambda j: 2.0 / (2 * j + 1), 1, 10, np.float64)
_LOGR_32 = horner_coefficients(lambda j: 2.0 / (2 * j + 1), 1, 4, np.float32)
(L10, L9, L8, L7, L6, L5, L4, L3, L2, L1) = _LOGR_64
(M4, M3, M2, M1) = _LOGR_32

# Clamps: beyond them exp is inf or 0 anyway, and 2**k stays buildable.
EXP_X_MAX = 710.0
EXP_X_MIN = -746.0
F32_EXP_X_MAX = F32(89.0)
F32_EXP_X_MIN = F32(-104.0)
TWO52 = 2.0**52
DBL_MIN = 2.0**-1022
F32_FLT_MIN = F32(2.0**-126)


@njit(inline="always", **_JIT)
def exp_reduce_f64(x):
    """k = rint(x / ln 2) and r = x - k ln 2, |r| <= 0.347 (x clamped)."""
    always_inline()
    k = rint(x * INV_LN2)
    r = fma(-k, LN2_HI, x)
    r = fma(-k, LN2_LO, r)
    return k, r


@njit(inline="always", **_JIT)
def exp_series_f64(r):
    """Q(r) with exp(r) = 1 + r + r**2 Q(r), |r| <= 0.347."""
    q = fma(E13, r, E12)
    q = fma(q, r, E11)
    q = fma(q, r, E10)
    q = fma(q, r, E9)
    q = fma(q, r, E8)
    q = fma(q, r, E7)
    q = fma(q, r, E6)
    q = fma(q, r, E5)
    q = fma(q, r, E4)
    q = fma(q, r, E3)
    return fma(q, r, E2)


@njit(inline="always", **_JIT)
def exp_poly_f64(r):
    """exp(r) on |r| <= 0.347; 1 + r is split off exactly (|r| < 1), so the
    last addition is the only rounding of size 1/2 ulp."""
    one, t = fast_two_sum(1.0, r)
    return one + fma(r * r, exp_series_f64(r), t)


@njit(inline="always", **_JIT)
def scale_pow2_f64(p, k):
    """p * 2**k in two steps so k in [-1076, 1025] neither over- nor
    underflows the factors; only the last product rounds."""
    always_inline()
    k1 = rint(k * 0.5)
    return (p * pow2i(k1)) * pow2i(k - k1)


@njit(**_JIT)
def exp_f64(x):
    always_inline()
    xc = EXP_X_MAX if x > EXP_X_MAX else x
    xc = EXP_X_MIN if xc < EXP_X_MIN else xc
    k, r = exp_reduce_f64(xc)
    return scale_pow2_f64(exp_poly_f64(r), k)


@njit(inline="always", **_JIT)
def exp_reduce_f32(x):
    always_inline()
    k = rint(x * F32_INV_LN2)
    r = fma(-k, F32_LN2_HI, x)
    r = fma(-k, F32_LN2_LO, r)
    return k, r


@njit(inline="always", **_JIT)
def exp_series_f32(r):
    q = fma(G7, r, G6)
    q = fma(q, r, G5)
    q = fma(q, r, G4)
    q = fma(q, r, G3)
    return fma(q, r, G2)


@njit(inline="always", **_JIT)
def exp_poly_f32(r):
    one, t = fast_two_sum(F32_ONE, r)
    return one + fma(r * r, exp_series_f32(r), t)


@njit(inline="always", **_JIT)
def scale_pow2_f32(p, k):
    always_inline()
    k1 = rint(k * F32_HALF)
    return (p * pow2i(k1)) * pow2i(k - k1)


@njit(**_JIT)
def exp_f32(x):
    always_inline()
    xc = F32_EXP_X_MAX if x > F32_EXP_X_MAX else x
    xc = F32_EXP_X_MIN if xc < F32_EXP_X_MIN else xc
    k, r = exp_reduce_f32(xc)
    return scale_pow2_f32(exp_poly_f32(r), k)


@njit(inline="always", **_JIT)
def log1p_reduced_f64(f):
    """log(1 + f) for f = m - 1, m in [sqrt(1/2), sqrt(2)); returns
    (f - hfsq, correction) so callers can add e ln 2 before rounding."""
    always_inline()
    s = f / (2.0 + f)
    z = s * s
    w = fma(L10, z, L9)
    w = fma(w, z, L8)
    w = fma(w, z, L7)
    w = fma(w, z, L6)
    w = fma(w, z, L5)
    w = fma(w, z, L4)
    w = fma(w, z, L3)
    w = fma(w, z, L2)
    w = fma(w, z, L1)
    hfsq = 0.5 * f * f
    return hfsq, s * (hfsq + z * w)


@njit(**_JIT)
def log_f64(x):
    always_inline()
    tiny = x < DBL_MIN
    xs = x * TWO52 if tiny else x
    m, e = split_sqrt2(xs)
    e = e - 52.0 if tiny else e
    f = m - 1.0
    hfsq, corr = log1p_reduced_f64(f)
    res = e * LOG_LN2_HI - ((hfsq - fma(e, LOG_LN2_LO, corr)) - f)
    res = res if x < INF else x
    return res if x > 0.0 else (-INF if x == 0.0 else NAN)


@njit(inline="always", **_JIT)
def log1p_reduced_f32(f):
    always_inline()
    s = f / (F32_TWO + f)
    z = s * s
    w = fma(M4, z, M3)
    w = fma(w, z, M2)
    w = fma(w, z, M1)
    hfsq = F32_HALF * f * f
    return hfsq, s * (hfsq + z * w)


F32_TWO24 = F32(2.0**24)
F32_24 = F32(24.0)


@njit(**_JIT)
def log_f32(x):
    always_inline()
    tiny = x < F32_FLT_MIN
    xs = x * F32_TWO24 if tiny else x
    m, e = split_sqrt2(xs)
    e = e - F32_24 if tiny else e
    f = m - F32_ONE
    hfsq, corr = log1p_reduced_f32(f)
    res = e * F32_LOG_LN2_HI - ((hfsq - fma(e, F32_LOG_LN2_LO, corr)) - f)
    res = res if x < F32_INF else x
    return res if x > F32_ZERO else (-F32_INF if x == F32_ZERO else F32_NAN)


# expm1: beyond these clamps the result is -1 or inf anyway.
EXPM1_X_MIN = -40.0
F32_EXPM1_X_MIN = F32(-20.0)
TINY_64 = 2.0**-54  # below it expm1(x) and log1p(x) round to x
F32_TINY = F32(2.0**-25)
F32_64 = F32(64.0)


@njit(**_JIT)
def expm1_f64(x):
    """exp(x) - 1 = 2**k ((1 - 2**-k) + r + r**2 Q(r)): the first two terms
    are summed exactly (two_sum), so the bracket rounds once, and the
    scaling is exact (or overflows)."""
    always_inline()
    xc = EXP_X_MAX if x > EXP_X_MAX else x
    xc = EXPM1_X_MIN if xc < EXPM1_X_MIN else xc
    k, r = exp_reduce_f64(xc)
    k_small = 64.0 if k > 64.0 else k  # 1 - 2**-k is 1 from there on
    s, e = two_sum(1.0 - pow2i(-k_small), r)  # exact, so one rounding below
    res = scale_pow2_f64(s + fma(r * r, exp_series_f64(r), e), k)
    return x if abs(x) < TINY_64 else res


@njit(**_JIT)
def expm1_f32(x):
    always_inline()
    xc = F32_EXP_X_MAX if x > F32_EXP_X_MAX else x
    xc = F32_EXPM1_X_MIN if xc < F32_EXPM1_X_MIN else xc
    k, r = exp_reduce_f32(xc)
    k_small = F32_64 if k > F32_64 else k
    s, e = two_sum(F32_ONE - pow2i(-k_small), r)
    res = scale_pow2_f32(s + fma(r * r, exp_series_f32(r), e), k)
    return x if abs(x) < F32_TINY else res


@njit(**_JIT)
def log1p_f64(x):
    """log(u) for u = fl(1 + x), plus c / u where c = x - (u - 1) is the
    rounding error of u (exact for |x| < 1, negligible beyond)."""
    always_inline()
    u = 1.0 + x
    c = x - (u - 1.0)
    m, e = split_sqrt2(u)
    hfsq, corr = log1p_reduced_f64(m - 1.0)
    corr = corr + c / u
    res = e * LOG_LN2_HI - ((hfsq - fma(e, LOG_LN2_LO, corr)) - (m - 1.0))
    res = res if u < INF else x
    res = res if u > 0.0 else (-INF if u == 0.0 else NAN)
    return x if abs(x) < TINY_64 else res


@njit(**_JIT)
def log1p_f32(x):
    always_inline()
    u = F32_ONE + x
    c = x - (u - F32_ONE)
    m, e = split_sqrt2(u)
    hfsq, corr = log1p_reduced_f32(m - F32_ONE)
    corr = corr + c / u
    res = e * F32_LOG_LN2_HI - ((hfsq - fma(e, F32_LOG_LN2_LO, corr)) - (m - F32_ONE))
    res = res if u < F32_INF else x
    res = res if u > F32_ZERO else (-F32_INF if u == F32_ZERO else F32_NAN)
    return x if abs(x) < F32_TINY else res
