"""The SymPy mirror and the way back, checked against SymPy's own evaluation and NumPy."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
import sympy

import algrad
import algrad.tensor as T
from algrad.errors import AlgradTypeError, ShapeError
from algrad.ops.elementwise import ELEMENTWISE_OPS
from algrad.ops.registry import OP_CLASSES
from algrad.symbolic.arrays import NO_MIRROR, STRUCTURAL
from algrad.symbolic.table import ELEMENTWISE_TO_SYMPY

RNG_SEED = 20260

x_s, y_s = sympy.symbols("x y", real=True)


def numeric(expr, values):
    """SymPy's own evaluation of ``expr`` at ``{symbol: value}`` (no NumPy involved)."""
    value = expr.subs({k: sympy.Float(float(v), 30) for k, v in values.items()}).evalf(20)
    if value.has(sympy.nan, sympy.zoo) or not value.is_real:
        return float("nan")
    return float(value)


def test_import_algrad_does_not_import_sympy():
    code = "import sys, algrad; print('sympy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_every_elementwise_op_has_a_mirror():
    assert set(ELEMENTWISE_OPS) <= set(ELEMENTWISE_TO_SYMPY)


def test_every_other_op_class_has_an_array_mirror_or_a_reason():
    missing = [cls.__name__ for cls in OP_CLASSES if cls.__name__ not in ("Elementwise", "Cast")
               and cls.__name__ not in STRUCTURAL and cls.__name__ not in NO_MIRROR]
    assert missing == []


def test_kernel_of_scalar_expression():
    x, y = T.dscalar("x"), T.dscalar("y")
    assert algrad.to_sympy(T.exp(x) * y + x ** 2) == x_s ** 2 + y_s * sympy.exp(x_s)


def test_kernel_of_broadcast_tensor_expression_uses_the_names():
    X, v = T.dmatrix("X"), T.dvector("x")
    expr = algrad.to_sympy(T.exp(X) * v)
    assert expr == x_s * sympy.exp(sympy.Symbol("X", real=True))


def test_integer_inputs_become_integer_symbols():
    n = T.lscalar("n")
    assert algrad.to_sympy(n * 2).free_symbols == {sympy.Symbol("n", integer=True)}


def test_shared_subexpression_is_one_sympy_object():
    x = T.dscalar("x")
    e = T.exp(x)
    mirror = algrad.to_sympy(e * T.sin(e))
    exps = [a for a in sympy.preorder_traversal(mirror) if isinstance(a, sympy.exp)]
    assert len({id(a) for a in exps}) == 1


UNARY_DOMAINS = {"log": (0.1, 3), "log1p": (-0.5, 3), "sqrt": (0.1, 3), "arcsin": (-0.9, 0.9),
                 "arccos": (-0.9, 0.9), "arccosh": (1.1, 3), "arctanh": (-0.9, 0.9)}


@pytest.mark.parametrize("name", sorted(n for n, op in ELEMENTWISE_OPS.items() if op.arity == 1
                                        and n != "invert"))
def test_unary_mirror_matches_numpy(name):
    rng = np.random.default_rng(RNG_SEED)
    x = T.dscalar("x")
    y = ELEMENTWISE_OPS[name](x)
    f = algrad.function([x], y, mode="numpy", optimizer=None)
    mirror = algrad.to_sympy(y)
    for value in rng.uniform(*UNARY_DOMAINS.get(name, (-2.5, 2.5)), size=3):
        assert numeric(mirror, {x_s: value}) == pytest.approx(float(f(value)), rel=1e-12, abs=1e-14)


@pytest.mark.parametrize("name", sorted(n for n, op in ELEMENTWISE_OPS.items() if op.arity == 2
                                        and op.dtype_rule != "bool" and n not in ("and", "or")))
def test_binary_mirror_matches_numpy(name):
    rng = np.random.default_rng(RNG_SEED)
    x, y = T.dscalar("x"), T.dscalar("y")
    z = ELEMENTWISE_OPS[name](x, y)
    f = algrad.function([x, y], z, mode="numpy", optimizer=None)
    mirror = algrad.to_sympy(z)
    for a, b in rng.uniform(0.3, 2.5, size=(3, 2)):
        assert numeric(mirror, {x_s: a, y_s: b}) == pytest.approx(float(f(a, b)), rel=1e-12)


