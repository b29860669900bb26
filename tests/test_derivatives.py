"""Every op's gradient against finite differences and ``sympy.diff``.

The cost is ``sum(op(*inputs) * w)`` with fixed random weights ``w``, so
each output element is weighted differently and a wrong index, transpose or
broadcast in a rule shows up.  References come from :mod:`references`
(Richardson-extrapolated central differences on the spec's NumPy formula,
and SymPy's derivative of the spec's SymPy expression), never from algrad.
"""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, strategies as st

import algrad
import algrad.tensor as T
from op_specs import (NONE, SMOOTH, ZERO, ELEMENTWISE_SPECS, OTHER_SPECS, cases, make_variables,
                      sample_values)
from references import richardson_gradient, sympy_gradient, weighted_sum

RTOL, ATOL = 1e-6, 1e-8


def _cases(specs):
    return [(spec, case, shapes) for spec in specs if set(spec.grads) != {NONE}
            for case, shapes in cases(spec)]


ELEMENTWISE_CASES = _cases(ELEMENTWISE_SPECS)
OTHER_CASES = _cases(OTHER_SPECS)


def _ids(triples):
    return [f"{spec.name}-{case}" for spec, case, _ in triples]


def _gradients(spec, shapes, rng, dtypes=None):
    """(values, weights, output variable, {input position: gradient value}) at a random point."""
    variables = make_variables(spec, shapes, dtypes)
    values = sample_values(spec, shapes, rng, dtypes)
    out = spec.build(*variables)
    weights = rng.standard_normal(np.shape(spec.numpy(*values)))
    cost = T.sum(out * T.constant(weights))
    positions = [k for k, kind in enumerate(spec.grads) if kind != NONE]
    grads = T.grad(cost, [variables[k] for k in positions])
    for k, g in zip(positions, grads):
        assert g.ndim == variables[k].ndim and g.broadcastable == variables[k].broadcastable, (
            f"input {k}: gradient type {g.type} for {variables[k].type}")
    results = algrad.function(variables, grads, mode="numpy")(*values)
    return values, weights, out, dict(zip(positions, results))


@pytest.mark.parametrize("spec,case,shapes", ELEMENTWISE_CASES, ids=_ids(ELEMENTWISE_CASES))
def test_elementwise_gradient(spec, case, shapes, rng):
    values, weights, _, grads = _gradients(spec, shapes, rng)
    cost = weighted_sum(spec.numpy, weights)
    for k, g in grads.items():
        assert g.shape == np.shape(values[k]) and g.dtype == np.float64
        if spec.grads[k] == ZERO:
            np.testing.assert_array_equal(g, 0.0, err_msg=f"input {k}")
            continue
        np.testing.assert_allclose(g, richardson_gradient(cost, values, k), rtol=RTOL, atol=ATOL,
                                   err_msg=f"input {k} against finite differences")
        np.testing.assert_allclose(g, sympy_gradient(spec, values, weights, k), rtol=1e-10,
                                   atol=1e-12, err_msg=f"input {k} against sympy.diff")


@pytest.mark.parametrize("spec,case,shapes", OTHER_CASES, ids=_ids(OTHER_CASES))
def test_structural_op_gradient(spec, case, shapes, rng):
    values, weights, out, grads = _gradients(spec, shapes, rng)
    cost = weighted_sum(spec.numpy, weights)
    # a float32 result rounds the function itself: a wider step and float32's accuracy
    step, rtol, atol = (1e-2, 1e-4, 1e-5) if out.dtype == "float32" else (1e-3, RTOL, ATOL)
    for k, g in grads.items():
        assert g.shape == np.shape(values[k]) and g.dtype == np.float64
        expected = 0.0 if spec.grads[k] == ZERO else richardson_gradient(cost, values, k, step)
        np.testing.assert_allclose(g, expected, rtol=rtol, atol=atol, err_msg=f"input {k}")


FLOAT32_SPECS = [s for s in ELEMENTWISE_SPECS + OTHER_SPECS if SMOOTH in s.grads]


