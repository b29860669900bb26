"""verify_grad passes right gradients and reports wrong ones with the place and the values."""
import numpy as np
import pytest

import algrad.tensor as T
from algrad.graph import apply_node
from algrad.gradient import GradientError, verify_grad
from algrad.ops.base import Op


class SquareWithWrongGradient(Op):
    """x ** 2 whose reverse rule claims 3x: what verify_grad is for."""

    def make_node(self, x):
        return apply_node(self, [x], [x.type])

    def perform(self, node, inputs):
        return [inputs[0] ** 2]

    def vjp(self, node, y_bars, needed):
        return [y_bars[0] * 3 * node.inputs[0]]


@pytest.mark.parametrize("fun, point", [
    (lambda x: T.sin(x) * T.exp(x), [np.array([0.3, -1.2, 2.0])]),
    (lambda A, v: T.dot(A, v) ** 2, [np.arange(6.0).reshape(2, 3) / 7, np.array([1.0, -0.5, 0.25])]),
    (lambda x: T.prod(x), [np.array([1.5, -2.0, 0.5])]),
    (lambda s: T.tanh(s) / (1 + s ** 2), [np.array(0.7)]),
])
def test_right_gradients_pass(fun, point):
    verify_grad(fun, point, rng=0, mode="numpy")


def test_a_wrong_gradient_is_reported_with_its_place_and_values():
    with pytest.raises(GradientError) as info:
        verify_grad(lambda x: SquareWithWrongGradient()(x), [np.array([1.0, 2.0])], rng=0,
                    mode="numpy")
    err = info.value
    assert err.arg == 0
    assert err.analytic == pytest.approx(1.5 * err.numeric, rel=1e-4)
    assert "argument 0" in str(err) and "finite differences" in str(err)


def test_float32_uses_a_larger_step():
    verify_grad(lambda x: T.cos(x) * x, [np.array([0.5, 1.0], dtype="float32")], rng=1, mode="numpy")


def test_pt_must_be_a_list():
    with pytest.raises(TypeError, match="list"):
        verify_grad(lambda x: x, np.array([1.0]))
