"""Printing graphs: ``pp`` in Theano's notation, and ``debugprint``.

Printing dispatches on the op through the tables below, never through
methods on op classes.  Every walk is iterative; a graph whose printed tree
would be far larger than the graph itself (heavy sharing) is printed with
its shared subexpressions named once.
"""
from __future__ import annotations

import numpy as np

from .errors import AlgradTypeError
from .graph import Constant, Variable

INFIX = {
    "add": "+", "sub": "-", "mul": "*", "true_div": "/", "int_div": "//", "mod": "%",
    "pow": "**", "lt": "<", "le": "<=", "gt": ">", "ge": ">=", "eq": "==", "neq": "!=",
    "and": "&", "or": "|",
}
PREFIX = {"neg": "-", "invert": "~"}

#: a printed tree may be this many times the number of graph nodes (or this many nodes)
_TREE_BLOWUP, _TREE_MIN = 4, 2000


def constant_text(c: Constant) -> str:
    data = c.data
    if data.size == 1:  # a scalar shaped to broadcast: the shape is implied by the operation
        data = data.reshape(())
    if data.ndim == 0:
        value = data.item()
        text = repr(value) if not isinstance(value, bool) else str(value)
    elif data.size <= 8:
        text = np.array2string(data, separator=", ")
    else:
        text = f"{data.shape} of {data.dtype}"
    return f"TensorConstant{{{text}}}"


def leaf_text(v: Variable) -> str:
    if isinstance(v, Constant):
        return constant_text(v)
    if v.name:
        return v.name
    return f"<{v.type.describe()}>"


def _index_text(v):
    """A constant index prints as the bare integer, as in Python (and Theano's ``x[1:3]``)."""
    if isinstance(v, Constant) and v.data.ndim == 0:
        return str(int(v.data))
    return v


def _index_parts(spec, idx):
    """Python's notation for an index: ``1:3``, ``:``, ``::2``, ``i``, ``-1``."""
    parts, k = [], 0
    spec = list(spec)
    while len(spec) > 1 and spec[-1] == (False, False, False):
        spec.pop()  # m[0] rather than m[0, :]
    for axis, entry in enumerate(spec):
        if axis:
            parts.append(", ")
        if entry == "i":
            parts.append(_index_text(idx[k]))
            k += 1
            continue
        for j, present in enumerate(entry):
            if j == 1:
                parts.append(":")
            if j == 2 and present:  # the second colon only comes with a step
                parts.append(":")
            if present:
                parts.append(_index_text(idx[k]))
                k += 1
    return parts


#: ops that put broadcastable axes in front of their operands themselves, as NumPy does
_PADS_OPERANDS = set(INFIX) | set(PREFIX) | {
    "exp", "log", "log1p", "expm1", "sqrt", "sqr", "sin", "cos", "tan", "arcsin", "arccos",
    "arctan", "sinh", "cosh", "tanh", "arcsinh", "arccosh", "arctanh", "sigmoid", "softplus",
    "erf", "abs", "sign", "floor", "ceil", "maximum", "minimum", "switch", "fill", "alloc",
    "inc_subtensor", "set_subtensor"}


def _unpadded(x: Variable) -> Variable:
    """The operand under an implicit broadcasting dimshuffle (not worth a mention)."""
    if x.owner is not None and x.owner.op.name == "dimshuffle" and x.owner.op.is_left_pad:
        return x.owner.inputs[0]
    return x


def template(v: Variable) -> list:
    """How ``v`` prints: a list of strings and the variables printed in between."""
    node = v.owner
    op, ins = node.op, list(node.inputs)
    name = op.name
    if name in _PADS_OPERANDS:
        ins = [_unpadded(x) for x in ins]
    if name in INFIX:
        return ["(", ins[0], f" {INFIX[name]} ", ins[1], ")"]
    if name in PREFIX:
        return [f"({PREFIX[name]}", ins[0], ")"]
    if name == "dimshuffle" and op.is_transpose:
        return [ins[0], ".T"]
    if name == "shape":
        return [ins[0], ".shape"]
    if name == "shape_i":
        return [ins[0], f".shape[{op.axis}]"]
    if name == "subtensor":
        return [ins[0], "["] + _index_parts(op.spec, ins[1:]) + ["]"]
    if name in ("inc_subtensor", "set_subtensor"):  # the call that builds it
        return [f"{name}(", ins[0], "["] + _index_parts(op.spec, ins[2:]) + ["], ", ins[1], ")"]
    if name in ("sum", "prod", "max", "min") and len(op.axes) == ins[0].ndim:
        return [f"{name}(", ins[0], ")"]
    head = repr(op)
    parts = [f"{head}("]
    for i, x in enumerate(ins):
        if i:
            parts.append(", ")
        parts.append(x)
    parts.append(")")
    if len(node.outputs) > 1:
        parts.append(f"[{v.index}]")
    return parts