@pytest.mark.parametrize("spec", FLOAT32_SPECS, ids=[s.name for s in FLOAT32_SPECS])
def test_float32_inputs_keep_float32_gradients(spec, rng):
    shapes = cases(spec)[-1][1]  # the widest broadcasting case
    dtypes32 = tuple("float32" if d == "float64" else d for d in spec.dtypes)
    values, _, _, grads64 = _gradients(spec, shapes, np.random.default_rng(7))
    _, _, _, grads32 = _gradients(spec, shapes, np.random.default_rng(7), dtypes32)
    for k, g in grads32.items():
        assert g.dtype == np.float32, f"input {k}: {g.dtype}"
        np.testing.assert_allclose(g, grads64[k], rtol=2e-4, atol=1e-5)


# -- higher orders against sympy -------------------------------------------------------

UNARY_SMOOTH = [s for s in ELEMENTWISE_SPECS if s.arity == 1 and s.grads == (SMOOTH,)]


@pytest.mark.parametrize("spec", UNARY_SMOOTH, ids=[s.name for s in UNARY_SMOOTH])
def test_second_and_third_derivatives(spec, rng):
    import sympy
    from references import almost_everywhere_diff
    x = T.dscalar("x")
    derivatives, d = [], spec.build(x)
    for _ in range(3):
        d = T.grad(d, x)
        derivatives.append(d)
    f = algrad.function([x], derivatives, mode="numpy")
    s = sympy.Symbol("s", real=True)
    for value in sample_values(spec, [(4,)], rng)[0]:
        got = f(value)
        for order, g in enumerate(got, start=1):
            exact = float(almost_everywhere_diff(spec.sympy(s), s, order).subs(s, value).evalf(30))
            np.testing.assert_allclose(g, exact, rtol=1e-9, atol=1e-12,
                                       err_msg=f"order {order} at {value}")


BINARY_SMOOTH = [s for s in ELEMENTWISE_SPECS if s.arity == 2 and s.grads == (SMOOTH, SMOOTH)]


@pytest.mark.parametrize("spec", BINARY_SMOOTH, ids=[s.name for s in BINARY_SMOOTH])
def test_mixed_second_partials(spec, rng):
    import sympy
    from references import almost_everywhere_diff
    a, b = T.dscalar("a"), T.dscalar("b")
    y = spec.build(a, b)
    ga, gb = T.grad(y, [a, b])
    hessian = [T.grad(ga, [a, b], disconnected_inputs="ignore"),
               T.grad(gb, [a, b], disconnected_inputs="ignore")]
    f = algrad.function([a, b], hessian[0] + hessian[1], mode="numpy")
    sa, sb = sympy.symbols("sa sb", real=True)
    expr = spec.sympy(sa, sb)
    va, vb = (float(v) for v in sample_values(spec, [(), ()], rng))
    got = f(va, vb)
    for g, (u, v) in zip(got, [(sa, sa), (sa, sb), (sb, sa), (sb, sb)]):
        exact = almost_everywhere_diff(almost_everywhere_diff(expr, u), v)
        exact = float(exact.subs({sa: va, sb: vb}).evalf(30))
        np.testing.assert_allclose(g, exact, rtol=1e-9, atol=1e-12, err_msg=f"d2/d{u}d{v}")


# -- structure: dot, broadcasting, switch ----------------------------------------------

@pytest.mark.parametrize("shape_a,shape_b", [((3,), (3,)), ((2, 3), (3,)), ((2,), (2, 3)),
                                             ((2, 3), (3, 4))])
