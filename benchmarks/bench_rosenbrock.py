"""Rosenbrock f(x) = sum(100 (x[1:] - x[:-1]^2)^2 + (1 - x[:-1])^2) and its gradient.

For N = 10^3, 10^4, 10^6: algrad's f and gradient against hand-written
@njit loops, and JAX / PyTensor when importable.  Targets (issue 4): the
gradient at most 3x f (the cheap-gradient principle), 1.5x the hand-written
@njit gradient, and 0.5x JAX and PyTensor.
"""
from __future__ import annotations

import numpy as np

from .common import median_time, optional_module, print_table, print_targets

SIZES = (10 ** 3, 10 ** 4, 10 ** 6)


def numpy_gradient(x):
    d = x[1:] - x[:-1] ** 2
    g = np.zeros_like(x)
    g[1:] += 200 * d
    g[:-1] += -400 * d * x[:-1] - 2 * (1 - x[:-1])
    return g


def njit_functions():
    from numba import njit

    @njit
    def cost(x):
        total = 0.0
        for i in range(x.shape[0] - 1):
            d = x[i + 1] - x[i] * x[i]
            e = 1.0 - x[i]
            total += 100.0 * d * d + e * e
        return total

    @njit
    def gradient(x):
        g = np.zeros_like(x)
        for i in range(x.shape[0] - 1):
            d = x[i + 1] - x[i] * x[i]
            g[i] += -400.0 * d * x[i] - 2.0 * (1.0 - x[i])
            g[i + 1] += 200.0 * d
        return g
    return cost, gradient


def algrad_functions():
    import algrad
    import algrad.tensor as T
    x = T.dvector("x")
    cost = T.sum(100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)
    return algrad.function([x], cost), algrad.function([x], T.grad(cost, x))


def rival_rows(values):
    rows = []
    jax = optional_module("jax")
    if jax is not None:
        jax.config.update("jax_enable_x64", True)
        jnp = jax.numpy

        def cost(x):
            return jnp.sum(100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)
        grad = jax.jit(jax.grad(cost))
        device_x = jnp.asarray(values)
        rows.append(("JAX grad", median_time(lambda: grad(device_x).block_until_ready())))
    pytensor = optional_module("pytensor")
    if pytensor is not None:
        pt = pytensor.tensor
        x = pt.dvector("x")
        g = pytensor.grad(pt.sum(100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2), x)
        for mode in ("NUMBA", "FAST_RUN"):
            try:
                rows.append((f"PyTensor {mode} grad", median_time(pytensor.function([x], g, mode=mode),
                                                                 values)))
            except Exception as exc:
                print(f"  (PyTensor {mode} unavailable: {type(exc).__name__})")
    return rows


def run():
    f, grad = algrad_functions()
    cost, gradient = njit_functions()
    for n in SIZES:
        values = np.random.default_rng(n).uniform(-2, 2, size=n)
        np.testing.assert_allclose(grad(values), numpy_gradient(values), rtol=1e-10, atol=1e-8)
        np.testing.assert_allclose(f(values), cost(values), rtol=1e-10)
        rows = [("algrad grad", median_time(grad, values)),
                ("algrad f", median_time(f, values)),
                ("@njit grad", median_time(gradient, values)),
                ("@njit f", median_time(cost, values)),
                ("NumPy grad", median_time(numpy_gradient, values))]
        rows += rival_rows(values)
        print_table(f"Rosenbrock, N = {n}, median per call:", rows, reference="algrad grad")
        times = dict(rows)
        ours = times["algrad grad"]
        checks = [("algrad grad / algrad f", ours / times["algrad f"], 3.0),
                  ("algrad grad / @njit grad", ours / times["@njit grad"], 1.5)]
        for name in times:
            if name.startswith(("JAX", "PyTensor")):
                checks.append((f"algrad grad / {name}", ours / times[name], 0.5))
        print_targets(checks)
