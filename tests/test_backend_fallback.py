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
