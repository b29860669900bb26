"""The Numba backend against the NumPy reference, op by op, and its errors.

Every op spec of ``tests/op_specs.py`` is compiled ONCE in each mode, with
all its shape cases and dtype combinations as inputs and outputs of one
function, and evaluated on random values, on empty arrays and on strided
views.  Numba compiles are the slow part of this file, so each test graph is
compiled once per session (see ``compiled``), and they go to the user's
kernel cache like any other, so a second run of the suite loads them.
"""
from __future__ import annotations

import numpy as np
import pytest

import algrad
import algrad.tensor as T
from algrad.lowering.plan import plan
from algrad.errors import InputError, MissingLoweringError, ShapeError
from algrad.ops.base import Op
from algrad.ops.registry import all_op_keys

from op_specs import SPECS, cases, make_variables, sample_values


def assert_same(got, expected, what):
    got, expected = np.asarray(got), np.asarray(expected)
    assert got.dtype == expected.dtype, f"{what}: dtype {got.dtype}, reference {expected.dtype}"
    assert got.shape == expected.shape, f"{what}: shape {got.shape}, reference {expected.shape}"
    if got.dtype.kind == "f":
        rtol = 2e-6 if got.dtype == np.float32 else 1e-12
        np.testing.assert_allclose(got, expected, rtol=rtol, atol=rtol, equal_nan=True, err_msg=what)
    else:
        np.testing.assert_array_equal(got, expected, err_msg=what)


# -- the op spec sweep ---------------------------------------------------------------

def _variants(spec):
    """(shapes, dtypes) of the cases of ``spec`` compiled together.

    Every shape case in the spec's dtypes, and every other dtype combination
    on the last (most broadcasting) shape case: a compile costs about a
    second, and the product of both lists would multiply it.
    """
    shape_cases = [shapes for _, shapes in cases(spec)]
    other_dtypes = [d for d in spec.extra_dtypes if d != spec.dtypes]
    return [(shapes, spec.dtypes) for shapes in shape_cases] + [
        (shape_cases[-1], dtypes) for dtypes in other_dtypes]


class SpecFunctions:
    """One spec's cases built as one graph, compiled in both modes."""

    def __init__(self, spec):
        self.spec = spec
        self.variants = _variants(spec)
        inputs, outputs = [], []
        for shapes, dtypes in self.variants:
            variables = make_variables(spec, shapes, dtypes)
            inputs += variables
            outputs.append(spec.build(*variables))
        self.numba = algrad.function(inputs, outputs, mode="numba", optimizer=None)
        self.numpy = algrad.function(inputs, outputs, mode="numpy", optimizer=None)

    def values(self, rng, shape_map=lambda shape: shape):
        values = []
        for shapes, dtypes in self.variants:
            values += sample_values(self.spec, [shape_map(s) for s in shapes], rng, dtypes)
        return values

    def check(self, values, what):
        expected = self.numpy(*values)
        got = self.numba(*values)
        for k, (g, e) in enumerate(zip(got, expected)):
            shapes, dtypes = self.variants[k]
            assert_same(g, e, f"{self.spec.name} {shapes} {dtypes} ({what})")


_compiled = {}


def compiled(spec) -> SpecFunctions:
    if spec.name not in _compiled:
        _compiled[spec.name] = SpecFunctions(spec)
    return _compiled[spec.name]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_op_matches_reference(spec, rng):
    compiled(spec).check(compiled(spec).values(rng), "random values")


def _emptied(shape):
    return tuple(0 if n == 2 else n for n in shape)


@pytest.mark.parametrize("spec", [s for s in SPECS if s.elementwise], ids=lambda s: s.name)
def test_elementwise_op_on_empty_arrays(spec, rng):
    functions = compiled(spec)
    functions.check(functions.values(rng, _emptied), "empty arrays")


def _strided(value):
    """The same values as a non-contiguous view."""
    value = np.asarray(value)
    if value.ndim == 0:
        return value
    holder = np.zeros(value.shape + (2,), dtype=value.dtype)
    holder[..., 1] = value
    return holder[..., 1]


