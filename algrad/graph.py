"""The expression DAG: variables, constants and apply nodes.

An :class:`Apply` ties an op to its input variables and owns its output
variables.  Nodes are hash-consed: asking for the same op on the same inputs
twice returns the same node, so equal subexpressions are one node and
sharing survives every transformation that rebuilds a graph.
"""
from __future__ import annotations

import itertools
import weakref

import numpy as np

from .errors import AlgradTypeError
from .types import TensorType

_APPLY_CACHE: "weakref.WeakValueDictionary" = weakref.WeakValueDictionary()
_CONSTANT_CACHE: "weakref.WeakValueDictionary" = weakref.WeakValueDictionary()
_CONSTANT_CACHE_MAX_SIZE = 256  # larger constants are not worth hashing
_ids = itertools.count()


class Variable:
    """A symbolic tensor: an input (``owner is None``) or an op's output.

    Variables compare by identity, so they can be dictionary keys; use
    ``algrad.tensor.eq`` for elementwise equality.  The arithmetic operators
    and methods (``x + y``, ``x.sum()``, ``x.T``, ``x[1:3]``) build graph
    through the functions of :mod:`algrad.tensor`.
    """

    __slots__ = ("type", "owner", "index", "name", "weak", "uid", "__weakref__")
    # Make NumPy defer to our reflected operators: ``array + x`` builds a graph.
    __array_ufunc__ = None

    def __init__(self, type: TensorType, owner=None, index=None, name=None, weak=False):
        self.type = type
        self.owner = owner
        self.index = index
        self.name = name
        self.weak = weak  # true when the value comes from Python numbers only
        self.uid = next(_ids)

    dtype = property(lambda self: self.type.dtype)
    ndim = property(lambda self: self.type.ndim)
    broadcastable = property(lambda self: self.type.broadcastable)
    static_shape = property(lambda self: self.type.shape)

    def __repr__(self):
        from .printing import short_name
        return short_name(self)

    __str__ = __repr__

    def __bool__(self):
        raise AlgradTypeError(
            f"the symbolic variable {self!r} has no truth value; "
            "use algrad.tensor.switch for a choice made at run time")

    def __iter__(self):
        length = self.type.shape[0] if self.ndim else None
        if length is None:
            raise AlgradTypeError(
                f"cannot iterate over {self!r}: its length along axis 0 is not known "
                "statically; use algrad.scan or index it with x[i]")
        return (self[i] for i in range(length))

    def __len__(self):
        raise AlgradTypeError(f"len() of a symbolic variable is not defined; use {self!r}.shape[0]")

    # -- arithmetic: each operator is the function of the same name in algrad.tensor
    def __add__(self, other): return _T().add(self, other)
    def __radd__(self, other): return _T().add(other, self)
    def __sub__(self, other): return _T().sub(self, other)
    def __rsub__(self, other): return _T().sub(other, self)
    def __mul__(self, other): return _T().mul(self, other)
    def __rmul__(self, other): return _T().mul(other, self)
    def __truediv__(self, other): return _T().true_div(self, other)
    def __rtruediv__(self, other): return _T().true_div(other, self)
    def __floordiv__(self, other): return _T().int_div(self, other)
    def __rfloordiv__(self, other): return _T().int_div(other, self)
    def __mod__(self, other): return _T().mod(self, other)
    def __rmod__(self, other): return _T().mod(other, self)
    def __pow__(self, other): return _T().pow(self, other)
    def __rpow__(self, other): return _T().pow(other, self)
    def __neg__(self): return _T().neg(self)
    def __pos__(self): return self
    def __abs__(self): return _T().abs(self)
    def __lt__(self, other): return _T().lt(self, other)
    def __le__(self, other): return _T().le(self, other)
    def __gt__(self, other): return _T().gt(self, other)
    def __ge__(self, other): return _T().ge(self, other)
    def __invert__(self): return _T().invert(self)
    def __and__(self, other): return _T().and_(self, other)
    def __rand__(self, other): return _T().and_(other, self)
    def __or__(self, other): return _T().or_(self, other)
    def __ror__(self, other): return _T().or_(other, self)
    # Variables are dictionary keys: == stays identity, as in Theano.
    __eq__ = object.__eq__
    __hash__ = object.__hash__

    # -- shape and indexing
    def __getitem__(self, index): return _T().subtensor(self, index)
    shape = property(lambda self: _T().shape(self))
    T = property(lambda self: _T().transpose(self))
    def transpose(self, *axes): return _T().transpose(self, axes[0] if len(axes) == 1 else (axes or None))
    def dimshuffle(self, *pattern): return _T().dimshuffle(self, *pattern)
    def reshape(self, shape, ndim=None): return _T().reshape(self, shape, ndim=ndim)
    def flatten(self, ndim=1): return _T().flatten(self, ndim)
    def astype(self, dtype): return _T().cast(self, dtype)
    def dot(self, other): return _T().dot(self, other)

    # -- reductions
    def sum(self, axis=None, keepdims=False): return _T().sum(self, axis=axis, keepdims=keepdims)
    def prod(self, axis=None, keepdims=False): return _T().prod(self, axis=axis, keepdims=keepdims)
    def mean(self, axis=None, keepdims=False): return _T().mean(self, axis=axis, keepdims=keepdims)
    def max(self, axis=None, keepdims=False): return _T().max(self, axis=axis, keepdims=keepdims)
    def min(self, axis=None, keepdims=False): return _T().min(self, axis=axis, keepdims=keepdims)

    def _repr_latex_(self):
        from . import printing
        return printing.repr_latex(self)


