"""From SymPy back to algrad: ``from_sympy``.

Every real elementary function SymPy has is built from algrad's own ops;
those algrad has no op for are rewritten exactly (``sec(a)`` is
``1 / cos(a)``, ``acot(a)`` is ``arctan(1 / a)`` with SymPy's branch,
``Piecewise`` is nested ``switch``).  A few shapes are recognised because
algrad's ops are more accurate on them: ``log(1 + a)`` builds ``log1p(a)``,
``exp(a) - 1`` builds ``expm1(a)``, ``log(1 + exp(a))`` ``softplus(a)``,
``1 / (1 + exp(-a))`` ``sigmoid(a)`` and the logistic's slope
``exp(a) / (1 + exp(a))**2`` ``sigmoid(a) * sigmoid(-a)``.

The SymPy tree is walked iteratively with a memo, so equal subexpressions
build one node (and algrad's hash-consing shares the rest).
"""
from __future__ import annotations

import math

import numpy as np
import sympy

from .. import elementary
from ..convert import as_tensor_variable
from ..errors import AlgradTypeError
from ..graph import Variable, constant
from ..ops import elementwise as ew
from ..ops.shape import stack
from ..types import is_float


def _fold(fn, values):
    total = values[0]
    for v in values[1:]:
        total = fn(total, v)
    return total


def _acot(a):
    return ew.arctan(ew.true_div(1.0, a))  # SymPy's acot(0) = pi/2 = arctan(inf)


def _heaviside(a, h0=None):
    at_zero = 0.5 if h0 is None else h0
    return ew.switch(ew.gt(a, 0), 1.0, ew.switch(ew.lt(a, 0), 0.0, at_zero))


def _sinc(a):
    return ew.switch(ew.eq(a, 0), 1.0, ew.true_div(ew.sin(a), a))


def _atan2(y, x):
    base = ew.arctan(ew.true_div(y, x))
    left = ew.switch(ew.ge(y, 0), ew.add(base, math.pi), ew.sub(base, math.pi))
    on_axis = ew.mul(ew.sign(y), math.pi / 2)
    return ew.switch(ew.gt(x, 0), base, ew.switch(ew.lt(x, 0), left, on_axis))


#: SymPy function class name -> builder over the built arguments
FUNCTIONS = {
    "sin": ew.sin, "cos": ew.cos, "tan": ew.tan,
    "cot": elementary.cot, "sec": elementary.sec, "csc": elementary.csc,
    "asin": ew.arcsin, "acos": ew.arccos, "atan": ew.arctan, "acot": _acot,
    "asec": elementary.arcsec, "acsc": elementary.arccsc,
    "sinh": ew.sinh, "cosh": ew.cosh, "tanh": ew.tanh,
    "coth": elementary.coth, "sech": elementary.sech, "csch": elementary.csch,
    "asinh": ew.arcsinh, "acosh": ew.arccosh, "atanh": ew.arctanh,
    "acoth": elementary.arccoth, "asech": elementary.arcsech, "acsch": elementary.arccsch,
    "exp": ew.exp, "log": ew.log, "Abs": ew.abs, "sign": ew.sign,
    "floor": ew.floor, "ceiling": ew.ceil, "Mod": ew.mod,
    "frac": lambda a: ew.sub(a, ew.floor(a)),
    "erf": ew.erf, "erfc": lambda a: ew.sub(1.0, ew.erf(a)),
    "Heaviside": _heaviside, "sinc": _sinc, "atan2": _atan2,
    "Max": lambda *a: _fold(ew.maximum, a), "Min": lambda *a: _fold(ew.minimum, a),
    "StrictLessThan": ew.lt, "LessThan": ew.le, "StrictGreaterThan": ew.gt,
    "GreaterThan": ew.ge, "Equality": ew.eq, "Unequality": ew.neq,
    "And": lambda *a: _fold(ew.and_, a), "Or": lambda *a: _fold(ew.or_, a),
    "Not": ew.invert, "Xor": lambda *a: _fold(ew.neq, a), "ITE": ew.switch,
    "Implies": lambda a, b: ew.or_(ew.invert(a), b),
    "Nand": lambda *a: ew.invert(_fold(ew.and_, a)), "Nor": lambda *a: ew.invert(_fold(ew.or_, a)),
}


