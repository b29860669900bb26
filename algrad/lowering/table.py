"""The lowering table: one ``lower_<op>`` per op, keyed by ``op_key(op)``.

Elementwise ops and casts lower to scalar expressions written inside fused
loops (:mod:`algrad.lowering.scalar`), reductions to the update of an
accumulator, and every other op to statements (:mod:`algrad.lowering.steps`).
A test walks the op registry and fails when this table misses an op.
"""
from __future__ import annotations

from ..errors import MissingLoweringError
from ..ops.registry import op_key
from .banded import BANDED_LOWERINGS
from .scalar import ELEMENTWISE_LOWERINGS, REDUCTION_LOWERINGS
from .scan import SCAN_LOWERINGS
from .steps import STEP_LOWERINGS

LOWERINGS = {**ELEMENTWISE_LOWERINGS, **REDUCTION_LOWERINGS, **STEP_LOWERINGS, **BANDED_LOWERINGS,
             **SCAN_LOWERINGS}


def lowering_for(op):
    """The lowering of ``op``, or MissingLoweringError naming it."""
    key = op_key(op)
    try:
        return LOWERINGS[key]
    except KeyError:
        raise MissingLoweringError(
            f"the Numba backend has no lowering for the op {op!r} (table key {key!r}); "
            "compile with mode='numpy', or add lower_" + key + " to algrad/lowering/") from None


def missing_ops(nodes) -> list:
    """The ops among ``nodes`` that the table cannot lower (each once)."""
    missing = []
    for node in nodes:
        if op_key(node.op) not in LOWERINGS and node.op not in missing:
            missing.append(node.op)
    return missing
