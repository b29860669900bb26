"""sin, cos and tan: argument reduction by pi/2, then polynomials.

Reduction returns x = q pi/2 + (rh + rl) with |rh| <= pi/4 and the quadrant
q; rh + rl is a double-double accurate to about 2**-106 relative, which is
what the worst cases need: the float64 nearest a multiple of pi/2 lies about
2**-61 from it (Muller, "Elementary Functions", ch. 11), so about 60 bits
cancel.

* |x| < 2**26, the common path (Cody-Waite, as in fdlibm's medium case and
  SLEEF): q = rint(x 2/pi) < 2**26 and pi/2 = C1 + C2 + C3 + C4 with C1..C3
  of 27 bits, so every q Ck (k <= 3) is exact, x - q C1 is exact, and the
  other parts are subtracted with error-free two_sum steps.
* |x| >= 2**26: Payne-Hanek, branch-free.  x = M 2**E with M an integer
  below 2**53, so x 2/pi mod 4 = M F mod 4 with F = (2**E 2/pi) mod 4, read
  from a table indexed by E and stored as four 53-bit parts (the table
  layout of SLEEF's rempitab; the values are computed here from 2/pi).  The
  products M Fi are exact double-doubles, integer parts leave exactly, and
  the remaining terms are summed with two_sum so that cancellation is exact.

Both reductions run on every element and a select picks one, so a loop over
sin/cos/tan vectorizes (the table reads become gathers); ordinary elements
pay for the large reduction on a clamped argument, which makes a float64
sin loop about 2 to 3 times slower than the medium path alone (the four
gathers are much of it) but keeps it vectorized and correct everywhere.  The kernels are marked alwaysinline for LLVM (see
vecmath_core.always_inline), being above its inlining threshold; the small
helpers are inlined in Numba IR, which saves separate compilations.

sin(r) and cos(r) on |r| <= pi/4 are Taylor series up to r**17 and r**16
(first dropped term < 2**-58); the low part rl enters through
sin(rh + rl) = sin(rh) + rl cos(rh) and cos(rh + rl) = cos(rh) - rl sin(rh).
cos keeps 1 - rh**2/2 exact with the fdlibm splitting.  tan is the quotient
(s/c or -c/s), so its error is about the sum of both, below 3 ulp.

float32 arguments are widened to float64 (exact) and reduced more cheaply
(three FMA steps; for |x| >= 2**26 three exact products of the 24-bit
mantissa with 29-bit table parts), evaluated with shorter polynomials in
float64 and rounded once to float32.
"""

import math

import numpy as np
from numba import njit

from .vecmath_core import (
    F32,
    PI_HALF,
    always_inline,
    decompose_f64,
    fast_two_sum,
    fma,
    make_table_lookup,
    rint,
    split_constant,
    two_prod,
    two_sum,
)

_JIT = dict(error_model="numpy")
NAN = math.nan

# 2/pi to 1248 bits (mpmath; benchmarks/vecmath_constants.py prints it).
TWO_OVER_PI_HEX = (
    "a2f9836e4e441529fc2757d1f534ddc0db6295993c439041fe5163abdebbc561b7246e3a424dd2e006492e"
    "ea09d1921cfe1deb1cb129a73ee88235f52ebb4484e99c7026b45f7e413991d639835339f49c845f8bbdf9"
    "283b1ff897ffde05980fef2f118b5a0a6d1f6d367ecf27cb09b74f463f669e5fea2d7527bac7ebe5f17b3d"
    "0739f78a5292ea6bfb5fb11f8d5d0856033046fc7b6babf0cfbc20"
)


PIO2_C1, PIO2_C2, PIO2_C3, PIO2_C4 = split_constant(PI_HALF, 27, parts=4)
PIO2_HI, PIO2_LO = split_constant(PI_HALF, 53)
TWO_OVER_PI = 0.6366197723675814
FAST_LIMIT = 2.0**26  # q < 2**26: the products q Ck stay exact
SIN_TINY = 2.0**-27  # below it sin(x) = tan(x) = x after rounding


