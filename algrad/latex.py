"""LaTeX of expressions and derivatives, through SymPy's LaTeX printer.

``latex(expr)`` prints the canonical form of the SymPy mirror (see
:mod:`algrad.simplify`), so a raw gradient prints as its simplified closed
form: ``latex(T.grad(x ** 2, x))`` is ``2 x``.  Lists (a gradient, rows of a
Jacobian or Hessian) print as a matrix; an elementwise tensor expression
prints its element kernel in the variables' names; an expression with dot,
reductions or indexing over inputs of known shape prints as a matrix of
elements; the Jacobian of an elementwise map (a diagonal matrix) prints as
``\\operatorname{diag}`` of its element kernel.  ``latex(expr, wrt=x)`` is
the teaching form: the whole equation ``\\frac{d}{d x} f = f'``
(``\\partial`` when ``f`` has several variables).
A very big expression prints as a list of shared subexpressions (``x_{0} =
...``) rather than as a tree exponentially bigger than its graph.
"""
from __future__ import annotations

from .convert import as_tensor_variable
from .errors import AlgradTypeError, ArgumentError

#: above this many ops (as a tree) an expression prints with its shared parts named
TREE_BOUND = 400


def latex(var, wrt=None, order=1):
    """LaTeX of an expression, a list of expressions, or the equation of a derivative.

    Parameters
    ----------
    var : Variable, or a (nested) list of scalar Variables
        A flat list prints as a column, a list of lists as a matrix.
    wrt : Variable or list of Variables, optional
        Print the equation ``d^order var / d wrt^order = ...`` (one line per
        variable of a list, joined by ``\\\\``).  ``var`` must then be a scalar or
        an elementwise expression of ``wrt``.
    order : int
        The order of the derivative printed with ``wrt``.

    Examples
    --------
    >>> import algrad, algrad.tensor as T
    >>> x, y = T.dscalar('x'), T.dscalar('y')
    >>> algrad.latex(T.grad(x ** 2, x))
    '2 x'
    >>> algrad.latex(x ** 2 * T.sin(x), wrt=x)
    '\\\\frac{d}{d x} x^{2} \\\\sin{\\\\left(x \\\\right)} = x \\\\left(x \\\\cos{\\\\left(x \\\\right)} + 2 \\\\sin{\\\\left(x \\\\right)}\\\\right)'
    >>> algrad.latex(T.grad(x ** 2 * y, [x, y]))
    '\\\\left[\\\\begin{matrix}2 x y\\\\\\\\x^{2}\\\\end{matrix}\\\\right]'
    """
    import sympy
    if wrt is not None:
        return _equation(var, wrt, order)
    if isinstance(var, (list, tuple)):
        return sympy.latex(_matrix(var))
    diagonal = _diagonal_kernel(as_tensor_variable(var))
    if diagonal is not None:
        return f"\\operatorname{{diag}}\\left({sympy.latex(diagonal)}\\right)"
    return sympy.latex(closed_form(var))


def _diagonal_kernel(var):
    """The element kernel of a diagonal matrix (the Jacobian of an elementwise map), or None."""
    import sympy
    from .ops.registry import op_key
    from .simplify import simplify
    from .symbolic.mirror import to_sympy
    if var.owner is None or op_key(var.owner.op) != "BandsToDense" or var.owner.op.offsets != (0,):
        return None
    simple = simplify(var)
    if simple.owner is None or op_key(simple.owner.op) != "BandsToDense":
        return None
    diagonal = simple.owner.inputs[1]
    kernel = to_sympy(diagonal)
    return closed_form(diagonal) if isinstance(kernel, sympy.Expr) else None


def closed_form(var):
    """The canonical SymPy form of an expression, as ``latex`` prints it.

    Examples
    --------
    >>> import algrad.tensor as T
    >>> from algrad.latex import closed_form
    >>> x = T.dscalar('x')
    >>> closed_form(T.grad(T.sin(x) ** 2, x))
    sin(2*x)
    """
    from .simplify import canonical_form, INLINE_BOUND
    from .symbolic.mirror import to_sympy
    var = as_tensor_variable(var)
    size = _tree_size(var)
    if size > TREE_BOUND:
        return _shared_form(var)
    expr = to_sympy(var)
    if size > INLINE_BOUND:
        return expr
    if hasattr(expr, "applyfunc"):
        return expr.applyfunc(canonical_form)
    return canonical_form(expr)


