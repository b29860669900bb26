"""algrad.parse: plain math syntax, checked by value against NumPy formulas.

Each formula is compiled and compared at random points with a NumPy
expression written here from the textbook meaning of the input; the
errors are checked for their column and wording; the hostile inputs of
tests/injection_strings.py are refused, each within a time bound.
"""
from __future__ import annotations

import inspect
import time
import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import algrad
import algrad.tensor as T
from algrad.errors import ParseError
from algrad.graph import Variable
from algrad.reference import ReferenceProgram
from algrad.parsing import AmbiguityWarning
from injection_strings import ALL as INJECTIONS

POS = (0.2, 3.0)
UNIT = (-0.9, 0.9)
WIDE = (-2.0, 2.0)
GT1 = (1.1, 3.0)
sec = lambda x: 1 / np.cos(x)  # noqa: E731  (references, written once here)

# (text, NumPy reference over the formula's variables, interval to sample)
PLAIN_CASES = [
    ("x^2 sin(x)", lambda x: x**2 * np.sin(x), WIDE),
    ("x**2*sin(x)", lambda x: x**2 * np.sin(x), WIDE),
    ("2x", lambda x: 2 * x, WIDE),
    ("2 sin x", lambda x: 2 * np.sin(x), WIDE),
    ("x y", lambda x, y: x * y, WIDE),
    ("(x+1)(x-1)", lambda x: (x + 1) * (x - 1), WIDE),
    ("2(x+1)", lambda x: 2 * (x + 1), WIDE),
    ("x(x+1)", lambda x: x * (x + 1), WIDE),
    ("e^x", lambda x: np.exp(x), WIDE),
    ("e^-x", lambda x: np.exp(-x), WIDE),
    ("e^(-x^2/2)", lambda x: np.exp(-x**2 / 2), WIDE),
    ("exp(2x)", lambda x: np.exp(2 * x), WIDE),
    ("x e^x", lambda x: x * np.exp(x), WIDE),
    ("2e^x", lambda x: 2 * np.exp(x), WIDE),
    ("ln x", lambda x: np.log(x), POS),
    ("ln(x^2 + 1)", lambda x: np.log(x**2 + 1), WIDE),
    ("log x", lambda x: np.log(x), POS),
    ("log(x, 2)", lambda x: np.log2(x), POS),
    ("log_2 x", lambda x: np.log2(x), POS),
    ("log_10(x)", lambda x: np.log10(x), POS),
    ("log_{10} x", lambda x: np.log10(x), POS),
    ("log_b x", lambda x, b: np.log(x) / np.log(b), GT1),
    ("log10(x)", lambda x: np.log10(x), POS),
    ("ln |x|", lambda x: np.log(np.abs(x)), WIDE),
    ("sqrt(x)", lambda x: np.sqrt(x), POS),
    ("sqrt x", lambda x: np.sqrt(x), POS),
    ("sqrt(1 - x^2)", lambda x: np.sqrt(1 - x**2), UNIT),
    ("cbrt(x)", lambda x: np.cbrt(x), POS),
    ("sin x cos x", lambda x: np.sin(x) * np.cos(x), WIDE),
    ("2 sin x cos x", lambda x: 2 * np.sin(x) * np.cos(x), WIDE),
    ("sin 2x", lambda x: np.sin(2 * x), WIDE),
    ("sin x^2", lambda x: np.sin(x**2), WIDE),
    ("sin^2 x", lambda x: np.sin(x)**2, WIDE),
    ("sin^2 x + cos^2 x", lambda x: np.sin(x)**2 + np.cos(x)**2, WIDE),
    ("cos(x)^2", lambda x: np.cos(x)**2, WIDE),
    ("sin(3x + 1)", lambda x: np.sin(3 * x + 1), WIDE),
    ("sin x / x", lambda x: np.sin(x) / x, POS),
    ("tan x", lambda x: np.tan(x), (-1.2, 1.2)),
    ("sec x", sec, (-1.2, 1.2)),
    ("csc x", lambda x: 1 / np.sin(x), (0.2, 2.9)),
    ("cot x", lambda x: np.cos(x) / np.sin(x), (0.2, 2.9)),
    ("sec^2 x", lambda x: sec(x)**2, (-1.2, 1.2)),
    ("arcsin x", lambda x: np.arcsin(x), UNIT),
    ("asin(x)", lambda x: np.arcsin(x), UNIT),
    ("sin^-1 x", lambda x: np.arcsin(x), UNIT),
    ("sin^(-1)(x)", lambda x: np.arcsin(x), UNIT),
    ("tan^-1(x^2)", lambda x: np.arctan(x**2), WIDE),
    ("arccos(2x)", lambda x: np.arccos(2 * x), (-0.45, 0.45)),
    ("atan x", lambda x: np.arctan(x), WIDE),
    ("arcsec x", lambda x: np.arccos(1 / x), GT1),
    ("cosec^-1 x", lambda x: np.arcsin(1 / x), GT1),
    ("arccot x", lambda x: np.pi / 2 - np.arctan(x), WIDE),
    ("sinh x", lambda x: np.sinh(x), WIDE),
    ("cosh^2 x", lambda x: np.cosh(x)**2, WIDE),
    ("tanh(x)", lambda x: np.tanh(x), WIDE),
    ("sech x", lambda x: 1 / np.cosh(x), WIDE),
    ("coth x", lambda x: 1 / np.tanh(x), POS),
    ("arcsinh x", lambda x: np.arcsinh(x), WIDE),
    ("asinh(x)", lambda x: np.arcsinh(x), WIDE),
    ("arccosh x", lambda x: np.arccosh(x), GT1),
    ("cosh^-1 x", lambda x: np.arccosh(x), GT1),
    ("arctanh(x/2)", lambda x: np.arctanh(x / 2), (-1.5, 1.5)),
    ("|x|", lambda x: np.abs(x), WIDE),
    ("|x - 1|", lambda x: np.abs(x - 1), WIDE),
    ("abs(x)", lambda x: np.abs(x), WIDE),
    ("2|x|", lambda x: 2 * np.abs(x), WIDE),
    ("|x||y|", lambda x, y: np.abs(x) * np.abs(y), WIDE),
    ("||x| - 1|", lambda x: np.abs(np.abs(x) - 1), WIDE),
    ("pi x", lambda x: np.pi * x, WIDE),
    ("sin(pi x)", lambda x: np.sin(np.pi * x), WIDE),
    ("e", lambda: np.e, WIDE),
    ("2.5x", lambda x: 2.5 * x, WIDE),
    (".5x", lambda x: 0.5 * x, WIDE),
    ("1.5e-3 x", lambda x: 1.5e-3 * x, WIDE),
    ("6.02E23", lambda: 6.02e23, WIDE),
    ("x^(1/3)", lambda x: x**(1 / 3), POS),
    ("(x+1)^(-1/2)", lambda x: (x + 1)**-0.5, POS),
    ("2^x", lambda x: 2**x, WIDE),
    ("x^x", lambda x: x**x, POS),
    ("4x^3 - 3x^2 + 2x - 1", lambda x: 4 * x**3 - 3 * x**2 + 2 * x - 1, WIDE),
    ("3x^2 y + y^3", lambda x, y: 3 * x**2 * y + y**3, WIDE),
    ("x_1 + 2x_2", lambda x_1, x_2: x_1 + 2 * x_2, WIDE),
    ("theta^2", lambda theta: theta**2, WIDE),
    ("[x + 1]^2", lambda x: (x + 1)**2, WIDE),
    ("{x + 1}/{x - 1}", lambda x: (x + 1) / (x - 1), GT1),
    ("exp(-x) sin(x)", lambda x: np.exp(-x) * np.sin(x), WIDE),
    ("x/(x + 1)", lambda x: x / (x + 1), POS),
    ("1/(1 + e^-x)", lambda x: 1 / (1 + np.exp(-x)), WIDE),
    ("sigmoid(x)", lambda x: 1 / (1 + np.exp(-x)), WIDE),
    ("\u03c0x \u2212 2\u00b7x", lambda x: np.pi * x - 2 * x, WIDE),
    ("sin(x)y", lambda x, y: np.sin(x) * y, WIDE),
    ("x\u00b2 + 2x", lambda x: x**2 + 2 * x, WIDE),
    ("x\u00b2y", lambda x, y: x**2 * y, WIDE),
    ("x\u207b\u00b9", lambda x: 1 / x, POS),
    ("sin\u00b2x", lambda x: np.sin(x)**2, WIDE),
    ("sin\u207b\u00b9 x", lambda x: np.arcsin(x), UNIT),
    ("2\u03b8 + \u0394", lambda theta, Delta: 2 * theta + Delta, WIDE),
    ("\u221a(x+1)", lambda x: np.sqrt(x + 1), POS),
    ("x\u00a0+\u20091", lambda x: x + 1, WIDE),
]

