"""pow(x, y) = exp(y log|x|) with log|x| in double-double, branch-free.

The product y log|x| reaches +-745 before the result over- or underflows, so
an absolute error d in it costs a relative error d in the result: log|x| is
needed to about 2**-64 relative, not 2**-53.  It is computed as
log|x| = e ln 2 + 2 atanh(s), s = f / (2 + f), f = m - 1 (as in log), with
s, the e ln 2 product and the leading s**3 term of the series carried as
double-doubles (FMA makes each product error exact); the tail
(2/5) s**5 + ... is below 2**-12 of the result and plain float64 suffices.
y times the double-double log is another exact FMA product, and exp takes
the low part into its reduced argument.

Special values follow C99 Annex F (as NumPy does): pow(x, 0) = 1 and
pow(1, y) = 1 even for NaN, negative bases give NaN unless y is an integer,
and odd integers keep the sign of the base for zeros and infinities.

float32 is computed in float64 and rounded once (as musl's powf does), with
shorter series since y log|x| then needs no double-double; float32 data
vectorizes at float64 width.
"""

import math
from fractions import Fraction

import numpy as np
from numba import njit

from .vecmath_core import (
    F32,
    always_inline,
    copysign,
    fast_two_sum,
    fma,
    horner_coefficients,
    pow2i,
    rint,
    split_sqrt2,
    two_prod,
    two_sum,
)
from .vecmath_exp_log import (
    DBL_MIN,
    EXP_X_MAX,
    EXP_X_MIN,
    INV_LN2,
    LN2_HI,
    LN2_LO,
    TWO52,
    E2,
    E3,
    E4,
    E5,
    E6,
    E7,
    E8,
    E9,
    E10,
    E11,
    E12,
    E13,
    exp_reduce_f64,
    scale_pow2_f64,
)

_JIT = dict(error_model="numpy")
INF = math.inf
NAN = math.nan

# 2 atanh(s) = 2s + s**3 (2/3 + z P(z)), P(z) = sum 2 z**(j-2) / (2j + 1),
# j = 2..11 (z = s**2 <= 0.0295, first dropped term < 2**-64 of the result).
(P11, P10, P9, P8, P7, P6, P5, P4, P3, P2) = horner_coefficients(lambda j: 2.0 / (2 * j + 1), 2, 11, np.float64)
TWO_THIRDS_HI = 2.0 / 3.0
TWO_THIRDS_LO = float(Fraction(2, 3) - Fraction(TWO_THIRDS_HI))


@njit(**_JIT)
def log_dd(ax):
    """log(ax) as a double-double (hi, lo), ax positive and finite."""
    always_inline()
    tiny = ax < DBL_MIN
    xs = ax * TWO52 if tiny else ax
    m, e = split_sqrt2(xs)
    e = e - 52.0 if tiny else e
    f = m - 1.0
    # s = f / (2 + f) as sh + sl: f - 2 sh is exact (Sterbenz), the fma
    # gives the residual f - sh (2 + f) to full relative precision, and
    # 1 / (2 + f) = (1 - s) / 2 saves a second division.
    sh = f / (2.0 + f)
    sl = fma(-sh, f, f - 2.0 * sh) * (0.5 - 0.5 * sh)
    # (2/3) s**3 as a double-double.
    z, zl = two_prod(sh, sh)
    zl = fma(2.0 * sh, sl, zl)
    c3, c3l = two_prod(z, sh)
    c3l = fma(zl, sh, fma(z, sl, c3l))
    t3, t3l = two_prod(c3, TWO_THIRDS_HI)
    t3l = fma(c3, TWO_THIRDS_LO, fma(c3l, TWO_THIRDS_HI, t3l))
    # the tail s**5 P(z) in float64
    p = fma(P11, z, P10)
    p = fma(p, z, P9)
    p = fma(p, z, P8)
    p = fma(p, z, P7)
    p = fma(p, z, P6)
    p = fma(p, z, P5)
    p = fma(p, z, P4)
    p = fma(p, z, P3)
    p = fma(p, z, P2)
    tail = c3 * z * p
    # e ln 2 as a double-double, then the sum with two_sum on large parts.
    eh, el = two_prod(e, LN2_HI)
    el = fma(e, LN2_LO, el)
    a, b1 = two_sum(eh, 2.0 * sh)
    a, b2 = two_sum(a, t3)
    lo = (b1 + b2) + (el + (2.0 * sl + (t3l + tail)))
    return fast_two_sum(a, lo)


