"""One test spec per op of :mod:`algrad.ops.registry`, with references written here.

Each :class:`OpSpec` says how to build the op from input variables through the
public ``algrad.tensor`` API, where to sample its inputs, which inputs it is
differentiable in, and two references that do not come from algrad: a NumPy
formula and, for elementwise ops, the matching SymPy function.

The table is meant to be swept: ``test_derivatives`` checks every gradient
against finite differences and ``sympy.diff``; a backend's tests can compare
its results with the NumPy reference over :func:`cases`; a fuzzer can draw
specs and sample values with :func:`sample_values`.  ``test_op_specs`` fails
when an op of the registry has no spec here, so a new op must bring one.

Gradient kinds, per input:

``"smooth"``  differentiable on the domain: checked against finite differences
``"zero"``    piecewise constant in this input: the gradient must be zero
``"none"``    not a float input (a condition, an index): no gradient asked
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np

import algrad.tensor as T

SMOOTH, ZERO, NONE = "smooth", "zero", "none"
DEFAULT_DOMAIN = (-2.0, 2.0)


@dataclass(frozen=True)
class OpSpec:
    """How to build, sample and check one op (or one variant of it).

    ``shapes`` and ``dtypes`` give the default case; elementwise specs leave
    ``shapes`` empty and are swept over :data:`ELEMENTWISE_SHAPES`.  A domain
    is a ``(low, high)`` interval or a tuple of intervals sampled uniformly
    (ints are drawn from the integers in it).  ``values``, when given, returns the
    input arrays itself (a product with zeros, an index in range).
    """

    name: str
    key: str
    build: Callable
    numpy: Callable
    arity: int
    grads: tuple
    domains: tuple
    dtypes: tuple
    shapes: tuple = ()
    sympy: Optional[Callable] = None
    values: Optional[Callable] = None
    #: true (anywhere) for input arrays too close to a kink; such samples are drawn again
    avoid: Optional[Callable] = None
    #: other input dtype combinations the op accepts (for backend sweeps)
    extra_dtypes: tuple = ()
    elementwise: bool = False

    @property
    def differentiable(self) -> bool:
        return SMOOTH in self.grads

    def __repr__(self):
        return f"OpSpec({self.name})"


# -- sampling ----------------------------------------------------------------------------

def static_shape(shape) -> tuple:
    """The static shape of a test input: a length of 1 broadcasts, others are unknown."""
    return tuple(1 if n == 1 else None for n in shape)


def make_variables(spec, shapes, dtypes=None, names="abcdefgh"):
    """Fresh input variables for ``spec`` with these runtime shapes."""
    dtypes = dtypes or spec.dtypes
    return [T.tensor(d, shape=static_shape(s), name=names[k])
            for k, (s, d) in enumerate(zip(shapes, dtypes))]


def _sample_interval(rng, domain, shape, dtype):
    intervals = domain if isinstance(domain[0], tuple) else (domain,)
    pick = rng.integers(0, len(intervals), size=shape)
    out = np.empty(shape, dtype="float64")
    for k, (lo, hi) in enumerate(intervals):
        if dtype.startswith("int"):  # the integers in [lo, hi]
            draw = rng.integers(math.ceil(lo), math.floor(hi) + 1, size=shape)
        else:
            draw = rng.uniform(lo, hi, size=shape)
        out = np.where(pick == k, draw, out)
    return np.asarray(out, dtype=dtype)


def sample_values(spec, shapes, rng, dtypes=None) -> list:
    """Random input arrays for ``spec`` in its domains, of these shapes and dtypes."""
    dtypes = dtypes or spec.dtypes
    if spec.values is not None:
        return [np.asarray(v, dtype=d) for v, d in zip(spec.values(rng), dtypes)]
    for _ in range(100):
        arrays = _draw(spec, shapes, rng, dtypes)
        floats = all(d.startswith("float") for d in dtypes if d != "bool")
        if spec.avoid is None or not floats or not np.any(spec.avoid(*arrays)):
            return arrays
    raise RuntimeError(f"{spec}: could not sample away from its kinks")


def _draw(spec, shapes, rng, dtypes):
    arrays = []
    for shape, dtype, domain in zip(shapes, dtypes, spec.domains):
        if dtype == "bool":
            arrays.append(rng.random(shape) < 0.5)
        else:
            arrays.append(_sample_interval(rng, domain, shape, dtype))
    return arrays


#: the shape cases every elementwise op is checked over, by arity
ELEMENTWISE_SHAPES = {
    1: {"scalar": ((),), "vector": ((3,),), "matrix": ((2, 3),)},
    2: {"scalars": ((), ()), "vectors": ((3,), (3,)), "matrices": ((2, 3), (2, 3)),
        "vector+matrix": ((3,), (2, 3)), "matrix+vector": ((2, 3), (3,)),
        "column+row": ((2, 1), (1, 3)), "scalar*matrix": ((), (2, 3))},
    3: {"scalars": ((), (), ()), "matrices": ((2, 3), (2, 3), (2, 3)),
        "broadcast": ((2, 3), (3,), ()), "column+row": ((2, 1), (1, 3), (2, 3))},
}


def dtype_cases(spec) -> list:
    """The input dtype combinations to sweep ``spec`` over: its own first."""
    return [spec.dtypes] + list(spec.extra_dtypes)


def cases(spec) -> list:
    """``(case name, input shapes)`` pairs to check ``spec`` over."""
    if spec.elementwise:
        return list(ELEMENTWISE_SHAPES[spec.arity].items())
    return [("default", spec.shapes)]


# -- elementwise ops ---------------------------------------------------------------------

def _sympy():
    import sympy
    return sympy


def _np_erf(a):
    return np.vectorize(math.erf, otypes=["float64"])(a)


def _elementwise(name, build, numpy, sympy=None, domains=None, grads=None, dtypes=None,
                 extra_dtypes=(), arity=None, avoid=None):
    arity = arity or (len(domains) if domains else 1)
    return OpSpec(
        name=name, key=name, build=build, numpy=numpy, arity=arity,
        grads=tuple(grads or (SMOOTH,) * arity),
        domains=tuple(domains or (DEFAULT_DOMAIN,) * arity),
        dtypes=tuple(dtypes or ("float64",) * arity), sympy=sympy,
        extra_dtypes=tuple(extra_dtypes), elementwise=True, avoid=avoid)


_POS = (0.5, 2.0)          # a divisor or a pow base kept away from zero
_NONZERO = ((-2.0, -0.2), (0.2, 2.0))  # away from abs/sign's kink
_ARITH_DTYPES = (("float32", "float32"), ("int64", "int64"), ("int32", "float64"),
                 ("int32", "int32"), ("float32", "float64"))
_UNARY_DTYPES = (("float32",), ("int64",), ("int32",))


def _near_integer(q, margin=0.02):
    q = np.asarray(q, dtype="float64")
    return np.abs(q - np.round(q)) < margin


def _quotient_near_integer(a, b):
    return _near_integer(np.asarray(a, "float64") / np.asarray(b, "float64"))


def _ties(a, b):
    return np.abs(np.asarray(a, "float64") - b) < 0.02


def _unary(name, numpy, sympy_fn, domain=DEFAULT_DOMAIN, grad=SMOOTH, avoid=None):
    """``sympy_fn`` is the name of a SymPy function, or a function of one SymPy symbol."""
    def sympy(a):
        return getattr(_sympy(), sympy_fn)(a) if isinstance(sympy_fn, str) else sympy_fn(a)
    return _elementwise(name, getattr(T, name), numpy, sympy=sympy, domains=(domain,),
                        grads=(grad,), extra_dtypes=_UNARY_DTYPES, avoid=avoid)


def _compare(name, build, numpy, sympy_name):
    return _elementwise(name, build, numpy, domains=(DEFAULT_DOMAIN, DEFAULT_DOMAIN),
                        sympy=lambda a, b, f=sympy_name: getattr(_sympy(), f)(a, b),
                        grads=(ZERO, ZERO), extra_dtypes=_ARITH_DTYPES)


def _logical(name, build, numpy, sympy_name, arity):
    return _elementwise(name, build, numpy, arity=arity, domains=(None,) * arity,
                        sympy=lambda *a, f=sympy_name: getattr(_sympy(), f)(*a),
                        grads=(NONE,) * arity, dtypes=("bool",) * arity)


ELEMENTWISE_SPECS = [
    _elementwise("add", T.add, np.add, lambda a, b: a + b, (DEFAULT_DOMAIN,) * 2,
                 extra_dtypes=_ARITH_DTYPES),
    _elementwise("sub", T.sub, np.subtract, lambda a, b: a - b, (DEFAULT_DOMAIN,) * 2,
                 extra_dtypes=_ARITH_DTYPES),
    _elementwise("mul", T.mul, np.multiply, lambda a, b: a * b, (DEFAULT_DOMAIN,) * 2,
                 extra_dtypes=_ARITH_DTYPES),
    _elementwise("true_div", T.true_div, np.divide, lambda a, b: a / b, (DEFAULT_DOMAIN, _POS),
                 extra_dtypes=_ARITH_DTYPES),
    _elementwise("int_div", T.int_div, lambda a, b: np.floor(a / b),
                 lambda a, b: _sympy().floor(a / b), ((-3.0, 3.0), _POS), grads=(ZERO, ZERO),
                 extra_dtypes=(("int64", "int64"),), avoid=_quotient_near_integer),
    _elementwise("mod", T.mod, lambda a, b: a - b * np.floor(a / b),
                 lambda a, b: a - b * _sympy().floor(a / b), ((-3.0, 3.0), _POS),
                 extra_dtypes=(("int64", "int64"),), avoid=_quotient_near_integer),
    _elementwise("pow", T.pow, lambda a, b: np.exp(b * np.log(a)), lambda a, b: a ** b,
                 (_POS, DEFAULT_DOMAIN), extra_dtypes=(("float32", "float32"),)),
    _unary("neg", lambda a: -a, lambda a: -a),
    _unary("abs", lambda a: np.where(a < 0, -a, a), "Abs", domain=_NONZERO),
    _unary("sign", lambda a: (a > 0).astype(float) - (a < 0), "sign", domain=_NONZERO, grad=ZERO),
    _unary("floor", lambda a: a - np.mod(a, 1.0), "floor", domain=(-3.0, 3.0), grad=ZERO,
           avoid=_near_integer),
    _unary("ceil", lambda a: -np.floor(-a), "ceiling", domain=(-3.0, 3.0), grad=ZERO,
           avoid=_near_integer),
    _unary("exp", lambda a: math.e ** a, "exp"),
    _unary("log", np.log, "log", domain=(0.1, 3.0)),
    _unary("log1p", lambda a: np.log(1 + a), lambda a: _sympy().log(1 + a), domain=(-0.9, 3.0)),
    _unary("expm1", lambda a: np.exp(a) - 1, lambda a: _sympy().exp(a) - 1),
    _unary("sqrt", lambda a: a ** 0.5, "sqrt", domain=(0.1, 3.0)),
    _unary("sqr", lambda a: a * a, lambda a: a ** 2),
    _unary("sin", np.sin, "sin", domain=(-3.0, 3.0)),
    _unary("cos", np.cos, "cos", domain=(-3.0, 3.0)),
    _unary("tan", lambda a: np.sin(a) / np.cos(a), "tan", domain=(-1.2, 1.2)),
    _unary("arcsin", np.arcsin, "asin", domain=(-0.9, 0.9)),
    _unary("arccos", np.arccos, "acos", domain=(-0.9, 0.9)),
    _unary("arctan", np.arctan, "atan", domain=(-3.0, 3.0)),
    _unary("sinh", lambda a: (np.exp(a) - np.exp(-a)) / 2, "sinh"),
    _unary("cosh", lambda a: (np.exp(a) + np.exp(-a)) / 2, "cosh"),
    _unary("tanh", np.tanh, "tanh"),
    _unary("arcsinh", lambda a: np.log(a + np.sqrt(a * a + 1)), "asinh", domain=(-3.0, 3.0)),
    _unary("arccosh", lambda a: np.log(a + np.sqrt(a * a - 1)), "acosh", domain=(1.1, 3.0)),
    _unary("arctanh", lambda a: 0.5 * np.log((1 + a) / (1 - a)), "atanh", domain=(-0.9, 0.9)),
    _unary("sigmoid", lambda a: 1 / (1 + np.exp(-a)), lambda a: 1 / (1 + _sympy().exp(-a)),
           domain=(-4.0, 4.0)),
    _unary("softplus", lambda a: np.log(1 + np.exp(a)), lambda a: _sympy().log(1 + _sympy().exp(a)),
           domain=(-4.0, 4.0)),
    _unary("erf", _np_erf, "erf"),
    _elementwise("maximum", T.maximum, lambda a, b: np.where(a > b, a, b),
                 lambda a, b: _sympy().Max(a, b), (DEFAULT_DOMAIN,) * 2, extra_dtypes=_ARITH_DTYPES,
                 avoid=_ties),
    _elementwise("minimum", T.minimum, lambda a, b: np.where(a < b, a, b),
                 lambda a, b: _sympy().Min(a, b), (DEFAULT_DOMAIN,) * 2, extra_dtypes=_ARITH_DTYPES,
                 avoid=_ties),
    _compare("lt", T.lt, np.less, "Lt"),
    _compare("le", T.le, np.less_equal, "Le"),
    _compare("gt", T.gt, np.greater, "Gt"),
    _compare("ge", T.ge, np.greater_equal, "Ge"),
    _compare("eq", T.eq, np.equal, "Eq"),
    _compare("neq", T.neq, np.not_equal, "Ne"),
    _logical("and", T.and_, np.logical_and, "And", 2),
    _logical("or", T.or_, np.logical_or, "Or", 2),
    _logical("invert", T.invert, np.logical_not, "Not", 1),
    _elementwise("switch", T.switch, np.where,
                 lambda c, a, b: _sympy().Piecewise((a, c), (b, True)),
                 (None, DEFAULT_DOMAIN, DEFAULT_DOMAIN), grads=(NONE, SMOOTH, SMOOTH),
                 dtypes=("bool", "float64", "float64"),
                 extra_dtypes=(("bool", "float32", "float32"), ("bool", "int64", "float64"))),
    _elementwise("fill", T.fill, lambda model, value: value + np.zeros_like(model),
                 lambda model, value: value, (DEFAULT_DOMAIN, DEFAULT_DOMAIN), grads=(ZERO, SMOOTH),
                 extra_dtypes=(("float64", "float32"), ("int64", "float64"))),
]


# -- every other op class ----------------------------------------------------------------

def _spec(name, key, build, numpy, shapes, grads=None, domains=None, dtypes=None, values=None,
          extra_dtypes=(), avoid=None):
    arity = len(shapes)
    return OpSpec(name=name, key=key, build=build, numpy=numpy, arity=arity, shapes=tuple(shapes),
                  grads=tuple(grads or (SMOOTH,) * arity),
                  domains=tuple(domains or (DEFAULT_DOMAIN,) * arity),
                  dtypes=tuple(dtypes or ("float64",) * arity), values=values,
                  extra_dtypes=tuple(extra_dtypes), avoid=avoid)


def _close_values(x, margin=0.02):
    """Two entries closer than ``margin``: a max or min would be near a tie."""
    flat = np.sort(np.ravel(x))
    return np.any(np.diff(flat) < margin)


def _with_zeros(count):
    def values(rng):
        x = rng.uniform(0.5, 2.0, size=(3, 4)) * rng.choice([-1, 1], size=(3, 4))
        x[1, :count] = 0.0  # row 1 holds `count` zeros
        return [x]
    return values


def _index_values(index):
    def values(rng):
        return [rng.uniform(-2, 2, size=(4, 3)), np.int64(index)]
    return values


def _np_inc(x, y, index, set=False):
    out = x.copy()
    if set:
        out[index] = y
    else:
        out[index] += y
    return out


_M = (3, 4)
OTHER_SPECS = [
    _spec("cast_to_float32", "Cast", lambda x: T.cast(x, "float32"), lambda x: x.astype("float32"),
          [_M]),
    _spec("cast_to_int64", "Cast", lambda x: T.cast(x, "int64"), lambda x: x.astype("int64"),
          [_M], grads=(ZERO,)),
    _spec("transpose", "DimShuffle", lambda x: x.T, lambda x: x.T, [_M]),
    _spec("dimshuffle_new_axes", "DimShuffle", lambda x: x.dimshuffle(1, "x", 0),
          lambda x: x.T[:, None, :], [_M]),
    _spec("dimshuffle_drop_axis", "DimShuffle", lambda x: x.dimshuffle(1), lambda x: x[0],
          [(1, 4)]),
    _spec("sum_all", "Sum", lambda x: T.sum(x), np.sum, [_M]),
    _spec("sum_axis0", "Sum", lambda x: T.sum(x, axis=0), lambda x: np.sum(x, axis=0), [_M]),
    _spec("sum_axis_neg1_keepdims", "Sum", lambda x: x.sum(axis=-1, keepdims=True),
          lambda x: np.sum(x, axis=-1, keepdims=True), [_M]),
    _spec("sum_axes_tuple", "Sum", lambda x: T.sum(x, axis=(0, 2)),
          lambda x: np.sum(x, axis=(0, 2)), [(2, 3, 2)]),
    _spec("mean_axis1", "Sum", lambda x: T.mean(x, axis=1), lambda x: np.mean(x, axis=1), [_M]),
    _spec("mean_all_keepdims", "Sum", lambda x: x.mean(keepdims=True),
          lambda x: np.mean(x, keepdims=True), [_M]),
    _spec("prod_axis1", "Prod", lambda x: T.prod(x, axis=1), lambda x: np.prod(x, axis=1), [_M],
          domains=(_NONZERO,)),
    _spec("prod_one_zero", "Prod", lambda x: T.prod(x, axis=1), lambda x: np.prod(x, axis=1), [_M],
          values=_with_zeros(1)),
    _spec("prod_two_zeros", "Prod", lambda x: T.prod(x, axis=1), lambda x: np.prod(x, axis=1), [_M],
          values=_with_zeros(2)),
    _spec("prod_all_one_zero", "Prod", lambda x: x.prod(), np.prod, [_M], values=_with_zeros(1)),
    _spec("max_all", "Max", lambda x: T.max(x), np.max, [_M], avoid=_close_values),
    _spec("max_axis0_keepdims", "Max", lambda x: T.max(x, axis=0, keepdims=True),
          lambda x: np.max(x, axis=0, keepdims=True), [_M], avoid=_close_values),
    _spec("min_axis1", "Min", lambda x: x.min(axis=1), lambda x: np.min(x, axis=1), [_M],
          avoid=_close_values),
    _spec("shape", "Shape", lambda x: x.shape, lambda x: np.array(x.shape), [_M], grads=(ZERO,)),
    _spec("shape_i", "ShapeI", lambda x: x.shape[1] * 1.0, lambda x: np.float64(x.shape[1]), [_M],
          grads=(ZERO,)),
    _spec("reshape", "Reshape", lambda x: x.reshape((2, 6)), lambda x: x.reshape(2, 6), [_M]),
    _spec("reshape_minus_one", "Reshape", lambda x: T.reshape(x, (-1, 3)),
          lambda x: x.reshape(-1, 3), [(2, 6)]),
    _spec("flatten", "Reshape", lambda x: x.flatten(), lambda x: x.ravel(), [_M]),
    _spec("arange", "ARange", lambda a, b, c: T.arange(a, b, c), np.arange, [(), (), ()],
          grads=(NONE,) * 3, domains=((0, 3), (5, 9), (1, 3)), dtypes=("int64",) * 3),
    _spec("alloc", "Alloc", lambda v: T.alloc(v, 2, 4), lambda v: np.broadcast_to(v, (2, 4)),
          [(4,)]),
    _spec("alloc_scalar", "Alloc", lambda s: T.alloc(s, 3, 2), lambda s: np.full((3, 2), s), [()]),
    _spec("concatenate_axis0", "Join", lambda a, b: T.concatenate([a, b]),
          lambda a, b: np.concatenate([a, b]), [(2, 3), (1, 3)]),
    _spec("concatenate_axis1", "Join", lambda a, b: T.concatenate([a, b], axis=1),
          lambda a, b: np.concatenate([a, b], axis=1), [(2, 3), (2, 2)]),
    _spec("stack", "Join", lambda a, b: T.stack([a, b]), lambda a, b: np.stack([a, b]),
          [(3,), (3,)]),
    _spec("stack_axis1", "Join", lambda a, b: T.stack([a, b], axis=1),
          lambda a, b: np.stack([a, b], axis=1), [(2, 3), (2, 3)]),
    _spec("index_int", "Subtensor", lambda x: x[1], lambda x: x[1], [(4, 3)]),
    _spec("index_negative", "Subtensor", lambda x: x[-1], lambda x: x[-1], [(4, 3)]),
    _spec("index_column", "Subtensor", lambda x: x[:, 0], lambda x: x[:, 0], [(4, 3)]),
    _spec("slice", "Subtensor", lambda x: x[1:3], lambda x: x[1:3], [(4, 3)]),
    _spec("slice_negative_step", "Subtensor", lambda x: x[::-2, 1:], lambda x: x[::-2, 1:],
          [(4, 3)]),
    _spec("index_symbolic", "Subtensor", lambda x, i: x[i], lambda x, i: x[i], [(4, 3), ()],
          grads=(SMOOTH, NONE), dtypes=("float64", "int64"), values=_index_values(-2)),
    _spec("slice_symbolic", "Subtensor", lambda x, i: x[i:], lambda x, i: x[i:], [(4, 3), ()],
          grads=(SMOOTH, NONE), dtypes=("float64", "int64"), values=_index_values(1)),
    _spec("inc_subtensor", "IncSubtensor", lambda x, y: T.inc_subtensor(x[1:3], y),
          lambda x, y: _np_inc(x, y, slice(1, 3)), [(4, 3), (2, 3)]),
    _spec("inc_subtensor_broadcast", "IncSubtensor", lambda x, y: T.inc_subtensor(x[:, 0], y),
          lambda x, y: _np_inc(x, y, (slice(None), 0)), [(4, 3), ()]),
    _spec("set_subtensor", "IncSubtensor", lambda x, y: T.set_subtensor(x[-1], y),
          lambda x, y: _np_inc(x, y, -1, set=True), [(4, 3), (3,)]),
    _spec("dot_vector_vector", "Dot", T.dot, np.dot, [(3,), (3,)]),
    _spec("dot_matrix_vector", "Dot", T.dot, np.dot, [(2, 3), (3,)]),
    _spec("dot_vector_matrix", "Dot", T.dot, np.dot, [(2,), (2, 3)]),
    _spec("dot_matrix_matrix", "Dot", T.dot, np.dot, [(2, 3), (3, 4)],
          extra_dtypes=(("float32", "float32"), ("int64", "int64"), ("int32", "float64"))),
]

def _bands(offsets, n_cols):
    from algrad.graph import constant
    from algrad.ops.banded import BandsToDense

    def build(*diagonals):
        return BandsToDense(offsets)(constant(n_cols, dtype="int64"), *diagonals)
    return build


def _np_bands(offsets, n_cols):
    def numpy(*diagonals):
        out = np.zeros((len(diagonals[0]), n_cols))
        for o, d in zip(offsets, diagonals):
            for i in range(len(d)):
                if 0 <= i + o < n_cols:
                    out[i, i + o] = d[i]
        return out
    return numpy


def _extract_band(offset):
    from algrad.ops.banded import ExtractBand
    return lambda a: ExtractBand(offset)(a)


def _np_extract_band(offset):
    def numpy(a):
        return np.array([a[i, i + offset] if 0 <= i + offset < a.shape[1] else 0.0
                         for i in range(a.shape[0])])
    return numpy


def _csr_data(offsets, n_cols):
    from algrad.graph import constant
    from algrad.ops.banded import BandsToCSR

    def build(*diagonals):
        return BandsToCSR(offsets)(constant(n_cols, dtype="int64"), *diagonals)[0]
    return build


def _np_csr_data(offsets, n_cols):
    def numpy(*diagonals):
        from scipy.sparse import csr_matrix
        return csr_matrix(_np_bands(offsets, n_cols)(*diagonals)).data
    return numpy


def _scan_cumprod(a):
    import algrad
    out, _ = algrad.scan(lambda v, prev: prev * v, sequences=a, outputs_info=T.constant(1.0))
    return out


def _scan_affine(a, w):
    import algrad
    out, _ = algrad.scan(lambda v, prev, w: T.tanh(prev * w + v), sequences=a,
                         outputs_info=T.constant(0.5), non_sequences=w)
    return out


def _np_scan_affine(a, w):
    out, prev = [], 0.5
    for v in a:
        prev = np.tanh(prev * w + v)
        out.append(prev)
    return np.array(out)


STRUCTURED_SPECS = [
    _spec("bands_to_dense", "BandsToDense", _bands((-1, 0, 2), 5), _np_bands((-1, 0, 2), 5),
          [(4,), (4,), (4,)]),
    _spec("extract_band", "ExtractBand", _extract_band(1), _np_extract_band(1), [(4, 3)]),
    _spec("bands_to_csr", "BandsToCSR", _csr_data((-1, 0, 1), 4), _np_csr_data((-1, 0, 1), 4),
          [(5,), (5,), (5,)], grads=(NONE,) * 3, domains=((0.5, 2.0),) * 3),
    _spec("scan_cumprod", "Scan", _scan_cumprod, np.cumprod, [(5,)]),
    _spec("scan_recurrence", "Scan", _scan_affine, _np_scan_affine, [(4,), ()]),
]

SPECS = ELEMENTWISE_SPECS + OTHER_SPECS + STRUCTURED_SPECS
SPECS_BY_NAME = {spec.name: spec for spec in SPECS}
assert len(SPECS_BY_NAME) == len(SPECS), "spec names must be unique"


def specs_for(key) -> list:
    """Every spec of the op with registry key ``key``."""
    return [spec for spec in SPECS if spec.key == key]


def differentiable_specs() -> list:
    return [spec for spec in SPECS if spec.differentiable]
