"""Timing helpers shared by the benchmarks: medians, ratio tables, optional rivals."""
from __future__ import annotations

import importlib
import time

import numpy as np


def median_time(fn, *args, repeat=15, budget=1.0) -> float:
    """The median time of one ``fn(*args)`` call in seconds.

    One call warms up (compiles); then each of ``repeat`` samples runs
    enough calls to last about ``budget / repeat`` seconds, so that fast
    functions are not measured at the clock's resolution.
    """
    fn(*args)
    start = time.perf_counter()
    fn(*args)
    once = max(time.perf_counter() - start, 1e-7)
    number = max(1, int(budget / repeat / once))
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn(*args)
        samples.append((time.perf_counter() - start) / number)
    return float(np.median(samples))


def format_time(seconds) -> str:
    if seconds is None:
        return "-"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds * 1e9:.3g} ns"


def print_table(title, rows, reference="algrad"):
    """Rows of (name, seconds); the ratio column is ``reference``'s time over each row's."""
    print(title)
    times = dict(rows)
    ref = times.get(reference)
    width = max(len(name) for name, _ in rows)
    for name, seconds in rows:
        ratio = "" if ref is None or not seconds else f"   {reference}/this = {ref / seconds:.2f}"
        print(f"  {name:<{width}}  {format_time(seconds):>10}{ratio}")


def print_targets(checks):
    """(description, measured ratio, target): each line says whether the target is met."""
    for description, ratio, target in checks:
        if ratio is None:
            print(f"  target {description} <= {target}: not measured")
        else:
            verdict = "met" if ratio <= target else "NOT met"
            print(f"  target {description} <= {target}: {ratio:.2f} ({verdict})")


def optional_module(name):
    """A rival library if it is importable (never a dependency), else None."""
    try:
        return importlib.import_module(name)
    except Exception:
        return None
