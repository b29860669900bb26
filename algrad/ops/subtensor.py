"""Basic indexing and slicing (``x[i]``, ``x[1:3]``, ``x[:, 0]``, ``x[-1]``).

An op holds the *structure* of an index (which axes take an integer, which a
slice, and which slice bounds are given); the integers and bounds themselves
are inputs, constant or symbolic.  ``inc_subtensor`` and ``set_subtensor``
are the reverse of indexing and give its gradient.
"""
from __future__ import annotations

import numpy as np

from ..convert import as_tensor_variable
from ..errors import AlgradIndexError, AlgradTypeError, InputError, ShapeError
from ..graph import apply_node
from ..types import TensorType
from . import elementwise as ew
from .base import Op
from .dimshuffle import dimshuffle, pad_left
from .shape import Shape, as_int_scalar, constant_value, shape_i


def _index_scalar(x, value, what):
    """An integer scalar index of ``x``; a bool index is a mask in NumPy, so it is refused
    (a bool slice bound is an int there, as here)."""
    v = as_int_scalar(value, what)
    if v.dtype == "bool":
        raise AlgradTypeError(f"{what} of {x!r} is the bool {v!r}; NumPy would read it as a mask, "
                              "which algrad does not support (cast it to an int to index)")
    return v


def _parse_index(x, index):
    """Split a Python index into (spec, input variables, new-axis positions)."""
    if not isinstance(index, tuple):
        index = (index,)
    n_ellipsis = sum(1 for e in index if e is Ellipsis)
    if n_ellipsis > 1:
        raise AlgradIndexError("an index can only have one ellipsis ('...')")
    n_real = sum(1 for e in index if e is not None and e is not Ellipsis)
    if n_real > x.ndim:
        raise AlgradIndexError(f"too many indices for {x!r}: it has rank {x.ndim}, the index has {n_real}")
    expanded = []
    for e in index:
        if e is Ellipsis:
            expanded.extend([slice(None)] * (x.ndim - n_real))
        else:
            expanded.append(e)
    spec, inputs, new_axes, out_axis = [], [], [], 0
    for e in expanded:
        if e is None:
            new_axes.append(out_axis)
            out_axis += 1
            continue
        if isinstance(e, slice):
            parts = (e.start, e.stop, e.step)
            spec.append(tuple(p is not None for p in parts))
            inputs.extend(as_int_scalar(p, "a slice bound") for p in parts if p is not None)
            out_axis += 1
        else:
            if isinstance(e, (list, np.ndarray)) or (hasattr(e, "ndim") and e.ndim > 0):
                raise AlgradTypeError(
                    f"index {e!r} of {x!r}: only integers and slices are supported as indices")
            spec.append("i")
            inputs.append(_index_scalar(x, e, "an index"))
    spec.extend([(False, False, False)] * (x.ndim - len(spec)))
    return tuple(spec), inputs, new_axes


def _static_shape(x_shape, spec, inputs):
    out, k = [], 0
    for n, entry in zip(x_shape, spec):
        if entry == "i":
            k += 1
            continue
        values = []
        for present in entry:
            if present:
                values.append(constant_value(inputs[k]))
                k += 1
            else:
                values.append(np.asarray(None, dtype=object))
        if entry == (False, False, False):
            out.append(n)
        elif n is not None and all(v is not None for v in values):
            out.append(len(range(*slice(*[v.item() for v in values]).indices(n))))
        else:
            out.append(None)
    return tuple(out)


def _rebuild_index(spec, values):
    index, k = [], 0
    for entry in spec:
        if entry == "i":
            index.append(int(values[k]))
            k += 1
            continue
        parts = []
        for present in entry:
            parts.append(int(values[k]) if present else None)
            k += present
        index.append(slice(*parts))
    return tuple(index)


def _check_bounds(x, index):
    for axis, i in enumerate(index):
        if isinstance(i, slice) and i.step == 0:  # NumPy's ValueError, as the Numba kernel raises it
            raise InputError("slice step cannot be zero")
        if isinstance(i, int) and not -x.shape[axis] <= i < x.shape[axis]:
            raise AlgradIndexError(f"index {i} is out of bounds for axis {axis} with length {x.shape[axis]}")


def _check_static_bounds(x, spec, idx):
    """Refuse, as the graph is built, a constant index beyond an axis of static length."""
    k = 0
    for axis, (n, entry) in enumerate(zip(x.type.shape, spec)):
        if entry != "i":
            k += sum(entry)
            continue
        value = constant_value(idx[k])
        k += 1
        if n is not None and value is not None and not -n <= int(value) < n:
            raise AlgradIndexError(f"index {int(value)} is out of bounds for axis {axis} of {x!r}, "
                                   f"of static length {n}")


