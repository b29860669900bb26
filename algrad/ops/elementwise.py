"""Elementwise ops and their partial derivatives.

Each op is one ``Elementwise`` instance: its NumPy function and, per input,
a *partial rule* ``rule(g, *inputs, out)`` that returns ``g * d out/d input``.
Because an elementwise op's Jacobian is diagonal, that one rule gives both
modes: the reverse driver calls it with the output cotangent, the forward
driver with the input tangent.  ``None`` in place of a rule means the output
does not depend on that input (or is piecewise constant in it).

Rules build graph and reuse ``out`` where the derivative is a function of
the value (d exp(x) = exp(x)), so sharing survives differentiation.
"""
from __future__ import annotations

import math

import numpy as np

from ..convert import as_tensor_variable
from ..errors import AlgradTypeError, ShapeError
from ..graph import apply_node, constant
from ..types import TensorType, broadcast_static_shapes, float_dtype_for, result_dtype
from .base import Op
from .dimshuffle import pad_left


def _expit(x):
    from scipy.special import expit
    return expit(x)


def _erf(x):
    from scipy.special import erf
    return erf(x)


def _softplus(x):
    return np.logaddexp(np.zeros((), x.dtype), x)


def _fill(a, b):
    return np.broadcast_to(b, np.broadcast_shapes(a.shape, b.shape))


def _switch(cond, a, b):
    return np.where(cond, a, b)


def _identity(x):
    return x


class Elementwise(Op):
    """An op applied element by element over broadcast inputs."""

    props = ("name",)
    name = None

    def __init__(self, name, arity, impl, partials=None, dtype_rule="ufunc"):
        self.name = name
        self.arity = arity
        self.impl = impl
        self.partials = tuple(partials) if partials is not None else (None,) * arity
        self.dtype_rule = dtype_rule
        assert len(self.partials) == arity, name

    def __repr__(self):
        return self.name

    def out_dtype(self, inputs):
        dtypes = tuple(v.dtype for v in inputs)
        weak = tuple(v.weak for v in inputs)
        rule = self.dtype_rule
        if callable(rule):
            return rule(inputs)
        try:
            if rule == "bool":
                return "bool"
            if rule == "float":  # np.add only promotes two or more operands
                joint = dtypes[0] if len(dtypes) == 1 else result_dtype(np.add, dtypes, weak)
                return float_dtype_for(joint)
            return result_dtype(self.impl, dtypes, weak)
        except TypeError:
            kinds = ", ".join(dtypes)
            raise AlgradTypeError(f"{self.name} is not defined for inputs of dtype {kinds}") from None

    def make_node(self, *inputs):
        if len(inputs) != self.arity:
            raise TypeError(f"{self.name} takes {self.arity} inputs, got {len(inputs)}")
        inputs = [as_tensor_variable(v) for v in inputs]
        ndim = max(v.ndim for v in inputs)
        inputs = [pad_left(v, ndim) for v in inputs]
        shape = broadcast_static_shapes([v.type.shape for v in inputs], what=self.name)
        out_type = TensorType(self.out_dtype(inputs), shape)
        _check_python_ints_fit(self.name, inputs, out_type.dtype)
        return apply_node(self, inputs, [out_type], weak=all(v.weak for v in inputs))

    def perform(self, node, inputs):
        out_type = node.outputs[0].type
        try:
            np.broadcast_shapes(*(np.shape(v) for v in inputs))
        except ValueError:
            operands = ", ".join(f"{v!r} of shape {np.shape(a)}" for v, a in zip(node.inputs, inputs))
            raise ShapeError(f"{self.name}: the operands do not broadcast: {operands}") from None
        with np.errstate(all="ignore"):
            result = self.impl(*inputs)
        result = np.asarray(result, dtype=out_type.dtype)
        check_runtime_broadcast(self.name, node, inputs, result.shape)
        return [result]

    def vjp(self, node, y_bars, needed):
        (y_bar,) = y_bars
        out = node.outputs[0]
        selection = selected_cotangent(y_bar)
        grads = []
        for rule, want in zip(self.partials, needed):
            if rule is None or not want:
                grads.append(None)
            elif selection is None:
                grads.append(rule(y_bar, *node.inputs, out))
            else:
                # Apply the rule to the unselected cotangent and select after: where
                # this branch is unused its derivative may be inf (log at 0), and
                # 0 * inf would make NaN.
                cond, g, g_when_true = selection
                x_bar = rule(g, *node.inputs, out)
                grads.append(switch(cond, x_bar, 0) if g_when_true else switch(cond, 0, x_bar))
        return grads

    def jvp(self, node, x_dots):
        out = node.outputs[0]
        total = None
        for rule, x_dot in zip(self.partials, x_dots):
            if rule is None or x_dot is None:
                continue
            term = rule(x_dot, *node.inputs, out)
            total = term if total is None else add(total, term)
        return [total]


