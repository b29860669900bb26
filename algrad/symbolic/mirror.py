"""The SymPy mirror of a graph: ``to_sympy``.

Two forms, chosen per expression:

* **Element kernel.**  When every op on the way from the inputs is
  elementwise (broadcasting by padding axes on the left, as NumPy does), the
  mirror is the SymPy expression of one element, over one symbol per input:
  ``exp(x) * W`` for a vector ``x`` and a matrix ``W`` is ``W*exp(x)``.
* **Arrays of elements.**  With dot, reductions, indexing, reshapes or
  joins, every input must have a known static shape; each input element is
  its own symbol (``x_0``, ``W_0_1``) and the mirror is a SymPy ``Matrix``
  (rank 1 gives a column, rank 2 a matrix, higher ranks an ``Array``).

The mirror walks the DAG once, node by node, with a memo: a subexpression
used twice is one SymPy object, never copied.  ``fill(model, value)``
mirrors to ``value``: the model only gives the shape.
"""
from __future__ import annotations

import numpy as np
import sympy

from ..errors import AlgradTypeError
from ..graph import Constant
from ..ops.dimshuffle import DimShuffle
from ..ops.elementwise import Cast
from ..types import is_float, is_int
from .regions import is_kernel_node, is_pad_left, value_inputs  # noqa: F401  (re-exported)
from .table import ELEMENTWISE_TO_SYMPY, cast_to_sympy, constant_to_sympy


def uniform_value(c: Constant):
    """The single value of a constant whose elements are all equal, else None."""
    data = c.data
    if data.size == 0:
        return None
    first = data.flat[0]
    if data.size == 1 or np.all(data == first):
        return first
    return None


def symbol_for(var, name=None):
    """The SymPy symbol of an input: real for floats, integer for ints."""
    name = name or var.name or f"_{var.uid}"
    if is_float(var.dtype):
        return sympy.Symbol(name, real=True)
    if is_int(var.dtype):
        return sympy.Symbol(name, integer=True)
    return sympy.Symbol(name)


def kernel_apply(node, args):
    """The SymPy element of ``node``'s output from its value inputs' elements."""
    op = node.op
    if isinstance(op, Cast):
        return cast_to_sympy(args[0], op.dtype)
    if isinstance(op, DimShuffle):
        return args[0]
    if op.name == "fill":
        return args[0]
    return ELEMENTWISE_TO_SYMPY[op.name](*args)


class KernelMirror:
    """Mirror element kernels, with a memo shared by every call.

    ``leaf(var)`` gives the SymPy expression of a variable the kernel does
    not pass through; ``cut`` holds ids of interior variables that are
    referred to by a symbol of their own (``cut_symbol(var)``) by their
    consumers, so that a big DAG becomes a list of small definitions.
    """

    def __init__(self, leaf, cut=(), cut_symbol=None, interior=is_kernel_node):
        self.leaf = leaf
        self.cut = set(cut)
        self.cut_symbol = cut_symbol
        self.interior = interior
        self.memo = {}
        self.leaves = {}

    def is_interior(self, var) -> bool:
        return var.owner is not None and self.interior(var.owner)

    def ref(self, var):
        """The expression a consumer of ``var`` sees."""
        if id(var) in self.cut:
            return self.cut_symbol(var)
        return self.memo[id(var)]

    def expr(self, var):
        """The SymPy expression of ``var`` (its definition, if it is a cut point)."""
        stack = [(var, False)]
        while stack:
            v, ready = stack.pop()
            if id(v) in self.memo:
                continue
            if not self.is_interior(v):
                self.memo[id(v)] = self.leaf(v)
                self.leaves[id(v)] = v
                continue
            ins = value_inputs(v.owner)
            if ready:
                args = [self.ref(x) for x in ins]
                self.memo[id(v)] = kernel_apply(v.owner, args)
                continue
            stack.append((v, True))
            # a cut input is referred to by its symbol: no need to descend into it
            stack.extend((x, False) for x in ins if id(x) not in self.memo and id(x) not in self.cut)
        return self.memo[id(var)]


class NamedSymbols:
    """One symbol per input variable, named as the variable; clashes are errors."""

    def __init__(self, given=None):
        self.by_var = {}
        self.by_name = {}
        for var, sym in (given or {}).items():
            self.by_var[id(var)] = sym
            self.by_name[str(sym)] = var

    def __call__(self, var, name=None):
        if id(var) in self.by_var:
            return self.by_var[id(var)]
        sym = symbol_for(var, name)
        other = self.by_name.get(str(sym))
        if other is not None and other is not var:
            raise AlgradTypeError(
                f"to_sympy: two different variables are named {str(sym)!r}; give them distinct "
                "names (or pass symbols={variable: sympy.Symbol(...)})")
        self.by_var[id(var)] = sym
        self.by_name[str(sym)] = var
        return sym

    def element(self, var, name):
        """The symbol of one element of an input, named like ``W_0_1``."""
        sym = symbol_for(var, name)
        other = self.by_name.get(str(sym))
        if other is not None and other is not var:
            raise AlgradTypeError(
                f"to_sympy: the element symbol {str(sym)!r} of {var!r} clashes with the variable "
                f"{other!r}; rename one of them")
        self.by_name[str(sym)] = var
        return sym


def _kernel_leaf(symbols):
    def leaf(var):
        if isinstance(var, Constant):
            value = uniform_value(var)
            if value is None:
                raise _NotKernel(var)
            return constant_to_sympy(value)
        if var.owner is not None:
            raise _NotKernel(var)
        return symbols(var)
    return leaf


class _NotKernel(Exception):
    """Raised inside the kernel mirror when the array form is needed."""


def to_sympy(var, symbols=None):
    """The SymPy mirror of an expression (see the module docstring for the two forms).

    Parameters
    ----------
    var : Variable or list of Variables
    symbols : dict, optional
        ``{input variable: sympy.Symbol}`` to use instead of the default
        symbols (named as the variables, real for float dtypes).

    Returns
    -------
    A SymPy expression (element kernel), a SymPy Matrix or Array, or a list.

    Examples
    --------
    >>> import algrad, algrad.tensor as T
    >>> x, y = T.dscalar('x'), T.dscalar('y')
    >>> algrad.to_sympy(T.exp(x) * y + x ** 2)
    x**2 + y*exp(x)
    >>> v = T.tensor('float64', shape=(2,), name='v')
    >>> algrad.to_sympy(T.dot(v, v))
    v_0**2 + v_1**2
    """
    if isinstance(var, (list, tuple)):
        names = NamedSymbols(symbols)
        return [_to_sympy_one(v, names) for v in var]
    return _to_sympy_one(var, NamedSymbols(symbols))


def _to_sympy_one(var, names):
    from ..convert import as_tensor_variable
    var = as_tensor_variable(var)
    try:
        return KernelMirror(_kernel_leaf(names)).expr(var)
    except _NotKernel:
        pass
    from .arrays import ArrayMirror
    return ArrayMirror(names).result(var)
