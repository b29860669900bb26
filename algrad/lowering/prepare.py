"""Rewrites the Numba backend makes before planning, so that more of a graph fuses.

Each is exact (the same values, bit for bit) and only changes how memory is
used; graph-level simplification is the optimizer's business
(:mod:`algrad.rewrite`).

``add_of_scatters_to_chain``
    ``inc_subtensor(zeros, a, i) + inc_subtensor(zeros, b, j)`` ->
    ``inc_subtensor(inc_subtensor(zeros, b, j), a, i)`` when both zeros fill
    the shape of the same variable.  Reverse mode writes the gradient of
    every slice of ``x`` this way (Rosenbrock's ``x[1:]`` and ``x[:-1]``); as
    a chain, both can be added into one buffer by the loop computing ``a``
    and ``b`` (see :mod:`algrad.lowering.plan`), with no temporary.
"""
from __future__ import annotations

from ..graph import Constant
from ..ops.dimshuffle import DimShuffle
from ..ops.elementwise import Elementwise
from ..ops.subtensor import IncSubtensor
from ..traversal import toposort


def zero_fill_model(var):
    """``model`` if ``var`` is ``fill(model, 0)`` (zeros of model's shape), else None."""
    node = var.owner
    if node is None or not isinstance(node.op, Elementwise) or node.op.name != "fill":
        return None
    model, value = node.inputs
    while value.owner is not None and isinstance(value.owner.op, DimShuffle):  # a padded scalar
        value = value.owner.inputs[0]
    if not isinstance(value, Constant) or value.data.size != 1 or value.data.flat[0] != 0:
        return None
    return model


def scatter_chain(var):
    """(zero-fill base, [inc nodes from the base up]) if ``var`` is incs into zeros."""
    chain = []
    while var.owner is not None and isinstance(var.owner.op, IncSubtensor) and not var.owner.op.set:
        chain.append(var.owner)
        var = var.owner.inputs[0]
    if not chain or zero_fill_model(var) is None:
        return None, []
    return var, chain[::-1]


def _chained_sum(node):
    """The chain replacing ``add(p, q)`` of two scatters into the same zeros, or None."""
    if not isinstance(node.op, Elementwise) or node.op.name != "add":
        return None
    p, q = node.inputs
    out = node.outputs[0]
    base_p, chain_p = scatter_chain(p)
    base_q, _ = scatter_chain(q)
    if base_p is None or base_q is None:
        return None
    if zero_fill_model(base_p) is not zero_fill_model(base_q):
        return None
    if not (p.type == q.type == out.type):
        return None
    result = q
    for inc in chain_p:
        _, y, *idx = inc.inputs
        result = IncSubtensor(inc.op.spec)(result, y, *idx)
    return result


def prepare(outputs) -> list:
    """``outputs`` with the rewrites above applied wherever they match.

    Examples
    --------
    >>> import algrad, algrad.tensor as T
    >>> from algrad.lowering.prepare import prepare
    >>> x = T.dvector('x')
    >>> z = T.zeros_like(x)
    >>> y = T.inc_subtensor(z[1:], x[:-1]) + T.inc_subtensor(z[:-1], x[1:])
    >>> algrad.pp(prepare([y])[0])
    'inc_subtensor(inc_subtensor(fill(x, TensorConstant{0.0})[:-1], x[1:])[1:], x[:-1])'
    """
    mapping = {}
    for node in toposort(outputs):
        inputs = [mapping.get(id(v), v) for v in node.inputs]
        new_node = node
        if any(a is not b for a, b in zip(inputs, node.inputs)):
            new_node = node.op.make_node(*inputs)
        for old, new in zip(node.outputs, new_node.outputs):
            mapping[id(old)] = new
        rewritten = _chained_sum(new_node)
        if rewritten is not None:
            mapping[id(node.outputs[0])] = rewritten
    return [mapping.get(id(v), v) for v in outputs]
