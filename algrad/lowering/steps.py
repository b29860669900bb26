"""Lowerings of the ops that are not fused into loops: each writes statements.

``lower_<Op>(w, node)`` reads its inputs with ``w.value`` (array names or
scalar code), names its outputs with ``w.define`` and emits lines with
``w.emit``.  Every check that NumPy would make (bounds, shapes) is written
out so that bad input raises algrad's own error, never a Numba crash.
"""
from __future__ import annotations

import re

from ..types import is_float
from . import scalar


def rt_call(helper, *args) -> str:
    """The code calling ``rt.<helper>`` with arguments Numba does not type as literals.

    A literal ``1`` would make Numba compile the helper once per distinct
    value; ``np.int64(1)`` is a plain int64.
    """
    codes = [f"np.int64({a})" if isinstance(a, int) or re.fullmatch(r"-?\d+", str(a)) else str(a)
             for a in args]
    return f"rt.{helper}({', '.join(codes)})"


def raise_code(error, template, *args) -> str:
    """``raise error(template, *int args)``: the program fills the ``{}`` in (no string work here)."""
    return f"raise {error}({template!r}{''.join(', ' + str(a) for a in args)})"


def _dtype(var) -> str:
    return f"np.{var.dtype}"


def _astype(w, var, dtype) -> str:
    code = w.value(var)
    if var.dtype == dtype:
        return code
    if var.ndim == 0:
        return scalar.convert(code, var.dtype, dtype)
    return f"{code}.astype(np.{dtype})"


def lower_Dot(w, node):
    """BLAS (``np.dot``) for floats; plain loops for integers and bools."""
    a, b = node.inputs
    out = node.outputs[0]
    dtype = out.dtype
    ca, cb = _astype(w, a, dtype), _astype(w, b, dtype)
    w.emit(rt_call("check_dot", w.shape(a, a.ndim - 1), w.shape(b, 0)))
    name = w.define(out)
    if is_float(dtype):
        w.emit(f"{name} = rt.float_dot({ca}, {cb})")
        return
    if a.ndim == 1 and b.ndim == 1:
        w.emit(f"{name} = {scalar.convert(f'rt.dot_loops_1_1({ca}, {cb}, 0)', 'int64', dtype)}")
        return
    shape = ([w.shape(a, 0)] if a.ndim == 2 else []) + ([w.shape(b, 1)] if b.ndim == 2 else [])
    w.emit(f"{name} = rt.dot_loops_{a.ndim}_{b.ndim}({ca}, {cb}, "
           f"np.zeros(({''.join(s + ', ' for s in shape)}), {_dtype(out)}))")


def lower_Shape(w, node):
    (x,) = node.inputs
    name = w.define(node.outputs[0])
    w.emit(f"{name} = np.empty({x.ndim}, np.int64)")
    for axis in range(x.ndim):
        w.emit(f"{name}[{axis}] = {w.shape(x, axis)}")


def lower_ShapeI(w, node):
    (x,) = node.inputs
    name = w.define(node.outputs[0])
    w.emit(f"{name} = np.int64({w.shape(x, node.op.axis)})")


def lower_Reshape(w, node):
    """Checked against the size; a strided input is copied to contiguous first."""
    x, shape = node.inputs
    out = node.outputs[0]
    ndim = node.op.ndim
    lengths = w.new_name("shape")
    size = "1" if x.ndim == 0 else f"{w.value(x)}.size"
    w.emit(f"{lengths} = {rt_call('reshape_lengths', size, w.value(shape), ndim)}")
    new_shape = "(" + "".join(f"{lengths}[{k}], " for k in range(ndim)) + ")"
    name = w.define(out, fresh=False)
    if x.ndim == 0:
        w.emit(f"{name} = {w.value(x)}" if ndim == 0 else f"{name} = np.full({new_shape}, {w.value(x)})")
        w.fresh.add(id(out))
    elif ndim == 0:
        w.emit(f"{name} = {w.value(x)}.ravel()[0]")
    else:
        w.emit(f"{name} = np.ascontiguousarray({w.value(x)}).reshape({new_shape})")


def index_code(w, x, spec, idx) -> str:
    """The index of a Subtensor/IncSubtensor spec into ``x`` (a variable or an array's name)."""
    parts, k = [], 0
    for axis, entry in enumerate(spec):
        if entry == "i":
            length = f"{x}.shape[{axis}]" if isinstance(x, str) else w.shape(x, axis)
            parts.append(rt_call("check_index", w.value(idx[k]), length, axis))
            k += 1
            continue
        bounds = []
        for position, present in enumerate(entry):
            if not present:
                bounds.append("")
                continue
            code = w.value(idx[k])
            bounds.append(rt_call("check_step", code) if position == 2 else code)
            k += 1
        parts.append(f"{bounds[0]}:{bounds[1]}" + (f":{bounds[2]}" if bounds[2] else ""))
    return ", ".join(parts)


