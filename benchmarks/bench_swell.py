"""Expression swell: f_0 = x*y, f_{k+1} = sin(f_k)*x + cos(f_k)*y, and df/dx.

For k = 5, 10, 15, 20, each measured in a fresh process (so SymPy's import
and caches count):

* algrad: ``T.grad`` then ``function`` (optimizer on, simplification
  included) then the first value; the time to that first value and the
  number of nodes of the optimized graph (target at k = 20: under 0.5 s,
  with a node count growing linearly in k);
* ``sympy.diff`` of the same expression: its time, and the size of its
  result by ``sympy.count_ops``, as a tree and after ``sympy.cse``; each run
  is stopped after ``SYMPY_TIME_LIMIT`` seconds.
"""
from __future__ import annotations

import json
import subprocess
import sys

DEPTHS = (5, 10, 15, 20)
SYMPY_TIME_LIMIT = 30.0
ALGRAD_TIME_LIMIT = 120.0

_ALGRAD = """
import json, time
import algrad, algrad.tensor as T
from algrad.traversal import toposort
k, mode = {k}, {mode!r}
start = time.perf_counter()
x, y = T.dscalar('x'), T.dscalar('y')
f = x * y
for _ in range(k):
    f = T.sin(f) * x + T.cos(f) * y
g = T.grad(f, x)
fn = algrad.function([x, y], g, mode=mode)
value = float(fn(0.3, 0.7))
elapsed = time.perf_counter() - start
print(json.dumps({{"time": elapsed, "raw_nodes": len(toposort([g])),
                  "nodes": len(toposort(fn.maker.fgraph.outputs)), "value": value}}))
"""

_SYMPY = """
import json, time, sympy
k = {k}
x, y = sympy.symbols('x y', real=True)
f = x * y
for _ in range(k):
    f = sympy.sin(f) * x + sympy.cos(f) * y
start = time.perf_counter()
d = sympy.diff(f, x)
elapsed = time.perf_counter() - start
print(json.dumps({{"time": elapsed}}), flush=True)
ops = sympy.count_ops(d)
print(json.dumps({{"ops": ops}}), flush=True)
replacements, reduced = sympy.cse(d)
cse_ops = sum(sympy.count_ops(e) for _, e in replacements) + sympy.count_ops(reduced[0])
print(json.dumps({{"cse_ops": cse_ops}}), flush=True)
"""


def _run(code, limit):
    """The JSON lines printed by ``code`` in a fresh interpreter, merged; partial on timeout."""
    try:
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             timeout=limit)
        text, finished = out.stdout, out.returncode == 0
    except subprocess.TimeoutExpired as exc:
        text = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        finished = False
    result = {}
    for line in text.splitlines():
        result.update(json.loads(line))
    result["finished"] = finished
    return result


def _modes():
    from algrad.function import DEFAULT_MODE
    return ["numpy"] + ([DEFAULT_MODE] if DEFAULT_MODE != "numpy" else [])


def _fmt(value, unit=""):
    if value is None:
        return f"> {SYMPY_TIME_LIMIT:.0f} s" if unit == "s" else "-"
    if unit == "s":
        return f"{value:.3f} s"
    return f"{value:,}"


def run():
    modes = _modes()
    print(f"expression swell: f_k with k nested sin/cos, gradient wrt x "
          f"(each in a fresh process; sympy stopped after {SYMPY_TIME_LIMIT:.0f} s)")
    header = f"{'k':>3} | " + " | ".join(f"algrad[{m}] first value" for m in modes)
    print(header + " | algrad nodes (raw -> optimized) | sympy.diff time | count_ops tree | "
          "count_ops cse")
    for k in DEPTHS:
        ours = [_run(_ALGRAD.format(k=k, mode=m), ALGRAD_TIME_LIMIT) for m in modes]
        theirs = _run(_SYMPY.format(k=k), SYMPY_TIME_LIMIT)
        times = " | ".join(f"{_fmt(r.get('time'), 's'):>22}" for r in ours)
        nodes = f"{ours[0].get('raw_nodes', '-')} -> {ours[0].get('nodes', '-')}"
        print(f"{k:>3} | {times} | {nodes:>32} | {_fmt(theirs.get('time'), 's'):>15} | "
              f"{_fmt(theirs.get('ops')):>14} | {_fmt(theirs.get('cse_ops')):>13}")
    print("target: algrad's first value at k = 20 in under 0.5 s; nodes linear in k")


if __name__ == "__main__":
    run()
