"""Points of the real domain where expressions are defined, and their values there.

Deciding that two formulas agree, or showing where they differ, means
evaluating them where the *correct* one is defined: ``ln|x|`` and its
derivative ``1/x`` at negative x too, ``sqrt(x)`` only at positive x.
"""
from __future__ import annotations

import math

import numpy as np

#: candidate coordinates: generic values (no special angles, no integers), both signs, several scales
_CANDIDATES = (0.37, 1.21, -0.61, 2.53, -1.83, 0.093, 3.71, -2.9, 0.81, -0.27, 1.57, 5.3,
               -4.4, 0.55, -0.043, 7.9, 1.04, -1.11, 0.66, 2.2)


def value_at(expr, point: dict):
    """The value of a SymPy expression at ``{symbol: float}``: a float, or None off the real domain."""
    import sympy as sp
    try:
        value = expr.xreplace({s: sp.Float(v, 30) for s, v in point.items()}).evalf(30)
    except (ZeroDivisionError, ValueError, TypeError, OverflowError):
        return None
    if value.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or value.free_symbols:
        return None
    try:
        c = complex(value)
    except (TypeError, ValueError):
        return None
    if abs(c.imag) > 1e-12 * max(1.0, abs(c.real)) or not math.isfinite(c.real):
        return None
    return c.real


def sample_points(exprs, symbols, n=8, seed=0, max_tries=200):
    """Up to ``n`` points where every expression of ``exprs`` has a finite real value."""
    rng = np.random.default_rng(seed)
    symbols = list(symbols)
    points = []
    for trial in range(max_tries):
        if trial < len(_CANDIDATES) and len(symbols) <= 1:
            coords = [_CANDIDATES[trial]]
        else:
            coords = [float(rng.choice(_CANDIDATES)) * float(rng.uniform(0.8, 1.25)) for _ in symbols]
        point = dict(zip(symbols, coords))
        if all(value_at(e, point) is not None for e in exprs):
            points.append(point)
            if len(points) >= n:
                break
    return points


def close(a: float, b: float, rtol=1e-9, atol=1e-12) -> bool:
    return abs(a - b) <= atol + rtol * max(abs(a), abs(b))
