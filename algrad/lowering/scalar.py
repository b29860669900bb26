"""Elementwise ops as scalar Python expressions inside a fused loop.

Each ``lower_<op>(args, dtype)`` takes the code of its operands, already
converted to the dtype the op computes in, and returns the code of one
element of the result in ``dtype`` (the node's output dtype).  Everything
here is plain text: Numba only sees it once the whole kernel is written.

Literals are written with their dtype (``np.float32(2.0)``) because Numba
types a bare ``2.0`` as float64, which would silently widen float32 code.
"""
from __future__ import annotations

import contextlib
import contextvars
import math

import numpy as np

from ..types import is_float, result_dtype

#: the NumPy scalar type Numba uses for each algrad dtype
NUMBA_DTYPE = {"bool": "np.bool_", "int32": "np.int32", "int64": "np.int64",
               "float32": "np.float32", "float64": "np.float64"}

#: NumPy's scalar functions, which Numba lowers to calls into libm
MATH_FUNCTIONS = {name: f"np.{name}" for name in (
    "exp", "log", "log1p", "expm1", "sin", "cos", "tan", "tanh", "arcsin", "arccos", "arctan",
    "sinh", "cosh", "arcsinh", "arccosh", "arctanh", "sqrt", "floor", "ceil", "sign", "abs")}


#: the functions :mod:`algrad.lowering.vecmath` may provide, which vectorize in loops
VECTORIZABLE = ("exp", "log", "log1p", "expm1", "sin", "cos", "tan", "tanh", "sigmoid", "pow")

#: the table the code being written takes its functions from (see :func:`functions_for`)
_active = contextvars.ContextVar("algrad_math_functions", default=MATH_FUNCTIONS)


def vectorizable_functions() -> dict:
    """``MATH_FUNCTIONS`` with the ``vm_*`` functions that exist in their place.

    A kernel written with them imports ``algrad.lowering.vecmath as vm``.
    An unusable vecmath module leaves NumPy's scalar functions in place.
    """
    try:
        from . import vecmath
    except Exception:
        return MATH_FUNCTIONS
    names = [n for n in VECTORIZABLE if f"vm_{n}" in getattr(vecmath, "__all__", ())]
    return {**MATH_FUNCTIONS, **{name: f"vm.vm_{name}" for name in names}}


@contextlib.contextmanager
def functions_for(vectorized: bool):
    """Write the enclosed code with the vectorizable functions, or with libm's.

    The vectorizable ones are inlined to let a loop vectorize; where nothing
    vectorizes (a kernel over scalars) they only cost compile time, and LLVM's
    time grows faster than linearly with the size of what is inlined.
    """
    token = _active.set(vectorizable_functions() if vectorized else MATH_FUNCTIONS)
    try:
        yield
    finally:
        _active.reset(token)


def literal(value, dtype: str) -> str:
    """The code of one scalar ``value`` of ``dtype``."""
    if dtype == "bool":
        return "True" if bool(value) else "False"
    if dtype.startswith("int"):
        text = str(int(value)) if int(value) != -2 ** 63 else "(-9223372036854775807 - 1)"
        return text if dtype == "int64" and int(value) >= 0 else f"{NUMBA_DTYPE[dtype]}({text})"
    value = float(value)
    if math.isnan(value):
        text = "np.nan"
    elif math.isinf(value):
        text = "np.inf" if value > 0 else "-np.inf"
    else:
        text = repr(value)
    if dtype == "float64":
        return text if value >= 0 or math.isnan(value) else f"({text})"
    return f"{NUMBA_DTYPE[dtype]}({text})"


def convert(code: str, from_dtype: str, to_dtype: str) -> str:
    """``code`` of ``from_dtype`` converted to ``to_dtype`` (as NumPy's astype)."""
    if from_dtype == to_dtype:
        return code
    if to_dtype == "bool":
        return f"({code} != 0)"
    return f"{NUMBA_DTYPE[to_dtype]}({code})"


def compute_dtypes(op, in_dtypes, weak, out_dtype) -> list:
    """The dtype each operand is converted to before ``op`` is applied."""
    name = op.name
    if name in ("lt", "le", "gt", "ge", "eq", "neq"):
        common = result_dtype(np.add, tuple(in_dtypes), tuple(weak))
        return [common, common]
    if name in ("and", "or", "invert"):
        return ["bool"] * len(in_dtypes)
    if name == "switch":
        return ["bool", out_dtype, out_dtype]
    if name == "fill":
        return [in_dtypes[0], out_dtype]
    return [out_dtype] * len(in_dtypes)


def _fn(name):
    return _active.get()[name]


def _one(dtype):
    return literal(1, dtype)


# -- arithmetic -------------------------------------------------------------------

def lower_add(args, dtype):
    a, b = args
    return f"({a} | {b})" if dtype == "bool" else f"({a} + {b})"


def lower_sub(args, dtype):
    return f"({args[0]} - {args[1]})"


def lower_mul(args, dtype):
    a, b = args
    return f"({a} & {b})" if dtype == "bool" else f"({a} * {b})"


def lower_true_div(args, dtype):
    return f"({args[0]} / {args[1]})"


def lower_int_div(args, dtype):
    a, b = args
    if is_float(dtype):
        return f"rt.float_floor_div({a}, {b})"
    return f"rt.int_floor_div({a}, {b})"


