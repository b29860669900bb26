"""Vectorizable elementary functions for the Numba backend.

Numba lowers ``np.exp``, ``math.sin`` and friends to calls into the scalar
libm, and a call inside a loop stops LLVM's loop vectorizer.  The functions
here are written in plain arithmetic (range reduction, polynomial, exponent
built with a bit-cast) and selects instead of branches, so that a loop such as
``for i in range(n): out[i] = vm_exp(x[i])`` compiles to SIMD code under a
plain ``@njit``.  They stay within 4 ulp of the correctly rounded result over
the whole float64 and float32 range and treat inf, NaN, signed zeros,
overflow and subnormals as NumPy does.

Each ``vm_*`` is an njit function taking a float64 or float32 scalar and
returning the same type; float32 is computed in float32 arithmetic, so float32
loops vectorize twice as wide.  The per-type implementations live in the
``vecmath_*`` modules.

Examples
--------
>>> import numpy as np
>>> from algrad.lowering.vecmath import vm_exp, vm_log
>>> round(float(vm_exp(1.0)), 12)
2.718281828459
>>> float(vm_log(np.float32(1.0)))
0.0
"""

from numba import njit, types
from numba.extending import overload

from . import vecmath_exp_log as _el
from . import vecmath_hyper as _hy
from . import vecmath_pow as _pw
from . import vecmath_trig as _tr
from .vecmath_core import always_inline

__all__ = [
    "vm_exp",
    "vm_log",
    "vm_sigmoid",
    "vm_tanh",
    "vm_log1p",
    "vm_expm1",
    "vm_sin",
    "vm_cos",
    "vm_tan",
    "vm_pow",
]

_JIT = dict(error_model="numpy")


def _dispatch_unary(name, impl64, impl32, doc):
    """An njit function calling impl64 or impl32 by argument type.

    Integer arguments are computed in float64, as NumPy does.
    """

    def stub(x):  # replaced by the overload below inside compiled code
        raise NotImplementedError

    stub.__name__ = "_%s_typed" % name

    @overload(stub, jit_options=_JIT)
    def _typed(x):
        if x == types.float32:

            def call32(x):
                always_inline()
                return impl32(x)

            return call32
        if isinstance(x, (types.Float, types.Integer, types.Boolean)):

            def call64(x):
                always_inline()
                return impl64(float(x))

            return call64
        return None

    def public(x):
        always_inline()
        return stub(x)

    public.__name__ = public.__qualname__ = name
    public.__doc__ = doc
    return njit(**_JIT)(public)


def _dispatch_binary(name, impl64, impl32, doc):
    """An njit function of two scalars: impl32 when both are float32,
    impl64 otherwise (NumPy's promotion of mixed float32/float64)."""

    def stub(x, y):  # replaced by the overload below inside compiled code
        raise NotImplementedError

    stub.__name__ = "_%s_typed" % name
    scalar = (types.Float, types.Integer, types.Boolean)

    @overload(stub, jit_options=_JIT)
    def _typed(x, y):
        if x == types.float32 and y == types.float32:

            def call32(x, y):
                always_inline()
                return impl32(x, y)

            return call32
        if isinstance(x, scalar) and isinstance(y, scalar):

            def call64(x, y):
                always_inline()
                return impl64(float(x), float(y))

            return call64
        return None

    def public(x, y):
        always_inline()
        return stub(x, y)

    public.__name__ = public.__qualname__ = name
    public.__doc__ = doc
    return njit(**_JIT)(public)


def _doc(formula, measured, specials, call, result, params="x : float64 or float32"):
    """A numpydoc docstring for one vm_* function."""
    return f"""{formula}, vectorizable inside Numba loops.

    Parameters
    ----------
    {params}
        Integer arguments are computed as float64.

    Returns
    -------
    float64 or float32
        The type of the argument{"s" if "," in call else ""}; float32 in, float32 out.

    Notes
    -----
    Within 4 ulp of the correctly rounded result over the whole range;
    the test sweep measures {measured}.  {specials}

    Examples
    --------
    >>> from algrad.lowering.vecmath import {call.split("(")[0]}
    >>> round(float({call}), 12)
    {result}
    """


