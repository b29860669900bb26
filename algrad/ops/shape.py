"""Shape ops: shape, reshape, flatten, arange, alloc, concatenate, stack.

Indexing lives in :mod:`algrad.ops.subtensor`.
"""
from __future__ import annotations

import numpy as np

from ..convert import as_tensor_variable
from ..errors import AlgradTypeError, ArgumentError, InputError, ShapeError
from ..graph import Constant, apply_node, constant
from ..types import TensorType, broadcast_static_shapes, result_dtype
from . import elementwise as ew
from .base import Op
from .dimshuffle import dimshuffle, pad_left


def constant_value(v):
    """The value of ``v`` if it is known when the graph is built, else None."""
    if isinstance(v, Constant):
        return v.data
    if v.owner is not None and isinstance(v.owner.op, ShapeI):
        n = v.owner.inputs[0].type.shape[v.owner.op.axis]
        return None if n is None else np.asarray(n)
    return None


def as_int_scalar(v, what):
    v = as_tensor_variable(v)
    if v.ndim != 0 or not (v.dtype.startswith("int") or v.dtype == "bool"):
        raise AlgradTypeError(f"{what} must be an integer scalar, got {v!r} ({v.type.describe()})")
    return v


class Shape(Op):
    """The shape of ``x`` as an int64 vector."""

    def make_node(self, x):
        x = as_tensor_variable(x)
        return apply_node(self, [x], [TensorType("int64", (x.ndim,))])

    def perform(self, node, inputs):
        return [np.array(np.shape(inputs[0]), dtype="int64")]

    def vjp(self, node, y_bars, needed):
        return [None]

    def jvp(self, node, x_dots):
        return [None]


class ShapeI(Op):
    """The length of ``x`` along one axis, as an int64 scalar."""

    props = ("axis",)
    name = "shape_i"

    def __init__(self, axis):
        self.axis = axis

    def make_node(self, x):
        x = as_tensor_variable(x)
        return apply_node(self, [x], [TensorType("int64", ())])

    def perform(self, node, inputs):
        return [np.array(np.shape(inputs[0])[self.axis], dtype="int64")]

    def vjp(self, node, y_bars, needed):
        return [None]

    def jvp(self, node, x_dots):
        return [None]


def shape(x):
    """The symbolic shape of ``x`` (``x.shape``), an int64 vector."""
    return Shape()(as_tensor_variable(x))


def shape_i(x, axis):
    """The length of ``x`` along ``axis``: a constant when it is known statically."""
    x = as_tensor_variable(x)
    if not -x.ndim <= axis < x.ndim:
        raise ShapeError(f"axis {axis} is out of range for {x!r} of rank {x.ndim}")
    axis %= x.ndim
    n = x.type.shape[axis]
    if n is not None:
        return constant(n, dtype="int64")
    return ShapeI(axis)(x)


class Reshape(Op):
    """``x`` reshaped to the int64 vector ``shape`` (one -1 allowed)."""

    props = ("ndim",)
    linear = True

    def __init__(self, ndim):
        self.ndim = ndim

    def make_node(self, x, shape):
        x = as_tensor_variable(x)
        static = []
        known = constant_value(shape)
        entries = shape.owner.inputs if shape.owner is not None and isinstance(shape.owner.op, Join) else None
        for i in range(self.ndim):
            n = None
            if known is not None:
                n = int(known[i])
            elif entries is not None and len(entries) == self.ndim:
                value = constant_value(entries[i].owner.inputs[0]) if entries[i].owner else None
                n = None if value is None else int(value)
            static.append(None if n is None or n < 0 else n)
        size = _static_size(x.type.shape)
        if size is not None and static.count(None) == 1 and all(
                s is not None for s in static if s is not None):
            rest = _static_size([s for s in static if s is not None])
            if rest and size % rest == 0:
                static[static.index(None)] = size // rest
        if size is not None and None not in static and _static_size(static) != size:
            raise ShapeError(f"cannot reshape {x!r} of static shape {x.type.shape} to {tuple(static)}")
        return apply_node(self, [x, shape], [TensorType(x.dtype, static)])

    def perform(self, node, inputs):
        x, shape = inputs
        try:
            return [np.reshape(x, tuple(int(n) for n in shape))]
        except ValueError:
            raise ShapeError(f"cannot reshape an array of shape {x.shape} to "
                             f"{tuple(int(n) for n in shape)}") from None

    def vjp(self, node, y_bars, needed):
        x = node.inputs[0]
        return [reshape(y_bars[0], globals()["shape"](x), ndim=x.ndim), None]

    def jvp(self, node, x_dots):
        return [None if x_dots[0] is None else Reshape(self.ndim)(x_dots[0], node.inputs[1])]


def _static_size(shape):
    size = 1
    for n in shape:
        if n is None:
            return None
        size *= n
    return size


