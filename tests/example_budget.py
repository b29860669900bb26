"""How many examples a property test runs under the active hypothesis profile.

The CI profile (``algrad``) keeps the whole suite fast, so a property whose
examples are costly (a Numba compile, a SymPy derivative) runs a share of
the profile's count there.  The wider profiles (``thorough``, ``fuzz``) are
for searching: every property runs their full count.  Reading the count
from the active profile, rather than fixing it in ``@settings``, is what
lets ``ALGRAD_HYPOTHESIS_PROFILE`` scale every property.
"""
from __future__ import annotations

import os

from hypothesis import settings

CI_PROFILE = "algrad"


def active_profile() -> str:
    return os.environ.get("ALGRAD_HYPOTHESIS_PROFILE", CI_PROFILE)


def examples(ci_share: float = 1.0) -> int:
    """The active profile's example count, times ``ci_share`` under the CI profile."""
    count = settings().max_examples
    if active_profile() == CI_PROFILE:
        return max(1, round(count * ci_share))
    return count
