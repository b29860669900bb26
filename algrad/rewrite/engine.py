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


class _Rewriter:
    """Bottom-up rewriting with a record of the variables already in normal form."""

    def __init__(self, rewrites, stop):
        self.rewrites_for = _ByOp(rewrites)
        self.stop = stop
        self.normal = set(stop)  # ids of variables no rewrite applies to any more
        self.depth = 0

    def rebuild(self, node, mapping):
        """``node`` with its inputs replaced as ``mapping`` says (a new node if any changed)."""
        inputs = [mapping.get(id(v), v) for v in node.inputs]
        if any(a is not b for a, b in zip(inputs, node.inputs)):
            return node.op.make_node(*inputs).outputs
        return node.outputs

    def normalize(self, var):
        """Apply rewrites to ``var`` until none applies (or the budget is spent)."""
        for _ in range(MAX_REWRITES_PER_NODE):
            if var.owner is None or id(var) in self.normal:
                break
            for rewrite in self.rewrites_for(var.owner.op):
                new = rewrite(var)
                if new is not None and new is not var and new.type == var.type:
                    var = self.settle_inputs(new)
                    break
            else:
                break
        self.normal.add(id(var))
        return var

    def settle_inputs(self, var):
        """Bring the nodes a rewrite just built under ``var`` to normal form too."""
        if var.owner is None or self.depth > 4:
            return var
        self.depth += 1
        try:
            mapping = {}
            for node in _new_nodes(var.owner.inputs, self.normal):
                outputs = self.rebuild(node, mapping)
                for old, new in zip(node.outputs, outputs):
                    mapping[id(old)] = self.normalize(new) if len(outputs) == 1 else new
            outputs = self.rebuild(var.owner, mapping)
            return outputs[var.index]
        finally:
            self.depth -= 1


def _new_nodes(variables, normal) -> list:
    """Nodes above ``variables`` whose outputs are not in normal form yet, in topological order."""
    order, seen = [], set()
    stack = [(v.owner, False) for v in variables if v.owner is not None and id(v) not in normal]
    while stack:
        node, ready = stack.pop()
        if ready:
            order.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))
        stack.extend((v.owner, False) for v in node.inputs
                     if v.owner is not None and id(v) not in normal and id(v.owner) not in seen)
    return order


def rewrite_graph(outputs, rewrites, stop_at=(), stats=None) -> list:
    """``outputs`` rebuilt bottom-up with ``rewrites`` applied to every node.

    Nothing above a variable of ``stop_at`` is touched.  Nodes that a
    rewrite builds are brought to normal form as well.  ``stats``, a dict,
    receives the number of ``nodes`` visited.

    Examples
    --------
    >>> import algrad, algrad.tensor as T
    >>> from algrad.rewrite import rewrite_graph, rewrites_of
    >>> x = T.dscalar('x')
    >>> (y,) = rewrite_graph([-(-x) * 1], rewrites_of(["algebra"]))
    >>> algrad.pp(y)
    'x'
    """
    from ..traversal import toposort
    mapping = {}
    rewriter = _Rewriter(rewrites, {id(v) for v in stop_at})
    nodes = toposort(outputs, stop_at=stop_at)
    if stats is not None:
        stats["nodes"] = len(nodes)
    for node in nodes:
        outputs_now = rewriter.rebuild(node, mapping)
        for old, new in zip(node.outputs, outputs_now):
            mapping[id(old)] = rewriter.normalize(new) if len(outputs_now) == 1 else new
    return [mapping.get(id(v), v) for v in outputs]