def test_comparisons_and_switch_mirror_to_piecewise():
    x, y = T.dscalar("x"), T.dscalar("y")
    z = T.switch(T.and_(T.gt(x, 0), T.le(y, 1)), x * y, -x) + T.lt(x, y) * 2.0
    f = algrad.function([x, y], z, mode="numpy", optimizer=None)
    mirror = algrad.to_sympy(z)
    for a, b in [(1.0, 0.5), (-1.0, 0.5), (1.0, 2.0), (0.5, 0.7)]:
        assert numeric(mirror, {x_s: a, y_s: b}) == pytest.approx(float(f(a, b)))


def test_casts_mirror_as_numpy_casts():
    x = T.dscalar("x")
    z = T.cast(x, "int64") * 1.0 + T.cast(T.gt(x, 0), "float64")
    f = algrad.function([x], z, mode="numpy", optimizer=None)
    for a in (-2.7, -0.2, 0.0, 1.5, 3.9):
        assert numeric(algrad.to_sympy(z), {x_s: a}) == pytest.approx(float(f(a)))


def _element_values(var, value):
    """{element symbol: number} for the array mirror of an input of known shape."""
    out = {}
    for index in np.ndindex(*value.shape):
        name = "_".join([var.name] + [str(i) for i in index])
        out[sympy.Symbol(name, real=True)] = value[index]
    return out


@pytest.mark.parametrize("build", [
    lambda v, W: T.dot(v, W),
    lambda v, W: T.dot(W.T, W).sum(axis=1),
    lambda v, W: W[1, 1:] * v[0],
    lambda v, W: T.concatenate([v, W[0]]),
    lambda v, W: W.reshape((3, 2)).prod(axis=0),
    lambda v, W: T.max(W, axis=0) - T.min(W),
    lambda v, W: T.set_subtensor(W[0, :2], v),
    lambda v, W: T.set_subtensor(v[0], W[1, 2]),
    lambda v, W: T.inc_subtensor(W[1, -1], v[0]),
    lambda v, W: T.grad(T.sum(T.exp(T.dot(v, W))), v),
    lambda v, W: algrad.gradient.jacobian(T.sin(W[0]) * W[1], W[1]),
], ids=["dot", "gram", "index", "join", "reshape-prod", "max-min", "set-subtensor",
        "set-one-element", "inc-one-element", "grad-dot", "banded-jacobian"])
def test_array_mirror_matches_numpy(build):
    rng = np.random.default_rng(RNG_SEED)
    v = T.tensor("float64", shape=(2,), name="v")
    W = T.tensor("float64", shape=(2, 3), name="W")
    out = build(v, W)
    f = algrad.function([v, W], out, mode="numpy", optimizer=None)
    vv, Wv = rng.normal(size=2), rng.normal(size=(2, 3))
    values = {**_element_values(v, vv), **_element_values(W, Wv)}
    mirror = algrad.to_sympy(out)
    expected = np.atleast_1d(f(vv, Wv)).ravel()
    got = [numeric(e, values) for e in (mirror if isinstance(mirror, sympy.MatrixBase) else [mirror])]
    np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_scan_has_no_mirror_and_says_why():
    with pytest.raises(AlgradTypeError, match="Scan has no SymPy mirror: a loop"):
        v = T.tensor("float64", shape=(3,), name="v")
        out, _ = algrad.scan(lambda a: a * 2, sequences=v)
        algrad.to_sympy(out)


def test_array_mirror_shapes():
    W = T.tensor("float64", shape=(2, 3), name="W")
    assert algrad.to_sympy(W.sum(axis=0)).shape == (3, 1)
    assert algrad.to_sympy(T.dot(W.T, W)).shape == (3, 3)
    assert str(algrad.to_sympy(W[1, 2])) == "W_1_2"


