"""Turning Python numbers, lists and arrays into graph variables."""
from __future__ import annotations

import numpy as np

from .errors import AlgradTypeError
from .graph import Variable, constant


def as_tensor_variable(x, name=None, ndim=None, dtype=None) -> Variable:
    """Return ``x`` as a graph variable: variables pass through, values become constants.

    Python numbers become *weak* constants: as in NumPy, ``x * 2.0`` keeps
    the dtype of a float32 ``x``.

    Examples
    --------
    >>> import algrad.tensor as T
    >>> T.as_tensor_variable(2.0).dtype
    'float64'
    >>> T.as_tensor_variable([[1, 2], [3, 4]]).type.shape
    (2, 2)
    """
    if isinstance(x, Variable):
        var = x
    elif isinstance(x, (list, tuple)) and any(isinstance(e, Variable) for e in _flat(x)):
        from .ops import shape as shape_ops
        var = shape_ops.stack([as_tensor_variable(e) for e in x])
    else:
        if isinstance(x, (str, bytes)) or (isinstance(x, np.ndarray) and x.dtype.kind in "OSUV"):
            raise AlgradTypeError(f"cannot make a tensor from {x!r}: not a number or array of numbers")
        if isinstance(x, (complex, np.complexfloating)) or (
                isinstance(x, np.ndarray) and x.dtype.kind == "c"):
            raise AlgradTypeError(f"cannot make a tensor from {x!r}: complex numbers are not supported")
        try:
            var = constant(x, dtype=dtype, name=name)
        except (TypeError, ValueError) as exc:
            raise AlgradTypeError(f"cannot make a tensor from {x!r}: {exc}") from None
    if ndim is not None and var.ndim != ndim:
        raise AlgradTypeError(f"expected a tensor of rank {ndim}, got {var!r} of rank {var.ndim}")
    return var


def _flat(items):
    stack = list(items)
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)):
            stack.extend(item)
        else:
            yield item