def _constant_data(v):
    """The value of a constant, looking through the dimshuffles that pad its rank, or None."""
    while v.owner is not None and v.owner.op.name == "dimshuffle":
        v = v.owner.inputs[0]
    return getattr(v, "data", None)


def _is_zero_constant(v) -> bool:
    data = _constant_data(v)
    return data is not None and not np.any(data)


def _check_python_ints_fit(name, inputs, dtype):
    """Refuse a Python int the integer result cannot hold, as NumPy does (NEP 50).

    The result takes the typed operand's dtype (int32 + 5 is int32), so an
    int beyond it would silently wrap at run time.
    """
    if not dtype.startswith("int") or all(v.weak for v in inputs):
        return
    info = np.iinfo(dtype)
    for v in inputs:
        data = _constant_data(v) if v.weak else None
        if data is not None and data.dtype.kind == "i" and (
                data.min() < info.min or data.max() > info.max):
            raise AlgradTypeError(
                f"{name}: the Python integer {data.item()} does not fit in the result's dtype "
                f"{dtype}; use a constant of a wider dtype, e.g. T.constant(..., dtype='int64')")


def selected_cotangent(y_bar):
    """``(cond, g, True)`` for ``switch(cond, g, 0)``, ``(cond, g, False)`` for
    ``switch(cond, 0, g)``, else None: a cotangent that is zero where a switch
    did not take the branch it flowed back into."""
    node = y_bar.owner
    if node is None or node.op is not SWITCH:
        return None
    cond, a, b = node.inputs
    if _is_zero_constant(b) and a.type.shape == y_bar.type.shape:
        return cond, a, True
    if _is_zero_constant(a) and b.type.shape == y_bar.type.shape:
        return cond, b, False
    return None


def check_runtime_broadcast(name, node, inputs, out_shape):
    """Refuse NumPy broadcasting along an axis the graph did not declare broadcastable."""
    for k, (value, var) in enumerate(zip(inputs, node.inputs)):
        for axis, (n, static) in enumerate(zip(np.shape(value), var.type.shape)):
            if n != out_shape[axis] and static != 1:
                raise ShapeError(
                    f"{name}: input {k} has length {n} along axis {axis} where the result has "
                    f"length {out_shape[axis]}; only axes declared with static length 1 broadcast "
                    "(make the variable with shape=(..., 1, ...), or use T.row / T.col)")


# -- partial rules: each returns g * d(out)/d(input) ------------------------------------

def _same(g, *args):
    return g


def _negated(g, *args):
    return neg(g)


def _mul_d0(g, a, b, out):
    return mul(g, b)


def _mul_d1(g, a, b, out):
    return mul(g, a)


def _div_d0(g, a, b, out):
    return true_div(g, b)


def _div_d1(g, a, b, out):
    return neg(true_div(mul(g, out), b))


def _mod_d1(g, a, b, out):
    return neg(mul(g, int_div(a, b)))


def _pow_d0(g, a, b, out):
    # Theano's form, (g * b) * a ** (b - 1), which its printed gradients show
    return mul(mul(g, b), pow(a, sub(b, 1)))


def _pow_d1(g, a, b, out):
    # where a == 0 the power is 0 (b > 0) or 1 (b == 0) whatever b: the slope is 0,
    # not out * log(0) = 0 * -inf = NaN.  A constant non-zero base needs no guard.
    data = _constant_data(a)
    safe_a = a if data is not None and np.all(data != 0) else switch(eq(a, 0), 1, a)
    return mul(mul(g, out), log(safe_a))


def _abs_d(g, a, out):
    return mul(g, sign(a))


def _exp_d(g, a, out):
    return mul(g, out)


def _log_d(g, a, out):
    return true_div(g, a)


def _log1p_d(g, a, out):
    return true_div(g, add(1, a))


def _expm1_d(g, a, out):
    return mul(g, add(out, 1))


def _sqrt_d(g, a, out):
    return true_div(g, mul(2, out))