_VIEW_SPECS = ["add", "exp", "switch", "cast_to_float32", "transpose", "sum_axis0", "sum_all",
               "max_axis0_keepdims", "prod_axis1", "reshape", "index_column", "slice_negative_step",
               "inc_subtensor", "concatenate_axis1", "alloc", "dot_matrix_vector",
               "dot_matrix_matrix"]


class ViewFunctions(SpecFunctions):
    """The default case of several specs in one graph (one compile per memory layout)."""

    def __init__(self, specs):
        self.parts = [(spec, spec.shapes or cases(spec)[-1][1], spec.dtypes) for spec in specs]
        inputs, outputs = [], []
        for spec, shapes, dtypes in self.parts:
            variables = make_variables(spec, shapes, dtypes)
            inputs += variables
            outputs.append(spec.build(*variables))
        self.variants = [(shapes, dtypes) for _, shapes, dtypes in self.parts]
        self.spec = specs[0]
        self.numba = algrad.function(inputs, outputs, mode="numba", optimizer=None)
        self.numpy = algrad.function(inputs, outputs, mode="numpy", optimizer=None)

    def values(self, rng, shape_map=None):
        return [v for spec, shapes, dtypes in self.parts
                for v in sample_values(spec, shapes, rng, dtypes)]


@pytest.fixture(scope="module")
def view_functions():
    return ViewFunctions([next(s for s in SPECS if s.name == name) for name in _VIEW_SPECS])


@pytest.mark.parametrize("view", ["strided", "transposed"])
def test_ops_on_non_contiguous_views(view, view_functions, rng):
    values = view_functions.values(rng)
    if view == "strided":
        values = [_strided(v) for v in values]
    else:  # a Fortran-ordered copy: its transpose is C-contiguous, itself is not
        values = [np.asfortranarray(v) if np.ndim(v) >= 2 else v for v in values]
    assert any(np.ndim(v) and not v.flags.c_contiguous for v in values)
    view_functions.check(values, view)


# -- the table -------------------------------------------------------------------------

def test_lowering_table_covers_every_op():
    from algrad.lowering.table import LOWERINGS
    missing = [key for key in all_op_keys() if key not in LOWERINGS]
    assert not missing, f"ops without a Numba lowering: {missing}"


class _Unlowered(Op):
    """An op that only has a NumPy implementation."""

    def make_node(self, x):
        from algrad.graph import apply_node
        return apply_node(self, [x], [x.type])

    def perform(self, node, inputs):
        return [inputs[0] * 3]


def test_missing_lowering_names_the_op():
    x = T.dvector("x")
    y = _Unlowered()(T.exp(x))
    with pytest.raises(MissingLoweringError, match="_unlowered"):
        algrad.function([x], y, mode="numba", optimizer=None)
    with pytest.warns(UserWarning, match="_unlowered"):  # the default mode falls back, and says so
        f = algrad.function([x], y, optimizer=None)
    np.testing.assert_allclose(f([0.0, 1.0]), 3 * np.exp([0.0, 1.0]))


# -- fusion, dtypes, errors ---------------------------------------------------------------

def _loops(source):
    return source.count("for i0 in range(")


def test_reduction_of_an_elementwise_expression_is_one_loop_without_temporaries():
    x = T.dmatrix("x")
    f = algrad.function([x], T.sum(T.exp(x) * 2 + x), mode="numba", optimizer=None)
    assert _loops(f.source) == 1 and "np.empty" not in f.source
    values = np.random.default_rng(0).normal(size=(5, 4))
    np.testing.assert_allclose(f(values), np.sum(np.exp(values) * 2 + values), rtol=1e-12)


def test_logistic_gradient_is_one_fused_loop():
    # the seed's logistic: once the fill of the cost is folded, one loop computes it
    x = T.dmatrix("x")
    gs = T.grad(T.sum(1 / (1 + T.exp(-x))), x)
    f = algrad.function([x], gs, mode="numba")
    assert _loops(f.source) == 1, f.source
    values = np.random.default_rng(1).normal(size=(7, 3))
    expected = np.exp(-values) / (1 + np.exp(-values)) ** 2
    np.testing.assert_allclose(f(values), expected, rtol=1e-12)


