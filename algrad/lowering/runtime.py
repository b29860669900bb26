"""Jitted helpers the generated kernels call (imported there as ``rt``).

They cover what one line of generated code cannot say clearly: NumPy's
semantics at the edges (division by zero, NaN in max/min, negative integer
powers), bounds and shape checks with clear errors, and dot products for
dtypes BLAS does not take.  This module imports Numba, so only generated
kernels import it.
"""
from __future__ import annotations

import math

import numpy as np
from numba import njit

from ..errors import AlgradIndexError, InputError, ShapeError

_JIT = dict(cache=True, error_model="numpy")
# Kernels pass numbers as np.int64(...): Numba would compile one version of a
# helper per literal argument otherwise.


@njit(**_JIT)
def float_floor_div(a, b):
    """NumPy's floor_divide for floats (its ``npy_divmod``)."""
    if b == 0:
        return a / b
    mod = np.fmod(a, b)
    div = (a - mod) / b
    if mod != 0 and (b < 0) != (mod < 0):
        div -= 1
    if div != 0:
        floor_div = np.floor(div)
        if div - floor_div > 0.5:
            floor_div += 1
        return floor_div
    return np.copysign(0.0, a / b)


@njit(**_JIT)
def float_mod(a, b):
    """NumPy's mod for floats: the result has the sign of ``b``."""
    if b == 0:
        return np.fmod(a, b)
    mod = np.fmod(a, b)
    if mod != 0:
        if (b < 0) != (mod < 0):
            mod += b
    else:
        mod = np.copysign(0.0, b)
    return mod


@njit(**_JIT)
def int_floor_div(a, b):
    """NumPy's floor_divide for integers: x // 0 is 0, and the minimum // -1 wraps to itself."""
    if b == -1:
        return -a  # Numba's // gives 0 there
    return a // b


@njit(**_JIT)
def int_pow(a, b):
    """Integer power by squaring; NumPy refuses negative exponents."""
    if b < 0:
        raise InputError("pow: Integers to negative integer powers are not allowed.")
    result = 1
    base = a
    while b:
        if b & 1:
            result *= base
        base *= base
        b >>= 1
    return result


@njit(**_JIT)
def nan_max(a, b):
    """``numpy.maximum`` of two floats: NaN wins."""
    return a if (a >= b or a != a) else b


@njit(**_JIT)
def nan_min(a, b):
    """``numpy.minimum`` of two floats: NaN wins."""
    return a if (a <= b or a != a) else b


# Errors are raised with a message template and int arguments, which the
# program fills in (see ``program.formatted``): building the text here would link
# Numba's string machinery into every kernel and cost a second of compile.

@njit(**_JIT)
def check_index(i, n, axis):
    """``i`` as a non-negative index into an axis of length ``n``, or IndexError."""
    if i < -n or i >= n:
        raise AlgradIndexError("index {} is out of bounds for axis {} with length {}", i, axis, n)
    return i + n if i < 0 else i


@njit(**_JIT)
def check_step(step):
    if step == 0:
        raise InputError("slice step cannot be zero")
    return step


@njit(**_JIT)
def reshape_lengths(size, lengths, ndim):
    """The new shape of a reshape (one -1 resolved), checked against ``size``."""
    if lengths.shape[0] != ndim:
        raise ShapeError("reshape: a new shape of {} lengths for a result of rank {}",
                         lengths.shape[0], ndim)
    out = lengths.copy()
    unknown = -1
    known = 1
    for k in range(out.shape[0]):
        if out[k] == -1 and unknown < 0:
            unknown = k
        elif out[k] < 0:
            raise ShapeError("reshape: negative length {} in the new shape", out[k])
        else:
            known *= out[k]
    if unknown >= 0:
        if known == 0 or size % known != 0:
            raise ShapeError("cannot reshape an array of size {} into the requested shape", size)
        out[unknown] = size // known
    elif known != size:
        raise ShapeError("cannot reshape an array of size {} into a shape of size {}", size, known)
    return out


@njit(**_JIT)
def check_alloc_length(n, axis):
    if n < 0:
        raise ShapeError("alloc: negative length {} along axis {}", n, axis)
    return n


@njit(**_JIT)
def check_dot(n_a, n_b):
    if n_a != n_b:
        raise ShapeError("dot: the inner lengths do not fit ({} != {})", n_a, n_b)


@njit(**_JIT)
def dot_loops_2_2(a, b, out):
    """``a @ b`` for integer and bool matrices (BLAS only takes floats)."""
    for i in range(a.shape[0]):
        for k in range(a.shape[1]):
            aik = a[i, k]
            for j in range(b.shape[1]):
                out[i, j] += aik * b[k, j]
    return out


@njit(**_JIT)
def dot_loops_2_1(a, b, out):
    for i in range(a.shape[0]):
        for k in range(a.shape[1]):
            out[i] += a[i, k] * b[k]
    return out


@njit(**_JIT)
def dot_loops_1_2(a, b, out):
    for k in range(a.shape[0]):
        for j in range(b.shape[1]):
            out[j] += a[k] * b[k, j]
    return out


@njit(**_JIT)
def dot_loops_1_1(a, b, total):
    for k in range(a.shape[0]):
        total += a[k] * b[k]
    return total


@njit(**_JIT)
def check_join(n, expected, axis, k):
    if n != expected:
        raise ShapeError("concatenate: input {} has length {} along axis {}, the first input {}",
                         k, n, axis, expected)


@njit(**_JIT)
def check_arange_step(step):
    if step == 0:
        raise InputError("arange: step must not be zero")


@njit(**_JIT)
def float_dot(a, b):
    """BLAS dot of two float arrays of one dtype (copied to contiguous when strided)."""
    return np.dot(np.ascontiguousarray(a), np.ascontiguousarray(b))


@njit(**_JIT)
def check_scan_length(length, n_steps, k):
    if length < n_steps:
        raise ShapeError("scan: sequence " + str(k) + " has " + str(length)
                         + " elements but the loop runs " + str(n_steps) + " steps")


@njit(**_JIT)
def check_scan_state(got, want, k):
    if got != want:
        raise ShapeError("scan: a step returned a state of another shape than its initial value "
                         "(output " + str(k) + ")")


@njit(**_JIT)
def check_nnz(total):
    if total >= 2 ** 31 - 1:
        raise ShapeError("bands_to_csr: " + str(total) + " nonzeros do not fit 32-bit indices")
