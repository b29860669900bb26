"""An op defined outside algrad, with no Numba lowering: the default mode says so and still runs."""
import numpy as np
import pytest

import algrad
import algrad.tensor as T
from algrad.graph import apply_node
from algrad.ops.base import Op


class Twice(Op):
    def make_node(self, x):
        return apply_node(self, [x], [x.type])

    def perform(self, node, inputs):
        return [2 * inputs[0]]


def test_default_mode_warns_and_runs_on_the_reference():
    x = T.dvector("x")
    with pytest.warns(UserWarning, match="no lowering for twice"):
        f = algrad.function([x], Twice()(x) + 1)
    assert f.maker.mode == "numpy"
    np.testing.assert_array_equal(f([1.0, 2.0]), [3.0, 5.0])


def test_asking_for_numba_raises_naming_the_op():
    x = T.dvector("x")
    with pytest.raises(algrad.MissingLoweringError, match="twice"):
        algrad.function([x], Twice()(x), mode="numba")


def test_a_graph_too_large_to_compile_runs_on_the_reference_with_a_warning(monkeypatch, tmp_path):
    from algrad import lowering
    monkeypatch.setattr(lowering, "MAX_KERNEL_NODES", 10)
    # an empty cache: a kernel already compiled (by mode='numba') is loaded whatever its size
    monkeypatch.setenv("ALGRAD_CACHE_DIR", str(tmp_path))
    x = T.dvector("x")
    y = x
    for _ in range(8):
        y = T.sin(y) + x
    with pytest.warns(UserWarning, match=r"has 1\d nodes, more than the 10 .*mode='numba'"):
        f = algrad.function([x], y)
    assert f.mode == "numpy" and f.source is None
    values = np.array([0.2, -1.0])
    expected = values
    for _ in range(8):
        expected = np.sin(expected) + values
    np.testing.assert_allclose(f(values), expected, rtol=1e-12)
    # asked for by name, the backend compiles it all the same
    assert algrad.function([x], y, mode="numba").mode == "numba"