def test_a_value_and_its_gradient_share_one_loop():
    # what an optimizer compiles: the forward values are used by both outputs, in one pass
    x = T.dvector("x")
    y = x
    for _ in range(4):
        y = T.sin(y) + x
    cost = T.sum(y)
    f = algrad.function([x], [cost, T.grad(cost, x)], mode="numba")
    assert len(plan([x], f.maker.fgraph.outputs)) == 1
    kernel = f.source[f.source.index("def kernel("):].split("def kernel_parallel(")[0]
    assert kernel.count("np.empty") == 1, kernel  # the gradient; no temporaries
    values = np.array([0.1, -0.7, 2.0])
    reference = algrad.function([x], [cost, T.grad(cost, x)], mode="numpy")(values)
    for got, expected in zip(f(values), reference):
        np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_regions_joined_only_when_no_path_leaves_one_and_enters_the_other():
    # exp(x) feeds its sum, and the sum scales a second elementwise region that also reads
    # exp(x): one loop cannot do both, since the second needs the finished sum
    x = T.dvector("x")
    e = T.exp(x)
    out = T.sin(e) * T.sum(e)
    f = algrad.function([x], out, mode="numba", optimizer=None)
    assert [type(u).__name__ for u in plan([x], [out])] == ["Loop", "Loop"]
    values = np.array([0.3, -1.2])
    np.testing.assert_allclose(f(values), np.sin(np.exp(values)) * np.exp(values).sum(), rtol=1e-12)


def test_regions_joined_only_when_the_loops_stay_in_order():
    # the scalar region of d/ds reads sum(g(u)), and the vector region of d/du reads a scalar
    # value of s: joining the scalar regions, then the vector ones, made two loops that each
    # read a value of the other
    s, u = T.dscalar("s"), T.dvector("u")
    out = T.arccos(0.9 * T.tanh(s)) / (2 + T.cos(u))
    grads = T.grad(T.sum(out * T.constant([1.0, -1.0])), [s, u])
    f = algrad.function([s, u], grads, mode="numba")
    values = (0.4, np.array([0.3, -1.1]))
    reference = algrad.function([s, u], grads, mode="numpy")(*values)
    for got, expected in zip(f(*values), reference):
        np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_a_reduction_of_a_reduction_gets_a_loop_of_its_own():
    # the inner sum is complete only after its loop, and has a lower rank than that loop
    A = T.dmatrix("A")
    out = T.max(T.sum(A, axis=1)) + T.sum(T.sum(A, axis=0))
    assert [u.ndim for u in plan([A], [out]) if type(u).__name__ == "Loop"][:2] == [2, 1]
    values = np.arange(6.0).reshape(2, 3)
    f = algrad.function([A], out, mode="numba", optimizer=None)
    np.testing.assert_allclose(f(values), values.sum(axis=1).max() + values.sum(), rtol=1e-12)


def test_float32_stays_float32():
    x = T.fmatrix("x")
    y = T.sum(T.exp(x) * 2.0 + 1, axis=0) / 3
    f = algrad.function([x], [y, T.grad(T.sum(y), x)], mode="numba", optimizer=None)
    assert "float64" not in f.source
    values = np.random.default_rng(2).normal(size=(3, 4)).astype("float32")
    got = f(values)
    assert [g.dtype for g in got] == [np.float32, np.float32]
    np.testing.assert_allclose(got[0], (np.exp(values) * 2 + 1).sum(0) / 3, rtol=2e-6)


def test_results_are_fresh_arrays():
    x = T.dvector("x")
    f = algrad.function([x], [x, x.T, x[1:], x], mode="numba", optimizer=None)
    values = np.arange(3.0)
    results = f(values)
    for r in results:
        assert not np.shares_memory(r, values)
    assert not np.shares_memory(results[0], results[3])


def test_runtime_broadcast_mismatch_names_the_op():
    a, b = T.dmatrix("a"), T.dmatrix("b")
    f = algrad.function([a, b], T.exp(a) + b, mode="numba", optimizer=None)
    with pytest.raises(ShapeError, match=r"add: input 1 has length 3 along axis 1 .* length 2"):
        f(np.ones((2, 2)), np.ones((2, 3)))
    with pytest.raises(ShapeError, match="only axes declared with static length 1 broadcast"):
        f(np.ones((2, 3)), np.ones((1, 3)))  # a run-time length 1 is not a broadcastable axis


