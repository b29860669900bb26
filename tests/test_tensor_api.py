"""The ``algrad.tensor`` namespace: Theano's names, agreeing with NumPy on values and dtypes."""
from __future__ import annotations

import operator

import numpy as np
import pytest

import algrad
import algrad.tensor as T

DTYPES = ["bool", "int32", "int64", "float32", "float64"]


def evaluate(inputs, output, *values):
    return algrad.function(inputs, output, mode="numpy")(*values)


def test_every_name_of_the_issue_exists():
    names = """dscalar fscalar iscalar lscalar dvector fvector ivector lvector dmatrix fmatrix
    imatrix lmatrix dtensor3 scalar vector matrix constant as_tensor_variable exp log log1p expm1
    sqrt sqr sin cos tan arcsin arccos arctan sinh cosh tanh sigmoid softplus erf maximum minimum
    switch where sum prod mean max min dot outer transpose dimshuffle reshape flatten arange
    zeros_like ones_like fill alloc concatenate stack grad Lop""".split()
    assert [n for n in names if not callable(getattr(T, n, None))] == []


@pytest.mark.parametrize("make,ndim", [(T.scalar, 0), (T.vector, 1), (T.matrix, 2)])
@pytest.mark.parametrize("dtype", DTYPES)
def test_generic_constructors_take_a_dtype(make, ndim, dtype):
    v = make("v", dtype=dtype)
    assert (v.name, v.dtype, v.ndim) == ("v", dtype, ndim)
    assert make().dtype == "float64"


def test_constant_and_as_tensor_variable():
    c = T.constant([[1, 2], [3, 4]])
    assert (c.dtype, c.type.shape) == ("int64", (2, 2))
    assert T.constant(1.5, dtype="float32").dtype == "float32"
    x = T.dvector("x")
    assert T.as_tensor_variable(x) is x
    v = T.as_tensor_variable([1.0, 2.0])
    assert isinstance(v, algrad.graph.Constant) and v.dtype == "float64"
    stacked = T.as_tensor_variable([x[0], 2.0])
    np.testing.assert_array_equal(evaluate([x], stacked, [5.0]), [5.0, 2.0])
    with pytest.raises(TypeError, match="rank"):
        T.as_tensor_variable([1.0], ndim=2)
    for bad in ("text", 1 + 2j, np.array(["a"]), object()):
        with pytest.raises(TypeError):
            T.as_tensor_variable(bad)


# -- operators: values and dtypes as NumPy's -----------------------------------------------

BINARY = {
    "+": (operator.add, np.add), "-": (operator.sub, np.subtract), "*": (operator.mul, np.multiply),
    "/": (operator.truediv, np.true_divide), "//": (operator.floordiv, np.floor_divide),
    "%": (operator.mod, np.mod), "**": (operator.pow, np.power),
    "<": (operator.lt, np.less), "<=": (operator.le, np.less_equal),
    ">": (operator.gt, np.greater), ">=": (operator.ge, np.greater_equal),
    "eq": (T.eq, np.equal), "neq": (T.neq, np.not_equal),
    "maximum": (T.maximum, np.maximum), "minimum": (T.minimum, np.minimum),
}
LEFT, RIGHT = [3, 1, 2], [2, 1, 3]


def _algrad_dtype(expected):
    """NumPy's result dtype; int8 (bool ** bool) is not an algrad dtype and widens to int64."""
    name = expected.dtype.name
    return "int64" if name in ("int8", "int16") else name


def _numpy_or_error(f, *args):
    try:
        with np.errstate(all="ignore"):
            return f(*args), None
    except TypeError as exc:
        return None, exc


@pytest.mark.parametrize("d2", DTYPES)
@pytest.mark.parametrize("d1", DTYPES)
@pytest.mark.parametrize("op", sorted(BINARY))
def test_binary_operators_promote_and_compute_as_numpy(op, d1, d2):
    ours, theirs = BINARY[op]
    a_val, b_val = np.array(LEFT, dtype=d1), np.array(RIGHT, dtype=d2)
    expected, error = _numpy_or_error(theirs, a_val, b_val)
    a, b = T.tensor(d1, shape=(None,), name="a"), T.tensor(d2, shape=(None,), name="b")
    if error is not None:
        with pytest.raises(TypeError):
            ours(a, b)
        return
    out = ours(a, b)
    assert out.dtype == _algrad_dtype(expected)
    result = evaluate([a, b], out, a_val, b_val)
    np.testing.assert_array_equal(result, expected.astype(out.dtype))


