"""jacobian, hessian and hessian_vector_product against finite differences and each other."""
import numpy as np
import pytest

import algrad
import algrad.tensor as T
from algrad.gradient import hessian, hessian_vector_product, is_elementwise_map, jacobian
from algrad.ops.scan import Scan
from algrad.traversal import toposort
from random_graphs import central_difference, make_inputs, random_values, random_vector_expression


def rosenbrock(x):
    return T.sum(100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)


def rosenbrock_hessian(x):
    """The textbook closed form, written with NumPy."""
    n = len(x)
    H = np.zeros((n, n))
    for i in range(n - 1):
        H[i, i] += 1200 * x[i] ** 2 - 400 * x[i + 1] + 2
        H[i, i + 1] -= 400 * x[i]
        H[i + 1, i] -= 400 * x[i]
        H[i + 1, i + 1] += 200
    return H


def has_scan(outputs):
    return any(isinstance(node.op, Scan) for node in toposort(outputs))


@pytest.mark.parametrize("seed", range(12))
def test_jacobian_rows_are_the_gradients_of_the_components(seed):
    rng = np.random.default_rng(seed)
    inputs = make_inputs()
    y = random_vector_expression(rng, inputs)
    x, M = inputs["x"], inputs["M"]
    J = jacobian(y, [x, M], disconnected_inputs="ignore")
    rows = [T.grad(y[i], [x, M], disconnected_inputs="ignore") for i in range(3)]
    ins = list(inputs.values())
    f = algrad.function(ins, J + [g for r in rows for g in r], mode="numpy")
    values = random_values(rng, inputs)
    Jx, JM, *grads = f(*values.values())
    assert Jx.shape == (3, 3) and JM.shape == (3, 3, 3)
    for i in range(3):
        np.testing.assert_allclose(Jx[i], grads[2 * i], rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(JM[i], grads[2 * i + 1], rtol=1e-12, atol=1e-14)
    f_y = algrad.function(ins, y, mode="numpy")
    expected = central_difference(lambda vals: f_y(*vals.values()), values, "x")
    np.testing.assert_allclose(Jx, expected, rtol=1e-6, atol=1e-7)


def test_jacobian_of_an_elementwise_map_is_one_sweep():
    x = T.dvector("x")
    y = T.exp(x) * T.sin(x) + x ** 3
    assert is_elementwise_map(y, x)
    J = jacobian(y, x)
    assert not has_scan([J])
    f = algrad.function([x], J, mode="numpy")
    v = np.array([0.5, -1.0, 2.0])
    np.testing.assert_allclose(f(v), np.diag(np.exp(v) * (np.sin(v) + np.cos(v)) + 3 * v ** 2))


@pytest.mark.parametrize("build", [
    lambda x: x[1:] * x[:-1],          # shifts couple neighbours
    lambda x: x * T.sum(x),            # a reduction couples everything
    lambda x: T.dot(T.ones_like(x).dimshuffle(0, "x") * x, x),
])
def test_non_elementwise_maps_are_not_taken_for_diagonal(build):
    x = T.dvector("x")
    assert not is_elementwise_map(build(x), x)


def test_jacobian_of_a_matrix_expression_has_the_expression_shape_first():
    A, x = T.dmatrix("A"), T.dvector("x")
    y = T.outer(x, x) * A
    J = jacobian(y, x)
    f = algrad.function([A, x], J, mode="numpy")
    a = np.arange(6.0).reshape(2, 3)[:, :2]
    xv = np.array([1.0, 2.0])
    got = f(a, xv)
    assert got.shape == (2, 2, 2)
    expected = np.zeros((2, 2, 2))
    for i in range(2):
        for j in range(2):
            expected[i, j, i] += xv[j] * a[i, j]
            expected[i, j, j] += xv[i] * a[i, j]
    np.testing.assert_allclose(got, expected)


def test_jacobian_of_a_scalar_is_the_gradient():
    x = T.dvector("x")
    f = algrad.function([x], jacobian(T.sum(x ** 2), x), mode="numpy")
    np.testing.assert_array_equal(f([1.0, 2.0]), [2.0, 4.0])


def test_rosenbrock_hessian_against_the_closed_form():
    x = T.dvector("x")
    f = algrad.function([x], hessian(rosenbrock(x), x), mode="numpy")
    xv = np.random.default_rng(0).uniform(-2, 2, size=6)
    H = f(xv)
    np.testing.assert_allclose(H, rosenbrock_hessian(xv), rtol=1e-12)
    np.testing.assert_array_equal(H, H.T)


@pytest.mark.parametrize("seed", range(8))
def test_hessians_are_symmetric_and_match_differences_of_the_gradient(seed):
    rng = np.random.default_rng(200 + seed)
    inputs = make_inputs()
    cost = T.sum(T.sin(random_vector_expression(rng, inputs, depth=3)))
    x = inputs["x"]
    ins = list(inputs.values())
    H = hessian(cost, x, disconnected_inputs="ignore")
    g = T.grad(cost, x, disconnected_inputs="ignore")
    f = algrad.function(ins, [H, g], mode="numpy")
    values = random_values(rng, inputs)
    Hv, _ = f(*values.values())
    np.testing.assert_allclose(Hv, Hv.T, rtol=1e-10, atol=1e-12)
    expected = central_difference(lambda vals: f(*vals.values())[1], values, "x")
    np.testing.assert_allclose(Hv, expected, rtol=1e-6, atol=1e-6)


def test_hessian_vector_product_equals_the_hessian_times_the_vector():
    x, v = T.dvector("x"), T.dvector("v")
    cost = rosenbrock(x)
    f = algrad.function([x, v], [hessian_vector_product(cost, x, v), hessian(cost, x)], mode="numpy")
    rng = np.random.default_rng(1)
    xv, vv = rng.normal(size=5), rng.normal(size=5)
    hv, H = f(xv, vv)
    np.testing.assert_allclose(hv, H @ vv, rtol=1e-12)
    assert not has_scan([hessian_vector_product(cost, x, v)])


def test_hessian_needs_a_scalar_cost():
    x = T.dvector("x")
    with pytest.raises(TypeError, match="scalar"):
        hessian(x ** 2, x)


def test_hessian_and_jacobian_over_scalars_are_matrices_of_rows():
    a, b = T.dscalar("a"), T.dscalar("b")
    rows = hessian(a ** 2 * b + T.sin(b), [a, b])
    assert len(rows) == 2 and all(len(r) == 2 for r in rows)
    f = algrad.function([a, b], rows[0] + rows[1], mode="numpy")
    got = np.array([float(v) for v in f(0.7, -1.3)]).reshape(2, 2)
    np.testing.assert_allclose(got, [[2 * -1.3, 2 * 0.7], [2 * 0.7, -np.sin(-1.3)]])
    J = jacobian([a * b, a + b ** 2], [a, b])
    g = algrad.function([a, b], J[0] + J[1], mode="numpy")
    np.testing.assert_allclose([float(v) for v in g(2.0, 3.0)], [3.0, 2.0, 1.0, 6.0])
    with pytest.raises(ValueError, match="scalars"):
        jacobian([a * b, T.dvector("v")], [a, b])
