"""Forward mode (Rop) against reverse mode (Lop) and finite differences on random graphs."""
import numpy as np
import pytest

import algrad
import algrad.tensor as T
from random_graphs import central_difference, make_inputs, random_values, random_vector_expression

SEEDS = range(25)


@pytest.mark.parametrize("seed", SEEDS)
def test_rop_and_lop_agree_on_random_graphs(seed):
    """<v, J u> computed forward equals <J^T v, u> computed backward."""
    rng = np.random.default_rng(seed)
    inputs = make_inputs()
    y = random_vector_expression(rng, inputs)
    names = list(inputs)
    wrt = [inputs[n] for n in names]
    u = [T.tensor("float64", shape=(None,) * v.ndim, name=f"u_{n}") for n, v in inputs.items()]
    v = T.dvector("v")
    Ju = T.Rop(y, wrt, u)
    JTv = T.Lop(y, wrt, v, disconnected_inputs="ignore")
    f = algrad.function(wrt + u + [v], [Ju] + JTv, mode="numpy")
    values = random_values(rng, inputs)
    tangents = [rng.normal(size=values[n].shape) for n in names]
    cot = rng.normal(size=3)
    Ju_val, *JTv_vals = f(*[values[n] for n in names], *tangents, cot)
    forward = float(np.dot(cot, Ju_val))
    backward = float(sum(np.sum(g * t) for g, t in zip(JTv_vals, tangents)))
    assert forward == pytest.approx(backward, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("seed", SEEDS[:10])
def test_rop_matches_finite_differences(seed):
    rng = np.random.default_rng(100 + seed)
    inputs = make_inputs()
    y = random_vector_expression(rng, inputs)
    x = inputs["x"]
    u = T.dvector("u")
    others = [inputs[n] for n in ("y", "s", "M")]
    f_y = algrad.function([x] + others, y, mode="numpy", on_unused_input="ignore")
    f_Ju = algrad.function([x, u] + others, T.Rop(y, x, u), mode="numpy")
    values = random_values(rng, inputs)
    direction = rng.normal(size=3)
    J = central_difference(lambda vals: f_y(vals["x"], *[vals[n] for n in ("y", "s", "M")]),
                           values, "x")
    expected = J @ direction
    got = f_Ju(values["x"], direction, *[values[n] for n in ("y", "s", "M")])
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-7)


def test_rop_broadcasts_a_tangent_to_the_output_shape():
    s = T.dscalar("s")
    x = T.dvector("x")
    ds = T.dscalar("ds")
    f = algrad.function([s, x, ds], T.Rop(s + x, s, ds), mode="numpy")
    np.testing.assert_array_equal(f(1.0, [1, 2, 3], 2.0), [2.0, 2.0, 2.0])


def test_rop_of_an_expression_that_does_not_depend_on_wrt_is_zero():
    x, y, u = T.dvector("x"), T.dvector("y"), T.dvector("u")
    f = algrad.function([x, y, u], T.Rop(T.sin(y), x, u), mode="numpy")
    np.testing.assert_array_equal(f([1, 2], [3, 4], [1, 1]), [0.0, 0.0])


def test_rop_checks_the_eval_point_rank():
    x = T.dvector("x")
    with pytest.raises(algrad.ShapeError, match="rank"):
        T.Rop(x ** 2, x, T.dmatrix("V"))


def test_rop_lists():
    x, y, u, w = T.dvector("x"), T.dvector("y"), T.dvector("u"), T.dvector("w")
    out = T.Rop([x * y, T.sin(x)], [x, y], [u, w])
    f = algrad.function([x, y, u, w], out, mode="numpy")
    a, b = f([1.0, 2.0], [3.0, 4.0], [1.0, 0.5], [2.0, 1.0])
    np.testing.assert_allclose(a, [1 * 3 + 1 * 2, 0.5 * 4 + 2 * 1])
    np.testing.assert_allclose(b, np.cos([1.0, 2.0]) * [1.0, 0.5])
