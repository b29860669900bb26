"""algrad.parse_latex: textbook LaTeX, checked by value against NumPy formulas.

Besides a table of inputs with NumPy references written here, two round
trips use printers nobody here wrote or that are independent of the
parser: SymPy's ``sympy.latex`` (on a list and on random expressions, the
reference value from ``sympy.lambdify``), and ``algrad.latex`` over the
exercise corpus.
"""
from __future__ import annotations

import time

import numpy as np
import pytest
from hypothesis import given, strategies as st

import algrad
from algrad.errors import ParseError
from algrad.graph import Variable
from injection_strings import ALL as INJECTIONS
from test_parse import GT1, POS, UNIT, WIDE, assert_values

LATEX_CASES = [
    (r"\frac{1}{2}x^{2}", lambda x: x**2 / 2, WIDE),
    (r"\dfrac{x}{x+1}", lambda x: x / (x + 1), POS),
    (r"\tfrac{1}{2}", lambda: 0.5, WIDE),
    (r"\frac12 x", lambda x: x / 2, WIDE),
    (r"\frac{x^{3}}{3} + C", lambda x, C: x**3 / 3 + C, WIDE),
    (r"\sqrt{x}", lambda x: np.sqrt(x), POS),
    (r"\sqrt{x^{2}+1}", lambda x: np.sqrt(x**2 + 1), WIDE),
    (r"\sqrt[3]{x}", lambda x: np.cbrt(x), POS),
    (r"\sqrt[4]{x}", lambda x: x**0.25, POS),
    (r"\sqrt2 x", lambda x: np.sqrt(2) * x, WIDE),
    (r"x^{2}", lambda x: x**2, WIDE),
    (r"x^2", lambda x: x**2, WIDE),
    (r"x^{-1}", lambda x: 1 / x, POS),
    (r"x^{1/2}", lambda x: np.sqrt(x), POS),
    (r"x^{\frac{3}{2}}", lambda x: x**1.5, POS),
    (r"e^{x}", lambda x: np.exp(x), WIDE),
    (r"e^x", lambda x: np.exp(x), WIDE),
    (r"e^{-x^{2}}", lambda x: np.exp(-x**2), WIDE),
    (r"\mathrm{e}^{2x}", lambda x: np.exp(2 * x), WIDE),
    (r"\exp(x)", lambda x: np.exp(x), WIDE),
    (r"\exp\left(-\frac{x}{2}\right)", lambda x: np.exp(-x / 2), WIDE),
    (r"2^{x}", lambda x: 2**x, WIDE),
    (r"x^{x}", lambda x: x**x, POS),
    (r"\sin x", lambda x: np.sin(x), WIDE),
    (r"\sin(x)", lambda x: np.sin(x), WIDE),
    (r"\sin{x}", lambda x: np.sin(x), WIDE),
    (r"\sin{x}^{2}", lambda x: np.sin(x**2), WIDE),
    (r"\sin(x)^{2}", lambda x: np.sin(x)**2, WIDE),
    (r"\sin{\left(x \right)} y", lambda x, y: np.sin(x) * y, WIDE),
    (r"\sin 2x", lambda x: np.sin(2 * x), WIDE),
    (r"\sin x \cos x", lambda x: np.sin(x) * np.cos(x), WIDE),
    (r"\sin^2 x", lambda x: np.sin(x)**2, WIDE),
    (r"\sin^{2}(x)", lambda x: np.sin(x)**2, WIDE),
    (r"\sin^{-1} x", lambda x: np.arcsin(x), UNIT),
    (r"\arcsin x", lambda x: np.arcsin(x), UNIT),
    (r"\arccos(2x)", lambda x: np.arccos(2 * x), (-0.45, 0.45)),
    (r"\arctan x^{2}", lambda x: np.arctan(x**2), WIDE),
    (r"\tan^{-1}\left(\frac{x}{3}\right)", lambda x: np.arctan(x / 3), WIDE),
    (r"\tan x", lambda x: np.tan(x), (-1.2, 1.2)),
    (r"\sec x", lambda x: 1 / np.cos(x), (-1.2, 1.2)),
    (r"\csc x", lambda x: 1 / np.sin(x), (0.2, 2.9)),
    (r"\cot x", lambda x: np.cos(x) / np.sin(x), (0.2, 2.9)),
    (r"\sec^{2} x", lambda x: 1 / np.cos(x)**2, (-1.2, 1.2)),
    (r"\sinh x", lambda x: np.sinh(x), WIDE),
    (r"\cosh^{2} x", lambda x: np.cosh(x)**2, WIDE),
    (r"\tanh x", lambda x: np.tanh(x), WIDE),
    (r"\coth x", lambda x: 1 / np.tanh(x), POS),
    (r"\operatorname{arsinh} x", lambda x: np.arcsinh(x), WIDE),
    (r"\operatorname{artanh}(x/2)", lambda x: np.arctanh(x / 2), (-1.5, 1.5)),
    (r"\operatorname{arccosh} x", lambda x: np.arccosh(x), GT1),
    (r"\ln x", lambda x: np.log(x), POS),
    (r"\ln(x)", lambda x: np.log(x), POS),
    (r"\ln(x)+1", lambda x: np.log(x) + 1, POS),
    (r"\ln|x|", lambda x: np.log(np.abs(x)), WIDE),
    (r"\ln\left|x\right|", lambda x: np.log(np.abs(x)), WIDE),
    (r"\log x", lambda x: np.log(x), POS),
    (r"\log_{2} x", lambda x: np.log2(x), POS),
    (r"\log_2 x", lambda x: np.log2(x), POS),
    (r"\log_{10}(x)", lambda x: np.log10(x), POS),
    (r"\log_{b} x", lambda x, b: np.log(x) / np.log(b), GT1),
    (r"\pi x", lambda x: np.pi * x, WIDE),
    (r"\sin(\pi x)", lambda x: np.sin(np.pi * x), WIDE),
    (r"2\pi r", lambda r: 2 * np.pi * r, WIDE),
    (r"\pi r^{2}", lambda r: np.pi * r**2, WIDE),
    (r"\left( x+1 \right)^{2}", lambda x: (x + 1)**2, WIDE),
    (r"\left[ x+1 \right]^{2}", lambda x: (x + 1)**2, WIDE),
    (r"\bigl( x+1 \bigr)^2", lambda x: (x + 1)**2, WIDE),
    (r"{x+1}^{2}", lambda x: (x + 1)**2, WIDE),
    (r"|x|", lambda x: np.abs(x), WIDE),
    (r"\left|x-1\right|", lambda x: np.abs(x - 1), WIDE),
    (r"\lvert x \rvert", lambda x: np.abs(x), WIDE),
    (r"\left| |x| - 1 \right|", lambda x: np.abs(np.abs(x) - 1), WIDE),
    (r"x \cdot y", lambda x, y: x * y, WIDE),
    (r"x\times y", lambda x, y: x * y, WIDE),
    (r"3 \cdot 10^{3} x", lambda x: 3000 * x, WIDE),
    (r"6.02 \times 10^{23}", lambda: 6.02e23, WIDE),
    (r"x \div 2", lambda x: x / 2, WIDE),
    (r"2\,x + x\;y - x\!y", lambda x, y: 2 * x, WIDE),
    (r"x\quad + 1", lambda x: x + 1, WIDE),
    (r"xy", lambda x, y: x * y, WIDE),
    (r"2xy", lambda x, y: 2 * x * y, WIDE),
    (r"x_{1} + x_2", lambda x_1, x_2: x_1 + x_2, WIDE),
    (r"\theta^{2}", lambda theta: theta**2, WIDE),
    (r"\alpha x + \beta", lambda alpha, x, beta: alpha * x + beta, WIDE),
    (r"$x^2$", lambda x: x**2, WIDE),
    (r"\displaystyle\frac{1}{x}", lambda x: 1 / x, POS),
    (r"\frac{\sin x}{x}", lambda x: np.sin(x) / x, POS),
    (r"\frac{e^{x}}{1+e^{x}}", lambda x: np.exp(x) / (1 + np.exp(x)), WIDE),
    (r"\frac{1}{1+e^{-x}}", lambda x: 1 / (1 + np.exp(-x)), WIDE),
    (r"-\frac{1}{x^{2}}", lambda x: -1 / x**2, POS),
    (r"3x^{2} - 2x + 1", lambda x: 3 * x**2 - 2 * x + 1, WIDE),
    (r"(x^{2}+1)(x^{3}-x)", lambda x: (x**2 + 1) * (x**3 - x), WIDE),
    (r"x e^{x}", lambda x: x * np.exp(x), WIDE),
    (r"xe^{x}", lambda x: x * np.exp(x), WIDE),
    (r"x^{2}\ln x", lambda x: x**2 * np.log(x), POS),
    (r"e^{x}\sin x", lambda x: np.exp(x) * np.sin(x), WIDE),
    (r"e^{\sin x}", lambda x: np.exp(np.sin(x)), WIDE),
    (r"\cos(e^{x})", lambda x: np.cos(np.exp(x)), WIDE),
    (r"\sqrt{1-x^{2}}", lambda x: np.sqrt(1 - x**2), UNIT),
    (r"1/x", lambda x: 1 / x, POS),
    (r"x/(x+1)", lambda x: x / (x + 1), POS),
    (r"e", lambda: np.e, WIDE),
    (r"\mathrm{e}", lambda: np.e, WIDE),
    (r"\pi", lambda: np.pi, WIDE),
]


