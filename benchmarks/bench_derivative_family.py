"""Jacobians, Hessians and Hessian-vector products (issue 5), each against baselines in the same run.

- Jacobian of y = x**2, N = 5000: dense against NumPy's ``np.diag(2*x)``,
  ``sparse=True`` against the dense time, and the seed's scan formulation.
- Hessian of Rosenbrock: N = 1000 dense against a hand-written @njit dense
  Hessian and the scan formulation; N = 10^5 sparse against one gradient.
- Hessian-vector product of Rosenbrock, N = 10^6, against evaluating f.
JAX columns appear when JAX is importable (never a dependency).
"""
from __future__ import annotations

import numpy as np

from .common import median_time, optional_module, print_table, print_targets


def rosenbrock(x):
    import algrad.tensor as T
    return T.sum(100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)


def njit_rosenbrock_hessian():
    from numba import njit

    @njit
    def hessian(x):
        n = x.shape[0]
        H = np.zeros((n, n))
        for i in range(n - 1):
            H[i, i] += 1200.0 * x[i] * x[i] - 400.0 * x[i + 1] + 2.0
            H[i, i + 1] -= 400.0 * x[i]
            H[i + 1, i] -= 400.0 * x[i]
            H[i + 1, i + 1] += 200.0
        return H
    return hessian


def scan_jacobian(y, x):
    import algrad
    import algrad.tensor as T
    J, _ = algrad.scan(lambda i, y, x: T.grad(y[i], x), sequences=T.arange(y.shape[0]),
                       non_sequences=[y, x])
    return J


def bench_jacobian(n=5000):
    import algrad
    import algrad.tensor as T
    from algrad.gradient import jacobian
    x = T.dvector("x")
    y = x ** 2
    dense = algrad.function([x], jacobian(y, x))
    sparse = algrad.function([x], jacobian(y, x, sparse=True))
    by_scan = algrad.function([x], scan_jacobian(y, x))
    values = np.random.default_rng(0).uniform(-1, 1, n)
    assert np.array_equal(dense(values), np.diag(2 * values))
    rows = [("algrad", median_time(dense, values, repeat=7)),
            ("algrad sparse=True", median_time(sparse, values)),
            ("numpy np.diag(2*x)", median_time(lambda v: np.diag(2 * v), values, repeat=7)),
            ("algrad scan (seed)", median_time(by_scan, values[:500], repeat=3) * (n / 500) ** 2)]
    jax = optional_module("jax")
    if jax is not None:
        jax.config.update("jax_enable_x64", True)
        f = jax.jit(jax.jacfwd(lambda v: v ** 2))
        rows.append(("jax jacfwd", median_time(lambda v: f(v).block_until_ready(), values, repeat=5)))
    print_table(f"Jacobian of x**2, N = {n} (scan row extrapolated from N = 500 as N^2)", rows)
    times = dict(rows)
    print_targets([("dense / np.diag(2*x)", times["algrad"] / times["numpy np.diag(2*x)"], 1.5),
                   ("sparse / dense", times["algrad sparse=True"] / times["algrad"], 1 / 20)])


def bench_hessian(n=1000, n_sparse=10 ** 5):
    import algrad
    import algrad.tensor as T
    from algrad.gradient import hessian
    x = T.dvector("x")
    cost = rosenbrock(x)
    dense = algrad.function([x], hessian(cost, x))
    sparse = algrad.function([x], hessian(cost, x, sparse=True))
    gradient = algrad.function([x], T.grad(cost, x))
    by_scan = algrad.function([x], scan_jacobian(T.grad(cost, x), x))
    handwritten = njit_rosenbrock_hessian()
    values = np.random.default_rng(1).uniform(-1, 1, n)
    np.testing.assert_allclose(dense(values), handwritten(values), rtol=1e-12)
    rows = [("algrad", median_time(dense, values)),
            ("hand-written @njit", median_time(handwritten, values)),
            ("algrad scan (seed)", median_time(by_scan, values, repeat=3))]
    jax = optional_module("jax")
    if jax is not None:
        import jax.numpy as jnp
        jax.config.update("jax_enable_x64", True)
        h = jax.jit(jax.hessian(lambda v: jnp.sum(100 * (v[1:] - v[:-1] ** 2) ** 2 + (1 - v[:-1]) ** 2)))
        rows.append(("jax hessian", median_time(lambda v: h(v).block_until_ready(), values)))
    print_table(f"Hessian of Rosenbrock, N = {n}, dense", rows)
    times = dict(rows)
    big = np.random.default_rng(2).uniform(-1, 1, n_sparse)
    sparse_rows = [("algrad", median_time(sparse, big)), ("one gradient", median_time(gradient, big))]
    print_table(f"Hessian of Rosenbrock, N = {n_sparse}, sparse=True", sparse_rows)
    print_targets([("dense / hand-written", times["algrad"] / times["hand-written @njit"], 2.0),
                   ("sparse / one gradient", sparse_rows[0][1] / sparse_rows[1][1], 5.0)])


def bench_hessian_vector_product(n=10 ** 6):
    import algrad
    import algrad.tensor as T
    from algrad.gradient import hessian_vector_product
    x, v = T.dvector("x"), T.dvector("v")
    cost = rosenbrock(x)
    hvp = algrad.function([x, v], hessian_vector_product(cost, x, v))
    f = algrad.function([x], cost)
    rng = np.random.default_rng(3)
    xs, vs = rng.uniform(-1, 1, n), rng.uniform(-1, 1, n)
    rows = [("algrad", median_time(hvp, xs, vs)), ("f", median_time(f, xs))]
    print_table(f"Hessian-vector product of Rosenbrock, N = {n}", rows)
    print_targets([("hvp / f", rows[0][1] / rows[1][1], 3.0)])


def run():
    bench_jacobian()
    print()
    bench_hessian()
    print()
    bench_hessian_vector_product()


if __name__ == "__main__":
    run()
