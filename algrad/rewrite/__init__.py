"""Graph optimization before compiling: the phases ``function`` runs.

``optimize`` runs, in order:

1. the DAG phases (cheap on a graph of any size, see :mod:`.engine`):
   ``fold`` (constant folding, :mod:`.fold`), ``algebra`` (identities such as
   ``x * 1 -> x``) and ``shape`` (``fill`` and ``dimshuffle`` clean-up),
   both in :mod:`.algebra`;
2. ``canonicalize``: each elementwise region is put in canonical form
   through the SymPy mirror (:mod:`algrad.simplify`), at a bounded cost
   (skipped on graphs of more than ``MAX_GRAPH_NODES`` nodes);
3. the DAG phases again, on what the canonical forms built.

The outputs keep their types (dtype and static shape, hence broadcastable
axes) and their values.

Examples
--------
>>> import algrad, algrad.tensor as T
>>> from algrad.rewrite import optimize
>>> x = T.dscalar('x')
>>> algrad.pp(optimize([x * 1 + 0], [x])[0])
'x'
"""
from __future__ import annotations

from ..errors import AlgradError
from . import algebra, fold  # noqa: F401  (they register their rewrites)
from .engine import PHASES, register, rewrite_graph, rewrites_of, rule_of  # noqa: F401

DAG_PHASES = ("fold", "algebra", "shape")
#: graphs bigger than this skip the SymPy phase (see algrad.simplify)
MAX_GRAPH_NODES = 20000


def optimize(outputs, inputs, canonicalize=True) -> list:
    """The optimized outputs: same types, same values, a simpler graph.

    Parameters
    ----------
    outputs : list of Variables
    inputs : list of Variables
        Nothing above them is rewritten.
    canonicalize : bool
        Whether to run the SymPy phase (it imports SymPy).

    Examples
    --------
    >>> import algrad, algrad.tensor as T
    >>> x = T.dvector('x')
    >>> (g,) = optimize([T.grad(T.sum(x ** 2), x)], [x])
    >>> algrad.pp(g)
    '(TensorConstant{2.0} * x)'
    """
    outputs = list(outputs)
    rewrites = rewrites_of(DAG_PHASES)
    stats = {}
    result = rewrite_graph(outputs, rewrites, stop_at=inputs, stats=stats)
    if canonicalize and stats["nodes"] <= MAX_GRAPH_NODES:
        from ..simplify import canonicalize_regions
        try:
            canonical = canonicalize_regions(result, stop_at=inputs)
        except AlgradError:
            canonical = result  # a region without a faithful mirror stays as it is
        if any(a is not b for a, b in zip(canonical, result)):
            result = rewrite_graph(canonical, rewrites, stop_at=inputs)
    return [new if new.type == old.type else old for new, old in zip(result, outputs)]
