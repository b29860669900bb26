"""Reference derivatives that owe nothing to algrad: finite differences and SymPy.

Used by the derivative tests; the helpers take plain NumPy callables and
SymPy expressions, so any backend or rewrite can be checked against them.
"""
from __future__ import annotations

import functools

import numpy as np


def richardson_gradient(f, arrays, k, step=1e-3):
    """d f / d arrays[k] by central differences with one Richardson step.

    ``f`` maps the list of arrays to a float.  The central difference
    D(h) has error c h**2 + O(h**4); (4 D(h/2) - D(h)) / 3 cancels the h**2
    term, so a step of 1e-3 leaves ~1e-12 truncation error and a rounding
    error of eps * |f| / h ~ 1e-13: well within rtol 1e-6.
    """
    x = np.array(arrays[k], dtype="float64")
    grad = np.zeros_like(x)
    for j in np.ndindex(x.shape):
        h = step * max(1.0, abs(x[j]))

        def central(h):
            plus, minus = x.copy(), x.copy()
            plus[j] += h
            minus[j] -= h
            f_plus = f(arrays[:k] + [plus] + arrays[k + 1:])
            f_minus = f(arrays[:k] + [minus] + arrays[k + 1:])
            return (f_plus - f_minus) / (2 * h)

        grad[j] = (4 * central(h / 2) - central(h)) / 3
    return grad


def sum_to_shape(g, shape):
    """Sum ``g`` over the axes NumPy broadcast an array of ``shape`` along."""
    g = np.asarray(g)
    while g.ndim > len(shape):
        g = g.sum(axis=0)
    for axis, n in enumerate(shape):
        if n == 1 and g.shape[axis] != 1:
            g = g.sum(axis=axis, keepdims=True)
    return g


def weighted_sum(numpy_fn, weights):
    """The scalar cost ``sum(numpy_fn(*arrays) * weights)`` as a function of the arrays."""
    def cost(arrays):
        return float(np.sum(np.asarray(numpy_fn(*arrays), dtype="float64") * weights))
    return cost


def _lambdify(symbols, expr):
    import sympy
    return sympy.lambdify(symbols, expr, modules=["scipy", "numpy"])


def almost_everywhere_diff(expr, symbol, order=1):
    """``sympy.diff`` with the derivative of floor/ceiling set to its a.e. value, zero."""
    import sympy
    result = sympy.diff(expr, symbol, order)
    return result.replace(lambda e: isinstance(e, (sympy.Subs, sympy.Derivative)),
                          lambda e: sympy.Integer(0))


@functools.lru_cache(maxsize=None)
def sympy_partials(spec_name, order=1):
    """Per input of an elementwise spec: a NumPy function of its order-th partial (or None)."""
    import sympy
    from op_specs import SMOOTH, SPECS_BY_NAME
    spec = SPECS_BY_NAME[spec_name]
    symbols = sympy.symbols(f"s0:{spec.arity}", real=True)
    if spec.dtypes[0] == "bool":  # a condition (switch) is a boolean symbol
        symbols = (sympy.Symbol("c"),) + symbols[1:]
    expr = spec.sympy(*symbols)
    partials = []
    for symbol, kind in zip(symbols, spec.grads):
        if kind != SMOOTH:
            partials.append(None)
            continue
        partials.append(_lambdify(symbols, almost_everywhere_diff(expr, symbol, order)))
    return partials


def sympy_gradient(spec, arrays, weights, k):
    """d sum(op(*arrays) * weights) / d arrays[k] from the spec's SymPy expression."""
    partial = sympy_partials(spec.name)[k]
    out_shape = np.broadcast_shapes(*[np.shape(a) for a in arrays])
    values = np.broadcast_to(np.asarray(partial(*arrays), dtype="float64"), out_shape)
    return sum_to_shape(values * weights, np.shape(arrays[k]))