def _sqr_d(g, a, out):
    return mul(mul(g, 2), a)


def _sin_d(g, a, out):
    return mul(g, cos(a))


def _cos_d(g, a, out):
    return neg(mul(g, sin(a)))


def _tan_d(g, a, out):
    return mul(g, add(1, sqr(out)))


def _arcsin_d(g, a, out):
    return true_div(g, sqrt(sub(1, sqr(a))))


def _arccos_d(g, a, out):
    return neg(true_div(g, sqrt(sub(1, sqr(a)))))


def _arctan_d(g, a, out):
    return true_div(g, add(1, sqr(a)))


def _sinh_d(g, a, out):
    return mul(g, cosh(a))


def _cosh_d(g, a, out):
    return mul(g, sinh(a))


def _tanh_d(g, a, out):
    return mul(g, sub(1, sqr(out)))


def _arcsinh_d(g, a, out):
    return true_div(g, sqrt(add(sqr(a), 1)))


def _arccosh_d(g, a, out):
    return true_div(g, sqrt(sub(sqr(a), 1)))


def _arctanh_d(g, a, out):
    return true_div(g, sub(1, sqr(a)))


def _sigmoid_d(g, a, out):
    return mul(g, mul(out, sub(1, out)))


def _softplus_d(g, a, out):
    return mul(g, sigmoid(a))


def _erf_d(g, a, out):
    return mul(g, mul(2 / math.sqrt(math.pi), exp(neg(sqr(a)))))


def _maximum_d0(g, a, b, out):
    return switch(ge(a, b), g, 0)  # ties go to the first input: the parts still sum to g


def _maximum_d1(g, a, b, out):
    return switch(lt(a, b), g, 0)


def _minimum_d0(g, a, b, out):
    return switch(le(a, b), g, 0)


def _minimum_d1(g, a, b, out):
    return switch(gt(a, b), g, 0)


def _switch_d1(g, c, a, b, out):
    return switch(c, g, 0)  # select, never multiply by a mask: 0 * inf would be NaN


def _switch_d2(g, c, a, b, out):
    return switch(c, 0, g)


def _fill_d1(g, a, b, out):
    return g


def _logical_dtype(inputs):
    # logical, not bitwise: NumPy's & | ~ on ints would give ints, so refuse them
    # rather than silently answer differently
    for v in inputs:
        if v.dtype != "bool":
            raise AlgradTypeError(
                f"the logical ops & | ~ take bool operands, got {v!r} of dtype {v.dtype}; "
                "compare first, e.g. T.neq(x, 0)")
    return "bool"


def _switch_dtype(inputs):
    return result_dtype(np.add, tuple(v.dtype for v in inputs[1:]), tuple(v.weak for v in inputs[1:]))


def _fill_dtype(inputs):
    a, b = inputs
    if b.weak and not a.weak:
        return result_dtype(np.add, (a.dtype, b.dtype), (False, True))
    return b.dtype


# -- the ops --------------------------------------------------------------------------

