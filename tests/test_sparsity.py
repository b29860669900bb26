"""Banded structure found in graphs, and structured Jacobians/Hessians (dense and CSR)."""
import numpy as np
import pytest
import scipy.sparse

import algrad
import algrad.tensor as T
from algrad.gradient import hessian, jacobian
from algrad.ops.scan import Scan
from algrad.sparsity import jacobian_offsets
from algrad.traversal import toposort


def rosenbrock(x):
    return T.sum(100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)


MAPS = {
    "elementwise": (lambda x: T.exp(x) * T.sin(x) - x ** 3, [0]),
    "neighbours": (lambda x: x[1:] * x[:-1], [0, 1]),
    "wide_stencil": (lambda x: x[2:] - 2 * T.tanh(x[1:-1]) + x[:-2] ** 2, [0, 1, 2]),
    "switch": (lambda x: T.switch(x > 0, x ** 2, T.sin(x)), [0]),
    "rosenbrock_gradient": (lambda x: T.grad(rosenbrock(x), x), [-1, 0, 1]),
    "coupled": (lambda x: x * T.sum(x), None),
    "matrix_product": (lambda x: T.dot(T.outer(x, x), x), None),
    "from_the_end": (lambda x: x[-3:] * 2, None),
}


@pytest.mark.parametrize("name", sorted(MAPS))
def test_offsets_found(name):
    build, expected = MAPS[name]
    x = T.dvector("x")
    assert jacobian_offsets(build(x), x) == expected


def dense_by_rows(y, x):
    """The reference: one reverse sweep per row, with scan."""
    from algrad.gradient import _jacobian_rows
    (J,) = _jacobian_rows(y, [x], None, "ignore")
    return J


@pytest.mark.parametrize("name", sorted(MAPS))
@pytest.mark.parametrize("n", [1, 2, 7])
def test_structured_jacobians_equal_the_row_by_row_jacobian(name, n):
    build, _ = MAPS[name]
    x = T.dvector("x")
    y = build(x)
    if n < 4 and name == "from_the_end":
        return
    if n < 3 and name == "wide_stencil":
        return
    f = algrad.function([x], [jacobian(y, x), jacobian(y, x, sparse=True), dense_by_rows(y, x)],
                        mode="numpy")
    xv = np.random.default_rng(n).uniform(-1.5, 1.5, size=n)
    J, Js, reference = f(xv)
    assert scipy.sparse.isspmatrix_csr(Js) or isinstance(Js, scipy.sparse.csr_array)
    assert J.shape == Js.shape == (len(reference), n)
    if len(reference) == 0:
        return  # a scan of no steps cannot know its rows' length: nothing more to compare
    np.testing.assert_allclose(J, reference, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(Js.toarray(), reference, rtol=1e-12, atol=1e-12)


def test_rosenbrock_hessian_is_three_forward_sweeps_not_a_loop():
    x = T.dvector("x")
    H = hessian(rosenbrock(x), x)
    assert not any(isinstance(node.op, Scan) for node in toposort([H]))
    Hs = hessian(rosenbrock(x), x, sparse=True)
    f = algrad.function([x], [H, Hs], mode="numpy")
    xv = np.linspace(-1, 2, 9)
    dense, sparse = f(xv)
    assert sparse.nnz == 9 + 2 * 8
    np.testing.assert_array_equal(sparse.toarray(), dense)


def test_sparse_needs_vectors():
    A = T.dmatrix("A")
    with pytest.raises(ValueError, match="sparse"):
        jacobian(A * 2, A, sparse=True)


def test_disconnected_wrt_follows_the_choice():
    x, z = T.dvector("x"), T.dvector("z")
    with pytest.raises(algrad.DisconnectedInputError, match="z"):
        jacobian(x ** 2, z)
    f = algrad.function([x, z], jacobian(x ** 2, z, disconnected_inputs="ignore"), mode="numpy")
    np.testing.assert_array_equal(f([1.0, 2.0], [0.0, 0.0, 0.0]), np.zeros((2, 3)))


def test_hessian_of_a_linear_cost_through_a_reversed_slice_is_zero():
    """The gradient holds x only as the model of a fill, under a slice of step -2."""
    x = T.dvector("x")
    cost = T.sum(x[::-2] * T.constant([1.0, 2.0]))
    H, Hs = hessian(cost, x), hessian(cost, x, sparse=True)
    dense, sparse = algrad.function([x], [H, Hs], mode="numpy")([0.5, -1.0, 2.0])
    np.testing.assert_array_equal(dense, np.zeros((3, 3)))
    np.testing.assert_array_equal(sparse.toarray(), dense)
