"""Hypothesis strategies for random expression graphs over algrad's op set.

A graph is built top-down from the shape it must have: every node picks a
kind of op that can produce that shape (elementwise with broadcasting, a
reduction, a product, an index or slice, a transpose, a join, a reshape, an
alloc) and asks for operands of the shapes that op needs.  The shapes are
tiny and fixed (a scalar, vectors of length 2 and 3, 2 x 3 and 3 x 2
matrices) so that graphs compile fast and every combination fits.

``smooth=True`` graphs are differentiable everywhere on the real line, as in
``random_graphs``: arguments of log, sqrt, arcsin, ... are kept inside their
domains by construction, and kinks (abs, max, switch, floor, ...) are left
out.  Otherwise those ops come in too; a discontinuous op (floor, sign, a
comparison) only takes an input or a constant, never a computed value, so
that two backends rounding a computation differently cannot flip it.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st

import algrad
import algrad.tensor as T

M, N = 2, 3
SHAPES = [(), (M,), (N,), (M, N), (N, M)]
#: the input variables a graph may use, by name: scalars, vectors and a matrix
INPUT_SHAPES = {"s": (), "t": (), "u": (M,), "x": (N,), "y": (N,), "A": (M, N)}
VALUE_RANGE = (-1.5, 1.5)

# -- elementwise ops, as functions of their operands -------------------------------------

#: smooth on the whole real line: domains are kept by construction
SMOOTH_UNARY = {
    "neg": lambda a: -a,
    "sqr": T.sqr,
    "cube": lambda a: a ** 3,
    "sin": T.sin,
    "cos": T.cos,
    "tanh": T.tanh,
    "sigmoid": T.sigmoid,
    "softplus": T.softplus,
    "arctan": T.arctan,
    "arcsinh": T.arcsinh,
    "erf": T.erf,
    "exp": lambda a: T.exp(T.tanh(a)),
    "expm1": lambda a: T.expm1(T.sin(a)),
    "sinh": lambda a: T.sinh(T.tanh(a)),
    "cosh": lambda a: T.cosh(T.tanh(a)),
    "tan": lambda a: T.tan(T.tanh(a)),
    "arcsin": lambda a: T.arcsin(0.9 * T.tanh(a)),
    "arccos": lambda a: T.arccos(0.9 * T.tanh(a)),
    "arctanh": lambda a: T.arctanh(0.9 * T.tanh(a)),
    "log": lambda a: T.log(1 + T.sqr(a)),
    "log1p": lambda a: T.log1p(T.sqr(a)),
    "sqrt": lambda a: T.sqrt(1.5 + T.sin(a)),
    "arccosh": lambda a: T.arccosh(1.5 + T.sqr(a)),
    "scale": lambda a: 0.5 * a,
    "shift": lambda a: a + 1.5,
    "cast_round_trip": lambda a: T.cast(T.cast(a, "float64"), a.dtype),
}

#: continuous, with kinks: for graphs that are not differentiated numerically
KINKED_UNARY = {
    "abs": T.abs,
    "clip": lambda a: T.clip(a, -0.5, 0.75),
    "relu": lambda a: T.maximum(a, 0.0),
}

SMOOTH_BINARY = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / (2 + T.cos(b)),
    "div_square": lambda a, b: a / (1 + T.sqr(b)),
    "pow": lambda a, b: (1.5 + T.sin(a)) ** T.tanh(b),
    "fill": lambda a, b: T.fill(a, b),
}

KINKED_BINARY = {
    "maximum": T.maximum,
    "minimum": T.minimum,
}

#: discontinuous ops: their operands are leaves (inputs or constants), never computed
LEAF_UNARY = {
    "sign": T.sign,
    "floor": lambda a: T.floor(2 * a),
    "ceil": lambda a: T.ceil(2 * a),
    "mod": lambda a: T.mod(a, 0.7),
    "int_div": lambda a: T.int_div(a, 0.4),
}
COMPARISONS = {"lt": T.lt, "le": T.le, "gt": T.gt, "ge": T.ge, "neq": T.neq}


@dataclass
class Graph:
    """A random expression, its inputs and how to give them values."""

    output: object
    inputs: list
    dtype: str
    smooth: bool
    static: bool
    output_shape: tuple

    @property
    def shapes(self) -> list:
        """The runtime shapes of the inputs."""
        return [INPUT_SHAPES[v.name] for v in self.inputs]

    def values(self, seed, low=VALUE_RANGE[0], high=VALUE_RANGE[1]) -> list:
        rng = np.random.default_rng(seed)
        return [rng.uniform(low, high, size=s).astype(self.dtype) for s in self.shapes]

    def weights(self, seed):
        """Fixed random weights of the output's shape, for a scalar cost ``sum(out * w)``."""
        rng = np.random.default_rng(seed + 1)
        shape = self.output_shape
        return np.asarray(rng.uniform(0.5, 1.5, size=shape) * rng.choice([-1, 1], shape))

    def cost(self, seed):
        return T.sum(self.output * T.constant(self.weights(seed).astype(self.dtype)))

    def __repr__(self):
        ins = ", ".join(f"{v.name}{list(s)}" for v, s in zip(self.inputs, self.shapes))
        kind = "smooth" if self.smooth else "any"
        shapes = "static" if self.static else "unknown"
        return f"Graph({algrad.pp(self.output)} over {ins}; {self.dtype}, {kind}, {shapes} shapes)"


