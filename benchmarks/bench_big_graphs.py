"""Big graphs: a chain of 100,000 ops and a sum of 10,000 terms, end to end.

Each graph is measured in a fresh process, stage by stage: building it,
``T.grad``, ``algrad.simplify`` of the gradient, ``algrad.function`` of the
value and the gradient (default mode: past ``MAX_KERNEL_NODES`` optimized
nodes it runs on the NumPy reference, and says so), the first call, and the
process's peak memory.  The baseline is the same value and gradient written
by hand in NumPy, timed in the same process.

* chain: ``y = x; 50,000 times: y = sin(y) + x``, cost ``sum(y)`` over a
  vector of 3 (100,000 elementwise ops);
* sum: ``sum_i (1/i) sin(i x)`` for i = 1..10,000 over a vector of 3
  (40,000 ops).

A smaller chain (500 steps, 1,000 ops) shows the compiled path.
"""
from __future__ import annotations

import json
import subprocess
import sys

from .common import format_time

_SCRIPT = r"""
import json, resource, sys, time, warnings
start = time.perf_counter()
import numpy as np
import algrad, algrad.tensor as T
from algrad.traversal import toposort
kind, n = sys.argv[1], int(sys.argv[2])
times = {}
clock = time.perf_counter()
x = T.dvector('x')
if kind == 'chain':
    y = x
    for _ in range(n):
        y = T.sin(y) + x
    cost = T.sum(y)
else:
    y = T.constant(0.0)
    for i in range(1, n + 1):
        y = y + (1.0 / i) * T.sin(i * x)
    cost = T.sum(y)
times['build'] = time.perf_counter() - clock
clock = time.perf_counter()
g = T.grad(cost, x)
times['grad'] = time.perf_counter() - clock
clock = time.perf_counter()
algrad.simplify(g)
times['simplify'] = time.perf_counter() - clock
clock = time.perf_counter()
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    f = algrad.function([x], [cost, g])
times['function'] = time.perf_counter() - clock
values = np.array([0.1, 0.5, 1.0])
clock = time.perf_counter()
got = f(values)
times['first call'] = time.perf_counter() - clock
clock = time.perf_counter()
f(values)
times['call'] = time.perf_counter() - clock

def by_hand(v):
    if kind == 'chain':
        y, dy = v, np.ones_like(v)
        for _ in range(n):
            y, dy = np.sin(y) + v, np.cos(y) * dy + 1
        return y.sum(), dy
    i = np.arange(1, n + 1)[:, None]
    return (np.sin(i * v) / i).sum(), np.cos(i * v).sum(axis=0)

clock = time.perf_counter()
expected = by_hand(values)
times['numpy by hand'] = time.perf_counter() - clock
ok = all(np.allclose(a, b, rtol=1e-9) for a, b in zip(got, expected))
print(json.dumps({"times": times, "nodes": len(toposort([cost, g])),
                  "optimized": len(toposort(f.maker.fgraph.outputs)), "mode": f.mode,
                  "total": time.perf_counter() - start, "correct": bool(ok),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "warnings": [str(w.message)[:60] for w in caught]}))
"""

CASES = (("chain", 50_000, "chain of 100,000 ops"), ("sum", 10_000, "sum of 10,000 terms"),
         ("chain", 500, "chain of 1,000 ops"))


def measure(kind, n):
    """The figures of one graph, from a fresh process."""
    done = subprocess.run([sys.executable, "-c", _SCRIPT, kind, str(n)], capture_output=True,
                          text=True, timeout=1800)
    if done.returncode:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(cases=CASES):
    stages = ("build", "grad", "simplify", "function", "first call", "call", "numpy by hand")
    print(f"{'graph':22} {'nodes':>8} {'optimized':>9} {'mode':>6} "
          + " ".join(f"{s:>13}" for s in stages) + f" {'total':>8} {'peak MB':>8} correct")
    for kind, n, label in cases:
        r = measure(kind, n)
        t = r["times"]
        print(f"{label:22} {r['nodes']:>8,} {r['optimized']:>9,} {r['mode']:>6} "
              + " ".join(f"{format_time(t[s]):>13}" for s in stages)
              + f" {r['total']:>7.1f}s {r['peak_mb']:>8.0f} {r['correct']}")
        print(f"{'':22} a call takes {t['call'] / t['numpy by hand']:.2f} x the hand-written NumPy")
