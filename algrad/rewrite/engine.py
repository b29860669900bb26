"""The rewrite engine: local rewrites applied bottom-up over the DAG.

A rewrite is a function of one variable (an op's output) that returns an
equivalent variable, or None when its rule does not apply.  Its docstring's
first line states the rule (``x * 1 -> x``) and it is registered in a named
phase with :func:`register`.

:func:`rewrite_graph` visits the nodes once, in topological order: it
rebuilds a node whose inputs were rewritten (through ``make_node``, so types
are inferred again and hash-consing shares equal nodes), then applies the
phase's rewrites to its output until none applies.  A rewrite whose result
does not have exactly the type (dtype and static shape) of what it replaces
is refused, so no rewrite can change an output's type.  The walk is
iterative and linear in the size of the graph.
"""
from __future__ import annotations

#: phase name -> list of rewrites, in the order they are tried
PHASES: dict = {}

#: rewrites applied to one variable before the engine gives up on a fixpoint
MAX_REWRITES_PER_NODE = 32


def register(phase, *ops):
    """Decorator: add a rewrite to ``phase``.

    ``ops`` lists the op keys (``algrad.ops.registry.op_key``: an elementwise
    op's name, else the class name) of the nodes it can apply to; none means
    every node.  The engine only tries a rewrite on those nodes.
    """
    def add(fn):
        fn.ops = tuple(ops)
        PHASES.setdefault(phase, []).append(fn)
        return fn
    return add


def rule_of(rewrite) -> str:
    """The rule a rewrite implements, from the first line of its docstring."""
    return (rewrite.__doc__ or rewrite.__name__).strip().splitlines()[0]


def rewrites_of(phases) -> list:
    """The rewrites of the named phases, in phase order."""
    out = []
    for phase in phases:
        if phase not in PHASES:
            raise KeyError(f"unknown rewrite phase {phase!r}; the phases are {sorted(PHASES)}")
        out.extend(PHASES[phase])
    return out


class _ByOp:
    """The rewrites to try on a node, looked up by its op's key."""

    def __init__(self, rewrites):
        self.generic = [r for r in rewrites if not getattr(r, "ops", ())]
        self.keyed = {}
        for r in rewrites:
            for key in getattr(r, "ops", ()):
                self.keyed.setdefault(key, []).append(r)
        self.cache = {}

    def __call__(self, op):
        found = self.cache.get(op)
        if found is None:
            from ..ops.registry import op_key
            found = self.cache[op] = self.generic + self.keyed.get(op_key(op), [])
        return found


def _normalize(var, rewrites_for, stop):
    for _ in range(MAX_REWRITES_PER_NODE):
        if var.owner is None or id(var) in stop:
            return var
        for rewrite in rewrites_for(var.owner.op):
            new = rewrite(var)
            if new is not None and new is not var and new.type == var.type:
                var = new
                break
        else:
            return var
    return var


def rewrite_graph(outputs, rewrites, stop_at=()) -> list:
    """``outputs`` rebuilt bottom-up with ``rewrites`` applied to every node.

    Nothing above a variable of ``stop_at`` is touched.
    """
    from ..traversal import toposort
    mapping = {}
    stop = {id(v) for v in stop_at}
    rewrites_for = _ByOp(rewrites)
    for node in toposort(outputs, stop_at=stop_at):
        inputs = [mapping.get(id(v), v) for v in node.inputs]
        if any(a is not b for a, b in zip(inputs, node.inputs)):
            new_outputs = node.op.make_node(*inputs).outputs
        else:
            new_outputs = node.outputs
        for old, new in zip(node.outputs, new_outputs):
            mapping[id(old)] = _normalize(new, rewrites_for, stop) if len(node.outputs) == 1 else new
    return [mapping.get(id(v), v) for v in outputs]
