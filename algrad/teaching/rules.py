"""The textbook differentiation rules, one function per rule, on SymPy expressions.

Each rule rewrites one unevaluated ``Derivative(u, x)`` into an expression
that may hold further ``Derivative`` terms, and names itself, so that a
derivation can be shown one rule at a time.  A set of *mistakes* turns a
rule into the wrong version students write (the chain rule without the
inner derivative, the product rule as the product of derivatives, ...):
the worksheet checker derives with each mistake to diagnose a wrong answer.
"""
from __future__ import annotations

from dataclasses import dataclass

#: the mistakes a rule can be made to commit, with the words a diagnosis uses
MISTAKES = {
    "missing_chain": "the chain rule's inner derivative is missing",
    "product_of_derivatives": "(fg)' was written as f'g'",
    "quotient_sign": "the quotient rule's numerator has its sign flipped (f g' - f' g)",
    "power_no_decrement": "the power rule was applied without lowering the exponent (n x^n)",
    "power_raised": "the power rule raised the exponent instead of lowering it (n x^(n+1))",
    "missing_log_base": "the factor ln(a) of d/dx a^x is missing",
    "cos_sign": "d/dx cos x was taken as sin x (sign error)",
}


@dataclass
class Rewrite:
    """What one rule makes of ``Derivative(u, x)``."""

    rule: str
    result: object
    note: str = ""


def _sp():
    import sympy
    return sympy


def _elementary_derivative(f, v, mistakes):
    """(rule, d f(v) / d v, note) for an elementary function f, or None."""
    sp = _sp()
    table = {
        sp.exp: ("exp", lambda: sp.exp(v)),
        sp.log: ("log", lambda: 1 / v),
        sp.sin: ("trig", lambda: sp.cos(v)),
        sp.cos: ("trig", lambda: sp.sin(v) if "cos_sign" in mistakes else -sp.sin(v)),
        sp.tan: ("trig", lambda: sp.sec(v) ** 2),
        sp.sec: ("trig", lambda: sp.sec(v) * sp.tan(v)),
        sp.csc: ("trig", lambda: -sp.csc(v) * sp.cot(v)),
        sp.cot: ("trig", lambda: -sp.csc(v) ** 2),
        sp.asin: ("inverse trig", lambda: 1 / sp.sqrt(1 - v ** 2)),
        sp.acos: ("inverse trig", lambda: -1 / sp.sqrt(1 - v ** 2)),
        sp.atan: ("inverse trig", lambda: 1 / (1 + v ** 2)),
        sp.acot: ("inverse trig", lambda: -1 / (1 + v ** 2)),
        sp.asec: ("inverse trig", lambda: 1 / (sp.Abs(v) * sp.sqrt(v ** 2 - 1))),
        sp.acsc: ("inverse trig", lambda: -1 / (sp.Abs(v) * sp.sqrt(v ** 2 - 1))),
        sp.sinh: ("hyperbolic", lambda: sp.cosh(v)),
        sp.cosh: ("hyperbolic", lambda: sp.sinh(v)),
        sp.tanh: ("hyperbolic", lambda: 1 - sp.tanh(v) ** 2),
        sp.coth: ("hyperbolic", lambda: 1 - sp.coth(v) ** 2),
        sp.sech: ("hyperbolic", lambda: -sp.sech(v) * sp.tanh(v)),
        sp.csch: ("hyperbolic", lambda: -sp.csch(v) * sp.coth(v)),
        sp.asinh: ("inverse hyperbolic", lambda: 1 / sp.sqrt(v ** 2 + 1)),
        sp.acosh: ("inverse hyperbolic", lambda: 1 / sp.sqrt(v ** 2 - 1)),
        sp.atanh: ("inverse hyperbolic", lambda: 1 / (1 - v ** 2)),
        sp.acoth: ("inverse hyperbolic", lambda: 1 / (1 - v ** 2)),
        sp.Abs: ("absolute value", lambda: v / sp.Abs(v)),
        sp.erf: ("special function", lambda: 2 / sp.sqrt(sp.pi) * sp.exp(-v ** 2)),
    }
    entry = table.get(f)
    if entry is None:
        return None
    rule, derivative = entry
    return rule, derivative(), f"d/du {f.__name__}(u)"


def _chain(outer_derivative, inner, x, mistakes):
    sp = _sp()
    if "missing_chain" in mistakes:
        return outer_derivative
    return outer_derivative * sp.Derivative(inner, x)


