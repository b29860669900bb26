"""Every op class algrad has, so that tables (lowering, SymPy, tests) can be checked.

Elementwise ops are instances of one class, listed by name in
``ELEMENTWISE_OPS``; every other op is a class, listed in ``OP_CLASSES``.
A table keyed by op must cover both; tests walk this module to check it.
"""
from __future__ import annotations

from .banded import BandsToCSR, BandsToDense, ExtractBand
from .dimshuffle import DimShuffle
from .elementwise import ELEMENTWISE_OPS, Cast, Elementwise
from .linalg import Dot
from .reduce import Max, Min, Prod, Sum
from .scan import Scan
from .shape import Alloc, ARange, Join, Reshape, Shape, ShapeI
from .subtensor import IncSubtensor, Subtensor

OP_CLASSES = (Elementwise, Cast, DimShuffle, Sum, Prod, Max, Min, Shape, ShapeI, Reshape, ARange,
              Alloc, Join, Subtensor, IncSubtensor, Dot, BandsToDense, ExtractBand, BandsToCSR, Scan)


def op_key(op) -> str:
    """The key an op has in per-op tables: an elementwise op's name, else its class name."""
    return op.name if isinstance(op, Elementwise) else type(op).__name__


def all_op_keys() -> list:
    return sorted(ELEMENTWISE_OPS) + [cls.__name__ for cls in OP_CLASSES if cls is not Elementwise]
