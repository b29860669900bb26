"""The SymPy counterpart of each elementwise op, keyed by the op's name.

Each entry takes the SymPy expressions of the inputs (one element each) and
returns the SymPy expression of the output element.  Every entry is exact
over the reals: ``log1p(a)`` is ``log(1 + a)``, ``sigmoid(a)`` is
``1 / (1 + exp(-a))``, ``switch`` is a ``Piecewise``.  Booleans used as
numbers (a comparison multiplied by 2) become ``Piecewise((1, c), (0, True))``.
"""
from __future__ import annotations

import sympy


def as_number(e):
    """A SymPy boolean used where a number is expected: 1 where true, else 0."""
    if isinstance(e, sympy.logic.boolalg.Boolean) and not isinstance(e, sympy.Symbol):
        return sympy.Piecewise((sympy.Integer(1), e), (sympy.Integer(0), True))
    return e


def as_condition(e):
    """A number used as a condition: true where it is not zero."""
    if isinstance(e, sympy.logic.boolalg.Boolean):
        return e
    return sympy.Ne(e, 0)


def _numeric(fn):
    """Wrap a builder so that boolean arguments are first turned into 0/1."""
    def build(*args):
        return fn(*[as_number(a) for a in args])
    build.__name__ = getattr(fn, "__name__", "build")
    return build


def _sigmoid(a):
    return 1 / (1 + sympy.exp(-a))


def _softplus(a):
    return sympy.log(1 + sympy.exp(a))


def _switch(c, a, b):
    return sympy.Piecewise((as_number(a), as_condition(c)), (as_number(b), True))


def _fill(model, value):
    return value  # fill takes only its shape from the model


S = sympy
ELEMENTWISE_TO_SYMPY = {
    "add": _numeric(lambda a, b: a + b),
    "sub": _numeric(lambda a, b: a - b),
    "mul": _numeric(lambda a, b: a * b),
    "true_div": _numeric(lambda a, b: a / b),
    "int_div": _numeric(lambda a, b: S.floor(a / b)),
    "mod": _numeric(S.Mod),
    "pow": _numeric(S.Pow),
    "neg": _numeric(lambda a: -a),
    "abs": _numeric(S.Abs),
    "sign": _numeric(S.sign),
    "floor": _numeric(S.floor),
    "ceil": _numeric(S.ceiling),
    "exp": _numeric(S.exp),
    "log": _numeric(S.log),
    "log1p": _numeric(lambda a: S.log(1 + a)),
    "expm1": _numeric(lambda a: S.exp(a) - 1),
    "sqrt": _numeric(S.sqrt),
    "sqr": _numeric(lambda a: a ** 2),
    "sin": _numeric(S.sin),
    "cos": _numeric(S.cos),
    "tan": _numeric(S.tan),
    "arcsin": _numeric(S.asin),
    "arccos": _numeric(S.acos),
    "arctan": _numeric(S.atan),
    "sinh": _numeric(S.sinh),
    "cosh": _numeric(S.cosh),
    "tanh": _numeric(S.tanh),
    "arcsinh": _numeric(S.asinh),
    "arccosh": _numeric(S.acosh),
    "arctanh": _numeric(S.atanh),
    "sigmoid": _numeric(_sigmoid),
    "softplus": _numeric(_softplus),
    "erf": _numeric(S.erf),
    "maximum": _numeric(S.Max),
    "minimum": _numeric(S.Min),
    "lt": _numeric(S.Lt),
    "le": _numeric(S.Le),
    "gt": _numeric(S.Gt),
    "ge": _numeric(S.Ge),
    "eq": _numeric(S.Eq),
    "neq": _numeric(S.Ne),
    "and": lambda a, b: S.And(as_condition(a), as_condition(b)),
    "or": lambda a, b: S.Or(as_condition(a), as_condition(b)),
    "invert": lambda a: S.Not(as_condition(a)),
    "switch": _switch,
    "fill": _fill,
}


def cast_to_sympy(e, dtype):
    """The value of ``e`` converted to ``dtype`` as NumPy's ``astype`` does it."""
    if dtype == "bool":
        return as_condition(e)
    e = as_number(e)
    if dtype.startswith("int") and not (e.is_integer or False):
        # astype(int) truncates toward zero
        return sympy.Piecewise((sympy.floor(e), e >= 0), (sympy.ceiling(e), True))
    return e


def constant_to_sympy(value):
    """One element of a constant, exactly: integers and short fractions stay exact.

    A float is written as the simplest fraction that rounds back to the same
    floating-point number (0.1 -> 1/10, 2.0 -> 2); other floats stay Floats.
    """
    import numpy as np
    if isinstance(value, (bool, np.bool_)):
        return sympy.true if value else sympy.false
    if isinstance(value, (int, np.integer)):
        return sympy.Integer(int(value))
    number = float(value)
    if np.isnan(number):
        return sympy.nan
    if np.isinf(number):
        return sympy.oo if number > 0 else -sympy.oo
    if number.is_integer() and abs(number) < 2 ** 53:
        return sympy.Integer(int(number))
    kind = type(value) if isinstance(value, np.floating) else np.float64
    fraction = sympy.Rational(number).limit_denominator(10 ** 6)
    if kind(float(fraction)) == kind(number):
        return fraction
    return sympy.Float(number, 17)
