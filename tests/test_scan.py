"""scan: Theano's semantics, and derivatives through loops against finite differences."""
import numpy as np
import pytest

import algrad
import algrad.tensor as T


def numeric_grad(f, x, eps=1e-6):
    x = np.asarray(x, dtype=float)
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        p, m = x.copy(), x.copy()
        p[i] += eps
        m[i] -= eps
        g[i] = (f(p) - f(m)) / (2 * eps)
    return g


def cumprod(a):
    p, updates = algrad.scan(lambda v, prev: prev * v, sequences=a, outputs_info=T.constant(1.0))
    assert updates == {}
    return p


def test_cumulative_product_and_its_gradient():
    a = T.dvector("a")
    p = cumprod(a)
    f = algrad.function([a], [p, T.grad(T.sum(p * [1.0, -2.0, 0.5, 3.0]), a)], mode="numpy")
    av = np.array([0.7, -1.3, 2.0, 0.4])
    values, g = f(av)
    np.testing.assert_allclose(values, np.cumprod(av))
    expected = numeric_grad(lambda v: np.sum(np.cumprod(v) * [1.0, -2.0, 0.5, 3.0]), av)
    np.testing.assert_allclose(g, expected, rtol=1e-7)


def test_power_by_repeated_multiplication():
    b, k = T.dscalar("b"), T.lscalar("k")
    powers, _ = algrad.scan(lambda prev, b: prev * b, outputs_info=T.ones_like(b), non_sequences=b,
                            n_steps=k)
    f = algrad.function([b, k], [powers, T.grad(powers[-1], b), T.grad(T.grad(powers[-1], b), b)],
                        mode="numpy")
    values, d1, d2 = f(1.5, 5)
    np.testing.assert_allclose(values, 1.5 ** np.arange(1, 6))
    assert d1 == pytest.approx(5 * 1.5 ** 4)
    assert d2 == pytest.approx(20 * 1.5 ** 3)


def test_recurrence_with_a_matrix_state_and_several_sequences():
    W = T.dmatrix("W")
    xs = T.dmatrix("xs")
    h0 = T.dvector("h0")

    def step(x_t, h_prev, W):
        return T.tanh(T.dot(W, h_prev) + x_t)

    hs, _ = algrad.scan(step, sequences=xs, outputs_info=h0, non_sequences=W)
    cost = T.sum(hs[-1] ** 2) + T.sum(hs)
    f = algrad.function([W, xs, h0], [cost] + T.grad(cost, [W, xs, h0]), mode="numpy")
    rng = np.random.default_rng(0)
    Wv, xv, hv = rng.normal(size=(3, 3)) * 0.5, rng.normal(size=(4, 3)), rng.normal(size=3)

    def reference(Wv, xv, hv):
        h, total = hv, 0.0
        for x_t in xv:
            h = np.tanh(Wv @ h + x_t)
            total += h.sum()
        return total + np.sum(h ** 2)

    c, gW, gx, gh = f(Wv, xv, hv)
    assert c == pytest.approx(reference(Wv, xv, hv))
    np.testing.assert_allclose(gW, numeric_grad(lambda w: reference(w, xv, hv), Wv), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(gx, numeric_grad(lambda x: reference(Wv, x, hv), xv), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(gh, numeric_grad(lambda h: reference(Wv, xv, h), hv), rtol=1e-6, atol=1e-8)


def test_forward_mode_through_a_recurrence():
    a, u = T.dvector("a"), T.dvector("u")
    p = cumprod(a)
    f = algrad.function([a, u], T.Rop(p, a, u), mode="numpy")
    av, uv = np.array([0.5, 2.0, -1.5]), np.array([1.0, -1.0, 0.25])
    J = np.stack([numeric_grad(lambda v, i=i: np.cumprod(v)[i], av) for i in range(3)])
    np.testing.assert_allclose(f(av, uv), J @ uv, rtol=1e-7)


def test_outputs_without_initial_state_and_mixed_outputs():
    x = T.dvector("x")

    def step(v, total):
        return [total + v, v ** 2]

    (running, squares), _ = algrad.scan(step, sequences=x, outputs_info=[T.constant(0.0), None])
    f = algrad.function([x], [running, squares], mode="numpy")
    r, s = f([1.0, 2.0, 3.0])
    np.testing.assert_array_equal(r, [1.0, 3.0, 6.0])
    np.testing.assert_array_equal(s, [1.0, 4.0, 9.0])


def test_go_backwards_and_shortest_sequence_sets_the_length():
    a, b = T.dvector("a"), T.dvector("b")
    out, _ = algrad.scan(lambda u, v: u * v, sequences=[a, b], go_backwards=False)
    back, _ = algrad.scan(lambda u: u, sequences=a, go_backwards=True)
    f = algrad.function([a, b], [out, back], mode="numpy")
    o, bk = f([1.0, 2.0, 3.0], [10.0, 20.0])
    np.testing.assert_array_equal(o, [10.0, 40.0])
    np.testing.assert_array_equal(bk, [3.0, 2.0, 1.0])


def test_errors_are_clear():
    x = T.dvector("x")
    with pytest.raises(ValueError, match="n_steps"):
        algrad.scan(lambda: x)
    with pytest.raises(algrad.ShapeError, match="scalar"):
        algrad.scan(lambda v: v, sequences=T.dscalar("s"))
    with pytest.raises(TypeError, match="dtype"):
        algrad.scan(lambda prev: prev * 2.5, outputs_info=T.constant(1), n_steps=3)
    with pytest.raises(algrad.ShapeError, match="rank"):
        algrad.scan(lambda prev: T.stack([prev, prev]), outputs_info=T.constant(1.0), n_steps=3)