def test_dot_gradient_matches_matrix_calculus(shape_a, shape_b, rng):
    a = T.tensor("float64", shape=(None,) * len(shape_a), name="a")
    b = T.tensor("float64", shape=(None,) * len(shape_b), name="b")
    va, vb = rng.standard_normal(shape_a), rng.standard_normal(shape_b)
    w = rng.standard_normal(np.shape(np.dot(va, vb)))
    ga, gb = algrad.function([a, b], T.grad(T.sum(T.dot(a, b) * w), [a, b]), mode="numpy")(va, vb)
    # d <W, A B> / dA = W B^T and / dB = A^T W, with vectors as rows or columns
    A, B = np.atleast_2d(va), vb.reshape(len(vb), -1)
    W = np.reshape(w, (A.shape[0], B.shape[1]))
    np.testing.assert_allclose(ga, np.reshape(W @ B.T, shape_a), rtol=1e-12)
    np.testing.assert_allclose(gb, np.reshape(A.T @ W, shape_b), rtol=1e-12)


@pytest.mark.parametrize("branch,point", [
    (lambda x: T.switch(x > 0, T.log(x), 0.0), 0.0),
    (lambda x: T.switch(x > 0, T.sqrt(x), 0.0), 0.0),
    (lambda x: T.where(x < 50, T.exp(x) * 2, -1.0), 1000.0),
    (lambda x: T.switch(x < 0, 1 / x, x ** 2), 0.0),
], ids=["log-at-0", "sqrt-at-0", "exp-overflow", "reciprocal-at-0"])
def test_switch_gradient_ignores_an_unused_infinite_branch(branch, point):
    x = T.dvector("x")
    g = algrad.function([x], T.grad(T.sum(branch(x)), x), mode="numpy")
    values = np.array([point, 2.0])
    with np.errstate(all="ignore"):
        got = g(values)
    assert np.all(np.isfinite(got)), got
    assert got[0] == 0.0


def test_switch_gradient_goes_to_the_selected_branch():
    c, a, b = T.bvector("c"), T.dvector("a"), T.dvector("b")
    ga, gb = algrad.function([c, a, b], T.grad(T.sum(T.switch(c, a * 3, b * 5)), [a, b]),
                             mode="numpy")([True, False], [1.0, 1.0], [1.0, 1.0])
    np.testing.assert_array_equal(ga, [3.0, 0.0])
    np.testing.assert_array_equal(gb, [0.0, 5.0])


def test_prod_gradient_with_zeros_matches_products_of_the_others():
    x = T.dvector("x")
    g = algrad.function([x], T.grad(T.prod(x), x), mode="numpy")
    np.testing.assert_array_equal(g([2.0, 0.0, 3.0]), [0.0, 6.0, 0.0])
    np.testing.assert_array_equal(g([0.0, 0.0, 3.0]), [0.0, 0.0, 0.0])
    np.testing.assert_array_equal(g([2.0, 5.0, 3.0]), [15.0, 6.0, 10.0])


def test_max_and_min_gradients_go_to_the_extremum():
    x = T.dmatrix("x")
    values = np.array([[1.0, 4.0, 2.0], [7.0, 0.0, 3.0]])
    gmax, gmin = algrad.function([x], [T.grad(T.max(x), x), T.grad(T.sum(T.min(x, axis=1)), x)],
                                 mode="numpy")(values)
    np.testing.assert_array_equal(gmax, [[0, 0, 0], [1, 0, 0]])
    np.testing.assert_array_equal(gmin, [[1, 0, 0], [0, 1, 0]])


def test_gradient_of_broadcast_inputs_sums_back_to_their_shape():
    v, m, c, r, s = T.dvector("v"), T.dmatrix("m"), T.dcol("c"), T.drow("r"), T.dscalar("s")
    cost = T.sum((v + m) * (c * r) * s)
    grads = T.grad(cost, [v, m, c, r, s])
    assert [g.type for g in grads] == [x.type for x in (v, m, c, r, s)]
    vv, vm, vc, vr, vs = [1.0, 2.0], [[1.0, 2.0], [3.0, 4.0]], [[1.0], [-1.0]], [[2.0, 3.0]], 0.5
    got = algrad.function([v, m, c, r, s], grads, mode="numpy")(vv, vm, vc, vr, vs)
    outer = np.array(vc) * np.array(vr)
    total = np.array(vv) + np.array(vm)
    np.testing.assert_allclose(got[0], (outer * vs).sum(axis=0))
    np.testing.assert_allclose(got[1], outer * vs)
    np.testing.assert_allclose(got[2], (total * vr * vs).sum(axis=1, keepdims=True))
    np.testing.assert_allclose(got[3], (total * vc * vs).sum(axis=0, keepdims=True))
    np.testing.assert_allclose(got[4], (total * outer).sum())


