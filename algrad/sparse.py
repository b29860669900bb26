"""Symbolic sparse matrices as compiled functions return them (``scipy.sparse`` CSR).

A :class:`CSRMatrix` is not a graph variable: it groups the variables that
make a CSR matrix (data, indices, indptr and the shape), and ``function``
compiles those and hands back a ``scipy.sparse.csr_matrix``.
"""
from __future__ import annotations

from .errors import ArgumentError


class CSRMatrix:
    """A sparse matrix in compressed sparse row form, made of graph variables.

    Either ``parts = (data, indices, indptr, n_rows, n_cols)`` or a dense
    matrix variable ``dense`` converted when the function returns.
    """

    def __init__(self, parts=None, dense=None):
        if (parts is None) == (dense is None):
            raise ArgumentError("CSRMatrix takes the CSR parts or a dense matrix, not both")
        self.parts = tuple(parts) if parts is not None else (dense,)
        self.is_dense = dense is not None

    def __repr__(self):
        return f"CSRMatrix({'dense' if self.is_dense else 'banded'})"

    def assemble(self, values):
        from scipy.sparse import csr_matrix
        if self.is_dense:
            return csr_matrix(values[0])
        data, indices, indptr, n_rows, n_cols = values
        return csr_matrix((data, indices, indptr), shape=(int(n_rows), int(n_cols)))


def flatten_outputs(outputs):
    """Graph variables to compile for ``outputs``, and how to rebuild the results.

    Returns ``(variables, rebuild)``; ``rebuild`` is None when every output
    is a plain variable.
    """
    if not any(isinstance(o, CSRMatrix) for o in outputs):
        return list(outputs), None
    flat, layout = [], []
    for o in outputs:
        if isinstance(o, CSRMatrix):
            layout.append((o, len(flat), len(o.parts)))
            flat.extend(o.parts)
        else:
            layout.append((None, len(flat), 1))
            flat.append(o)

    def rebuild(values):
        return [values[start] if o is None else o.assemble(values[start:start + n])
                for o, start, n in layout]

    return flat, rebuild
