"""Properties of the tensor API over shapes, axes and indices drawn by hypothesis.

Each test compares values and gradients with NumPy on cases hypothesis picks:
broadcasting, slicing with constant or symbolic bounds, inc/set_subtensor,
reductions over any axes, dimshuffles and joins (axes of static length 1
declared broadcastable, as the graph requires).
"""
from __future__ import annotations

import numpy as np
from hypothesis import given, strategies as st

import algrad
import algrad.tensor as T
from test_tensor_api import BINARY, evaluate


@given(shape_a=st.lists(st.sampled_from([1, 3]), min_size=0, max_size=3),
       shape_b=st.lists(st.sampled_from([1, 3]), min_size=0, max_size=3),
       op=st.sampled_from(["+", "*", "-", "maximum"]))
def test_broadcasting_agrees_with_numpy(shape_a, shape_b, op):
    """Axes of static length 1 broadcast against anything, as in NumPy."""
    ours, theirs = BINARY[op]
    a = T.tensor("float64", shape=[1 if n == 1 else None for n in shape_a], name="a")
    b = T.tensor("float64", shape=[1 if n == 1 else None for n in shape_b], name="b")
    av = np.arange(1.0, 1 + np.prod(shape_a)).reshape(shape_a)
    bv = np.arange(2.0, 2 + np.prod(shape_b)).reshape(shape_b)
    out = ours(a, b)
    expected = theirs(av, bv)
    assert out.broadcastable == tuple(n == 1 for n in expected.shape)
    np.testing.assert_array_equal(evaluate([a, b], out, av, bv), expected)


_BOUNDS = st.one_of(st.none(), st.integers(-6, 6))
_STEPS = st.one_of(st.none(), st.integers(-3, 3).filter(lambda s: s != 0))


@given(start=_BOUNDS, stop=_BOUNDS, step=_STEPS, row=st.integers(-3, 2),
       symbolic=st.booleans())
def test_slicing_and_its_gradient_agree_with_numpy(start, stop, step, row, symbolic):
    """``x[row, start:stop:step]``, with bounds constant or symbolic, and its gradient."""
    x = T.dmatrix("x")
    values = np.arange(15.0).reshape(3, 5)
    bounds = [start, stop, step, row]
    names = ["start", "stop", "step", "row"]
    scalars = [T.lscalar(n) if symbolic and b is not None else b for n, b in zip(names, bounds)]
    inputs = [x] + [s for s in scalars if isinstance(s, algrad.graph.Variable)]
    args = [values] + [b for s, b in zip(scalars, bounds) if isinstance(s, algrad.graph.Variable)]
    part = x[scalars[3], scalars[0]:scalars[1]:scalars[2]]
    expected = values[row, start:stop:step]
    weights = np.arange(1.0, 1 + expected.size)
    grad = T.grad(T.sum(part * T.constant(weights)), x)
    got, got_grad = algrad.function(inputs, [part, grad], mode="numpy")(*args)
    np.testing.assert_array_equal(got, expected)
    expected_grad = np.zeros_like(values)
    expected_grad[row, start:stop:step] += weights
    np.testing.assert_array_equal(got_grad, expected_grad)


@given(start=_BOUNDS, stop=_BOUNDS, step=_STEPS, scalar_value=st.booleans(),
       overwrite=st.booleans())
def test_inc_and_set_subtensor_and_their_gradients_agree_with_numpy(start, stop, step,
                                                                     scalar_value, overwrite):
    x = T.dmatrix("x")
    values = np.arange(15.0).reshape(3, 5)
    index = (slice(None), slice(start, stop, step))
    region = values[index]
    y_value = np.float64(7.0) if scalar_value else np.arange(100.0, 100 + region.size).reshape(
        region.shape)
    y = T.dscalar("y") if scalar_value else T.dmatrix("y")
    build = T.set_subtensor if overwrite else T.inc_subtensor
    out = build(x[index], y)
    expected = values.copy()
    if overwrite:
        expected[index] = y_value
    else:
        expected[index] += y_value
    weights = np.arange(1.0, 16.0).reshape(3, 5) / 3
    gx, gy = T.grad(T.sum(out * T.constant(weights)), [x, y])
    got, got_gx, got_gy = algrad.function([x, y], [out, gx, gy], mode="numpy")(values, y_value)
    np.testing.assert_array_equal(got, expected)
    expected_gx = weights.copy()
    if overwrite:
        expected_gx[index] = 0.0
    np.testing.assert_array_equal(got_gx, expected_gx)
    np.testing.assert_allclose(got_gy, weights[index].sum() if scalar_value else weights[index],
                               rtol=1e-14)