def reshape(x, newshape, ndim=None):
    """``x`` with a new shape: a tuple of ints and integer scalars, or an int vector."""
    x = as_tensor_variable(x)
    if isinstance(newshape, (int, np.integer)):
        newshape = (newshape,)
    if isinstance(newshape, (list, tuple)):
        parts = [as_int_scalar(n, "a reshape length") for n in newshape]
        newshape = stack([ew.cast(p, "int64") for p in parts]) if parts else constant(
            np.zeros(0, "int64"))
    else:
        newshape = as_tensor_variable(newshape)
    if newshape.ndim != 1 or not newshape.dtype.startswith("int"):
        raise AlgradTypeError(f"reshape of {x!r}: the new shape must be an int vector, got {newshape!r}")
    if ndim is None:
        ndim = newshape.type.shape[0]
        if ndim is None:
            raise ShapeError(f"reshape of {x!r}: the rank of the new shape is unknown; pass ndim=")
    return Reshape(ndim)(x, ew.cast(newshape, "int64"))


def flatten(x, ndim=1):
    """``x`` with its trailing axes merged so that it has rank ``ndim``."""
    x = as_tensor_variable(x)
    if not 1 <= ndim <= max(x.ndim, 1):
        raise ShapeError(f"flatten of {x!r} (rank {x.ndim}) to rank {ndim}")
    lengths = [shape_i(x, i) for i in range(ndim - 1)] + [constant(-1, dtype="int64")]
    return reshape(x, lengths, ndim=ndim)


class ARange(Op):
    """``numpy.arange(start, stop, step)``."""

    props = ("dtype",)

    def __init__(self, dtype):
        self.dtype = dtype

    def make_node(self, start, stop, step):
        values = [constant_value(v) for v in (start, stop, step)]
        length = None
        if values[2] is not None and values[2].item() == 0:
            raise ArgumentError("arange: step must not be zero")
        if all(v is not None for v in values):
            length = len(np.arange(*[v.item() for v in values]))
        return apply_node(self, [start, stop, step], [TensorType(self.dtype, (length,))])

    def perform(self, node, inputs):
        start, stop, step = (v.item() for v in inputs)
        if step == 0:
            raise InputError("arange: step must not be zero")
        return [np.arange(start, stop, step, dtype=self.dtype)]

    def vjp(self, node, y_bars, needed):
        return [None, None, None]

    def jvp(self, node, x_dots):
        return [None]


def arange(start, stop=None, step=1, dtype=None):
    """Evenly spaced values, as ``numpy.arange``; bounds may be symbolic scalars.

    Examples
    --------
    >>> import algrad, algrad.tensor as T
    >>> n = T.lscalar('n')
    >>> algrad.function([n], T.arange(n), mode='numpy')(3)
    array([0, 1, 2])
    """
    if stop is None:
        start, stop = 0, start
    bounds = [as_tensor_variable(v) for v in (start, stop, step)]
    for v, what in zip(bounds, ("start", "stop", "step")):
        if v.ndim != 0:
            raise ShapeError(f"arange: {what} must be a scalar, got {v!r}")
    if dtype is None:
        dtype = result_dtype(np.add, tuple(v.dtype for v in bounds), tuple(v.weak for v in bounds))
        if dtype == "bool":
            dtype = "int64"
    return ARange(dtype)(*[ew.cast(v, dtype) for v in bounds])


class Alloc(Op):
    """An array of the given shape filled with ``value`` (broadcast)."""

    def make_node(self, value, *lengths):
        static = [None if constant_value(n) is None else int(constant_value(n)) for n in lengths]
        value = pad_left(value, len(lengths))
        static = broadcast_static_shapes([value.type.shape, tuple(static)], what="alloc")
        return apply_node(self, [value, *lengths], [TensorType(value.dtype, static)])

    def perform(self, node, inputs):
        value, *lengths = inputs
        shape = tuple(int(n) for n in lengths)
        padded = node.inputs[0].type.shape
        for axis, (n, static) in enumerate(zip(np.shape(value), padded)):
            # broadcasting an axis not declared length 1 would give a gradient of the wrong shape
            if n != shape[axis] and static != 1:
                raise ShapeError(f"alloc: the value has length {n} along axis {axis}, the result "
                                 f"{shape[axis]}; only axes of static length 1 broadcast")
        try:
            return [np.array(np.broadcast_to(value, shape))]
        except ValueError:
            raise ShapeError(f"alloc: cannot broadcast a value of shape {value.shape} to {shape}") from None

    def vjp(self, node, y_bars, needed):
        return [y_bars[0]] + [None] * (len(node.inputs) - 1)

    def jvp(self, node, x_dots):
        if x_dots[0] is None:
            return [None]
        return [Alloc()(x_dots[0], *node.inputs[1:])]