SCALARS = [True, 3, 2.5, np.float64(2.5), np.float32(2.5), np.int32(3), np.int64(3)]


@pytest.mark.parametrize("scalar", SCALARS, ids=[f"{type(v).__name__}" for v in SCALARS])
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("op", ["+", "*", "/", "-", "**"])
def test_python_and_numpy_scalars_promote_as_in_numpy(op, dtype, scalar):
    """Python numbers are weak (NEP 50): ``float32 * 2.5`` stays float32; NumPy scalars are not."""
    ours, theirs = BINARY[op]
    values = np.array(LEFT, dtype=dtype)
    x = T.tensor(dtype, shape=(None,), name="x")
    for args, sym_args in (((values, scalar), (x, scalar)), ((scalar, values), (scalar, x))):
        expected, error = _numpy_or_error(theirs, *args)
        if error is not None:
            with pytest.raises(TypeError):
                ours(*sym_args)
            continue
        out = ours(*sym_args)
        assert out.dtype == _algrad_dtype(expected), (args, out.dtype)
        np.testing.assert_allclose(evaluate([x], out, values), expected, rtol=1e-6)


def test_numpy_arrays_on_the_left_build_graphs():
    x = T.dvector("x")
    arr = np.array([1.0, 2.0])
    for op in (operator.add, operator.sub, operator.mul, operator.truediv, operator.pow,
               operator.lt, operator.ge):
        out = op(arr, x)
        assert isinstance(out, algrad.graph.Variable)
        np.testing.assert_allclose(evaluate([x], out, [3.0, 4.0]), op(arr, np.array([3.0, 4.0])))
    out = np.float32(2.0) * T.fvector("f")
    assert isinstance(out, algrad.graph.Variable) and out.dtype == "float32"


