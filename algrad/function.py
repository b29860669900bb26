"""``function``: from a graph to a Python callable on NumPy arrays.

The outputs are optimized (see :mod:`algrad.rewrite`) into a
:class:`FunctionGraph`, which a backend turns into a program: ``'numpy'``
evaluates op by op with NumPy and is the reference for every other backend.
"""
from __future__ import annotations

import numpy as np

from .convert import as_tensor_variable
from .errors import AlgradTypeError, ArgumentError, InputError
from .gc_pause import gc_paused
from .graph import Constant, Variable
from .sparse import flatten_outputs
from .traversal import graph_inputs, toposort

MODES = ("numba", "numpy")
DEFAULT_MODE = "numba"


class FunctionGraph:
    """The inputs and the (optimized) outputs of a compiled function."""

    def __init__(self, inputs, outputs):
        self.inputs = list(inputs)
        self.outputs = list(outputs)

    @property
    def apply_nodes(self):
        return toposort(self.outputs, stop_at=self.inputs)

    def __repr__(self):
        return f"FunctionGraph({self.inputs} -> {self.outputs})"


class FunctionMaker:
    """What Theano users reach through ``f.maker``: the compiled graph.

    ``fgraph`` may be given as a function that builds it: a kernel loaded
    from the disk cache never needed the optimized graph, so it is only
    built if someone looks at it.
    """

    def __init__(self, fgraph, mode):
        self._fgraph = fgraph
        self.mode = mode

    @property
    def fgraph(self):
        if callable(self._fgraph):
            self._fgraph = self._fgraph()
        return self._fgraph


def _describe_input(k, v):
    name = f"'{v.name}'" if v.name else "(unnamed)"
    return f"argument {k} {name}, {v.type.describe()},"


def convert_argument(k, var, value) -> np.ndarray:
    """``value`` as an array fit for input ``var``, or an InputError naming it."""
    dtype = var.type.dtype
    if isinstance(value, Variable):
        raise InputError(f"{_describe_input(k, var)} got the symbolic variable {value!r}; "
                         "a compiled function takes numbers and arrays")
    if isinstance(value, np.ma.MaskedArray):  # np.asarray would drop the mask, silently
        raise InputError(f"{_describe_input(k, var)} got a masked array, whose mask algrad would "
                         "ignore; pass value.filled(fill_value) or value.compressed()")
    try:
        array = np.asarray(value)
    except (ValueError, TypeError) as exc:
        raise InputError(f"{_describe_input(k, var)} got a value that is not an array: {exc}") from None
    kind = array.dtype.kind
    if kind == "O" and array.size and all(isinstance(e, int) for e in array.flat):
        array = _big_integers(k, var, array)  # NumPy keeps ints beyond int64 as objects
        kind = array.dtype.kind
    if kind not in "biuf":
        what = {"c": "complex numbers", "U": "strings", "S": "bytes", "O": "objects"}.get(kind, array.dtype)
        raise InputError(f"{_describe_input(k, var)} got {what} ({type(value).__name__} "
                         f"{str(value)[:60]}); it takes real numbers")
    if array.ndim != var.ndim:
        raise InputError(f"{_describe_input(k, var)} got a value of rank {array.ndim} "
                         f"(shape {array.shape}); it takes rank {var.ndim}")
    for axis, (n, static) in enumerate(zip(array.shape, var.type.shape)):
        if static is not None and n != static:
            raise InputError(f"{_describe_input(k, var)} got shape {array.shape}; axis {axis} must "
                             f"have length {static}")
    if array.dtype != dtype:  # a big-endian float64 is also named float64; Numba takes native only
        if kind == "f" and dtype[0] in "ib":
            if not np.all(np.isfinite(array)) or not np.all(array == np.round(array)):
                raise InputError(f"{_describe_input(k, var)} got non-integer values of dtype "
                                 f"{array.dtype}; it takes {dtype}")
        if dtype == "bool" and kind != "b":
            raise InputError(f"{_describe_input(k, var)} got values of dtype {array.dtype}; it takes bool")
        if dtype.startswith("int") and kind in "iuf":
            _check_integer_range(k, var, array)
        if dtype == "float32" and kind == "f":
            _check_float32_range(k, var, array)
        array = array.astype(dtype)
    return array


def _big_integers(k, var, array) -> np.ndarray:
    """Python ints beyond int64 as float64 for a float input, as NumPy converts them; else refused."""
    dtype = var.type.dtype
    if dtype.startswith("float"):
        try:
            return array.astype("float64")
        except OverflowError:
            pass
    biggest = max(array.flat, key=abs)
    raise InputError(f"{_describe_input(k, var)} got {_shown_int(biggest)}, which does not fit "
                     f"in {dtype}")


def _shown_int(n: int) -> str:
    """``n`` for a message: its first digits and their count when it is long."""
    text = str(n)
    digits = len(text.lstrip("-"))
    return text if digits <= 24 else f"{text[:13]}... ({digits} digits)"