@pytest.mark.parametrize("text, reference, domain", LATEX_CASES, ids=[c[0] for c in LATEX_CASES])
def test_latex_formula_values(text, reference, domain):
    assert_values(algrad.parse_latex(text), reference, domain)


def test_table_size():
    assert len(LATEX_CASES) >= 60


def test_constants_are_not_symbols_and_no_tree_leaks():
    for text in ("e", r"\pi", r"\mathrm{e}", r"e^{\pi}"):
        assert algrad.graph_inputs(algrad.parse_latex(text)) == []
    result = algrad.parse_latex(r"\ln(x)+1")
    assert isinstance(result, Variable)


def test_variables_are_shared_with_plain_formulas():
    names = {}
    f = algrad.parse("x^2 sin x", names)
    claimed = algrad.parse_latex(r"2x\sin x + x^{2}\cos x", names)
    assert algrad.graph_inputs(claimed) == algrad.graph_inputs(f) == [names["x"]]


@pytest.mark.parametrize("text, message", [
    (r"\frac{1}{x", "column 11: expected '}' to close the '{' at column 9"),
    (r"\left( x + 1", "column 13: expected ')' to close the '\\left(' at column 1"),
    (r"\sqrt[3]", "column 9: expected '{' or one character after '\\sqrt', found the end"),
    (r"sin x", "column 1: unknown function 'sin' (TeX sets it as the letters s i n); "
               "did you mean '\\sin'?"),
    (r"2 sinx", "did you mean '\\sin x'?"),
    (r"\foo x", "column 1: unknown command '\\foo'"),
    (r"\operatorname{foo}(x)", "column 1: unknown function '\\operatorname{foo}'"),
    (r"x^23", "column 2: '^23' is ambiguous: TeX reads it as ^{2}3, which may be meant as ^{23}"),
    (r"e^-x", "column 3: expected '{' or one character after '^', found '-'; write e^{-x}"),
    (r"\left. x", "expected a delimiter such as '(' after '\\left', found '.'"),
    (r"\lg x", "'\\lg' is ambiguous: log base 10 (ISO 80000-2) or base 2"),
    (r"x^{2}^{3}", "column 6: a second '^' (a double exponent)"),
    (r"1/2x", "'1/2x' is ambiguous: it reads as (1/2)x or as 1/(2x)"),
    (r"\sin^{x} y", "column 6: expected a number after '\\sin^'"),
    (r"x & y", "column 3: unexpected '&'"),
    (r"f'(x)", "column 2: unexpected \"'\""),
    (r"x = y", "column 3: unexpected '='"),
    (r"$x$ + $y$", "column 3: unexpected '$' inside the formula"),
    (r"\frac{x}{}", "column 10: expected a number, a name or '(', found '}'"),
    ("\\sin x\n+ \\cos(x", "line 2, column 9: expected ')' to close the '(' at line 2, column 7"),
])
def test_latex_errors_name_the_place_and_what_was_expected(text, message):
    with pytest.raises(ParseError) as info:
        algrad.parse_latex(text)
    assert message in str(info.value)


