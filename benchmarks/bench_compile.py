"""Time from ``import algrad`` to the first result of the Rosenbrock gradient, in a fresh process.

Cold: an empty kernel cache (build, optimize, generate, compile).  Warm: the
cache filled by a previous process (the kernel is loaded; the optimizer and
SymPy are not needed).  Baselines: a hand-written ``@njit(cache=True)``
gradient, cold and warm, and JAX when importable.  Each figure is the
median over a few fresh processes and includes the imports.  Targets
(issue 4): cold at most 1.5 s, warm at most 0.5 s.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import textwrap

import numpy as np

from .common import optional_module, print_table, print_targets

REPEAT = 3

ALGRAD = textwrap.dedent("""
    import time
    start = time.perf_counter()
    import algrad, algrad.tensor as T
    x = T.dvector('x')
    cost = T.sum(100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)
    g = algrad.function([x], T.grad(cost, x))
    g([0.5, 1.5, -1.0])
    print(time.perf_counter() - start)
""")

NJIT = textwrap.dedent("""
    import time
    start = time.perf_counter()
    import numpy as np
    from numba import njit

    @njit(cache=True)
    def gradient(x):
        g = np.zeros_like(x)
        for i in range(x.shape[0] - 1):
            d = x[i + 1] - x[i] * x[i]
            g[i] += -400.0 * d * x[i] - 2.0 * (1.0 - x[i])
            g[i + 1] += 200.0 * d
        return g

    gradient(np.array([0.5, 1.5, -1.0]))
    print(time.perf_counter() - start)
""")

JAX = textwrap.dedent("""
    import time
    start = time.perf_counter()
    import jax, jax.numpy as jnp
    jax.config.update("jax_enable_x64", True)
    grad = jax.jit(jax.grad(lambda x: jnp.sum(100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)))
    grad(jnp.array([0.5, 1.5, -1.0])).block_until_ready()
    print(time.perf_counter() - start)
""")


def in_fresh_process(script, directory, env_name):
    """Seconds the script reports, run as a file in ``directory`` with its cache there."""
    path = os.path.join(directory, "bench_script.py")
    with open(path, "w") as f:
        f.write(script)
    env = dict(os.environ, **{env_name: os.path.join(directory, "cache")})
    done = subprocess.run([sys.executable, path], env=env, capture_output=True, text=True,
                          timeout=600)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return float(done.stdout.strip().splitlines()[-1])


def cold_and_warm(script, env_name):
    cold, warm = [], []
    for _ in range(REPEAT):
        with tempfile.TemporaryDirectory() as directory:
            cold.append(in_fresh_process(script, directory, env_name))
            warm.append(in_fresh_process(script, directory, env_name))
    return float(np.median(cold)), float(np.median(warm))


def call_overhead():
    """A small call through algrad against the same work as a hand-written @njit function."""
    from numba import njit

    import algrad
    import algrad.tensor as T
    from .common import median_time

    @njit
    def weighted_sum(x, w):
        total = 0.0
        for i in range(x.shape[0]):
            total += x[i] * w[i]
        return total

    def checked_weighted_sum(x, w):
        """The @njit call with what algrad's call does around it: check, and return an array."""
        x, w = np.asarray(x, dtype=np.float64), np.asarray(w, dtype=np.float64)
        if x.ndim != 1 or w.ndim != 1:
            raise ValueError("x and w must be vectors")
        return np.array(weighted_sum(x, w))

    x, w = T.dvector("x"), T.dvector("w")
    f = algrad.function([x, w], T.sum(x * w))
    a, b = np.ones(10), np.ones(10)
    rows = [("algrad", median_time(f, a, b)), ("@njit", median_time(weighted_sum, a, b)),
            ("@njit + asarray, rank check, 0-d array", median_time(checked_weighted_sum, a, b))]
    print_table("call overhead, sum(x * w) over 10 elements, arrays ready:", rows)
    print_targets([("algrad call / bare @njit call", rows[0][1] / rows[1][1], 2.0),
                   ("algrad call / @njit call with conversion and checks",
                    rows[0][1] / rows[2][1], 2.0)])


def run():
    call_overhead()
    rows = []
    algrad_cold, algrad_warm = cold_and_warm(ALGRAD, "ALGRAD_CACHE_DIR")
    njit_cold, njit_warm = cold_and_warm(NJIT, "NUMBA_CACHE_DIR")
    rows += [("algrad cold", algrad_cold), ("algrad warm", algrad_warm),
             ("@njit(cache=True) cold", njit_cold), ("@njit(cache=True) warm", njit_warm)]
    if optional_module("jax") is not None:
        rows.append(("JAX cold", cold_and_warm(JAX, "JAX_CACHE_DIR_UNUSED")[0]))
    print_table("Rosenbrock gradient, import to first result in a fresh process (median of "
                f"{REPEAT}):", rows, reference="algrad cold")
    print_targets([("algrad cold (s)", algrad_cold, 1.5), ("algrad warm (s)", algrad_warm, 0.5)])
    print(f"  algrad warm / @njit(cache=True) warm = {algrad_warm / njit_warm:.2f}")
