"""``pp`` in Theano's notation for every op family, and ``debugprint``."""
from __future__ import annotations

import io

import pytest

import algrad
import algrad.tensor as T
from algrad import pp
from op_specs import SPECS, cases, make_variables

x, y = T.dvector("x"), T.dvector("y")
m = T.dmatrix("m")
s = T.dscalar("s")
i = T.lscalar("i")


def test_the_seed_gradient_prints_exactly():
    x = T.dscalar("x")
    assert pp(T.grad(x ** 2, x)) == (
        "((fill((x ** TensorConstant{2}), TensorConstant{1.0}) * TensorConstant{2}) * "
        "(x ** (TensorConstant{2} - TensorConstant{1})))")


@pytest.mark.parametrize("expr,text", [
    (lambda: x + y, "(x + y)"), (lambda: x - y, "(x - y)"), (lambda: x * y, "(x * y)"),
    (lambda: x / y, "(x / y)"), (lambda: x // y, "(x // y)"), (lambda: x % y, "(x % y)"),
    (lambda: x ** y, "(x ** y)"), (lambda: x < y, "(x < y)"), (lambda: x <= y, "(x <= y)"),
    (lambda: x > y, "(x > y)"), (lambda: x >= y, "(x >= y)"), (lambda: T.eq(x, y), "(x == y)"),
    (lambda: T.neq(x, y), "(x != y)"), (lambda: (x > 0) & (y > 0),
                                        "((x > TensorConstant{0}) & (y > TensorConstant{0}))"),
    (lambda: (x > 0) | (y > 0), "((x > TensorConstant{0}) | (y > TensorConstant{0}))"),
    (lambda: 2 * x, "(TensorConstant{2} * x)"), (lambda: x * 2.5, "(x * TensorConstant{2.5})"),
])
def test_binary_operators_print_infix(expr, text):
    assert pp(expr()) == text


def test_unary_operators_and_functions():
    assert pp(-x) == "(-x)"
    assert pp(~(x > 0)) == "(~(x > TensorConstant{0}))"
    assert pp(abs(x)) == "abs(x)"
    for name in ("exp", "log", "log1p", "expm1", "sqrt", "sqr", "sin", "cos", "tan", "arcsin",
                 "arccos", "arctan", "sinh", "cosh", "tanh", "sigmoid", "softplus", "erf",
                 "floor", "ceil", "sign"):
        assert pp(getattr(T, name)(x)) == f"{name}(x)"
    assert pp(T.maximum(x, y)) == "maximum(x, y)"
    assert pp(T.minimum(x, 0)) == "minimum(x, TensorConstant{0})"
    assert pp(T.switch(x > 0, x, y)) == "switch((x > TensorConstant{0}), x, y)"
    assert pp(T.fill(x, 1.0)) == "fill(x, TensorConstant{1.0})"
    assert pp(T.cast(x, "float32")) == "cast{float32}(x)"


def test_nesting_is_fully_parenthesized():
    assert pp((x + y) * T.exp(-x) / 2) == "(((x + y) * exp((-x))) / TensorConstant{2})"


def test_reductions_name_their_axes_unless_all():
    assert pp(T.sum(m)) == "sum(m)"
    assert pp(m.prod()) == "prod(m)"
    assert pp(T.max(m)) == "max(m)"
    assert pp(T.sum(m, axis=0)) == "sum{axes=(0,)}(m)"
    assert pp(T.min(m, axis=-1)) == "min{axes=(1,)}(m)"
    assert "sum{axes=(1,)}(m)" in pp(T.sum(m, axis=1, keepdims=True))
    assert pp(T.mean(x)) == "(sum(x) / cast{float64}(x.shape[0]))"


def test_shapes_transposes_and_indexing():
    assert pp(m.T) == "m.T"
    assert pp(x.shape) == "x.shape"
    assert pp(m.shape[1]) == "m.shape[1]"
    assert pp(x[1:3]) == "x[1:3]"
    assert pp(x[-1]) == "x[-1]"
    assert pp(m[:, 0]) == "m[:, 0]"
    assert pp(m[1:, ::2]) == "m[1:, ::2]"
    assert pp(x[i]) == "x[i]"
    assert pp(x[i:-1]) == "x[i:-1]"
    assert pp(T.inc_subtensor(x[1:3], y)) == "inc_subtensor(x[1:3], y)"
    assert pp(T.set_subtensor(m[0], x)) == "set_subtensor(m[0], x)"


def test_linear_algebra_and_structure():
    assert pp(T.dot(m, x)) == "dot(m, x)"
    assert pp(T.concatenate([x, y])) == "join{axis=0}(x, y)"
    assert pp(T.alloc(s, 2, 3)) == "alloc(s, TensorConstant{2}, TensorConstant{3})"
    assert pp(T.arange(i)) == "arange{dtype='int64'}(TensorConstant{0}, i, TensorConstant{1})"
    assert pp(m.dimshuffle(1, "x", 0)).startswith("dimshuffle{1,x,0}(m)")
    assert pp(m.reshape((2, -1))).startswith("reshape{ndim=2}(m, ")


def test_constants_and_unnamed_variables():
    assert pp(T.constant(2.0)) == "TensorConstant{2.0}"
    assert pp(T.constant(True)) == "TensorConstant{True}"
    assert pp(T.constant([1.0, 2.0])) == "TensorConstant{[1., 2.]}"
    assert pp(T.constant(list(range(20)))) == "TensorConstant{(20,) of int64}"
    assert pp(T.dvector() + 1) == "(<a float64 vector of static shape (None,)> + TensorConstant{1})"
    assert repr(x * y) == pp(x * y)


def test_pp_of_a_list_prints_one_line_each_and_refuses_non_variables():
    assert pp([x + y, -x]) == "(x + y)\n(-x)"
    with pytest.raises(TypeError, match="symbolic variable"):
        pp(3.0)


@pytest.mark.parametrize("spec", SPECS, ids=[sp.name for sp in SPECS])
def test_every_op_prints_with_its_inputs(spec):
    variables = make_variables(spec, cases(spec)[0][1])
    text = pp(spec.build(*variables))
    for v in variables:
        assert v.name in text, text


def test_heavily_shared_graphs_print_each_shared_part_once():
    z = T.dscalar("z")
    expr = z
    for _ in range(40):  # as a tree: 2**40 leaves
        expr = expr * expr + z
    text = pp(expr)
    assert len(text) < 5000
    definitions = text.splitlines()[:-1]
    assert definitions and all(line.startswith("t") and " = " in line for line in definitions)


# -- debugprint --------------------------------------------------------------------------

def test_debugprint_prints_a_shared_node_once_and_refers_to_it():
    z = T.dscalar("z")
    e = T.exp(z)
    assert algrad.debugprint(e * e) == "\n".join([
        "mul [id A]",
        " |exp [id B]",
        " | |z [id C]",
        " |exp [id B]",
    ])


def test_debugprint_shares_ids_across_outputs_and_writes_to_a_file():
    z = T.dscalar("z")
    e = T.exp(z)
    out = io.StringIO()
    text = algrad.debugprint([e + 1, e * 2], file=out, print_type=True)
    assert out.getvalue() == text + "\n"
    lines = text.splitlines()
    assert lines[0].startswith("add <float64, ()> [id A]")
    assert sum(1 for line in lines if "z <float64, ()>" in line) == 1  # inputs of exp printed once
    assert sum(1 for line in lines if line.strip().startswith("|exp") and "[id B]" in line) == 2


def test_debugprint_of_a_deep_graph_caps_the_indentation():
    z = T.dscalar("z")
    expr = z
    for _ in range(500):
        expr = T.sin(expr)
    lines = algrad.debugprint(expr).splitlines()
    assert len(lines) == 501
    assert max(len(line) for line in lines) < 200
    assert "levels more" in lines[-1]
