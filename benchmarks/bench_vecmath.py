"""Vectorizable elementary functions against Numba's libm calls.

For each function and dtype, the median time of one call of a jitted loop
``for i in range(n): out[i] = f(x[i])`` over 10**6 elements with
``f = vm_<name>`` and with the matching ``np.<name>`` (which Numba lowers to a
scalar libm call), measured in the same run; NumPy's own vectorized ufunc on
the whole array is a third column.  The two loops are timed in alternation,
so that load from other processes affects both alike.  Also the fused logistic-gradient loop of
issue 4 written once with np.exp and once with vm_exp.
"""
from __future__ import annotations

import time

import numpy as np

from .common import format_time, median_time

N = 10**6


def _inputs(name, dtype, rng):
    lo, hi = {
        "exp": (-50, 50),
        "log": (1e-3, 1e3),
        "sigmoid": (-20, 20),
        "tanh": (-20, 20),
        "log1p": (-0.9, 100),
        "expm1": (-5, 5),
        "sin": (-10, 10),
        "cos": (-10, 10),
        "tan": (-10, 10),
        "pow": (0.1, 10),
    }[name]
    x = rng.uniform(lo, hi, N).astype(dtype)
    y = rng.uniform(-5, 5, N).astype(dtype)
    return (x, y) if name == "pow" else (x,)


def _numpy_scalar(name):
    """The scalar function a hand-written loop would call."""
    if name == "sigmoid":
        return lambda x: 1 / (1 + np.exp(-x))
    if name == "pow":
        return np.power
    return getattr(np, name)


def _loop(fn, arity):
    from numba import njit

    # error_model="numpy" as generated code uses: Python's model puts a
    # zero-division branch on every float division, which stops vectorizing.
    jit = njit(error_model="numpy")
    if arity == 2:

        def loop2(x, y, out):
            for i in range(x.size):
                out[i] = fn(x[i], y[i])

        return jit(loop2)

    def loop1(x, out):
        for i in range(x.size):
            out[i] = fn(x[i])

    return jit(loop1)


def _paired_medians(first, second, args, repeat=15):
    """Median seconds per call of first(*args) and second(*args), timed in
    alternation so that both see the same machine load."""
    first(*args)
    second(*args)
    times = ([], [])
    for _ in range(repeat):
        for fn, sink in ((first, times[0]), (second, times[1])):
            start = time.perf_counter()
            fn(*args)
            sink.append(time.perf_counter() - start)
    return float(np.median(times[0])), float(np.median(times[1]))


def _logistic_loops():
    from numba import njit

    from algrad.lowering.vecmath import vm_exp

    def make(exp):
        def grad(x, out):
            for i in range(x.size):
                s = 1.0 / (1.0 + exp(-x[i]))
                out[i] = s * (1.0 - s)

        return njit(error_model="numpy")(grad)

    return make(np.exp), make(vm_exp)


def run():
    from numba import njit

    from algrad.lowering import vecmath

    rng = np.random.default_rng(0)
    print(f"per-call median of a loop over {N} elements; speedup = libm loop / vm loop")
    header = f"  {'function':<9}{'dtype':<9}{'vm loop':>11}{'libm loop':>11}{'speedup':>9}"
    print(header + f"{'numpy ufunc':>13}")
    for name in ("exp", "log", "sigmoid", "tanh", "log1p", "expm1", "sin", "cos", "pow", "tan"):
        vm = getattr(vecmath, "vm_" + name)
        scalar = _numpy_scalar(name)
        ref = njit(error_model="numpy")(scalar) if name == "sigmoid" else scalar
        for dtype in (np.float64, np.float32):
            args = _inputs(name, dtype, rng)
            out = np.empty_like(args[0])
            loops = (_loop(vm, len(args)), _loop(ref, len(args)))
            t_vm, t_ref = _paired_medians(*loops, (*args, out))
            with np.errstate(all="ignore"):
                t_np = median_time(scalar, *args, repeat=9, budget=0.3)
            print(f"  {name:<9}{np.dtype(dtype).name:<9}{format_time(t_vm):>11}"
                  f"{format_time(t_ref):>11}{t_ref / t_vm:>8.1f}x{format_time(t_np):>13}")
    x = rng.standard_normal(N)
    out = np.empty_like(x)
    libm_grad, vm_grad = _logistic_loops()
    t_libm, t_vm = _paired_medians(libm_grad, vm_grad, (x, out))
    print(f"  fused logistic gradient, {N} float64: np.exp loop {format_time(t_libm)}, "
          f"vm_exp loop {format_time(t_vm)}, speedup {t_libm / t_vm:.1f}x")


if __name__ == "__main__":
    run()
