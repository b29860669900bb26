"""Fusion planning: which nodes share one loop, which values reach memory.

The kernel is a sequence of *units*.  A :class:`Loop` is one loop nest over
a broadcast shape that computes a maximal region of elementwise nodes (and
casts) element by element, stores only the values needed outside the
region, and accumulates the reductions of its values on the way, so
``sum(f(x))`` is one pass over ``x`` with no temporary.  A :class:`Step` is
any other node (dot, reshape, indexing, ...), lowered as statements.

Dimshuffles are never computed: a loop reads the array behind them with
permuted indices (a broadcast axis reads index 0).  One is copied to memory
only when a non-elementwise op or the caller needs it as an array.
"""
from __future__ import annotations

from ..graph import Constant
from ..ops.dimshuffle import DimShuffle
from ..ops.elementwise import Cast, Elementwise
from ..ops.reduce import Reduce
from ..ops.subtensor import IncSubtensor
from ..traversal import toposort
from .prepare import zero_fill_model


def is_fusable(node) -> bool:
    return isinstance(node.op, (Elementwise, Cast))


class Loop:
    """A loop nest over the shape of ``space``, a variable of its region."""

    def __init__(self, space):
        self.space = space
        self.nodes = []       # elementwise nodes, computed per element in this order
        self.stores = []      # variables written to arrays for use outside the loop
        self.reductions = []  # reduce nodes accumulated from values of this loop
        self.scatters = []    # inc_subtensor nodes whose added values this loop computes

    @property
    def ndim(self):
        return self.space.ndim

    def produced(self):
        return [n.outputs[0] for n in self.nodes + self.reductions + self.scatters] + [
            v for v in self.stores if v.owner is not None and isinstance(v.owner.op, DimShuffle)]

    def is_dead(self):
        return not (self.stores or self.reductions or self.scatters)

    def __repr__(self):
        ops = ", ".join(str(n.op) for n in self.nodes + self.reductions + self.scatters) or "copy"
        return f"Loop(rank {self.ndim}: {ops})"


class Step:
    """A node lowered as straight-line statements."""

    def __init__(self, node):
        self.node = node

    def produced(self):
        return list(self.node.outputs)

    def __repr__(self):
        return f"Step({self.node.op})"


def view_base(var):
    """The variable whose memory a (chain of) dimshuffle(s) of ``var`` reads."""
    while var.owner is not None and isinstance(var.owner.op, DimShuffle):
        var = var.owner.inputs[0]
    return var


