"""dimshuffle: permute axes, insert broadcastable axes ('x'), drop length-1 axes.

It is how ranks are aligned before an elementwise op (a vector added to a
matrix is first shuffled to a (1, n) row), so undoing broadcasting in the
reverse pass comes down to summing over length-1 axes and undoing this op.
"""
from __future__ import annotations

import numpy as np

from ..convert import as_tensor_variable
from ..errors import ShapeError
from ..graph import apply_node
from ..types import TensorType
from .base import Op


class DimShuffle(Op):
    """``new_order`` lists, per output axis, an input axis or 'x' for a new one."""

    props = ("input_ndim", "new_order")
    linear = True

    def __init__(self, input_ndim, new_order):
        self.input_ndim = input_ndim
        self.new_order = tuple(new_order)

    def __repr__(self):
        return "dimshuffle{" + ",".join(str(d) for d in self.new_order) + "}"

    @property
    def is_left_pad(self):
        """Only broadcastable axes put in front: implicit broadcasting, as NumPy does it."""
        k = self.new_order.count("x")
        return self.new_order == ("x",) * k + tuple(range(self.input_ndim))

    @property
    def dropped(self):
        return tuple(i for i in range(self.input_ndim) if i not in self.new_order)

    @property
    def is_transpose(self):
        return self.input_ndim > 1 and self.new_order == tuple(reversed(range(self.input_ndim)))

    def make_node(self, x):
        x = as_tensor_variable(x)
        shape = x.type.shape
        for i in self.dropped:
            if shape[i] != 1:
                raise ShapeError(
                    f"dimshuffle{self.new_order} drops axis {i} of {x!r}, whose length is "
                    f"{shape[i]} rather than a static 1")
        out_shape = tuple(1 if d == "x" else shape[d] for d in self.new_order)
        return apply_node(self, [x], [TensorType(x.dtype, out_shape)], weak=x.weak)

    def perform(self, node, inputs):
        (x,) = inputs
        for i in self.dropped:
            if x.shape[i] != 1:
                raise ShapeError(
                    f"dimshuffle{self.new_order}: axis {i} of the input has length {x.shape[i]}, "
                    "but it was declared broadcastable (length 1)")
        kept = [d for d in self.new_order if d != "x"]
        y = np.transpose(x.reshape([n for i, n in enumerate(x.shape) if i not in self.dropped]),
                         [sorted(kept).index(d) for d in kept])
        return [y.reshape([1 if d == "x" else x.shape[d] for d in self.new_order])]

    def vjp(self, node, y_bars, needed):
        (y_bar,) = y_bars
        order = []
        for axis in range(self.input_ndim):
            order.append(self.new_order.index(axis) if axis in self.new_order else "x")
        return [dimshuffle(y_bar, *order)]

    def jvp(self, node, x_dots):
        (x_dot,) = x_dots
        return [None if x_dot is None else dimshuffle(x_dot, *self.new_order)]


def dimshuffle(x, *pattern):
    """Reorder the axes of ``x``; 'x' inserts a broadcastable axis.

    Examples
    --------
    >>> import algrad.tensor as T
    >>> v = T.dvector('v')
    >>> v.dimshuffle('x', 0).type.shape
    (1, None)
    """
    x = as_tensor_variable(x)
    if len(pattern) == 1 and isinstance(pattern[0], (list, tuple)):
        pattern = tuple(pattern[0])
    for entry in pattern:
        if entry != "x" and not (isinstance(entry, (int, np.integer)) and 0 <= entry < x.ndim):
            raise ShapeError(f"dimshuffle of {x!r} (rank {x.ndim}): bad entry {entry!r} in {pattern}")
    kept = [d for d in pattern if d != "x"]
    if len(set(kept)) != len(kept):
        raise ShapeError(f"dimshuffle of {x!r}: axis repeated in {pattern}")
    pattern = tuple(int(d) if d != "x" else d for d in pattern)
    if pattern == tuple(range(x.ndim)):
        return x
    return DimShuffle(x.ndim, pattern)(x)


def pad_left(x, ndim):
    """``x`` with broadcastable axes put in front up to rank ``ndim``."""
    if x.ndim == ndim:
        return x
    return dimshuffle(x, *(["x"] * (ndim - x.ndim) + list(range(x.ndim))))


def transpose(x, axes=None):
    """Permute the axes of ``x`` (reverse them by default), like ``numpy.transpose``."""
    x = as_tensor_variable(x)
    if axes is None:
        axes = tuple(reversed(range(x.ndim)))
    axes = tuple(a + x.ndim if isinstance(a, (int, np.integer)) and a < 0 else a for a in axes)
    if sorted(axes) != list(range(x.ndim)):
        raise ShapeError(f"transpose of {x!r} (rank {x.ndim}): axes {axes} are not a permutation")
    return dimshuffle(x, *axes)
