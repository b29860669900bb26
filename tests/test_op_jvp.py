"""Every op's forward rule (jvp) against its reverse rule and finite differences.

For each spec of :mod:`op_specs`: ``<y_bar, J x_dot>`` from ``Rop`` must equal
``<J^T y_bar, x_dot>`` from ``Lop`` (the two rules are one Jacobian), and
``J x_dot`` must match a central difference of the spec's NumPy formula along
``x_dot``.
"""
from __future__ import annotations

import numpy as np
import pytest

import algrad
import algrad.tensor as T
from op_specs import NONE, SMOOTH, SPECS, cases, make_variables, sample_values
from references import richardson_gradient

CASES = [(spec, case, shapes) for spec in SPECS if spec.differentiable
         for case, shapes in cases(spec)]


@pytest.mark.parametrize("spec,case,shapes", CASES,
                         ids=[f"{s.name}-{c}" for s, c, _ in CASES])
def test_jvp_agrees_with_vjp_and_finite_differences(spec, case, shapes, rng):
    variables = make_variables(spec, shapes)
    values = sample_values(spec, shapes, rng)
    out = spec.build(*variables)
    smooth = [k for k, kind in enumerate(spec.grads) if kind == SMOOTH]
    wrt = [variables[k] for k in smooth]
    x_dots = [rng.standard_normal(np.shape(values[k])) for k in smooth]
    y_bar = rng.standard_normal(np.shape(spec.numpy(*values)))
    jvp = algrad.Rop(out, wrt, [T.constant(d) for d in x_dots])
    vjps = algrad.Lop(out, wrt, T.constant(y_bar), disconnected_inputs="ignore")
    f = algrad.function(variables, [jvp] + list(vjps), mode="numpy")
    got_jvp, *got_vjps = f(*values)
    assert np.shape(got_jvp) == np.shape(y_bar)
    forward = float(np.sum(got_jvp * y_bar))
    reverse = sum(float(np.sum(g * d)) for g, d in zip(got_vjps, x_dots))
    single = out.dtype == "float32"  # rounded to float32: its accuracy, not float64's
    np.testing.assert_allclose(forward, reverse, rtol=1e-5 if single else 1e-10, atol=1e-12)

    def along(arrays_t):  # the formula at values + t * x_dot, as a function of t
        (t,) = arrays_t
        moved = list(values)
        for k, d in zip(smooth, x_dots):
            moved[k] = values[k] + t * d
        return np.asarray(spec.numpy(*moved), dtype="float64")

    expected = np.zeros(np.shape(y_bar))
    for j in np.ndindex(expected.shape):
        expected[j] = richardson_gradient(lambda a: float(along(a)[j]), [np.zeros(())], 0,
                                          step=1e-2 if single else 1e-3)
    rtol, atol = (1e-4, 1e-5) if single else (1e-6, 1e-8)
    np.testing.assert_allclose(got_jvp, expected, rtol=rtol, atol=atol)