def _taylor_sin(last):
    """S(z) of sin(r) = r + r**3 S(r**2), Horner order, terms up to r**last."""
    return tuple((-1.0) ** n / math.factorial(2 * n + 1) for n in range((last - 1) // 2, 0, -1))


def _taylor_cos(last):
    """C(z) of cos(r) = 1 - r**2/2 + r**4 C(r**2), Horner order."""
    return tuple((-1.0) ** n / math.factorial(2 * n) for n in range(last // 2, 1, -1))


(S8, S7, S6, S5, S4, S3, S2, S1) = _taylor_sin(17)
(C8, C7, C6, C5, C4, C3, C2) = _taylor_cos(16)
(T5, T4, T3, T2, T1) = _taylor_sin(11)  # float32: first dropped term < 2**-36
(D6, D5, D4, D3, D2) = _taylor_cos(12)


@njit(**_JIT)
def reduce_medium(x):
    """(q, rh, rl) with x = q pi/2 + rh + rl, for |x| < 2**26."""
    always_inline()
    q = rint(x * TWO_OVER_PI)
    a = fma(-q, PIO2_C1, x)
    s, e1 = two_sum(a, -q * PIO2_C2)
    s, e2 = two_sum(s, -q * PIO2_C3)
    rh, rl = fast_two_sum(s, fma(-q, PIO2_C4, e1 + e2))
    return q, rh, rl


def _quarter_turn_tables(hex_string, first_biased, last_biased, part_bits=53, parts=4, lsb=52):
    """Tables F0..F{parts-1} with their sum equal to (2**E 2/pi) mod 4 for
    E = e - 1023 - lsb, e = first_biased ... last_biased (the weight of the
    last bit of an lsb-bit mantissa with biased float64 exponent e), each
    part holding part_bits bits: F0 below 4 on a 2**(2 - part_bits) grid,
    every next part part_bits further down.  The float64 tables are
    53 x 4 bits (down to 2**-210), the float32 ones 29 x 3 (2**-85)."""
    two_over_pi = int(hex_string, 16)
    nbits = 4 * len(hex_string)
    frac_bits = part_bits * parts - 2
    mask = (1 << part_bits) - 1
    tables = [[] for _ in range(parts)]
    for biased in range(first_biased, last_biased + 1):
        scale = biased - 1023 - lsb  # value = two_over_pi * 2**(scale - nbits)
        # W = floor(value * 2**frac_bits) mod 2**(frac_bits + 2): value mod 4
        shift = scale - nbits + frac_bits
        w = two_over_pi << shift if shift >= 0 else two_over_pi >> -shift
        w &= (1 << (frac_bits + 2)) - 1
        for part in range(parts):
            low = part_bits * (parts - 1 - part)
            tables[part].append(((w >> low) & mask) * 2.0 ** (low - frac_bits))
    return [np.array(t) for t in tables]


LARGE_FIRST_BIASED = 1023 + 26  # 2**26, where the fast reduction stops
_F0, _F1, _F2, _F3 = _quarter_turn_tables(TWO_OVER_PI_HEX, LARGE_FIRST_BIASED, 2047)
quarter_f0 = make_table_lookup("quarter_turns_0", _F0)
quarter_f1 = make_table_lookup("quarter_turns_1", _F1)
quarter_f2 = make_table_lookup("quarter_turns_2", _F2)
quarter_f3 = make_table_lookup("quarter_turns_3", _F3)


# float32: x = M 2**E with M below 2**24, so 29-bit parts make M Fi exact
# in one float64 (no two_prod); float32 stops below 2**128.
F32_LARGE_LAST_BIASED = 1023 + 127
_G0, _G1, _G2 = _quarter_turn_tables(
    TWO_OVER_PI_HEX, LARGE_FIRST_BIASED, F32_LARGE_LAST_BIASED, part_bits=29, parts=3, lsb=23
)
quarter_g0 = make_table_lookup("quarter_turns_f32_0", _G0)
quarter_g1 = make_table_lookup("quarter_turns_f32_1", _G1)
quarter_g2 = make_table_lookup("quarter_turns_f32_2", _G2)
PIO2_C3_ALL = PIO2_C3 + PIO2_C4


@njit(inline="always", **_JIT)
def _mod4(v):
    always_inline()
    return v - 4.0 * rint(v * 0.25)  # exact for every float64


@njit(**_JIT)
def reduce_large(ax):
    """(q, rh, rl) with ax = q pi/2 + rh + rl, for 2**26 <= ax < inf.

    ax = M 2**E with M an integer below 2**53, so ax 2/pi mod 4 is
    M F mod 4 with F = (2**E 2/pi) mod 4 from a table indexed by E, stored
    in four 53-bit parts.  Every M Fi is an exact double-double (FMA), the
    integer parts are removed exactly, and the small terms are added so that
    any cancellation happens in exact two_sum steps; the truncation of F
    costs at most 2**-157 quarter turns.
    """
    always_inline()
    mant, biased = decompose_f64(ax)
    i = biased - LARGE_FIRST_BIASED
    p0, l0 = two_prod(mant, quarter_f0(i))
    p1, l1 = two_prod(mant, quarter_f1(i))
    p2, l2 = two_prod(mant, quarter_f2(i))
    a = _mod4(p0) + _mod4(l0)  # exact: both on a 2**-51 grid, |a| <= 4
    s, t = two_sum(a, p1)  # |p1| < 4, so s is below 8 and t exact
    n = rint(s)
    u, v = two_sum(t, l1)
    h, w = two_sum(s - n, u)
    h, w2 = two_sum(h, p2)
    lo = (w + w2) + ((v + l2) + mant * quarter_f3(i))
    hi, lo = fast_two_sum(h, lo)
    # hi + lo is in quarter turns; convert to radians in double-double.
    ph, pl = two_prod(hi, PIO2_HI)
    pl = fma(hi, PIO2_LO, fma(lo, PIO2_HI, pl))
    rh, rl = fast_two_sum(ph, pl)
    return n, rh, rl


@njit(**_JIT)
def reduce_pio2(x):
    """Quadrant and double-double remainder of any float64 x.

    Both reductions run on every lane and a select picks one, so loops
    vectorize; the large one sees a clamped argument on ordinary lanes."""
    always_inline()
    ax = abs(x)
    q, rh, rl = reduce_medium(x)
    big = ax >= FAST_LIMIT
    ax_large = ax if (big and ax < math.inf) else FAST_LIMIT
    ql, rhl, rll = reduce_large(ax_large)
    sign = -1.0 if x < 0.0 else 1.0
    q = sign * ql if big else q
    rh = sign * rhl if big else rh
    rl = sign * rll if big else rl
    return q, rh, rl


@njit(inline="always", **_JIT)
def sin_poly(rh, rl, z):
    always_inline()
    p = fma(S8, z, S7)
    p = fma(p, z, S6)
    p = fma(p, z, S5)
    p = fma(p, z, S4)
    p = fma(p, z, S3)
    p = fma(p, z, S2)
    p = fma(p, z, S1)
    return rh + fma(rh * z, p, rl * fma(-0.5, z, 1.0))


@njit(inline="always", **_JIT)
def cos_poly(rh, rl, z):
    always_inline()
    p = fma(C8, z, C7)
    p = fma(p, z, C6)
    p = fma(p, z, C5)
    p = fma(p, z, C4)
    p = fma(p, z, C3)
    p = fma(p, z, C2)
    hz = 0.5 * z
    zlo = fma(rh, rh, -z)  # z + zlo == rh**2 exactly
    w = 1.0 - hz
    return w + (((1.0 - w) - hz) + fma(z * z, p, -fma(rh, rl, 0.5 * zlo)))


@njit(**_JIT)
def _sin_cos_reduced(x):
    """(n, sin r, cos r) where n = q mod 4 in {-2, -1, 0, 1, 2}."""
    always_inline()
    q, rh, rl = reduce_pio2(x)
    z = rh * rh
    n = q - 4.0 * rint(q * 0.25)
    return n, sin_poly(rh, rl, z), cos_poly(rh, rl, z)


@njit(**_JIT)
def sin_f64(x):
    always_inline()
    n, s, c = _sin_cos_reduced(x)
    v = c if abs(n) == 1.0 else s
    v = -v if (n < 0.0 or n == 2.0) else v
    v = x if abs(x) < SIN_TINY else v
    return v if abs(x) < math.inf else NAN


@njit(**_JIT)
def cos_f64(x):
    always_inline()
    n, s, c = _sin_cos_reduced(x)
    v = s if abs(n) == 1.0 else c
    v = -v if (n > 0.0 or n == -2.0) else v
    return v if abs(x) < math.inf else NAN


@njit(**_JIT)
def tan_f64(x):
    always_inline()
    n, s, c = _sin_cos_reduced(x)
    v = -c / s if abs(n) == 1.0 else s / c
    v = x if abs(x) < SIN_TINY else v
    return v if abs(x) < math.inf else NAN


@njit(**_JIT)
def reduce_pio2_f32(x):
    """(q, r) with x = q pi/2 + r to float32 needs, x a widened float32.

    Medium: three FMA steps (C1, C2 of 27 bits make q Ck exact for
    q < 2**26).  Large: M F mod 4 with M the 24-bit mantissa and F from
    three 29-bit parts, every product exact; only the final sum rounds.
    """
    always_inline()
    q = rint(x * TWO_OVER_PI)
    r = fma(-q, PIO2_C1, x)
    r = fma(-q, PIO2_C2, r)
    r = fma(-q, PIO2_C3_ALL, r)
    ax = abs(x)
    big = ax >= FAST_LIMIT
    mant, biased = decompose_f64(ax if (big and ax < math.inf) else FAST_LIMIT)
    i = biased - LARGE_FIRST_BIASED
    m24 = mant * 2.0**-29  # the float32 mantissa as an integer
    a = _mod4(m24 * quarter_g0(i))
    s, t = two_sum(a, m24 * quarter_g1(i))
    n = rint(s)
    f = (s - n) + (t + m24 * quarter_g2(i))
    sign = -1.0 if x < 0.0 else 1.0
    q = sign * n if big else q
    r = sign * (f * PIO2_HI) if big else r
    return q, r


@njit(**_JIT)
def _sin_cos_short(x):
    """float64 (n, sin r, cos r) with float32-accurate polynomials."""
    always_inline()
    q, rh = reduce_pio2_f32(x)
    z = rh * rh
    n = q - 4.0 * rint(q * 0.25)
    p = fma(fma(fma(fma(T5, z, T4), z, T3), z, T2), z, T1)
    s = fma(rh * z, p, rh)
    p = fma(fma(fma(fma(D6, z, D5), z, D4), z, D3), z, D2)
    c = fma(z * z, p, fma(-0.5, z, 1.0))
    return n, s, c


@njit(**_JIT)
def sin_f32(x):
    always_inline()
    xd = np.float64(x)
    n, s, c = _sin_cos_short(xd)
    v = c if abs(n) == 1.0 else s
    v = -v if (n < 0.0 or n == 2.0) else v
    v = xd if abs(xd) < SIN_TINY else v
    return F32(v if abs(xd) < math.inf else NAN)


@njit(**_JIT)
def cos_f32(x):
    always_inline()
    xd = np.float64(x)
    n, s, c = _sin_cos_short(xd)
    v = s if abs(n) == 1.0 else c
    v = -v if (n > 0.0 or n == -2.0) else v
    return F32(v if abs(xd) < math.inf else NAN)


@njit(**_JIT)
def tan_f32(x):
    always_inline()
    xd = np.float64(x)
    n, s, c = _sin_cos_short(xd)
    v = -c / s if abs(n) == 1.0 else s / c
    v = xd if abs(xd) < SIN_TINY else v
    return F32(v if abs(xd) < math.inf else NAN)