def test_index_out_of_bounds_is_an_index_error():
    x, i = T.dmatrix("x"), T.lscalar("i")
    f = algrad.function([x, i], x[i, -1], mode="numba", optimizer=None)
    assert f(np.eye(3), -3) == 0.0
    with pytest.raises(IndexError, match="index 3 is out of bounds for axis 0 with length 3"):
        f(np.eye(3), 3)
    with pytest.raises(IndexError, match="index -1 is out of bounds for axis 1 with length 0"):
        f(np.zeros((3, 0)), 0)


def test_slice_step_zero_and_bad_reshape_and_dot_shapes():
    x, k = T.dvector("x"), T.lscalar("k")
    f = algrad.function([x, k], [x[::k], T.reshape(x, (k, -1)), T.dot(x, x[1:])], mode="numba",
                        optimizer=None)
    with pytest.raises(ValueError, match="slice step cannot be zero"):
        f(np.ones(4), 0)
    with pytest.raises(ShapeError, match="cannot reshape an array of size 4"):
        f(np.ones(4), 3)
    with pytest.raises(ShapeError, match=r"dot: the inner lengths do not fit \(4 != 3\)"):
        f(np.ones(4), 2)


def test_max_of_an_empty_axis_raises():
    x = T.dmatrix("x")
    f = algrad.function([x], T.max(x, axis=1), mode="numba", optimizer=None)
    np.testing.assert_array_equal(f(np.zeros((0, 3))), np.zeros(0))
    with pytest.raises(ValueError, match="max over axis 1, which has length 0"):
        f(np.zeros((2, 0)))


