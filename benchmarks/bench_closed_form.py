"""Quality and cost of algrad's closed-form derivatives on the exercise corpus.

For every exercise (tests/exercises.py) and every variable, against
``sympy.simplify(sympy.diff(f))``:

(a) algrad's simplified derivative equals ``sympy.diff`` at random points;
(b) it is no larger by ``sympy.count_ops`` (target: at least 90% of them);
(c) its total time (``T.grad`` then ``algrad.simplify``) is under a fifth of
    SymPy's (``sympy.diff`` then ``sympy.simplify``).

SymPy's cache is cleared before every measurement, for both sides; each
side's time is the best of ``ROUNDS`` passes over the corpus.
"""
from __future__ import annotations

import os
import sys
import time

ROUNDS = 3


def _corpus():
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, os.path.join(os.path.dirname(here), "tests"))
    import exercises
    return exercises


def _sympy_side(ex, entry, wrt):
    import sympy
    symbols = {n: sympy.Symbol(n, real=True) for n in entry["variables"]}
    f = ex.build_sympy(entry, symbols)
    start = time.perf_counter()
    result = sympy.simplify(sympy.diff(f, symbols[wrt]))
    return time.perf_counter() - start, result, symbols


def _algrad_side(ex, entry, wrt):
    import algrad
    import algrad.tensor as T
    variables = {n: T.dscalar(n) for n in entry["variables"]}
    f = ex.build_algrad(entry, variables)
    start = time.perf_counter()
    result = algrad.simplify(T.grad(f, variables[wrt]))
    return time.perf_counter() - start, result, variables


def _equal_at_random_points(entry, ours, variables, reference, symbols, rng):
    import algrad
    import sympy
    inputs = [variables[n] for n in entry["variables"]]
    fn = algrad.function(inputs, ours, mode="numpy")
    for _ in range(3):
        point = rng.uniform(*entry["domain"], size=len(inputs))
        at = {symbols[n]: sympy.Float(float(p), 30) for n, p in zip(entry["variables"], point)}
        want = float(reference.subs(at).evalf(20))
        got = float(fn(*point))
        if abs(got - want) > 1e-9 * max(1.0, abs(want)):
            return False
    return True


def run():
    import numpy as np
    import sympy
    from sympy.core.cache import clear_cache
    import algrad
    ex = _corpus()
    cases = ex.cases()
    warm = cases[0]
    _sympy_side(ex, *warm)
    _algrad_side(ex, *warm)
    best_sympy, best_algrad = float("inf"), float("inf")
    rows = []
    for _ in range(ROUNDS):
        total_sympy = total_algrad = 0.0
        rows = []
        for entry, wrt in cases:
            clear_cache()
            t_s, theirs, symbols = _sympy_side(ex, entry, wrt)
            clear_cache()
            t_a, ours, variables = _algrad_side(ex, entry, wrt)
            total_sympy += t_s
            total_algrad += t_a
            rows.append((entry, wrt, ours, variables, theirs, symbols))
        best_sympy = min(best_sympy, total_sympy)
        best_algrad = min(best_algrad, total_algrad)
    rng = np.random.default_rng(0)
    equal = no_larger = 0
    larger = []
    for entry, wrt, ours, variables, theirs, symbols in rows:
        reference = sympy.diff(ex.build_sympy(entry, symbols), symbols[wrt])
        equal += _equal_at_random_points(entry, ours, variables, reference, symbols, rng)
        mine, best = sympy.count_ops(algrad.to_sympy(ours)), sympy.count_ops(theirs)
        if mine <= best:
            no_larger += 1
        else:
            larger.append(f"{entry['id']} d/d{wrt}: {mine} > {best} ops")
    n = len(rows)
    print(f"closed forms over {len(ex.EXERCISES)} exercises ({n} derivatives)")
    print(f"  (a) equal to sympy.diff at 3 random points: {equal}/{n}")
    print(f"  (b) no larger than sympy.simplify(sympy.diff(f)) by count_ops: {no_larger}/{n} "
          f"= {100 * no_larger / n:.1f}% (target >= 90%)")
    for line in larger:
        print(f"      larger: {line}")
    print(f"  (c) time: algrad {best_algrad * 1e3:.0f} ms, sympy {best_sympy * 1e3:.0f} ms, "
          f"ratio {best_algrad / best_sympy:.3f} (target < 0.2; best of {ROUNDS} rounds)")


if __name__ == "__main__":
    run()
