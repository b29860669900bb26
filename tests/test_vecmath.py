"""Accuracy, special values and vectorization of algrad.lowering.vecmath.

Each function is swept over about a million points per dtype (random bit
patterns covering the whole range, plus points dense in the interesting
domain and near thresholds) and compared with the same function evaluated in
x87 extended precision by the C library (np.longdouble, 64-bit mantissa,
so its own error is a few thousandths of a float64 ulp); a subsample is
cross-checked against mpmath at 100 bits, and NumPy's own float error is
printed alongside for comparison.  The max ulp error per function and dtype
is printed and must be <= 4.
"""

import math
import platform
import re
import warnings

import mpmath
import numpy as np
import pytest
from numba import njit

from algrad.lowering import vecmath

MAX_ULP = 4.0
N_POINTS = 1_000_000
LD = np.longdouble
DTYPES = (np.float64, np.float32)
# The float64 reference needs more bits than float64 (x87 extended on x86).
needs_extended = pytest.mark.skipif(
    np.finfo(LD).nmant < 63, reason="np.longdouble is not extended precision here"
)


def _unary_loop(fn):
    @njit
    def loop(x, out):
        for i in range(x.size):
            out[i] = fn(x[i])

    return loop


def _binary_loop(fn):
    @njit
    def loop(x, y, out):
        for i in range(x.size):
            out[i] = fn(x[i], y[i])

    return loop


_LOOPS = {}


def sweep(name, *args):
    """Run vm_<name> elementwise through a jitted loop compiled once per
    session and dtype (the loop is the shape the code generator emits)."""
    if name not in _LOOPS:
        fn = getattr(vecmath, "vm_" + name)
        _LOOPS[name] = (_binary_loop if len(args) == 2 else _unary_loop)(fn)
    out = np.empty_like(args[0])
    _LOOPS[name](*args, out)
    return out


# ---------------------------------------------------------------- references


def _sigmoid_ld(x):
    with np.errstate(over="ignore"):
        return LD(1) / (LD(1) + np.exp(-x))


def _pow_ld(x, y):
    with np.errstate(all="ignore"):
        return np.power(x, y)


REF_LD = {
    "exp": np.exp,
    "log": np.log,
    "log1p": np.log1p,
    "expm1": np.expm1,
    "sin": np.sin,
    "cos": np.cos,
    "tan": np.tan,
    "tanh": np.tanh,
    "sigmoid": _sigmoid_ld,
    "pow": _pow_ld,
}

REF_MP = {
    "exp": mpmath.exp,
    "log": mpmath.log,
    "log1p": mpmath.log1p,
    "expm1": mpmath.expm1,
    "sin": mpmath.sin,
    "cos": mpmath.cos,
    "tan": mpmath.tan,
    "tanh": mpmath.tanh,
    "sigmoid": lambda x: 1 / (1 + mpmath.exp(-x)),
    "pow": mpmath.power,
}

REF_NP = {
    "exp": np.exp,
    "log": np.log,
    "log1p": np.log1p,
    "expm1": np.expm1,
    "sin": np.sin,
    "cos": np.cos,
    "tan": np.tan,
    "tanh": np.tanh,
    "sigmoid": lambda x: 1 / (1 + np.exp(-x)),
    "pow": np.power,
}


def ulp_error(got, ref, dtype):
    """|got - ref| in units of the last place of ref in dtype.

    Where ref rounds to inf, NaN or zero-with-sign in dtype the result must
    be that exact value (inf error otherwise)."""
    info = np.finfo(dtype)
    with np.errstate(all="ignore"):
        rounded = ref.astype(dtype)
        _, e = np.frexp(np.abs(ref))
        e = np.maximum(e.astype(np.int64) - info.nmant - 1, info.minexp - info.nmant)
        ulp = np.ldexp(LD(1), e)
        err = np.abs(got.astype(LD) - ref) / ulp
    special = ~np.isfinite(rounded)
    same = (got == rounded) | (np.isnan(got) & np.isnan(rounded))
    err[special] = np.where(same[special], 0.0, np.inf)
    err[np.isnan(got) & ~special] = np.inf
    return err.astype(np.float64)


# ---------------------------------------------------------------- inputs


def random_bits(rng, dtype, n):
    """Finite values with uniformly random bit patterns: log-uniform over the
    whole range of dtype, both signs, subnormals included."""
    itype = np.uint64 if dtype == np.float64 else np.uint32
    bits = rng.integers(0, np.iinfo(itype).max, n, dtype=itype, endpoint=True)
    x = bits.view(dtype)
    return x[np.isfinite(x)]


