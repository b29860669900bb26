"""Graph optimization before compiling."""
from __future__ import annotations


def optimize(outputs, inputs):
    return list(outputs)
