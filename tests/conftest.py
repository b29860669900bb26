"""Shared test set-up: seeded random numbers and bounded hypothesis runs.

The hypothesis profile is chosen by ``ALGRAD_HYPOTHESIS_PROFILE``:

``algrad`` (the default, for CI)
    40 examples per property, derandomized: the same bounded, repeatable set
    on every run.  Properties whose examples are costly run a share of that
    (see example_budget).
``thorough``
    1000 fresh examples per property, e.g. before a release.
``fuzz``
    10,000 fresh examples per property, every property (test_properties
    included) at the full count: a search that takes hours, run by hand::

        ALGRAD_HYPOTHESIS_PROFILE=fuzz python -m pytest tests/test_properties.py \
            -p no:cacheprovider --hypothesis-show-statistics
"""
from __future__ import annotations

import os

import numpy as np
import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("algrad", max_examples=40, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=1000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=10_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("ALGRAD_HYPOTHESIS_PROFILE", "algrad"))


@pytest.fixture
def rng():
    """A generator with a fixed seed, so a failing case can be run again."""
    return np.random.default_rng(20240607)
