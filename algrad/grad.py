"""Reverse mode: ``grad`` and ``Lop``.

The driver walks the nodes between the wrt variables and the cost in
reverse topological order, asks each op's ``vjp`` rule for its inputs'
cotangents, undoes broadcasting, and adds up the contributions.  It builds
graph and returns it; it never changes a node.
"""
from __future__ import annotations

import warnings

from .convert import as_tensor_variable
from .errors import AlgradTypeError, ArgumentError, DisconnectedInputError, ShapeError
from .gc_pause import gc_paused
from .graph import Variable, constant
from .ops import elementwise as ew
from .ops.reduce import sum as reduce_sum
from .traversal import ancestors, toposort

_DISCONNECTED_CHOICES = ("raise", "warn", "ignore")


def _as_list(x):
    return (list(x), True) if isinstance(x, (list, tuple)) else ([x], False)


def _describe(v, k, n):
    name = f"'{v.name}'" if v.name else repr(v)
    return f"{name} (wrt[{k}])" if n > 1 else name


def _cost_words(cost):
    if cost is None:
        return ""
    text = repr(cost)
    return f" {text}" if len(text) <= 60 else ""


def _scan_hint(cost):
    from .ops.scan import is_sequence_slice
    if cost is not None and is_sequence_slice(cost):
        return (". Inside scan, an element of a sequence is a new variable that depends on "
                "nothing: iterate over indices instead (sequences=T.arange(y.shape[0])) and "
                "take y[i] inside the step")
    return ""


def unbroadcast(g, x):
    """``g`` summed over the axes along which ``x`` was broadcast, in ``x``'s dtype."""
    if g.ndim != x.ndim:
        raise ShapeError(f"internal: a gradient of rank {g.ndim} for {x!r} of rank {x.ndim}")
    axes = [i for i, (n, m) in enumerate(zip(x.type.shape, g.type.shape)) if n == 1 and m != 1]
    if axes:
        g = reduce_sum(g, axis=axes, keepdims=True)
    if g.dtype != x.dtype and x.dtype.startswith("float"):
        g = ew.cast(g, x.dtype)
    return g


def backpropagate(seeds: dict, wrt: list, consider_constant=()) -> dict:
    """Cotangents of ``wrt`` given the cotangents ``seeds`` of some outputs.

    Returns ``{id(var): cotangent}`` for the wrt variables that receive one.
    """
    seed_vars = list(seeds)
    # the nodes to visit: ancestors of the seeds that depend on some wrt variable
    depends = {id(v) for v in wrt}
    nodes = []
    for node in toposort(seed_vars, stop_at=consider_constant):
        if any(id(v) in depends for v in node.inputs):
            depends.update(id(v) for v in node.outputs)
            nodes.append(node)
    cotangents = {id(v): [g] for v, g in seeds.items()}
    for node in reversed(nodes):
        y_bars = [_settle(cotangents, v) for v in node.outputs]
        if all(g is None for g in y_bars):
            continue
        if len(y_bars) > 1 and any(g is None for g in y_bars):
            y_bars = [ew.zeros_like(v) if g is None else g for v, g in zip(node.outputs, y_bars)]
        needed = [id(v) in depends and v.dtype.startswith("float") for v in node.inputs]
        x_bars = node.op.vjp(node, y_bars, needed)
        for x, x_bar, want in zip(node.inputs, x_bars, needed):
            if x_bar is None or not want:
                continue
            cotangents.setdefault(id(x), []).append(unbroadcast(x_bar, x))
    return {id(v): _total(cotangents.get(id(v))) for v in wrt}


def _settle(cotangents, v):
    """The total cotangent of ``v``, kept summed: ``v`` may itself be a wrt variable."""
    total = _total(cotangents.get(id(v)))
    if total is not None:
        cotangents[id(v)] = [total]
    return total


def _total(terms):
    if not terms:
        return None
    total = terms[0]
    for t in terms[1:]:
        total = ew.add(total, t)
    return total


