"""Jacobians, Hessians and Hessian-vector products, as Theano's ``theano.gradient``.

``jacobian`` avoids one reverse sweep per row where the structure allows:
:mod:`algrad.sparsity` finds banded structure in the graph (an elementwise
map is diagonal, Rosenbrock's Hessian tridiagonal) and computes the whole
band in one forward sweep whose tangents are the diagonals themselves.
Otherwise it loops a reverse sweep over the rows with ``scan``, as Theano
does.  ``hessian`` is the Jacobian of the gradient, and
``hessian_vector_product`` is forward-over-reverse (one ``Rop`` of the
gradient), so the Hessian is never formed.
"""
from __future__ import annotations

import warnings

from .convert import as_tensor_variable
from .errors import AlgradTypeError, ArgumentError, DisconnectedInputError
from .forward import Rop
from .grad import Lop, grad  # noqa: F401  (Theano has them here too)
from .ops import elementwise as ew
from .ops.banded import BandsToCSR, BandsToDense
from .ops.scan import scan
from .ops.shape import arange, flatten, reshape, shape, shape_i
from .sparse import CSRMatrix
from .sparsity import jacobian_diagonals, jacobian_offsets
from .traversal import ancestors
from .verify import GradientError, verify_grad  # noqa: F401  (Theano has them here)


def _as_list(x):
    return (list(x), True) if isinstance(x, (list, tuple)) else ([x], False)


def is_elementwise_map(y, x) -> bool:
    """True when ``y`` depends on ``x`` only elementwise: its Jacobian is diagonal."""
    return y.ndim == 1 and x.ndim == 1 and jacobian_offsets(y, x) == [0]


def _banded_jacobian(y, x, diagonals, sparse):
    """The banded Jacobian from its diagonals, dense or as CSR arrays."""
    offsets = sorted(diagonals) or [0]
    values = [diagonals[o] if o in diagonals else ew.zeros_like(y) for o in offsets]
    n_cols = shape_i(x, 0)
    if sparse:
        data, indices, indptr = BandsToCSR(offsets)(n_cols, *values)
        return CSRMatrix(parts=(data, indices, indptr, shape_i(y, 0), n_cols))
    return BandsToDense(offsets)(n_cols, *values)


def _jacobian_rows(y, wrt_list, consider_constant, disconnected_inputs):
    """One reverse sweep per element of the vector ``y``, looped with scan."""
    def row(i, y_vec, *wrt):
        return grad(y_vec[i], list(wrt), consider_constant=consider_constant,
                    disconnected_inputs=disconnected_inputs)
    rows, _ = scan(row, sequences=arange(shape_i(y, 0)), non_sequences=[y] + wrt_list)
    return rows if isinstance(rows, list) else [rows]


def _check_connected(y, wrt_list, disconnected_inputs):
    """Apply ``disconnected_inputs`` as ``grad`` does; True for each connected wrt."""
    reachable = ancestors([y])
    connected = []
    for k, x in enumerate(wrt_list):
        ok = id(x) in reachable
        if not ok and disconnected_inputs != "ignore":
            message = f"jacobian: the expression does not depend on {x!r} (wrt[{k}])"
            if disconnected_inputs == "raise":
                raise DisconnectedInputError(message + "; pass disconnected_inputs='ignore' for zeros")
            warnings.warn(message, stacklevel=3)
        connected.append(ok)
    return connected


