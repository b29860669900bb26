"""Writing the kernel: the Python source of one function for Numba to compile.

:func:`generate` plans the graph (see :mod:`algrad.lowering.plan`) and writes
each unit in order: a fused loop nest for a :class:`~.plan.Loop`, the
statements of the op's ``lower_<op>`` for a :class:`~.plan.Step`.  Array
values live in local variables; values of rank 0 are Numba scalars.  The
source is plain text with no dependency on Numba, so it can be shown
(``f.source``) and written to the disk cache before anything compiles.
"""
from __future__ import annotations

import builtins
import keyword
import re
import unicodedata

import numpy as np

from ..graph import Constant
from ..ops.dimshuffle import DimShuffle
from ..ops.elementwise import Cast
from ..ops.registry import op_key
from . import scalar
from .plan import Loop, Planner, view_base
from .prepare import prepare, zero_fill_model
from .steps import index_code, raise_code

_RESERVED = {"np", "math", "rt", "vm", "kernel", "numba", "prange", "ShapeError"} | set(keyword.kwlist) | set(dir(builtins))
_WIDENED_BY_NUMBA = ("int32", "float32")  # Numba computes these in int64 / may widen: cast back


class KernelWriter:
    """Names, constants and lines of the kernel being written."""

    def __init__(self, inputs, outputs, parallel=False):
        self.inputs = list(inputs)
        self.outputs = list(outputs)
        self.parallel = parallel  # outer loops over independent elements use prange
        self.parallel_loops = 0
        self.names = {}       # id(variable) -> code of a value already computed
        self.fresh = set()    # ids of arrays the kernel allocated itself
        self.lines = []
        self.constants = []   # module-level lines defining constant arrays
        self.extra_functions = []  # functions the kernel calls (a scan's step), as lists of lines
        self._taken = set(_RESERVED)
        self._counts = {}

    # -- names ------------------------------------------------------------------------
    def new_name(self, prefix="t") -> str:
        while True:
            k = self._counts.get(prefix, 0)
            self._counts[prefix] = k + 1
            name = f"{prefix}{k}"
            if name not in self._taken:
                self._taken.add(name)
                return name

    def define(self, var, prefix="t", fresh=True) -> str:
        """A new local name holding ``var``."""
        name = self.new_name(prefix)
        self.names[id(var)] = name
        if fresh:
            self.fresh.add(id(var))
        return name

    def argument_name(self, var, k) -> str:
        # as Python reads an identifier: NFKC makes 'x²' x2 (or the name is not one: arg0)
        base = unicodedata.normalize("NFKC", re.sub(r"\W", "_", var.name or ""))
        if not base.isidentifier() or base in self._taken or re.fullmatch(r"[a-z]\d+", base):
            base = f"arg{k}"
        self._taken.add(base)
        self.names[id(var)] = base
        return base

    def value(self, var) -> str:
        """The code of a computed value (an array name, or a scalar)."""
        if isinstance(var, Constant):
            return self.constant(var)
        try:
            return self.names[id(var)]
        except KeyError:
            raise RuntimeError(f"internal: {var!r} is read before the kernel computes it") from None

    def constant(self, const) -> str:
        data = const.data
        if data.size == 1 and data.ndim == 0:
            return scalar.literal(data.item(), const.dtype)
        if id(const) not in self.names:
            name = self.new_name("C")
            values = repr(data.ravel().tolist()).replace("inf", "np.inf").replace("nan", "np.nan")
            self.constants.append(f"{name} = np.array({values}, dtype=np.{const.dtype})"
                                  f".reshape({data.shape})")
            self.names[id(const)] = name
        return self.names[id(const)]

    def shape(self, var, axis) -> str:
        """The code of ``var``'s length along ``axis`` (seen through dimshuffles)."""
        while var.owner is not None and isinstance(var.owner.op, DimShuffle) and id(var) not in self.names:
            entry = var.owner.op.new_order[axis]
            if entry == "x":
                return "1"
            var, axis = var.owner.inputs[0], entry
        static = var.type.shape[axis]
        if static is not None and (static == 1 or isinstance(var, Constant)):
            return str(static)
        return f"{self.value(var)}.shape[{axis}]"

    def emit(self, line, depth=1):
        self.lines.append("    " * depth + line)

    # -- the whole kernel ---------------------------------------------------------------
    def function_text(self, name="kernel") -> list:
        args = ", ".join(self.argument_name(v, k) if id(v) not in self.names else self.names[id(v)]
                         for k, v in enumerate(self.inputs))
        return [f"def {name}({args}):"] + (self.lines or ["    pass"])

    def module_text(self, header, functions) -> str:
        """The kernel module: imports, constants, then the functions (lists of lines)."""
        lines = [line for function in functions for line in function + ["", ""]]
        imports = ["from algrad.lowering import runtime as rt"]
        if any("ShapeError(" in line for line in lines):
            imports.insert(0, "from algrad.errors import ShapeError")
        if any("vm.vm_" in line for line in lines):
            imports.append("from algrad.lowering import vecmath as vm")
        if any("prange(" in line for line in lines):
            imports.append("from numba import prange")
        if any("numba.objmode(" in line for line in lines):
            imports.insert(0, "import numba")
        return "\n".join([header, "import math", "", "import numpy as np", ""] + imports + [""]
                          + self.constants + ["", ""] + lines).rstrip() + "\n"

    def returned(self) -> list:
        """Lines returning the outputs, copying any array the caller must not share."""
        codes, seen = [], set()
        for out in self.outputs:
            code = self.value(out)
            if out.ndim > 0 and (id(out) not in self.fresh or id(out) in seen):
                code = f"{code}.copy()"
            seen.add(id(out))
            codes.append(code)
        if len(codes) == 1:  # a tuple of one costs the caller a boxing
            return [f"return {codes[0]}"]
        return [f"return ({''.join(c + ', ' for c in codes)})"]


