"""Derivatives of scan: the reverse rule is a backward scan, the forward rule a tangent scan.

Reverse: with states s_t = F(seq_t, s_{t-1}, c) and output cotangents
O_bar[t], a scan runs t = n-1 .. 0 carrying the cotangent of s_{t-1}; each
step applies the reverse driver to one copy of the step's graph.  The
cotangents of the captured values c are summed over the steps.
"""
from __future__ import annotations

from . import elementwise as ew
from .shape import concatenate
from .dimshuffle import pad_left
from .subtensor import subtensor


def _is_float(v):
    return v.dtype.startswith("float")


def _step_graph(op, seq_slices, prev_states, captured):
    """The step's outputs rebuilt on the given variables."""
    from ..traversal import replace
    return replace(op.inner_outputs, dict(zip(op.inner_inputs, [*seq_slices, *prev_states, *captured])))


def _reverse(x):
    return subtensor(x, slice(None, None, -1))


def scan_vjp(op, node, y_bars, needed):
    from ..grad import backpropagate
    from .scan import scan
    n_steps, seqs, inits, captured = op.split(node.inputs)
    outs = node.outputs
    rec_outs = [o for o, r in zip(outs, op.recurrent) if r]
    # cotangents of every output per step; zeros where nothing flows back
    o_bars = [ew.zeros_like(o) if g is None else g for o, g in zip(outs, y_bars)]
    # s_{t-1} per step: the initial state, then the outputs but the last
    prevs = [concatenate([pad_left(init, init.ndim + 1), subtensor(o, slice(None, -1))])
             for init, o in zip(inits, rec_outs)]
    wants = {"seq": [needed[1 + k] and _is_float(s) for k, s in enumerate(seqs)]}
    base = 1 + len(seqs)
    wants["init"] = [needed[base + k] and _is_float(v) for k, v in enumerate(inits)]
    base += len(inits)
    wants["cap"] = [needed[base + k] and _is_float(v) for k, v in enumerate(captured)]
    float_states = [_is_float(v) for v in inits]
    n_seq, n_out, n_rec = len(seqs), len(outs), len(inits)
    cap_wanted = [c for c, w in zip(captured, wants["cap"]) if w]

    def step(*args):
        seq_t = list(args[:n_seq])
        o_bar_t = list(args[n_seq:n_seq + n_out])
        prev_t = list(args[n_seq + n_out:n_seq + n_out + n_rec])
        rest = list(args[n_seq + n_out + n_rec:])
        carry = rest[:n_rec]
        acc = rest[n_rec:n_rec + len(cap_wanted)]
        caps = rest[n_rec + len(cap_wanted):]
        step_outs = _step_graph(op, seq_t, prev_t, caps)
        seeds, k_state = {}, 0
        for k, (o, rec) in enumerate(zip(step_outs, op.recurrent)):
            g = o_bar_t[k]
            if rec:
                g = ew.add(g, carry[k_state]) if float_states[k_state] else g
                k_state += 1
            if _is_float(o):
                seeds[o] = ew.add(seeds[o], g) if o in seeds else g
        caps_wanted_inner = [c for c, w in zip(caps, wants["cap"]) if w]
        wrt = seq_t + prev_t + caps_wanted_inner
        bars = backpropagate(seeds, wrt) if seeds else {}

        def bar(v):
            g = bars.get(id(v))
            return ew.zeros_like(v) if g is None else g

        new_carry = [bar(p) if f else ew.zeros_like(p) for p, f in zip(prev_t, float_states)]
        new_acc = [ew.add(a, bar(c)) for a, c in zip(acc, caps_wanted_inner)]
        seq_bars = [bar(s) for s, w in zip(seq_t, wants["seq"]) if w]
        return new_carry + new_acc + seq_bars

    sequences = [_reverse(s) for s in seqs] + [_reverse(g) for g in o_bars] + [_reverse(p) for p in prevs]
    carry0 = [ew.zeros_like(v) if f else ew.zeros_like(v) for v, f in zip(inits, float_states)]
    acc0 = [ew.zeros_like(c) for c in cap_wanted]
    n_seq_bars = sum(wants["seq"])
    outputs_info = carry0 + acc0 + [None] * n_seq_bars
    results, _ = scan(step, sequences=sequences, outputs_info=outputs_info,
                      non_sequences=list(captured), n_steps=n_steps)
    results = results if isinstance(results, list) else [results]
    carries = results[:n_rec]
    accs = results[n_rec:n_rec + len(cap_wanted)]
    seq_bar_stacks = results[n_rec + len(cap_wanted):]
    grads = [None]
    it = iter(seq_bar_stacks)
    for s, w in zip(seqs, wants["seq"]):
        grads.append(_reverse(next(it)) if w else None)
    for c, w in zip(carries, wants["init"]):
        grads.append(subtensor(c, -1) if w else None)
    it = iter(accs)
    for c, w in zip(captured, wants["cap"]):
        grads.append(subtensor(next(it), -1) if w else None)
    return grads