class Planner:
    """Assigns the nodes of a function graph to loops and steps."""

    def __init__(self, inputs, outputs):
        self.inputs = list(inputs)
        self.outputs = list(outputs)
        self.nodes = toposort(self.outputs, stop_at=self.inputs)
        self.clients = {}
        for node in self.nodes:
            for v in node.inputs:
                self.clients.setdefault(id(v), []).append(node)
        self.output_ids = {id(v) for v in self.outputs}
        self.loop_of = {}  # id(node) -> Loop
        self.loops = []

    # -- elementwise regions ------------------------------------------------------
    def _reaches(self, starts, loop) -> bool:
        """Whether a path from the nodes ``starts`` leads into ``loop``.

        Paths run between units, not only between nodes: a loop runs as a
        whole, so a path entering one of its nodes leads on from all of them
        (else two loops could each read a value of the other).
        """
        stack, seen, expanded = list(starts), set(), set()
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            unit = self.loop_of.get(id(node))
            if unit is loop:
                return True
            members = [node]
            if unit is not None and id(unit) not in expanded:
                expanded.add(id(unit))
                members = unit.nodes + unit.reductions + unit.scatters
            for member in members:
                for out in member.outputs:
                    stack.extend(self.clients.get(id(out), ()))
        return False

    def _loop_to_join(self, node):
        out = node.outputs[0]
        clients = self.clients.get(id(out), [])
        candidates = []
        for c in clients:
            loop = self.loop_of.get(id(c))
            if (loop is not None and is_fusable(c) and loop not in candidates
                    and c.outputs[0].type.broadcastable == out.type.broadcastable):
                candidates.append(loop)
        for loop in candidates:
            others = [c for c in clients if not (is_fusable(c) and self.loop_of.get(id(c)) is loop)]
            if not self._reaches(others, loop):
                return loop
        return None

    def _assign_regions(self):
        for node in reversed(self.nodes):
            if not is_fusable(node):
                continue
            loop = self._loop_to_join(node)
            if loop is None:
                loop = Loop(node.outputs[0])
                self.loops.append(loop)
            loop.nodes.append(node)
            self.loop_of[id(node)] = loop
        for loop in self.loops:
            loop.nodes.reverse()
        self._merge_sibling_regions()

    def _merge_sibling_regions(self):
        """Join regions that one value feeds elementwise, when no path leaves one and enters the other.

        Regions are grown from their outputs, so a value read by two regions
        (a function's value and its gradient) lands in one of them and the
        other reads it from memory; one loop computes both instead, with no
        temporaries.  An elementwise edge of equal broadcast pattern proves the
        two loops run over the same shape.
        """
        position = {id(n): k for k, n in enumerate(self.nodes)}
        merged = True
        while merged:  # a join can make another possible: until none is left
            merged = False
            for node in self.nodes:
                loop, out = self.loop_of.get(id(node)), node.outputs[0]
                for c in self.clients.get(id(out), ()) if loop is not None else ():
                    other = self.loop_of.get(id(c))
                    if (other is not None and other is not loop and is_fusable(c)
                            and c.outputs[0].type.broadcastable == out.type.broadcastable
                            and self._can_merge(loop, other)):
                        for n in other.nodes:
                            self.loop_of[id(n)] = loop
                        loop.nodes = sorted(loop.nodes + other.nodes, key=lambda n: position[id(n)])
                        self.loops.remove(other)
                        merged = True

    def _can_merge(self, a, b) -> bool:
        """Whether no path leaves region ``a`` (or ``b``) and enters the other."""
        members = {id(n) for n in a.nodes + b.nodes}
        for source, target in ((a, b), (b, a)):
            leaving = [c for n in source.nodes for c in self.clients.get(id(n.outputs[0]), ())
                       if id(c) not in members]
            if self._reaches(leaving, target):
                return False
        return True

    def _assign_reductions(self):
        standalone = {}  # id(variable reduced) -> Loop with no nodes
        for node in self.nodes:
            if not isinstance(node.op, Reduce):
                continue
            x = node.inputs[0]
            # only an elementwise value is at hand in its loop's body: a reduction's result
            # is complete after the loop, and has a lower rank than the loop's space
            loop = self.loop_of.get(id(x.owner)) if x.owner is not None and is_fusable(x.owner) else None
            if loop is not None and self._reaches(self.clients.get(id(node.outputs[0]), ()), loop):
                loop = None
            if loop is None:
                loop = standalone.get(id(x))
                if loop is None:
                    loop = standalone[id(x)] = Loop(x)
                    self.loops.append(loop)
            loop.reductions.append(node)
            self.loop_of[id(node)] = loop

    def _is_scattered(self, node) -> bool:
        loop = self.loop_of.get(id(node))
        return loop is not None and node in loop.scatters

    def _assign_scatters(self):
        """Incs into zeros whose added value a loop computes: added by that loop, in place."""
        for node in self.nodes:  # in order, so a chain's first inc comes first
            if not isinstance(node.op, IncSubtensor) or node.op.set:
                continue
            base, y, *idx = node.inputs
            loop = self.loop_of.get(id(y.owner)) if y.owner is not None else None
            if (loop is None or not is_fusable(y.owner) or y.ndim == 0 or any(y.broadcastable)
                    or any(v.owner is not None for v in idx) or not self._base_ok(base, node, loop)
                    or self._reaches(self.clients.get(id(node.outputs[0]), ()), loop)):
                continue
            loop.scatters.append(node)
            self.loop_of[id(node)] = loop

    def _base_ok(self, base, node, loop) -> bool:
        """Zeros the loop can allocate itself, or the buffer of the previous inc of a chain."""
        model = zero_fill_model(base)
        if model is not None:
            return view_base(model).owner is None
        return (base.owner is not None and self._is_scattered(base.owner)
                and self.loop_of[id(base.owner)] is loop and id(base) not in self.output_ids
                and len(self.clients.get(id(base), ())) == 1)

    def _needs_array(self, var, loop) -> bool:
        """Whether a value computed in ``loop`` is read outside its loop body."""
        if id(var) in self.output_ids:
            return True
        for c in self.clients.get(id(var), ()):
            if self._is_scattered(c):
                if var is c.inputs[0] or (self.loop_of[id(c)] is loop and var is c.inputs[1]):
                    continue  # the zeros it adds into are allocated anew; the value is local
                return True
            inside = self.loop_of.get(id(c)) is loop and (is_fusable(c) or isinstance(c.op, Reduce))
            if not inside:
                return True
        return False

    def _assign_stores(self):
        for loop in self.loops:
            loop.stores = [n.outputs[0] for n in loop.nodes if self._needs_array(n.outputs[0], loop)]

    def _copy_views(self):
        """Dimshuffles that a non-elementwise op or the caller reads as arrays."""
        for node in self.nodes:
            if not isinstance(node.op, DimShuffle):
                continue
            out = node.outputs[0]
            readers = [c for c in self.clients.get(id(out), ())
                       if not (is_fusable(c) or isinstance(c.op, (DimShuffle, Reduce)))]
            if readers or id(out) in self.output_ids:
                loop = Loop(out)
                loop.stores = [out]
                self.loops.append(loop)
                self.loop_of[id(node)] = loop

    # -- order ----------------------------------------------------------------------
    def units(self) -> list:
        """Loops and steps, each after the units whose values it reads."""
        self._assign_regions()
        self._assign_reductions()
        self._assign_scatters()
        self._assign_stores()
        self._copy_views()
        position = {id(n): k for k, n in enumerate(self.nodes)}
        units, unit_of = [], {}
        for loop in self.loops:
            if not loop.is_dead():  # e.g. zeros only a scatter read, which allocates its own
                units.append(loop)
        for node in self.nodes:
            if id(node) not in self.loop_of and not isinstance(node.op, DimShuffle):
                units.append(Step(node))
        for unit in units:
            for v in unit.produced():
                unit_of[id(v)] = unit
        return _order(units, unit_of, position, self)


