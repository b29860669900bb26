"""A compiled kernel as the program a Function calls, and how it is jitted.

The kernel takes arrays (Numba scalars for rank-0 inputs) and returns a
tuple of arrays it allocated and scalars; the program turns rank-0 results
into 0-d arrays of the graph's dtype.  Everything about the graph was done
when the source was written, so a call does no graph work: :meth:`fast`
accepts arguments that are already arrays of the right dtype and rank with
a handful of checks, anything else goes through the Function's full
argument conversion first.
"""
from __future__ import annotations

import numpy as np

JIT_OPTIONS = dict(nogil=True, error_model="numpy")


def jit(py_function, cache: bool):
    """``py_function`` as a Numba dispatcher (compiled lazily, at the first call)."""
    from numba import njit
    return njit(cache=cache, **JIT_OPTIONS)(py_function)


def compile_in_memory(source: str):
    """The kernel of ``source`` jitted without a disk cache."""
    namespace = {"__name__": "algrad_kernel"}
    exec(compile(source, "<algrad kernel>", "exec"), namespace)
    return jit(namespace["kernel"], cache=False)


class NumbaProgram:
    """Calls one jitted kernel; ``source`` is its Python text."""

    returns_fresh = True  # results are never views of arguments or constants

    def __init__(self, kernel, source, output_dtypes, output_ndims, input_ndims, input_dtypes):
        self.kernel = kernel
        self.source = source
        self.output_dtypes = tuple(np.dtype(d) for d in output_dtypes)
        self.scalar_outputs = tuple(k for k, n in enumerate(output_ndims) if n == 0)
        self.scalar_inputs = tuple(k for k, n in enumerate(input_ndims) if n == 0)
        self.input_ndims = tuple(input_ndims)
        self.input_dtypes = tuple(np.dtype(d) for d in input_dtypes)
        self._checked_first_call = False

    def __call__(self, *values):
        """Run on converted values (one array per input, 0-d for scalars)."""
        if self.scalar_inputs:
            values = list(values)
            for k in self.scalar_inputs:
                values[k] = values[k][()]
        return self._finish(self._run(values))

    def _finish(self, results):
        if self.scalar_outputs:
            results = list(results)
            for k in self.scalar_outputs:
                results[k] = np.asarray(results[k], dtype=self.output_dtypes[k])
        return results

    def _run(self, values):
        if self._checked_first_call:
            return self.kernel(*values)
        return self._first_call(values)

    def _first_call(self, values):
        """Compile (or load) at the first call; a cache that fails to load is bypassed."""
        before = len(self.kernel.overloads)
        try:
            results = self.kernel(*values)
        except Exception as exc:
            from numba.core.errors import NumbaError
            if len(self.kernel.overloads) > before or isinstance(exc, NumbaError):
                self._checked_first_call = bool(self.kernel.overloads)
                raise  # the kernel's own error (bad shapes, bounds), or a bug: not the cache
            from .cache import warn_once
            warn_once("load", f"Numba could not load or save the machine code ({type(exc).__name__}: "
                              f"{exc})")
            self.kernel = compile_in_memory(self.source)
            results = self.kernel(*values)
        self._checked_first_call = True
        return results

    def fast_path(self, static_checks=()):
        """A function ``args -> results or None`` for arguments that need no conversion.

        It returns None (and the caller converts) unless every argument is an
        ndarray of exactly the input's dtype and rank, or a Python float/int
        for a float64/int64 scalar input.
        """
        expected = []
        for ndim, dtype in zip(self.input_ndims, self.input_dtypes):
            scalar_type = {np.dtype("float64"): float, np.dtype("int64"): int}.get(dtype) if ndim == 0 else None
            expected.append((ndim, dtype, scalar_type))
        expected = tuple(expected)
        n = len(expected)
        ndarray = np.ndarray
        finish = self._finish if self.scalar_outputs else None
        run = self._run
        checks = tuple(static_checks)

        def fast(args):
            if len(args) != n:
                return None
            for a, (ndim, dtype, scalar_type) in zip(args, expected):
                kind = type(a)
                if kind is ndarray:
                    if a.dtype != dtype or a.ndim != ndim or ndim == 0:
                        return None
                elif kind is not scalar_type or kind is None:
                    return None
            for k, axis, length in checks:
                if args[k].shape[axis] != length:
                    return None
            results = run(args)
            return results if finish is None else finish(results)
        return fast