vm_exp = _dispatch_unary("vm_exp", _el.exp_f64, _el.exp_f32, _doc(
    "exp(x)", "0.8 ulp",
    "exp(inf) = inf, exp(-inf) = 0; overflow gives inf, subnormal results are rounded once.",
    "vm_exp(1.0)", "2.718281828459"))
vm_log = _dispatch_unary("vm_log", _el.log_f64, _el.log_f32, _doc(
    "Natural logarithm", "0.8 ulp",
    "log(0) = -inf, log(x < 0) = nan, log(inf) = inf; subnormal x are exact inputs.",
    "vm_log(2.0)", "0.69314718056"))
vm_sigmoid = _dispatch_unary("vm_sigmoid", _hy.sigmoid_f64, _hy.sigmoid_f32, _doc(
    "The logistic function 1 / (1 + exp(-x))", "2.3 ulp",
    "sigmoid(inf) = 1, sigmoid(-inf) = 0; for x << 0 the result is exp(x), subnormal included.",
    "vm_sigmoid(0.0)", "0.5"))
vm_tanh = _dispatch_unary("vm_tanh", _hy.tanh_f64, _hy.tanh_f32, _doc(
    "Hyperbolic tangent", "2.4 ulp (below 1 ulp for |x| > 1)",
    "tanh(+-inf) = +-1, tanh(-0) = -0.",
    "vm_tanh(0.5)", "0.46211715726"))
vm_log1p = _dispatch_unary("vm_log1p", _el.log1p_f64, _el.log1p_f32, _doc(
    "log(1 + x), accurate for small x", "0.8 ulp",
    "log1p(-1) = -inf, log1p(x < -1) = nan, log1p(-0) = -0.",
    "vm_log1p(1e-10)", "1e-10"))
vm_expm1 = _dispatch_unary("vm_expm1", _el.expm1_f64, _el.expm1_f32, _doc(
    "exp(x) - 1, accurate for small x", "1.4 ulp",
    "expm1(-inf) = -1, expm1(inf) = inf, expm1(-0) = -0.",
    "vm_expm1(1e-10)", "1e-10"))
vm_sin = _dispatch_unary("vm_sin", _tr.sin_f64, _tr.sin_f32, _doc(
    "Sine", "0.7 ulp",
    "sin(+-inf) = nan, sin(-0) = -0; huge arguments are reduced exactly (Payne-Hanek).",
    "vm_sin(1e22)", "-0.852200849767"))
vm_cos = _dispatch_unary("vm_cos", _tr.cos_f64, _tr.cos_f32, _doc(
    "Cosine", "0.7 ulp",
    "cos(+-inf) = nan; huge arguments are reduced exactly (Payne-Hanek).",
    "vm_cos(0.0)", "1.0"))
vm_tan = _dispatch_unary("vm_tan", _tr.tan_f64, _tr.tan_f32, _doc(
    "Tangent", "1.9 ulp",
    "tan(+-inf) = nan, tan(-0) = -0; huge arguments are reduced exactly (Payne-Hanek).",
    "vm_tan(0.0)", "0.0"))
vm_pow = _dispatch_binary("vm_pow", _pw.pow_f64, _pw.pow_f32, _doc(
    "x raised to the power y", "0.8 ulp",
    "Special cases as C99 Annex F and NumPy: pow(x, 0) = pow(1, y) = 1 even for nan, "
    "negative x needs an integer y (else nan), odd integer y keep the sign of zero and "
    "infinite x.  float32 x and y give float32; mixed types give float64.",
    "vm_pow(2.0, 10.0)", "1024.0", params="x, y : float64 or float32"))