# precedence and associativity: the reading is the whole point
PRECEDENCE_CASES = [
    ("-x^2", lambda x: -(x**2)),
    ("-2^2", lambda: -4.0),
    ("2^-1", lambda: 0.5),
    ("2^3^2", lambda: 512.0),
    ("x^y^z", lambda x, y, z: x**(y**z)),
    ("2^-3^2", lambda: 2.0**-9),
    ("x - y - z", lambda x, y, z: x - y - z),
    ("x / y / z", lambda x, y, z: x / y / z),
    ("x / y * z", lambda x, y, z: x / y * z),
    ("x * y / z", lambda x, y, z: x * y / z),
    ("2x/3", lambda x: 2 * x / 3),
    ("x - -y", lambda x, y: x + y),
    ("--x", lambda x: x),
    ("+x", lambda x: x),
    ("1 + 2 * 3", lambda: 7.0),
    ("(1 + 2) * 3", lambda: 9.0),
    ("2 * -x", lambda x: -2 * x),
    ("x^2 y", lambda x, y: x**2 * y),
    ("e^x y", lambda x, y: np.exp(x) * y),
    ("e^(2x)", lambda x: np.exp(2 * x)),
    ("sin x^2 y", lambda x, y: np.sin(x**2 * y)),
    ("-sin x", lambda x: -np.sin(x)),
    ("sin -x", lambda x: np.sin(-x)),
    ("sin(x) cos(y)", lambda x, y: np.sin(x) * np.cos(y)),
    ("ln x + 1", lambda x: np.log(x) + 1),
    ("sqrt x y", lambda x, y: np.sqrt(x * y)),
    ("x^2sin(x)", lambda x: x**2 * np.sin(x)),
    ("e^2(x+1)", lambda x: np.exp(2) * (x + 1)),
    ("e^(x)y", lambda x, y: np.exp(x) * y),
]


