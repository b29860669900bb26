"""Step-by-step derivations and the check of claimed derivatives, on SymPy and algrad input."""
import pytest
import sympy as sp

import algrad.tensor as T
from algrad.teaching.check import check_derivative
from algrad.teaching.rules import MISTAKES
from algrad.teaching.steps import steps

x = sp.Symbol("x", real=True)
y = sp.Symbol("y", real=True)
a = sp.Symbol("a", positive=True)

FUNCTIONS = [
    x ** 7, 3 * x ** 2 - 5 * x + 1, sp.sqrt(x), x ** sp.Rational(2, 3), 1 / x ** 2,
    x ** 2 * sp.sin(x), sp.exp(x) * sp.cos(x), (x ** 2 + 1) / (x - 3), sp.sin(x) / x,
    sp.sin(x ** 2), sp.cos(3 * x + 1), sp.exp(-x ** 2), sp.log(x ** 2 + 1), sp.sqrt(1 - x ** 2),
    sp.tan(x), sp.sec(x), sp.csc(2 * x), sp.cot(x), sp.asin(x / 2), sp.acos(x), sp.atan(x ** 2),
    sp.acot(x), sp.sinh(x) * sp.cosh(x), sp.tanh(3 * x), sp.asinh(x), sp.atanh(x / 3),
    2 ** x, 10 ** (x ** 2), x ** x, sp.sin(x) ** sp.cos(x), sp.Abs(x), sp.log(sp.Abs(x)),
    sp.log(x, 2), sp.exp(sp.sin(sp.cos(x))), (1 + 1 / x) ** 3, sp.erf(x), x * y ** 2 + sp.sin(x * y),
]


@pytest.mark.parametrize("f", FUNCTIONS, ids=str)
def test_every_step_is_a_named_rule_and_the_result_is_the_derivative(f):
    d = steps(f, x)
    assert d.steps, "a derivation has at least one step"
    known = {"constant", "constant multiple", "sum", "power", "product", "quotient", "chain",
             "exp", "log", "trig", "inverse trig", "hyperbolic", "inverse hyperbolic",
             "absolute value", "logarithmic differentiation", "special function", "simplify"}
    assert {s.rule for s in d.steps} <= known
    assert not d.result.has(sp.Derivative)
    expected = sp.diff(f, x)
    for point in (0.37, 0.81, 1.57):
        values = {x: point, y: 0.6}
        assert complex(d.result.evalf(subs=values)) == pytest.approx(complex(expected.evalf(subs=values)))
    assert d.to_latex().startswith("\\begin{align*}") and "\\text{" in d.to_latex()
    assert d.to_markdown().count("**") >= 2 * len(d.steps)


@pytest.mark.parametrize("f", [x ** 2 * sp.sin(x), sp.exp(x ** 2), sp.log(x) / x], ids=str)
def test_right_answers_in_other_forms_are_correct(f):
    expanded = sp.expand(sp.diff(f, x))
    result = check_derivative(f, expanded, x)
    assert result.verdict == "correct" and bool(result)


# (function, claimed, the mistake that explains the claim)
MISTAKE_CASES = [
    (sp.sin(x ** 2), sp.cos(x ** 2), "missing_chain"),
    (sp.exp(3 * x), sp.exp(3 * x), "missing_chain"),
    (sp.log(x ** 2 + 1), 1 / (x ** 2 + 1), "missing_chain"),
    (x ** 2 * sp.sin(x), 2 * x * sp.cos(x), "product_of_derivatives"),
    (sp.exp(x) * x ** 3, 3 * x ** 2 * sp.exp(x), "product_of_derivatives"),
    ((x + 1) / (x - 1), 2 / (x - 1) ** 2, "quotient_sign"),
    (sp.sin(x) / x, (sp.sin(x) - x * sp.cos(x)) / x ** 2, "quotient_sign"),
    (x ** 5, 5 * x ** 5, "power_no_decrement"),
    (x ** 4, 4 * x ** 5, "power_raised"),
    (2 ** x, 2 ** x, "missing_log_base"),
    (3 ** (2 * x), 2 * 3 ** (2 * x), "missing_log_base"),
    (sp.cos(x), sp.sin(x), "cos_sign"),
    (sp.cos(3 * x), 3 * sp.sin(3 * x), "cos_sign"),
]


@pytest.mark.parametrize("f, claimed, mistake", MISTAKE_CASES, ids=lambda v: str(v))
def test_typical_mistakes_are_diagnosed(f, claimed, mistake):
    result = check_derivative(f, claimed, x)
    assert result.verdict == "incorrect"
    assert result.diagnosis == MISTAKES[mistake]
    point = result.counterexample["point"]["x"]
    assert result.counterexample["correct"] == pytest.approx(float(sp.diff(f, x).subs(x, point)))
    assert result.counterexample["claimed"] == pytest.approx(float(claimed.subs(x, point)))


def test_integrating_instead_of_differentiating():
    result = check_derivative(x ** 3, x ** 4 / 4, x)
    assert "integrating" in result.diagnosis


def test_second_derivatives_and_order_mistakes():
    assert check_derivative(sp.sin(x) * x, 2 * sp.cos(x) - x * sp.sin(x), x, order=2)
    result = check_derivative(x ** 3, 3 * x ** 2, x, order=2)
    assert result.verdict == "incorrect" and "derivative number 1" in result.diagnosis


def test_domains_as_teachers_expect():
    assert check_derivative(sp.log(sp.Abs(x)), 1 / x, x)
    assert check_derivative(sp.sqrt(x ** 2), x / sp.Abs(x), x)
    assert check_derivative(sp.log(x), 1 / x, x)
    sampled = check_derivative(sp.asin(x), 1 / sp.sqrt(1 - x ** 2) + 0 * x, x)
    assert sampled.verdict == "correct"


def test_a_wrong_answer_without_a_known_mistake_still_gets_a_counterexample():
    result = check_derivative(sp.sin(x), sp.cos(x) + x, x)
    assert result.verdict == "incorrect" and result.diagnosis is None
    assert "x" in result.counterexample["point"]
    assert "\\cos" in result.derivative_latex
    assert "incorrect" in str(result)


def test_partial_derivatives():
    assert check_derivative(x * y ** 2 + sp.sin(x * y), y ** 2 + y * sp.cos(x * y), x)
    assert not check_derivative(x * y ** 2, 2 * x * y, x)


def test_algrad_expressions_and_variable_names():
    t = T.dscalar("t")
    assert check_derivative(T.exp(t) * t, T.exp(t) * (t + 1), t)
    assert check_derivative(T.sin(t) ** 2, 2 * T.sin(t) * T.cos(t), "t")
    result = check_derivative(T.tanh(t), 1 - T.tanh(t), "t")
    assert result.verdict == "incorrect"
    assert [s.rule for s in steps(T.arctan(2 * t), t).steps][:1] == ["chain"]


def test_bad_arguments():
    with pytest.raises(ValueError, match="order"):
        check_derivative(x, 1, x, order=0)
    with pytest.raises(TypeError, match="expression"):
        check_derivative(object(), 1, x)
    with pytest.raises(TypeError, match="scalar"):
        check_derivative(T.dvector("v"), 1, "v")
