"""The elementary functions algrad has no op for, written with its ops.

The reciprocal trigonometric and hyperbolic functions and their inverses,
as every textbook defines them: ``sec a = 1 / cos a``, ``arcsec a =
arccos(1 / a)``, ``coth a = cosh a / sinh a``.  The formula parsers and the
way back from SymPy both build them from here, so the graph, its
derivatives and its compiled code are the same whichever way it came in.
(``arccot`` is not here: textbooks take its value in (0, pi), SymPy in
(-pi/2, pi/2], and each caller keeps its own.)
"""
from __future__ import annotations

from .ops import elementwise as ew


def _reciprocal(fn, name):
    def build(a):
        return ew.true_div(1.0, fn(a))
    build.__name__ = build.__qualname__ = name
    build.__doc__ = f"``1 / {fn.__name__}(a)``"
    return build


def _of_reciprocal(fn, name):
    def build(a):
        return fn(ew.true_div(1.0, a))
    build.__name__ = build.__qualname__ = name
    build.__doc__ = f"``{fn.__name__}(1 / a)``"
    return build


sec = _reciprocal(ew.cos, "sec")
csc = _reciprocal(ew.sin, "csc")
sech = _reciprocal(ew.cosh, "sech")
csch = _reciprocal(ew.sinh, "csch")
arcsec = _of_reciprocal(ew.arccos, "arcsec")
arccsc = _of_reciprocal(ew.arcsin, "arccsc")
arcsech = _of_reciprocal(ew.arccosh, "arcsech")
arccsch = _of_reciprocal(ew.arcsinh, "arccsch")
arccoth = _of_reciprocal(ew.arctanh, "arccoth")


def cot(a):
    """``cos(a) / sin(a)``"""
    return ew.true_div(ew.cos(a), ew.sin(a))


def coth(a):
    """``cosh(a) / sinh(a)``"""
    return ew.true_div(ew.cosh(a), ew.sinh(a))
