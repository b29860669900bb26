"""The allow-list of names a formula may use, and how each becomes graph.

Only what is listed here is a function or a constant; every other word is
a variable or an error.  Each function is built from algrad's own ops, so
derivatives, the SymPy mirror and the compiled code all know it:
``sec x`` is ``1/cos x``, ``arccot x`` is ``pi/2 - arctan x`` (the
principal value in (0, pi)), ``log_b x`` is ``ln x / ln b``.  Roots are
principal powers: ``cbrt x`` is ``x^(1/3)``, real for x >= 0 and nan
below, as NumPy's power gives (the same as writing ``x^(1/3)``).

The constants are written as the ops that define them, ``pi`` as
``arccos(-1)`` and ``e`` as ``exp(1)``: their values are NumPy's ``pi``
and ``e`` to the last bit, and the SymPy mirror reads them as the exact
constants.
"""
from __future__ import annotations

import re

from .. import elementary
from .. import tensor as T


def _log_base(base):
    def build(a):
        return T.true_div(T.log(a), T.log(base))
    build.__name__ = f"log{base:g}"
    return build


def _arccot(a):
    return T.sub(T.true_div(pi(), 2.0), T.arctan(a))


def _cbrt(a):
    return T.pow(a, T.true_div(1.0, 3.0))


# canonical name -> builder of the graph from the argument
_ONE_ARGUMENT = {
    "sin": T.sin, "cos": T.cos, "tan": T.tan,
    "sec": elementary.sec, "csc": elementary.csc, "cot": elementary.cot,
    "arcsin": T.arcsin, "arccos": T.arccos, "arctan": T.arctan,
    "arcsec": elementary.arcsec, "arccsc": elementary.arccsc, "arccot": _arccot,
    "sinh": T.sinh, "cosh": T.cosh, "tanh": T.tanh,
    "sech": elementary.sech, "csch": elementary.csch, "coth": elementary.coth,
    "arcsinh": T.arcsinh, "arccosh": T.arccosh, "arctanh": T.arctanh,
    "arcsech": elementary.arcsech, "arccsch": elementary.arccsch, "arccoth": elementary.arccoth,
    "exp": T.exp, "ln": T.log, "log10": _log_base(10.0), "log2": _log_base(2.0),
    "sqrt": T.sqrt, "cbrt": _cbrt,
    "abs": T.abs, "sign": T.sign, "erf": T.erf, "floor": T.floor, "ceil": T.ceil,
    "sigmoid": T.sigmoid,
}

# other spellings -> canonical name
ALIASES = {
    "asin": "arcsin", "acos": "arccos", "atan": "arctan",
    "asec": "arcsec", "acsc": "arccsc", "acot": "arccot", "cosec": "csc",
    "asinh": "arcsinh", "arsinh": "arcsinh", "acosh": "arccosh", "arcosh": "arccosh",
    "atanh": "arctanh", "artanh": "arctanh", "asech": "arcsech", "arsech": "arcsech",
    "acsch": "arccsch", "arcsch": "arccsch", "acoth": "arccoth", "arcoth": "arccoth",
    "log": "ln", "sgn": "sign",
}

# f^-1 x is the inverse function, as in sin^-1 x
INVERSES = {
    "sin": "arcsin", "cos": "arccos", "tan": "arctan",
    "sec": "arcsec", "csc": "arccsc", "cot": "arccot",
    "sinh": "arcsinh", "cosh": "arccosh", "tanh": "arctanh",
    "sech": "arcsech", "csch": "arccsch", "coth": "arccoth",
}

FUNCTION_NAMES = frozenset(_ONE_ARGUMENT) | frozenset(ALIASES)
CONSTANT_NAMES = frozenset({"pi", "e"})

# Greek letters name variables (pi is the constant)
GREEK = frozenset("""alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa
    lambda mu nu xi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta
    Theta Lambda Xi Sigma Upsilon Phi Psi Omega""".split())


def canonical(name: str) -> str:
    """The canonical name of a function written ``name`` (``asin`` -> ``arcsin``)."""
    return ALIASES.get(name, name)


def pi():
    """The constant pi as ``arccos(-1)``: NumPy's pi, and SymPy's ``pi`` in the mirror."""
    return T.arccos(-1.0)


def e():
    """The constant e as ``exp(1)``: NumPy's e, and SymPy's ``E`` in the mirror."""
    return T.exp(1.0)


def apply(name: str, argument, base=None):
    """The graph of function ``name`` at ``argument``; ``base`` only for ``ln``/``log``."""
    if base is not None:
        return T.true_div(T.log(argument), T.log(base))
    return _ONE_ARGUMENT[name](argument)


_SEGMENT = re.compile("|".join(sorted((n for n in FUNCTION_NAMES | {"pi"} if len(n) > 1),
                                       key=len, reverse=True)) + r"|[A-Za-z]\d*|\d+")


def segment(word: str) -> list:
    """Split ``word`` into function names, ``pi`` and single letters, longest first.

    Used to suggest what a word such as ``sinx`` was meant to be; digits
    stay with the letter before them.

    Examples
    --------
    >>> segment("xsinxcos")
    ['x', 'sin', 'x', 'cos']
    """
    return _SEGMENT.findall(word)


def holds_known_name(word: str) -> bool:
    """Whether ``word`` has a function name or ``pi`` inside it (``sinx``, ``xpi``)."""
    return any(len(part) > 1 and not part[1:].isdigit() for part in segment(word))