class Builder:
    """Builds algrad graph from SymPy expressions over mapped symbols."""

    def __init__(self, mapping):
        self.by_symbol, self.by_name = {}, {}
        for key, var in mapping.items():
            if not isinstance(var, Variable):
                var = as_tensor_variable(var)
            if isinstance(key, str):
                self.by_name[key] = var
            else:
                self.by_symbol[key] = var
        variables = list(self.by_symbol.values()) + list(self.by_name.values())
        self.float_numbers = not variables or any(is_float(v.dtype) for v in variables)
        self.memo = {}

    # -- leaves ------------------------------------------------------------------------
    def symbol(self, e):
        var = self.by_symbol.get(e)
        if var is None:
            var = self.by_name.get(e.name)
        if var is None:
            raise AlgradTypeError(f"from_sympy: the symbol {e} has no variable in the mapping; "
                                  "pass {symbol: variable} for every free symbol")
        return var

    def number(self, e):
        if e is sympy.true or e is sympy.false:
            return constant(bool(e))
        if e.is_Integer and not self.float_numbers:
            return constant(int(e))
        if e is sympy.zoo or e is sympy.nan:
            return constant(float("nan"))
        try:
            return constant(float(e))
        except TypeError:
            raise AlgradTypeError(f"from_sympy: {e} is not a real number") from None

    # -- plans: the subexpressions an expression needs, and how to combine them -----------
    def plan(self, e):
        if e.is_Symbol:
            return [], lambda _: self.symbol(e)
        if e.is_Number or e.is_NumberSymbol or e in (sympy.true, sympy.false) or e is sympy.zoo:
            return [], lambda _: self.number(e)
        if e.is_number and not isinstance(e, sympy.logic.boolalg.Boolean):
            return [], lambda _: self.number(e)
        if e.is_Add:
            return self.plan_add(e)
        if e.is_Mul:
            return self.plan_mul(e)
        if e.is_Pow:
            return self.plan_pow(e)
        if isinstance(e, sympy.Piecewise):
            return self.plan_piecewise(e)
        if isinstance(e, sympy.log):
            special = self.plan_log(e)
            if special is not None:
                return special
        name = type(e).__name__
        if name in FUNCTIONS:
            return list(e.args), lambda args: FUNCTIONS[name](*args)
        raise AlgradTypeError(f"from_sympy: the SymPy function {name} ({e}) has no algrad "
                              "counterpart over the reals")

    def plan_add(self, e):
        terms = list(e.args)
        exp_arg = _expm1_argument(e)
        if exp_arg is not None:
            return [exp_arg], lambda args: ew.expm1(args[0])
        plus = [t for t in terms if not t.could_extract_minus_sign()]
        minus = [-t for t in terms if t.could_extract_minus_sign()]

        def combine(args):
            pos, neg = args[:len(plus)], args[len(plus):]
            total = _fold(ew.add, pos) if pos else ew.neg(neg.pop(0))
            for t in neg:
                total = ew.sub(total, t)
            return total
        return plus + minus, combine

    def plan_mul(self, e):
        coeff, factors = e.as_coeff_mul()
        factors, slopes = _logistic_slopes(list(factors))
        num, den = [], []
        if coeff.is_Rational:
            p, q = abs(coeff.p), coeff.q
            if p != 1:
                num.append(sympy.Integer(p))
            if q != 1:
                den.append(sympy.Integer(q))
        elif coeff != 1:
            num.append(abs(coeff))
        for f in factors:
            if f.is_Pow and f.exp.is_number and f.exp.is_negative and _sigmoid_argument(f) is None:
                den.append(f.base ** -f.exp)
            else:
                num.append(f)
        negative = coeff.is_negative

        def combine(args):
            n, d = len(num), len(num) + len(den)
            tops = args[:n] + [ew.mul(ew.sigmoid(u), ew.sigmoid(ew.neg(u))) for u in args[d:]]
            top = _fold(ew.mul, tops) if tops else constant(self._one())
            result = ew.true_div(top, _fold(ew.mul, args[n:d])) if den else top
            return ew.neg(result) if negative else result
        return num + den + slopes, combine

    def _one(self):
        return 1.0 if self.float_numbers else 1

    def plan_pow(self, e):
        base, exponent = e.args
        sig = _sigmoid_argument(e)
        if sig is not None:
            return [sig], lambda args: ew.sigmoid(args[0])
        if exponent.is_number and exponent.is_negative:
            return [base ** -exponent], lambda args: ew.true_div(self._one(), args[0])
        if exponent == sympy.Rational(1, 2):
            return [base], lambda args: ew.sqrt(args[0])
        if exponent.is_Integer:
            return [base], lambda args: ew.pow(args[0], int(exponent))
        if exponent.is_Rational:
            return [base], lambda args: ew.pow(args[0], float(exponent))
        return [base, exponent], lambda args: ew.pow(args[0], args[1])

    def plan_log(self, e):
        (arg,) = e.args
        if not arg.is_Add or sympy.S.One not in arg.args:
            return None
        rest = arg - 1
        if isinstance(rest, sympy.exp):
            return [rest.args[0]], lambda args: ew.softplus(args[0])
        return [rest], lambda args: ew.log1p(args[0])

    def plan_piecewise(self, e):
        pieces = list(e.args)
        children = [p.expr for p in pieces] + [p.cond for p in pieces]
        n = len(pieces)

        def combine(args):
            values, conds = args[:n], args[n:]
            if pieces[-1].cond is sympy.true:
                result = values[-1]
                values, conds = values[:-1], conds[:-1]
            else:
                result = constant(float("nan"))  # no piece applies: undefined
            for value, cond in zip(reversed(values), reversed(conds)):
                result = ew.switch(cond, value, result)
            return result
        return children, combine

    # -- the walk ---------------------------------------------------------------------
    def build(self, expr):
        plans = {}
        stack = [(expr, False)]
        while stack:
            e, ready = stack.pop()
            if e in self.memo:
                continue
            if ready:
                children, combine = plans.pop(e)
                self.memo[e] = combine([self.memo[c] for c in children])
                continue
            if e in plans:
                continue
            plans[e] = self.plan(e)
            stack.append((e, True))
            stack.extend((c, False) for c in plans[e][0] if c not in self.memo)
        return self.memo[expr]


