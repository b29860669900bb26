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
    return [v for v in variables(_checked(outputs, "graph_inputs"))
            if v.owner is None and not isinstance(v, Constant)]


def _checked(outputs, caller):
    """``outputs`` as a list of variables, or an error naming what is not one."""
    outputs = _as_list(outputs)
    for k, v in enumerate(outputs):
        if not isinstance(v, Variable):
            from .errors import AlgradTypeError
            where = f"output {k}" if len(outputs) > 1 else "the output"
            raise AlgradTypeError(f"{caller}: {where} is {v!r}, not a symbolic variable")
    return outputs


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




def clone_replace(output, replace=None, strict=True):  # noqa: A002 (Theano's argument name)
    """Theano's ``clone_replace``: ``output`` rebuilt with variables substituted.

    ``replace`` is a dict or a list of ``(old, new)`` pairs; a list of
    outputs gives a list, one output gives one.  With ``strict`` (the
    default, as in Theano) a replacement must have the dtype and the number
    of dimensions of what it replaces; ``strict=False`` lets the rebuilt
    nodes take new types.

    Examples
    --------
    >>> import algrad, algrad.tensor as T
    >>> x, z = T.dscalar('x'), T.dscalar('z')
    >>> algrad.pp(algrad.clone_replace(T.exp(x) + x, {x: z * 2}))
    '(exp((z * TensorConstant{2})) + (z * TensorConstant{2}))'
    """
    from .convert import as_tensor_variable
    from .errors import AlgradTypeError, ShapeError
    pairs = {}
    for old, new in (replace.items() if isinstance(replace, dict) else (replace or [])):
        if not isinstance(old, Variable):
            raise AlgradTypeError(f"clone_replace: {old!r} is replaced, but it is not a symbolic variable")
        new = as_tensor_variable(new)
        if strict and new.ndim != old.ndim:  # broadcasting would give the graph another meaning
            raise ShapeError(f"clone_replace: {old!r} has {old.ndim} dimension(s), its replacement "
                             f"{new!r} has {new.ndim} (strict=False allows it)")
        if strict and new.dtype != old.dtype and not (new.weak and isinstance(new, Constant)):
            raise AlgradTypeError(f"clone_replace: {old!r} is {old.dtype}, its replacement {new!r} "
                                  f"is {new.dtype} (strict=False allows it)")
        pairs[old] = new
    outputs = _replace(_checked(output, "clone_replace"), pairs)
    return outputs if isinstance(output, (list, tuple)) else outputs[0]


_replace = replace
