"""The array form of the mirror: every value is a NumPy array of SymPy elements.

Inputs of known static shape become arrays of element symbols (``x_0``,
``W_0_1``); structural ops (dimshuffle, indexing, reshape, join) move those
elements around exactly as NumPy moves numbers, and reductions and dot add
or multiply them with SymPy.  Sums are built in one ``Add`` per result so
that a sum of n elements costs O(n), not O(n^2).
"""
from __future__ import annotations

import itertools

import numpy as np
import sympy

from ..errors import AlgradTypeError, ShapeError
from ..graph import Constant
from ..ops.elementwise import Cast, Elementwise
from ..ops.registry import op_key
from ..ops.subtensor import _rebuild_index
from ..traversal import toposort
from .mirror import kernel_apply
from .table import constant_to_sympy


def object_array(element):
    """A 0-d object array holding one SymPy element."""
    out = np.empty((), dtype=object)
    out[()] = element
    return out


def _elementwise(node, args):
    shape = np.broadcast_shapes(*[a.shape for a in args])
    ins = [np.broadcast_to(a, shape) for a in args]
    out = np.empty(shape, dtype=object)
    for index in np.ndindex(*shape):
        out[index] = kernel_apply(node, [a[index] for a in ins])
    return out


def _reduce(x, axes, combine):
    kept = [i for i in range(x.ndim) if i not in axes]
    moved = np.transpose(x, kept + list(axes))
    rest = moved.shape[:len(kept)]
    flat = moved.reshape(rest + (-1,))
    out = np.empty(rest, dtype=object)
    for index in np.ndindex(*rest):
        out[index] = combine(*flat[index])
    return out


def _dot(a, b):
    a2 = a.reshape(1, -1) if a.ndim == 1 else a
    b2 = b.reshape(-1, 1) if b.ndim == 1 else b
    out = np.empty((a2.shape[0], b2.shape[1]), dtype=object)
    for i, j in itertools.product(range(a2.shape[0]), range(b2.shape[1])):
        out[i, j] = sympy.Add(*[a2[i, k] * b2[k, j] for k in range(a2.shape[1])])
    return out.reshape(a.shape[:-1] + b.shape[1:])


def _ints(node, values, what):
    out = []
    for var, v in zip(node.inputs, values):
        element = v[()] if v.ndim == 0 else None
        if element is None or not getattr(element, "is_Integer", False):
            raise AlgradTypeError(
                f"to_sympy: the {what} of {op_key(node.op)} must be known integers, got {var!r}; "
                "only constant indices and lengths have a SymPy mirror")
        out.append(int(element))
    return out


def _subtensor(node, args):
    x, *idx = args
    index = _rebuild_index(node.op.spec, _ints(node, idx, "index"))
    return np.array(x[index], dtype=object)


def _inc_subtensor(node, args):
    x, y, *idx = args
    index = _rebuild_index(node.op.spec, _ints(node, idx, "index"))
    out = np.array(x, dtype=object, copy=True)
    # an all-integer index picks one element, not an array: wrap it as a 0-d array
    target = np.array(out[index], dtype=object)
    region = np.broadcast_to(y, target.shape)
    result = region if node.op.set else _elementwise_add(target, region)
    out[index] = result[()] if result.ndim == 0 else result
    return out


def _elementwise_add(a, b):
    out = np.empty(a.shape, dtype=object)
    for index in np.ndindex(*a.shape):
        out[index] = a[index] + b[index]
    return out


def _reshape(node, args):
    x, shape = args
    lengths = [e if getattr(e, "is_Integer", False) else None for e in shape]
    if None in lengths:
        raise AlgradTypeError(f"to_sympy: the new shape of reshape must be known integers, "
                              f"got {node.inputs[1]!r}")
    return x.reshape([int(n) for n in lengths])


def _integers(values):
    return np.array([sympy.Integer(int(v)) for v in np.ravel(values)], dtype=object).reshape(
        np.shape(values))


def _bands_to_dense(node, args):
    n_cols, *vals = args
    (n,) = _ints(node, [n_cols], "column count")
    m = len(vals[0])
    out = np.full((m, n), sympy.Integer(0), dtype=object)
    for offset, diagonal in zip(node.op.offsets, vals):
        for i in range(max(0, -offset), min(m, n - offset)):
            out[i, i + offset] = diagonal[i]
    return out


def _extract_band(node, args):
    (a,) = args
    m, n = a.shape
    offset = node.op.offset
    return np.array([a[i, i + offset] if 0 <= i + offset < n else sympy.Integer(0)
                     for i in range(m)], dtype=object)


