"""``verify_grad``: a symbolic gradient checked against finite differences, as in Theano."""
from __future__ import annotations

import numpy as np

from .errors import AlgradError, AlgradTypeError

_DEFAULT_EPS = {"float64": 1e-7, "float32": 3e-4}
_DEFAULT_TOL = {"float64": 1e-4, "float32": 1e-2}


class GradientError(AlgradError, ValueError):
    """A symbolic gradient disagrees with finite differences.

    ``arg`` is the index of the argument, ``abs_err`` and ``rel_err`` the
    largest errors, ``position`` where the largest relative error occurs.
    """

    def __init__(self, arg, position, analytic, numeric, abs_err, rel_err, abs_tol, rel_tol):
        self.arg, self.position = arg, position
        self.analytic, self.numeric = analytic, numeric
        self.abs_err, self.rel_err = abs_err, rel_err
        self.abs_tol, self.rel_tol = abs_tol, rel_tol
        super().__init__(
            f"the gradient with respect to argument {arg} disagrees with finite differences: at "
            f"index {position} the symbolic value is {analytic!r} and the numeric one {numeric!r} "
            f"(abs error {abs_err:.3g} > {abs_tol:.3g} and rel error {rel_err:.3g} > {rel_tol:.3g})")


def _numeric_gradient(f, point, k, eps):
    """Central differences of the scalar ``f`` in argument ``k``."""
    base = point[k]
    grad = np.zeros(base.shape, dtype="float64")
    for idx in np.ndindex(base.shape):
        value = base[idx]
        shifted = list(point)
        plus = base.copy()
        plus[idx] = value + eps
        shifted[k] = plus
        f_plus = float(f(*shifted))
        minus = base.copy()
        minus[idx] = value - eps
        shifted[k] = minus
        grad[idx] = (f_plus - float(f(*shifted))) / (2 * eps)
    return grad


def verify_grad(fun, pt, n_tests=2, rng=None, eps=None, abs_tol=None, rel_tol=None, mode=None):
    """Check the symbolic gradient of ``fun`` at ``pt`` against finite differences.

    ``fun`` takes one symbolic variable per array of ``pt`` and returns an
    expression of any shape; it is projected on a random direction so that
    every output element counts.  An error is raised when, for some input
    element, both the absolute and the relative error exceed their tolerance.

    Raises
    ------
    GradientError
        Naming the argument, the element, both values and both errors.

    Examples
    --------
    >>> import numpy as np, algrad.tensor as T
    >>> from algrad.gradient import verify_grad
    >>> verify_grad(lambda x: T.sin(x) * x, [np.array([0.5, 1.5])], mode='numpy')
    """
    import algrad
    import algrad.tensor as T
    rng = np.random.default_rng(rng) if not isinstance(rng, np.random.Generator) else rng
    if not callable(fun):
        raise AlgradTypeError(f"verify_grad: fun must be a function of symbolic variables, got {fun!r}")
    if not isinstance(pt, (list, tuple)):
        raise AlgradTypeError(f"verify_grad: pt must be a list of arrays, got {type(pt).__name__}")
    point = []
    for k, p in enumerate(pt):
        kind = np.asarray(p).dtype.kind
        if kind not in "biuf":
            raise AlgradTypeError(f"verify_grad: pt[{k}] must be an array of real numbers, got "
                                  f"{type(p).__name__} {str(p)[:40]}")
        point.append(np.array(p, dtype=np.asarray(p).dtype if kind == "f" else "float64"))
    inputs = [T.tensor(p.dtype.name, shape=(None,) * p.ndim, name=f"input{k}") for k, p in enumerate(point)]
    out = T.as_tensor_variable(fun(*inputs))
    dtype = out.dtype if out.dtype in _DEFAULT_EPS else "float64"
    eps = _DEFAULT_EPS[dtype] if eps is None else eps
    abs_tol = _DEFAULT_TOL[dtype] if abs_tol is None else abs_tol
    rel_tol = _DEFAULT_TOL[dtype] if rel_tol is None else rel_tol
    for _ in range(n_tests):
        direction = T.constant(rng.uniform(0.5, 1.5, size=algrad.function(
            inputs, out, mode=mode)(*point).shape).astype(dtype))
        cost = T.sum(out * direction)
        f_cost = algrad.function(inputs, cost, mode=mode)
        f_grads = algrad.function(inputs, T.grad(cost, inputs, disconnected_inputs="ignore"), mode=mode)
        analytic = f_grads(*point)
        for k, g in enumerate(analytic):
            numeric = _numeric_gradient(f_cost, point, k, eps)
            abs_err = np.abs(g - numeric)
            rel_err = abs_err / np.maximum(np.abs(g) + np.abs(numeric), 1e-8)
            bad = (abs_err > abs_tol) & (rel_err > rel_tol)
            if np.any(bad):
                worst = np.unravel_index(np.argmax(np.where(bad, rel_err, -1)), g.shape) if g.ndim else ()
                raise GradientError(k, worst, float(g[worst]), float(numeric[worst]),
                                    float(abs_err.max()), float(rel_err.max()), abs_tol, rel_tol)
