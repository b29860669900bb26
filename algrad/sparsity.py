"""Structural sparsity of Jacobians of vector maps: which diagonals can be nonzero.

For vectors ``y`` (length m) and ``x`` (length n) the analysis finds a set S
of offsets such that ``d y[i] / d x[j]`` is zero unless ``j - i`` is in S:
the Jacobian is banded.  Elementwise maps give S = {0}; a shift such as
``x[1:]`` moves S by one; the gradient of Rosenbrock's function has
S = {-1, 0, 1}.  Lengths need not be known when the graph is built.

The rules follow *derivative* dependence: an input whose partial rule is
None (the shape operand of ``fill``, the condition of ``switch``, the
operands of a comparison) carries no dependence.  Any op the rules do not
understand, with an input that depends on x, makes the answer "dense"
(None): the analysis is conservative, never wrong.
"""
from __future__ import annotations

from .graph import Constant
from .ops.dimshuffle import DimShuffle
from .ops.elementwise import Cast, Elementwise
from .ops.subtensor import IncSubtensor, Subtensor
from .traversal import toposort

#: more diagonals than this is not worth a banded Jacobian: use a dense method
MAX_OFFSETS = 64


def _slice_start(node, first_index_input):
    """The constant start of a unit-step slice along axis 0, or None."""
    entry = node.op.spec[0] if node.op.spec else None
    if entry == "i" or entry is None:
        return None
    has_start, _, has_step = entry
    k = first_index_input
    start = 0
    if has_start:
        v = node.inputs[k]
        if not isinstance(v, Constant) or int(v.data) < 0:
            return None  # a start counted from the end moves with the length
        start = int(v.data)
        k += 1
    if entry[1]:
        k += 1
    if has_step:
        v = node.inputs[k]
        if not isinstance(v, Constant) or int(v.data) != 1:
            return None
    return start


def _elementwise_offsets(node, offsets):
    out = node.outputs[0]
    result = set()
    for v, rule in zip(node.inputs, node.op.partials):
        s = offsets.get(id(v), set())
        if rule is None or not s:
            continue
        if v.ndim != 1 or v.type.shape[0] == 1 != out.type.shape[0]:
            return None
        result |= s
    return result


def _node_offsets(node, offsets):
    """Offsets of the node's output, or None for dense."""
    op = node.op
    if isinstance(op, Elementwise):
        return _elementwise_offsets(node, offsets)
    if isinstance(op, Cast):
        return offsets.get(id(node.inputs[0]), set())
    if isinstance(op, DimShuffle):
        return None  # a rank change: only its identity form (never built) keeps offsets
    if isinstance(op, Subtensor) and node.inputs[0].ndim == 1 and len(op.spec) == 1:
        start = _slice_start(node, 1)
        if start is None:
            return None
        return {o + start for o in offsets.get(id(node.inputs[0]), set())}
    if isinstance(op, IncSubtensor) and node.inputs[0].ndim == 1 and len(op.spec) == 1:
        start = _slice_start(node, 2)
        if start is None:
            return None
        base = offsets.get(id(node.inputs[0]), set())
        region = offsets.get(id(node.inputs[1]), set())
        return base | {o - start for o in region}
    return None


def _differentiable_inputs(node):
    """The inputs the node's outputs may have a nonzero derivative with respect to."""
    if isinstance(node.op, Elementwise):
        return [v for v, rule in zip(node.inputs, node.op.partials) if rule is not None]
    return [v for v in node.inputs if v.dtype.startswith("float")]


def jacobian_offsets(y, x):
    """The diagonals of d y / d x that may be nonzero, sorted; None when dense.

    Examples
    --------
    >>> import algrad.tensor as T
    >>> from algrad.sparsity import jacobian_offsets
    >>> x = T.dvector('x')
    >>> jacobian_offsets(T.exp(x) * x, x)
    [0]
    >>> jacobian_offsets(x[1:] - x[:-1] ** 2, x)
    [0, 1]
    >>> jacobian_offsets(x * T.sum(x), x) is None
    True
    """
    if y.ndim != 1 or x.ndim != 1:
        return None
    offsets, dense = _offset_analysis(y, x)
    if id(y) in dense:
        return None
    found = sorted(offsets.get(id(y), set()))
    if len(found) > MAX_OFFSETS:
        return None
    return found


def _offset_analysis(y, x):
    """``({id: offsets}, dense ids)`` for the variables between ``x`` and ``y``."""
    offsets = {id(x): {0}}
    dense = set()
    for node in toposort([y], stop_at=[x]):
        depends = [v for v in _differentiable_inputs(node) if id(v) in dense or offsets.get(id(v))]
        if not depends:
            continue
        result = None if any(id(v) in dense for v in depends) else _node_offsets(node, offsets)
        for out in node.outputs:
            if not out.dtype.startswith("float"):
                continue
            if result is None or out.ndim != 1:
                dense.add(id(out))
            elif result:
                offsets[id(out)] = result
    return offsets, dense


def _input_shifts(node):
    """Per input, how far its diagonals move in the output: output offset = input offset + shift."""
    op = node.op
    if isinstance(op, Subtensor):
        return [_slice_start(node, 1)] + [None] * (len(node.inputs) - 1)
    if isinstance(op, IncSubtensor):
        start = _slice_start(node, 2)
        return [0, -start] + [None] * (len(node.inputs) - 2)
    return [0] * len(node.inputs)


def jacobian_diagonals(y, x):
    """The nonzero diagonals of d y / d x, as ``{offset: vector}``; None when not banded.

    Forward mode in which the tangent of every vector is its own banded
    Jacobian, one vector per diagonal: ``D[o][i] = d v[i] / d x[i + o]``.
    Each op's forward rule maps the diagonals of its inputs to those of its
    output (a slice moves them, an elementwise op scales them), so one sweep
    over the data gives the whole band, with no colouring and no gathers.

    Examples
    --------
    >>> import algrad, algrad.tensor as T
    >>> from algrad.sparsity import jacobian_diagonals
    >>> x = T.dvector('x')
    >>> d = jacobian_diagonals(x[1:] * x[:-1], x)
    >>> sorted(d)
    [0, 1]
    >>> algrad.function([x], [d[0], d[1]], mode='numpy')([1.0, 2.0, 3.0])
    [array([2., 3.]), array([1., 2.])]
    """
    from .forward import match_output
    from .ops.elementwise import ones_like
    if jacobian_offsets(y, x) is None:
        return None
    _, dense = _offset_analysis(y, x)
    diagonals = {id(x): {0: ones_like(x)}}
    for node in toposort([y], stop_at=[x]):
        if any(id(out) in dense for out in node.outputs):
            continue  # y is banded, so this dense part (a reversed slice) never reaches it
        # as in jacobian_offsets, only inputs with a derivative carry diagonals: the model
        # of a fill may reach x through a slice no rule shifts (a negative step)
        differentiable = {id(v) for v in _differentiable_inputs(node)}
        held = [diagonals.get(id(v)) if id(v) in differentiable else None for v in node.inputs]
        if not any(held):
            continue
        shifts = _input_shifts(node)
        wanted = sorted({o + shift for d, shift in zip(held, shifts) if d for o in d})
        out = node.outputs[0]
        result = {}
        for o in wanted:
            x_dots = [None if not d else d.get(o - shift) for d, shift in zip(held, shifts)]
            if all(t is None for t in x_dots):
                continue
            (tangent,) = node.op.jvp(node, x_dots)
            if tangent is not None:
                result[o] = match_output(tangent, out)
        if result:
            diagonals[id(out)] = result
    return diagonals.get(id(y), {})