def log_uniform(rng, dtype, n, lo, hi, signed=False):
    x = np.exp2(rng.uniform(lo, hi, n)).astype(dtype)
    if signed:
        x *= rng.choice(np.array([-1, 1], dtype=dtype), n)
    return x


def neighbours(dtype, values, k=8):
    """Each value and its k nearest floats on each side."""
    v = np.asarray(values, dtype=dtype)
    out = [v]
    up, down = v.copy(), v.copy()
    with np.errstate(over="ignore"):
        for _ in range(k):
            up = np.nextafter(up, dtype(np.inf))
            down = np.nextafter(down, dtype(-np.inf))
            out += [up, down]
    return np.concatenate(out)


# pi/4 multiples, the switch to the large reduction, and the float64 closest
# to a multiple of pi/2 (Muller, "Elementary Functions": 2**-61 away).
TRIG_THRESHOLDS = [math.pi / 4 * k for k in range(1, 20)] + [
    2.0**26, 1e22, 1e300, 6381956970095103 * 2.0**797]


def _thresholds(name, dtype):
    """Boundary points: overflow and underflow edges, where branches of the
    reduction change, near-cancellation points."""
    info = np.finfo(dtype)
    tiny, big = float(info.smallest_normal), float(info.max)
    sub = float(info.smallest_subnormal)
    with np.errstate(all="ignore"):
        ln_max, ln_sub = math.log(big), math.log(sub)
    common = [0.0, sub, tiny, 1.0, 2.0, 0.5, big, 2.0**-28, 2.0**-54]
    common += [-v for v in common]
    table = {
        "exp": [ln_max, ln_sub, math.log(tiny), 0.34657359, 0.5 * math.log(2)],
        "log": [1.0, math.sqrt(0.5), math.sqrt(2.0), math.e],
        "log1p": [-1.0, math.sqrt(0.5) - 1, math.sqrt(2) - 1, 2.0**53, 1e-20],
        "expm1": [ln_max, -37.0, -40.0, 0.34657359, -0.34657359, 1e-20],
        "sigmoid": [-ln_max, ln_max, ln_sub, -ln_sub, 36.0, 37.0, 745.0],
        "tanh": [0.55, 1.0, 19.0, 22.0, 9.0, 1e-9],
        "sin": TRIG_THRESHOLDS,
        "cos": TRIG_THRESHOLDS,
        "tan": TRIG_THRESHOLDS,
    }
    vals = common + table.get(name, []) + [-v for v in table.get(name, [])]
    with np.errstate(over="ignore"):  # float64 thresholds beyond float32's range
        return neighbours(dtype, np.array(vals, dtype=np.float64).astype(dtype))


def _near_pi_multiples(dtype, count, kmax):
    """Floats nearest to k pi/2: the worst cases of trigonometric reduction."""
    k = np.unique(np.geomspace(1, kmax, count).astype(np.int64))
    x = (LD(np.pi) / 2 * k.astype(LD)).astype(dtype)  # pi/2 to 64 bits is enough
    return np.concatenate([neighbours(dtype, x, 2), -x])


def unary_inputs(name, dtype, n=N_POINTS, seed=0):
    rng = np.random.default_rng(seed)
    f32 = dtype == np.float32
    part = n // 4
    domain = {
        "exp": lambda: rng.uniform(-104 if f32 else -746, 89 if f32 else 710, part),
        "log": lambda: rng.uniform(0, 4, part),
        "log1p": lambda: rng.uniform(-1, 4, part),
        "expm1": lambda: rng.uniform(-20, 20, part),
        "sigmoid": lambda: rng.uniform(-120 if f32 else -760, 120 if f32 else 760, part),
        "tanh": lambda: rng.uniform(-20, 20, part),
        "sin": lambda: rng.uniform(-10, 10, part),
        "cos": lambda: rng.uniform(-10, 10, part),
        "tan": lambda: rng.uniform(-10, 10, part),
    }[name]
    parts = [
        random_bits(rng, dtype, part),
        domain().astype(dtype),
        log_uniform(rng, dtype, part, -30, 12, signed=True),
        log_uniform(rng, dtype, n - 3 * part, -2, 4, signed=True),
        _thresholds(name, dtype),
    ]
    if name in ("sin", "cos", "tan"):
        parts.append(_near_pi_multiples(dtype, 20000, 1e9 if not f32 else 1e6))
    return np.concatenate(parts).astype(dtype)