def scan_jvp(op, node, x_dots):
    from ..forward import push_forward
    from .scan import scan
    n_steps, seqs, inits, captured = op.split(node.inputs)
    _, seq_dots, init_dots, cap_dots = op.split(x_dots)
    if all(d is None for d in x_dots):
        return [None] * len(node.outputs)
    seq_dots = [ew.zeros_like(s) if d is None and _is_float(s) else d for s, d in zip(seqs, seq_dots)]
    init_dots = [ew.zeros_like(v) if d is None and _is_float(v) else d for v, d in zip(inits, init_dots)]
    n_seq, n_cap = len(seqs), len(captured)
    seq_has = [d is not None for d in seq_dots]
    rec_has = [d is not None for d in init_dots]
    cap_has = [d is not None for d in cap_dots]

    def step(*args):
        args = list(args)
        seq_t = args[:n_seq]
        args = args[n_seq:]
        seq_dot_t = [args.pop(0) if h else None for h in seq_has]
        prev = []
        prev_dot = []
        for h in rec_has:
            prev.append(args.pop(0))
            prev_dot.append(args.pop(0) if h else None)
        caps = args[:n_cap]
        cap_dot = args[n_cap:]
        cap_dot = [cap_dot.pop(0) if h else None for h in cap_has]
        outs = _step_graph(op, seq_t, prev, caps)
        tangents = {id(v): d for v, d in zip(seq_t + prev + caps, seq_dot_t + prev_dot + cap_dot)
                    if d is not None}
        out_dots = push_forward(tangents, outs)
        results = []
        k_state = 0
        for k, (o, rec) in enumerate(zip(outs, op.recurrent)):
            if rec:
                results.append(o)
                if rec_has[k_state]:
                    d = out_dots[id(o)]
                    results.append(ew.zeros_like(o) if d is None else d)
                k_state += 1
        for o, rec in zip(outs, op.recurrent):
            if not rec:
                d = out_dots[id(o)]
                results.append(ew.zeros_like(o) if d is None or not _is_float(o) else d)
        return results

    sequences = []
    for s, d in zip(seqs, seq_dots):
        sequences.append(s)
        if d is not None:
            sequences.append(d)
    outputs_info = []
    for v, d in zip(inits, init_dots):
        outputs_info.append(v)
        if d is not None:
            outputs_info.append(d)
    n_plain = sum(1 for r in op.recurrent if not r)
    outputs_info += [None] * n_plain
    non_seqs = list(captured) + [d for d in cap_dots if d is not None]
    # fn's arguments are sequences in order, then states in order, then non-sequences
    results, _ = scan(_interleave_args(step, seq_has, rec_has, n_cap, cap_has),
                      sequences=sequences, outputs_info=outputs_info,
                      non_sequences=non_seqs, n_steps=n_steps)
    results = results if isinstance(results, list) else [results]
    dots, it = [], iter(results)
    rec_dot = []
    for h in rec_has:
        next(it)
        rec_dot.append(next(it) if h else None)
    plain_dot = list(it)
    k_rec = k_plain = 0
    for o, rec in zip(node.outputs, op.recurrent):
        if rec:
            dots.append(rec_dot[k_rec])
            k_rec += 1
        else:
            dots.append(plain_dot[k_plain] if _is_float(o) else None)
            k_plain += 1
    return dots


def _interleave_args(step, seq_has, rec_has, n_cap, cap_has):
    """Adapt scan's argument order (sequences, states, non-sequences) to ``step``'s."""
    def adapted(*args):
        args = list(args)
        n_seq_args = len(seq_has) + sum(seq_has)
        seq_args = args[:n_seq_args]
        state_args = args[n_seq_args:n_seq_args + len(rec_has) + sum(rec_has)]
        rest = args[n_seq_args + len(rec_has) + sum(rec_has):]
        seq_t, seq_dot = [], []
        it = iter(seq_args)
        for h in seq_has:
            seq_t.append(next(it))
            if h:
                seq_dot.append(next(it))
        return step(*seq_t, *seq_dot, *state_args, *rest)
    return adapted