def assert_values(expr, reference, domain, points=16, seed=0):
    """``expr`` equals ``reference`` at random points; its variables are the reference's."""
    names = list(inspect.signature(reference).parameters)
    inputs = algrad.graph_inputs(expr)
    assert sorted(v.name for v in inputs) == sorted(names)
    rng = np.random.default_rng(seed)
    values = {name: rng.uniform(*domain, size=points) for name in names}
    vectors = [T.dvector(v.name) for v in inputs]
    vector_expr = algrad.clone_replace(expr, dict(zip(inputs, vectors)), strict=False)
    fn = algrad.function(vectors, vector_expr, mode="numpy")
    got = np.broadcast_to(fn(*[values[v.name] for v in inputs]), (points,))
    want = np.broadcast_to(reference(**values), (points,))
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


def quiet_parse(text, variables=None):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no case of the tables is ambiguous
        return algrad.parse(text, variables)


@pytest.mark.parametrize("text, reference, domain", PLAIN_CASES, ids=[c[0] for c in PLAIN_CASES])
def test_plain_formula_values(text, reference, domain):
    assert_values(quiet_parse(text), reference, domain)


@pytest.mark.parametrize("text, reference", PRECEDENCE_CASES, ids=[c[0] for c in PRECEDENCE_CASES])
def test_precedence_and_associativity(text, reference):
    assert_values(quiet_parse(text), reference, (0.3, 1.7))


def test_table_sizes():
    assert len(PLAIN_CASES) >= 60 and len(PRECEDENCE_CASES) >= 20


def test_free_names_are_float64_scalars_shared_within_a_call():
    expr = algrad.parse("x^2 + x y")
    x, y = algrad.graph_inputs(expr)
    assert (x.name, y.name) == ("x", "y")
    assert x.type == T.dscalar().type and y.type == T.dscalar().type
    other = algrad.parse("x")
    assert algrad.graph_inputs(other)[0] is not x  # a new call, a new variable


