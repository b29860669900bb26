"""Jacobians, Hessians and Hessian-vector products, as Theano's ``theano.gradient``.

``jacobian`` avoids one reverse sweep per row where the structure allows:
the Jacobian of an elementwise map is diagonal and comes from a single
sweep.  Otherwise it loops a reverse sweep over the rows with ``scan``, as
Theano does.  ``hessian`` is the Jacobian of the gradient, and
``hessian_vector_product`` is forward-over-reverse (one ``Rop`` of the
gradient), so the Hessian is never formed.
"""
from __future__ import annotations

from .convert import as_tensor_variable
from .errors import AlgradTypeError
from .forward import Rop
from .grad import Lop, grad  # noqa: F401  (Theano has them here too)
from .ops import elementwise as ew
from .ops.dimshuffle import dimshuffle
from .ops.elementwise import Cast, Elementwise
from .ops.scan import scan
from .ops.shape import arange, flatten, reshape, shape, shape_i
from .traversal import toposort


def _as_list(x):
    return (list(x), True) if isinstance(x, (list, tuple)) else ([x], False)


def is_elementwise_map(y, x) -> bool:
    """True when ``y`` depends on ``x`` only elementwise, without broadcasting ``x``.

    Then d y_i / d x_j is zero for i != j: the Jacobian is diagonal.
    """
    if y.type.broadcastable != x.type.broadcastable:
        return False
    depends = {id(x)}
    for node in toposort([y], stop_at=[x]):
        if not any(id(v) in depends for v in node.inputs):
            continue
        if not isinstance(node.op, (Elementwise, Cast)):
            return False
        out = node.outputs[0]
        for v in node.inputs:
            if id(v) in depends and v.type.broadcastable != out.type.broadcastable:
                return False
        if out.type.broadcastable != x.type.broadcastable:
            return False
        depends.add(id(out))
    return id(y) in depends


def _diagonal_matrix(d):
    """The square matrix with the vector ``d`` on its diagonal."""
    n = shape_i(d, 0)
    index = arange(n)
    on_diagonal = ew.eq(dimshuffle(index, 0, "x"), dimshuffle(index, "x", 0))
    return ew.switch(on_diagonal, dimshuffle(d, "x", 0), 0)


def _jacobian_rows(y, wrt_list, consider_constant, disconnected_inputs):
    """One reverse sweep per element of the vector ``y``, looped with scan."""
    def row(i, y_vec, *wrt):
        return grad(y_vec[i], list(wrt), consider_constant=consider_constant,
                    disconnected_inputs=disconnected_inputs)
    rows, _ = scan(row, sequences=arange(shape_i(y, 0)), non_sequences=[y] + wrt_list)
    return rows if isinstance(rows, list) else [rows]


def jacobian(expression, wrt, consider_constant=None, disconnected_inputs="raise"):
    """The Jacobian of ``expression`` with respect to ``wrt``.

    The result for one wrt variable has shape ``expression.shape + wrt.shape``;
    a list of wrt variables gives a list.  A scalar expression gives its
    gradient.

    Examples
    --------
    >>> import algrad, algrad.tensor as T
    >>> x = T.dvector('x')
    >>> J = algrad.gradient.jacobian(x ** 2, x)
    >>> algrad.function([x], J, mode='numpy')([4, 4])
    array([[8., 0.],
           [0., 8.]])
    """
    y = as_tensor_variable(expression)
    wrt_list, is_list = _as_list(wrt)
    if y.ndim == 0:
        return grad(y, wrt, consider_constant=consider_constant,
                    disconnected_inputs=disconnected_inputs)
    if not y.dtype.startswith("float"):
        raise AlgradTypeError(f"jacobian: the expression {y!r} has dtype {y.dtype}; it must be a float")
    y_vec = y if y.ndim == 1 else flatten(y)
    results = []
    for k, x in enumerate(wrt_list):
        if y.ndim == 1 and x.ndim == 1 and not consider_constant and is_elementwise_map(y, x):
            d = grad(y.sum(), x,
                     disconnected_inputs=disconnected_inputs)
            results.append(_diagonal_matrix(d))
        else:
            results.append(None)
    missing = [x for x, r in zip(wrt_list, results) if r is None]
    if missing:
        rows = iter(_jacobian_rows(y_vec, missing, consider_constant, disconnected_inputs))
        results = [next(rows) if r is None else r for r in results]
    if y.ndim > 1:
        results = [_unflatten(J, y, x) for J, x in zip(results, wrt_list)]
    return results if is_list else results[0]


def _unflatten(J, y, x):
    """Rows of a flattened expression's Jacobian back to the expression's shape."""
    from .ops.shape import concatenate
    target = concatenate([shape(y), shape(x)]) if x.ndim else shape(y)
    return reshape(J, target, ndim=y.ndim + x.ndim)


def hessian(cost, wrt, consider_constant=None, disconnected_inputs="raise"):
    """The Hessian of a scalar ``cost`` with respect to each vector in ``wrt``.

    Examples
    --------
    >>> import algrad, algrad.tensor as T
    >>> x = T.dvector('x')
    >>> H = algrad.gradient.hessian(T.sum(x ** 2), x)
    >>> algrad.function([x], H, mode='numpy')([4, 4])
    array([[2., 0.],
           [0., 2.]])
    """
    cost = as_tensor_variable(cost)
    if cost.ndim != 0:
        raise AlgradTypeError(f"hessian: the cost must be a scalar, got {cost!r} ({cost.type.describe()})")
    wrt_list, is_list = _as_list(wrt)
    results = []
    for x in wrt_list:
        g = grad(cost, x, consider_constant=consider_constant, disconnected_inputs=disconnected_inputs)
        results.append(jacobian(g, x, consider_constant=consider_constant,
                                disconnected_inputs="ignore"))
    return results if is_list else results[0]


def hessian_vector_product(cost, wrt, v, consider_constant=None):
    """The Hessian of ``cost`` times ``v``, without forming the Hessian.

    Forward mode applied to the gradient: one reverse sweep and one forward
    sweep, whatever the size of ``wrt``.

    Examples
    --------
    >>> import algrad, algrad.tensor as T
    >>> x, v = T.dvector('x'), T.dvector('v')
    >>> Hv = algrad.gradient.hessian_vector_product(T.sum(x ** 2), x, v)
    >>> algrad.function([x, v], Hv, mode='numpy')([4, 4], [2, 2])
    array([4., 4.])
    """
    wrt_list, is_list = _as_list(wrt)
    v_list, _ = _as_list(v)
    if len(v_list) != len(wrt_list):
        raise ValueError(f"hessian_vector_product: {len(wrt_list)} wrt variables but {len(v_list)} vectors")
    g = grad(cost, wrt_list, consider_constant=consider_constant)
    result = Rop(g, wrt_list, v_list)
    return result if is_list else result[0]