def _T():
    from . import tensor
    return tensor


class Constant(Variable):
    """A variable whose value is known when the graph is built."""

    __slots__ = ("data",)

    def __init__(self, type: TensorType, data: np.ndarray, name=None, weak=False):
        super().__init__(type, None, None, name, weak)
        data.setflags(write=False)
        self.data = data


class Apply:
    """One application of ``op`` to ``inputs``, with its ``outputs``."""

    __slots__ = ("op", "inputs", "outputs", "__weakref__")

    def __init__(self, op, inputs, outputs):
        self.op = op
        self.inputs = inputs
        self.outputs = outputs

    def __repr__(self):
        return f"Apply({self.op!r}, {self.inputs!r})"

    @property
    def out(self):
        """The single output of a one-output node."""
        (output,) = self.outputs
        return output


def apply_node(op, inputs, output_types, weak=False) -> Apply:
    """Return the node ``op(*inputs)``, reusing an identical one if it exists.

    ``output_types`` is only used when the node is new; an op's output types
    are a function of its inputs, so a cached node has the same ones.
    """
    inputs = tuple(inputs)
    key = (op, tuple(v.uid for v in inputs))
    node = _APPLY_CACHE.get(key)
    if node is not None:
        return node
    node = Apply(op, inputs, [])
    node.outputs = [Variable(t, node, i, weak=weak) for i, t in enumerate(output_types)]
    _APPLY_CACHE[key] = node
    return node


def constant(value, dtype=None, name=None, weak=None) -> Constant:
    """A constant node holding ``value`` (hash-consed when small).

    ``weak`` marks a constant written as a Python number; left to None it is
    true exactly when ``value`` is a Python bool, int or float and no dtype
    is given.
    """
    from .types import as_dtype, DTYPES
    if weak is None:  # np.float64 subclasses float, but NumPy scalars are strongly typed
        weak = dtype is None and isinstance(value, (bool, int, float)) and not isinstance(
            value, np.generic)
    if dtype is None:
        if isinstance(value, bool):
            dtype = "bool"
        elif isinstance(value, int):
            dtype = "int64"
        elif isinstance(value, float):
            dtype = "float64"
    data = np.asarray(value, dtype=None if dtype is None else as_dtype(dtype))
    if data.dtype.name not in DTYPES:
        if data.dtype.kind in "iu":
            data = data.astype("int64")
        elif data.dtype.kind == "f":
            data = data.astype("float64")
        else:
            from .errors import AlgradTypeError
            raise AlgradTypeError(
                f"cannot make a constant from {value!r}: dtype {data.dtype} is not supported")
    data = np.array(data, copy=True)
    type = TensorType(data.dtype, data.shape)
    key = None
    if data.size <= _CONSTANT_CACHE_MAX_SIZE and name is None:
        key = (type, data.tobytes(), weak)
        cached = _CONSTANT_CACHE.get(key)
        if cached is not None:
            return cached
    const = Constant(type, data, name=name, weak=weak)
    if key is not None:
        _CONSTANT_CACHE[key] = const
    return const
