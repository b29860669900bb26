"""The Theano-style tensor API, imported as ``T``: ``import algrad.tensor as T``.

Constructors make input variables (``T.dscalar('x')``, ``T.dmatrix('W')``);
the functions build graph.  Theano's names are kept so that Theano code
runs with ``import algrad.tensor as T``.
"""
from __future__ import annotations

from .convert import as_tensor_variable
from .errors import AlgradTypeError, ShapeError
from .graph import Variable, constant as _constant
from .types import TensorType, as_dtype
from .ops.elementwise import (  # noqa: F401  (re-exported)
    abs, add, and_, arccos, arccosh, arcsin, arcsinh, arctan, arctanh, cast, ceil, clip, cos,
    cosh, eq, erf, exp, expm1, fill, floor, ge, gt, int_div, invert, le, log, log1p, lt, maximum,
    minimum, mod, mul, neg, neq, ones_like, or_, pow, second, sigmoid, sign, sin, sinh, softplus,
    sqr, sqrt, sub, switch, tan, tanh, true_div, where, zeros_like)
from .ops.reduce import max, mean, min, prod, sum  # noqa: F401
from .ops.dimshuffle import dimshuffle, transpose  # noqa: F401
from .ops.shape import (  # noqa: F401
    alloc, arange, concatenate, flatten, ones, reshape, shape, shape_i, stack, zeros)
from .ops.subtensor import inc_subtensor, set_subtensor, subtensor  # noqa: F401
from .ops.linalg import dot, outer  # noqa: F401
from .grad import Lop, grad  # noqa: F401
from .forward import Rop  # noqa: F401

# Theano's other names for the same functions
div = true_div
divide = true_div
floor_div = int_div
power = pow
minus = sub
nnet_sigmoid = sigmoid


def constant(value, name=None, dtype=None):
    """A constant tensor.

    Examples
    --------
    >>> import algrad.tensor as T
    >>> T.constant(2.0)
    TensorConstant{2.0}
    """
    return _constant(value, dtype=dtype, name=name, weak=False)


def tensor(dtype="float64", shape=None, name=None, ndim=None):
    """An input variable of any rank; ``shape`` holds lengths, None where unknown.

    A length of 1 makes that axis broadcastable.

    Examples
    --------
    >>> import algrad.tensor as T
    >>> T.tensor('float32', shape=(None, 1), name='c').type
    TensorType(float32, shape=(None, 1))
    """
    if shape is None:
        shape = (None,) * (ndim or 0)
    elif ndim is not None and len(shape) != ndim:
        raise ShapeError(f"tensor: shape {shape} does not have ndim={ndim} entries")
    if name is not None and not isinstance(name, str):
        raise AlgradTypeError(f"a variable's name must be a string, got {name!r}")
    return Variable(TensorType(as_dtype(dtype), shape), name=name)


def scalar(name=None, dtype="float64"):
    """A scalar input variable."""
    return tensor(dtype, (), name)


def vector(name=None, dtype="float64", shape=(None,)):
    """A vector input variable."""
    return tensor(dtype, shape, name, ndim=1)


def matrix(name=None, dtype="float64", shape=(None, None)):
    """A matrix input variable."""
    return tensor(dtype, shape, name, ndim=2)


def row(name=None, dtype="float64"):
    """A matrix with one row, broadcastable along axis 0: shape (1, n)."""
    return tensor(dtype, (1, None), name)


def col(name=None, dtype="float64"):
    """A matrix with one column, broadcastable along axis 1: shape (n, 1)."""
    return tensor(dtype, (None, 1), name)


def tensor3(name=None, dtype="float64"):
    """A rank-3 input variable."""
    return tensor(dtype, (None, None, None), name)


def tensor4(name=None, dtype="float64"):
    """A rank-4 input variable."""
    return tensor(dtype, (None,) * 4, name)


def _maker(kind, dtype):
    def make(name=None):
        return kind(name, dtype=dtype)
    make.__name__ = f"{dtype[0] if dtype != 'int64' else 'l'}{kind.__name__}"
    make.__doc__ = f"A {dtype} {kind.__name__} input variable (Theano's ``T.{make.__name__}``)."
    return make


_PREFIXES = {"d": "float64", "f": "float32", "i": "int32", "l": "int64", "b": "bool"}
for _p, _dtype in _PREFIXES.items():
    for _kind in (scalar, vector, matrix, row, col, tensor3, tensor4):
        _f = _maker(_kind, _dtype)
        _f.__name__ = _p + _kind.__name__
        _f.__doc__ = f"A {_dtype} {_kind.__name__} input variable (Theano's ``T.{_f.__name__}``)."
        globals()[_p + _kind.__name__] = _f
del _p, _dtype, _kind, _f