def alloc(value, *lengths):
    """An array of shape ``lengths`` filled with ``value``.

    Examples
    --------
    >>> import algrad, algrad.tensor as T
    >>> algrad.function([], T.alloc(1.5, 2, 3), mode='numpy')().shape
    (2, 3)
    """
    value = as_tensor_variable(value)
    if len(lengths) < value.ndim:
        raise ShapeError(f"alloc: {len(lengths)} lengths for a value of rank {value.ndim}")
    lengths = [ew.cast(as_int_scalar(n, "an alloc length"), "int64") for n in lengths]
    return Alloc()(value, *lengths)


def zeros(shape, dtype="float64"):
    """An array of zeros of the given shape (ints or integer scalars)."""
    shape = (shape,) if not isinstance(shape, (list, tuple)) else shape
    return alloc(constant(0, dtype=dtype), *shape)


def ones(shape, dtype="float64"):
    """An array of ones of the given shape (ints or integer scalars)."""
    shape = (shape,) if not isinstance(shape, (list, tuple)) else shape
    return alloc(constant(1, dtype=dtype), *shape)


class Join(Op):
    """Concatenation along ``axis`` (``numpy.concatenate``)."""

    props = ("axis",)
    linear = True

    def __init__(self, axis):
        self.axis = axis

    def make_node(self, *tensors):
        shapes = [t.type.shape for t in tensors]
        others = [tuple(s[:self.axis] + s[self.axis + 1:]) for s in shapes]
        for s in others[1:]:
            for a, b in zip(others[0], s):
                if a is not None and b is not None and a != b:
                    raise ShapeError(f"concatenate along axis {self.axis}: shapes {shapes} differ "
                                     "off that axis")
        merged = [next((n for n in col if n is not None), None) for col in zip(*others)]
        lengths = [s[self.axis] for s in shapes]
        total = None if None in lengths else int(np.sum(lengths))
        static = merged[:self.axis] + [total] + merged[self.axis:]
        dtype = tensors[0].dtype
        for t in tensors[1:]:
            dtype = result_dtype(np.add, (dtype, t.dtype), (False, False))
        return apply_node(self, tensors, [TensorType(dtype, static)])

    def perform(self, node, inputs):
        try:
            return [np.concatenate(inputs, axis=self.axis).astype(node.outputs[0].dtype, copy=False)]
        except ValueError:
            shapes = [np.shape(v) for v in inputs]
            raise ShapeError(f"concatenate along axis {self.axis}: shapes {shapes} do not fit") from None

    def vjp(self, node, y_bars, needed):
        from .subtensor import subtensor
        (y_bar,) = y_bars
        grads, offset = [], constant(0, dtype="int64")
        for x, want in zip(node.inputs, needed):
            end = ew.add(offset, shape_i(x, self.axis))
            index = (slice(None),) * self.axis + (slice(offset, end),)
            grads.append(subtensor(y_bar, index) if want else None)
            offset = end
        return grads

    def jvp(self, node, x_dots):
        if all(d is None for d in x_dots):
            return [None]
        parts = [ew.zeros_like(x) if d is None else d for x, d in zip(node.inputs, x_dots)]
        return [Join(self.axis)(*parts)]


def concatenate(tensors, axis=0):
    """Join tensors of equal rank along an existing axis.

    Examples
    --------
    >>> import algrad, algrad.tensor as T
    >>> a, b = T.dvector('a'), T.dvector('b')
    >>> algrad.function([a, b], T.concatenate([a, b]), mode='numpy')([1], [2, 3])
    array([1., 2., 3.])
    """
    tensors = [as_tensor_variable(t) for t in tensors]
    if not tensors:
        raise ArgumentError("concatenate needs at least one tensor")
    ndim = tensors[0].ndim
    if ndim == 0 or any(t.ndim != ndim for t in tensors):
        raise ShapeError(f"concatenate needs tensors of one rank >= 1, got ranks {[t.ndim for t in tensors]}")
    if not -ndim <= axis < ndim:
        raise ShapeError(f"concatenate: axis {axis} is out of range for rank {ndim}")
    if len(tensors) == 1:
        return tensors[0]
    return Join(axis % ndim)(*tensors)


def stack(tensors, axis=0):
    """Join tensors of equal shape along a new axis."""
    tensors = [as_tensor_variable(t) for t in tensors]
    if not tensors:
        raise ArgumentError("stack needs at least one tensor")
    ndim = tensors[0].ndim
    if any(t.ndim != ndim for t in tensors):
        raise ShapeError(f"stack needs tensors of one rank, got ranks {[t.ndim for t in tensors]}")
    if not -(ndim + 1) <= axis <= ndim:
        raise ShapeError(f"stack: axis {axis} is out of range for rank {ndim + 1}")
    axis %= ndim + 1
    order = list(range(ndim))
    order.insert(axis, "x")
    expanded = [dimshuffle(t, *order) for t in tensors]
    return expanded[0] if len(expanded) == 1 else Join(axis)(*expanded)
