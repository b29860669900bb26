"""Tensor types: a dtype and a static shape, and how types combine.

A static shape is a tuple with one entry per dimension: an int where the
length is known when the graph is built, ``None`` where it is not.  A length
of 1 marks a broadcastable dimension, as in Theano: only dimensions known to
have length 1 broadcast, so the shape of every gradient is known statically.
"""
from __future__ import annotations

import functools

import numpy as np

from .errors import AlgradTypeError, ShapeError

#: The dtypes a tensor may have, in the order NumPy promotes them.
DTYPES = ("bool", "int32", "int64", "float32", "float64")

_CANONICAL = frozenset(DTYPES)

_ALIASES = {
    "float": "float64", "double": "float64", "single": "float32",
    "int": "int64", "long": "int64", "bool_": "bool",
}


def as_dtype(dtype) -> str:
    """Return the canonical name of a supported dtype, or raise naming it."""
    if isinstance(dtype, str):
        if dtype in _CANONICAL:  # the common case, without asking NumPy
            return dtype
        if dtype in _ALIASES:
            return _ALIASES[dtype]
    try:
        name = np.dtype(dtype).name
    except TypeError:
        raise AlgradTypeError(f"unknown dtype {dtype!r}; algrad supports {', '.join(DTYPES)}") from None
    if name not in DTYPES:
        raise AlgradTypeError(f"dtype {name} is not supported; algrad supports {', '.join(DTYPES)}")
    return name


def is_float(dtype: str) -> bool:
    return dtype.startswith("float")


def is_int(dtype: str) -> bool:
    return dtype.startswith("int")


def float_dtype_for(dtype: str) -> str:
    """The float dtype a function such as exp returns for this input dtype."""
    return dtype if is_float(dtype) else "float64"


class TensorType:
    """The type of a tensor variable: ``dtype`` and static ``shape``."""

    __slots__ = ("dtype", "shape")

    def __init__(self, dtype, shape=()):
        self.dtype = as_dtype(dtype)
        shape = tuple(shape)
        for length in shape:
            if length is not None and (not isinstance(length, (int, np.integer)) or length < 0):
                raise ShapeError(f"a static shape holds lengths >= 0 or None, got {shape!r}")
        self.shape = tuple(None if s is None else int(s) for s in shape)

    @property
    def ndim(self) -> int:
        return len(self.shape)

    @property
    def broadcastable(self) -> tuple:
        return tuple(s == 1 for s in self.shape)

    def __eq__(self, other):
        return isinstance(other, TensorType) and (self.dtype, self.shape) == (other.dtype, other.shape)

    def __hash__(self):
        return hash((self.dtype, self.shape))

    def __repr__(self):
        return f"TensorType({self.dtype}, shape={self.shape})"

    def describe(self) -> str:
        """Short words for error messages: 'a float64 vector of shape (None,)'."""
        kind = {0: "scalar", 1: "vector", 2: "matrix"}.get(self.ndim, f"{self.ndim}-d tensor")
        if self.ndim == 0:
            return f"a {self.dtype} scalar"
        return f"a {self.dtype} {kind} of static shape {self.shape}"


def broadcast_static_shapes(shapes, what="operands") -> tuple:
    """Broadcast static shapes of equal rank; raise ShapeError naming ``what``."""
    out = []
    for axis, lengths in enumerate(zip(*shapes)):
        known = {s for s in lengths if s is not None and s != 1}
        if len(known) > 1:
            raise ShapeError(
                f"{what}: shapes {', '.join(str(tuple(s)) for s in shapes)} do not broadcast "
                f"(axis {axis} has lengths {sorted(known)})")
        if known:
            out.append(known.pop())
        elif all(s == 1 for s in lengths):
            out.append(1)
        else:
            out.append(None)
    return tuple(out)


# A stand-in value of each Python scalar kind, so that NumPy's own rules
# (NEP 50) decide how a Python number combines with a typed array.
WEAK_STAND_IN = {"bool": False, "int64": 0, "float64": 0.0}


@functools.lru_cache(maxsize=None)
def result_dtype(ufunc, dtypes, weak):
    """The dtype NumPy's ``ufunc`` gives for these input dtypes.

    ``weak[i]`` is true where the operand came from a Python number; NumPy
    then lets the typed operand decide (float32 * 2.0 stays float32).
    """
    if isinstance(ufunc, np.ufunc) and len(dtypes) > ufunc.nin:
        # fold pairwise, e.g. the common dtype of three arange bounds
        first = result_dtype(ufunc, dtypes[:2], weak[:2])
        return result_dtype(ufunc, (first,) + tuple(dtypes[2:]), (all(weak[:2]),) + tuple(weak[2:]))
    args = [WEAK_STAND_IN[d] if w else np.zeros(0, d) for d, w in zip(dtypes, weak)]
    if all(weak):
        args = [np.zeros(0, d) for d in dtypes]
    with np.errstate(all="ignore"):
        name = ufunc(*args).dtype.name
    return name if name in DTYPES else as_dtype(np.promote_types(name, "float64") if name.startswith("float") else "int64")
