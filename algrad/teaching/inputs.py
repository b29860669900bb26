"""What the teaching functions accept: algrad expressions, text, or SymPy expressions.

Text goes through algrad's own parsers (``algrad.parse`` for plain math,
``algrad.parse_latex`` when it holds LaTeX commands), never through
``eval`` or ``sympify``; algrad expressions go through the SymPy mirror.
"""
from __future__ import annotations

import re

from ..errors import AlgradTypeError, ParseError
from ..graph import Variable

#: the names algrad's formula readers give variables: x, theta, x2, x_1, x_{12} (as x_12)
_NAME = re.compile(r"[A-Za-z]+[0-9]*(?:_[A-Za-z0-9]+)?\Z")


def looks_like_latex(text: str) -> bool:
    """LaTeX commands start with a backslash; braces alone the plain parser reads too."""
    return "\\" in text


def parse_text(text: str, variables: dict):
    """An algrad expression from plain math or LaTeX, sharing ``variables`` by name."""
    from .. import parse as parse_plain, parse_latex
    reader = parse_latex if looks_like_latex(text) else parse_plain
    return reader(text, variables=variables)


class Inputs:
    """Converts the function, the claim and the variable to SymPy, with one symbol per name."""

    def __init__(self):
        self.variables = {}  # name -> algrad Variable, shared between function and claim
        self.symbols = {}    # algrad Variable -> sympy Symbol

    def expression(self, obj, what):
        import sympy as sp
        from ..traversal import graph_inputs
        if isinstance(obj, sp.Basic):
            return obj
        if isinstance(obj, str):
            obj = parse_text(obj, self.variables)
        if isinstance(obj, (int, float)):
            return sp.nsimplify(obj)
        if not isinstance(obj, Variable):
            raise AlgradTypeError(f"{what} must be an expression, a formula as text, or a SymPy "
                                  f"expression; got {type(obj).__name__}")
        if obj.ndim != 0:
            raise AlgradTypeError(f"{what} must be a scalar expression; {obj!r} has rank {obj.ndim}")
        for v in graph_inputs(obj):
            if v.name:
                self.variables.setdefault(v.name, v)
        from ..sympy_bridge import to_sympy
        return to_sympy(obj)

    def variable(self, wrt, exprs):
        """The SymPy symbol of ``wrt`` (a variable, a name or a Symbol) among ``exprs``' symbols."""
        import sympy as sp
        if isinstance(wrt, sp.Symbol):
            return wrt
        if isinstance(wrt, Variable):
            if not wrt.name:
                raise AlgradTypeError("the variable to differentiate by needs a name")
            name = wrt.name
        elif isinstance(wrt, str):
            name = wrt.strip()
        else:
            raise AlgradTypeError(f"wrt must be a variable or its name, got {type(wrt).__name__}")
        for e in exprs:
            for s in e.free_symbols:
                if s.name == name:
                    return s
        if not _NAME.match(name):  # a typo or junk, not a variable the formulas could use
            from ..parsing.text import shown
            raise ParseError(f"wrt: {shown(name)} is not a variable name (a letter or word, digits, "
                             "an optional _subscript: x, theta, x2, x_1)", name, 1)
        return sp.Symbol(name, real=True)
