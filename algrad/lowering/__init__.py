"""Numba lowering: generated source for one jitted function per graph, and
the vectorizable elementary functions it calls."""
