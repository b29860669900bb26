"""Lowerings of the banded-matrix ops that assemble structured Jacobians and Hessians.

Each diagonal is written by one loop over its rows; a dense result starts
from ``np.zeros`` (fresh pages cost nothing until written), so only the band
is touched.
"""
from __future__ import annotations


def _plus(name, offset) -> str:
    """``name + offset`` written as a person would (i - 1, i, i + 1)."""
    if offset == 0:
        return name
    return f"{name} {'+' if offset > 0 else '-'} {abs(offset)}"


def _band_rows(w, m, n, offset):
    """Names of the first row and the end row of the band at ``offset``."""
    lo, hi = w.new_name("lo"), w.new_name("hi")
    w.emit(f"{lo} = {max(0, -offset)}")
    w.emit(f"{hi} = max({lo}, min({m}, {_plus(n, -offset)}))")
    return lo, hi


#: above this many elements a dense result is allocated by NumPy, whose zeros are lazy pages
LAZY_ZEROS = 1 << 16


def lower_BandsToDense(w, node):
    """A zero matrix and its band.

    A big matrix comes from NumPy's ``np.zeros`` (inside ``numba.objmode``):
    its pages are mapped zero and cost nothing until the band touches them,
    where Numba's own ``np.zeros`` would write every byte.  The band is
    written through a flat view: strided two-index stores may be turned
    into vector scatters, which fault page by page on fresh memory.
    """
    n_cols, *diagonals = node.inputs
    out = node.outputs[0]
    m, n = w.new_name("m"), w.new_name("n")
    w.emit(f"{m} = {w.shape(diagonals[0], 0)}")
    w.emit(f"{n} = rt.check_alloc_length({w.value(n_cols)}, 1)")
    name = w.define(out)
    w.emit(f"if {m} * {n} >= {LAZY_ZEROS}:")
    w.emit(f'with numba.objmode({name}="{out.dtype}[:, ::1]"):', 2)
    w.emit(f"{name} = np.zeros(({m}, {n}), np.{out.dtype})", 3)
    w.emit("else:")
    w.emit(f"{name} = np.zeros(({m}, {n}), np.{out.dtype})", 2)
    flat = w.new_name("flat")
    w.emit(f"{flat} = {name}.reshape({m} * {n})")
    for offset, diagonal in zip(node.op.offsets, diagonals):
        lo, hi = _band_rows(w, m, n, offset)
        i = w.new_name("row")
        w.emit(f"for {i} in range({lo}, {hi}):")
        w.emit(f"{flat}[{i} * {n} + {_plus(i, offset)}] = {w.value(diagonal)}[{i}]", 2)


def lower_ExtractBand(w, node):
    (a,) = node.inputs
    out = node.outputs[0]
    offset = node.op.offset
    m, n = w.new_name("m"), w.new_name("n")
    w.emit(f"{m} = {w.shape(a, 0)}")
    w.emit(f"{n} = {w.shape(a, 1)}")
    name = w.define(out)
    w.emit(f"{name} = np.zeros({m}, np.{out.dtype})")
    lo, hi = _band_rows(w, m, n, offset)
    i = w.new_name("row")
    w.emit(f"for {i} in range({lo}, {hi}):")
    w.emit(f"{name}[{i}] = {w.value(a)}[{i}, {_plus(i, offset)}]", 2)


def lower_BandsToCSR(w, node):
    """Rows in order, columns ascending in each row (the offsets are sorted)."""
    n_cols, *diagonals = node.inputs
    data_var, indices_var, indptr_var = node.outputs
    m, n = w.new_name("m"), w.new_name("n")
    w.emit(f"{m} = {w.shape(diagonals[0], 0)}")
    w.emit(f"{n} = rt.check_alloc_length({w.value(n_cols)}, 1)")
    i = w.new_name("row")
    indptr = w.define(indptr_var)
    total = w.new_name("nnz")
    w.emit(f"{indptr} = np.zeros({m} + 1, np.int32)")
    w.emit(f"{total} = 0")
    w.emit(f"for {i} in range({m}):")
    count = " + ".join(f"(1 if 0 <= {_plus(i, o)} < {n} else 0)" for o in node.op.offsets)
    w.emit(f"{total} += {count}", 2)
    w.emit(f"{indptr}[{i} + 1] = {total}", 2)
    w.emit(f"rt.check_nnz({total})")
    data, indices = w.define(data_var), w.define(indices_var)
    w.emit(f"{data} = np.empty({total}, np.{data_var.dtype})")
    w.emit(f"{indices} = np.empty({total}, np.int32)")
    w.emit(f"for {i} in range({m}):")
    slot = w.new_name("slot")
    w.emit(f"{slot} = {indptr}[{i}]", 2)
    for offset, diagonal in zip(node.op.offsets, diagonals):
        column = _plus(i, offset)
        w.emit(f"if 0 <= {column} < {n}:", 2)
        w.emit(f"{data}[{slot}] = {w.value(diagonal)}[{i}]", 3)
        w.emit(f"{indices}[{slot}] = {column}", 3)
        w.emit(f"{slot} += 1", 3)


BANDED_LOWERINGS = {name[len("lower_"):]: fn for name, fn in list(globals().items())
                    if name.startswith("lower_")}