def test_given_variables_are_reused():
    x = T.dscalar("x")
    f = algrad.parse("x^3", {"x": x})
    claimed = algrad.parse("3x^2", [x])
    assert algrad.graph_inputs(f) == [x] and algrad.graph_inputs(claimed) == [x]
    assert algrad.parse("x", {"x": x}) is x
    word = algrad.parse("rate^2", {"rate": T.dscalar("rate")})  # a declared word is one name
    assert [v.name for v in algrad.graph_inputs(word)] == ["rate"]


def test_a_dict_of_variables_receives_the_new_names():
    names = {}
    f = algrad.parse("x^2 + y", names)
    derivative = algrad.parse("2x", names)
    assert set(names) == {"x", "y"}
    assert algrad.graph_inputs(derivative) == [names["x"]]
    assert algrad.graph_inputs(f) == [names["x"], names["y"]]
    with pytest.raises(ParseError):
        algrad.parse("z + (", names)
    assert set(names) == {"x", "y"}  # a refused formula adds nothing


def test_a_formula_must_be_text():
    with pytest.raises(TypeError, match="a formula must be a string, got bytes"):
        algrad.parse(b"x + 1")


def test_bad_variables_argument():
    with pytest.raises(TypeError, match="'x' maps to int"):
        algrad.parse("x", {"x": 3})
    with pytest.raises(ValueError, match="'sin' is a function name"):
        algrad.parse("x", {"sin": T.dscalar("sin")})


def test_e_to_a_power_is_exp_and_constants_are_exact():
    expr = algrad.parse("e^x")
    assert expr.owner.op.name == "exp"
    values = algrad.function([], [algrad.parse("pi"), algrad.parse("e")])()
    assert float(values[0]) == np.pi and float(values[1]) == np.e


def test_huge_powers_are_not_evaluated_while_parsing():
    start = time.perf_counter()
    expr = algrad.parse("9^9^9^9")
    assert time.perf_counter() - start < 0.5
    assert expr.owner.op.name == "pow"
    with np.errstate(over="ignore"):
        assert algrad.function([], expr)() == np.inf


def test_unknown_multi_letter_word_is_a_product_with_a_warning():
    with pytest.warns(AmbiguityWarning, match=r"'xy' is read as the product x\*y"):
        expr = algrad.parse("xy + 1")
    assert_values(expr, lambda x, y: x * y + 1, WIDE)


@pytest.mark.parametrize("text, message", [
    ("sin(x", "column 6: expected ')' to close the '(' at column 4"),
    ("2*(x + 1", "column 9: expected ')' to close the '(' at column 3"),
    ("(x]", "column 3: expected ')' to close the '(' at column 1, found ']'"),
    ("|x", "column 3: expected '|' to close the '|' at column 1"),
    ("x)", "column 2: unmatched ')'"),
    ("x +", "column 4: the formula ends after '+'; expected a number, a name or '('"),
    ("x * / y", "column 5: expected a number, a name or '(', found '/'"),
    ("sinx", "column 1: unknown function 'sinx'; did you mean 'sin x'?"),
    ("2 cosxy", "column 3: unknown function 'cosxy'; did you mean 'cos x y'?"),
    ("xsinx", "column 1: unknown name 'xsinx'; did you mean 'x sin x'?"),
    ("foo(x)", "column 1: unknown function 'foo'"),
    ("sin", "column 4: expected the argument of 'sin', found the end of the formula"),
    ("2 3", "column 3: a number after '2' needs an explicit '*' before it"),
    ("x = 1", "column 3: unexpected '='; a formula is an expression, not an equation"),
    ("x!", "column 2: unexpected '!'"),
    ("ln^-1 x", "column 4: 'ln' has no inverse written ln^-1"),
    ("sin^x y", "column 5: expected a number after 'sin^'"),
    ("sin_2 x", "only log takes a base after '_'"),
    ("sin(x, 2)", "column 6: expected ')' to close the '(' at column 4, found ','"),
    ("x, y", "column 2: unexpected ','; only log(x, b) takes two arguments"),
    ("x\u207b", "column 2: the superscript '\u207b' is not a whole number"),
    ("x\u0663", "column 2: unexpected '\u0663'"),
    ("", "the formula is empty"),
    ("  \n ", "the formula is empty"),
    ("x\n+ (y", "line 2, column 5: expected ')' to close the '(' at line 2, column 3"),
])
def test_errors_name_the_place_and_what_was_expected(text, message):
    with pytest.raises(ParseError) as info:
        algrad.parse(text)
    assert message in str(info.value)