def test_integer_division_by_zero_gives_zero_as_numpy():
    a, b = T.lvector("a"), T.lvector("b")
    f = algrad.function([a, b], [a // b, a % b], mode="numba", optimizer=None)
    with np.errstate(all="ignore"):
        expected = [np.floor_divide([7, -7], [0, 0]), np.mod([7, -7], [0, 0])]
    for got, want in zip(f([7, -7], [0, 0]), expected):
        np.testing.assert_array_equal(got, want)


def test_wrong_arguments_are_input_errors():
    x = T.dmatrix("x")
    f = algrad.function([x], T.exp(x), mode="numba", optimizer=None)
    with pytest.raises(InputError, match="rank 2"):
        f(np.ones(3))
    with pytest.raises(InputError, match="takes 1 argument"):
        f(np.ones((2, 2)), np.ones((2, 2)))
    np.testing.assert_allclose(f(np.ones((2, 2), dtype="float32")), np.exp(np.ones((2, 2))))


def test_the_seed_examples_in_numba_mode():
    x = T.dscalar("x")
    f = algrad.function([x], T.grad(x ** 2, x), mode="numba")
    assert f(4) == np.array(8.0) and f(4).dtype == np.float64
    assert np.allclose(f(94.2), 188.4)
    x = T.dmatrix("x")
    dlogistic = algrad.function([x], T.grad(T.sum(1 / (1 + T.exp(-x))), x), mode="numba")
    np.testing.assert_allclose(dlogistic([[0, 1], [-1, -2]]),
                               [[0.25, 0.19661193], [0.19661193, 0.10499359]], atol=5e-9)
    x, v = T.dvector("x"), T.dvector("v")
    gy = T.grad(T.sum(x ** 2), x)
    vH = algrad.function([x, v], T.grad(T.sum(gy * v), x), mode="numba")
    np.testing.assert_allclose(vH([4, 4], [2, 2]), [4.0, 4.0])
    W, x, v = T.dmatrix("W"), T.dvector("x"), T.dvector("v")
    VJ = algrad.function([v, x], T.Lop(T.dot(x, W), W, v), mode="numba")
    np.testing.assert_allclose(VJ([2, 2], [0, 1]), [[0.0, 0.0], [2.0, 2.0]])


def test_calls_from_several_threads():
    from concurrent.futures import ThreadPoolExecutor
    x = T.dvector("x")
    f = algrad.function([x], T.sum(T.sin(x) ** 2), mode="numba", optimizer=None)
    inputs = [np.random.default_rng(k).normal(size=1000) for k in range(16)]
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(f, inputs))
    for values, got in zip(inputs, results):
        np.testing.assert_allclose(got, np.sum(np.sin(values) ** 2), rtol=1e-12)


def test_first_calls_from_several_threads_at_once(tmp_path, monkeypatch):
    # the first call compiles (or loads): threads arriving together all get the right value
    import threading
    monkeypatch.setenv("ALGRAD_CACHE_DIR", str(tmp_path))
    x = T.dvector("x")
    f = algrad.function([x], T.sum(T.cos(x) * 3.25 + x), mode="numba")
    inputs = [np.random.default_rng(k).normal(size=50) for k in range(4)]
    barrier, results = threading.Barrier(4), [None] * 4

    def call(k):
        barrier.wait()
        results[k] = f(inputs[k])
    threads = [threading.Thread(target=call, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for values, got in zip(inputs, results):
        np.testing.assert_allclose(got, np.sum(np.cos(values) * 3.25 + values), rtol=1e-12)


def _numpy_rosenbrock_gradient(x):
    d = x[1:] - x[:-1] ** 2
    g = np.zeros_like(x)
    g[1:] += 200 * d
    g[:-1] += -400 * d * x[:-1] - 2 * (1 - x[:-1])
    return g


@pytest.mark.parametrize("optimizer", ["default", None])
def test_rosenbrock_gradient_is_one_loop_adding_into_one_buffer(optimizer):
    x = T.dvector("x")
    cost = T.sum(100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)
    g = algrad.function([x], T.grad(cost, x), mode="numba", optimizer=optimizer)
    if optimizer is not None:  # unoptimized, the cost is computed too, for fill(cost, 1.0)
        kernel = g.source[g.source.index("def kernel("):].split("def kernel_parallel(")[0]
        # one buffer, each element stored once: no `+=` carried from one iteration to the next
        assert _loops(kernel) == 1 and kernel.count("np.empty") == 1 and "+=" not in kernel, kernel
    for n in (1, 2, 7):
        values = np.random.default_rng(n).normal(size=n)
        np.testing.assert_allclose(g(values), _numpy_rosenbrock_gradient(values), rtol=1e-12, atol=1e-12)


def test_overlapping_incs_into_zeros_add_up():
    x = T.dvector("x")
    y = T.exp(x[1:])
    parts = T.inc_subtensor(T.zeros_like(x)[1:], y) + T.inc_subtensor(T.zeros_like(x)[:-1], 2 * y)
    total = parts + T.inc_subtensor(T.zeros_like(x)[::2], x[::2] * 3)
    f = algrad.function([x], [parts, total], mode="numba", optimizer=None)
    reference = algrad.function([x], [parts, total], mode="numpy", optimizer=None)
    values = np.random.default_rng(3).normal(size=6)
    for got, want in zip(f(values), reference(values)):
        np.testing.assert_allclose(got, want, rtol=1e-12)


@pytest.mark.parametrize("starts", [(0, 1), (1, 0), (2, 0, 1), (0, 0), (3,), (0, 2, 2, 5)],
                         ids=lambda s: "starts" + "_".join(map(str, s)))
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_incs_at_fixed_distances_are_stored_once_each(starts, dtype):
    # the stencil pattern of gradients of sums over x[1:], x[:-1]: values kept in registers
    span = max(starts)
    x = T.vector("x", dtype=dtype)
    values = [T.exp(x[:-span] if span else x) * (k + 1) for k in range(len(starts))]
    out = T.zeros_like(x)
    for start, value in zip(starts, values):
        out = T.inc_subtensor(out[start:start - span if start < span else None], value)
    f = algrad.function([x], out, mode="numba", optimizer=None)
    reference = algrad.function([x], out, mode="numpy", optimizer=None)
    kernel = f.source[f.source.index("def kernel("):].split("def kernel_parallel(")[0]
    assert "+=" not in kernel, kernel
    rtol = 1e-6 if dtype == "float32" else 1e-14
    for n in range(span, span + 5):  # down to an empty loop
        arg = np.random.default_rng(n).normal(size=n).astype(dtype)
        got = f(arg)
        assert got.dtype == dtype
        np.testing.assert_allclose(got, reference(arg), rtol=rtol)


def test_incs_with_a_step_or_a_symbolic_start_keep_adding_in_place():
    x, k = T.dvector("x"), T.lscalar("k")
    strided = T.inc_subtensor(T.zeros_like(x)[::2], T.exp(x[::2]))
    moved = T.inc_subtensor(T.zeros_like(x)[k:k + 3], T.exp(x[:3]))
    for inputs, out, args in (([x], strided, ([0.5, 1.0, -2.0, 3.0, 0.1],)),
                              ([x, k], moved, ([0.5, 1.0, -2.0, 3.0, 0.1], 2))):
        f = algrad.function(inputs, out, mode="numba", optimizer=None)
        np.testing.assert_allclose(
            f(*args), algrad.function(inputs, out, mode="numpy", optimizer=None)(*args), rtol=1e-14)


def test_inc_subtensor_of_a_broadcast_value_is_not_scattered():
    x, s = T.dmatrix("x"), T.dscalar("s")
    y = T.inc_subtensor(T.zeros_like(x)[:, 1:], T.exp(s))
    f = algrad.function([x, s], y, mode="numba", optimizer=None)
    expected = np.zeros((2, 3))
    expected[:, 1:] += np.exp(0.5)
    np.testing.assert_allclose(f(np.ones((2, 3)), 0.5), expected, rtol=1e-12)


def test_parallel_kernel_above_the_threshold(monkeypatch):
    monkeypatch.setenv("ALGRAD_PARALLEL_THRESHOLD", "50")
    x, y = T.dmatrix("x"), T.dvector("y")
    outputs = [T.exp(x) * y, T.sum(T.sin(x), axis=1), T.max(x, axis=0)]
    f = algrad.function([x, y], outputs, mode="numba", optimizer=None)
    assert "prange(" in f.source and f.program.parallel_kernel is not None
    rng = np.random.default_rng(5)
    for rows in (3, 40):  # 12 elements run serially, 160 in parallel
        values = [rng.normal(size=(rows, 4)), rng.normal(size=4)]
        expected = [np.exp(values[0]) * values[1], np.sin(values[0]).sum(1), values[0].max(0)]
        for got, want in zip(f(*values), expected):
            np.testing.assert_allclose(got, want, rtol=1e-12)
    assert f.program.parallel_kernel.signatures and f.program.kernel.signatures


def test_logistic_gradient_loop_compiles_to_simd_code():
    # machine code of the kernel compiled in memory (Numba does not show cached code)
    import re
    from algrad.lowering.program import compile_in_memory
    x = T.dmatrix("x")
    f = algrad.function([x], T.grad(T.sum(1 / (1 + T.exp(-x))), x), mode="numba")
    kernel, _ = compile_in_memory(f.source)
    kernel(np.zeros((2, 2)))
    asm = kernel.inspect_asm(kernel.signatures[0])
    # packed double-precision division: the loop body runs on several elements at once
    assert re.search(r"\bv?divpd\b", asm), "the logistic gradient loop did not vectorize"


def test_scalar_kernels_call_libm_and_vector_loops_the_vectorizable_functions():
    x, s = T.dvector("x"), T.dscalar("s")
    vector = algrad.function([x], T.exp(x) * T.sin(x), mode="numba")
    scalar = algrad.function([s], T.exp(s) * T.sin(s), mode="numba")
    assert "vm.vm_exp(" in vector.source and "vm.vm_" not in scalar.source
    assert "np.exp(" in scalar.source
    np.testing.assert_allclose(scalar(0.3), np.exp(0.3) * np.sin(0.3), rtol=1e-15)


def test_a_kernel_with_many_transcendental_calls_calls_libm(monkeypatch):
    # inlining hundreds of vectorizable bodies makes LLVM's compile time explode
    from algrad.lowering import codegen
    monkeypatch.setattr(codegen, "MAX_INLINED_CALLS", 3)
    x = T.dvector("x")
    y = x
    for _ in range(4):
        y = T.sin(y) + x
    source, _ = codegen.generate([x], [y])
    kernel = source[source.index("def kernel("):].split("def kernel_parallel(")[0]
    assert "vm.vm_" not in source and kernel.count("np.sin(") == 4
    source, _ = codegen.generate([x], [T.sin(T.sin(x))])
    kernel = source[source.index("def kernel("):].split("def kernel_parallel(")[0]
    assert kernel.count("vm.vm_sin(") == 2
