"""From a parse tree to an algrad graph, and the variables a formula uses.

The walk is iterative (an explicit stack), so a long sum is no deeper for
Python than a short one.  Numbers become float64 constants as written;
nothing is evaluated here, so ``9^9^9`` is three constants and two pow
nodes (its value, inf, is NumPy's business when the graph is evaluated).
"""
from __future__ import annotations

from collections.abc import Mapping, MutableMapping

from .. import tensor as T
from ..errors import AlgradTypeError, ArgumentError
from ..graph import Variable, constant
from . import functions

_BINARY = {"add": T.add, "sub": T.sub, "mul": T.mul, "div": T.true_div}


def declared_variables(variables) -> dict:
    """``variables`` as a new ``{name: Variable}``: from a mapping or a list of named variables."""
    if variables is None:
        return {}
    if isinstance(variables, Mapping):
        pairs = list(variables.items())
    elif isinstance(variables, (list, tuple, set, frozenset)):
        pairs = [(getattr(v, "name", None), v) for v in variables]
    else:
        raise AlgradTypeError(f"variables must be a dict {{name: variable}} or a list of named "
                              f"variables, got {type(variables).__name__}")
    declared = {}
    for name, var in pairs:
        if not isinstance(var, Variable):
            raise AlgradTypeError(f"variables: {name!r} maps to {type(var).__name__}, "
                                  "not an algrad variable")
        if not isinstance(name, str) or not name:
            raise AlgradTypeError(f"variables: the variable {var!r} needs a name (a string)")
        if name in functions.FUNCTION_NAMES:
            raise ArgumentError(f"variables: {name!r} is a function name, not a variable name")
        declared[name] = var
    return declared


def build(tree, names: dict):
    """The graph of ``tree``; free names become ``T.dscalar(name)``, added to ``names``."""
    results = []
    stack = [(tree, False)]
    while stack:
        current, expanded = stack.pop()
        if current.args and not expanded:
            stack.append((current, True))
            stack.extend((arg, False) for arg in reversed(current.args))
            continue
        args = results[len(results) - len(current.args):]
        del results[len(results) - len(current.args):]
        results.append(_make(current, args, names))
    (graph,) = results
    return graph


def _make(current, args, names):
    kind = current.kind
    if kind == "num":
        return constant(float(current.value))
    if kind == "name":
        if current.value not in names:
            names[current.value] = T.dscalar(current.value)
        return names[current.value]
    if kind == "const":
        return functions.pi() if current.value == "pi" else functions.e()
    if kind in _BINARY:
        return _BINARY[kind](*args)
    if kind == "pow":
        base = current.args[0]
        if base.kind == "const" and base.value == "e":
            return T.exp(args[1])  # e^u is exp(u): one op, whose derivative is itself
        return T.pow(*args)
    if kind == "neg":
        return T.neg(args[0])
    if kind == "abs":
        return T.abs(args[0])
    if kind == "call":
        return functions.apply(current.value, *args)
    if kind == "root":
        return T.pow(args[0], T.true_div(1.0, args[1]))
    raise AssertionError(f"no graph for the parse node kind {kind!r}")


def share_new_names(variables, names: dict):
    """Add the variables a formula created to the caller's dict, so later calls reuse them."""
    if isinstance(variables, MutableMapping):
        for name, var in names.items():
            variables.setdefault(name, var)
