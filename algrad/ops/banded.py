"""Banded matrices from their diagonals, and back: how structured Jacobians are assembled.

A banded matrix with m rows and n columns is given by one vector per
diagonal offset o: ``vals[i]`` is the entry at row i, column i + o
(ignored where that column is outside 0 .. n-1).
"""
from __future__ import annotations

import numpy as np

from ..errors import NoGradientError, ShapeError
from ..graph import apply_node
from ..types import TensorType
from .base import Op
from .shape import constant_value


#: CSR results index with int32; a band with more nonzeros than this is refused
MAX_NNZ = 2 ** 31 - 1


def _band_rows(m, n, o):
    """The rows i of an m x n matrix whose column i + o exists."""
    return max(0, -o), max(max(0, -o), min(m, n - o))


class BandsToDense(Op):
    """The dense m x n matrix with the given diagonals (m = the diagonals' length)."""

    props = ("offsets",)
    linear = True

    def __init__(self, offsets):
        self.offsets = tuple(offsets)

    def make_node(self, n_cols, *vals):
        if len(vals) != len(self.offsets) or not vals:
            raise ShapeError(f"bands_to_dense: {len(vals)} diagonals for offsets {self.offsets}")
        m = vals[0].type.shape[0]
        known = constant_value(n_cols)
        n = None if known is None else int(known)
        return apply_node(self, [n_cols, *vals], [TensorType(vals[0].dtype, (m, n))])

    def perform(self, node, inputs):
        n_cols, *vals = inputs
        m, n = len(vals[0]), int(n_cols)
        out = np.zeros((m, n), dtype=node.outputs[0].dtype)
        for o, v in zip(self.offsets, vals):
            lo, hi = _band_rows(m, n, o)
            rows = np.arange(lo, hi)
            out[rows, rows + o] = v[lo:hi]
        return [out]

    def vjp(self, node, y_bars, needed):
        return [None] + [ExtractBand(o)(y_bars[0]) for o in self.offsets]

    def jvp(self, node, x_dots):
        if all(d is None for d in x_dots[1:]):
            return [None]
        from .elementwise import zeros_like
        vals = [zeros_like(v) if d is None else d for v, d in zip(node.inputs[1:], x_dots[1:])]
        return [BandsToDense(self.offsets)(node.inputs[0], *vals)]


class ExtractBand(Op):
    """The diagonal at ``offset`` of a matrix, one entry per row (0 where it leaves the matrix)."""

    props = ("offset",)
    linear = True

    def __init__(self, offset):
        self.offset = offset

    def make_node(self, a):
        if a.ndim != 2:
            raise ShapeError(f"extract_band takes a matrix, got {a!r} of rank {a.ndim}")
        return apply_node(self, [a], [TensorType(a.dtype, (a.type.shape[0],))])

    def perform(self, node, inputs):
        (a,) = inputs
        m, n = a.shape
        out = np.zeros(m, dtype=a.dtype)
        lo, hi = _band_rows(m, n, self.offset)
        rows = np.arange(lo, hi)
        out[lo:hi] = a[rows, rows + self.offset]
        return [out]

    def vjp(self, node, y_bars, needed):
        from .shape import shape_i
        return [BandsToDense((self.offset,))(shape_i(node.inputs[0], 1), y_bars[0])]

    def jvp(self, node, x_dots):
        return [None if x_dots[0] is None else ExtractBand(self.offset)(x_dots[0])]


class BandsToCSR(Op):
    """The CSR arrays (data, indices, indptr) of the banded matrix with the given diagonals."""

    props = ("offsets",)

    def __init__(self, offsets):
        self.offsets = tuple(sorted(offsets))

    def make_node(self, n_cols, *vals):
        # int32 indices, as scipy.sparse keeps them unless nnz needs more: no conversion on return
        dtype = vals[0].dtype
        types = [TensorType(dtype, (None,)), TensorType("int32", (None,)), TensorType("int32", (None,))]
        return apply_node(self, [n_cols, *vals], types)

    def perform(self, node, inputs):
        n_cols, *vals = inputs
        m, n = len(vals[0]), int(n_cols)
        counts = np.zeros(m, dtype="int64")
        for o in self.offsets:
            lo, hi = _band_rows(m, n, o)
            counts[lo:hi] += 1
        if counts.sum() >= MAX_NNZ:
            raise ShapeError(f"bands_to_csr: {counts.sum()} nonzeros do not fit 32-bit indices")
        indptr = np.zeros(m + 1, dtype="int32")
        np.cumsum(counts, out=indptr[1:])
        data = np.zeros(indptr[-1], dtype=node.outputs[0].dtype)
        indices = np.zeros(indptr[-1], dtype="int32")
        fill = indptr[:-1].copy()
        for o, v in zip(self.offsets, vals):  # offsets ascend, so columns ascend within a row
            lo, hi = _band_rows(m, n, o)
            rows = np.arange(lo, hi)
            data[fill[lo:hi]] = v[lo:hi]
            indices[fill[lo:hi]] = rows + o
            fill[lo:hi] += 1
        return [data, indices, indptr]

    def vjp(self, node, y_bars, needed):
        raise NoGradientError("a sparse Jacobian is an output format; differentiate the dense form")