#: op key (``algrad.ops.registry.op_key``) -> how the op moves or combines elements
STRUCTURAL = {
    "DimShuffle": lambda node, args: node.op.perform(node, args)[0],
    "Sum": lambda node, args: _reduce(args[0], node.op.axes, sympy.Add),
    "Prod": lambda node, args: _reduce(args[0], node.op.axes, sympy.Mul),
    "Max": lambda node, args: _reduce(args[0], node.op.axes, sympy.Max),
    "Min": lambda node, args: _reduce(args[0], node.op.axes, sympy.Min),
    "Dot": lambda node, args: _dot(*args),
    "Subtensor": _subtensor,
    "IncSubtensor": _inc_subtensor,
    "Reshape": lambda node, args: _reshape(node, args),
    "Join": lambda node, args: np.concatenate(args, axis=node.op.axis),
    "Alloc": lambda node, args: np.array(np.broadcast_to(
        args[0], tuple(_ints(node, args[1:], "lengths"))), dtype=object),
    "Shape": lambda node, args: _integers(node.inputs[0].type.shape),
    "ShapeI": lambda node, args: object_array(sympy.Integer(node.inputs[0].type.shape[node.op.axis])),
    "ARange": lambda node, args: _integers(np.arange(*_ints(node, args, "bounds"))),
    "BandsToDense": _bands_to_dense,
    "ExtractBand": _extract_band,
}

#: ops that have no faithful SymPy mirror, and why (the error says it)
NO_MIRROR = {
    "Scan": "a loop has no closed form in general; mirror the expression of one step instead",
    "BandsToCSR": "CSR arrays are a storage format; mirror the dense Jacobian instead",
}


class ArrayMirror:
    """Mirror a graph over inputs of known static shape into arrays of SymPy elements."""

    def __init__(self, symbols):
        self.symbols = symbols
        self.values = {}

    def leaf(self, var, consumer=None):
        if isinstance(var, Constant):
            return _constant_array(var.data)
        shape = var.type.shape
        if None in shape:
            needed_by = f" (an input of {op_key(consumer.op)})" if consumer is not None else ""
            raise ShapeError(
                f"to_sympy: {var!r}{needed_by} has static shape {shape}; the array mirror, "
                "needed for dot, reductions and indexing, needs every length known, e.g. "
                "T.tensor('float64', shape=(3,), name='x')")
        base = var.name or f"_{var.uid}"
        if not shape:
            return object_array(self.symbols(var))
        out = np.empty(shape, dtype=object)
        for index in np.ndindex(*shape):
            out[index] = self.symbols.element(var, "_".join([base] + [str(i) for i in index]))
        return out

    def value(self, var):
        for node in toposort([var]):
            args = []
            for x in node.inputs:
                if id(x) not in self.values:
                    self.values[id(x)] = self.leaf(x, node)
                args.append(self.values[id(x)])
            op = node.op
            if isinstance(op, (Elementwise, Cast)):
                if isinstance(op, Elementwise) and op.name == "fill":
                    out = np.array(np.broadcast_to(args[1], np.broadcast_shapes(
                        args[0].shape, args[1].shape)), dtype=object)
                else:
                    out = _elementwise(node, args)
            elif op_key(op) in STRUCTURAL:
                out = STRUCTURAL[op_key(op)](node, args)
            else:
                why = NO_MIRROR.get(op_key(op), "it has no entry in algrad.symbolic.arrays")
                raise AlgradTypeError(f"to_sympy: the op {op_key(op)} has no SymPy mirror: {why}")
            self.values[id(node.outputs[0])] = out
        if id(var) not in self.values:
            self.values[id(var)] = self.leaf(var)
        return self.values[id(var)]

    def result(self, var):
        """The mirror of ``var``: an expression, a column Matrix, a Matrix or an Array."""
        return array_to_sympy(self.value(var))


def array_to_sympy(values):
    values = np.asarray(values, dtype=object)
    if values.ndim == 0:
        return values[()]
    if values.ndim == 1:
        return sympy.Matrix(len(values), 1, list(values))
    if values.ndim == 2:
        return sympy.Matrix(values.shape[0], values.shape[1], list(values.ravel()))
    return sympy.Array(values.tolist())


def _constant_array(data):
    out = np.empty(data.shape, dtype=object)
    for index in np.ndindex(*data.shape):
        out[index] = constant_to_sympy(data[index])
    return out