def test_int_divided_by_int_is_float64():
    a, b = T.ivector("a"), T.lvector("b")
    assert (a / b).dtype == "float64" and (a / 2).dtype == "float64" and (a // b).dtype == "int64"
    np.testing.assert_array_equal(evaluate([a, b], a / b, [1, 3], [2, 2]), [0.5, 1.5])


def test_unary_operators():
    x = T.dvector("x")
    values = np.array([-1.5, 0.0, 2.0])
    np.testing.assert_array_equal(evaluate([x], -x, values), -values)
    np.testing.assert_array_equal(evaluate([x], abs(x), values), np.abs(values))
    np.testing.assert_array_equal(evaluate([x], +x, values), values)
    b = T.bvector("b")
    np.testing.assert_array_equal(evaluate([b], ~b, [True, False]), [False, True])
    i = T.ivector("i")
    assert (-i).dtype == "int32" and abs(i).dtype == "int32"


def test_comparisons_broadcast_and_give_bool():
    m, v = T.dmatrix("m"), T.dvector("v")
    out = m > v
    assert out.dtype == "bool" and out.ndim == 2
    mv, vv = np.array([[1.0, 5.0], [3.0, 0.0]]), np.array([2.0, 2.0])
    np.testing.assert_array_equal(evaluate([m, v], out, mv, vv), mv > vv)
    with pytest.raises(TypeError, match="truth value"):
        bool(m > v)


ELEMENTWISE = {
    "exp": np.exp, "log": np.log, "log1p": np.log1p, "expm1": np.expm1, "sqrt": np.sqrt,
    "sqr": np.square, "sin": np.sin, "cos": np.cos, "tan": np.tan, "arcsin": np.arcsin,
    "arccos": np.arccos, "arctan": np.arctan, "sinh": np.sinh, "cosh": np.cosh, "tanh": np.tanh,
    "sigmoid": lambda a: 1 / (1 + np.exp(-a)), "softplus": lambda a: np.log1p(np.exp(a)),
}


@pytest.mark.parametrize("name", sorted(ELEMENTWISE))
@pytest.mark.parametrize("dtype", ["float64", "float32", "int64"])
def test_elementwise_functions_agree_with_numpy(name, dtype):
    values = np.array([0.25, 0.5, 0.75]) if dtype != "int64" else np.array([0, 1, 0])
    values = values.astype(dtype)
    x = T.tensor(dtype, shape=(None,), name="x")
    out = getattr(T, name)(x)
    with np.errstate(all="ignore"):
        expected = np.asarray(ELEMENTWISE[name](values))
    assert out.dtype == expected.dtype.name
    np.testing.assert_allclose(evaluate([x], out, values), expected,
                               rtol=1e-6 if dtype == "float32" else 1e-14)


def test_erf_maximum_minimum_switch_where():
    from math import erf
    x, y = T.dvector("x"), T.dvector("y")
    xv, yv = np.array([-1.0, 0.5, 2.0]), np.array([0.0, 1.0, 1.0])
    np.testing.assert_allclose(evaluate([x], T.erf(x), xv), [erf(v) for v in xv], rtol=1e-14)
    np.testing.assert_array_equal(evaluate([x, y], T.maximum(x, y), xv, yv), np.maximum(xv, yv))
    np.testing.assert_array_equal(evaluate([x, y], T.minimum(x, y), xv, yv), np.minimum(xv, yv))
    for f in (T.switch, T.where):
        np.testing.assert_array_equal(evaluate([x, y], f(x > y, x, y * 10), xv, yv),
                                      np.where(xv > yv, xv, yv * 10))
    # a non-bool condition means "non-zero", as in numpy.where
    np.testing.assert_array_equal(evaluate([x, y], T.switch(y, x, -x), xv, yv),
                                  np.where(yv, xv, -xv))


# -- reductions --------------------------------------------------------------------------

REDUCTIONS = {"sum": np.sum, "prod": np.prod, "mean": np.mean, "max": np.max, "min": np.min}
AXES = [None, 0, 1, -1, (0, 2), (2, 0), (0, 1, 2), ()]


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("axis", AXES, ids=str)
@pytest.mark.parametrize("name", sorted(REDUCTIONS))
def test_reductions_agree_with_numpy(name, axis, keepdims):
    values = np.arange(1.0, 25.0).reshape(2, 3, 4) / 7
    x = T.dtensor3("x")
    for out in (getattr(T, name)(x, axis=axis, keepdims=keepdims),
                getattr(x, name)(axis=axis, keepdims=keepdims)):
        expected = REDUCTIONS[name](values, axis=axis, keepdims=keepdims)
        result = evaluate([x], out, values)
        assert result.shape == np.shape(expected) and out.ndim == np.ndim(expected)
        np.testing.assert_allclose(result, expected, rtol=1e-14)


@pytest.mark.parametrize("axis", [0, ()], ids=str)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(REDUCTIONS))
def test_reduction_dtypes_agree_with_numpy(name, dtype, axis):
    values = np.array([[1, 2], [3, 1]], dtype=dtype)
    x = T.tensor(dtype, shape=(None, None), name="x")
    out = getattr(T, name)(x, axis=axis)
    expected = REDUCTIONS[name](values, axis=axis)
    assert out.dtype == expected.dtype.name
    np.testing.assert_allclose(evaluate([x], out, values), expected)


def test_reductions_refuse_bad_axes():
    x = T.dmatrix("x")
    with pytest.raises(ValueError, match="out of range"):
        T.sum(x, axis=2)
    with pytest.raises(ValueError, match="repeated"):
        T.sum(x, axis=(0, -2))


# -- linear algebra and shapes -----------------------------------------------------------

@pytest.mark.parametrize("sa,sb", [((3,), (3,)), ((2, 3), (3,)), ((3,), (3, 2)), ((2, 3), (3, 4))])
def test_dot_in_all_four_rank_combinations(sa, sb, rng):
    a = T.tensor("float64", shape=(None,) * len(sa), name="a")
    b = T.tensor("float64", shape=(None,) * len(sb), name="b")
    va, vb = rng.standard_normal(sa), rng.standard_normal(sb)
    for out in (T.dot(a, b), a.dot(b)):
        np.testing.assert_allclose(evaluate([a, b], out, va, vb), np.dot(va, vb), rtol=1e-14)
    assert T.dot(T.ivector("i"), T.ivector("j")).dtype == "int32"
    assert T.dot(T.fmatrix("f"), T.dvector("d")).dtype == "float64"


