"""A compiled kernel as the program a Function calls, and how it is jitted.

The kernel takes arrays (Numba scalars for rank-0 inputs) and returns its
one result, or a tuple of them: arrays it allocated itself, and scalars,
which the program turns into 0-d arrays of the graph's dtype.  Everything
about the graph was done when the source was written, so a call does no
graph work.  :meth:`NumbaProgram.fast_call` writes a small Python function
that checks ready arguments (arrays of exactly the right dtype and rank)
with a few identity tests and calls the kernel; anything else goes through
the Function's full argument conversion.
"""
from __future__ import annotations

import numpy as np

# nogil is left off: releasing the GIL costs more than a small kernel's work
JIT_OPTIONS = dict(error_model="numpy")

#: result dtypes whose Python scalars np.array already converts exactly
_NATIVE_SCALARS = ("float64", "int64", "bool")


#: the environment variable holding the input size (elements) from which the prange
#: version of a kernel runs.  Unset, threads are not used: on a machine whose cores are
#: busy, an OpenMP kernel can run 20x slower than the serial one, and its first
#: compile takes seconds.
PARALLEL_THRESHOLD_VARIABLE = "ALGRAD_PARALLEL_THRESHOLD"


def parallel_threshold():
    """The input size from which kernels run in parallel, or None (never)."""
    import os
    text = os.environ.get(PARALLEL_THRESHOLD_VARIABLE, "").strip()
    try:
        return int(text) if text else None
    except ValueError:
        raise ValueError(f"{PARALLEL_THRESHOLD_VARIABLE} must be a number of elements, "
                         f"got {text!r}") from None


def formatted(exc):
    """A kernel's exception with its message filled in.

    Kernels raise ``Error(template, *ints)`` (Numba builds no strings); this
    returns ``Error(template.format(*ints))``, or ``exc`` itself otherwise.
    """
    args = exc.args
    if len(args) > 1 and isinstance(args[0], str) and "{}" in args[0]:
        try:
            return type(exc)(args[0].format(*args[1:]))
        except Exception:
            return exc
    return exc


def jit(py_function, cache: bool, parallel=False):
    """``py_function`` as a Numba dispatcher (compiled lazily, at the first call)."""
    from numba import njit
    return njit(cache=cache, parallel=parallel, **JIT_OPTIONS)(py_function)


def jit_module(module_or_namespace, cache: bool):
    """The kernel and (or None) its parallel version, from a kernel module."""
    get = (module_or_namespace.get if isinstance(module_or_namespace, dict)
           else lambda name: getattr(module_or_namespace, name, None))
    namespace = (module_or_namespace if isinstance(module_or_namespace, dict)
                 else vars(module_or_namespace))
    for name in [n for n in namespace if n.startswith("step") and callable(namespace[n])]:
        namespace[name] = jit(namespace[name], cache)  # a scan's step, called by the kernel
    parallel = get("kernel_parallel") if parallel_threshold() is not None else None
    return (jit(get("kernel"), cache),
            None if parallel is None else jit(parallel, cache, parallel=True))


def compile_in_memory(source: str):
    """The kernels of ``source`` jitted without a disk cache."""
    namespace = {"__name__": "algrad_kernel"}
    exec(compile(source, "<algrad kernel>", "exec"), namespace)
    return jit_module(namespace, cache=False)


def _saving_call(kernel, values):
    """``kernel(*values)``, compiling it if needed; machine code that cannot be saved stays in memory.

    Numba adds a new compile to the dispatcher before it writes it to the
    disk cache, so when the write fails (a full disk) the kernel is ready
    and the call is made again.
    """
    before = len(kernel.overloads)
    try:
        return kernel(*values)
    except OSError as exc:
        if len(kernel.overloads) == before:
            raise
        from .cache import warn_once
        warn_once("save", f"Numba could not save the machine code ({exc.strerror or exc})")
        return kernel(*values)