def test_huge_powers_are_not_evaluated_while_parsing():
    start = time.perf_counter()
    expr = algrad.parse_latex("9^{9^{9}}")
    assert time.perf_counter() - start < 0.5
    with np.errstate(over="ignore"):
        assert algrad.function([], expr)() == np.inf


@pytest.mark.parametrize("label, text", INJECTIONS, ids=[label for label, _ in INJECTIONS])
def test_injection_strings_are_refused_in_bounded_time(label, text):
    start = time.perf_counter()
    with pytest.raises(ParseError):
        algrad.parse_latex(text)
    assert time.perf_counter() - start < 1.0, label


# -- round trips through printers that are not the parser ----------------------------

def _sympy_reference_matches(expr_sympy, symbols, domain, seed=0):
    """parse_latex(sympy.latex(e)) has e's values (sympy.lambdify) where they are finite."""
    import sympy
    text = sympy.latex(expr_sympy)
    parsed = algrad.parse_latex(text)
    inputs = algrad.graph_inputs(parsed)
    names = [v.name for v in inputs]
    assert set(names) <= {s.name for s in symbols}, text
    rng = np.random.default_rng(seed)
    reference = sympy.lambdify(symbols, expr_sympy, "numpy")
    fn = algrad.function(inputs, parsed, mode="numpy")
    for _ in range(3):
        point = {s.name: rng.uniform(*domain) for s in symbols}
        with np.errstate(all="ignore"):
            want = complex(reference(*[point[s.name] for s in symbols]))
            got = float(fn(*[point[n] for n in names]))
        if np.isfinite(want) and abs(want.imag) < 1e-12 and abs(want.real) < 1e8:
            assert got == pytest.approx(want.real, rel=1e-9, abs=1e-9), text