def test_outer_transpose_dimshuffle(rng):
    u, v, m = T.dvector("u"), T.dvector("v"), T.dtensor3("m")
    uv, vv, mv = rng.standard_normal(2), rng.standard_normal(3), rng.standard_normal((2, 3, 4))
    np.testing.assert_allclose(evaluate([u, v], T.outer(u, v), uv, vv), np.outer(uv, vv))
    np.testing.assert_array_equal(evaluate([m], m.T, mv), mv.T)
    np.testing.assert_array_equal(evaluate([m], T.transpose(m, (1, 0, 2)), mv),
                                  np.transpose(mv, (1, 0, 2)))
    np.testing.assert_array_equal(evaluate([m], m.transpose(2, 0, 1), mv), mv.transpose(2, 0, 1))
    out = m.dimshuffle(2, "x", 0, 1)
    assert out.broadcastable == (False, True, False, False)
    np.testing.assert_array_equal(evaluate([m], out, mv), mv.transpose(2, 0, 1)[:, None])
    with pytest.raises(ValueError):
        m.dimshuffle(0, 1)  # drops axis 2, whose length is not a static 1


def test_reshape_and_flatten():
    x = T.dtensor3("x")
    values = np.arange(24.0).reshape(2, 3, 4)
    n = T.lscalar("n")
    np.testing.assert_array_equal(evaluate([x], x.reshape((6, 4)), values), values.reshape(6, 4))
    np.testing.assert_array_equal(evaluate([x], T.reshape(x, (-1, 2)), values),
                                  values.reshape(-1, 2))
    np.testing.assert_array_equal(evaluate([x, n], x.reshape((n, -1)), values, 4),
                                  values.reshape(4, -1))
    np.testing.assert_array_equal(evaluate([x], x.flatten(), values), values.ravel())
    np.testing.assert_array_equal(evaluate([x], T.flatten(x, 2), values), values.reshape(2, -1))
    with pytest.raises(ValueError, match="reshape"):
        evaluate([x], x.reshape((5, 5)), values)


@pytest.mark.parametrize("index", [
    1, -1, slice(1, 3), slice(None, None, -1), slice(-2, None), (slice(None), 0), (1, -2),
    (slice(0, 2), slice(1, None, 2)), (Ellipsis, 0), (None, 1)], ids=str)
def test_constant_indexing_agrees_with_numpy(index):
    x = T.dmatrix("x")
    values = np.arange(12.0).reshape(3, 4)
    np.testing.assert_array_equal(evaluate([x], x[index], values), values[index])


def test_symbolic_indices_and_bounds():
    x, i, j = T.dmatrix("x"), T.lscalar("i"), T.iscalar("j")
    values = np.arange(12.0).reshape(3, 4)
    f = algrad.function([x, i, j], [x[i], x[i:j], x[:, j], x[-i]], mode="numpy")
    for iv, jv in [(0, 2), (1, 3), (-1, 3), (2, -1)]:
        got = f(values, iv, jv)
        for g, e in zip(got, [values[iv], values[iv:jv], values[:, jv], values[-iv]]):
            np.testing.assert_array_equal(g, e)
    with pytest.raises(IndexError, match="out of bounds"):
        f(values, 3, 0)
    with pytest.raises(TypeError, match="integer"):
        x[T.dscalar("f")]
    with pytest.raises(IndexError, match="too many"):
        x[0, 0, 0]


def test_shape_and_its_entries():
    x = T.dmatrix("x")
    values = np.zeros((3, 5))
    np.testing.assert_array_equal(evaluate([x], x.shape, values), [3, 5])
    assert evaluate([x], x.shape[0], values) == 3 and evaluate([x], x.shape[-1], values) == 5
    assert x.shape.dtype == "int64" and x.shape[0].dtype == "int64"
    fixed = T.tensor("float64", shape=(2, None))
    assert isinstance(fixed.shape[0], algrad.graph.Constant)  # known statically


@pytest.mark.parametrize("args", [(5,), (2, 7), (1, 10, 3), (10, 1, -3), (0.5, 3.0, 0.5), (3, 0)],
                         ids=str)
def test_arange_agrees_with_numpy(args):
    out = T.arange(*args)
    expected = np.arange(*args)
    assert out.dtype == expected.dtype.name
    np.testing.assert_array_equal(evaluate([], out), expected)