def pow_inputs(dtype, n=N_POINTS, seed=0):
    """(x, y) pairs: random bit patterns; x log-uniform with y chosen so the
    result lands anywhere in range, including over- and underflow edges;
    negative bases with integer exponents; and a grid of special values."""
    rng = np.random.default_rng(seed)
    f32 = dtype == np.float32
    part = n // 4
    x_bits, y_bits = random_bits(rng, dtype, part), random_bits(rng, dtype, part)
    m = min(x_bits.size, y_bits.size)
    info = np.finfo(dtype)
    lo, hi = math.log2(info.smallest_subnormal), math.log2(info.max)
    x1 = log_uniform(rng, np.float64, part, lo, hi)
    y1 = rng.uniform(lo - 4, hi + 4, part) / np.log2(x1)  # results over the range and past it
    x2 = log_uniform(rng, np.float64, part, -4, 4)
    y2 = rng.uniform(-30, 30, part)
    x3 = -log_uniform(rng, np.float64, part, -8, 8)
    y3 = np.round(rng.uniform(-40, 40, part))
    grid = np.array([0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 3.0, -3.0, math.inf,
                     -math.inf, math.nan, 1e-310, -1e-310, 1e300, 2.5, -2.5, 1e-40, 1e30])
    gx, gy = np.meshgrid(grid, grid)
    with np.errstate(over="ignore"):
        x = np.concatenate([x_bits[:m], x1.astype(dtype), x2.astype(dtype), x3.astype(dtype),
                            gx.ravel().astype(dtype)])
        y = np.concatenate([y_bits[:m], y1.astype(dtype), y2.astype(dtype), y3.astype(dtype),
                            gy.ravel().astype(dtype)])
    return x, y


# ---------------------------------------------------------------- tests

UNARY = ["exp", "log", "sigmoid", "tanh", "log1p", "expm1", "sin", "cos", "tan"]


@needs_extended
@pytest.mark.parametrize("dtype", DTYPES, ids=["f64", "f32"])
@pytest.mark.parametrize("name", UNARY)
def test_unary_accuracy(name, dtype):
    x = unary_inputs(name, dtype)
    got = sweep(name, x)
    assert got.dtype == dtype
    with np.errstate(all="ignore"):
        ref = REF_LD[name](x.astype(LD))
    err = ulp_error(got, ref, dtype)
    with np.errstate(all="ignore"):
        np_err = ulp_error(REF_NP[name](x), ref, dtype)
    worst = int(np.argmax(err))
    print(
        "\n%-8s %-8s max ulp %.3f (numpy %.3f) over %d points, worst at x=%r got %r ref %r"
        % (name, np.dtype(dtype).name, err.max(), np_err[np.isfinite(np_err)].max(),
           x.size, x[worst], got[worst], ref[worst])
    )
    assert err.max() <= MAX_ULP


@pytest.mark.parametrize("dtype", DTYPES, ids=["f64", "f32"])
@pytest.mark.parametrize("name", UNARY)
def test_unary_against_mpmath(name, dtype):
    """A subsample against mpmath, to confirm the long double reference."""
    x = unary_inputs(name, dtype, n=2000, seed=1)[::2]
    got = sweep(name, x)
    with mpmath.workprec(120):
        ref = np.array([_mp_to_ld(REF_MP[name](mpmath.mpf(float(v)))) for v in x], dtype=LD)
    err = ulp_error(got, ref, dtype)
    print("\n%-8s %-8s mpmath subsample max ulp %.3f" % (name, np.dtype(dtype).name, err.max()))
    assert err.max() <= MAX_ULP


def _mp_to_ld(v):
    if isinstance(v, mpmath.mpc) or mpmath.isnan(v):  # outside the real domain
        return LD(np.nan)
    if mpmath.isinf(v):
        return LD(np.inf) if v > 0 else LD(-np.inf)
    # 25 digits are more than the 64-bit long double mantissa holds
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # beyond long double: inf
        return LD(mpmath.nstr(v, 25, strip_zeros=False))


