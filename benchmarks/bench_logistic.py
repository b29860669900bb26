"""Gradient of sum(1 / (1 + exp(-X))) for a 1000x1000 float64 X.

Baselines measured in the same run: NumPy's hand-written closed form, a
hand-written scalar @njit loop (serial, and with prange on every core), and
JAX / PyTensor when they are importable.  algrad runs its serial kernel by
default, and its prange kernel with ``ALGRAD_PARALLEL_THRESHOLD`` set (both
are shown).  Targets (issue 4): algrad at most 0.5x NumPy, 0.5x the scalar
@njit loop, 1.0x JAX.
"""
from __future__ import annotations

import numpy as np

from .common import median_time, optional_module, print_table, print_targets

SHAPE = (1000, 1000)


def numpy_closed_form(x):
    s = 1.0 / (1.0 + np.exp(-x))
    return s * (1.0 - s)


def njit_loops():
    from numba import njit, prange

    def loop(x):
        out = np.empty_like(x)
        for i in range(x.shape[0]):
            for j in range(x.shape[1]):
                s = 1.0 / (1.0 + np.exp(-x[i, j]))
                out[i, j] = s * (1.0 - s)
        return out

    def parallel_loop(x):
        out = np.empty_like(x)
        for i in prange(x.shape[0]):
            for j in range(x.shape[1]):
                s = 1.0 / (1.0 + np.exp(-x[i, j]))
                out[i, j] = s * (1.0 - s)
        return out
    return njit(loop), njit(parallel=True)(parallel_loop)


def algrad_gradient(parallel_threshold=None):
    """The compiled gradient; with a threshold, calls that large run the prange kernel."""
    import os

    import algrad
    import algrad.tensor as T
    from algrad.lowering.program import PARALLEL_THRESHOLD_VARIABLE
    x = T.dmatrix("x")
    old = os.environ.pop(PARALLEL_THRESHOLD_VARIABLE, None)
    if parallel_threshold is not None:
        os.environ[PARALLEL_THRESHOLD_VARIABLE] = str(parallel_threshold)
    try:
        return algrad.function([x], T.grad(T.sum(1 / (1 + T.exp(-x))), x))
    finally:
        os.environ.pop(PARALLEL_THRESHOLD_VARIABLE, None)
        if old is not None:
            os.environ[PARALLEL_THRESHOLD_VARIABLE] = old


def rivals(values):
    rows = []
    jax = optional_module("jax")
    if jax is not None:
        jax.config.update("jax_enable_x64", True)
        jnp = jax.numpy
        grad = jax.jit(jax.grad(lambda x: jnp.sum(1 / (1 + jnp.exp(-x)))))
        device_x = jnp.asarray(values)
        rows.append(("JAX jit(grad)", median_time(lambda: grad(device_x).block_until_ready())))
    pytensor = optional_module("pytensor")
    if pytensor is not None:
        pt = pytensor.tensor
        x = pt.dmatrix("x")
        g = pytensor.grad(pt.sum(1 / (1 + pt.exp(-x))), x)
        for mode in ("NUMBA", "FAST_RUN"):
            try:
                f = pytensor.function([x], g, mode=mode)
            except Exception as exc:  # a missing C compiler, an old PyTensor
                print(f"  (PyTensor {mode} unavailable: {type(exc).__name__})")
                continue
            rows.append((f"PyTensor {mode}", median_time(f, values)))
    return rows


def run():
    values = np.random.default_rng(0).normal(size=SHAPE)
    f = algrad_gradient()
    np.testing.assert_allclose(f(values), numpy_closed_form(values), rtol=1e-12)
    serial, parallel = njit_loops()
    threaded = algrad_gradient(parallel_threshold=1 << 16)
    rows = [("algrad", median_time(f, values)),
            ("algrad, prange kernel", median_time(threaded, values)),
            ("NumPy closed form", median_time(numpy_closed_form, values)),
            ("@njit scalar loop", median_time(serial, values)),
            ("@njit prange loop", median_time(parallel, values))]
    rows += rivals(values)
    print_table(f"logistic gradient, {SHAPE[0]}x{SHAPE[1]} float64, median per call:", rows)
    times = dict(rows)
    ours = times["algrad"]
    print_targets([
        ("algrad / NumPy closed form", ours / times["NumPy closed form"], 0.5),
        ("algrad / @njit scalar loop", ours / times["@njit scalar loop"], 0.5),
        ("algrad / JAX", ours / times["JAX jit(grad)"] if "JAX jit(grad)" in times else None, 1.0),
    ])
