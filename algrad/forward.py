"""Forward mode: ``Rop``, the Jacobian times a vector.

The driver walks the nodes from the wrt variables to the outputs in
topological order and asks each op's ``jvp`` rule for its outputs'
tangents.  The rules come from the same declarations as the reverse rules
(the partials of elementwise ops, linearity for linear ops); Rop is true
forward mode, never Lop applied twice.
"""
from __future__ import annotations

from .convert import as_tensor_variable
from .errors import AlgradTypeError, ArgumentError, ShapeError
from .gc_pause import gc_paused
from .graph import Variable
from .ops import elementwise as ew
from .traversal import toposort


def _as_list(x):
    return (list(x), True) if isinstance(x, (list, tuple)) else ([x], False)


def match_output(y_dot, out):
    """A tangent broadcast to ``out``'s static shape and cast to its dtype."""
    if y_dot.ndim < out.ndim or any(
            n == 1 and m != 1 for n, m in zip(y_dot.type.shape, out.type.shape)):
        y_dot = ew.fill(out, y_dot)
    if y_dot.dtype != out.dtype and out.dtype.startswith("float"):
        y_dot = ew.cast(y_dot, out.dtype)
    return y_dot


def push_forward(tangents: dict, outputs: list) -> dict:
    """Tangents of ``outputs`` given ``{id(variable): tangent}`` of some variables.

    Returns ``{id(output): tangent or None}``.
    """
    for node in toposort(outputs):
        x_dots = [tangents.get(id(x)) for x in node.inputs]
        if all(d is None for d in x_dots):
            continue
        y_dots = node.op.jvp(node, x_dots)
        for out, y_dot in zip(node.outputs, y_dots):
            if y_dot is not None and out.dtype.startswith("float"):
                tangents[id(out)] = match_output(y_dot, out)
    return {id(v): tangents.get(id(v)) for v in outputs}


@gc_paused
def Rop(f, wrt, eval_points):
    """Jacobian of ``f`` with respect to ``wrt`` times ``eval_points``.

    ``eval_points`` has the shape of ``wrt`` and the result that of ``f``;
    lists of either are matched in order (a list ``f`` gives a list back).

    Examples
    --------
    >>> import algrad, algrad.tensor as T
    >>> W, V, x = T.dmatrix('W'), T.dmatrix('V'), T.dvector('x')
    >>> JV = T.Rop(T.dot(x, W), W, V)
    >>> f = algrad.function([W, V, x], JV, mode='numpy')
    >>> f([[1, 1], [1, 1]], [[2, 2], [2, 2]], [0, 1])
    array([2., 2.])
    """
    f_list, f_is_list = _as_list(f)
    wrt_list, _ = _as_list(wrt)
    points, _ = _as_list(eval_points)
    if len(wrt_list) != len(points):
        raise ArgumentError(f"Rop: {len(wrt_list)} wrt variables but {len(points)} eval points")
    tangents = {}
    for k, (w, p) in enumerate(zip(wrt_list, points)):
        if not isinstance(w, Variable):
            raise AlgradTypeError(f"Rop: wrt[{k}] is {w!r}, not a symbolic variable")
        p = as_tensor_variable(p)
        if p.ndim != w.ndim:
            raise ShapeError(f"Rop: the eval point {p!r} has rank {p.ndim}, but {w!r} has rank {w.ndim}")
        tangents[id(w)] = ew.cast(p, w.dtype) if w.dtype.startswith("float") else p
    f_list = [as_tensor_variable(y) for y in f_list]
    results = push_forward(tangents, f_list)
    out = []
    for y in f_list:
        t = results[id(y)]
        if t is None:
            t = ew.zeros_like(y, dtype=y.dtype if y.dtype.startswith("float") else "float64")
        out.append(t)
    return out if f_is_list else out[0]