INF, NAN = math.inf, math.nan
SPECIAL = {
    "exp": [(INF, INF), (-INF, 0.0), (NAN, NAN), (0.0, 1.0), (-0.0, 1.0),
            (1000.0, INF), (-1000.0, 0.0), (5e-324, 1.0)],
    "log": [(INF, INF), (-INF, NAN), (NAN, NAN), (0.0, -INF), (-0.0, -INF),
            (-1.0, NAN), (1.0, 0.0), (-5e-324, NAN)],
    "sigmoid": [(INF, 1.0), (-INF, 0.0), (NAN, NAN), (0.0, 0.5), (-0.0, 0.5),
                (800.0, 1.0), (-800.0, 0.0), (40.0, 1.0)],
    "tanh": [(INF, 1.0), (-INF, -1.0), (NAN, NAN), (0.0, 0.0), (-0.0, -0.0),
             (30.0, 1.0), (-30.0, -1.0), (1e-300, 1e-300), (-5e-324, -5e-324)],
    "log1p": [(INF, INF), (-INF, NAN), (NAN, NAN), (0.0, 0.0), (-0.0, -0.0),
              (-1.0, -INF), (-2.0, NAN), (5e-324, 5e-324), (-5e-324, -5e-324)],
    "expm1": [(INF, INF), (-INF, -1.0), (NAN, NAN), (0.0, 0.0), (-0.0, -0.0),
              (1000.0, INF), (-1000.0, -1.0), (5e-324, 5e-324), (-5e-324, -5e-324)],
    "sin": [(INF, NAN), (-INF, NAN), (NAN, NAN), (0.0, 0.0), (-0.0, -0.0),
            (5e-324, 5e-324), (-1e-300, -1e-300)],
    "cos": [(INF, NAN), (-INF, NAN), (NAN, NAN), (0.0, 1.0), (-0.0, 1.0), (5e-324, 1.0)],
    "tan": [(INF, NAN), (-INF, NAN), (NAN, NAN), (0.0, 0.0), (-0.0, -0.0),
            (5e-324, 5e-324), (-1e-300, -1e-300)],
}
SPECIAL_F32 = {
    "exp": [(100.0, INF), (-110.0, 0.0)],
}


def _same(a, b):
    if np.isnan(b):
        return bool(np.isnan(a))
    return a == b and np.signbit(a) == np.signbit(b)


@pytest.mark.parametrize("dtype", DTYPES, ids=["f64", "f32"])
@pytest.mark.parametrize("name", UNARY)
def test_special_values(name, dtype):
    cases = SPECIAL.get(name, []) + (SPECIAL_F32.get(name, []) if dtype == np.float32 else [])
    cases = [(a, b) for a, b in cases if not (dtype == np.float32 and abs(a) == 5e-324)]
    x = np.array([a for a, _ in cases], dtype=dtype)
    got = sweep(name, x)
    bad = [(a, g, b) for (a, b), g in zip(cases, got) if not _same(g, dtype(b))]
    assert not bad, bad


@pytest.mark.skipif(platform.machine() not in ("x86_64", "AMD64"), reason="x86 assembly")
@pytest.mark.parametrize("name", UNARY)
def test_loops_vectorize(name):
    """The elementwise loop compiles to packed (SIMD) arithmetic."""
    x = np.linspace(0.5, 1.5, 64)
    # float32 trigonometry is computed in float64 (packed pd on float32 data).
    f32_suffix = "pd" if name in ("sin", "cos", "tan") else "ps"
    for dtype, suffix in ((np.float64, "pd"), (np.float32, f32_suffix)):
        sweep(name, x.astype(dtype))
        loop = _LOOPS[name]
        sig = [s for s in loop.signatures if str(s[0].dtype) == np.dtype(dtype).name][0]
        asm = loop.inspect_asm(sig)
        assert _count_packed(asm, suffix) > 5, "no packed %s code in the %s loop" % (suffix, name)


def _count_packed(asm, suffix):
    return len(re.findall(r"\bv?(?:fmadd\d+|mul|add)%s\b" % suffix, asm))


@pytest.mark.skipif(platform.machine() not in ("x86_64", "AMD64"), reason="x86 assembly")
def test_pow_loop_vectorizes():
    for dtype in (np.float64, np.float32):  # float32 pow is computed in float64
        x = np.linspace(0.5, 1.5, 64).astype(dtype)
        sweep("pow", x, x)
        loop = _LOOPS["pow"]
        sig = [s for s in loop.signatures if str(s[0].dtype) == np.dtype(dtype).name][0]
        assert _count_packed(loop.inspect_asm(sig), "pd") > 5