def _sympy_examples():
    import sympy
    x, y = sympy.symbols("x y", real=True)
    r = sympy.Rational
    return [
        sympy.asin(x), sympy.log(x), sympy.exp(-x**2 / 2), x**r(1, 3), 1 / x**3, x**r(3, 2),
        sympy.sin(x)**2, sympy.acosh(x + 2), sympy.Abs(x), sympy.atan(x**2) * x,
        sympy.sqrt(1 + x**2), 2**x, x**x, sympy.log(sympy.cos(x)), sympy.sin(x) / x,
        sympy.exp(x) / (1 + sympy.exp(x)), sympy.atanh(x / 2), sympy.pi * x, sympy.E * x,
        x * y / (x + y), sympy.sec(x), sympy.cot(x), sympy.asec(x + 2), sympy.coth(x),
        sympy.log(x, 2), x - 3 * y, r(-1, 2) * x**r(-3, 2), sympy.sqrt(sympy.cos(x)),
        sympy.sinh(x) * sympy.cosh(y), sympy.tan(x)**-2, sympy.csc(x)**2, sympy.asinh(x / y),
        sympy.exp(sympy.sin(x * y)), (x + 1)**r(2, 3), 3 * x**4 - 2 * x**3 + x - 7,
    ], (x, y)


def test_round_trip_through_sympy_latex():
    expressions, symbols = _sympy_examples()
    for e in expressions:
        _sympy_reference_matches(e, symbols, (0.3, 0.9))


