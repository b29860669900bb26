"""Shared test set-up: seeded random numbers and bounded hypothesis runs."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, settings

# Bounded, deterministic property tests: fast enough for every run of the suite.
settings.register_profile("algrad", max_examples=40, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("algrad")


@pytest.fixture
def rng():
    """A generator with a fixed seed, so a failing case can be run again."""
    return np.random.default_rng(20240607)