@njit(**_JIT)
def exp_dd(th, tl):
    """exp(th + tl) for a double-double argument with |tl| <= ulp(th).

    The reduced argument stays a double-double and 1 + rh is split off
    exactly, so the only rounding of size 1/2 ulp is the last addition."""
    always_inline()
    big = th > EXP_X_MAX
    small = th < EXP_X_MIN
    thc = EXP_X_MAX if big else (EXP_X_MIN if small else th)
    tlc = 0.0 if (big or small) else tl
    k = rint(thc * INV_LN2)
    r1 = fma(-k, LN2_HI, thc)  # exact
    rh, rl = fast_two_sum(r1, fma(-k, LN2_LO, tlc))
    q = fma(E13, rh, E12)
    q = fma(q, rh, E11)
    q = fma(q, rh, E10)
    q = fma(q, rh, E9)
    q = fma(q, rh, E8)
    q = fma(q, rh, E7)
    q = fma(q, rh, E6)
    q = fma(q, rh, E5)
    q = fma(q, rh, E4)
    q = fma(q, rh, E3)
    q = fma(q, rh, E2)
    one, t = fast_two_sum(1.0, rh)
    p = one + (t + fma(rh * rh, q, fma(rl, rh, rl)))
    return scale_pow2_f64(p, k)


@njit(**_JIT)
def _special_cases(x, y, r):
    """pow(x, y) given r = |x|**y for finite x != 0 and finite y.

    The magnitude is settled first, the sign last: a negative base (-0 and
    -inf included) with an odd integer exponent gives a negative result."""
    always_inline()
    ax = abs(x)
    y_int = rint(y) == y  # also true for y = +-inf, which is never odd
    y_odd = y_int and rint(0.5 * y) != 0.5 * y
    # zero or infinite base: inf when (y < 0) and (x == 0) agree, else 0
    edge = ax == 0.0 or ax == INF
    r = (INF if (y < 0.0) == (ax == 0.0) else 0.0) if edge else r
    # infinite exponent: 1 for |x| == 1, else inf when (|x| > 1) and (y > 0) agree
    r = (1.0 if ax == 1.0 else (INF if (ax > 1.0) == (y > 0.0) else 0.0)) if abs(y) == INF else r
    r = NAN if (x < 0.0 and ax < INF and not y_int) else r
    r = -r if (y_odd and copysign(1.0, x) < 0.0) else r
    r = NAN if (x != x or y != y) else r
    return 1.0 if (y == 0.0 or x == 1.0) else r


@njit(**_JIT)
def pow_f64(x, y):
    always_inline()
    lh, ll = log_dd(abs(x))
    th, tl = two_prod(y, lh)
    tl = fma(y, ll, tl)
    return _special_cases(x, y, exp_dd(th, tl))


# float32: y log|x| in plain float64 is accurate to 2**-44, far below a
# float32 ulp, so shorter series do: log up to j = 6 (first dropped term
# < 2**-39 relative), exp up to r**9/9! (< 2**-37).
(R6, R5, R4, R3, R2, R1) = horner_coefficients(lambda j: 2.0 / (2 * j + 1), 1, 6, np.float64)
(Q9, Q8, Q7, Q6, Q5, Q4, Q3, Q2) = horner_coefficients(lambda n: 1.0 / math.factorial(n), 2, 9, np.float64)
F32_POW_T_MAX = 130.0  # exp beyond it overflows float32 anyway
F32_POW_T_MIN = -160.0  # and below it underflows to 0


@njit(**_JIT)
def _abs_pow_short(ax, y):
    """|x|**y in float64 to about 2**-36, for float32 x and y (ax > 0)."""
    always_inline()
    m, e = split_sqrt2(ax)  # float32 subnormals are normal float64
    f = m - 1.0
    s = f / (2.0 + f)
    z = s * s
    w = fma(fma(fma(fma(fma(R6, z, R5), z, R4), z, R3), z, R2), z, R1)
    log_ax = fma(e, LN2_HI, fma(s * z, w, 2.0 * s))
    t = y * log_ax
    t = F32_POW_T_MAX if t > F32_POW_T_MAX else (F32_POW_T_MIN if t < F32_POW_T_MIN else t)
    k, r = exp_reduce_f64(t)
    q = fma(fma(fma(fma(fma(fma(fma(Q9, r, Q8), r, Q7), r, Q6), r, Q5), r, Q4), r, Q3), r, Q2)
    return fma(r * r, q, r + 1.0) * pow2i(k)


@njit(**_JIT)
def pow_f32(x, y):
    always_inline()
    xd = np.float64(x)
    yd = np.float64(y)
    return F32(_special_cases(xd, yd, _abs_pow_short(abs(xd), yd)))
