"""The DAG: types, hash-consing, sharing through grad, deep graphs, traversal helpers."""
from __future__ import annotations

import sys

import numpy as np
import pytest

import algrad
import algrad.tensor as T
from algrad.errors import AlgradTypeError, ShapeError
from algrad.graph import Apply, Constant, Variable
from algrad.traversal import toposort


def node_count(outputs) -> int:
    return len(toposort(outputs))


# -- types and nodes -------------------------------------------------------------------

@pytest.mark.parametrize("make,dtype,shape", [
    (T.dscalar, "float64", ()), (T.fscalar, "float32", ()), (T.iscalar, "int32", ()),
    (T.lscalar, "int64", ()), (T.dvector, "float64", (None,)), (T.fvector, "float32", (None,)),
    (T.ivector, "int32", (None,)), (T.lvector, "int64", (None,)),
    (T.dmatrix, "float64", (None, None)), (T.fmatrix, "float32", (None, None)),
    (T.imatrix, "int32", (None, None)), (T.lmatrix, "int64", (None, None)),
    (T.dtensor3, "float64", (None, None, None)), (T.dcol, "float64", (None, 1)),
    (T.drow, "float64", (1, None)), (T.bvector, "bool", (None,)),
])
def test_constructors_make_typed_inputs(make, dtype, shape):
    v = make("v")
    assert isinstance(v, Variable) and v.owner is None and v.name == "v"
    assert (v.dtype, v.type.shape, v.ndim) == (dtype, shape, len(shape))
    assert v.broadcastable == tuple(n == 1 for n in shape)


def test_apply_nodes_tie_an_op_to_inputs_and_outputs():
    x, y = T.dvector("x"), T.dvector("y")
    z = x * y
    assert isinstance(z.owner, Apply) and z.owner.inputs == (x, y) and z.owner.outputs == [z]
    assert z.index == 0 and z.owner.op.name == "mul"


def test_constants_are_nodes_with_their_value():
    c = T.constant([[1.0, 2.0]])
    assert isinstance(c, Constant) and c.owner is None and c.type.shape == (1, 2)
    np.testing.assert_array_equal(c.data, [[1.0, 2.0]])
    with pytest.raises(ValueError):
        c.data[0, 0] = 5.0  # a constant's value cannot change under the graph
    x = T.dmatrix("x")
    assert algrad.graph_inputs(x + c) == [x]  # constants are not inputs


def test_static_shapes_propagate_and_mismatches_are_refused():
    m = T.tensor("float64", shape=(2, 3))
    assert (m + T.drow("r")).type.shape == (2, 3)
    assert T.dot(m, T.tensor("float64", shape=(3, None))).type.shape == (2, None)
    with pytest.raises(algrad.ShapeError, match="broadcast"):
        m + T.tensor("float64", shape=(4,))
    with pytest.raises(algrad.ShapeError, match="dot"):
        T.dot(m, T.tensor("float64", shape=(4,)))


# -- hash-consing ----------------------------------------------------------------------

def test_the_same_subexpression_built_twice_is_one_node():
    x, y = T.dmatrix("x"), T.dmatrix("y")
    first = T.exp(x * y) + T.sum(x, axis=0)
    second = T.exp(x * y) + T.sum(x, axis=0)
    assert first is second
    assert T.sum(x, axis=0) is not T.sum(x, axis=1)
    assert x[1:3] is x[1:3] and x[1:3] is not x[1:4]
    assert T.constant(2.5) is T.constant(2.5)
    assert x * 2 is x * 2 and x * 2 is not x * 2.0  # int and float constants differ


def test_equal_subexpressions_are_shared_in_the_graph():
    x = T.dscalar("x")
    y = (T.sin(x) + T.cos(x)) * (T.sin(x) + T.cos(x))
    a, b = y.owner.inputs
    assert a is b
    assert node_count(y) == 4  # sin, cos, add, mul


def test_gradient_reuses_the_cost_nodes():
    x = T.dvector("x")
    e = T.exp(x)
    g = T.grad(T.sum(e), x)
    assert any(node is e.owner for node in toposort(g)), "d exp(x) should reuse exp(x)"


GRAPHS = {
    "logistic": lambda x, W, b: T.sum(1 / (1 + T.exp(-x))),
    "layer": lambda x, W, b: T.sum(T.tanh(T.dot(W, x) + b) ** 2),
    "polynomial": lambda x, W, b: T.sum(x ** 3 + 2 * x ** 2 + x),
    "log-sum-exp": lambda x, W, b: T.log(T.sum(T.exp(x - T.max(x)))),
    "quadratic-form": lambda x, W, b: T.dot(x, T.dot(W, x)) + T.mean(b),
}


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_gradient_size_is_a_small_multiple_of_the_cost(name):
    x, W, b = T.dvector("x"), T.dmatrix("W"), T.dvector("b")
    cost = GRAPHS[name](x, W, b)
    grads = T.grad(cost, [x, W, b], disconnected_inputs="ignore")
    assert node_count(grads) <= 4 * node_count(cost) + 10, (node_count(grads), node_count(cost))


