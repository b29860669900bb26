"""Linear algebra: dot (vector and matrix products) and outer."""
from __future__ import annotations

import numpy as np

from ..convert import as_tensor_variable
from ..errors import ShapeError
from ..graph import apply_node
from ..types import TensorType, result_dtype
from . import elementwise as ew
from .base import Op
from .dimshuffle import dimshuffle


class Dot(Op):
    """``numpy.dot`` of two tensors of rank 1 or 2."""

    def make_node(self, a, b):
        if a.ndim not in (1, 2) or b.ndim not in (1, 2):
            raise ShapeError(f"dot takes vectors and matrices, got ranks {a.ndim} and {b.ndim}")
        inner_a, inner_b = a.type.shape[-1], b.type.shape[0]
        if inner_a is not None and inner_b is not None and inner_a != inner_b:
            raise ShapeError(f"dot: {a!r} of shape {a.type.shape} and {b!r} of shape {b.type.shape} "
                             f"do not fit ({inner_a} != {inner_b})")
        shape = a.type.shape[:-1] + b.type.shape[1:]
        dtype = result_dtype(np.multiply, (a.dtype, b.dtype), (a.weak, b.weak))
        return apply_node(self, [a, b], [TensorType(dtype, shape)])

    def perform(self, node, inputs):
        a, b = inputs
        if a.shape[-1] != b.shape[0]:
            raise ShapeError(f"dot: shapes {a.shape} and {b.shape} do not fit "
                             f"({a.shape[-1]} != {b.shape[0]})")
        return [np.asarray(np.dot(a, b), dtype=node.outputs[0].dtype)]

    def vjp(self, node, y_bars, needed):
        a, b = node.inputs
        (g,) = y_bars
        ranks = (a.ndim, b.ndim)
        if ranks == (2, 2):
            return [dot(g, b.T), dot(a.T, g)]
        if ranks == (2, 1):
            return [outer(g, b), dot(g, a)]
        if ranks == (1, 2):
            return [dot(b, g), outer(a, g)]
        return [ew.mul(g, b), ew.mul(g, a)]

    def jvp(self, node, x_dots):
        a, b = node.inputs
        a_dot, b_dot = x_dots
        terms = []
        if a_dot is not None:
            terms.append(dot(a_dot, b))
        if b_dot is not None:
            terms.append(dot(a, b_dot))
        if not terms:
            return [None]
        return [terms[0] if len(terms) == 1 else ew.add(*terms)]


def dot(a, b):
    """Matrix and vector products, as ``numpy.dot``; with a scalar, a product.

    Examples
    --------
    >>> import algrad, algrad.tensor as T
    >>> A, v = T.dmatrix('A'), T.dvector('v')
    >>> algrad.function([A, v], T.dot(A, v), mode='numpy')([[1, 2], [3, 4]], [1, 1])
    array([3., 7.])
    """
    a, b = as_tensor_variable(a), as_tensor_variable(b)
    if a.ndim == 0 or b.ndim == 0:
        return ew.mul(a, b)
    return Dot()(a, b)


def outer(a, b):
    """The outer product of two vectors."""
    a, b = as_tensor_variable(a), as_tensor_variable(b)
    if a.ndim != 1 or b.ndim != 1:
        raise ShapeError(f"outer takes two vectors, got ranks {a.ndim} and {b.ndim}")
    return ew.mul(dimshuffle(a, 0, "x"), dimshuffle(b, "x", 0))
