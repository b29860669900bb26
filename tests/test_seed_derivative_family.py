"""The seed's Jacobian, Hessian, Rop, Lop and Hessian-times-vector sections, verbatim."""
import numpy
import pytest

import algrad as theano
import algrad.tensor as T


def test_jacobian_by_scan():
    x = T.dvector('x')
    y = x ** 2
    J, updates = theano.scan(lambda i, y, x: T.grad(y[i], x), sequences=T.arange(y.shape[0]),
                             non_sequences=[y, x])
    f = theano.function([x], J, updates=updates)
    numpy.testing.assert_array_equal(f([4, 4]), [[8., 0.], [0., 8.]])


def test_scan_over_y_itself_is_the_documented_pitfall():
    x = T.dvector('x')
    y = x ** 2
    with pytest.raises(theano.DisconnectedInputError, match=r"\[t\] does not depend on 'x'"):
        theano.scan(lambda y_i, x: T.grad(y_i, x), sequences=y, non_sequences=x)


def test_hessian_by_scan():
    x = T.dvector('x')
    y = x ** 2
    cost = y.sum()
    gy = T.grad(cost, x)
    H, updates = theano.scan(lambda i, gy, x: T.grad(gy[i], x), sequences=T.arange(gy.shape[0]),
                             non_sequences=[gy, x])
    f = theano.function([x], H, updates=updates)
    numpy.testing.assert_array_equal(f([4, 4]), [[2., 0.], [0., 2.]])


def test_jacobian_and_hessian_macros():
    x = T.dvector('x')
    J = theano.gradient.jacobian(x ** 2, x)
    H = theano.gradient.hessian((x ** 2).sum(), x)
    f = theano.function([x], [J, H])
    j, h = f([4, 4])
    numpy.testing.assert_array_equal(j, [[8., 0.], [0., 8.]])
    numpy.testing.assert_array_equal(h, [[2., 0.], [0., 2.]])


def test_r_operator():
    W = T.dmatrix('W')
    V = T.dmatrix('V')
    x = T.dvector('x')
    y = T.dot(x, W)
    JV = T.Rop(y, W, V)
    f = theano.function([W, V, x], JV)
    numpy.testing.assert_array_equal(f([[1, 1], [1, 1]], [[2, 2], [2, 2]], [0, 1]), [2., 2.])


def test_l_operator():
    W = T.dmatrix('W')
    v = T.dvector('v')
    x = T.dvector('x')
    y = T.dot(x, W)
    VJ = T.Lop(y, W, v)
    f = theano.function([v, x], VJ)
    numpy.testing.assert_array_equal(f([2, 2], [0, 1]), [[0., 0.], [2., 2.]])


def test_hessian_times_vector_by_grad():
    x = T.dvector('x')
    v = T.dvector('v')
    y = T.sum(x ** 2)
    gy = T.grad(y, x)
    vH = T.grad(T.sum(gy * v), x)
    f = theano.function([x, v], vH)
    numpy.testing.assert_array_equal(f([4, 4], [2, 2]), [4., 4.])


def test_hessian_times_vector_by_rop():
    x = T.dvector('x')
    v = T.dvector('v')
    y = T.sum(x ** 2)
    gy = T.grad(y, x)
    Hv = T.Rop(gy, x, v)
    f = theano.function([x, v], Hv)
    numpy.testing.assert_array_equal(f([4, 4], [2, 2]), [4., 4.])
