"""``algrad.function``: argument conversion and checks, outputs, and the compiled graph."""
from __future__ import annotations

import numpy as np
import pytest

import algrad
import algrad.tensor as T
from algrad import InputError


def compile(inputs, outputs, **kwargs):
    return algrad.function(inputs, outputs, mode="numpy", **kwargs)


@pytest.fixture(scope="module")
def double():
    x = T.dscalar("x")
    return compile([x], x * 2)


# -- argument conversion ---------------------------------------------------------------

def test_python_number_for_a_scalar_returns_a_0d_array(double):
    result = double(4)
    assert type(result) is np.ndarray and result.shape == () and result.dtype == np.float64
    assert result == 8.0
    assert repr(result) == repr(np.array(8.0))  # array(8.0) in the seed's NumPy


def test_lists_and_tuples_for_vectors_and_matrices():
    v, m = T.dvector("v"), T.dmatrix("m")
    f = compile([v, m], T.dot(m, v))
    np.testing.assert_array_equal(f([1, 2], ((1, 0), (0, 1), (1, 1))), [1.0, 2.0, 3.0])


def test_float64_values_into_a_float32_input_become_float32():
    x = T.fvector("x")
    result = compile([x], x * 2)(np.array([0.1, 1.5], dtype="float64"))
    assert result.dtype == np.float32
    np.testing.assert_array_equal(result, np.array([0.1, 1.5], dtype="float32") * 2)


def test_integral_values_into_int_inputs():
    i = T.iscalar("i")
    f = compile([i], i * 2)
    assert f(3).dtype == np.int32 and f(3) == 6
    assert f(3.0) == 6 and f(np.int64(5)) == 10 and f(True) == 2


@pytest.mark.parametrize("value", [2.5, float("nan"), float("inf"), [1.0, 0.5]])
def test_non_integral_floats_into_an_int_input_are_refused(value):
    i = T.ivector("count") if isinstance(value, list) else T.iscalar("count")
    with pytest.raises(InputError, match="'count'.*non-integer"):
        compile([i], i + 1)(value)


@pytest.mark.parametrize("dtype,value", [("int32", 2 ** 40), ("int32", np.int64(-2 ** 33)),
                                         ("int64", np.uint64(2 ** 63 + 5)), ("int64", 1e30),
                                         ("int64", 2 ** 70), ("int32", [1, 2 ** 31])])
def test_integers_out_of_the_input_range_are_refused(dtype, value):
    i = T.tensor(dtype, shape=(None,) * np.ndim(value), name="n")
    with pytest.raises(InputError, match="'n'.*(range|fit)"):
        compile([i], i + 1)(value)


def test_bool_inputs_take_only_bools():
    b = T.bvector("flags")
    f = compile([b], T.switch(b, 1.0, 2.0))
    np.testing.assert_array_equal(f([True, False]), [1.0, 2.0])
    with pytest.raises(InputError, match="'flags'.*bool"):
        f([1, 0])


@pytest.mark.parametrize("value,what", [("abc", "strings"), ([1 + 2j], "complex"),
                                        ([object()], "objects"), ([1.0, "a"], "strings"),
                                        (None, "objects"), ([[1.0, 2.0], [3.0]], "not an array")])
def test_strings_complex_and_objects_are_refused(value, what):
    x = T.dvector("x")
    with pytest.raises(InputError, match=f"'x'.*{what}"):
        compile([x], x * 2)(value)


def test_a_symbolic_variable_is_not_an_argument(double):
    with pytest.raises(InputError, match="symbolic"):
        double(T.dscalar("y"))


# -- rank, shape and count errors ------------------------------------------------------

def test_wrong_rank_names_the_input():
    x, W = T.dvector("x"), T.dmatrix("W")
    f = compile([x, W], T.dot(W, x))
    with pytest.raises(InputError, match="argument 1 'W'.*rank 1.*rank 2"):
        f([1.0, 2.0], [1.0, 2.0])
    with pytest.raises(InputError, match="argument 0 'x'.*rank 0"):
        f(1.0, [[1.0]])


def test_wrong_static_length_names_the_input():
    p = T.tensor("float64", shape=(2,), name="pair")
    f = compile([p], p * 2)
    with pytest.raises(InputError, match="'pair'.*shape \\(3,\\).*length 2"):
        f([1.0, 2.0, 3.0])
    r = T.drow("r")
    with pytest.raises(InputError, match="'r'.*axis 0 must have length 1"):
        compile([r], r * 2)([[1.0], [2.0]])


