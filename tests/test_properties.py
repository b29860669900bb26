"""Properties of random expression graphs over the whole op set (see graph_strategies).

Each property compares algrad with a reference that does not share the code
under test: the Numba backend with the NumPy reference, gradients with
finite differences and with ``sympy.diff`` of the SymPy mirror, the
optimizer's graph with the graph it started from, forward mode with reverse
mode, a Hessian with its transpose, Jacobian rows with gradients, and the
sparse Jacobian with the dense one.

Example counts follow the active hypothesis profile (see conftest and
example_budget): a bounded set in CI, ``ALGRAD_HYPOTHESIS_PROFILE=fuzz`` to
search.  A failing example prints its graph; run it again under the same
profile to reproduce it.
"""
from __future__ import annotations

import numpy as np
import pytest
import sympy
from hypothesis import assume, given, settings, strategies as st

import algrad
import algrad.tensor as T
from algrad.gradient import hessian, jacobian
from example_budget import examples
from graph_strategies import SHAPES, graphs, seeds
from references import richardson_gradient

#: agreement of two evaluations of one graph that round differently: a few hundred
#: units in the last place, relative to the largest value of the array (an element
#: near zero may be a difference of larger ones)
ROUNDING_RTOL = {"float64": 1e-9, "float32": 1e-4}


def assert_close(got, expected, rtol, what=""):
    got, expected = np.asarray(got), np.asarray(expected)
    assert got.shape == expected.shape, f"{what}: shape {got.shape} != {expected.shape}"
    scale = max(1.0, float(np.max(np.abs(expected), initial=0.0)))
    np.testing.assert_allclose(got, expected, rtol=rtol, atol=rtol * scale, err_msg=what)


def weighted_gradients(graph, seed):
    """The graph's output and the gradients of ``sum(output * w)`` for every input."""
    grads = T.grad(graph.cost(seed), graph.inputs) if graph.inputs else []
    return [graph.output] + list(grads)


# -- 1. the Numba backend against the NumPy reference ------------------------------------

# a Numba compile per example (0.1 to 2 s): the CI profile runs a quarter of its count
@settings(max_examples=examples(ci_share=0.25))
@given(graph=graphs(dtypes=("float64", "float32"), smooth=False, max_depth=3), seed=seeds)
def test_numba_backend_agrees_with_numpy_reference(graph, seed):
    outputs = weighted_gradients(graph, seed)
    values = graph.values(seed)
    expected = algrad.function(graph.inputs, outputs, mode="numpy")(*values)
    got = algrad.function(graph.inputs, outputs, mode="numba")(*values)
    for k, (g, e) in enumerate(zip(got, expected)):
        assert np.asarray(g).dtype == np.asarray(e).dtype, f"output {k}"
        assert_close(g, e, ROUNDING_RTOL[graph.dtype], f"output {k} (0 is the value)")


# -- 2. gradients against finite differences ---------------------------------------------

@settings(max_examples=examples())
@given(graph=graphs(smooth=True), seed=seeds)
def test_gradient_agrees_with_finite_differences(graph, seed):
    assume(graph.inputs)
    cost = graph.cost(seed)
    f_cost = algrad.function(graph.inputs, cost, mode="numpy")
    f_grad = algrad.function(graph.inputs, T.grad(cost, graph.inputs), mode="numpy")
    values = graph.values(seed)
    grads = f_grad(*values)
    for k, g in enumerate(grads):
        expected = richardson_gradient(lambda arrays: float(f_cost(*arrays)), values, k)
        # Richardson-extrapolated central differences: truncation ~1e-12, rounding
        # ~1e-13 * |cost|; 1e-6 leaves room for graphs with large fifth derivatives
        assert_close(g, expected, 1e-6, f"d cost / d {graph.inputs[k].name}")


# -- 3. gradients against sympy.diff of the mirror ---------------------------------------

def element_names(var, shape):
    """The names the SymPy mirror gives the elements of an input, in C order."""
    if shape == ():
        return np.array(var.name)
    names = [f"{var.name}_" + "_".join(map(str, idx)) for idx in np.ndindex(shape)]
    return np.array(names).reshape(shape)


@settings(max_examples=examples(ci_share=0.5))
@given(graph=graphs(smooth=True, static=True, max_depth=3), seed=seeds)
def test_gradient_agrees_with_sympy_diff_of_the_mirror(graph, seed):
    assume(graph.inputs)
    cost = graph.cost(seed)
    expr = algrad.to_sympy(cost)
    if isinstance(expr, sympy.MatrixBase):
        expr = expr[0]
    grads = algrad.function(graph.inputs, T.grad(cost, graph.inputs), mode="numpy")(
        *graph.values(seed))
    symbols = {str(s): s for s in expr.free_symbols}
    point = {}
    for var, shape, value in zip(graph.inputs, graph.shapes, graph.values(seed)):
        for name, v in zip(np.ravel(element_names(var, shape)), np.ravel(value)):
            if name in symbols:
                point[symbols[name]] = sympy.Float(float(v), 30)
    for var, shape, g in zip(graph.inputs, graph.shapes, grads):
        names = element_names(var, shape)
        expected = np.zeros(shape)
        for idx in np.ndindex(shape):
            name = str(names[idx])
            if name in symbols:
                expected[idx] = float(sympy.diff(expr, symbols[name]).evalf(20, subs=point))
        # two exact derivatives evaluated in float64 and in 20 digits: rounding only
        assert_close(g, expected, ROUNDING_RTOL["float64"], f"d cost / d {var.name}")


# -- 4. the optimizer keeps values -------------------------------------------------------