def _random_sympy_expressions():
    import sympy
    x, y = sympy.symbols("x y", real=True)
    leaves = st.sampled_from([x, y, sympy.Integer(2), sympy.Integer(3), sympy.Rational(1, 2),
                              sympy.pi, sympy.E])
    unary = [sympy.sin, sympy.cos, sympy.exp, sympy.atan, sympy.sinh, sympy.tanh, sympy.Abs,
             lambda a: sympy.log(1 + a**2), lambda a: sympy.sqrt(1 + a**2), lambda a: -a]
    binary = [lambda a, b: a + b, lambda a, b: a - b, lambda a, b: a * b,
              lambda a, b: a / (2 + b**2), lambda a, b: a**2 * b, lambda a, b: a**3]

    def extend(children):
        return st.one_of(
            st.tuples(st.sampled_from(unary), children).map(lambda t: t[0](t[1])),
            st.tuples(st.sampled_from(binary), children, children).map(lambda t: t[0](t[1], t[2])))
    return st.recursive(leaves, extend, max_leaves=8)


@given(_random_sympy_expressions())
def test_round_trip_of_random_expressions_through_sympy_latex(expr):
    import sympy
    _sympy_reference_matches(expr, sympy.symbols("x y", real=True), (-1.5, 1.5))


def _corpus_and_printer():
    """The exercise corpus and algrad.latex, or the reason they are missing."""
    latex = getattr(algrad, "latex", None)
    if not callable(latex):
        return None, "algrad.latex is not there yet"
    try:
        import exercises
    except ImportError:
        return None, "the exercise corpus tests/exercises.py is not there yet"
    return (exercises, latex), None


def test_round_trip_of_algrad_latex_over_the_exercise_corpus():
    found, reason = _corpus_and_printer()
    if found is None:
        pytest.skip(reason)
    exercises, latex = found
    import sympy
    import algrad.tensor as T
    rng = np.random.default_rng(7)
    for entry in exercises.EXERCISES:
        variables = {name: T.dscalar(name) for name in entry["variables"]}
        printed = latex(exercises.build_algrad(entry, variables))
        parsed = algrad.parse_latex(printed, variables)
        symbols = [sympy.Symbol(name, real=True) for name in entry["variables"]]
        reference = sympy.lambdify(symbols, exercises.build_sympy(
            entry, dict(zip(entry["variables"], symbols))), "numpy")
        inputs = algrad.graph_inputs(parsed)
        fn = algrad.function(inputs, parsed, mode="numpy")
        for _ in range(4):
            point = {name: rng.uniform(*entry["domain"]) for name in entry["variables"]}
            want = reference(*[point[n] for n in entry["variables"]])
            got = fn(*[point[v.name] for v in inputs])
            assert float(got) == pytest.approx(float(want), rel=1e-9, abs=1e-12), \
                (entry["id"], printed)


LATEX_PIECES = ["x", "y", "2", "3", ".", "(", ")", "[", "]", "{", "}", "|", "+", "-", "*", "/",
                "^", "_", ",", " ", "e", "\\pi", "\\sin", "\\cos", "\\log", "\\ln", "\\sqrt",
                "\\frac", "\\left(", "\\right)", "\\left|", "\\right|", "\\cdot", "\\,", "^{",
                "_{", "\\sqrt[", "\\operatorname{", "\\mathrm{e}", "\\lvert", "\\rvert", "$",
                "sin", "\\theta", "\\sin^{-1}", "\\dfrac", "\\frac.", "\\input"]


@given(st.lists(st.sampled_from(LATEX_PIECES), min_size=1, max_size=14).map("".join))
def test_any_text_gives_an_expression_or_a_parse_error(text):
    try:
        result = algrad.parse_latex(text)
    except ParseError as error:
        assert str(error).startswith(("column", "line", "the formula"))
    else:
        assert isinstance(result, Variable)