def _tree_size(var):
    from .traversal import toposort
    size = {}
    for node in toposort([var]):
        total = 1 + sum(size.get(id(v), 0) for v in node.inputs)
        size[id(node.outputs[0])] = min(total, 10 * TREE_BOUND)
    return size.get(id(var), 0)


def _shared_form(var):
    """A big expression as its shared subexpressions and what they make."""
    import sympy
    from .simplify import simplify
    from .symbolic.mirror import KernelMirror, NamedSymbols, _NotKernel, _kernel_leaf, value_inputs
    from .traversal import toposort
    var = simplify(var)
    nodes = toposort([var])
    uses = {}
    for node in nodes:
        for v in value_inputs(node):
            uses[id(v)] = uses.get(id(v), 0) + 1
    shared = [n.outputs[0] for n in nodes if uses.get(id(n.outputs[0]), 0) > 1]
    names = {id(v): sympy.Symbol(f"x_{k}", real=True) for k, v in enumerate(shared)}
    mirror = KernelMirror(_kernel_leaf(NamedSymbols()), cut=names, cut_symbol=lambda v: names[id(v)])
    try:
        lines = [(names[id(v)], mirror.expr(v)) for v in shared]
        result = mirror.expr(var)
    except _NotKernel as exc:  # the element kernel needs elementwise ops only
        raise AlgradTypeError(f"latex: {var!r} is too big to print as a tree and is not an "
                              f"elementwise expression ({exc})") from None
    return _Lines(lines + [result])


class _Lines(list):
    """Definitions ``(symbol, expression)`` and a last expression, printed as an
    ``aligned`` block by SymPy's LaTeX printer (through ``_latex``)."""

    def _latex(self, printer):
        *definitions, result = self
        parts = [f"{printer._print(lhs)} &= {printer._print(rhs)}" for lhs, rhs in definitions]
        parts.append(f"&{printer._print(result)}")
        return "\\begin{aligned}" + " \\\\ ".join(parts) + "\\end{aligned}"


def _matrix(items):
    import sympy
    rows = []
    for item in items:
        row = item if isinstance(item, (list, tuple)) else [item]
        entries = []
        for v in row:
            value = closed_form(v)
            if not isinstance(value, sympy.Expr):
                raise AlgradTypeError(f"latex: the list entry {v!r} is not a scalar expression; "
                                      "a list prints as a matrix of scalars")
            entries.append(value)
        rows.append(entries)
    if len({len(r) for r in rows}) > 1:
        raise AlgradTypeError("latex: the rows of a list of lists must have equal lengths")
    return sympy.Matrix(rows)


def _equation(var, wrt, order):
    import sympy
    from .grad import grad
    from .symbolic.mirror import to_sympy
    if isinstance(wrt, (list, tuple)):
        return " \\\\ ".join(_equation(var, w, order) for w in wrt)
    var = as_tensor_variable(var)
    if not isinstance(order, int) or order < 1:
        raise ArgumentError(f"latex: order must be a positive integer, got {order!r}")
    function = to_sympy(var)
    if not isinstance(function, sympy.Expr):
        raise AlgradTypeError(
            f"latex(..., wrt=): {var!r} is not a scalar or elementwise expression, so it has no "
            "single derivative to print; print the Jacobian instead")
    derivative = var
    for _ in range(order):
        derivative = grad(derivative if derivative.ndim == 0 else derivative.sum(), wrt,
                          disconnected_inputs="ignore")
    symbol = to_sympy(wrt)
    left = sympy.Derivative(function, (symbol, order)) if order > 1 else sympy.Derivative(
        function, symbol)
    return f"{sympy.latex(left)} = {sympy.latex(closed_form(derivative))}"