def _check_integer_range(k, var, array):
    """Refuse values that a cast to the input's integer dtype would wrap around."""
    if array.size == 0:
        return
    info = np.iinfo(var.type.dtype)
    low, high = array.min(), array.max()
    if array.dtype.kind == "f":  # info.max + 1 is a power of two, exact as a float
        fits = float(low) >= info.min and float(high) < float(info.max) + 1.0
    else:
        fits = int(low) >= info.min and int(high) <= info.max
    if not fits:
        got = f"{low}" if array.size == 1 else f"values from {low} to {high}"
        raise InputError(f"{_describe_input(k, var)} got {got}, outside the range of "
                         f"{var.type.dtype} ({info.min} to {info.max})")


def _check_float32_range(k, var, array):
    """Refuse finite values that would become inf in a float32 input."""
    finite = np.abs(array[np.isfinite(array)])
    limit = float(np.finfo("float32").max)
    if finite.size and float(finite.max()) > limit:
        raise InputError(f"{_describe_input(k, var)} got {float(finite.max())!r} in magnitude, "
                         f"beyond float32's largest value {limit!r}")


class Function:
    """A compiled function: call it with one value per input."""

    def __init__(self, inputs, outputs, return_list, mode, program, maker, rebuild=None):
        self.inputs = inputs
        self.outputs = outputs
        self.return_list = return_list
        self.mode = mode
        self.program = program
        self.maker = maker
        self._positions = {v.name: k for k, v in enumerate(inputs) if v.name}
        self.rebuild = rebuild  # structured outputs (sparse matrices) put back together
        self._fresh = getattr(program, "returns_fresh", False)
        if hasattr(program, "fast_call") and outputs and rebuild is None:
            # ready arrays go straight to the kernel: the call is one Python frame, which
            # must be the class's __call__, so this function gets a class of its own
            fast = program.fast_call(_static_checks(inputs), return_list, Function._call)
            self.__class__ = type(Function.__name__, (Function,), {
                "__call__": fast, "__doc__": Function.__doc__, "__module__": __name__})

    @property
    def source(self):
        """The Python source of the compiled kernel (Numba mode), else None."""
        return getattr(self.program, "source", None)

    def _arguments(self, args, kwargs):
        n = len(self.inputs)
        args = list(args)
        if kwargs:
            args += [_MISSING] * (n - len(args))
            for key, value in kwargs.items():
                k = self._positions.get(key)
                if k is None:
                    raise InputError(f"this function has no input named {key!r}; its inputs are "
                                     f"{[v.name for v in self.inputs]}")
                if args[k] is not _MISSING:
                    raise InputError(f"the input {key!r} is given twice")
                args[k] = value
            missing = [self.inputs[k].name or str(k) for k, a in enumerate(args) if a is _MISSING]
            if missing:
                raise InputError(f"missing value for the input(s) {', '.join(missing)}")
        if len(args) != n:
            names = ", ".join(v.name or "?" for v in self.inputs)
            raise InputError(f"this function takes {n} argument{'s' * (n != 1)} ({names}), "
                             f"got {len(args)}")
        return [convert_argument(k, v, a) for k, (v, a) in enumerate(zip(self.inputs, args))]

    def __call__(self, *args, **kwargs):
        return self._call(args, kwargs)

    def _call(self, args, kwargs):
        """Convert and check every argument, run the program, shape the results."""
        values = self._arguments(args, kwargs)
        results = self.program(*values)
        if not self._fresh:
            results = [_owned(r, values) for r in results]
        if self.rebuild is not None:
            results = self.rebuild(list(results))
        return list(results) if self.return_list else results[0]


_MISSING = object()


def _owned(result, arguments):
    """An array the caller owns: never a view of an argument or of a constant."""
    result = np.asarray(result)
    if result.base is not None or not result.flags.writeable or any(result is a for a in arguments):
        return np.array(result)
    return result