def test_unknown_shape_error_names_the_variable_and_shape():
    v, W = T.dvector("v"), T.dmatrix("W")
    with pytest.raises(ShapeError, match=r"v \(an input of Dot\) has static shape \(None,\)"):
        algrad.to_sympy(T.dot(v, W))


def test_symbolic_index_error_names_the_op():
    v = T.tensor("float64", shape=(3,), name="v")
    i = T.lscalar("i")
    with pytest.raises(AlgradTypeError, match="Subtensor"):
        algrad.to_sympy(v[i])


def test_two_variables_with_one_name_is_an_error():
    a, b = T.dscalar("x"), T.dscalar("x")
    with pytest.raises(AlgradTypeError, match="two different variables are named 'x'"):
        algrad.to_sympy(a + b)


def test_symbols_can_be_given():
    x = T.dscalar("x")
    s = sympy.Symbol("s")
    assert algrad.to_sympy(T.sin(x), symbols={x: s}) == sympy.sin(s)


# -- from_sympy ----------------------------------------------------------------------------

t = sympy.Symbol("t", real=True)
POSITIVE, UNIT, ABOVE_ONE, ANY = (0.2, 0.9), (-0.9, 0.9), (1.2, 3.0), (-2.5, 2.5)
FROM_SYMPY_CASES = [
    (sympy.sec(t), ANY), (sympy.csc(t), POSITIVE), (sympy.cot(t), POSITIVE),
    (sympy.asec(t), ABOVE_ONE), (sympy.acsc(t), ABOVE_ONE), (sympy.acot(t), ANY),
    (sympy.sinh(t), ANY), (sympy.cosh(t), ANY), (sympy.tanh(t), ANY),
    (sympy.sech(t), ANY), (sympy.csch(t), POSITIVE), (sympy.coth(t), POSITIVE),
    (sympy.asinh(t), ANY), (sympy.acosh(t), ABOVE_ONE), (sympy.atanh(t), UNIT),
    (sympy.asech(t), POSITIVE), (sympy.acsch(t), POSITIVE), (sympy.acoth(t), ABOVE_ONE),
    (sympy.asin(t), UNIT), (sympy.acos(t), UNIT), (sympy.atan(t), ANY),
    (sympy.log(t, 3), POSITIVE), (sympy.log(t), POSITIVE), (sympy.exp(-t ** 2), ANY),
    (sympy.Abs(t) + sympy.sign(t), ANY), (sympy.floor(t) + sympy.ceiling(t), ANY),
    (sympy.Piecewise((t ** 2, t < 0), (sympy.sin(t), t < 1), (1, True)), ANY),
    (sympy.Min(t, 1, t ** 2) + sympy.Max(t, -t), ANY), (t ** sympy.Rational(2, 3), POSITIVE),
    (sympy.root(t, 3) * sympy.sqrt(t), POSITIVE), (sympy.erf(t) + sympy.erfc(t / 2), ANY),
    (sympy.Mod(t, 0.7) + sympy.frac(t), ANY), (sympy.Heaviside(t) * t, ANY),
    (sympy.atan2(t, t - 1) + sympy.atan2(-t, t), ANY), (sympy.sinc(t), ANY),
    (sympy.log(1 + t) + sympy.exp(t) - 1, POSITIVE), (1 / (1 + sympy.exp(-t)), ANY),
    (sympy.log(1 + sympy.exp(t)), ANY), (sympy.pi * t + sympy.E, ANY),
]


@pytest.mark.parametrize("expr, domain", FROM_SYMPY_CASES, ids=[str(e) for e, _ in FROM_SYMPY_CASES])
def test_from_sympy_matches_sympy(expr, domain):
    rng = np.random.default_rng(RNG_SEED)
    x = T.dvector("x")
    f = algrad.function([x], algrad.from_sympy(expr, {t: x}), mode="numpy")
    points = rng.uniform(*domain, size=4)
    expected = [numeric(expr, {t: p}) for p in points]
    np.testing.assert_allclose(f(points), expected, rtol=1e-10, atol=1e-12)


