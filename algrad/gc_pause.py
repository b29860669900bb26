"""Pausing Python's cycle collector while a graph is built or walked.

Graphs are full of reference cycles (a variable knows its node, the node its
outputs), so every few hundred new objects the collector runs, and each full
collection walks every node alive: on a graph of 100,000 nodes, that is half
the time of ``grad`` and of ``function``.  Nothing those build is garbage
until they return, so they run with the collector paused.
"""
from __future__ import annotations

import functools
import gc


def gc_paused(function):
    """``function`` run with the cycle collector paused (and resumed after, if it ran)."""
    @functools.wraps(function)
    def paused(*args, **kwargs):
        if not gc.isenabled():  # paused by a caller, or by the user: left as it is
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()
    return paused
