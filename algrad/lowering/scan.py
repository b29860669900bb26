"""Lowering of scan: the step becomes a jitted function of its own, called in a loop.

The step's graph is written by the same code generator as a kernel (fused
loops and all) into a function ``step<k>`` of the same module; the module
loader jits every ``step*`` function before the kernel, so the kernel's loop
calls compiled code.  The first step runs before the loop so that its
results give the shapes of the stacked outputs.
"""
from __future__ import annotations

from .plan import Planner
from .prepare import prepare


def _write_step(w, op):
    """The step function's name; its lines and constants join the writer's module."""
    from .codegen import KernelWriter, _write
    outputs = prepare(op.inner_outputs)
    planner = Planner(op.inner_inputs, outputs)
    name = w.new_name("step")
    inner = KernelWriter(op.inner_inputs, outputs)
    inner._taken, inner._counts = w._taken, w._counts  # one namespace: no clashing constants
    inner = _write(op.inner_inputs, outputs, planner.units(), parallel=False, writer=inner)
    w.constants.extend(inner.constants)
    w.extra_functions.append(inner.function_text(name))
    return name


def _empty_stack(w, var, n):
    """An empty stacked output: its element shape from the graph, 0 where unknown."""
    dims = "".join(f"{d or 0}, " for d in var.type.shape)
    return f"np.empty(({n}, {dims}), np.{var.dtype})"


def lower_Scan(w, node):
    op = node.op
    n_steps, seqs, inits, captured = op.split(node.inputs)
    step = _write_step(w, op)
    n = w.new_name("n_steps")
    w.emit(f"{n} = {w.value(n_steps)}")
    for k, s in enumerate(seqs):
        w.emit(f"rt.check_scan_length({w.shape(s, 0)}, {n}, {k})")
    states = []
    for init in inits:
        state = w.new_name("state")
        value = w.value(init)
        w.emit(f"{state} = {value}.copy()" if init.ndim else f"{state} = {value}")
        states.append(state)
    caps = [w.value(c) for c in captured]
    outs = [w.define(v) for v in node.outputs]
    t = w.new_name("t")
    result = w.new_name("result")

    def call(depth):
        args = [f"{w.value(s)}[{t}]" for s in seqs] + states + caps
        w.emit(f"{result} = {step}({', '.join(args)})", depth)
        parts = [result] if len(node.outputs) == 1 else [f"{result}[{k}]" for k in range(len(outs))]
        return parts

    w.emit(f"if {n} <= 0:")
    for name, var in zip(outs, op.inner_outputs):
        w.emit(f"{name} = {_empty_stack(w, var, 0)}", 2)
    w.emit("else:")
    w.emit(f"{t} = 0", 2)
    parts = call(2)
    for name, part, var in zip(outs, parts, op.inner_outputs):
        shape = f"({n}, )" if var.ndim == 0 else f"({n}, ) + {part}.shape"
        w.emit(f"{name} = np.empty({shape}, np.{var.dtype})", 2)
    _store_and_feed(w, op, outs, parts, states, t, 2)
    w.emit(f"for {t} in range(1, {n}):", 2)
    parts = call(3)
    _store_and_feed(w, op, outs, parts, states, t, 3)


def _store_and_feed(w, op, outs, parts, states, t, depth):
    k_state = 0
    for k, (name, part, var) in enumerate(zip(outs, parts, op.inner_outputs)):
        w.emit(f"{name}[{t}] = {part}", depth)
        if op.recurrent[k]:
            state = states[k_state]
            if var.ndim:
                w.emit(f"rt.check_scan_state({part}.shape, {state}.shape, {k})", depth)
                w.emit(f"{state} = {part}.copy()", depth)
            else:
                w.emit(f"{state} = {part}", depth)
            k_state += 1


SCAN_LOWERINGS = {"Scan": lower_Scan}
