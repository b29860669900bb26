"""Graphs far bigger than a person writes: every walk must be iterative and linear.

The sizes are those of the reliability page; ``python -m benchmarks big_graphs``
measures the time and memory of each stage.
"""
import warnings

import numpy as np
import pytest

import algrad
import algrad.tensor as T

VALUES = np.array([0.1, 0.5, 1.0])


def _function_on_the_reference(inputs, outputs):
    """The default mode, which runs a graph this big on the NumPy reference and says so."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        f = algrad.function(inputs, outputs)
    assert f.mode == "numpy"
    assert any("nodes, more than the" in str(w.message) for w in caught)
    return f


def test_a_chain_of_100000_ops():
    x = T.dvector("x")
    y = x
    for _ in range(50_000):
        y = T.sin(y) + x
    cost = T.sum(y)
    g = T.grad(cost, x)
    f = _function_on_the_reference([x], [cost, g])
    value, gradient = f(VALUES)
    y, dy = VALUES, np.ones(3)
    for _ in range(50_000):
        y, dy = np.sin(y) + VALUES, np.cos(y) * dy + 1
    np.testing.assert_allclose(value, y.sum(), rtol=1e-12)
    np.testing.assert_allclose(gradient, dy, rtol=1e-9)


@pytest.fixture(scope="module")
def sum_of_terms():
    x = T.dvector("x")
    y = T.constant(0.0)
    for i in range(1, 10_001):
        y = y + (1.0 / i) * T.sin(i * x)
    return x, T.sum(y)


def test_a_sum_of_10000_terms(sum_of_terms):
    x, cost = sum_of_terms
    f = _function_on_the_reference([x], [cost, T.grad(cost, x)])
    value, gradient = f(VALUES)
    i = np.arange(1, 10_001)[:, None]
    np.testing.assert_allclose(value, (np.sin(i * VALUES) / i).sum(), rtol=1e-10)
    np.testing.assert_allclose(gradient, np.cos(i * VALUES).sum(axis=0), rtol=1e-9, atol=1e-9)


def test_simplify_keeps_the_values_of_a_sum_of_10000_terms(sum_of_terms):
    # far past what SymPy handles comfortably: the regions stay on the DAG's own rewrites
    x, cost = sum_of_terms
    g = T.grad(cost, x)
    simplified = algrad.simplify(g)
    expected = algrad.function([x], g, mode="numpy", optimizer=None)(VALUES)
    np.testing.assert_allclose(algrad.function([x], simplified, mode="numpy", optimizer=None)(VALUES), expected,
                               rtol=1e-12)