@needs_extended
@pytest.mark.parametrize("dtype", DTYPES, ids=["f64", "f32"])
def test_pow_accuracy_and_special_values(dtype):
    x, y = pow_inputs(dtype)
    got = sweep("pow", x, y)
    assert got.dtype == dtype
    ref = _pow_ld(x.astype(LD), y.astype(LD))
    err = ulp_error(got, ref, dtype)
    with np.errstate(all="ignore"):
        np_ref = np.power(x, y)
    np_err = ulp_error(np_ref, ref, dtype)
    worst = int(np.argmax(err))
    print("\npow      %-8s max ulp %.3f (numpy %.3f) over %d points, worst at %r ** %r"
          % (np.dtype(dtype).name, err.max(), np_err[np.isfinite(np_err)].max(), x.size,
             x[worst], y[worst]))
    assert err.max() <= MAX_ULP
    # C99 Annex F special cases, exactly as NumPy (signed zeros included)
    special = ~np.isfinite(x) | ~np.isfinite(y) | (x == 0) | (y == 0) | (x == 1)
    same = (got == np_ref) & (np.signbit(got) == np.signbit(np_ref))
    same |= np.isnan(got) & np.isnan(np_ref)
    bad = special & ~same
    assert not bad.any(), list(zip(x[bad], y[bad], got[bad], np_ref[bad]))[:10]


def test_pow_against_mpmath():
    x, y = pow_inputs(np.float64, n=2000, seed=2)
    keep = np.isfinite(x) & np.isfinite(y) & (x > 0)
    x, y = x[keep][::2], y[keep][::2]
    got = sweep("pow", x, y)
    with mpmath.workprec(120):
        ref = np.array([_mp_to_ld(mpmath.power(mpmath.mpf(float(a)), mpmath.mpf(float(b))))
                        for a, b in zip(x, y)], dtype=LD)
    err = ulp_error(got, ref, np.float64)
    print("\npow      float64  mpmath subsample max ulp %.3f" % err.max())
    assert err.max() <= MAX_ULP


def test_constants_against_mpmath():
    """The 2/pi bits and the Cody-Waite splits of ln 2 and pi/2."""
    from fractions import Fraction

    from algrad.lowering import vecmath_exp_log as el
    from algrad.lowering import vecmath_trig as tr

    with mpmath.workprec(1400):
        bits = 4 * len(tr.TWO_OVER_PI_HEX)
        assert int(tr.TWO_OVER_PI_HEX, 16) == int(mpmath.floor(2 / mpmath.pi * 2**bits))
    with mpmath.workprec(300):
        for parts, exact, tol in (
            ((el.LN2_HI, el.LN2_LO), mpmath.log(2), 2.0**-105),
            ((el.LOG_LN2_HI, el.LOG_LN2_LO), mpmath.log(2), 2.0**-84),
            ((tr.PIO2_C1, tr.PIO2_C2, tr.PIO2_C3, tr.PIO2_C4), mpmath.pi / 2, 2.0**-133),
        ):
            total = sum(mpmath.mpf(p) for p in parts)
            assert abs(total - exact) < tol
    # C1..C3 of pi/2 have 27 significant bits, so q * Ck is exact for q < 2**26
    for part in (tr.PIO2_C1, tr.PIO2_C2, tr.PIO2_C3):
        num = Fraction(part).numerator
        while num % 2 == 0:
            num //= 2
        assert num.bit_length() <= 27


@pytest.mark.skipif(platform.machine() not in ("x86_64", "AMD64"), reason="x86 assembly")
def test_fused_loop_vectorizes():
    """Several functions in one loop (the shape of a fused kernel) still
    vectorize: every kernel is inlined, whatever LLVM's size budget."""

    @njit(error_model="numpy")
    def fused(x, out):
        for i in range(x.size):
            s = vecmath.vm_sigmoid(x[i])
            out[i] = s * (1.0 - s) + vecmath.vm_sin(x[i]) * vecmath.vm_log1p(x[i] * x[i])

    x = np.linspace(-3.0, 3.0, 101)
    out = np.empty_like(x)
    fused(x, out)
    with np.errstate(all="ignore"):
        s = 1 / (1 + np.exp(-x))
        expected = s * (1 - s) + np.sin(x) * np.log1p(x * x)
    np.testing.assert_allclose(out, expected, rtol=1e-14, atol=1e-15)
    assert _count_packed(fused.inspect_asm(fused.signatures[0]), "pd") > 5