# -- grad's arguments ------------------------------------------------------------------

def test_grad_wrt_a_list_keeps_its_order():
    x, y, z = T.dscalar("x"), T.dscalar("y"), T.dscalar("z")
    cost = x * 2 + y * 3 + z * 5
    for order in ([x, y, z], [z, x, y], (y, z)):
        got = algrad.function([x, y, z], T.grad(cost, order), mode="numpy")(1.0, 1.0, 1.0)
        assert isinstance(T.grad(cost, order), list)
        assert [float(g) for g in got] == [{x: 2, y: 3, z: 5}[v] for v in order]


def test_non_scalar_cost_is_a_type_error_that_says_so():
    v = T.dvector("v")
    with pytest.raises(TypeError, match="scalar"):
        T.grad(v * 2, v)
    with pytest.raises(TypeError, match="scalar"):
        T.grad(T.dmatrix("m").sum(axis=0), v)


def test_disconnected_input_raises_naming_it():
    x, y = T.dscalar("x"), T.dscalar("unused_y")
    with pytest.raises(algrad.DisconnectedInputError, match="unused_y"):
        T.grad(x * 2, [x, y])
    with pytest.raises(algrad.DisconnectedInputError, match="unused_y"):
        T.grad(x * 2, y, disconnected_inputs="raise")


def test_disconnected_input_warn_and_ignore_give_zeros():
    x, y = T.dscalar("x"), T.dvector("unused_y")
    with pytest.warns(UserWarning, match="unused_y"):
        gx, gy = T.grad(x * 2, [x, y], disconnected_inputs="warn")
    got = algrad.function([x, y], [gx, gy], mode="numpy")(3.0, [1.0, 2.0])
    assert float(got[0]) == 2.0
    np.testing.assert_array_equal(got[1], [0.0, 0.0])
    gx, gy = T.grad(x * 2, [x, y], disconnected_inputs="ignore")
    np.testing.assert_array_equal(algrad.function([x, y], gy, mode="numpy")(3.0, [1.0]), [0.0])
    with pytest.raises(ValueError, match="disconnected_inputs"):
        T.grad(x * 2, x, disconnected_inputs="sometimes")


def test_consider_constant_stops_the_gradient():
    x = T.dscalar("x")
    inner = x * x
    cost = inner * x
    f = algrad.function([x], [T.grad(cost, x), T.grad(cost, x, consider_constant=[inner])],
                        mode="numpy")
    full, partial = f(3.0)
    assert float(full) == 27.0  # d x**3 = 3 x**2
    assert float(partial) == 9.0  # inner held fixed: d (c * x) = c


def test_known_grads_seed_and_add_to_the_cost():
    x = T.dscalar("x")
    h = x * 3
    only_known = T.grad(None, x, known_grads={h: T.constant(2.0)})
    both = T.grad(h * h, x, known_grads={h: T.constant(2.0)})
    got = algrad.function([x], [only_known, both], mode="numpy")(1.0)
    assert float(got[0]) == 6.0  # 2 * dh/dx
    assert float(got[1]) == 18.0 + 6.0  # d(h**2)/dx = 2 h * 3 = 18 at x = 1, plus 2 * 3


def test_integer_inputs_get_zero_float_gradients():
    iv, x = T.ivector("iv"), T.dvector("x")
    cost = T.sum(iv * x)
    g_int, g_x = T.grad(cost, [iv, x])
    assert g_int.dtype == "float64" and g_x.dtype == "float64"
    got = algrad.function([iv, x], [g_int, g_x], mode="numpy")([2, 3], [0.5, 0.25])
    np.testing.assert_array_equal(got[0], [0.0, 0.0])
    np.testing.assert_array_equal(got[1], [2.0, 3.0])