class Subtensor(Op):
    """``x[index]`` for an index of integers and slices."""

    props = ("spec",)
    linear = True

    def __init__(self, spec):
        self.spec = spec

    def make_node(self, x, *idx):
        _check_static_bounds(x, self.spec, idx)
        return apply_node(self, [x, *idx], [TensorType(x.dtype, _static_shape(x.type.shape, self.spec, idx))])

    def perform(self, node, inputs):
        x, *idx = inputs
        index = _rebuild_index(self.spec, idx)
        _check_bounds(x, index)
        return [np.array(x[index])]

    def vjp(self, node, y_bars, needed):
        x, *idx = node.inputs
        return [inc_subtensor_index(ew.zeros_like(x), y_bars[0], self.spec, idx)] + [None] * len(idx)

    def jvp(self, node, x_dots):
        if x_dots[0] is None:
            return [None]
        return [Subtensor(self.spec)(x_dots[0], *node.inputs[1:])]


class IncSubtensor(Op):
    """``x`` with ``y`` added to (or, with ``set``, written over) ``x[index]``."""

    props = ("spec", "set")
    linear = True

    def __init__(self, spec, set=False):
        self.spec = spec
        self.set = set

    @property
    def name(self):
        return "set_subtensor" if self.set else "inc_subtensor"

    def make_node(self, x, y, *idx):
        _check_static_bounds(x, self.spec, idx)
        return apply_node(self, [x, y, *idx], [TensorType(x.dtype, x.type.shape)])

    def perform(self, node, inputs):
        x, y, *idx = inputs
        index = _rebuild_index(self.spec, idx)
        _check_bounds(x, index)
        out = np.array(x, copy=True)
        try:
            if self.set:
                out[index] = y
            else:
                out[index] += y
        except ValueError:
            raise ShapeError(f"{self.name}: a value of shape {np.shape(y)} does not fit "
                             f"x{list(index)} of shape {np.shape(x[index])}") from None
        return [out]

    def vjp(self, node, y_bars, needed):
        x, y, *idx = node.inputs
        (g,) = y_bars
        g_x = IncSubtensor(self.spec, set=True)(g, ew.zeros_like(y), *idx) if self.set else g
        g_y = Subtensor(self.spec)(g, *idx) if needed[1] else None
        return [g_x if needed[0] else None, g_y] + [None] * len(idx)

    def jvp(self, node, x_dots):
        x_dot, y_dot = x_dots[:2]
        if x_dot is None and y_dot is None:
            return [None]
        x, y, *idx = node.inputs
        x_dot = ew.zeros_like(x) if x_dot is None else x_dot
        y_dot = ew.zeros_like(y) if y_dot is None else y_dot
        return [IncSubtensor(self.spec, self.set)(x_dot, y_dot, *idx)]


def subtensor(x, index):
    """``x[index]``; the entries of ``index`` may be integer scalars of the graph.

    Examples
    --------
    >>> import algrad, algrad.tensor as T
    >>> x = T.dvector('x')
    >>> algrad.function([x], x[1:3], mode='numpy')([1, 2, 3, 4])
    array([2., 3.])
    """
    x = as_tensor_variable(x)
    spec, inputs, new_axes = _parse_index(x, index)
    if x.owner is not None and isinstance(x.owner.op, Shape) and spec == ("i",):
        i = constant_value(inputs[0])
        if i is not None:  # x.shape[k] is the length along axis k
            base = x.owner.inputs[0]
            if not -base.ndim <= int(i) < base.ndim:
                raise AlgradIndexError(f"{base!r} has rank {base.ndim}; it has no axis {int(i)}")
            return shape_i(base, int(i))
    inputs = [ew.cast(v, "int64") for v in inputs]
    if all(entry == (False, False, False) for entry in spec):
        y = x
    else:
        y = Subtensor(spec)(x, *inputs)
    if new_axes:
        order = list(range(y.ndim))
        for pos in new_axes:
            order.insert(pos, "x")
        y = dimshuffle(y, *order)
    return y


def inc_subtensor_index(x, y, spec, idx, set=False):
    region = _static_shape(x.type.shape, spec, idx)
    y = as_tensor_variable(y)
    if y.ndim > len(region):
        raise ShapeError(f"{'set' if set else 'inc'}_subtensor: a value of rank {y.ndim} for a "
                         f"region of rank {len(region)}")
    y = ew.cast(pad_left(y, len(region)), x.dtype)
    return IncSubtensor(spec, set)(x, y, *idx)


def _indexed(sub):
    sub = as_tensor_variable(sub)
    if sub.owner is None or not isinstance(sub.owner.op, Subtensor):
        # x[:] (or x[:, :]) is x itself, so any variable stands for its whole region
        if sub.ndim == 0:
            raise AlgradTypeError(f"inc_subtensor/set_subtensor take an indexed variable such "
                                  f"as x[1:3], got the scalar {sub!r}")
        return sub, ((False, False, False),) * sub.ndim, []
    x, *idx = sub.owner.inputs
    return x, sub.owner.op.spec, idx


def inc_subtensor(sub, y):
    """``x`` with ``y`` added to the region ``sub = x[index]`` (Theano's ``inc_subtensor``)."""
    x, spec, idx = _indexed(sub)
    return inc_subtensor_index(x, y, spec, idx)


def set_subtensor(sub, y):
    """``x`` with the region ``sub = x[index]`` replaced by ``y``."""
    x, spec, idx = _indexed(sub)
    return inc_subtensor_index(x, y, spec, idx, set=True)