class _Builder:
    """Draws one graph, from the output's shape down to the leaves."""

    def __init__(self, draw, dtype, smooth, static, max_depth):
        self.draw = draw
        self.dtype = dtype
        self.smooth = smooth
        self.static = static
        self.max_depth = max_depth
        self.inputs = {}

    # -- leaves ------------------------------------------------------------------------

    def input(self, name):
        if name not in self.inputs:
            shape = INPUT_SHAPES[name]
            static = shape if self.static else tuple(None for _ in shape)
            self.inputs[name] = T.tensor(self.dtype, shape=static, name=name)
        return self.inputs[name]

    def constant(self, shape):
        start = self.draw(st.sampled_from([0.5, -1.25, 2.0, 0.75]))
        value = (start + 0.25 * np.arange(int(np.prod(shape)))).reshape(shape)
        return T.constant(np.asarray(value, dtype=self.dtype))

    def leaf(self, shape):
        if shape == (N, M):
            return self.leaf((M, N)).T
        names = [n for n, s in INPUT_SHAPES.items() if s == shape]
        choice = self.draw(st.integers(0, len(names)))
        return self.constant(shape) if choice == len(names) else self.input(names[choice])

    # -- inner nodes -------------------------------------------------------------------

    def expr(self, shape, depth, root=False):
        if depth <= 0:
            return self.leaf(shape)
        kinds = ([] if root else ["leaf"]) + ["unary", "binary", "reduce", "dot", "index",
                                              "structure"]
        if not self.smooth:
            kinds += ["discontinuous", "switch"]
        kind = self.draw(st.sampled_from(kinds))
        if kind == "leaf":
            return self.leaf(shape)
        out = getattr(self, kind)(shape, depth - 1)
        if out is None:  # this kind cannot make this shape
            out = self.unary(shape, depth - 1)
        return out

    def unary(self, shape, depth):
        table = dict(SMOOTH_UNARY, **({} if self.smooth else KINKED_UNARY))
        name = self.draw(st.sampled_from(sorted(table)))
        return table[name](self.expr(shape, depth))

    def binary(self, shape, depth):
        table = dict(SMOOTH_BINARY, **({} if self.smooth else KINKED_BINARY))
        name = self.draw(st.sampled_from(sorted(table)))
        a = self.expr(shape, depth)
        b = self.broadcast_operand(shape, depth)
        if name != "fill" and self.draw(st.booleans()):
            a, b = b, a
        return table[name](a, b)

    def broadcast_operand(self, shape, depth):
        """An operand that broadcasts to ``shape``: the shape itself or fewer or length-1 axes."""
        options = ["same", "scalar"]
        if len(shape) == 2:
            options += ["row", "column", "keepdims"]
        choice = self.draw(st.sampled_from(options))
        if choice == "same" or (choice == "scalar" and shape == ()):
            return self.expr(shape, depth)
        if choice == "scalar":
            return self.expr((), depth)
        if choice == "row":
            return self.expr(shape[1:], depth)
        if choice == "column":
            return self.expr(shape[:1], depth).dimshuffle(0, "x")
        axis = self.draw(st.integers(0, 1))
        reduce = self.draw(st.sampled_from(["sum", "mean", "prod"] + ([] if self.smooth else ["max", "min"])))
        return getattr(T, reduce)(self.expr(shape, depth), axis=axis, keepdims=True)

    def reduce(self, shape, depth):
        names = ["sum", "mean", "prod"] + ([] if self.smooth else ["max", "min"])
        name = self.draw(st.sampled_from(names))
        if shape == ():
            source = self.draw(st.sampled_from([(M,), (N,), (M, N)]))
            axis = self.draw(st.sampled_from([None, (0, 1)] if len(source) == 2 else [None, 0, -1]))
        elif len(shape) == 1:
            source = self.draw(st.sampled_from([(M, N), (N, M)]))
            reduced = 1 if source[0] == shape[0] else 0
            axis = self.draw(st.sampled_from([reduced, reduced - 2]))
        else:
            return None
        return getattr(T, name)(self.expr(source, depth), axis=axis)

    def dot(self, shape, depth):
        pairs = {(): [((M,), (M,)), ((N,), (N,))], (M,): [((M, N), (N,))],
                 (N,): [((M,), (M, N)), ((N, M), (M,))], (M, N): [((M,), (N,))],
                 (N, M): [((N,), (M,))]}[shape]
        a_shape, b_shape = self.draw(st.sampled_from(pairs))
        a, b = self.expr(a_shape, depth), self.expr(b_shape, depth)
        return T.outer(a, b) if len(shape) == 2 else T.dot(a, b)

    def index(self, shape, depth):
        if shape == ():
            if self.draw(st.booleans()):
                return self.expr((N,), depth)[self.draw(st.sampled_from([0, 2, -1]))]
            return self.expr((M, N), depth)[self.draw(st.sampled_from([0, -1])),
                                            self.draw(st.sampled_from([1, -3]))]
        if shape == (M,):
            choice = self.draw(st.sampled_from(["head", "tail", "reverse_step", "column", "row"]))
            if choice == "column":
                return self.expr((M, N), depth)[:, self.draw(st.sampled_from([0, 2, -2]))]
            if choice == "row":
                return self.expr((N, M), depth)[self.draw(st.sampled_from([1, -1]))]
            source = self.expr((N,), depth)
            return {"head": source[:2], "tail": source[1:], "reverse_step": source[::-2]}[choice]
        if shape == (N,):
            choice = self.draw(st.sampled_from(["row", "reverse", "column"]))
            if choice == "row":
                return self.expr((M, N), depth)[self.draw(st.sampled_from([0, -1]))]
            if choice == "column":
                return self.expr((N, M), depth)[:, self.draw(st.sampled_from([0, 1]))]
            return self.expr((N,), depth)[::-1]
        source = self.expr(shape, depth)
        return source[::-1] if self.draw(st.booleans()) else source[:, ::-1]

    def structure(self, shape, depth):
        """Transposes, joins, reshapes, allocs and inc/set_subtensor."""
        if shape == (M, N) or shape == (N, M):
            other = (shape[1], shape[0])
            choice = self.draw(st.sampled_from(["transpose", "dimshuffle", "reshape", "stack",
                                                "alloc", "set_column", "inc_rows"]))
            if choice == "transpose":
                return T.transpose(self.expr(other, depth))
            if choice == "dimshuffle":
                return self.expr(other, depth).dimshuffle(1, 0)
            if choice == "reshape":
                return self.expr(other, depth).reshape(shape)
            if choice == "stack":
                a, b = self.expr((N,), depth), self.expr((N,), depth)
                return T.stack([a, b], axis=0 if shape == (M, N) else 1)
            if choice == "alloc":
                return T.alloc(self.expr(shape[1:], depth), *shape)
            target = self.expr(shape, depth)
            if choice == "set_column":
                return T.set_subtensor(target[:, 0], self.expr(shape[:1], depth))
            return T.inc_subtensor(target[1:], self.expr(shape[1:], depth))
        if shape == (N,):
            choice = self.draw(st.sampled_from(["concatenate", "set_first", "inc_tail"]))
            if choice == "concatenate":
                return T.concatenate([self.expr((M,), depth), self.expr((), depth).dimshuffle("x")])
            target = self.expr((N,), depth)
            if choice == "set_first":
                return T.set_subtensor(target[0], self.expr((), depth))
            return T.inc_subtensor(target[1:], self.expr((M,), depth))
        if shape == (M,):
            return T.flatten(self.expr((M,), depth).dimshuffle(0, "x"))
        return T.sum(self.expr((), depth).dimshuffle("x", "x"))

    def discontinuous(self, shape, depth):
        name = self.draw(st.sampled_from(sorted(LEAF_UNARY)))
        return LEAF_UNARY[name](self.leaf(shape)) * self.expr(shape, depth)

    def switch(self, shape, depth):
        name = self.draw(st.sampled_from(sorted(COMPARISONS)))
        condition = COMPARISONS[name](self.leaf(shape), self.leaf(shape))
        return T.switch(condition, self.expr(shape, depth), self.broadcast_operand(shape, depth))


@st.composite
def graphs(draw, dtypes=("float64",), smooth=True, static=None, shapes=None, max_depth=4):
    """A :class:`Graph` with an output of one of ``shapes`` (all by default)."""
    dtype = draw(st.sampled_from(list(dtypes)))
    static = draw(st.booleans()) if static is None else static
    builder = _Builder(draw, dtype, smooth, static, max_depth)
    shape = draw(st.sampled_from(list(shapes or SHAPES)))
    depth = draw(st.integers(min(2, max_depth), max_depth))
    output = builder.expr(shape, depth, root=True)
    inputs = [v for v in algrad.graph_inputs([output])]
    return Graph(output=output, inputs=inputs, dtype=dtype, smooth=smooth, static=static,
                 output_shape=shape)


seeds = st.integers(0, 2 ** 32 - 1)