def test_grad_of_an_integer_cost_is_zero():
    n = T.lscalar("n")
    x = T.dscalar("x")
    g = T.grad(n * 2 + T.cast(x, "int64"), x)
    assert float(algrad.function([n, x], g, mode="numpy")(3, 1.5)) == 0.0


def test_grad_of_grad_of_a_vector_function():
    x = T.dvector("x")
    cost = T.sum(x ** 3)
    g = T.grad(cost, x)
    hv = T.grad(T.sum(g * T.constant([1.0, 2.0])), x)  # Hessian times a vector: 6 x * v
    got = algrad.function([x], hv, mode="numpy")([1.0, -2.0])
    np.testing.assert_allclose(got, [6.0, -24.0])


def test_grad_wrt_an_intermediate_and_wrt_the_cost_itself():
    x = T.dscalar("x")
    h = x * 3
    cost = T.sin(h)
    g_h, g_x, g_cost = T.grad(cost, [h, x, cost])
    got = algrad.function([x], [g_h, g_x, g_cost], mode="numpy")(0.2)
    np.testing.assert_allclose(got, [np.cos(0.6), 3 * np.cos(0.6), 1.0], rtol=1e-15)


def test_known_grads_must_match_the_rank():
    x = T.dvector("x")
    with pytest.raises(ValueError, match="rank"):
        T.grad(None, x, known_grads={x * 2: T.constant(1.0)})


# -- property-based: random expressions and broadcast shapes ---------------------------

SAFE_UNARY = ["sin", "cos", "tanh", "sigmoid", "softplus", "arctan", "sinh", "erf", "sqr", "neg",
              "arcsinh", "exp"]


def _expressions():
    leaves = st.sampled_from(["x", "y", 0.5, -1.5])
    return st.recursive(
        leaves,
        lambda inner: st.one_of(st.tuples(st.sampled_from(SAFE_UNARY), inner),
                                st.tuples(st.sampled_from(["add", "sub", "mul"]), inner, inner)),
        max_leaves=6)


def _build(tree, leaf, unary, binary):
    """Build ``tree`` with the given constructors (trees are a few levels deep)."""
    if not isinstance(tree, tuple):
        return leaf(tree)
    if len(tree) == 2:
        return unary(tree[0], _build(tree[1], leaf, unary, binary))
    left, right = (_build(t, leaf, unary, binary) for t in tree[1:])
    return binary(tree[0], left, right)


@given(tree=_expressions(), xv=st.floats(-1, 1), yv=st.floats(-1, 1))
def test_random_expressions_differentiate_as_sympy(tree, xv, yv):
    import sympy
    from op_specs import SPECS_BY_NAME
    x, y = T.dscalar("x"), T.dscalar("y")
    sx, sy = sympy.symbols("x y", real=True)
    ours = _build(tree, lambda v: {"x": x, "y": y}.get(v, v),
                  lambda name, a: SPECS_BY_NAME[name].build(a),
                  lambda name, a, b: SPECS_BY_NAME[name].build(a, b))
    ref = _build(tree, lambda v: {"x": sx, "y": sy}[v] if isinstance(v, str) else sympy.Float(v),
                 lambda name, a: SPECS_BY_NAME[name].sympy(a),
                 lambda name, a, b: SPECS_BY_NAME[name].sympy(a, b))
    ours = T.as_tensor_variable(ours)
    grads = T.grad(ours + 0 * (x + y), [x, y])  # x and y always connected
    second = T.grad(grads[0], y, disconnected_inputs="ignore")
    got = algrad.function([x, y], grads + [second], mode="numpy")(xv, yv)
    point = {sx: xv, sy: yv}
    expected = [sympy.diff(ref, sx), sympy.diff(ref, sy), sympy.diff(ref, sx, sy)]
    for g, e in zip(got, expected):
        value = float(sympy.sympify(e).subs(point).evalf(30))
        np.testing.assert_allclose(g, value, rtol=1e-9, atol=1e-12)


