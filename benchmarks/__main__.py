"""Run every benchmark module, or those named: ``python -m benchmarks [logistic rosenbrock ...]``."""
from __future__ import annotations

import importlib
import pkgutil
import sys
import time

import benchmarks


def bench_modules(selected=()):
    names = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__)
                   if m.name.startswith("bench_"))
    if selected:
        names = [n for n in names if n[len("bench_"):] in selected or n in selected]
    return names


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    names = bench_modules(argv)
    if not names:
        print(f"no benchmark matches {argv}; the benchmarks are {bench_modules()}")
        return 1
    for name in names:
        module = importlib.import_module(f"benchmarks.{name}")
        print(f"\n=== {name} " + "=" * max(0, 66 - len(name)))
        start = time.perf_counter()
        module.run()
        print(f"({name} took {time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