def lower_Subtensor(w, node):
    """A view of the input (copied only if returned)."""
    x, *idx = node.inputs
    name = w.define(node.outputs[0], fresh=False)
    w.emit(f"{name} = {w.value(x)}[{index_code(w, x, node.op.spec, idx)}]")


def _broadcast_loops(w, target, value, var, what):
    """Write ``target[...] (op)= value`` over the region, NumPy-broadcasting ``value``."""
    op = "=" if what == "set_subtensor" or what == "alloc" else "+="
    rank = var.ndim
    if rank == 0:
        w.emit(f"{target} {op} {value}")
        return
    steps = []
    for d in range(rank):
        if var.type.shape[d] == 1:
            steps.append(None)
            continue
        w.emit(f"if {value}.shape[{d}] != {target}.shape[{d}] and {value}.shape[{d}] != 1:")
        w.emit("    " + raise_code("ShapeError", f"{what}: a value of length {{}} along axis {d} "
                                   "does not fit a region of length {}", f"{value}.shape[{d}]",
                                   f"{target}.shape[{d}]"))
        step = w.new_name("b")
        w.emit(f"{step} = 0 if {value}.shape[{d}] == 1 else 1")
        steps.append(step)
    for d in range(rank):
        w.emit(f"for j{d} in range({target}.shape[{d}]):", d + 1)
    src = ", ".join("0" if s is None else f"j{d} * {s}" for d, s in enumerate(steps))
    dst = ", ".join(f"j{d}" for d in range(rank))
    w.emit(f"{target}[{dst}] {op} {value}[{src}]", rank + 1)


def lower_IncSubtensor(w, node):
    """A copy of ``x`` with ``y`` added to (or written over) the indexed region."""
    x, y, *idx = node.inputs
    name = w.define(node.outputs[0])
    index = index_code(w, x, node.op.spec, idx)
    w.emit(f"{name} = {w.value(x)}.copy()")
    if y.ndim == 0:
        op = "=" if node.op.set else "+="
        w.emit(f"{name}[{index}] {op} {w.value(y)}")
        return
    region = w.new_name("region")
    w.emit(f"{region} = {name}[{index}]")
    _broadcast_loops(w, region, w.value(y), y, node.op.name)


def lower_Join(w, node):
    axis = node.op.axis
    out = node.outputs[0]
    parts = node.inputs
    first = parts[0]
    for k, part in enumerate(parts[1:], 1):
        for d in range(out.ndim):
            if d != axis:
                w.emit(rt_call("check_join", w.shape(part, d), w.shape(first, d), d, k))
    total = " + ".join(w.shape(p, axis) for p in parts)
    shape = "".join((f"{total}, " if d == axis else f"{w.shape(first, d)}, ") for d in range(out.ndim))
    name = w.define(out)
    w.emit(f"{name} = np.empty(({shape}), {_dtype(out)})")
    offset = w.new_name("offset")
    w.emit(f"{offset} = 0")
    for part in parts:
        length = w.shape(part, axis)
        index = ", ".join(f"{offset}:{offset} + {length}" if d == axis else ":" for d in range(out.ndim))
        w.emit(f"{name}[{index}] = {_astype(w, part, out.dtype)}")
        w.emit(f"{offset} += {length}")


def lower_Alloc(w, node):
    value, *lengths = node.inputs
    out = node.outputs[0]
    name = w.define(out)
    if not lengths:
        w.emit(f"{name} = {w.value(value)}")
        return
    dims = []
    for axis, n in enumerate(lengths):
        dim = w.new_name("n_alloc")
        w.emit(f"{dim} = {rt_call('check_alloc_length', w.value(n), axis)}")
        dims.append(dim)
    w.emit(f"{name} = np.empty(({''.join(d + ', ' for d in dims)}), {_dtype(out)})")
    if value.ndim == 0:
        w.emit(f"{name}[...] = {w.value(value)}")
        return
    _broadcast_loops(w, name, w.value(value), value, "alloc")


def lower_ARange(w, node):
    start, stop, step = (w.value(v) for v in node.inputs)
    out = node.outputs[0]
    name = w.define(out)
    w.emit(rt_call("check_arange_step", step))
    w.emit(f"{name} = np.arange({start}, {stop}, {step}).astype({_dtype(out)})")


def lower_DimShuffle(w, node):
    """Never called: loops read through dimshuffles (see ``LoopWriter.read``)."""
    raise RuntimeError("internal: a dimshuffle is lowered by the loop that reads it")


STEP_LOWERINGS = {name[len("lower_"):]: fn for name, fn in list(globals().items())
                  if name.startswith("lower_")}