@gc_paused
def function(inputs, outputs=None, updates=None, mode=None, givens=None, optimizer="default",
             on_unused_input=None, name=None):
    """Compile ``outputs`` as a function of ``inputs``.

    Parameters
    ----------
    inputs : list of Variables
        The arguments, in order.  Inputs the outputs do not use are accepted.
    outputs : Variable or list of Variables
        A list gives a list of arrays back; a variable one array.
    updates : dict or list of pairs, optional
        Accepted when empty (as ``scan`` returns it).
    mode : {'numba', 'numpy'} or None
        The backend: ``'numba'`` compiles one jitted kernel (its source is
        ``f.source``), ``'numpy'`` is the op-by-op NumPy reference.  None
        (the default) is ``'numba'``, except that a graph with an op Numba
        cannot lower, or with more than ``lowering.MAX_KERNEL_NODES`` nodes
        once optimized, runs on the reference, with a warning saying why.
    optimizer : 'default' or None
        None compiles the graph as built, without simplification.

    Examples
    --------
    >>> import algrad, algrad.tensor as T
    >>> x = T.dscalar('x')
    >>> f = algrad.function([x], T.grad(x ** 2, x))
    >>> f(4)
    array(8.)
    """
    if outputs is None:
        outputs = []
    if updates:
        raise NotImplementedError("updates need shared variables, which algrad does not have; "
                                  "return the new values as outputs instead")
    if givens:
        raise NotImplementedError("givens are not supported; use algrad.clone_replace on the outputs")
    explicit_mode = mode is not None
    mode = DEFAULT_MODE if mode is None else mode
    if mode not in MODES:
        raise ArgumentError(f"unknown mode {mode!r}; the modes are {MODES}")
    if not isinstance(inputs, (list, tuple)):
        raise AlgradTypeError(f"function: inputs must be a list of variables, got {inputs!r}")
    for k, v in enumerate(inputs):
        if not isinstance(v, Variable):
            raise AlgradTypeError(f"function: inputs[{k}] is {v!r}, not a symbolic variable")
        if isinstance(v, Constant):
            raise AlgradTypeError(f"function: inputs[{k}] is the constant {v!r}; inputs must be variables")
        if any(v is w for w in inputs[:k]):
            raise AlgradTypeError(f"function: the input {v!r} is given twice (inputs[{k}])")
    return_list = isinstance(outputs, (list, tuple))
    outputs, rebuild = flatten_outputs(outputs if return_list else [outputs])
    outputs = [as_tensor_variable(o) for o in outputs]
    _check_inputs_suffice(inputs, outputs)
    program, fgraph, mode = _compile(inputs, outputs, mode, optimizer, explicit_mode)
    return Function(list(inputs), outputs, return_list, mode, program, FunctionMaker(fgraph, mode),
                    rebuild)


def _compile(inputs, outputs, mode, optimizer, explicit_mode):
    """The program for ``mode``, the function graph (or a function building it), the mode used.

    The default mode falls back to the NumPy reference, with a warning naming
    the op, for a graph with an op the Numba backend cannot lower (an op
    defined outside algrad), and for one of more than
    ``lowering.MAX_KERNEL_NODES`` nodes once optimized (the optimized graph
    is then reused); asking for ``mode='numba'`` raises MissingLoweringError
    naming the op instead, and compiles a graph of any size.
    """
    def optimized():
        if optimizer is None:
            return list(outputs)
        from .rewrite import optimize
        return optimize(outputs, inputs)

    opt_outputs = None
    if mode == "numba":
        from . import lowering
        if explicit_mode or lowering.can_lower(inputs, outputs):
            from .errors import MissingLoweringError
            try:
                program, opt_outputs = lowering.build_program(
                    inputs, outputs, optimized, options=f"optimizer={optimizer}",
                    max_nodes=None if explicit_mode else lowering.MAX_KERNEL_NODES)
            except MissingLoweringError:
                if explicit_mode:
                    raise
                _warn_reference_fallback(inputs, outputs)
            except lowering.KernelTooLarge as big:
                opt_outputs = big.outputs
                _warn_too_large(big.size, lowering.MAX_KERNEL_NODES)
            else:
                if opt_outputs is None:
                    return program, lambda: FunctionGraph(inputs, optimized()), mode
                return program, FunctionGraph(inputs, opt_outputs), mode
        else:
            _warn_reference_fallback(inputs, outputs)
        mode = "numpy"
    if opt_outputs is None:
        opt_outputs = optimized()
    from .reference import ReferenceProgram
    return ReferenceProgram(inputs, opt_outputs), FunctionGraph(inputs, opt_outputs), mode


def _warn_reference_fallback(inputs, outputs):
    import warnings
    from .lowering.table import missing_ops
    ops = ", ".join(repr(op) for op in missing_ops(toposort(outputs, stop_at=inputs)))
    warnings.warn(f"the Numba backend has no lowering for {ops or 'an op of this graph'}: this "
                  "function runs op by op on the NumPy reference (mode='numpy')", stacklevel=4)


def _warn_too_large(size, limit):
    import warnings
    warnings.warn(f"the optimized graph has {size:,} nodes, more than the {limit:,} the default mode "
                  "compiles (Numba's compile time grows faster than linearly): this function runs op "
                  "by op on the NumPy reference (mode='numpy'); pass mode='numba' to compile it anyway",
                  stacklevel=4)


def _static_checks(inputs):
    """(input, axis, length) for every length an input's type fixes."""
    return [(k, axis, n) for k, v in enumerate(inputs) for axis, n in enumerate(v.type.shape)
            if n is not None]


def _check_inputs_suffice(inputs, outputs):
    given = {id(v) for v in inputs}
    for k, out in enumerate(outputs):
        for node in toposort([out], stop_at=inputs):
            for v in node.inputs:
                if v.owner is None and not isinstance(v, Constant) and id(v) not in given:
                    raise InputError(f"function: output {k} depends on the input {v!r}, which is "
                                     "not in the inputs list")
        if out.owner is None and not isinstance(out, Constant) and id(out) not in given:
            raise InputError(f"function: output {k} is the input {out!r}, which is not in the inputs list")


