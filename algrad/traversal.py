"""Walking the DAG: topological order, ancestors, inputs, rebuilding.

Every walk is iterative (an explicit stack), so a chain of 100,000 ops is
no deeper for Python than a chain of one.
"""
from __future__ import annotations

from .graph import Constant, Variable


def _as_list(outputs):
    return list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]


def toposort(outputs, stop_at=()) -> list:
    """Apply nodes needed for ``outputs``, each after the nodes it reads.

    Nothing above a variable in ``stop_at`` is visited.  The order is the
    depth-first post-order, inputs taken left to right.
    """
    stop = {id(v) for v in stop_at}
    order, visited = [], set()
    for out in _as_list(outputs):
        root = out.owner
        if root is None or id(out) in stop or id(root) in visited:
            continue
        visited.add(id(root))
        stack = [(root, iter(root.inputs))]
        while stack:
            node, pending = stack[-1]
            for v in pending:
                owner = v.owner
                if owner is not None and id(owner) not in visited and id(v) not in stop:
                    visited.add(id(owner))
                    stack.append((owner, iter(owner.inputs)))
                    break
            else:
                stack.pop()
                order.append(node)
    return order


def variables(outputs, stop_at=()) -> list:
    """Every variable that ``outputs`` depend on, themselves included, in order."""
    seen, result = set(), []
    stop = {id(v) for v in stop_at}
    for node in toposort(outputs, stop_at):
        for v in node.inputs:
            if id(v) not in seen and (v.owner is None or id(v) in stop):
                seen.add(id(v))
                result.append(v)
        for v in node.outputs:
            if id(v) not in seen:
                seen.add(id(v))
                result.append(v)
    for v in _as_list(outputs):
        if id(v) not in seen:
            seen.add(id(v))
            result.append(v)
    return result


def graph_inputs(outputs) -> list:
    """The input variables (not constants) ``outputs`` depend on, in first-use order.

    Examples
    --------
    >>> import algrad, algrad.tensor as T
    >>> x, y = T.dscalar('x'), T.dscalar('y')
    >>> algrad.graph_inputs(x * y + x)
    [x, y]
    """
    return [v for v in variables(outputs) if v.owner is None and not isinstance(v, Constant)]


def ancestors(outputs, stop_at=()) -> set:
    """The ids of all variables ``outputs`` depend on (themselves included)."""
    return {id(v) for v in variables(outputs, stop_at)}


def replace(outputs, replacements: dict) -> list:
    """Rebuild ``outputs`` with variables substituted: ``{old: new}``.

    Nodes that do not depend on a replaced variable are kept as they are;
    the others are rebuilt through their op, so types are inferred anew and
    hash-consing shares what is shared.
    """
    mapping = {id(old): new for old, new in replacements.items()}
    for node in toposort(outputs, stop_at=list(replacements)):
        new_inputs = [mapping.get(id(v), v) for v in node.inputs]
        if all(a is b for a, b in zip(new_inputs, node.inputs)):
            continue
        new_node = node.op.make_node(*new_inputs)
        for old, new in zip(node.outputs, new_node.outputs):
            mapping[id(old)] = new
    return [mapping.get(id(v), v) for v in _as_list(outputs)]




def clone_replace(output, replace=None):  # noqa: A002 (Theano's argument name)
    """Theano's ``clone_replace``: ``output`` rebuilt with variables substituted.

    ``replace`` is a dict or a list of ``(old, new)`` pairs; a list of
    outputs gives a list, one output gives one.

    Examples
    --------
    >>> import algrad, algrad.tensor as T
    >>> x, z = T.dscalar('x'), T.dscalar('z')
    >>> algrad.pp(algrad.clone_replace(T.exp(x) + x, {x: z * 2}))
    '(exp((z * TensorConstant{2})) + (z * TensorConstant{2}))'
    """
    pairs = dict(replace.items() if isinstance(replace, dict) else (replace or []))
    outputs = _replace(_as_list(output), pairs)
    return outputs if isinstance(output, (list, tuple)) else outputs[0]


_replace = replace
