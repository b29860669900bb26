"""Elementwise ops and their partial derivatives.

Each op is one ``Elementwise`` instance: its NumPy function and, per input,
a *partial rule* ``rule(g, *inputs, out)`` that returns ``g * d out/d input``.
Because an elementwise op's Jacobian is diagonal, that one rule gives both
modes: the reverse driver calls it with the output cotangent, the forward
driver with the input tangent.  ``None`` in place of a rule means the output
does not depend on that input (or is piecewise constant in it).

Rules build graph and reuse ``out`` where the derivative is a function of
the value (d exp(x) = exp(x)), so sharing survives differentiation.

The ops themselves are declared by family, each with its partial rules:
:mod:`~algrad.ops.arithmetic`, :mod:`~algrad.ops.transcendental` and
:mod:`~algrad.ops.logic`; this module re-exports them all.
"""
from __future__ import annotations

import numpy as np

from ..convert import as_tensor_variable
from ..errors import AlgradTypeError, InputError, ShapeError
from ..graph import apply_node
from ..types import TensorType, broadcast_static_shapes, float_dtype_for, result_dtype
from .base import Op
from .dimshuffle import pad_left


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
            raise AlgradTypeError(f"{self.name} takes {self.arity} inputs, got {len(inputs)}")
        inputs = [as_tensor_variable(v) for v in inputs]
        ndim = max(v.ndim for v in inputs)
        inputs = [pad_left(v, ndim) for v in inputs]
        shape = broadcast_static_shapes([v.type.shape for v in inputs], what=self.name)
        out_type = TensorType(self.out_dtype(inputs), shape)
        _check_python_ints_fit(self.name, inputs, out_type.dtype)
        return apply_node(self, inputs, [out_type], weak=all(v.weak for v in inputs))

    def perform(self, node, inputs):
        out_type = node.outputs[0].type
        shapes = [np.shape(v) for v in inputs]
        same_shapes = shapes.count(shapes[0]) == len(shapes)  # nothing broadcasts: no checks
        if not same_shapes:
            try:
                np.broadcast_shapes(*shapes)
            except ValueError:
                operands = ", ".join(f"{v!r} of shape {s}" for v, s in zip(node.inputs, shapes))
                raise ShapeError(f"{self.name}: the operands do not broadcast: {operands}") from None
        with np.errstate(all="ignore"):
            try:
                result = self.impl(*inputs)
            except ValueError as exc:  # NumPy refuses integers to negative integer powers
                raise InputError(f"{self.name}: {exc}") from None
        result = np.asarray(result, dtype=out_type.dtype)
        if not same_shapes:
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


def is_elementwise(op) -> bool:
    return isinstance(op, Elementwise)


# The families register their ops here, and their functions are re-exported, so
# ``from algrad.ops import elementwise as ew; ew.add(a, b)`` reaches every op.
from .arithmetic import (  # noqa: E402,F401
    ABS, ADD, CEIL, FLOOR, INT_DIV, MAXIMUM, MINIMUM, MOD, MUL, NEG, POW, SIGN, SQR, SQRT, SUB,
    TRUE_DIV, abs, add, ceil, clip, floor, int_div, maximum, minimum, mod, mul, neg, pow, sign,
    sqr, sqrt, sub, true_div)
from .logic import (  # noqa: E402,F401
    AND, EQ, FILL, GE, GT, INVERT, LE, LT, NEQ, OR, SWITCH, and_, eq, fill, ge, gt, invert, le,
    lt, neq, ones_like, or_, second, switch, where, zeros_like)
from .transcendental import (  # noqa: E402,F401
    ARCCOS, ARCCOSH, ARCSIN, ARCSINH, ARCTAN, ARCTANH, COS, COSH, ERF, EXP, EXPM1, LOG, LOG1P,
    SIGMOID, SIN, SINH, SOFTPLUS, TAN, TANH, arccos, arccosh, arcsin, arcsinh, arctan, arctanh,
    cos, cosh, erf, exp, expm1, log, log1p, sigmoid, sin, sinh, softplus, tan, tanh)

ELEMENTWISE_OPS = {op.name: op for op in (
    ADD, SUB, MUL, TRUE_DIV, INT_DIV, MOD, POW, NEG, ABS, SIGN, FLOOR, CEIL, EXP, LOG, LOG1P,
    EXPM1, SQRT, SQR, SIN, COS, TAN, ARCSIN, ARCCOS, ARCTAN, SINH, COSH, TANH, ARCSINH, ARCCOSH,
    ARCTANH, SIGMOID, SOFTPLUS, ERF, MAXIMUM, MINIMUM, LT, LE, GT, GE, EQ, NEQ, AND, OR, INVERT,
    SWITCH, FILL)}
