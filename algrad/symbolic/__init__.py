"""The SymPy side of algrad: the mirror of a graph (:mod:`.mirror`, :mod:`.arrays`)
and the way back (:mod:`.build`).

Those modules import SymPy; :mod:`.regions` does not, so the optimizer can
decide what to mirror before paying for SymPy's import.  ``import algrad``
imports none of them (see :mod:`algrad.sympy_bridge`).
"""