@settings(max_examples=examples())
@given(graph=graphs(dtypes=("float64", "float32"), smooth=False), seed=seeds)
def test_simplify_preserves_values(graph, seed):
    outputs = weighted_gradients(graph, seed)
    simplified = algrad.simplify(outputs)
    values = graph.values(seed)
    expected = algrad.function(graph.inputs, outputs, mode="numpy", optimizer=None,
                               on_unused_input="ignore")(*values)
    got = algrad.function(graph.inputs, simplified, mode="numpy", optimizer=None,
                          on_unused_input="ignore")(*values)
    for k, (g, e) in enumerate(zip(got, expected)):
        assert np.asarray(g).dtype == np.asarray(e).dtype, f"output {k}"
        assert_close(g, e, ROUNDING_RTOL[graph.dtype], f"output {k} (0 is the value)")


# -- 5. forward and reverse mode ---------------------------------------------------------

@settings(max_examples=examples())
@given(graph=graphs(smooth=True), seed=seeds)
def test_rop_and_lop_agree(graph, seed):
    """u . (J v) == (u J) . v for random u and v."""
    assume(graph.inputs)
    out = graph.output
    tangents = [T.tensor("float64", shape=v.type.shape, name=f"v_{v.name}") for v in graph.inputs]
    cotangent = T.tensor("float64", shape=out.type.shape, name="u")
    jv = T.Rop(out, graph.inputs, tangents)
    uj = T.Lop(out, graph.inputs, cotangent, disconnected_inputs="ignore")
    f = algrad.function(graph.inputs + tangents + [cotangent], [jv] + list(uj), mode="numpy")
    rng = np.random.default_rng(seed + 2)
    v = [rng.standard_normal(s) for s in graph.shapes]
    u = rng.standard_normal(graph.output_shape)
    jv_value, *uj_values = f(*graph.values(seed), *v, u)
    forward_terms = u * jv_value
    reverse_terms = [a * b for a, b in zip(uj_values, v)]
    forward = np.sum(forward_terms)
    reverse = sum(np.sum(t) for t in reverse_terms)
    # two sums of products: rounding relative to the sums of their terms' magnitudes
    scale = np.sum(np.abs(forward_terms)) + sum(np.sum(np.abs(t)) for t in reverse_terms)
    assert abs(forward - reverse) <= ROUNDING_RTOL["float64"] * max(scale, 1e-300), (
        forward, reverse)


# -- 6. Hessians -------------------------------------------------------------------------

@settings(max_examples=examples())
@given(graph=graphs(smooth=True), seed=seeds)
def test_hessian_is_symmetric(graph, seed):
    vectors = [v for v in graph.inputs if v.ndim == 1]
    scalars = [v for v in graph.inputs if v.ndim == 0]
    assume(vectors or scalars)
    cost = graph.cost(seed)
    if vectors:
        blocks = hessian(cost, vectors)
    else:  # the whole matrix of second partials, as a list of rows
        blocks = [T.stack([T.stack(row) for row in hessian(cost, scalars)])]
    for k, H in enumerate(algrad.function(graph.inputs, blocks, mode="numpy")(
            *graph.values(seed))):
        assert H.shape[0] == H.shape[1]
        assert_close(H, H.T, ROUNDING_RTOL["float64"], f"Hessian block {k}")


# -- 7. Jacobian rows are gradients ------------------------------------------------------

@settings(max_examples=examples())
@given(graph=graphs(smooth=True, shapes=[s for s in SHAPES if s]), seed=seeds)
def test_jacobian_rows_are_gradients_of_the_components(graph, seed):
    assume(graph.inputs)
    out = graph.output
    J = jacobian(out, graph.inputs, disconnected_inputs="ignore")
    rows = [T.grad(out[idx], graph.inputs, disconnected_inputs="ignore")
            for idx in np.ndindex(graph.output_shape)]
    f = algrad.function(graph.inputs, list(J) + [g for row in rows for g in row], mode="numpy")
    results = f(*graph.values(seed))
    n = len(graph.inputs)
    jacobians, row_values = results[:n], results[n:]
    for e, idx in enumerate(np.ndindex(graph.output_shape)):
        for k, var in enumerate(graph.inputs):
            assert_close(jacobians[k][idx], row_values[e * n + k], ROUNDING_RTOL["float64"],
                         f"d out{list(idx)} / d {var.name}")


# -- 8. sparse and dense Jacobians -------------------------------------------------------

@settings(max_examples=examples())
@given(graph=graphs(smooth=True, shapes=[s for s in SHAPES if len(s) == 1]), seed=seeds,
       of_gradient=st.booleans())
def test_sparse_and_dense_jacobians_agree(graph, seed, of_gradient):
    """Of the output, or (a Hessian) of the cost's gradient."""
    vectors = [v for v in graph.inputs if v.ndim == 1]
    assume(vectors)
    if of_gradient:
        cost = graph.cost(seed)
        dense = hessian(cost, vectors)
        sparse = hessian(cost, vectors, sparse=True)
    else:
        dense = jacobian(graph.output, vectors, disconnected_inputs="ignore")
        sparse = jacobian(graph.output, vectors, disconnected_inputs="ignore", sparse=True)
    f = algrad.function(graph.inputs, list(dense) + list(sparse), mode="numpy")
    results = f(*graph.values(seed))
    for k, var in enumerate(vectors):
        d, s = results[k], results[len(vectors) + k]
        assert s.format == "csr"
        assert_close(s.toarray(), d, ROUNDING_RTOL["float64"], f"d out / d {var.name}")
