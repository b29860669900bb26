"""The op protocol.

An op is declared once: how it types its outputs (``make_node``), how NumPy
computes it (``perform``, the reference every backend is checked against),
and its derivative rules (``vjp`` for reverse mode, ``jvp`` for forward
mode).  Ops are plain classes; two ops are equal when they are of the same
class with the same ``props``, which is what hash-consing keys nodes on.
"""
from __future__ import annotations

from ..errors import NoGradientError


class Op:
    """Base of every op.  Subclasses set ``props`` and the methods they need."""

    #: names of the attributes that make two instances of the op differ
    props: tuple = ()
    #: a linear op's forward rule is the op applied to the tangents
    linear = False

    def _key(self):
        return (type(self),) + tuple(getattr(self, p) for p in self.props)

    def __eq__(self, other):
        return type(self) is type(other) and self._key() == other._key()

    def __hash__(self):
        return hash(self._key())

    @property
    def name(self) -> str:
        return type(self).__name__.lower()

    def __repr__(self):
        params = ", ".join(f"{p}={getattr(self, p)!r}" for p in self.props)
        return f"{self.name}{{{params}}}" if params else self.name

    def __call__(self, *inputs):
        node = self.make_node(*inputs)
        return node.outputs[0] if len(node.outputs) == 1 else node.outputs

    def make_node(self, *inputs):
        raise NotImplementedError(self.name)

    def perform(self, node, inputs):
        """Compute the outputs with NumPy; returns a list of arrays."""
        raise NotImplementedError(self.name)

    def vjp(self, node, y_bars, needed):
        """Cotangents of the inputs from those of the outputs.

        ``y_bars[k]`` is the cotangent of output k (None when nothing flows
        back through it); ``needed[i]`` says whether input i wants one.
        Returns one entry per input: a variable, or None where the output
        does not depend on that input (or it is not needed).
        """
        raise NoGradientError(f"the op {self!r} has no reverse-mode derivative")

    def jvp(self, node, x_dots):
        """Tangents of the outputs from those of the inputs (None: zero)."""
        if self.linear:
            if all(d is None for d in x_dots):
                return [None] * len(node.outputs)
            raise NotImplementedError(f"{self!r}: linear op without a jvp")
        raise NoGradientError(f"the op {self!r} has no forward-mode derivative")
