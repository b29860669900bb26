"""Random differentiable expression graphs over a few vector, matrix and scalar inputs.

Every generated expression is smooth on the whole real line (so finite
differences are a fair reference) and keeps the inputs' shapes simple:
vectors of length N, an N x N matrix, a scalar.
"""
import numpy as np

import algrad.tensor as T

N = 3

UNARY = [
    ("sin", T.sin), ("cos", T.cos), ("tanh", T.tanh), ("sigmoid", T.sigmoid),
    ("softplus", T.softplus), ("sqr", T.sqr), ("neg", lambda a: -a),
    ("exp_bounded", lambda a: T.exp(T.tanh(a))), ("log_positive", lambda a: T.log(1 + T.sqr(a))),
    ("sqrt_positive", lambda a: T.sqrt(2 + T.sin(a))), ("arctan", T.arctan), ("erf", T.erf),
    ("scale", lambda a: 0.5 * a), ("shift", lambda a: a + 1.5),
]

BINARY = [
    ("add", lambda a, b: a + b), ("sub", lambda a, b: a - b), ("mul", lambda a, b: a * b),
    ("div_positive", lambda a, b: a / (2 + T.cos(b))), ("pow_positive", lambda a, b: (1.5 + T.sin(a)) ** T.tanh(b)),
]


def make_inputs():
    return {"x": T.dvector("x"), "y": T.dvector("y"), "s": T.dscalar("s"), "M": T.dmatrix("M")}


def random_vector_expression(rng, inputs, depth=4):
    """A random vector-valued expression of length N over the inputs."""
    def leaf():
        choice = rng.integers(4)
        if choice == 0:
            return inputs["x"]
        if choice == 1:
            return inputs["y"]
        if choice == 2:
            return inputs["s"] * inputs["x"]
        return T.dot(inputs["M"], inputs["y"])

    def build(d):
        if d == 0:
            return leaf()
        kind = rng.integers(3)
        if kind == 0:
            _, f = UNARY[rng.integers(len(UNARY))]
            return f(build(d - 1))
        if kind == 1:
            _, f = BINARY[rng.integers(len(BINARY))]
            return f(build(d - 1), build(d - 1))
        # a reduction broadcast back, or a matrix product: couples the elements
        a = build(d - 1)
        return a * T.sum(T.sin(a)) if rng.integers(2) else T.dot(inputs["M"], a)

    return build(depth)


def random_values(rng, inputs):
    values = {}
    for name, v in inputs.items():
        shape = tuple(N for _ in range(v.ndim))
        values[name] = rng.uniform(-1.0, 1.0, size=shape)
    return values


def central_difference(f, values, name, eps=1e-6):
    """d f / d values[name] by central differences, f returning an array."""
    base = values[name]
    out = np.asarray(f(values))
    grad = np.zeros(out.shape + base.shape)
    for idx in np.ndindex(base.shape or ()):
        plus, minus = dict(values), dict(values)
        p, m = np.array(base, dtype=float), np.array(base, dtype=float)
        p[idx] += eps
        m[idx] -= eps
        plus[name], minus[name] = p, m
        grad[(Ellipsis,) + idx] = (np.asarray(f(plus)) - np.asarray(f(minus))) / (2 * eps)
    return grad