def _unit_reads(unit, planner) -> list:
    """The variables a unit reads from outside itself (views resolved to their base)."""
    if isinstance(unit, Step):
        nodes = [unit.node]
    else:
        nodes = unit.nodes + unit.reductions + unit.scatters
        if not nodes:  # a copy of a view
            nodes = [unit.space.owner]
    reads = []
    for node in nodes:
        for v in node.inputs:
            reads.append(view_base(v))
    return reads


def _order(units, unit_of, position, planner) -> list:
    def first_position(unit):
        nodes = [unit.node] if isinstance(unit, Step) else (
            unit.nodes + unit.reductions + unit.scatters or [unit.space.owner])
        return min(position.get(id(n), -1) for n in nodes)

    deps = {}
    for unit in units:
        own = {id(v) for v in unit.produced()}
        deps[id(unit)] = {id(unit_of[id(v)]) for v in _unit_reads(unit, planner)
                          if id(v) in unit_of and id(v) not in own and not isinstance(v, Constant)}
    ordered, done = [], set()
    pending = sorted(units, key=first_position)
    while pending:
        for k, unit in enumerate(pending):
            if deps[id(unit)] <= done:
                ordered.append(unit)
                done.add(id(unit))
                del pending[k]
                break
        else:
            raise RuntimeError(f"internal: the fusion plan has a cycle among {pending}")
    return ordered


def plan(inputs, outputs) -> list:
    """The units of the kernel computing ``outputs`` from ``inputs``, in order.

    Examples
    --------
    >>> import algrad.tensor as T
    >>> from algrad.lowering.plan import plan
    >>> x = T.dvector('x')
    >>> plan([x], [T.exp(x) * 2, T.sum(T.sin(x))])
    [Loop(rank 1: exp, mul), Loop(rank 1: sin, sum{axes=(0,)})]
    """
    return Planner(inputs, outputs).units()
