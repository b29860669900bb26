"""Shared test set-up: seeded random numbers and bounded hypothesis runs.

Property tests run a bounded, repeatable set of examples by default; set
``ALGRAD_HYPOTHESIS_PROFILE=thorough`` to search far wider (fresh examples
each run), e.g. before a release.
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
settings.load_profile(os.environ.get("ALGRAD_HYPOTHESIS_PROFILE", "algrad"))


@pytest.fixture
def rng():
    """A generator with a fixed seed, so a failing case can be run again."""
    return np.random.default_rng(20240607)