def generate(inputs, outputs, header="") -> tuple:
    """The kernel module's source for ``outputs`` of ``inputs``, and the plan's units.

    The module defines ``kernel``, and ``kernel_parallel`` (the same with
    ``prange`` over the outer axis of loops whose iterations are
    independent) when there is such a loop.  Raises MissingLoweringError
    naming the first op the lowering table lacks, before anything compiles.

    Examples
    --------
    >>> import algrad.tensor as T
    >>> from algrad.lowering.codegen import generate
    >>> x = T.dvector('x')
    >>> source, units = generate([x], [T.sum(T.exp(x))])
    >>> print(source[source.index('def kernel'):])  # doctest: +ELLIPSIS
    def kernel(x):
        # loop over a float64 vector of static shape (None,): exp, sum{axes=(0,)}
        n0 = x.shape[0]
        acc0 = 0.0
        for i0 in range(n0):
            x0 = x[i0]
            e0 = ...exp(x0)
            acc0 = (acc0 + e0)
        t0 = acc0
        return t0
    <BLANKLINE>
    """
    from .table import lowering_for
    outputs = prepare(outputs)
    planner = Planner(inputs, outputs)
    for node in planner.nodes:
        lowering_for(node.op)  # fail early, naming the op
    units = planner.units()
    with scalar.functions_for(_vectorize(units)):
        serial = _write(inputs, outputs, units, parallel=False)
        parallel = _write(inputs, outputs, units, parallel=True)
    functions = serial.extra_functions + [serial.function_text("kernel")]
    if parallel.parallel_loops:
        functions += parallel.extra_functions + [parallel.function_text("kernel_parallel")]
    return serial.module_text(header, functions), units


#: past this many calls of vectorizable functions in loops, a kernel calls libm's instead:
#: inlining them lets loops vectorize, but LLVM's compile time then grows faster than
#: linearly (a chain of 400 sines and cosines: 9.4 s inlined, 2.2 s calling libm)
MAX_INLINED_CALLS = 128


#: the farthest apart two incs of one loop may be for their values to be kept in registers
MAX_SHIFT = 8


def _vectorize(units) -> bool:
    """Whether the kernel's loops use the inlined, vectorizable functions."""
    calls = sum(1 for unit in units if isinstance(unit, Loop) and unit.ndim > 0
                for node in unit.nodes if node.op.name in scalar.VECTORIZABLE)
    return calls <= MAX_INLINED_CALLS


def _write(inputs, outputs, units, parallel, writer=None):
    from .table import lowering_for
    writer = writer or KernelWriter(inputs, outputs, parallel)
    for k, v in enumerate(inputs):
        writer.argument_name(v, k)
    for unit in units:
        if isinstance(unit, Loop):
            LoopWriter(writer, unit).write()
        else:
            writer.emit(f"# {unit.node.op}")
            lowering_for(unit.node.op)(writer, unit.node)
    for line in writer.returned():
        writer.emit(line)
    return writer


def _is_square(node) -> bool:
    """``x ** 2`` with a constant 2: one multiplication, exactly rounded like pow."""
    exponent = view_base(node.inputs[1]) if node.op.name == "pow" else None
    if not isinstance(exponent, Constant):
        return False
    data = exponent.data
    return data.size == 1 and float(data.flat[0]) == 2.0