@pytest.mark.parametrize("text, readings", [
    ("1/2x", "'1/2x' is ambiguous: it reads as (1/2)x or as 1/(2x)"),
    ("x/2 y", "it reads as (x/2) y or as x/(2 y)"),
    ("1/2 sin x", "it reads as (1/2) sin x or as 1/(2 sin x)"),
    ("e^2x", "'e^2x' is ambiguous: it reads as (e^2)x or as e^(2x)"),
    ("x^2y", "it reads as (x^2)y or as x^(2y)"),
    ("e^-3x", "it reads as (e^-3)x or as e^(-3x)"),
    ("e^xy", "it reads as (e^x)y or as e^(xy)"),
    ("2^x^2y", "it reads as (x^2)y or as x^(2y)"),
    ("e^2pi", "it reads as (e^2)pi or as e^(2pi)"),
])
def test_ambiguous_inputs_name_both_readings(text, readings):
    with pytest.raises(ParseError, match="ambiguous") as info:
        algrad.parse(text)
    assert readings in str(info.value)


def test_error_carries_text_column_and_caret():
    with pytest.raises(ParseError) as info:
        algrad.parse("2*(x + 1")
    error = info.value
    assert isinstance(error, ValueError)
    assert error.text == "2*(x + 1" and error.column == 9
    assert error.caret == "2*(x + 1\n        ^"


def test_length_and_depth_are_bounded():
    with pytest.raises(ParseError, match="at most 10000"):
        algrad.parse("x" * 10_001)
    with pytest.raises(ParseError, match="column 101: the formula nests deeper than 100 levels"):
        algrad.parse("(" * 150 + "x" + ")" * 150)
    algrad.parse("(" * 100 + "x" + ")" * 100)  # the bound itself is allowed


def test_long_flat_input_is_linear():
    start = time.perf_counter()
    expr = algrad.parse("x + " * 2000 + "x")
    assert time.perf_counter() - start < 1.0
    assert_values(expr, lambda x: 2001 * x, WIDE, points=4)


@pytest.mark.parametrize("label, text", INJECTIONS, ids=[label for label, _ in INJECTIONS])
def test_injection_strings_are_refused_in_bounded_time(label, text):
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AmbiguityWarning)
        with pytest.raises(ParseError) as info:
            algrad.parse(text)
    assert time.perf_counter() - start < 1.0, label
    assert str(info.value).strip() and "Traceback" not in str(info.value)


def test_no_warning_escapes_a_refused_input():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ParseError):
            algrad.parse("xy + (")  # 'xy' would warn, but the formula fails first


def test_parser_does_not_import_sympy_or_numba():
    import subprocess
    import sys
    code = ("import sys, algrad; algrad.parse('x^2 sin x'); algrad.parse_latex(r'\\frac{1}{x}');"
            "print('sympy' in sys.modules, 'numba' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_exercise_corpus_in_python_syntax_reads_as_sympy_reads_it():
    """The corpus writes x**(1/3), arcsin(x), log(x): plain syntax, checked against SymPy."""
    exercises = pytest.importorskip("exercises", reason="the exercise corpus is not there yet")
    import sympy
    rng = np.random.default_rng(3)
    for entry in exercises.EXERCISES:
        symbols = [sympy.Symbol(name, real=True) for name in entry["variables"]]
        expected = exercises.build_sympy(entry, dict(zip(entry["variables"], symbols)))
        reference = sympy.lambdify(symbols, expected, "numpy")
        parsed = quiet_parse(entry["expr"])
        inputs = algrad.graph_inputs(parsed)
        assert sorted(v.name for v in inputs) == sorted(entry["variables"]), entry["id"]
        fn = algrad.function(inputs, parsed, mode="numpy")
        for _ in range(4):
            point = {name: rng.uniform(*entry["domain"]) for name in entry["variables"]}
            want = float(reference(*[point[name] for name in entry["variables"]]))
            got = float(fn(*[point[v.name] for v in inputs]))
            assert got == pytest.approx(want, rel=1e-9, abs=1e-12), entry["id"]


def test_sympy_mirror_reads_the_constants_exactly():
    import sympy
    from algrad.sympy_bridge import to_sympy
    expr = algrad.parse("e^(pi x) + e")
    x = sympy.Symbol("x", real=True)
    mirrored = to_sympy(expr)
    (symbol,) = mirrored.free_symbols
    assert sympy.simplify(mirrored.subs(symbol, x) - (sympy.exp(sympy.pi * x) + sympy.E)) == 0
    assert mirrored.has(sympy.pi) and not mirrored.has(sympy.Float)


PLAIN_PIECES = ["x", "y", "2", "3.5", "1e3", ".", "(", ")", "[", "]", "{", "}", "|", "+", "-",
                "*", "/", "^", "**", "_", ",", " ", "e", "pi", "sin", "cos", "log", "ln", "sqrt",
                "abs", "sin^-1", "log_2", "xy", "sinx", "\u03b8", "\u2212", "1/2", "e^", "'",
                "\u00b2", "\u207b", "\u221a"]


@given(st.lists(st.sampled_from(PLAIN_PIECES), min_size=1, max_size=14).map("".join))
def test_any_text_gives_an_expression_or_a_parse_error(text):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AmbiguityWarning)
        try:
            result = algrad.parse(text)
        except ParseError as error:
            assert str(error).startswith(("column", "line", "the formula"))
        else:
            assert isinstance(result, Variable)