def test_from_sympy_recognises_accurate_forms():
    x = T.dscalar("x")
    assert algrad.pp(algrad.from_sympy(sympy.log(1 + t), {t: x})) == "log1p(x)"
    assert algrad.pp(algrad.from_sympy(sympy.exp(t) - 1, {t: x})) == "expm1(x)"
    assert algrad.pp(algrad.from_sympy(1 / (1 + sympy.exp(-t)), {t: x})) == "sigmoid(x)"
    slope = algrad.from_sympy(3 * sympy.exp(t) / (1 + sympy.exp(t)) ** 2, {t: x})
    assert algrad.pp(slope) == "(TensorConstant{3.0} * (sigmoid(x) * sigmoid((-x))))"


def test_from_sympy_keeps_float32():
    x = T.fvector("x")
    assert algrad.from_sympy(t ** 2 / 3 + sympy.pi, {t: x}).dtype == "float32"


def test_from_sympy_matrix():
    x = T.dscalar("x")
    m = algrad.from_sympy(sympy.Matrix([[t, t ** 2], [1, sympy.sin(t)]]), {t: x})
    f = algrad.function([x], m, mode="numpy")
    np.testing.assert_allclose(f(2.0), [[2.0, 4.0], [1.0, np.sin(2.0)]])


def test_from_sympy_unmapped_symbol_is_named():
    with pytest.raises(AlgradTypeError, match="the symbol u has no variable"):
        algrad.from_sympy(sympy.Symbol("u") + 1, {})


def test_from_sympy_unsupported_function_is_named():
    with pytest.raises(AlgradTypeError, match="gamma"):
        algrad.from_sympy(sympy.gamma(t), {t: T.dscalar("x")})


def test_from_sympy_complex_is_refused():
    with pytest.raises(AlgradTypeError, match="not a real number"):
        algrad.from_sympy(sympy.I * t, {t: T.dscalar("x")})


def test_from_sympy_maps_names_too():
    x = T.dscalar("x")
    assert algrad.pp(algrad.from_sympy(sympy.sin(t), {"t": x})) == "sin(x)"


# -- round trips ---------------------------------------------------------------------------

def _random_expression(rng, leaves, depth):
    unary = [T.sin, T.cos, T.exp, T.tanh, T.arctan, T.sigmoid, T.abs, T.sqr, T.neg,
             lambda a: T.log(1 + T.sqr(a)), lambda a: T.sqrt(1 + T.sqr(a))]
    binary = [T.add, T.sub, T.mul, lambda a, b: a / (1 + T.sqr(b)), T.maximum,
              lambda a, b: T.switch(T.gt(a, b), a, b * 2)]
    if depth == 0:
        return leaves[rng.integers(len(leaves))]
    if rng.random() < 0.4:
        return unary[rng.integers(len(unary))](_random_expression(rng, leaves, depth - 1))
    a = _random_expression(rng, leaves, depth - 1)
    b = _random_expression(rng, leaves, depth - 1)
    return binary[rng.integers(len(binary))](a, b)


@pytest.mark.parametrize("seed", range(12))
def test_round_trip_preserves_values(seed):
    rng = np.random.default_rng(seed)
    x, y = T.dvector("x"), T.dmatrix("y")
    expr = _random_expression(rng, [x, y, 0.5], depth=4)
    if not isinstance(expr, algrad.graph.Variable):
        expr = T.as_tensor_variable(expr) + x * 0 + y * 0
    xs, ys = sympy.Symbol("x", real=True), sympy.Symbol("y", real=True)
    back = algrad.from_sympy(algrad.to_sympy(expr), {xs: x, ys: y})
    inputs = [x, y]
    xv, yv = rng.normal(size=3), rng.normal(size=(2, 3))
    want = algrad.function(inputs, expr, mode="numpy", optimizer=None)(xv, yv)
    got = algrad.function(inputs, back, mode="numpy", optimizer=None)(xv, yv)
    np.testing.assert_allclose(np.broadcast_to(got, want.shape), want, rtol=1e-10, atol=1e-12)
