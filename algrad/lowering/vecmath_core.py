"""Low-level building blocks of the vectorizable elementary functions.

Everything here lowers to single LLVM instructions or LLVM intrinsics
(``bitcast``, ``llvm.fma``, ``llvm.rint``, integer shifts) that the loop
vectorizer knows how to widen, so functions built from them vectorize when
they are inlined into a Numba loop.  Nothing calls libm.

The helpers are polymorphic over float32 and float64: the LLVM type of the
argument picks the matching integer width and exponent layout.
"""

import math
from fractions import Fraction

import numpy as np
from llvmlite import ir
from numba import njit, types
from numba.extending import intrinsic

# (mantissa bits, exponent bias, integer width) per float width in bits.
_LAYOUT = {64: (52, 1023, 64), 32: (23, 127, 32)}

# float32 constants must be typed float32, or Numba promotes to float64.
F32 = np.float32
F32_ZERO = F32(0.0)
F32_HALF = F32(0.5)
F32_ONE = F32(1.0)
F32_TWO = F32(2.0)
F32_INF = F32(np.inf)
F32_NAN = F32(np.nan)


def _float_bits(fty):
    return 64 if fty == types.float64 else 32


def _llvm_float(bits):
    return ir.DoubleType() if bits == 64 else ir.FloatType()


def _check_float(x):
    if x not in (types.float64, types.float32):
        raise TypeError("vecmath helpers take float32 or float64, got %s" % x)


@intrinsic
def fma(typingctx, a, b, c):
    """a * b + c with a single rounding (``llvm.fma``; vfmadd on x86)."""
    _check_float(a)
    if not (a == b == c):
        raise TypeError("fma needs three arguments of one float type")

    def codegen(context, builder, sig, args):
        fty = _llvm_float(_float_bits(sig.return_type))
        fnty = ir.FunctionType(fty, [fty, fty, fty])
        fn = builder.module.declare_intrinsic("llvm.fma", [fty], fnty)
        return builder.call(fn, args)

    return a(a, a, a), codegen


@intrinsic
def rint(typingctx, x):
    """Round to the nearest integer, ties to even (``llvm.rint``)."""
    _check_float(x)

    def codegen(context, builder, sig, args):
        fty = _llvm_float(_float_bits(sig.return_type))
        fnty = ir.FunctionType(fty, [fty])
        fn = builder.module.declare_intrinsic("llvm.rint", [fty], fnty)
        return builder.call(fn, args)

    return x(x), codegen


@intrinsic
def copysign(typingctx, mag, sgn):
    """|mag| with the sign bit of sgn (``llvm.copysign``: two bit operations)."""
    _check_float(mag)
    if mag != sgn:
        raise TypeError("copysign needs two arguments of one float type")

    def codegen(context, builder, sig, args):
        fty = _llvm_float(_float_bits(sig.return_type))
        fnty = ir.FunctionType(fty, [fty, fty])
        fn = builder.module.declare_intrinsic("llvm.copysign", [fty], fnty)
        return builder.call(fn, args)

    return mag(mag, mag), codegen


@intrinsic
def always_inline(typingctx):
    """Mark the calling jitted function ``alwaysinline`` for LLVM.

    The trigonometric kernels are too large for LLVM's inlining threshold,
    and a call left inside a loop stops the vectorizer; inlining them in
    Numba IR instead (``inline='always'``) costs seconds of compile time,
    so that is kept for the small helpers (fewer separate compilations).
    """

    def codegen(context, builder, sig, args):
        builder.function.attributes.add("alwaysinline")
        return context.get_dummy_value()

    return types.none(), codegen


@intrinsic
def pow2i(typingctx, k):
    """2**k for an integral float k in the normal exponent range.

    Converts k to an integer, adds the bias and shifts it into the exponent
    field; the caller keeps k within [emin, emax] (no checks here).
    """
    _check_float(k)

    def codegen(context, builder, sig, args):
        bits = _float_bits(sig.return_type)
        mant, bias, width = _LAYOUT[bits]
        ity = ir.IntType(width)
        # fptosi to i32 then widen: cheaper than f64 -> i64 without AVX-512DQ.
        ki = builder.fptosi(args[0], ir.IntType(32))
        if width != 32:
            ki = builder.sext(ki, ity)
        biased = builder.add(ki, ir.Constant(ity, bias))
        field = builder.shl(biased, ir.Constant(ity, mant))
        return builder.bitcast(field, _llvm_float(bits))

    return k(k), codegen


