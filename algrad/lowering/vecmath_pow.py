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

float32 is computed by the float64 code and rounded once (as musl's powf
does); float32 data then vectorizes at float64 width.
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
    rint,
    split_sqrt2,
    two_prod,
    two_sum,
)
from .vecmath_exp_log import (
    DBL_MIN,
    EXP_X_MAX,
    EXP_X_MIN,
    LN2_HI,
    LN2_LO,
    TWO52,
    _taylor,
    exp_reduce_f64,
    expm1_poly_f64,
    scale_pow2_f64,
)

_JIT = dict(error_model="numpy")
INF = math.inf
NAN = math.nan

# 2 atanh(s) = 2s + s**3 (2/3 + z P(z)), P(z) = sum 2 z**(j-2) / (2j + 1),
# j = 2..11 (z = s**2 <= 0.0295, first dropped term < 2**-64 of the result).
(P11, P10, P9, P8, P7, P6, P5, P4, P3, P2) = _taylor(lambda j: 2.0 / (2 * j + 1), 2, 11, np.float64)
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
    """exp(th + tl) for a double-double argument with |tl| <= ulp(th)."""
    always_inline()
    big = th > EXP_X_MAX
    small = th < EXP_X_MIN
    thc = EXP_X_MAX if big else (EXP_X_MIN if small else th)
    tlc = 0.0 if (big or small) else tl
    k, r = exp_reduce_f64(thc)
    r = r + tlc
    return scale_pow2_f64(1.0 + expm1_poly_f64(r), k)


@njit(**_JIT)
def pow_f64(x, y):
    always_inline()
    ax = abs(x)
    lh, ll = log_dd(ax)
    th, tl = two_prod(y, lh)
    tl = fma(y, ll, tl)
    r = exp_dd(th, tl)
    y_int = rint(y) == y
    y_odd = y_int and rint(0.5 * y) != 0.5 * y
    # negative finite base
    r = -r if (x < 0.0 and y_odd) else r
    r = NAN if (x < 0.0 and not y_int) else r
    # infinite exponent: only |x| against 1 matters
    r = (0.0 if ax < 1.0 else (INF if ax > 1.0 else 1.0)) if y == INF else r
    r = (INF if ax < 1.0 else (0.0 if ax > 1.0 else 1.0)) if y == -INF else r
    # zero and infinite base
    at_zero = INF if y < 0.0 else 0.0
    r = (copysign(at_zero, x) if y_odd else at_zero) if x == 0.0 else r
    r = 0.0 if (ax == INF and y < 0.0) else (INF if ax == INF else r)
    r = -r if (x == -INF and y_odd) else r
    r = NAN if (x != x or y != y) else r
    return 1.0 if (y == 0.0 or x == 1.0) else r


@njit(**_JIT)
def pow_f32(x, y):
    always_inline()
    return F32(pow_f64(np.float64(x), np.float64(y)))