class NumbaProgram:
    """Calls one jitted kernel; ``source`` is its Python text."""

    returns_fresh = True  # results are never views of arguments or constants

    def __init__(self, kernels, source, output_dtypes, output_ndims, input_ndims, input_dtypes):
        self.kernel, self.parallel_kernel = kernels
        self.threshold = parallel_threshold()
        self.source = source
        self.output_dtypes = tuple(np.dtype(d) for d in output_dtypes)
        self.output_ndims = tuple(output_ndims)
        self.scalar_inputs = tuple(k for k, n in enumerate(input_ndims) if n == 0)
        self.input_ndims = tuple(input_ndims)
        self.input_dtypes = tuple(np.dtype(d) for d in input_dtypes)
        self.ready = False  # true once the first call compiled (or loaded) the kernel

    def __call__(self, *values):
        """Run on converted values (one array per input, 0-d for scalars); a list back."""
        if self.scalar_inputs:
            values = list(values)
            for k in self.scalar_inputs:
                values[k] = values[k][()]
        try:
            if self.parallel_kernel is not None and any(
                    np.size(v) >= self.threshold for v in values):
                results = _saving_call(self.parallel_kernel, values)
            else:
                results = self.kernel(*values) if self.ready else self._first_call(values)
        except Exception as exc:
            raise formatted(exc) from None
        if len(self.output_ndims) == 1:
            results = (results,)
        return [np.asarray(r, dtype=d) if n == 0 else r
                for r, d, n in zip(results, self.output_dtypes, self.output_ndims)]

    def _first_call(self, values):
        """Compile (or load) at the first call; a cache that fails to load is bypassed."""
        before = len(self.kernel.overloads)
        try:
            results = _saving_call(self.kernel, values)
        except Exception as exc:
            from numba.core.errors import NumbaError
            if len(self.kernel.overloads) > before or isinstance(exc, NumbaError):
                self.ready = bool(self.kernel.overloads)
                raise  # the kernel's own error (bad shapes, bounds), or a bug: not the cache
            from .cache import warn_once
            warn_once("load", f"Numba could not load or save the machine code ({type(exc).__name__}: "
                              f"{exc})")
            self.kernel, self.parallel_kernel = compile_in_memory(self.source)
            results = self.kernel(*values)
        self.ready = True
        return results

    def fast_call(self, static_checks, return_list, slow_call):
        """A ``__call__(function, *args, **kwargs)`` that hands ready arguments to the kernel.

        Arguments need no conversion when the kernel is compiled and each is
        an ndarray of exactly the input's dtype and rank (and static
        lengths), or a Python float / int for a float64 / int64 scalar
        input; anything else, keywords, or a wrong count goes to
        ``slow_call(function, args, kwargs)``, which converts and checks.
        """
        env = {"ndarray": np.ndarray, "program": self, "np": np, "formatted": formatted,
               "slow_call": slow_call, "MISSING": object()}
        names = [f"a{k}" for k in range(len(self.input_ndims))]
        params = "".join(f", {a}=MISSING" for a in names)
        given = f"({', '.join(names)}{',' if len(names) == 1 else ''})"
        lines = [f"def __call__(function{params}, *rest, **kwargs):",
                 "    if rest or kwargs or not program.ready"
                 + (f" or {names[-1]} is MISSING" if names else "") + ":",
                 f"        return slow_call(function, tuple(a for a in {given} if a is not MISSING)"
                 " + rest, kwargs)"]
        tests = []
        for k, (ndim, dtype) in enumerate(zip(self.input_ndims, self.input_dtypes)):
            if ndim == 0:
                python_type = {"float64": "float", "int64": "int"}.get(dtype.name)
                test = f"type(a{k}) is not {python_type}" if python_type else "True"
                if python_type == "int":  # an int beyond int64 is refused by the conversion
                    test += f" or not {-2 ** 63} <= a{k} < {2 ** 63}"
                tests.append(test)
            else:
                env[f"D{k}"] = dtype
                test = f"type(a{k}) is not ndarray or a{k}.dtype is not D{k} or a{k}.ndim != {ndim}"
                if self.parallel_kernel is not None:  # a big call takes the parallel kernel
                    test += f" or a{k}.size >= {self.threshold}"
                tests.append(test)
        tests += [f"a{k}.shape[{axis}] != {length}" for k, axis, length in static_checks]
        if tests:
            lines += ["    if " + " or ".join(f"({t})" for t in tests) + ":",
                      f"        return slow_call(function, {given}, kwargs)"]
        lines += ["    try:", f"        r = program.kernel({', '.join(names)})",
                  "    except Exception as exc:", "        raise formatted(exc) from None"]
        outputs = []
        for k, (ndim, dtype) in enumerate(zip(self.output_ndims, self.output_dtypes)):
            code = "r" if len(self.output_ndims) == 1 else f"r[{k}]"
            if ndim == 0:
                env[f"R{k}"] = dtype
                code = f"np.array({code})" if dtype.name in _NATIVE_SCALARS else f"np.array({code}, R{k})"
            outputs.append(code)
        if return_list:
            lines.append(f"    return [{', '.join(outputs)}]")
        else:
            lines.append(f"    return {outputs[0]}")
        exec(compile("\n".join(lines), "<algrad fast call>", "exec"), env)
        return env["__call__"]
