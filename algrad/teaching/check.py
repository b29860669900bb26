"""``check_derivative``: is a claimed derivative right, and if not, where and why.

The verdict comes from the SymPy mirror when the difference simplifies to
zero ("proved equal"), else from sampling points of the real domain where
the correct derivative is defined.  A wrong answer gets a point where the
two differ and, when it matches one, the typical mistake that produces it:
the derivation is redone with each mistaken rule of
:mod:`algrad.teaching.rules` and compared with the claim.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import ArgumentError
from .rules import MISTAKES, differentiate
from .sampling import close, sample_points, value_at
from .steps import derive_steps

RTOL, ATOL = 1e-8, 1e-10
N_POINTS = 12
_PROOF_SIZE_LIMIT = 120  # count_ops beyond which simplify is not attempted


@dataclass
class CheckResult:
    """The outcome of checking a claimed derivative.

    ``verdict`` is 'correct', 'incorrect' or 'undecided'; ``how`` says how it
    was decided; ``counterexample`` (for an incorrect claim) holds a point
    with both values; ``diagnosis`` names a typical mistake that explains
    the claim, when one does; ``derivative`` is the correct derivative and
    ``derivative_latex`` its LaTeX.
    """

    verdict: str
    how: str
    derivative: object
    derivative_latex: str
    claimed: object
    counterexample: dict | None = None
    diagnosis: str | None = None

    def __bool__(self):
        return self.verdict == "correct"

    def __str__(self):
        lines = [f"{self.verdict}: {self.how}"]
        if self.counterexample:
            point = ", ".join(f"{k} = {v:.6g}" for k, v in self.counterexample["point"].items())
            lines.append(f"  at {point}: claimed {self.counterexample['claimed']}, "
                         f"correct {self.counterexample['correct']}")
        if self.diagnosis:
            lines.append(f"  likely mistake: {self.diagnosis}")
        if self.verdict != "correct":
            lines.append(f"  the derivative is {self.derivative_latex}")
        return "\n".join(lines)


def _agree_at(a, b, points):
    """The first point where ``a`` and ``b`` differ, with both values, or None."""
    for point in points:
        va, vb = value_at(a, point), value_at(b, point)
        if va is None or vb is None or not close(va, vb, RTOL, ATOL):
            return point, va, vb
    return None


def _proved_equal(a, b) -> bool:
    import sympy as sp
    difference = a - b
    if difference == 0:
        return True
    if sp.count_ops(difference) > _PROOF_SIZE_LIMIT:
        return False
    return sp.simplify(difference) == 0


def correct_derivative(function, variable, order=1):
    """The derivative by the textbook rules, checked against SymPy's, in a readable form."""
    result = function
    for _ in range(order):
        result = derive_steps(result, variable).result
    return result


def diagnose(function, variable, claimed, correct, points, order=1):
    """Words for the typical mistake that gives ``claimed``, or None."""
    import sympy as sp
    candidates = []
    if order == 1:
        for mistake, words in MISTAKES.items():
            wrong, _ = differentiate(function, variable, mistakes=frozenset([mistake]))
            candidates.append((wrong, words))
        candidates.append((function, "the function was not differentiated"))
        candidates.append((sp.diff(function, variable, 2), "this is the second derivative"))
    else:
        candidates.append((sp.diff(function, variable, order - 1),
                           f"this is derivative number {order - 1}, not {order}"))
    candidates.append((-correct, "the sign of the whole answer is wrong"))
    for wrong, words in candidates:
        if _agree_at(wrong, correct, points) is None:
            continue  # this mistake changes nothing for this function
        if _agree_at(claimed, wrong, points) is None:
            return words
    if order == 1 and _agree_at(sp.diff(claimed, variable), function, points) is None:
        return "integrating instead of differentiating: the claim's derivative is the function"
    ratio = [value_at(claimed, p) for p in points[:3]], [value_at(correct, p) for p in points[:3]]
    factors = {round(c / d, 9) for c, d in zip(*ratio) if c is not None and d}
    if len(factors) == 1 and len(ratio[0]) == 3 and factors != {1.0}:
        return f"off by a constant factor {factors.pop():g}"
    return None


def check_sympy(function, claimed, variable, order=1) -> CheckResult:
    """check_derivative on SymPy expressions."""
    import sympy as sp
    correct = correct_derivative(function, variable, order)
    latex = sp.latex(correct, ln_notation=True)
    if _proved_equal(correct, claimed):
        return CheckResult("correct", "proved equal through the SymPy mirror", correct, latex, claimed)
    symbols = sorted(function.free_symbols | claimed.free_symbols | {variable}, key=str)
    points = sample_points([function, correct], symbols, n=N_POINTS)
    if not points:
        return CheckResult("undecided", "no point of the real domain where the derivative is defined "
                           "was found to compare at", correct, latex, claimed)
    mismatch = _agree_at(claimed, correct, points)
    if mismatch is None:
        return CheckResult("correct", f"equal at {len(points)} sampled points of the real domain "
                           f"(relative tolerance {RTOL:g})", correct, latex, claimed)
    point, got, want = mismatch
    counterexample = {"point": {str(s): v for s, v in point.items()}, "claimed": got, "correct": want}
    return CheckResult("incorrect", "differs at a sampled point of the real domain", correct, latex,
                       claimed, counterexample, diagnose(function, variable, claimed, correct, points,
                                                         order))


def check_derivative(f, claimed, wrt, order=1) -> CheckResult:
    r"""Check that ``claimed`` is the derivative of ``f`` with respect to ``wrt``.

    Parameters
    ----------
    f, claimed : algrad expression, text (plain math or LaTeX) or SymPy expression
    wrt : variable, or its name
    order : int
        1 for the first derivative, 2 for the second, ...

    Returns
    -------
    CheckResult
        ``verdict`` ('correct', 'incorrect', 'undecided'), ``how``,
        ``counterexample``, ``diagnosis``, ``derivative_latex``; true when correct.

    Examples
    --------
    >>> import sympy as sp
    >>> from algrad.teaching.check import check_derivative
    >>> x = sp.Symbol('x', real=True)
    >>> r = check_derivative(sp.sin(x ** 2), sp.cos(x ** 2), x)
    >>> r.verdict, r.diagnosis
    ('incorrect', "the chain rule's inner derivative is missing")
    >>> print(r.derivative_latex)
    2 x \cos{\left(x^{2} \right)}
    """
    from .inputs import Inputs
    if not isinstance(order, int) or order < 1:
        raise ArgumentError(f"order must be a whole number >= 1, got {order!r}")
    inputs = Inputs()
    function = inputs.expression(f, "the function")
    claim = inputs.expression(claimed, "the claimed derivative")
    variable = inputs.variable(wrt, [function, claim])
    return check_sympy(function, claim, variable, order)