def rewrite_power(u, x, mistakes):
    sp = _sp()
    base, exponent = u.args
    if not exponent.has(x):
        drop = 0 if "power_no_decrement" in mistakes else (-1 if "power_raised" in mistakes else 1)
        outer = exponent * base ** (exponent - drop)
        if base == x:
            return Rewrite("power", outer)
        return Rewrite("chain", _chain(outer, base, x, mistakes), f"outer function u^{exponent}")
    if not base.has(x):
        outer = u if "missing_log_base" in mistakes else u * sp.log(base)
        if exponent == x:
            return Rewrite("exp", outer)
        return Rewrite("chain", _chain(outer, exponent, x, mistakes), f"outer function {base}^u")
    # f(x)^g(x): differentiate e^(g ln f)
    return Rewrite("logarithmic differentiation", u * sp.Derivative(exponent * sp.log(base), x),
                   "f^g = e^(g ln f)")


def rewrite_product(u, x, mistakes):
    sp = _sp()
    constant = sp.Mul(*[a for a in u.args if not a.has(x)])
    varying = sp.Mul(*[a for a in u.args if a.has(x)])
    if constant != 1:
        return Rewrite("constant multiple", constant * sp.Derivative(varying, x))
    num, den = sp.fraction(u)
    if den != 1 and den.has(x) and num.has(x):
        d_num, d_den = sp.Derivative(num, x), sp.Derivative(den, x)
        top = num * d_den - d_num * den if "quotient_sign" in mistakes else d_num * den - num * d_den
        return Rewrite("quotient", top / den ** 2)
    first, rest = u.args[0], sp.Mul(*u.args[1:])
    if "product_of_derivatives" in mistakes:
        return Rewrite("product", sp.Derivative(first, x) * sp.Derivative(rest, x))
    return Rewrite("product", sp.Derivative(first, x) * rest + first * sp.Derivative(rest, x))


def rewrite(derivative, mistakes=frozenset()) -> Rewrite:
    """The rule that applies to ``Derivative(u, x)`` and what it makes of it."""
    sp = _sp()
    u, (x, order) = derivative.expr, derivative.variable_count[0]
    if order != 1:
        return Rewrite("repeated differentiation", sp.Derivative(sp.Derivative(u, x), (x, order - 1)))
    if not u.has(x):
        return Rewrite("constant", sp.S.Zero)
    if u == x:
        return Rewrite("power", sp.S.One)
    if isinstance(u, sp.Add):
        return Rewrite("sum", sp.Add(*[sp.Derivative(t, x) for t in u.args]))
    if isinstance(u, sp.Mul):
        return rewrite_product(u, x, mistakes)
    if isinstance(u, sp.Pow):
        return rewrite_power(u, x, mistakes)
    if isinstance(u, sp.Piecewise):
        pieces = [(sp.Derivative(e, x), c) for e, c in u.args]
        return Rewrite("piecewise", sp.Piecewise(*pieces), "each piece separately")
    if isinstance(u, (sp.sign, sp.floor, sp.ceiling)):
        return Rewrite("constant", sp.S.Zero, "piecewise constant")
    if isinstance(u, sp.Function) and len(u.args) == 1:
        found = _elementary_derivative(u.func, u.args[0], mistakes)
        if found is not None:
            rule, outer, note = found
            inner = u.args[0]
            if inner == x:
                return Rewrite(rule, outer)
            return Rewrite("chain", _chain(outer, inner, x, mistakes), f"outer function {u.func.__name__}")
    # anything else (Min, Max, special functions): SymPy's own derivative, in one step
    return Rewrite("derivative", sp.diff(u, x), "computed directly")


def first_derivative_term(expr):
    """The outermost unevaluated Derivative in ``expr`` (preorder), or None."""
    sp = _sp()
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Derivative):
            return node
    return None


def differentiate(expr, x, mistakes=frozenset(), max_steps=10_000):
    """Apply the rules until no derivative is left; returns (result, [(term, Rewrite, whole)])."""
    sp = _sp()
    current = sp.Derivative(expr, x)
    history = []
    for _ in range(max_steps):
        term = first_derivative_term(current)
        if term is None:
            return current, history
        step = rewrite(term, mistakes)
        current = current.xreplace({term: step.result})
        history.append((term, step, current))
    raise RecursionError(f"the derivation of {expr} did not end within {max_steps} steps")
