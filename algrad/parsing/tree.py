"""Tokens and parse-tree nodes, shared by the plain and the LaTeX reader.

Both readers turn text into the same few token kinds, one grammar
(:mod:`.grammar`) turns tokens into :class:`Node` trees, and
:mod:`.build` turns a tree into an algrad graph.  The tree never leaves
the package: the public functions return graphs.

Token kinds
-----------
``num``    a decimal number, its text kept as written (never evaluated here)
``name``   a variable name (``x``, ``x_1``, ``theta``)
``const``  ``pi`` or ``e``
``func``   a function's canonical name (see :mod:`.functions`)
``op``     one of ``+ - * / ^``
``open``   ``( [ {``, or ``|`` when it can only open (LaTeX ``\\left|``)
``close``  ``) ] }``, or ``|`` when it can only close
``bar``    a ``|`` that opens or closes depending on where it stands
``comma``  ``,`` (only between the arguments of ``log(x, b)``)
``sub``    ``_`` introducing a logarithm's base
``frac``, ``sqrt``  the LaTeX commands
``end``    the end of the text
"""
from __future__ import annotations

from typing import NamedTuple


class Token(NamedTuple):
    kind: str
    value: str
    start: int  # index of the first character in the text
    end: int  # index after the last character


class Node:
    """One node of a parse tree: ``kind``, a ``value`` and child ``args``.

    Kinds: ``num`` (value: its text), ``name``, ``const``, ``neg``, ``add``,
    ``sub``, ``mul``, ``div``, ``pow``, ``abs``, ``call`` (value: the
    function), ``root`` (args: radicand, index).  ``start``/``end`` span the
    source text; ``bracketed`` marks a node written inside brackets, and
    ``loose`` a power whose exponent was written without them (``e^2``):
    both matter for the ambiguity of ``e^2x``.
    """

    __slots__ = ("kind", "value", "args", "start", "end", "loose", "bracketed")

    def __init__(self, kind, value, args, start, end, loose=False):
        self.kind = kind
        self.value = value
        self.args = args
        self.start = start
        self.end = end
        self.loose = loose
        self.bracketed = False

    def __repr__(self):
        if not self.args:
            return f"{self.kind}:{self.value}"
        inner = ", ".join(repr(a) for a in self.args)
        label = self.kind if self.value is None else f"{self.kind}:{self.value}"
        return f"{label}({inner})"


def leaf(token: Token) -> Node:
    return Node(token.kind, token.value, (), token.start, token.end)


def node(kind, args, start=None, end=None, value=None, loose=False) -> Node:
    """A node over ``args``, spanning them unless ``start``/``end`` say more."""
    start = args[0].start if start is None else start
    end = args[-1].end if end is None else end
    return Node(kind, value, tuple(args), start, end, loose)