@intrinsic
def split_sqrt2(typingctx, x):
    """Write a positive normal x as m * 2**e with m in [sqrt(1/2), sqrt(2)).

    Returns ``(m, e)`` with e as a float.  Works on the bit pattern: after
    subtracting the pattern of sqrt(1/2), the exponent field of the
    difference is e and the mantissa field rebuilt on sqrt(1/2) gives m.
    Zero, subnormal, negative, inf and NaN inputs give garbage that the
    caller selects away.
    """
    _check_float(x)

    def codegen(context, builder, sig, args):
        bits = _float_bits(sig.args[0])
        mant, _, width = _LAYOUT[bits]
        ity = ir.IntType(width)
        fty = _llvm_float(bits)
        sqrt_half = np.array(np.sqrt(0.5), dtype="f%d" % (bits // 8))
        base = int(sqrt_half.view("i%d" % (bits // 8)))
        ix = builder.sub(builder.bitcast(args[0], ity), ir.Constant(ity, base))
        e_int = builder.ashr(ix, ir.Constant(ity, mant))
        m_field = builder.and_(ix, ir.Constant(ity, (1 << mant) - 1))
        m = builder.bitcast(builder.add(m_field, ir.Constant(ity, base)), fty)
        e = builder.sitofp(e_int, fty)
        return context.make_tuple(builder, sig.return_type, [m, e])

    return types.UniTuple(x, 2)(x), codegen


@njit(inline="always", error_model="numpy")
def two_sum(a, b):
    """Return (s, e) with s = fl(a + b) and s + e == a + b exactly (Knuth)."""
    always_inline()
    s = a + b
    bb = s - a
    e = (a - (s - bb)) + (b - bb)
    return s, e


@njit(inline="always", error_model="numpy")
def fast_two_sum(a, b):
    """(s, e) with s + e == a + b exactly, valid when |a| >= |b| (Dekker)."""
    always_inline()
    s = a + b
    e = b - (s - a)
    return s, e


@njit(inline="always", error_model="numpy")
def two_prod(a, b):
    """Return (p, e) with p = fl(a * b) and p + e == a * b exactly (FMA)."""
    always_inline()
    p = a * b
    return p, fma(a, b, -p)


# ln 2 and pi/2 to 60 digits (mpmath), as exact fractions for splitting.
LN2 = Fraction("0.693147180559945309417232121458176568075500134360255254120680")
PI_HALF = Fraction("1.57079632679489661923132169163975144209858469968755291048747")


def split_constant(value, bits, parts=2):
    """Split an exact constant into float64 parts for Cody-Waite reduction.

    Every part but the last is ``value`` minus the previous parts rounded to
    ``bits`` significant bits, so that k * part is exact for integer k below
    2**(53 - bits); the last part is the rest rounded to nearest.
    """
    out = []
    rest = Fraction(value)
    for _ in range(parts - 1):
        exponent = math.floor(math.log2(abs(rest)))
        scale = Fraction(2) ** (bits - 1 - exponent)
        part = Fraction(round(rest * scale)) / scale
        out.append(float(part))
        rest -= part
    out.append(float(rest))
    return tuple(out)


def make_table_lookup(name, values):
    """An intrinsic ``lookup(i)`` reading float64 ``values[i]`` from an LLVM
    constant global, so a loop using it vectorizes (as a gather) instead of
    touching a NumPy array object.  The caller keeps i in range."""
    values = [float(v) for v in values]
    array_type = ir.ArrayType(ir.DoubleType(), len(values))
    symbol = "algrad_vecmath_" + name

    @intrinsic
    def lookup(typingctx, index):
        if not isinstance(index, types.Integer):
            raise TypeError("table index must be an integer")

        def codegen(context, builder, sig, args):
            module = builder.module
            table = module.globals.get(symbol)
            if table is None:
                table = ir.GlobalVariable(module, array_type, name=symbol)
                table.initializer = ir.Constant(array_type, values)
                table.global_constant = True
                table.linkage = "internal"
            idx = builder.sext(args[0], ir.IntType(64)) if args[0].type.width < 64 else args[0]
            ptr = builder.gep(table, [ir.Constant(ir.IntType(64), 0), idx], inbounds=True)
            return builder.load(ptr)

        return types.float64(index), codegen

    return lookup


@intrinsic
def decompose_f64(typingctx, x):
    """For a positive normal float64 x, ``(mant, biased_exponent)`` with
    x = mant * 2**(biased_exponent - 1075) and mant an integer in
    [2**52, 2**53) held as float64; biased_exponent is an int64."""
    if x != types.float64:
        raise TypeError("decompose_f64 takes a float64")

    def codegen(context, builder, sig, args):
        i64 = ir.IntType(64)
        bits = builder.bitcast(args[0], i64)
        biased = builder.lshr(bits, ir.Constant(i64, 52))
        frac = builder.and_(bits, ir.Constant(i64, (1 << 52) - 1))
        # Put the fraction bits under exponent 2**52: the value is then mant.
        mant_bits = builder.or_(frac, ir.Constant(i64, 1075 << 52))
        mant = builder.bitcast(mant_bits, ir.DoubleType())
        return context.make_tuple(builder, sig.return_type, [mant, biased])

    return types.Tuple((types.float64, types.int64))(x), codegen


def horner_coefficients(coeff_of, first, last, dtype):
    """Series coefficients coeff_of(n) for n = last down to first, as dtype:
    the order Horner's scheme consumes them."""
    return tuple(dtype(coeff_of(n)) for n in range(last, first - 1, -1))