def lower_mod(args, dtype):
    a, b = args
    if is_float(dtype):
        return f"rt.float_mod({a}, {b})"
    return f"({a} % {b})"


def lower_pow(args, dtype):
    a, b = args
    if is_float(dtype):
        return f"{_active.get().get('pow', 'np.power')}({a}, {b})"
    return f"rt.int_pow({a}, {b})"


def lower_neg(args, dtype):
    return f"(-{args[0]})"


def lower_abs(args, dtype):
    return f"{_fn('abs')}({args[0]})" if is_float(dtype) else f"abs({args[0]})"


def lower_sign(args, dtype):
    (a,) = args
    if is_float(dtype):
        return f"{_fn('sign')}({a})"
    return f"{NUMBA_DTYPE[dtype]}(({a} > 0) - ({a} < 0))"


def lower_sqr(args, dtype):
    return f"({args[0]} * {args[0]})"


def lower_maximum(args, dtype):
    a, b = args
    return f"rt.nan_max({a}, {b})" if is_float(dtype) else f"max({a}, {b})"


def lower_minimum(args, dtype):
    a, b = args
    return f"rt.nan_min({a}, {b})" if is_float(dtype) else f"min({a}, {b})"


def _unary(name):
    def lower(args, dtype):
        return f"{_fn(name)}({args[0]})"
    lower.__name__ = f"lower_{name}"
    lower.__doc__ = f"``{name}`` of one element (a NumPy or vectorizable scalar function)."
    return lower


lower_floor = _unary("floor")
lower_ceil = _unary("ceil")
lower_exp = _unary("exp")
lower_log = _unary("log")
lower_log1p = _unary("log1p")
lower_expm1 = _unary("expm1")
lower_sqrt = _unary("sqrt")
lower_sin = _unary("sin")
lower_cos = _unary("cos")
lower_tan = _unary("tan")
lower_arcsin = _unary("arcsin")
lower_arccos = _unary("arccos")
lower_arctan = _unary("arctan")
lower_sinh = _unary("sinh")
lower_cosh = _unary("cosh")
lower_tanh = _unary("tanh")
lower_arcsinh = _unary("arcsinh")
lower_arccosh = _unary("arccosh")
lower_arctanh = _unary("arctanh")


def lower_sigmoid(args, dtype):
    (a,) = args
    functions = _active.get()
    if "sigmoid" in functions:
        return f"{functions['sigmoid']}({a})"
    one = _one(dtype)
    return f"({one} / ({one} + {_fn('exp')}(-{a})))"


def lower_softplus(args, dtype):
    # log(1 + exp(a)) = max(a, 0) + log1p(exp(-|a|)), which never overflows
    (a,) = args
    zero = literal(0, dtype)
    return f"(max({a}, {zero}) + {_fn('log1p')}({_fn('exp')}(-abs({a}))))"


def lower_erf(args, dtype):
    return f"{NUMBA_DTYPE[dtype]}(math.erf({args[0]}))"


# -- comparisons and logic ------------------------------------------------------------

def _binary(name, symbol):
    def lower(args, dtype):
        return f"({args[0]} {symbol} {args[1]})"
    lower.__name__ = f"lower_{name}"
    lower.__doc__ = f"``a {symbol} b`` for one element."
    return lower


lower_lt = _binary("lt", "<")
lower_le = _binary("le", "<=")
lower_gt = _binary("gt", ">")
lower_ge = _binary("ge", ">=")
lower_eq = _binary("eq", "==")
lower_neq = _binary("neq", "!=")
lower_and = _binary("and", "&")
lower_or = _binary("or", "|")


def lower_invert(args, dtype):
    return f"(not {args[0]})"


def lower_switch(args, dtype):
    c, a, b = args
    return f"({a} if {c} else {b})"


def lower_fill(args, dtype):
    return args[1]  # the first operand only gives the shape


def lower_Cast(args, dtype):
    """A cast is the conversion of its operand: ``compute_dtypes`` leaves it as it is."""
    return args[0]


ELEMENTWISE_LOWERINGS = {name[len("lower_"):]: fn for name, fn in list(globals().items())
                         if name.startswith("lower_")}


# -- reductions: how one element joins an accumulator -------------------------------

def lower_Sum(acc, value, dtype):
    return f"({acc} | {value})" if dtype == "bool" else f"({acc} + {value})"


def lower_Prod(acc, value, dtype):
    return f"({acc} & {value})" if dtype == "bool" else f"({acc} * {value})"


def lower_Max(acc, value, dtype):
    return f"rt.nan_max({acc}, {value})" if is_float(dtype) else f"max({acc}, {value})"


def lower_Min(acc, value, dtype):
    return f"rt.nan_min({acc}, {value})" if is_float(dtype) else f"min({acc}, {value})"


REDUCTION_LOWERINGS = {"Sum": lower_Sum, "Prod": lower_Prod, "Max": lower_Max, "Min": lower_Min}


def reduction_identity(key: str, dtype: str) -> str:
    """The starting value of an accumulator (max and min check for empty axes first)."""
    if key in ("Sum", "Prod"):
        return literal(0 if key == "Sum" else 1, dtype)
    lowest = key == "Max"
    if dtype == "bool":
        return literal(not lowest, dtype)
    if is_float(dtype):
        return literal(-math.inf if lowest else math.inf, dtype)
    info = np.iinfo(dtype)
    return literal(info.min if lowest else info.max, dtype)
