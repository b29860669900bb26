"""Derivations and checks over the textbook exercise corpus (tests/exercises.py)."""
import numpy as np
import pytest
import sympy as sp

import algrad.tensor as T
from algrad.teaching.check import check_derivative
from algrad.teaching.steps import steps
from exercises import EXERCISES, build_algrad, build_sympy

CASES = [(e, v) for e in EXERCISES for v in e["variables"]]


def ids(case):
    entry, var = case
    return f"{entry['id']}-{var}"


@pytest.mark.parametrize("case", CASES, ids=[ids(c) for c in CASES])
def test_steps_derive_every_exercise_with_named_rules(case):
    entry, var = case
    variables = {name: T.dscalar(name) for name in entry["variables"]}
    f = build_algrad(entry, variables)
    derivation = steps(f, var)
    assert all(s.rule != "derivative" for s in derivation.steps), \
        "every step is a textbook rule, never a bare 'computed directly'"
    symbols = {name: sp.Symbol(name, real=True) for name in entry["variables"]}
    expected = sp.diff(build_sympy(entry, symbols), symbols[var])
    rng = np.random.default_rng(0)
    lo, hi = entry["domain"]
    for _ in range(3):
        point = {symbols[n]: float(rng.uniform(lo, hi)) for n in entry["variables"]}
        got = complex(derivation.result.evalf(subs=point))
        want = complex(expected.evalf(subs=point))
        assert got == pytest.approx(want, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("case", CASES[::3], ids=[ids(c) for c in CASES[::3]])
def test_the_reference_derivative_checks_correct_and_a_perturbed_one_does_not(case):
    entry, var = case
    symbols = {name: sp.Symbol(name, real=True) for name in entry["variables"]}
    f = build_sympy(entry, symbols)
    d = sp.diff(f, symbols[var])
    assert check_derivative(f, d, symbols[var]).verdict == "correct"
    assert check_derivative(f, d + symbols[var] / 7, symbols[var]).verdict == "incorrect"
