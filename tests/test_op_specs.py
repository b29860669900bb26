"""The op spec table covers the registry, and the NumPy reference backend agrees with it."""
from __future__ import annotations

import numpy as np
import pytest

import algrad
from algrad.ops.registry import all_op_keys, op_key
from algrad.traversal import toposort
from op_specs import SPECS, cases, dtype_cases, make_variables, sample_values, specs_for

SPEC_CASES = [(spec, case, shapes) for spec in SPECS for case, shapes in cases(spec)]
SPEC_IDS = [f"{spec.name}-{case}" for spec, case, _ in SPEC_CASES]


@pytest.mark.parametrize("key", all_op_keys())
def test_every_registered_op_has_a_spec(key):
    assert specs_for(key), f"op {key!r} has no spec in tests/op_specs.py: add one"


def test_every_spec_names_a_registered_op():
    keys = set(all_op_keys())
    assert [spec.name for spec in SPECS if spec.key not in keys] == []


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_spec_builds_its_op(spec):
    shapes = cases(spec)[0][1]
    out = spec.build(*make_variables(spec, shapes))
    assert spec.key in {op_key(node.op) for node in toposort(out)}


def _tolerance(dtypes):
    return dict(rtol=1e-5, atol=1e-6) if "float32" in dtypes else dict(rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("spec,case,shapes", SPEC_CASES, ids=SPEC_IDS)
def test_reference_backend_agrees_with_numpy_formula(spec, case, shapes, rng):
    for dtypes in dtype_cases(spec):
        variables = make_variables(spec, shapes, dtypes)
        out = spec.build(*variables)
        f = algrad.function(variables, out, mode="numpy")
        values = sample_values(spec, shapes, rng, dtypes)
        result = f(*values)
        expected = np.asarray(spec.numpy(*values))
        assert result.shape == expected.shape, (dtypes, result.shape, expected.shape)
        assert result.dtype.name == out.dtype, (dtypes, result.dtype, out.dtype)
        np.testing.assert_allclose(result, expected, err_msg=str(dtypes), **_tolerance(dtypes))
