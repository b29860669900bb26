"""Which nodes an element kernel passes through (no SymPy needed to decide).

An element kernel goes through elementwise ops, casts, and dimshuffles that
only put broadcastable axes in front (NumPy's broadcasting); every other
node's outputs are leaves of the kernel.
"""
from __future__ import annotations

from ..ops.dimshuffle import DimShuffle
from ..ops.elementwise import Cast, Elementwise


def is_pad_left(op) -> bool:
    """A dimshuffle that only puts broadcastable axes in front (NumPy's broadcasting)."""
    if not isinstance(op, DimShuffle):
        return False
    k = len(op.new_order) - op.input_ndim
    return k >= 0 and op.new_order == ("x",) * k + tuple(range(op.input_ndim))


def is_kernel_node(node) -> bool:
    """Whether the element kernel passes through ``node`` (else its outputs are leaves)."""
    op = node.op
    return isinstance(op, (Elementwise, Cast)) or is_pad_left(op)


def value_inputs(node):
    """The inputs whose values (not only shapes) an element of the output reads."""
    if isinstance(node.op, Elementwise) and node.op.name == "fill":
        return node.inputs[1:]
    return node.inputs
