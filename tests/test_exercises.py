"""The exercise corpus: algrad's simplified derivatives against sympy.diff."""
from __future__ import annotations

import zlib

import numpy as np
import pytest
import sympy

import algrad
import algrad.tensor as T
from exercises import EXERCISES, TOPICS, build_algrad, build_sympy, cases


def test_corpus_is_well_formed():
    assert len(EXERCISES) >= 40
    ids = [e["id"] for e in EXERCISES]
    assert len(set(ids)) == len(ids)
    assert {e["topic"] for e in EXERCISES} == set(TOPICS)
    for e in EXERCISES:
        lo, hi = e["domain"]
        assert lo < hi and e["variables"], e["id"]


def _derivatives(entry, wrt):
    symbols = {n: sympy.Symbol(n, real=True) for n in entry["variables"]}
    variables = {n: T.dscalar(n) for n in entry["variables"]}
    reference = sympy.diff(build_sympy(entry, symbols), symbols[wrt])
    ours = algrad.simplify(T.grad(build_algrad(entry, variables), variables[wrt]))
    return symbols, variables, reference, ours


@pytest.mark.parametrize("entry, wrt", cases(), ids=[f"{e['id']}-d{v}" for e, v in cases()])
def test_simplified_derivative_equals_sympy_diff(entry, wrt):
    symbols, variables, reference, ours = _derivatives(entry, wrt)
    inputs = [variables[n] for n in entry["variables"]]
    f = algrad.function(inputs, ours, mode="numpy")
    rng = np.random.default_rng(zlib.crc32(entry["id"].encode()))
    for _ in range(3):
        point = rng.uniform(*entry["domain"], size=len(inputs))
        at = {symbols[n]: sympy.Float(float(p), 30) for n, p in zip(entry["variables"], point)}
        expected = float(reference.subs(at).evalf(20))
        assert float(f(*point)) == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_closed_forms_are_as_small_as_sympy_simplify_for_90_percent():
    small_enough, total, larger = 0, 0, []
    for entry, wrt in cases():
        symbols, variables, reference, ours = _derivatives(entry, wrt)
        mine = sympy.count_ops(algrad.to_sympy(ours))
        theirs = sympy.count_ops(sympy.simplify(reference))
        total += 1
        if mine <= theirs:
            small_enough += 1
        else:
            larger.append(entry["id"])
    assert small_enough >= 0.9 * total, larger
