"""``steps``: a derivative shown as a chain of textbook rules, each step checked.

The derivation rewrites ``d/dx f`` one rule at a time (see
:mod:`algrad.teaching.rules`); every step is checked equal to the one
before it, and the last to algrad's own derivative, at sampled points of
the real domain.  It renders as text, Markdown, or LaTeX ``align*``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .rules import differentiate
from .sampling import close, sample_points, value_at


@dataclass
class Step:
    """One rule applied: the whole expression before and after, and the term rewritten."""

    rule: str
    before: object
    after: object
    term: object
    replacement: object
    note: str = ""
    checked: str = ""

    def latex(self) -> str:
        import sympy as sp
        return tex(self.after)


@dataclass
class Derivation:
    """The derivation of ``d function / d variable``; ``result`` is the final form."""

    function: object
    variable: object
    steps: list = field(default_factory=list)
    result: object = None

    def to_text(self) -> str:
        lines = [f"d/d{self.variable} [{self.function}]"]
        for step in self.steps:
            note = f"; {step.note}" if step.note else ""
            lines.append(f"  = {step.after}    ({step.rule}{note})")
        return "\n".join(lines)

    def to_markdown(self) -> str:
        import sympy as sp
        lines = [f"$$\\frac{{d}}{{d {tex(self.variable)}}} {tex(self.function)}$$", ""]
        for k, step in enumerate(self.steps, 1):
            note = f" ({step.note})" if step.note else ""
            lines.append(f"{k}. **{step.rule}**{note}: $= {tex(step.after)}$")
        return "\n".join(lines)

    def to_latex(self) -> str:
        import sympy as sp
        head = tex(sp.Derivative(self.function, self.variable))
        rows = []
        for k, step in enumerate(self.steps):
            lead = head + " " if k == 0 else "  "
            rows.append(f"{lead}&= {tex(step.after)} && \\text{{{step.rule}}}")
        return "\\begin{align*}\n" + " \\\\\n".join(rows) + "\n\\end{align*}"

    __str__ = to_text

    def _repr_markdown_(self):
        return self.to_markdown()


def tex(expr) -> str:
    """LaTeX as a textbook writes it (ln, not log)."""
    import sympy as sp
    return sp.latex(expr, ln_notation=True)


def _check_equal(a, b, symbols, points):
    for point in points:
        va, vb = value_at(a, point), value_at(b, point)
        if va is None or vb is None or not close(va, vb, rtol=1e-8, atol=1e-10):
            return False
    return True


def _final_form(expr):
    """A readable final form: SymPy's simplify, kept only when it is not larger."""
    import sympy as sp
    if sp.count_ops(expr) > 150:
        return sp.cancel(expr) if sp.count_ops(sp.cancel(expr)) < sp.count_ops(expr) else expr
    simpler = sp.simplify(expr)
    return simpler if sp.count_ops(simpler) < sp.count_ops(expr) else expr


def derive_steps(function, variable, reference=None) -> Derivation:
    """The checked derivation of a SymPy ``function`` with respect to the Symbol ``variable``.

    ``reference`` is the derivative the last step must equal (SymPy's diff
    when not given).
    """
    import sympy as sp
    result, history = differentiate(function, variable)
    symbols = sorted(function.free_symbols | {variable}, key=str)
    correct = sp.diff(function, variable) if reference is None else reference
    points = sample_points([function, correct], symbols)
    derivation = Derivation(function, variable)
    before = sp.Derivative(function, variable)
    for term, rewrite, whole in history:
        step = Step(rewrite.rule, before, whole, term, rewrite.result, rewrite.note)
        step.checked = _check(before, whole, symbols, points)
        derivation.steps.append(step)
        before = whole
    final = _final_form(result)
    if final != result:
        step = Step("simplify", result, final, result, final)
        step.checked = _check(result, final, symbols, points)
        derivation.steps.append(step)
    derivation.result = final
    if not _check_equal(final, correct, symbols, points):
        raise AssertionError(f"the derivation of {function} ended at {final}, which differs from {correct}")
    return derivation


def _check(before, after, symbols, points):
    b, a = before.doit(), after.doit()
    if _check_equal(b, a, symbols, points):
        return f"equal at {len(points)} sampled points"
    raise AssertionError(f"a step of the derivation changed the value: {before} -> {after}")


def steps(f, wrt) -> Derivation:
    """The derivative of ``f`` as a list of textbook steps, each checked.

    Parameters
    ----------
    f : algrad expression, text (plain math or LaTeX) or SymPy expression
    wrt : variable, or its name

    Returns
    -------
    Derivation
        ``.steps`` (rule, before, after, LaTeX), ``.result``; renders with
        ``to_text()``, ``to_markdown()`` and ``to_latex()`` (``align*``).

    Examples
    --------
    >>> import sympy as sp
    >>> from algrad.teaching.steps import steps
    >>> x = sp.Symbol('x', real=True)
    >>> [s.rule for s in steps(sp.sin(x ** 2), x).steps]
    ['chain', 'power']
    >>> print(steps(sp.sin(x ** 2), x))
    d/dx [sin(x**2)]
      = cos(x**2)*Derivative(x**2, x)    (chain; outer function sin)
      = 2*x*cos(x**2)    (power)
    """
    from .inputs import Inputs
    inputs = Inputs()
    function = inputs.expression(f, "the function")
    return derive_steps(function, inputs.variable(wrt, [function]))