BROADCAST_SPECS = ["add", "sub", "mul", "true_div", "pow", "maximum"]


@given(name=st.sampled_from(BROADCAST_SPECS),
       shape_a=st.lists(st.sampled_from([1, 2]), max_size=3),
       shape_b=st.lists(st.sampled_from([1, 2]), max_size=3), seed=st.integers(0, 2 ** 16))
def test_binary_gradients_under_any_broadcast(name, shape_a, shape_b, seed):
    from op_specs import SPECS_BY_NAME
    spec = SPECS_BY_NAME[name]
    shapes = (tuple(shape_a), tuple(shape_b))
    rng = np.random.default_rng(seed)
    values, weights, _, grads = _gradients(spec, shapes, rng)
    for k, g in grads.items():
        assert g.shape == shapes[k]
        np.testing.assert_allclose(g, sympy_gradient(spec, values, weights, k), rtol=1e-10,
                                   atol=1e-12)


def test_pow_slope_in_the_exponent_at_a_zero_base():
    # 0 ** b is 0 for every b > 0: its slope in b is 0, and b ** 0 = 1 has slope 0 too
    a, b = T.dvector("a"), T.dvector("b")
    ga, gb = algrad.function([a, b], T.grad(T.sum(a ** b), [a, b]), mode="numpy")(
        [0.0, 0.0, 2.0], [2.0, 0.5, 3.0])
    np.testing.assert_array_equal(gb, [0.0, 0.0, 8.0 * np.log(2.0)])
    np.testing.assert_array_equal(ga, [0.0, np.inf, 12.0])


SECOND_ORDER_CASES = [(s, c, sh) for s, c, sh in OTHER_CASES if s.grads[0] == SMOOTH]


@pytest.mark.parametrize("spec,case,shapes", SECOND_ORDER_CASES, ids=_ids(SECOND_ORDER_CASES))
def test_structural_op_second_derivatives(spec, case, shapes, rng):
    """Hessian-vector products by grad of grad, against differences of the (checked) gradient."""
    variables = make_variables(spec, shapes)
    values = sample_values(spec, shapes, rng)
    out = spec.build(*variables)
    x = variables[0]
    weights = rng.standard_normal(np.shape(spec.numpy(*values)))
    cost = T.sum(T.sqr(out) * T.constant(weights))  # curved even where the op is linear
    g = T.grad(cost, x)
    v = rng.standard_normal(np.shape(values[0]))
    hv = T.grad(T.sum(g * T.constant(v)), x)
    f_g = algrad.function(variables, g, mode="numpy")
    f_hv = algrad.function(variables, hv, mode="numpy")

    def directional(arrays):
        return float(np.sum(f_g(*arrays) * v))

    expected = richardson_gradient(directional, values, 0)
    tolerance = dict(rtol=1e-4, atol=1e-5) if out.dtype == "float32" else dict(rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(f_hv(*values), expected, **tolerance)


def test_return_disconnected_none_gives_none():
    x, y = T.dscalar("x"), T.dscalar("y")
    gx, gy = T.grad(x * 2, [x, y], disconnected_inputs="ignore", return_disconnected="none")
    assert gy is None and float(algrad.function([x], gx, mode="numpy")(1.0)) == 2.0


@given(spec=st.sampled_from([s for s in ELEMENTWISE_SPECS if SMOOTH in s.grads]),
       seed=st.integers(0, 2 ** 32 - 1), data=st.data())
def test_elementwise_gradients_at_random_points(spec, seed, data):
    """The fixed-seed sweep above, at points and broadcast cases hypothesis picks."""
    case, shapes = data.draw(st.sampled_from(cases(spec)))
    values, weights, _, grads = _gradients(spec, shapes, np.random.default_rng(seed))
    for k, g in grads.items():
        if spec.grads[k] == SMOOTH:
            np.testing.assert_allclose(g, sympy_gradient(spec, values, weights, k), rtol=1e-10,
                                       atol=1e-12, err_msg=f"{case}, input {k}")