ADD = Elementwise("add", 2, np.add, (_same, _same))
SUB = Elementwise("sub", 2, np.subtract, (_same, _negated))
MUL = Elementwise("mul", 2, np.multiply, (_mul_d0, _mul_d1))
TRUE_DIV = Elementwise("true_div", 2, np.true_divide, (_div_d0, _div_d1))
INT_DIV = Elementwise("int_div", 2, np.floor_divide)
MOD = Elementwise("mod", 2, np.mod, (_same, _mod_d1))
POW = Elementwise("pow", 2, np.power, (_pow_d0, _pow_d1))
NEG = Elementwise("neg", 1, np.negative, (_negated,))
ABS = Elementwise("abs", 1, np.abs, (_abs_d,))
SIGN = Elementwise("sign", 1, np.sign)
FLOOR = Elementwise("floor", 1, np.floor)
CEIL = Elementwise("ceil", 1, np.ceil)
EXP = Elementwise("exp", 1, np.exp, (_exp_d,))
LOG = Elementwise("log", 1, np.log, (_log_d,))
LOG1P = Elementwise("log1p", 1, np.log1p, (_log1p_d,))
EXPM1 = Elementwise("expm1", 1, np.expm1, (_expm1_d,))
SQRT = Elementwise("sqrt", 1, np.sqrt, (_sqrt_d,))
SQR = Elementwise("sqr", 1, np.square, (_sqr_d,))
SIN = Elementwise("sin", 1, np.sin, (_sin_d,))
COS = Elementwise("cos", 1, np.cos, (_cos_d,))
TAN = Elementwise("tan", 1, np.tan, (_tan_d,))
ARCSIN = Elementwise("arcsin", 1, np.arcsin, (_arcsin_d,))
ARCCOS = Elementwise("arccos", 1, np.arccos, (_arccos_d,))
ARCTAN = Elementwise("arctan", 1, np.arctan, (_arctan_d,))
SINH = Elementwise("sinh", 1, np.sinh, (_sinh_d,))
COSH = Elementwise("cosh", 1, np.cosh, (_cosh_d,))
TANH = Elementwise("tanh", 1, np.tanh, (_tanh_d,))
ARCSINH = Elementwise("arcsinh", 1, np.arcsinh, (_arcsinh_d,))
ARCCOSH = Elementwise("arccosh", 1, np.arccosh, (_arccosh_d,))
ARCTANH = Elementwise("arctanh", 1, np.arctanh, (_arctanh_d,))
SIGMOID = Elementwise("sigmoid", 1, _expit, (_sigmoid_d,), dtype_rule="float")
SOFTPLUS = Elementwise("softplus", 1, _softplus, (_softplus_d,), dtype_rule="float")
ERF = Elementwise("erf", 1, _erf, (_erf_d,), dtype_rule="float")
MAXIMUM = Elementwise("maximum", 2, np.maximum, (_maximum_d0, _maximum_d1))
MINIMUM = Elementwise("minimum", 2, np.minimum, (_minimum_d0, _minimum_d1))
LT = Elementwise("lt", 2, np.less, dtype_rule="bool")
LE = Elementwise("le", 2, np.less_equal, dtype_rule="bool")
GT = Elementwise("gt", 2, np.greater, dtype_rule="bool")
GE = Elementwise("ge", 2, np.greater_equal, dtype_rule="bool")
EQ = Elementwise("eq", 2, np.equal, dtype_rule="bool")
NEQ = Elementwise("neq", 2, np.not_equal, dtype_rule="bool")
AND = Elementwise("and", 2, np.logical_and, dtype_rule=_logical_dtype)
OR = Elementwise("or", 2, np.logical_or, dtype_rule=_logical_dtype)
INVERT = Elementwise("invert", 1, np.logical_not, dtype_rule=_logical_dtype)
SWITCH = Elementwise("switch", 3, _switch, (None, _switch_d1, _switch_d2), dtype_rule=_switch_dtype)
FILL = Elementwise("fill", 2, _fill, (None, _fill_d1), dtype_rule=_fill_dtype)

ELEMENTWISE_OPS = {op.name: op for op in (
    ADD, SUB, MUL, TRUE_DIV, INT_DIV, MOD, POW, NEG, ABS, SIGN, FLOOR, CEIL, EXP, LOG, LOG1P,
    EXPM1, SQRT, SQR, SIN, COS, TAN, ARCSIN, ARCCOS, ARCTAN, SINH, COSH, TANH, ARCSINH, ARCCOSH,
    ARCTANH, SIGMOID, SOFTPLUS, ERF, MAXIMUM, MINIMUM, LT, LE, GT, GE, EQ, NEQ, AND, OR, INVERT,
    SWITCH, FILL)}


class Cast(Op):
    """Convert to another dtype; the gradient flows back in the input's dtype."""

    props = ("dtype",)
    name = "cast"

    def __init__(self, dtype):
        self.dtype = dtype

    def __repr__(self):
        return f"cast{{{self.dtype}}}"

    def make_node(self, x):
        x = as_tensor_variable(x)
        return apply_node(self, [x], [TensorType(self.dtype, x.type.shape)])

    def perform(self, node, inputs):
        return [np.asarray(inputs[0]).astype(self.dtype)]

    def vjp(self, node, y_bars, needed):
        (x,) = node.inputs
        if not x.dtype.startswith("float") or not self.dtype.startswith("float"):
            return [None]
        return [cast(y_bars[0], x.dtype)]

    def jvp(self, node, x_dots):
        (x_dot,) = x_dots
        if x_dot is None or not self.dtype.startswith("float"):
            return [None]
        return [cast(x_dot, self.dtype)]


def cast(x, dtype):
    """``x`` converted to ``dtype`` (a no-op when it already has it)."""
    from ..types import as_dtype
    x = as_tensor_variable(x)
    dtype = as_dtype(dtype)
    return x if x.dtype == dtype else Cast(dtype)(x)


