"""scan: symbolic loops with Theano's semantics, and their derivatives.

``fn`` is called once, symbolically, to build the *inner graph* of one step.
Its free variables that do not depend on the step's arguments (the
non-sequences, and anything ``fn`` closes over, such as ``y = x ** 2``
when it takes ``T.grad(y[i], x)``) are computed once outside the loop and
passed in, so the inner graph is closed and loop-invariant work is hoisted.

The reverse rule is itself a scan, running backwards over the steps; the
forward rule is a scan that carries tangents beside the states.
"""
from __future__ import annotations

import itertools
import weakref

import numpy as np

from ..convert import as_tensor_variable
from ..errors import AlgradTypeError, ArgumentError, ShapeError
from ..graph import Constant, Variable, apply_node, constant
from ..types import TensorType
from . import elementwise as ew
from .base import Op

# placeholders standing for one element of a sequence inside a step
_SEQUENCE_SLICES: "weakref.WeakSet" = weakref.WeakSet()


def is_sequence_slice(v) -> bool:
    return v in _SEQUENCE_SLICES


class Scan(Op):
    """A loop over ``n_steps``: inputs are n_steps, sequences, initial states, captured values.

    ``recurrent[k]`` says whether output k is fed back as a state.  Each
    instance is its own op: two scans are equal only when they are the same.
    """

    props = ("uid",)
    _count = itertools.count()

    def __init__(self, inner_inputs, inner_outputs, n_seqs, recurrent):
        self.uid = next(Scan._count)
        self.inner_inputs = list(inner_inputs)
        self.inner_outputs = list(inner_outputs)
        self.n_seqs = n_seqs
        self.recurrent = tuple(recurrent)
        self.n_states = sum(recurrent)
        self._program = None

    def __repr__(self):
        return f"scan{{{self.uid}}}"

    def make_node(self, n_steps, *outer):
        steps = int(n_steps.data) if isinstance(n_steps, Constant) else None
        types = [TensorType(v.dtype, (steps,) + v.type.shape) for v in self.inner_outputs]
        return apply_node(self, [n_steps, *outer], types)

    def split(self, values):
        """(n_steps, sequences, initial states, captured) from the node's inputs."""
        n_steps, rest = values[0], list(values[1:])
        seqs = rest[:self.n_seqs]
        inits = rest[self.n_seqs:self.n_seqs + self.n_states]
        return n_steps, seqs, inits, rest[self.n_seqs + self.n_states:]

    def perform(self, node, inputs):
        from ..reference import ReferenceProgram
        if self._program is None:
            self._program = ReferenceProgram(self.inner_inputs, self.inner_outputs)
        n_steps, seqs, states, captured = self.split(inputs)
        n = int(n_steps)
        for k, s in enumerate(seqs):
            if len(s) < n:
                raise ShapeError(f"scan: sequence {k} has {len(s)} elements but the loop runs {n} steps")
        collected = [[] for _ in self.inner_outputs]
        for t in range(n):
            results = self._program(*[s[t] for s in seqs], *states, *captured)
            k_state = 0
            for k, (value, rec) in enumerate(zip(results, self.recurrent)):
                collected[k].append(value)
                if rec:
                    if np.shape(value) != np.shape(states[k_state]):
                        raise ShapeError(f"scan: step {t} returned a state of shape {np.shape(value)} "
                                         f"for output {k}, whose initial value has shape "
                                         f"{np.shape(states[k_state])}")
                    states[k_state] = value
                    k_state += 1
        outs = []
        for k, (values, var) in enumerate(zip(collected, self.inner_outputs)):
            if values:
                outs.append(np.stack(values).astype(var.dtype, copy=False))
            else:
                outs.append(np.zeros((0,) + tuple(n or 0 for n in var.type.shape), var.dtype))
        return outs

    def vjp(self, node, y_bars, needed):
        from .scan_grad import scan_vjp
        return scan_vjp(self, node, y_bars, needed)

    def jvp(self, node, x_dots):
        from .scan_grad import scan_jvp
        return scan_jvp(self, node, x_dots)


def _close_inner_graph(placeholders, outputs):
    """Cut the inner graph where it stops depending on the step's arguments.

    Returns (captured outer variables, their placeholders, closed outputs).
    """
    from ..traversal import replace, toposort
    depends = {id(p) for p in placeholders}
    captured = {}
    for node in toposort(outputs, stop_at=placeholders):
        if any(id(v) in depends for v in node.inputs):
            depends.update(id(o) for o in node.outputs)
            for v in node.inputs:
                if id(v) not in depends and not isinstance(v, Constant):
                    captured.setdefault(id(v), v)
    for v in outputs:
        if id(v) not in depends and not isinstance(v, Constant):
            captured.setdefault(id(v), v)
    outer = list(captured.values())
    inner = [Variable(v.type, name=v.name) for v in outer]
    closed = replace(outputs, dict(zip(outer, inner))) if outer else list(outputs)
    return outer, inner, closed