def jacobian(expression, wrt, consider_constant=None, disconnected_inputs="raise", sparse=False):
    """The Jacobian of ``expression`` with respect to ``wrt``.

    The result for one wrt variable has shape ``expression.shape + wrt.shape``;
    a list of wrt variables gives a list.  A scalar expression gives its
    gradient.  For a vector expression of a vector, a banded structure
    (elementwise maps, shifts such as ``x[1:] - x[:-1]``) is found from the
    graph and the whole band takes one forward sweep instead of one reverse
    sweep per row.  ``sparse=True`` makes a compiled function
    return a ``scipy.sparse.csr_matrix`` (for a vector of a vector).

    Examples
    --------
    >>> import algrad, algrad.tensor as T
    >>> x = T.dvector('x')
    >>> J = algrad.gradient.jacobian(x ** 2, x)
    >>> algrad.function([x], J, mode='numpy')([4, 4])
    array([[8., 0.],
           [0., 8.]])
    >>> Js = algrad.gradient.jacobian(x ** 2, x, sparse=True)
    >>> algrad.function([x], Js, mode='numpy')([1, 2, 3]).toarray()
    array([[2., 0., 0.],
           [0., 4., 0.],
           [0., 0., 6.]])
    """
    wrt_list, is_list = _as_list(wrt)
    if isinstance(expression, (list, tuple)):
        exprs = [as_tensor_variable(e) for e in expression]
        if any(e.ndim != 0 for e in exprs) or any(x.ndim != 0 for x in wrt_list) or sparse:
            raise ArgumentError("jacobian: a list of expressions must be scalars, differentiated by "
                                "scalars; it gives the matrix as a list of rows")
        return scalar_jacobian(exprs, wrt_list, consider_constant)
    y = as_tensor_variable(expression)
    if y.ndim == 0:
        if sparse:
            raise ArgumentError("jacobian: sparse=True needs a vector expression; this one is a scalar")
        return grad(y, wrt, consider_constant=consider_constant,
                    disconnected_inputs=disconnected_inputs)
    if not y.dtype.startswith("float"):
        raise AlgradTypeError(f"jacobian: the expression {y!r} has dtype {y.dtype}; it must be a float")
    if sparse and (y.ndim != 1 or any(x.ndim != 1 for x in wrt_list)):
        raise ArgumentError("jacobian: sparse=True is for a vector expression of vectors")
    connected = _check_connected(y, wrt_list, disconnected_inputs)
    y_vec = y if y.ndim == 1 else flatten(y)
    results = []
    for x, ok in zip(wrt_list, connected):
        diagonals = None if consider_constant or not ok else jacobian_diagonals(y, x)
        results.append(None if diagonals is None else _banded_jacobian(y, x, diagonals, sparse))
    missing = [x for x, r in zip(wrt_list, results) if r is None]
    if missing:
        rows = iter(_jacobian_rows(y_vec, missing, consider_constant, "ignore"))
        results = [next(rows) if r is None else r for r in results]
    if y.ndim > 1:
        results = [_unflatten(J, y, x) for J, x in zip(results, wrt_list)]
    if sparse:
        results = [J if isinstance(J, CSRMatrix) else CSRMatrix(dense=J) for J in results]
    return results if is_list else results[0]


def _unflatten(J, y, x):
    """Rows of a flattened expression's Jacobian back to the expression's shape."""
    from .ops.shape import concatenate
    target = concatenate([shape(y), shape(x)]) if x.ndim else shape(y)
    return reshape(J, target, ndim=y.ndim + x.ndim)


def scalar_jacobian(expressions, wrt_list, consider_constant=None):
    """The matrix ``d expressions[i] / d wrt_list[j]`` of scalars, as a list of rows."""
    rows = []
    for e in expressions:
        rows.append(grad(e, wrt_list, consider_constant=consider_constant,
                         disconnected_inputs="ignore"))
    return rows


def hessian(cost, wrt, consider_constant=None, disconnected_inputs="raise", sparse=False):
    """The Hessian of a scalar ``cost`` with respect to each vector in ``wrt``.

    A list of scalar variables gives the whole matrix of second partial
    derivatives as a list of rows (``algrad.latex`` prints it as a matrix).

    Examples
    --------
    >>> import algrad, algrad.tensor as T
    >>> x = T.dvector('x')
    >>> H = algrad.gradient.hessian(T.sum(x ** 2), x)
    >>> algrad.function([x], H, mode='numpy')([4, 4])
    array([[2., 0.],
           [0., 2.]])
    >>> a, b = T.dscalar('a'), T.dscalar('b')
    >>> rows = algrad.gradient.hessian(a ** 2 * b + T.sin(b), [a, b])
    >>> values = algrad.function([a, b], rows[0] + rows[1], mode='numpy')(1.0, 0.5)
    >>> [round(float(v), 4) for v in values]
    [1.0, 2.0, 2.0, -0.4794]
    """
    cost = as_tensor_variable(cost)
    if cost.ndim != 0:
        raise AlgradTypeError(f"hessian: the cost must be a scalar, got {cost!r} ({cost.type.describe()})")
    wrt_list, is_list = _as_list(wrt)
    if is_list and wrt_list and all(x.ndim == 0 for x in wrt_list):
        if sparse:
            raise ArgumentError("hessian: sparse=True is for vectors; scalars give a list of rows")
        gradient = grad(cost, wrt_list, consider_constant=consider_constant,
                        disconnected_inputs=disconnected_inputs)
        return scalar_jacobian(gradient, wrt_list, consider_constant)
    results = []
    for x in wrt_list:
        g = grad(cost, x, consider_constant=consider_constant, disconnected_inputs=disconnected_inputs)
        results.append(jacobian(g, x, consider_constant=consider_constant,
                                disconnected_inputs="ignore", sparse=sparse))
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
        raise ArgumentError(f"hessian_vector_product: {len(wrt_list)} wrt variables but "
                            f"{len(v_list)} vectors")
    g = grad(cost, wrt_list, consider_constant=consider_constant)
    result = Rop(g, wrt_list, v_list)
    return result if is_list else result[0]