# -- the functions users call ----------------------------------------------------------

def add(a, b):
    """Elementwise ``a + b`` with NumPy broadcasting."""
    return ADD(a, b)


def sub(a, b):
    """Elementwise ``a - b``."""
    return SUB(a, b)


def mul(a, b):
    """Elementwise ``a * b``."""
    return MUL(a, b)


def true_div(a, b):
    """Elementwise ``a / b``; integers divide to float64, as in NumPy."""
    return TRUE_DIV(a, b)


def int_div(a, b):
    """Elementwise floor division ``a // b``."""
    return INT_DIV(a, b)


def mod(a, b):
    """Elementwise ``a % b`` with the sign of ``b``, as in NumPy."""
    return MOD(a, b)


def pow(a, b):
    """Elementwise ``a ** b``."""
    return POW(a, b)


def neg(a):
    """Elementwise ``-a``."""
    return NEG(a)


def abs(a):
    """Elementwise ``|a|``."""
    return ABS(a)


def sign(a):
    """Elementwise sign: -1, 0 or 1."""
    return SIGN(a)


def floor(a):
    return FLOOR(a)


def ceil(a):
    return CEIL(a)


def exp(a):
    return EXP(a)


def log(a):
    """Natural logarithm."""
    return LOG(a)


def log1p(a):
    """``log(1 + a)``, accurate for small ``a``."""
    return LOG1P(a)


def expm1(a):
    """``exp(a) - 1``, accurate for small ``a``."""
    return EXPM1(a)


def sqrt(a):
    return SQRT(a)


def sqr(a):
    """Elementwise square."""
    return SQR(a)


def sin(a):
    return SIN(a)


def cos(a):
    return COS(a)


def tan(a):
    return TAN(a)


def arcsin(a):
    return ARCSIN(a)


def arccos(a):
    return ARCCOS(a)


def arctan(a):
    return ARCTAN(a)


def sinh(a):
    return SINH(a)


def cosh(a):
    return COSH(a)


def tanh(a):
    return TANH(a)


def arcsinh(a):
    return ARCSINH(a)


def arccosh(a):
    return ARCCOSH(a)


def arctanh(a):
    return ARCTANH(a)


def sigmoid(a):
    """The logistic function ``1 / (1 + exp(-a))``."""
    return SIGMOID(a)


def softplus(a):
    """``log(1 + exp(a))``, without overflow."""
    return SOFTPLUS(a)


def erf(a):
    """The error function."""
    return ERF(a)


def maximum(a, b):
    """Elementwise maximum; where ``a == b`` the gradient goes to ``a``."""
    return MAXIMUM(a, b)


def minimum(a, b):
    """Elementwise minimum; where ``a == b`` the gradient goes to ``a``."""
    return MINIMUM(a, b)


def lt(a, b):
    return LT(a, b)


def le(a, b):
    return LE(a, b)


def gt(a, b):
    return GT(a, b)


def ge(a, b):
    return GE(a, b)


def eq(a, b):
    """Elementwise ``a == b`` (``==`` on variables compares identity, as in Theano)."""
    return EQ(a, b)


def neq(a, b):
    return NEQ(a, b)


def and_(a, b):
    return AND(a, b)


def or_(a, b):
    return OR(a, b)


def invert(a):
    """Elementwise logical not."""
    return INVERT(a)


def switch(cond, a, b):
    """Elementwise ``a`` where ``cond`` is true, else ``b`` (``numpy.where``)."""
    cond = as_tensor_variable(cond)
    if cond.dtype != "bool":
        cond = neq(cond, 0)
    return SWITCH(cond, a, b)


where = switch


def fill(model, value):
    """An array of ``model``'s shape filled with ``value``."""
    return FILL(model, value)


second = fill


def zeros_like(x, dtype=None):
    """Zeros of ``x``'s shape (and dtype, unless one is given)."""
    x = as_tensor_variable(x)
    return fill(x, constant(0, dtype=dtype or x.dtype))


def ones_like(x, dtype=None):
    """Ones of ``x``'s shape (and dtype, unless one is given)."""
    x = as_tensor_variable(x)
    return fill(x, constant(1, dtype=dtype or x.dtype))


def clip(x, lo, hi):
    """``x`` limited to ``[lo, hi]``."""
    return minimum(maximum(x, lo), hi)


def is_elementwise(op) -> bool:
    return isinstance(op, Elementwise)