def scan(fn, sequences=None, outputs_info=None, non_sequences=None, n_steps=None,
         truncate_gradient=-1, go_backwards=False, name=None, strict=False):
    """Loop ``fn`` over sequences and recurrent states, as Theano's ``scan``.

    ``fn`` receives, in order, one element of each sequence, the previous
    value of each output whose ``outputs_info`` entry is not None, and the
    non-sequences as they are (so ``fn`` may take gradients with respect to
    them).  Returns ``(outputs, updates)``: each output stacked along a new
    first axis (one output alone, several as a list), and an empty dict.

    Examples
    --------
    The Jacobian of ``x ** 2``, one gradient per row:

    >>> import algrad, algrad.tensor as T
    >>> x = T.dvector('x')
    >>> y = x ** 2
    >>> J, updates = algrad.scan(lambda i, y, x: T.grad(y[i], x),
    ...                          sequences=T.arange(y.shape[0]), non_sequences=[y, x])
    >>> algrad.function([x], J, updates=updates, mode='numpy')([4, 4])
    array([[8., 0.],
           [0., 8.]])

    A cumulative product, a recurrence:

    >>> a = T.dvector('a')
    >>> p, _ = algrad.scan(lambda v, prev: prev * v, sequences=a, outputs_info=T.constant(1.0))
    >>> algrad.function([a], p, mode='numpy')([1, 2, 3])
    array([1., 2., 6.])
    """
    from .shape import shape_i
    if not callable(fn):
        raise AlgradTypeError(f"scan: fn must be a function of the step's variables, got {fn!r}")
    if truncate_gradient not in (-1, None):
        raise NotImplementedError("scan: truncate_gradient is not supported")
    seqs = _as_list(sequences, "sequences")
    seqs = [as_tensor_variable(s) for s in seqs]
    for k, s in enumerate(seqs):
        if s.ndim == 0:
            raise ShapeError(f"scan: sequence {k} ({s!r}) is a scalar; sequences are iterated along axis 0")
    if go_backwards:
        from .subtensor import subtensor
        seqs = [subtensor(s, slice(None, None, -1)) for s in seqs]
    infos = _as_list(outputs_info, "outputs_info")
    non_seqs = _as_list(non_sequences, "non_sequences")
    inits = []
    for k, info in enumerate(infos):
        if isinstance(info, dict):
            raise NotImplementedError("scan: outputs_info dictionaries (taps) are not supported; "
                                      "give the initial value itself")
        inits.append(None if info is None else as_tensor_variable(info))
    slices = []
    for k, s in enumerate(seqs):
        label = s.name or (repr(s) if len(repr(s)) <= 30 else f"sequence{k}")
        p = Variable(TensorType(s.dtype, s.type.shape[1:]), name=f"{label}[t]")
        _SEQUENCE_SLICES.add(p)
        slices.append(p)
    states = [Variable(v.type, name=f"{v.name or f'state{k}'}[t-1]")
              for k, v in enumerate(inits) if v is not None]
    result = fn(*slices, *states, *non_seqs)
    outputs, _ = _as_list(result, "the step function's result"), None
    outputs = [as_tensor_variable(o) for o in outputs]
    if len(outputs) < len(inits):
        raise ArgumentError(f"scan: outputs_info has {len(inits)} entries but the step returns "
                            f"{len(outputs)} outputs")
    recurrent = [k < len(inits) and inits[k] is not None for k in range(len(outputs))]
    state_inits = [v for v in inits if v is not None]
    for k, (out, rec) in enumerate(zip(outputs, recurrent)):
        if rec:
            init = inits[k]
            if out.ndim != init.ndim:
                raise ShapeError(f"scan: output {k} has rank {out.ndim} but its initial value "
                                 f"{init!r} has rank {init.ndim}")
            if out.dtype != init.dtype:
                raise AlgradTypeError(f"scan: output {k} has dtype {out.dtype} but its initial value "
                                      f"has dtype {init.dtype}; cast one of them")
    placeholders = slices + states
    captured, captured_inner, closed = _close_inner_graph(placeholders, outputs)
    if n_steps is None:
        if not seqs:
            raise ArgumentError("scan needs sequences or n_steps to know how many steps to run")
        steps = shape_i(seqs[0], 0)
        for s in seqs[1:]:
            steps = ew.minimum(steps, shape_i(s, 0))
    else:
        steps = ew.cast(as_tensor_variable(n_steps), "int64")
        for s in seqs:
            steps = ew.minimum(steps, shape_i(s, 0))
    op = Scan(placeholders + captured_inner, closed, len(seqs), recurrent)
    outs = op.make_node(steps, *seqs, *state_inits, *captured).outputs
    return (outs[0] if len(outs) == 1 else list(outs)), {}


def _as_list(x, what):
    if x is None:
        return []
    if isinstance(x, (list, tuple)):
        return list(x)
    return [x]