@gc_paused
def grad(cost, wrt, consider_constant=None, disconnected_inputs="raise", known_grads=None,
         return_disconnected="zero"):
    """The gradient of a scalar ``cost`` with respect to ``wrt``, as a graph.

    Parameters
    ----------
    cost : scalar Variable, or None when ``known_grads`` gives the seeds
    wrt : Variable or list of Variables
        A list gives a list of gradients in the same order.
    consider_constant : list of Variables, optional
        Gradients do not flow through these.
    disconnected_inputs : {'raise', 'warn', 'ignore'}
        What to do for a wrt variable the cost does not depend on; its
        gradient is zeros unless this raises.
    known_grads : dict, optional
        ``{variable: its gradient}``, added to the gradient coming from cost.
    return_disconnected : {'zero', 'none'}
        What a disconnected input's gradient is.

    Examples
    --------
    >>> import algrad, algrad.tensor as T
    >>> x = T.dscalar('x')
    >>> algrad.pp(T.grad(x ** 2, x))
    '((fill((x ** TensorConstant{2}), TensorConstant{1.0}) * TensorConstant{2}) * (x ** (TensorConstant{2} - TensorConstant{1})))'
    """
    if disconnected_inputs not in _DISCONNECTED_CHOICES:
        raise ArgumentError(f"disconnected_inputs must be one of {_DISCONNECTED_CHOICES}, "
                            f"got {disconnected_inputs!r}")
    if return_disconnected not in ("zero", "none"):
        raise ArgumentError(f"return_disconnected must be 'zero' or 'none', "
                            f"got {return_disconnected!r}")
    wrt_list, is_list = _as_list(wrt)
    for k, v in enumerate(wrt_list):
        if not isinstance(v, Variable):
            raise AlgradTypeError(f"grad: wrt[{k}] is {v!r}, not a symbolic variable")
    seeds = {}
    if cost is not None:
        cost = as_tensor_variable(cost)
        if cost.ndim != 0:
            raise AlgradTypeError(
                f"grad: the cost must be a scalar, got {cost!r} ({cost.type.describe()}); "
                "sum it, or use algrad.gradient.jacobian or Lop for a non-scalar expression")
        one = constant(1.0, dtype=cost.dtype if cost.dtype.startswith("float") else "float64")
        seeds[cost] = ew.fill(cost, one)
    for v, g in (known_grads or {}).items():
        if not isinstance(v, Variable):
            raise AlgradTypeError(f"grad: known_grads has the key {v!r}, not a symbolic variable")
        g = as_tensor_variable(g)
        if g.ndim != v.ndim:
            raise ShapeError(f"grad: known_grads gives {v!r} a gradient of rank {g.ndim}, "
                             f"but it has rank {v.ndim}")
        seeds[v] = ew.add(seeds[v], g) if v in seeds else g
    if not seeds:
        raise ArgumentError("grad needs a cost or known_grads")
    consider_constant = list(consider_constant or ())
    for k, v in enumerate(consider_constant):
        if not isinstance(v, Variable):  # it would be ignored, silently
            raise AlgradTypeError(f"grad: consider_constant[{k}] is {v!r}, not a symbolic variable")
    reachable = ancestors(list(seeds), stop_at=consider_constant)
    results = backpropagate(seeds, wrt_list, consider_constant)
    out = []
    for k, v in enumerate(wrt_list):
        g = results[id(v)]
        if id(v) not in reachable:
            message = (f"grad: the cost{_cost_words(cost)} does not depend on "
                       f"{_describe(v, k, len(wrt_list))}; pass disconnected_inputs='ignore' to get "
                       f"zeros{_scan_hint(cost)}")
            if disconnected_inputs == "raise":
                raise DisconnectedInputError(message)
            if disconnected_inputs == "warn":
                warnings.warn(message, stacklevel=2)
            if return_disconnected == "none":
                out.append(None)
                continue
        if g is None:
            g = ew.zeros_like(v, dtype=v.dtype if v.dtype.startswith("float") else "float64")
        out.append(g)
    return out if is_list else out[0]


@gc_paused
def Lop(f, wrt, eval_points, consider_constant=None, disconnected_inputs="raise"):
    """Vector times Jacobian: the cotangent of ``wrt`` when ``f``'s is ``eval_points``.

    ``eval_points`` has ``f``'s shape and the result ``wrt``'s; lists of
    either are matched in order.

    Examples
    --------
    >>> import algrad, algrad.tensor as T
    >>> W, v, x = T.dmatrix('W'), T.dvector('v'), T.dvector('x')
    >>> f = algrad.function([v, x], T.Lop(T.dot(x, W), W, v), mode='numpy')
    >>> f([2, 2], [0, 1])
    array([[0., 0.],
           [2., 2.]])
    """
    f_list, _ = _as_list(f)
    points, _ = _as_list(eval_points)
    if len(f_list) != len(points):
        raise ArgumentError(f"Lop: {len(f_list)} expressions but {len(points)} eval points")
    known = {}
    for y, p in zip(f_list, points):
        y = as_tensor_variable(y)
        p = as_tensor_variable(p)
        if p.ndim != y.ndim:
            raise ShapeError(f"Lop: the eval point {p!r} has rank {p.ndim}, but {y!r} has rank {y.ndim}")
        known[y] = ew.cast(p, y.dtype) if y.dtype.startswith("float") else p
    return grad(None, wrt, consider_constant=consider_constant,
                disconnected_inputs=disconnected_inputs, known_grads=known)
