"""The SymPy side of algrad: the mirror of a graph and the way back.

Importing this package imports SymPy; ``import algrad`` does not (the public
names in :mod:`algrad.sympy_bridge` import it when first called).
"""
from .build import from_sympy  # noqa: F401
from .mirror import to_sympy  # noqa: F401