class LoopWriter:
    """Writes one fused loop nest: extents and checks, allocations, the body."""

    def __init__(self, writer, loop):
        self.w = writer
        self.loop = loop
        self.k = loop.ndim
        self.locals = {}   # id(variable) -> local scalar name in the body
        self.leaves = []   # (array variable, axis map, op name, input number)
        self.elements = {}  # code of an array element read -> the local holding it
        self.body = []
        self.before = [[] for _ in range(self.k + 1)]  # lines before opening loop d
        self.after = [[] for _ in range(self.k + 1)]   # lines after closing loop d
        self.extents = []

    # -- reading values inside the body ---------------------------------------------
    def read(self, var, axis_map, op_name, k) -> str:
        if id(var) in self.locals:
            return self.locals[id(var)]
        while var.owner is not None and isinstance(var.owner.op, DimShuffle):
            order = var.owner.op.new_order
            var = var.owner.inputs[0]
            axis_map = [axis_map[order.index(q)] if q in order else None for q in range(var.ndim)]
            if id(var) in self.locals:
                return self.locals[id(var)]
        if isinstance(var, Constant) and var.data.size == 1:
            return scalar.literal(var.data.flat[0], var.dtype)
        code = self.w.value(var)
        if var.ndim == 0:
            return code
        self.leaves.append((var, axis_map, op_name, k))
        index = ", ".join("0" if m is None or var.type.shape[j] == 1 else f"i{m}"
                          for j, m in enumerate(axis_map))
        element = f"{code}[{index}]"
        if element not in self.elements:  # each element is loaded once per iteration
            self.elements[element] = self.w.new_name("x") if self.k else element
            if self.k:
                self.body.append(f"{self.elements[element]} = {element}")
        return self.elements[element]

    def compute(self, node):
        op, out = node.op, node.outputs[0]
        identity = list(range(self.k))
        args = [self.read(v, identity, op.name, k) for k, v in enumerate(node.inputs)]
        in_dtypes = [v.dtype for v in node.inputs]
        if isinstance(op, Cast):
            expr = scalar.convert(args[0], in_dtypes[0], out.dtype)
        else:
            weak = [v.weak for v in node.inputs]
            dtypes = scalar.compute_dtypes(op, in_dtypes, weak, out.dtype)
            args = [scalar.convert(a, d, c) for a, d, c in zip(args, in_dtypes, dtypes)]
            key = "sqr" if _is_square(node) else op_key(op)
            expr = scalar.ELEMENTWISE_LOWERINGS[key](args[:1] if key == "sqr" else args, out.dtype)
            if out.dtype in _WIDENED_BY_NUMBA:
                expr = f"{scalar.NUMBA_DTYPE[out.dtype]}({expr})"
        name = self.w.new_name("e") if self.k else self.w.define(out)
        self.locals[id(out)] = name
        self.body.append(f"{name} = {expr}")

    # -- the parts of the nest ----------------------------------------------------------
    def _index(self, axes=None) -> str:
        axes = range(self.k) if axes is None else axes
        return ", ".join(f"i{m}" for m in axes)

    def store(self, var):
        identity = list(range(self.k))
        value = self.read(var, identity, "copy", 0)
        if self.k == 0:
            if id(var) not in self.w.names:
                self.body.append(f"{self.w.define(var)} = {value}")
            return
        name = self.w.define(var)
        shape = "".join(f"n{m}, " for m in range(self.k))
        self.before[0].append(f"{name} = np.empty(({shape}), np.{var.dtype})")
        self.body.append(f"{name}[{self._index()}] = {value}")

    def reduce(self, node):
        key = op_key(node.op)
        out, x = node.outputs[0], node.inputs[0]
        axes = node.op.axes
        value = scalar.convert(self.read(x, list(range(self.k)), key.lower(), 0), x.dtype, out.dtype)
        combine = scalar.REDUCTION_LOWERINGS[key]
        init = scalar.reduction_identity(key, out.dtype)
        if key in ("Max", "Min"):
            for a in axes:
                self.before[0].append(f'if n{a} == 0: raise ShapeError("{key.lower()} over axis {a}, '
                                      'which has length 0: the reduction has no identity")')
        kept = [m for m in range(self.k) if m not in axes]
        name = self.w.define(out)
        first = axes[0]
        if list(axes) == list(range(first, self.k)):  # reduced axes innermost: a scalar accumulator
            acc = self.w.new_name("acc")
            self.before[first].append(f"{acc} = {init}")
            self.body.append(f"{acc} = {combine(acc, value, out.dtype)}")
            if kept:
                shape = "".join(f"n{m}, " for m in kept)
                self.before[0].append(f"{name} = np.empty(({shape}), np.{out.dtype})")
                self.after[first].append(f"{name}[{self._index(kept)}] = {acc}")
            else:
                self.after[first].append(f"{name} = {acc}")
            return
        shape = "".join(f"n{m}, " for m in kept)
        self.before[0].append(f"{name} = np.full(({shape}), {init}, np.{out.dtype})")
        cell = f"{name}[{self._index(kept)}]"
        self.body.append(f"{cell} = {combine(cell, value, out.dtype)}")

    def scatter(self, node):
        """Add the loop's values into a region of a buffer allocated before the loop."""
        base, y = node.inputs[:2]
        out = node.outputs[0]
        value = self.read(y, list(range(self.k)), "inc_subtensor", 1)
        model = zero_fill_model(base)
        if model is not None:
            buffer = self.w.define(out)
            shape = "".join(f"{self.w.shape(model, a)}, " for a in range(model.ndim))
            self.before[0].append(f"{buffer} = np.zeros(({shape}), np.{out.dtype})")
        else:  # the next inc of a chain: the same buffer
            buffer = self.w.value(base)
            self.w.names[id(out)] = buffer
            self.w.fresh.add(id(out))
        region = self._region(buffer, node)
        self.body.append(f"{region}[{self._index()}] += {value}")

    def _region(self, buffer, node) -> str:
        """The name of the view of ``buffer`` an inc adds into, checked to be the loop's shape."""
        region = self.w.new_name("region")
        self.before[0].append(
            f"{region} = {buffer}[{index_code(self.w, buffer, node.op.spec, node.inputs[2:])}]")
        for m in range(self.k):
            self.before[0].append(f"if {region}.shape[{m}] != n{m}: " + raise_code(
                "ShapeError", f"inc_subtensor: a value of length {{}} along axis {m} does not fit "
                "a region of length {}", f"n{m}", f"{region}.shape[{m}]"))
        return region

    def _scatter_chains(self) -> list:
        """The loop's scatters as chains of incs into one buffer, each in order."""
        chains, chain_of = [], {}
        for node in self.loop.scatters:
            base = node.inputs[0]
            chain = chain_of.get(id(base.owner)) if base.owner is not None else None
            if chain is None:
                chain = []
                chains.append(chain)
            chain.append(node)
            chain_of[id(node)] = chain
        return chains

    def _shift_offsets(self, chain):
        """Each inc's start, when all add a vector loop into ``buffer[start:start + n]``, else None.

        Constant, non-negative starts and unit steps: element ``j`` of the
        buffer then sums the values of iterations ``j - start``, known
        ``start`` iterations apart.
        """
        if self.k != 1 or zero_fill_model(chain[0].inputs[0]) is None:
            return None
        offsets = []
        for node in chain:
            spec, idx = node.op.spec, node.inputs[2:]
            if len(spec) != 1 or spec[0] == "i" or not all(isinstance(v, Constant) for v in idx):
                return None
            values = iter(int(v.data) for v in idx)
            start, _, step = (next(values) if present else None for present in spec[0])
            if (start is not None and start < 0) or (step is not None and step != 1):
                return None
            offsets.append(start or 0)
        if max(offsets) - min(offsets) > MAX_SHIFT:
            return None
        return offsets

    def shifted_scatter(self, chain, offsets):
        """Incs at fixed distances written as plain stores, without a loop-carried dependence.

        ``buffer[i + a] += u`` and ``buffer[i + b] += v`` in one loop make
        iteration ``i`` read what iteration ``i - 1`` wrote, which stops
        vectorization.  Element ``i + min`` is final at iteration ``i``
        instead: the values of earlier iterations are kept in registers
        (a first-order recurrence LLVM vectorizes) and it is stored once;
        the last elements are stored after the loop, and the buffer is
        zeroed only outside the covered range.
        """
        first, last = chain[0], chain[-1]
        model = zero_fill_model(first.inputs[0])
        dtype = last.outputs[0].dtype
        buffer = self.w.define(first.outputs[0])
        for node in chain[1:]:
            self.w.names[id(node.outputs[0])] = buffer
            self.w.fresh.add(id(node.outputs[0]))
        lowest, highest = min(offsets), max(offsets)
        self.before[0].append(f"{buffer} = np.empty(({self.w.shape(model, 0)}, ), np.{dtype})")
        for node in chain:  # written through the buffer, but each region is checked
            self._region(buffer, node)
        low, high = self.w.new_name("low"), self.w.new_name("high")
        self.before[0] += [f"{low}, {high} = ({lowest}, n0 + {highest}) if n0 else (0, 0)",
                           f"{buffer}[:{low}] = 0", f"{buffer}[{high}:] = 0"]
        zero = scalar.literal(0, dtype)
        terms, shifts, kept = [], [], []
        for node, offset in zip(chain, offsets):
            value = self.read(node.inputs[1], [0], "inc_subtensor", 1)
            lag = offset - lowest  # the value reaches element i + lowest this many iterations on
            if lag == 0:
                terms.append(value)
                kept.append(None)
                continue
            names = [self.w.new_name("carry") for _ in range(lag)]  # names[s]: s + 1 iterations ago
            self.before[0] += [f"{name} = {zero}" for name in names]
            terms.append(names[-1])
            shifts += [f"{names[s]} = {names[s - 1]}" for s in range(lag - 1, 0, -1)]
            shifts.append(f"{names[0]} = {value}")
            kept.append(names)
        at = f"i0 + {lowest}" if lowest else "i0"
        self.body.append(f"{buffer}[{at}] = {' + '.join(terms)}")
        self.body += shifts
        tail = []
        for t in range(highest - lowest):  # elements n0 + lowest + t, after the last iteration
            parts = [names[len(names) - 1 - t] for names in kept if names and len(names) > t]
            tail.append(f"    {buffer}[n0 + {lowest + t}] = {' + '.join(parts)}")
        if tail:
            self.after[0] += ["if n0:"] + tail

    def _extents(self) -> list:
        """Lines giving each loop length and checking every array read along it."""
        lines = []
        for m in range(self.k):
            sources = [(v, j, op, k) for v, amap, op, k in self.leaves for j, mm in enumerate(amap)
                       if mm == m and v.type.shape[j] != 1]
            if not sources:
                lines.append(f"n{m} = 1")
                continue
            v, j, _, _ = sources[0]
            lines.append(f"n{m} = {self.w.shape(v, j)}")
            checked = {(id(v), j)}
            for v, j, op, k in sources[1:]:
                if (id(v), j) in checked:
                    continue
                checked.add((id(v), j))
                length = self.w.shape(v, j)
                lines.append(f"if {length} != n{m}: " + raise_code(
                    "ShapeError", f"{op}: input {k} has length {{}} along axis {m} where the result "
                    "has length {}; only axes declared with static length 1 broadcast (make the "
                    "variable with shape=(..., 1, ...), or use T.row / T.col)", length, f"n{m}"))
        return lines

    def _independent_iterations(self) -> bool:
        """Whether iterations of the outer axis touch disjoint memory (prange is safe)."""
        if self.loop.scatters:  # regions of one buffer may overlap
            return False
        shape = self.loop.space.type.shape
        if None not in shape and int(np.prod(shape)) < 1 << 16:  # known to be small
            return False
        return all(0 not in node.op.axes for node in self.loop.reductions)

    def write(self):
        if self.loop.ndim == 0:  # nothing to vectorize: libm's functions compile faster
            with scalar.functions_for(False):
                self._write()
        else:
            self._write()

    def _write(self):
        loop = self.loop
        ops = ", ".join(str(n.op) for n in loop.nodes + loop.reductions + loop.scatters) or "copy"
        self.w.emit(f"# loop over {loop.space.type.describe()}: {ops}")
        for node in loop.nodes:
            self.compute(node)
        for var in loop.stores:
            self.store(var)
        for node in loop.reductions:
            self.reduce(node)
        for chain in self._scatter_chains():
            offsets = self._shift_offsets(chain)
            if offsets is None:
                for node in chain:
                    self.scatter(node)
            else:
                self.shifted_scatter(chain, offsets)
        for line in self._extents() + self.before[0]:
            self.w.emit(line)
        for d in range(self.k):
            if d:
                for line in self.before[d]:
                    self.w.emit(line, d + 1)
            loop = "range"
            if d == 0 and self.w.parallel and self._independent_iterations():
                loop = "prange"
                self.w.parallel_loops += 1
            self.w.emit(f"for i{d} in {loop}(n{d}):", d + 1)
        for line in self.body:
            self.w.emit(line, self.k + 1)
        for d in reversed(range(self.k)):
            for line in self.after[d]:
                self.w.emit(line, d + 1)