@given(shape=st.lists(st.sampled_from([1, 2, 3]), min_size=1, max_size=3), data=st.data(),
       name=st.sampled_from(["sum", "mean", "max", "prod"]), keepdims=st.booleans())
def test_reductions_over_any_axes_of_any_shape(shape, data, name, keepdims):
    """Reductions (and their gradients) over random axes, length-1 axes declared broadcastable."""
    ndim = len(shape)
    axes = data.draw(st.one_of(st.none(), st.integers(-ndim, ndim - 1),
                               st.lists(st.integers(0, ndim - 1), unique=True).map(tuple)))
    x = T.tensor("float64", shape=[1 if n == 1 else None for n in shape], name="x")
    values = np.random.default_rng(len(shape)).permutation(np.arange(1.0, 1 + np.prod(shape)))
    values = values.reshape(shape) / 4
    out = getattr(T, name)(x, axis=axes, keepdims=keepdims)
    expected = getattr(np, name)(values, axis=axes, keepdims=keepdims)
    assert out.ndim == np.ndim(expected)
    grad = T.grad(T.sum(out), x)
    got, got_grad = algrad.function([x], [out, grad], mode="numpy")(values)
    np.testing.assert_allclose(got, expected, rtol=1e-14)
    full = getattr(np, name)(values, axis=axes, keepdims=True)
    expected_grad = {"sum": np.ones_like(values),
                     "mean": np.ones_like(values) * full.size / values.size,
                     "max": (values == full).astype(float), "prod": full / values}[name]
    np.testing.assert_allclose(got_grad, expected_grad, rtol=1e-12)


@given(shape=st.lists(st.sampled_from([1, 2, 3]), min_size=1, max_size=3), data=st.data())
def test_transposes_new_axes_and_joins_of_any_shape(shape, data):
    """dimshuffle with 'x', concatenate and stack on random shapes, and their gradients."""
    ndim = len(shape)
    order = data.draw(st.permutations(list(range(ndim))))
    positions = data.draw(st.lists(st.integers(0, ndim), max_size=2))
    pattern = list(order)
    for p in sorted(positions, reverse=True):
        pattern.insert(p, "x")
    axis = data.draw(st.integers(-ndim, ndim - 1))
    x = T.tensor("float64", shape=[1 if n == 1 else None for n in shape], name="x")
    values = np.arange(1.0, 1 + np.prod(shape)).reshape(shape)
    shuffled = x.dimshuffle(*pattern)
    joined = T.concatenate([x, x * 2], axis=axis)
    stacked = T.stack([x, -x], axis=axis)
    expected_shuffled = np.expand_dims(values.transpose(order), tuple(
        k for k, p in enumerate(pattern) if p == "x"))
    cost = T.sum(shuffled) + T.sum(joined) + T.sum(stacked * 3)
    got = algrad.function([x], [shuffled, joined, stacked, T.grad(cost, x)], mode="numpy")(values)
    np.testing.assert_array_equal(got[0], expected_shuffled)
    np.testing.assert_array_equal(got[1], np.concatenate([values, values * 2], axis=axis))
    np.testing.assert_array_equal(got[2], np.stack([values, -values], axis=axis))
    np.testing.assert_array_equal(got[3], np.full(shape, 1.0 + 3.0 + 0.0))


@given(factors=st.lists(st.sampled_from([1, 2, 3]), min_size=1, max_size=4), data=st.data(),
       symbolic=st.booleans())
def test_reshape_and_flatten_of_any_shape(factors, data, symbolic):
    """Reshape between random factorizations (one length -1, constant or symbolic lengths)."""
    source = data.draw(st.permutations(factors))
    target = list(data.draw(st.permutations(factors)))
    if data.draw(st.booleans()):
        target[data.draw(st.integers(0, len(target) - 1))] = -1
    x = T.tensor("float64", shape=[1 if n == 1 else None for n in source], name="x")
    values = np.arange(1.0, 1 + np.prod(source)).reshape(source)
    lengths = [T.lscalar(f"n{k}") if symbolic else n for k, n in enumerate(target)]
    inputs = [x] + (lengths if symbolic else [])
    out = x.reshape(tuple(lengths))
    flat = T.flatten(x, data.draw(st.integers(1, len(source))))
    w = np.arange(1.0, 1 + np.prod(source))
    grad = T.grad(T.sum(out.flatten() * T.constant(w)), x)
    got, got_flat, got_grad = algrad.function(inputs, [out, flat, grad], mode="numpy")(
        values, *(target if symbolic else []))
    np.testing.assert_array_equal(got, values.reshape(target))
    np.testing.assert_array_equal(got_flat, values.reshape(list(source[:flat.ndim - 1]) + [-1]))
    np.testing.assert_array_equal(got_grad, w.reshape(source))
