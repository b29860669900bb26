"""The seed's "Computing Gradients" examples, as written, with algrad in Theano's place.

The code of each test is the tutorial's (``/work/shared/seeds/000_*``) and the
study notes' version of it (``001_*``), line for line; the assertions are
the outputs they print.  The Jacobian, Hessian, Rop and scan examples, and
the optimized ``(2.0 * x)``, are tested where those features are.
"""
from __future__ import annotations

import numpy
import pytest

import algrad as theano
import algrad.tensor as T
from algrad import pp

SEED_PP = ("((fill((x ** TensorConstant{2}), TensorConstant{1.0}) * TensorConstant{2}) * "
           "(x ** (TensorConstant{2} - TensorConstant{1})))")


@pytest.fixture(params=[None, "numpy"], ids=["default-mode", "numpy-mode"])
def mode(request):
    return request.param


def test_gradient_of_x_squared(mode):
    x = T.dscalar('x')
    y = x ** 2
    gy = T.grad(y, x)
    assert pp(gy) == SEED_PP  # print out the gradient prior to optimization
    f = theano.function([x], gy, mode=mode)
    result = f(4)
    assert isinstance(result, numpy.ndarray)
    assert result.shape == () and result.dtype == numpy.float64
    assert result == numpy.array(8.0)
    assert numpy.allclose(f(94.2), 188.4)


def test_gradient_of_the_logistic(mode):
    x = T.dmatrix('x')
    s = T.sum(1 / (1 + T.exp(-x)))
    gs = T.grad(s, x)
    dlogistic = theano.function([x], gs, mode=mode)
    result = dlogistic([[0, 1], [-1, -2]])
    assert result.shape == (2, 2) and result.dtype == numpy.float64
    # the tutorial prints 8 significant digits: they must agree to that many
    numpy.testing.assert_allclose(result, [[0.25, 0.19661193], [0.19661193, 0.10499359]],
                                  rtol=0, atol=5e-9)


def test_study_notes_x_squared():
    # from theano import pp; from theano import function
    from algrad import function
    x = T.dscalar('x')
    y = x ** 2
    gy = T.grad(y, x)
    printed = pp(gy)
    f = function([x], gy)
    assert printed == SEED_PP
    assert str(f(4)) == "8.0"


def test_study_notes_logistic():
    from algrad import function
    x = T.dmatrix('x')
    s = T.sum(1 / (1 + T.exp(-x)))
    gs = T.grad(s, x)
    dlogistic = function([x], gs)
    printed = str(dlogistic([[0, 1], [-1, -2]]))
    assert printed.split() == "[[0.25 0.19661193] [0.19661193 0.10499359]]".split()


def test_grad_takes_a_list_and_keeps_its_order():
    # "The second argument of T.grad can be a list ... element i of the output
    # list is the gradient of the first argument with respect to the i-th element"
    x, w = T.dscalar('x'), T.dscalar('w')
    cost = w * x ** 2
    gx, gw = T.grad(cost, [x, w])
    f = theano.function([x, w], [gx, gw])
    assert [float(v) for v in f(3, 2)] == [12.0, 9.0]


def test_grad_needs_a_scalar_cost():
    # "The first argument of T.grad has to be a scalar"
    x = T.dvector('x')
    with pytest.raises(TypeError, match="scalar"):
        T.grad(x ** 2, x)
