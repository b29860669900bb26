"""algrad.latex: closed forms, matrices, element kernels and the teaching equation."""
from __future__ import annotations

import pytest
import sympy

import algrad
import algrad.tensor as T
from algrad.errors import AlgradTypeError
from algrad.latex import closed_form

xs, ys = sympy.symbols("x y", real=True)


def test_gradient_prints_simplified():
    x = T.dscalar("x")
    assert algrad.latex(T.grad(x ** 2, x)) == "2 x"


def test_expression_prints_as_sympy_prints_it():
    x, y = T.dscalar("x"), T.dscalar("y")
    assert algrad.latex(T.exp(x) * y + T.sqrt(x)) == sympy.latex(sympy.exp(xs) * ys + sympy.sqrt(xs))


def test_teaching_form_single_variable():
    x = T.dscalar("x")
    text = algrad.latex(x ** 2 * T.sin(x), wrt=x)
    left, right = text.split(" = ")
    assert left == r"\frac{d}{d x} x^{2} \sin{\left(x \right)}"
    derivative = closed_form(T.grad(x ** 2 * T.sin(x), x))
    assert right == sympy.latex(derivative)
    assert sympy.simplify(derivative - sympy.diff(xs ** 2 * sympy.sin(xs), xs)) == 0


def test_teaching_form_several_variables_uses_partial():
    x, y = T.dscalar("x"), T.dscalar("y")
    assert algrad.latex(x ** 2 * y, wrt=x) == r"\frac{\partial}{\partial x} x^{2} y = 2 x y"


def test_teaching_form_second_order():
    x = T.dscalar("x")
    assert algrad.latex(x ** 3, wrt=x, order=2) == r"\frac{d^{2}}{d x^{2}} x^{3} = 6 x"


def test_teaching_form_of_a_list_of_variables():
    x, y = T.dscalar("x"), T.dscalar("y")
    lines = algrad.latex(x * y, wrt=[x, y]).split(r" \\ ")
    assert lines == [r"\frac{\partial}{\partial x} x y = y", r"\frac{\partial}{\partial y} x y = x"]


def test_teaching_form_of_an_elementwise_tensor_expression():
    X = T.dmatrix("X")
    assert algrad.latex(T.exp(X) * 2, wrt=X) == r"\frac{d}{d X} 2 e^{X} = 2 e^{X}"


def test_teaching_form_refuses_a_non_elementwise_expression():
    v = T.tensor("float64", shape=(2,), name="v")
    W = T.tensor("float64", shape=(2, 2), name="W")
    with pytest.raises(AlgradTypeError, match="no single derivative"):
        algrad.latex(T.dot(W, v), wrt=v)


def test_gradient_list_prints_as_a_column():
    x, y = T.dscalar("x"), T.dscalar("y")
    assert algrad.latex(T.grad(x ** 2 * y, [x, y])) == sympy.latex(sympy.Matrix([2 * xs * ys, xs ** 2]))


def test_hessian_prints_as_the_sympy_hessian():
    x, y = T.dscalar("x"), T.dscalar("y")
    cost = x ** 2 * y + T.sin(y)
    rows = [T.grad(g, [x, y]) for g in T.grad(cost, [x, y])]
    reference = sympy.hessian(xs ** 2 * ys + sympy.sin(ys), (xs, ys))
    assert algrad.latex(rows) == sympy.latex(reference)


def test_list_of_unequal_rows_is_refused():
    x = T.dscalar("x")
    with pytest.raises(AlgradTypeError, match="equal lengths"):
        algrad.latex([[x, x], [x]])


def test_elementwise_tensor_prints_its_kernel():
    X, v = T.dmatrix("X"), T.dvector("v")
    assert algrad.latex(T.exp(X) * v) == "v e^{X}"


def test_logistic_gradient_kernel():
    X = T.dmatrix("x")
    printed = algrad.latex(T.grad(T.sum(1 / (1 + T.exp(-X))), X))
    candidates = [sympy.latex(e) for e in (sympy.exp(xs) / (sympy.exp(xs) + 1) ** 2,
                                           sympy.exp(-xs) / (1 + sympy.exp(-xs)) ** 2)]
    assert printed in candidates


def test_matrix_expression_prints_elements():
    v = T.tensor("float64", shape=(2,), name="v")
    W = T.tensor("float64", shape=(2, 2), name="W")
    w = sympy.Matrix(2, 2, sympy.symbols("W_0_0 W_0_1 W_1_0 W_1_1", real=True))
    vv = sympy.Matrix(sympy.symbols("v_0 v_1", real=True))
    assert algrad.latex(T.dot(W, v)) == sympy.latex(w * vv)


def test_diagonal_jacobian_prints_as_diag_of_the_kernel():
    x = T.dvector("x")
    J = algrad.gradient.jacobian(T.sin(x) * 2, x)
    assert algrad.latex(J) == r"\operatorname{diag}\left(" + sympy.latex(2 * sympy.cos(xs)) + r"\right)"


def test_repr_latex_for_jupyter():
    x = T.dscalar("x")
    assert (x ** 2)._repr_latex_() == "$x^{2}$"


def test_big_expression_prints_its_shared_parts():
    x, y = T.dscalar("x"), T.dscalar("y")
    f = x * y
    for _ in range(20):
        f = T.sin(f) * x + T.cos(f) * y
    text = algrad.latex(T.grad(f, x))
    assert text.startswith(r"\begin{aligned}") and text.endswith(r"\end{aligned}")
    assert len(text) < 20000