def test_run_time_shape_mismatches_name_the_op():
    x, y, W = T.dvector("x"), T.dvector("y"), T.dmatrix("W")
    with pytest.raises(algrad.ShapeError, match="add.*x of shape \\(2,\\).*y of shape \\(3,\\)"):
        compile([x, y], x + y)([1.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(algrad.ShapeError, match="dot"):
        compile([W, x], T.dot(W, x))([[1.0, 2.0]], [1.0, 2.0, 3.0])
    with pytest.raises(algrad.ShapeError, match="only axes .*length 1"):
        compile([x, W], x + W)([1.0], [[1.0, 2.0]])  # x is not declared broadcastable


def test_wrong_number_of_arguments():
    x, y = T.dscalar("x"), T.dscalar("y")
    f = compile([x, y], x - y)
    with pytest.raises(InputError, match="takes 2 arguments \\(x, y\\), got 1"):
        f(1.0)
    with pytest.raises(InputError, match="got 3"):
        f(1.0, 2.0, 3.0)


def test_keyword_arguments_by_input_name():
    x, y = T.dscalar("x"), T.dscalar("y")
    f = compile([x, y], x - y)
    assert f(y=1.0, x=3.0) == 2.0
    assert f(3.0, y=1.0) == 2.0
    with pytest.raises(InputError, match="no input named 'z'"):
        f(3.0, z=1.0)
    with pytest.raises(InputError, match="'x' is given twice"):
        f(3.0, x=1.0)
    with pytest.raises(InputError, match="missing value.*y"):
        f(x=1.0)


# -- compiling ---------------------------------------------------------------------------

def test_unused_inputs_are_accepted():
    # the seed's Rop example passes W, which its result never reads
    W, V, x = T.dmatrix("W"), T.dmatrix("V"), T.dvector("x")
    f = compile([W, V, x], T.dot(x, V))
    np.testing.assert_array_equal(f([[1, 1], [1, 1]], [[2, 2], [2, 2]], [0, 1]), [2.0, 2.0])
    with pytest.raises(InputError, match="'W'"):
        f([1, 1], [[2, 2], [2, 2]], [0, 1])  # an unused input is still checked


def test_an_input_missing_from_the_list_is_named():
    x, y = T.dscalar("x"), T.dscalar("forgotten")
    with pytest.raises(InputError, match="forgotten"):
        compile([x], x + y)
    with pytest.raises(InputError, match="forgotten"):
        compile([x], [x, y])


def test_bad_input_lists_are_refused():
    x = T.dscalar("x")
    with pytest.raises(TypeError, match="inputs\\[1\\]"):
        compile([x, 3.0], x)
    with pytest.raises(TypeError, match="constant"):
        compile([T.constant(1.0)], x * 0)
    with pytest.raises(TypeError, match="twice"):
        compile([x, x], x)
    with pytest.raises(TypeError, match="list"):
        compile(x, x)
    with pytest.raises(ValueError, match="mode"):
        algrad.function([x], x, mode="fortran")


def test_a_list_of_outputs_gives_a_list_and_one_output_an_array():
    x = T.dscalar("x")
    single = compile([x], x + 1)(1.0)
    one_list = compile([x], [x + 1])(1.0)
    pair = compile([x], (x + 1, x * 3))(1.0)
    assert isinstance(single, np.ndarray)
    assert isinstance(one_list, list) and len(one_list) == 1 and one_list[0] == 2.0
    assert isinstance(pair, list) and [float(v) for v in pair] == [2.0, 3.0]
    assert compile([x], [])(1.0) == []


def test_outputs_never_alias_inputs_constants_or_each_other():
    x = T.dmatrix("x")
    c = T.constant(np.array([1.0, 2.0]))
    f = compile([x], [x, x.T, x.reshape((4,)), x[0], c, x])
    value = np.arange(4.0).reshape(2, 2)
    results = f(value)
    for r in results:
        assert not np.shares_memory(r, value) and r.flags.writeable
    assert not np.shares_memory(results[0], results[5])
    results[4][0] = 99.0
    np.testing.assert_array_equal(f(value)[4], [1.0, 2.0])
    np.testing.assert_array_equal(value, np.arange(4.0).reshape(2, 2))


def test_constant_and_integer_outputs():
    n = T.lscalar("n")
    f = compile([n], [n + 1, n / 2, T.constant(7), n > 2])
    plus, half, seven, big = f(3)
    assert (plus.dtype, half.dtype, seven.dtype, big.dtype) == (np.int64, np.float64, np.int64,
                                                                np.bool_)
    assert (plus, half, seven, big) == (4, 1.5, 7, True)


def test_maker_exposes_the_compiled_graph():
    x, y = T.dscalar("x"), T.dscalar("y")
    out = T.grad(x ** 2 * y, x)
    f = compile([x, y], out)
    assert f.maker.fgraph.inputs == [x, y]
    assert len(f.maker.fgraph.outputs) == 1
    assert algrad.pp(f.maker.fgraph.outputs[0])  # printable, as in the seed
    g = compile([x, y], out, optimizer=None)
    assert g.maker.fgraph.outputs == [out]
    assert float(f(3.0, 2.0)) == float(g(3.0, 2.0)) == 12.0


def test_functions_of_no_inputs_and_of_inputs_only():
    x = T.dvector("x")
    np.testing.assert_array_equal(compile([], T.constant([1.0]) * 2)(), [2.0])
    np.testing.assert_array_equal(compile([x], x)([1.0, 2.0]), [1.0, 2.0])


def test_small_and_unsigned_numpy_dtypes_convert_quietly():
    import warnings
    x, i = T.dvector("x"), T.ivector("i")
    fx, fi = compile([x], x * 1), compile([i], i * 1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(fx(np.array([1, 2], dtype="uint8")), [1.0, 2.0])
        np.testing.assert_array_equal(fx(np.array([1.5], dtype="float16")), [1.5])
        np.testing.assert_array_equal(fi(np.array([3.0, -2.0], dtype="float16")), [3, -2])
        np.testing.assert_array_equal(fi(np.array([7], dtype="int8")), [7])


def test_values_beyond_float32_are_refused_for_a_float32_input():
    x = T.fvector("x")
    f = compile([x], x * 1)
    with pytest.raises(InputError, match="'x'.*float32"):
        f([1.0, -1e300])
    got = f(np.array([np.inf, -np.inf, 3.0e38]))  # infinities stay infinities
    assert got.dtype == np.float32 and np.isinf(got[:2]).all() and np.isfinite(got[2])