@pytest.mark.parametrize("depth", [10, 40])
def test_gradient_of_a_deeply_shared_graph_stays_linear(depth):
    # y_{k+1} = sin(y_k) * y_k: as a tree this has 2**depth leaves
    x = T.dscalar("x")
    y = x
    for _ in range(depth):
        y = T.sin(y) * y
    g = T.grad(y, x)
    assert node_count(y) == 2 * depth
    assert node_count(g) <= 6 * node_count(y) + 10
    value, slope = algrad.function([x], [y, g], mode="numpy")(0.9)
    h = 1e-6
    f = algrad.function([x], y, mode="numpy")
    assert np.isclose(slope, (f(0.9 + h) - f(0.9 - h)) / (2 * h), rtol=1e-5)


# -- deep graphs: every walk is iterative ----------------------------------------------

CHAIN_LENGTH = 100_000


@pytest.fixture(scope="module")
def long_chain():
    """y = sin(sin(... sin(x) * 1.0001 ...)): 100,000 ops in one chain."""
    x = T.dscalar("x")
    y = x
    for k in range(CHAIN_LENGTH):
        y = T.sin(y) if k % 2 else y * 1.0001
    return x, y


def test_long_chain_builds_with_every_node(long_chain):
    x, y = long_chain
    assert node_count(y) == CHAIN_LENGTH
    assert y.type.shape == () and y.dtype == "float64"


@pytest.fixture(scope="module")
def long_chain_gradient(long_chain):
    x, y = long_chain
    return T.grad(y, x)


def _chain_reference(x0):
    """The chain's value and slope at ``x0``, looped in NumPy by the chain rule."""
    v, d = x0, 1.0
    for k in range(CHAIN_LENGTH):
        v, d = (np.sin(v), d * np.cos(v)) if k % 2 else (v * 1.0001, d * 1.0001)
    return v, d


def test_long_chain_differentiates_and_prints(long_chain, long_chain_gradient):
    x, y = long_chain
    assert node_count(long_chain_gradient) <= 4 * CHAIN_LENGTH
    text = algrad.pp(y)
    assert text.count("sin(") == CHAIN_LENGTH // 2 and text.count("x") == 1
    assert algrad.pp(long_chain_gradient)
    lines = algrad.debugprint(y).splitlines()
    # one line per op, one per mul's constant, one for x
    assert len(lines) == CHAIN_LENGTH + CHAIN_LENGTH // 2 + 1


def test_long_chain_evaluates_with_the_reference_backend(long_chain, long_chain_gradient):
    x, y = long_chain
    f = algrad.function([x], [y, long_chain_gradient], mode="numpy", optimizer=None)
    np.testing.assert_allclose(f(0.5), _chain_reference(0.5), rtol=1e-9)


def test_long_chain_compiles_with_the_default_optimizer(long_chain):
    x, y = long_chain
    f = algrad.function([x], y, mode="numpy")
    np.testing.assert_allclose(f(0.5), _chain_reference(0.5)[0], rtol=1e-9)


def test_importing_algrad_imports_neither_numba_nor_sympy():
    import subprocess
    code = ("import sys, algrad, algrad.tensor; "
            "print(sorted(m for m in ('numba', 'sympy') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


# -- traversal helpers -----------------------------------------------------------------

def test_graph_inputs_lists_inputs_in_first_use_order():
    x, y, z = T.dscalar("x"), T.dscalar("y"), T.dscalar("z")
    expr = (x * y + T.exp(z)) * x + T.constant(3.0)
    assert algrad.graph_inputs(expr) == [x, y, z]
    assert algrad.graph_inputs(expr) == algrad.graph_inputs(expr)
    assert algrad.graph_inputs([z * 2, expr]) == [z, x, y]
    assert algrad.graph_inputs(x) == [x]
    assert algrad.graph_inputs(T.constant(1.0) + 2) == []


def test_clone_replace_substitutes_and_keeps_the_rest():
    x, y, z = T.dvector("x"), T.dvector("y"), T.dvector("z")
    shared = T.exp(y)
    expr = T.sum(T.sin(x) * shared)
    (new,) = algrad.clone_replace([expr], {x: z * 2})
    assert new is T.sum(T.sin(z * 2) * shared)  # rebuilt through hash-consing
    assert algrad.graph_inputs(new) == [z, y]
    assert algrad.graph_inputs(expr) == [x, y]  # the original is untouched
    f = algrad.function([z, y], new, mode="numpy")
    np.testing.assert_allclose(f([0.5, 1.0], [0.0, 1.0]),
                               np.sum(np.sin([1.0, 2.0]) * np.exp([0.0, 1.0])))


def test_clone_replace_retypes_the_rebuilt_nodes():
    x = T.dvector("x")
    expr = T.exp(x) + 1
    (new,) = algrad.clone_replace([expr], {x: T.fmatrix("m")}, strict=False)
    assert new.dtype == "float32" and new.ndim == 2
    with pytest.raises(ShapeError, match="x has 1 dimension"):
        algrad.clone_replace([expr], {x: T.fmatrix("m")})  # Theano's default: types must match
    with pytest.raises(AlgradTypeError, match="x is float64, its replacement z is float32"):
        algrad.clone_replace([expr], {x: T.fvector("z")})


def test_clone_replace_of_an_intermediate_result():
    x, z = T.dvector("x"), T.dvector("z")
    h = T.exp(x)
    expr = T.sum(h * x)
    (new,) = algrad.clone_replace([expr], {h: z})
    assert new is T.sum(z * x)
    assert algrad.graph_inputs(new) == [z, x]