def test_arange_with_symbolic_bounds():
    n = T.lscalar("n")
    np.testing.assert_array_equal(evaluate([n], T.arange(n), 4), np.arange(4))
    np.testing.assert_array_equal(evaluate([n], T.arange(1, n, 2), 8), np.arange(1, 8, 2))


def test_zeros_like_ones_like_fill_alloc():
    x, s = T.fmatrix("x"), T.dscalar("s")
    values = np.ones((2, 3), dtype="float32")
    for f, npf in ((T.zeros_like, np.zeros_like), (T.ones_like, np.ones_like)):
        out = evaluate([x], f(x), values)
        assert out.dtype == np.float32
        np.testing.assert_array_equal(out, npf(values))
    assert T.zeros_like(x, dtype="int64").dtype == "int64"
    np.testing.assert_array_equal(evaluate([x, s], T.fill(x, s), values, 2.5), np.full((2, 3), 2.5))
    np.testing.assert_array_equal(evaluate([s], T.alloc(s, 2, 3), 1.5), np.full((2, 3), 1.5))
    n = T.lscalar("n")
    v = T.dvector("v")
    np.testing.assert_array_equal(evaluate([v, n], T.alloc(v, n, 2), [1.0, 2.0], 3),
                                  np.broadcast_to([1.0, 2.0], (3, 2)))


def test_concatenate_and_stack(rng):
    a, b = T.dmatrix("a"), T.dmatrix("b")
    av, bv = rng.standard_normal((2, 3)), rng.standard_normal((2, 3))
    for axis in (0, 1, -1):
        np.testing.assert_array_equal(evaluate([a, b], T.concatenate([a, b], axis=axis), av, bv),
                                      np.concatenate([av, bv], axis=axis))
    for axis in (0, 1, 2, -1):
        np.testing.assert_array_equal(evaluate([a, b], T.stack([a, b], axis=axis), av, bv),
                                      np.stack([av, bv], axis=axis))
    i = T.ivector("i")
    assert T.concatenate([T.dvector("d"), i]).dtype == "float64"
    with pytest.raises(ValueError, match="concatenate"):
        evaluate([a, b], T.concatenate([a, b], axis=1), av, bv[:1])


def test_python_ints_beyond_the_integer_result_are_refused_as_in_numpy():
    i = T.ivector("i")
    with pytest.raises(OverflowError):
        np.array([1], dtype="int32") + 2 ** 40
    with pytest.raises(TypeError, match="add.*1099511627776.*int32"):
        i + 2 ** 40
    assert (i + (2 ** 31 - 1)).dtype == "int32"
    assert (i + T.constant(2 ** 40)).dtype == "int64"
    assert (i < 2 ** 40).dtype == "bool"  # comparisons do not hold the int


def test_empty_reductions_and_zero_steps_are_clear_errors():
    x = T.dvector("x")
    with pytest.raises(algrad.ShapeError, match="max.*empty"):
        evaluate([x], T.max(x), np.zeros(0))
    with pytest.raises(ValueError, match="step"):
        T.arange(0, 5, 0)
    n = T.lscalar("n")
    with pytest.raises(ValueError, match="step"):
        evaluate([n], T.arange(0, 5, n), 0)


def test_logical_operators_take_bools_and_refuse_what_numpy_would_do_bitwise():
    a, b = T.bvector("a"), T.bvector("b")
    av, bv = np.array([True, True, False]), np.array([True, False, False])
    got = evaluate([a, b], [a & b, a | b, ~a, T.and_(a, True)], av, bv)
    for g, e in zip(got, [av & bv, av | bv, ~av, av & True]):
        np.testing.assert_array_equal(g, e)
        assert g.dtype == np.bool_
    i = T.ivector("i")
    for build in (lambda: ~i, lambda: i & i, lambda: a | i, lambda: T.dvector("x") & a):
        with pytest.raises(TypeError, match="bool"):
            build()


def test_bool_indices_are_refused_because_numpy_reads_them_as_masks():
    x = T.dvector("x")
    assert np.array([1.0, 2.0])[np.True_].shape == (1, 2)  # a mask, not the index 1
    for index in (T.bscalar("c"), True):
        with pytest.raises(TypeError, match="mask"):
            x[index]
    np.testing.assert_array_equal(evaluate([x], x[1:True], [1.0, 2.0]), np.array([1.0, 2.0])[1:True])