def _tree_sizes(outputs):
    from .traversal import toposort
    size = {}
    for node in toposort(outputs):
        s = 1 + sum(size.get(id(x), 1) for x in node.inputs)
        for out in node.outputs:
            size[id(out)] = s
    return size


def _stream(v: Variable, named: dict) -> str:
    pieces, stack = [], [v]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            pieces.append(item)
        elif item.owner is None:
            pieces.append(leaf_text(item))
        elif id(item) in named and item is not v:
            pieces.append(named[id(item)])
        else:
            stack.extend(reversed(template(item)))
    return "".join(pieces)


def pp(var) -> str:
    """Print an expression in Theano's notation.

    Examples
    --------
    >>> import algrad, algrad.tensor as T
    >>> x = T.dscalar('x')
    >>> algrad.pp(T.exp(x) * 2 + x)
    '((exp(x) * TensorConstant{2}) + x)'
    """
    from .traversal import toposort
    if isinstance(var, (list, tuple)):
        return "\n".join(pp(v) for v in var)
    if not isinstance(var, Variable):
        raise AlgradTypeError(f"pp takes a symbolic variable, got {var!r}")
    nodes = toposort([var])
    size = _tree_sizes([var]).get(id(var), 1)
    if size <= max(_TREE_MIN, _TREE_BLOWUP * len(nodes)):
        return _stream(var, {})
    # print each shared subexpression once, as a numbered definition
    uses = {}
    for node in nodes:
        for x in node.inputs:
            uses[id(x)] = uses.get(id(x), 0) + 1
    named, lines = {}, []
    for node in nodes:
        out = node.outputs[0]
        if uses.get(id(out), 0) > 1 and out is not var:
            text = _stream(out, named)
            named[id(out)] = f"t{len(named)}"
            lines.append(f"{named[id(out)]} = {text}")
    lines.append(_stream(var, named))
    return "\n".join(lines)


def short_name(v: Variable) -> str:
    """What ``repr`` shows: the name, the constant, or a small expression."""
    if v.owner is None:
        return leaf_text(v)
    if _tree_sizes([v]).get(id(v), 1) <= 40:
        return pp(v)
    return f"{v.owner.op!r}.{v.index}"


def _letters(k: int) -> str:
    text = ""
    while True:
        text = chr(ord("A") + k % 26) + text
        k = k // 26
        if not k:
            return text
        k -= 1


_MAX_INDENT = 60


def debugprint(var, file=None, print_type=False) -> str:
    """One line per node, inputs indented under it; a shared node's inputs print once.

    Returns the text, and writes it to ``file`` when one is given.

    Examples
    --------
    >>> import algrad, algrad.tensor as T
    >>> x = T.dscalar('x')
    >>> y = T.exp(x)
    >>> print(algrad.debugprint(y * y))
    mul [id A]
     |exp [id B]
     | |x [id C]
     |exp [id B]
    """
    outputs = list(var) if isinstance(var, (list, tuple)) else [var]
    for k, out in enumerate(outputs):
        if not isinstance(out, Variable):
            raise AlgradTypeError(f"debugprint takes symbolic variables, got {out!r}"
                                  + (f" (item {k})" if len(outputs) > 1 else ""))
    ids, lines = {}, []
    for out in outputs:
        stack = [(out, 0)]
        while stack:
            v, depth = stack.pop()
            seen = id(v) in ids
            if not seen:
                ids[id(v)] = _letters(len(ids))
            label = leaf_text(v) if v.owner is None else repr(v.owner.op)
            if v.owner is not None and len(v.owner.outputs) > 1:
                label += f".{v.index}"
            if print_type:
                label += f" <{v.type.dtype}, {v.type.shape}>"
            if depth <= _MAX_INDENT:
                indent = " |" * depth
            else:
                indent = f" ({depth - _MAX_INDENT} levels more)" + " |" * _MAX_INDENT
            lines.append(f"{indent}{label} [id {ids[id(v)]}]")
            if not seen and v.owner is not None:
                stack.extend((x, depth + 1) for x in reversed(v.owner.inputs))
    text = "\n".join(lines)
    if file is not None:
        print(text, file=file)
    return text


def repr_latex(v: Variable):
    """Jupyter's LaTeX view of a variable, when the SymPy mirror can show it."""
    try:
        from .latex import latex
    except ImportError:
        return None
    try:
        return f"${latex(v)}$"
    except Exception:  # a display hook must never raise
        return None