# -- random expressions printed with the fewest brackets the usual precedence needs --------
_LEVEL = {"add": 1, "sub": 1, "mul": 2, "div": 2, "neg": 3, "pow": 4}
_FUNCTIONS = {"sin": np.sin, "cos": np.cos, "exp": np.exp, "atan": np.arctan, "sqrt": np.sqrt}


def _level(tree):
    return _LEVEL.get(tree[0], 5)


def _show(tree, needed, power_sign):
    text = _text(tree, power_sign)
    return f"({text})" if _level(tree) < needed else text


def _text(tree, power_sign):
    kind = tree[0]
    if kind in ("num", "var"):
        return tree[1]
    if kind == "call":
        return f"{tree[1]}({_text(tree[2], power_sign)})"
    if kind == "neg":
        return "-" + _show(tree[1], 4, power_sign)
    if kind == "pow":
        return _show(tree[1], 5, power_sign) + power_sign + _show(tree[2], 3, power_sign)
    symbol = {"add": " + ", "sub": " - ", "mul": "*", "div": "/"}[kind]
    level = _LEVEL[kind]
    return _show(tree[1], level, power_sign) + symbol + _show(tree[2], level + 1, power_sign)


def _value(tree, point):
    kind = tree[0]
    if kind == "num":
        return float(tree[1])
    if kind == "var":
        return point[tree[1]]
    if kind == "call":
        return _FUNCTIONS[tree[1]](_value(tree[2], point))
    if kind == "neg":
        return -_value(tree[1], point)
    a, b = _value(tree[1], point), _value(tree[2], point)
    return {"add": np.add, "sub": np.subtract, "mul": np.multiply, "div": np.divide,
            "pow": np.power}[kind](a, b)


_TREES = st.recursive(
    st.one_of(st.sampled_from(["x", "y"]).map(lambda n: ("var", n)),
              st.sampled_from(["2", "3", "0.5", "1.5"]).map(lambda v: ("num", v))),
    lambda inner: st.one_of(
        st.tuples(st.sampled_from(["add", "sub", "mul", "div", "pow"]), inner, inner),
        st.tuples(st.just("neg"), inner),
        st.tuples(st.just("call"), st.sampled_from(sorted(_FUNCTIONS)), inner)),
    max_leaves=10)


@settings(max_examples=300)
@given(_TREES, st.sampled_from(["^", "**"]))
def test_random_expressions_read_with_the_usual_precedence(tree, power_sign):
    text = _text(tree, power_sign)
    expr = quiet_parse(text)
    inputs = algrad.graph_inputs(expr)
    evaluate = ReferenceProgram(inputs, [expr])  # the graph as parsed, node by node
    for point in ({"x": 0.7, "y": 1.3}, {"x": 1.9, "y": 0.4}):
        with np.errstate(all="ignore"):
            want = _value(tree, point)
            (got,) = evaluate(*[np.float64(point[v.name]) for v in inputs])
        np.testing.assert_allclose(got, want, rtol=1e-12, equal_nan=True, err_msg=text)
