"""Reductions over axes: sum, prod, max, min, and mean built on sum.

The ops drop the reduced axes; ``keepdims=True`` is a dimshuffle after.
Their reverse rules broadcast the cotangent back with ``fill(x, ...)``.
"""
from __future__ import annotations

import numpy as np

from ..convert import as_tensor_variable
from ..errors import ShapeError
from ..graph import apply_node
from ..types import TensorType
from . import elementwise as ew
from .base import Op
from .dimshuffle import dimshuffle


def normalize_axes(x, axis) -> tuple:
    """Axis None, an int or a sequence of ints, as a sorted tuple of axes of ``x``."""
    if axis is None:
        return tuple(range(x.ndim))
    axes = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
    out = []
    for a in axes:
        if not isinstance(a, (int, np.integer)) or not -x.ndim <= a < x.ndim:
            raise ShapeError(f"axis {a!r} is out of range for {x!r} of rank {x.ndim}")
        out.append(int(a) % x.ndim)
    if len(set(out)) != len(out):
        raise ShapeError(f"repeated axis in {axis!r}")
    return tuple(sorted(out))


def _restore_axes(y, axes, ndim):
    """Shuffle a reduced ``y`` back to rank ``ndim`` with length-1 axes at ``axes``."""
    order, k = [], 0
    for i in range(ndim):
        if i in axes:
            order.append("x")
        else:
            order.append(k)
            k += 1
    return dimshuffle(y, *order)


class Reduce(Op):
    """A reduction over ``axes``; subclasses give the NumPy function and rules."""

    props = ("axes",)
    numpy_fn = None

    def __init__(self, axes):
        self.axes = tuple(axes)

    def out_dtype(self, x):
        return x.dtype

    def make_node(self, x):
        x = as_tensor_variable(x)
        shape = tuple(s for i, s in enumerate(x.type.shape) if i not in self.axes)
        return apply_node(self, [x], [TensorType(self.out_dtype(x), shape)])

    def perform(self, node, inputs):
        out_dtype = node.outputs[0].dtype
        try:
            result = type(self).numpy_fn(inputs[0], axis=self.axes)
        except ValueError:  # max or min over an empty axis has no value
            raise ShapeError(f"{self.name} over axes {self.axes} of an array of shape "
                             f"{np.shape(inputs[0])}: an empty axis has no {self.name}") from None
        return [np.asarray(result, dtype=out_dtype)]


def contracted_jvp(op, node, x_dots):
    """The tangent of a reduction as <d y/d x, x_dot>: its reverse rule's weights, contracted."""
    (x_dot,) = x_dots
    if x_dot is None:
        return [None]
    (weights,) = op.vjp(node, [ew.ones_like(node.outputs[0])], [True])
    return [sum(ew.mul(weights, x_dot), op.axes)]


class Sum(Reduce):
    linear = True
    numpy_fn = staticmethod(np.sum)

    def out_dtype(self, x):
        return "int64" if x.dtype in ("bool", "int32") else x.dtype

    def vjp(self, node, y_bars, needed):
        (x,) = node.inputs
        return [ew.fill(x, _restore_axes(y_bars[0], self.axes, x.ndim))]

    def jvp(self, node, x_dots):
        return [None if x_dots[0] is None else sum(x_dots[0], self.axes)]


class Prod(Reduce):
    numpy_fn = staticmethod(np.prod)

    def out_dtype(self, x):
        return "int64" if x.dtype in ("bool", "int32") else x.dtype

    def vjp(self, node, y_bars, needed):
        # d prod / d x_i is the product of the other elements; written so a
        # zero in x gives the right answer instead of prod / 0.
        (x,) = node.inputs
        y_bar = _restore_axes(y_bars[0], self.axes, x.ndim)
        is_zero = ew.eq(x, 0)
        n_zeros = _restore_axes(sum(ew.cast(is_zero, "int64"), self.axes), self.axes, x.ndim)
        prod_nonzero = _restore_axes(prod(ew.switch(is_zero, 1, x), self.axes), self.axes, x.ndim)
        full = _restore_axes(node.outputs[0], self.axes, x.ndim)
        others = ew.switch(ew.eq(n_zeros, 0), ew.true_div(full, ew.switch(is_zero, 1, x)),
                           ew.switch(ew.and_(ew.eq(n_zeros, 1), is_zero), prod_nonzero, 0))
        return [ew.mul(y_bar, others)]

    def jvp(self, node, x_dots):
        return contracted_jvp(self, node, x_dots)


class _Extremum(Reduce):
    def vjp(self, node, y_bars, needed):
        # the cotangent goes to every element equal to the extremum
        (x,) = node.inputs
        y = _restore_axes(node.outputs[0], self.axes, x.ndim)
        y_bar = _restore_axes(y_bars[0], self.axes, x.ndim)
        return [ew.switch(ew.eq(x, y), y_bar, 0)]

    def jvp(self, node, x_dots):
        return contracted_jvp(self, node, x_dots)


class Max(_Extremum):
    numpy_fn = staticmethod(np.max)


class Min(_Extremum):
    numpy_fn = staticmethod(np.min)


def _reduce(op_class, x, axis, keepdims):
    x = as_tensor_variable(x)
    axes = normalize_axes(x, axis)
    if not axes:  # nothing to reduce: x, in the dtype the reduction gives (int32 sums to int64)
        return ew.cast(x, op_class(axes).out_dtype(x))
    if op_class in (Max, Min):
        for a in axes:
            if x.type.shape[a] == 0:
                raise ShapeError(f"{op_class.__name__.lower()} of {x!r} over axis {a}, which is empty")
    y = op_class(axes)(x)
    return _restore_axes(y, axes, x.ndim) if keepdims else y


def sum(x, axis=None, keepdims=False):
    """Sum of ``x`` over ``axis`` (all axes by default).

    Examples
    --------
    >>> import algrad, algrad.tensor as T
    >>> x = T.dmatrix('x')
    >>> algrad.function([x], x.sum(axis=0), mode='numpy')([[1, 2], [3, 4]])
    array([4., 6.])
    """
    return _reduce(Sum, x, axis, keepdims)


def prod(x, axis=None, keepdims=False):
    """Product of ``x`` over ``axis``; its gradient is exact where ``x`` has zeros."""
    return _reduce(Prod, x, axis, keepdims)


def max(x, axis=None, keepdims=False):
    """Maximum over ``axis``; the gradient goes to every element that attains it."""
    return _reduce(Max, x, axis, keepdims)


def min(x, axis=None, keepdims=False):
    """Minimum over ``axis``; the gradient goes to every element that attains it."""
    return _reduce(Min, x, axis, keepdims)


def mean(x, axis=None, keepdims=False):
    """Mean over ``axis``: the sum divided by the number of elements reduced."""
    from . import shape as shape_ops
    x = as_tensor_variable(x)
    axes = normalize_axes(x, axis)
    total = sum(x, axes, keepdims)
    count = None
    for a in axes:
        n = shape_ops.shape_i(x, a)
        count = n if count is None else ew.mul(count, n)
    if count is None:  # no axis: the mean of one element is itself, as a float
        return ew.cast(total, ew.float_dtype_for(total.dtype))
    return ew.true_div(total, ew.cast(count, ew.float_dtype_for(total.dtype)))
