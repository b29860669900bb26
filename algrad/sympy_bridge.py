"""``to_sympy`` and ``from_sympy``: the public door to :mod:`algrad.symbolic`.

These wrappers import SymPy on first use, so that ``import algrad`` stays
free of it.
"""
from __future__ import annotations


def to_sympy(var, symbols=None):
    """The SymPy mirror of an expression: an element kernel, a Matrix, or a list.

    See :func:`algrad.symbolic.mirror.to_sympy`.

    Examples
    --------
    >>> import algrad, algrad.tensor as T
    >>> x = T.dscalar('x')
    >>> algrad.to_sympy(T.grad(x ** 2, x))
    2*x
    """
    from .symbolic.mirror import to_sympy as mirror
    return mirror(var, symbols)


def from_sympy(expr, mapping):
    """Build the algrad graph of a SymPy expression over ``{symbol: variable}``.

    See :func:`algrad.symbolic.build.from_sympy`.

    Examples
    --------
    >>> import sympy, algrad, algrad.tensor as T
    >>> t = sympy.Symbol('t', real=True)
    >>> x = T.dscalar('x')
    >>> algrad.pp(algrad.from_sympy(sympy.cot(t), {t: x}))
    '(cos(x) / sin(x))'
    """
    from .symbolic.build import from_sympy as build
    return build(expr, mapping)