def _sigmoid_argument(e):
    """``u`` when ``e`` is ``1 / (1 + exp(-u))``, else None."""
    if not (e.is_Pow and e.exp == -1 and e.base.is_Add and len(e.base.args) == 2):
        return None
    rest = e.base - 1
    if rest.func is not sympy.exp or sympy.S.One not in e.base.args:
        return None
    return -rest.args[0]


def _logistic_slopes(factors):
    """Take out pairs ``exp(u) * (1 + exp(u))**-2``: the logistic's slope at ``u``.

    ``sigmoid(u) * sigmoid(-u)`` is the same value without overflow for any u.
    Returns the other factors and the list of such ``u``.
    """
    slopes = []
    for f in list(factors):
        if f.func is sympy.exp and f in factors:
            partner = (1 + f) ** -2
            if partner in factors:
                factors.remove(f)
                factors.remove(partner)
                slopes.append(f.args[0])
    return factors, slopes


def _expm1_argument(e):
    """``u`` when ``e`` is ``exp(u) - 1``, else None."""
    if len(e.args) != 2 or sympy.S.NegativeOne not in e.args:
        return None
    rest = e + 1
    return rest.args[0] if rest.func is sympy.exp else None


def from_sympy(expr, mapping):
    """Build the algrad graph of a SymPy expression.

    Parameters
    ----------
    expr : SymPy expression, or a SymPy Matrix (built as a stacked tensor)
    mapping : dict
        ``{sympy.Symbol or symbol name: Variable}`` for every free symbol.
        A symbol may stand for a tensor: the expression is then applied
        elementwise.

    Examples
    --------
    >>> import sympy, algrad, algrad.tensor as T
    >>> s = sympy.Symbol('s', real=True)
    >>> x = T.dvector('x')
    >>> f = algrad.function([x], algrad.from_sympy(sympy.sec(s) + sympy.log(s, 2), {s: x}))
    >>> f([1.0, 2.0]).round(6)
    array([ 1.850816, -1.402998])
    """
    if isinstance(expr, (bool, np.bool_)):
        expr = sympy.true if expr else sympy.false
    elif isinstance(expr, (int, np.integer)):
        expr = sympy.Integer(int(expr))
    elif isinstance(expr, (float, np.floating)):
        expr = sympy.Float(float(expr))
    builder = Builder(mapping)
    if isinstance(expr, sympy.MatrixBase):
        rows = [[builder.build(expr[i, j]) for j in range(expr.cols)] for i in range(expr.rows)]
        return stack([stack(row) for row in rows])
    if isinstance(expr, sympy.NDimArray):
        values = np.array(expr.tolist(), dtype=object)
        built = [builder.build(e) for e in values.ravel()]
        return stack(built).reshape(values.shape) if values.ndim else built[0]
    if not isinstance(expr, sympy.Basic):
        raise AlgradTypeError(f"from_sympy takes a SymPy expression, got {type(expr).__name__}")
    return builder.build(expr)
