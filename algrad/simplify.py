"""Canonical simplification of elementwise regions through the SymPy mirror.

An *elementwise region* is a connected part of the graph made of
elementwise ops (and casts and NumPy-style broadcasts); its *roots* are the
float variables that leave it (graph outputs, or inputs of a dot, a sum, an
index...).  Each root is mirrored to the SymPy expression of one element
over one symbol per leaf, put in canonical form and built back.

Cost is kept predictable:

* a root whose expression, written as a tree, has at most
  ``INLINE_BOUND`` ops is mirrored whole and given the smallest (by
  ``sympy.count_ops``) of a few cheap forms: SymPy's automatic canonical
  form, ``together`` where there are quotients (one denominator) and
  ``factor_terms`` elsewhere (common factors pulled out; only this one past
  ``STRONG_BOUND`` ops), ``expand`` for polynomials,
  ``powsimp`` where an exponent is symbolic and, with trigonometric
  functions, the product-to-sum and sin/cos-to-tan rules of
  ``sympy.simplify.fu``;
* a bigger root whose region has at most ``SHARED_BOUND`` nodes is
  mirrored node by node: every variable used more than once gets a symbol
  of its own and a definition, so the SymPy side is a list of small
  expressions as long as the DAG, never a tree that is exponentially
  bigger; each definition gets SymPy's automatic canonical form only;
* past that, and on any graph of more than ``MAX_GRAPH_NODES`` nodes, only
  the DAG rewrites of :mod:`algrad.rewrite` (constant folding, algebraic
  identities) apply, and SymPy is not even imported.

No unbounded ``sympy.simplify`` is ever called.

Domain policy
-------------
Symbols are real (integer for integer dtypes), never positive, so SymPy
applies only identities that hold for every real value where the original
expression is defined: ``sqrt(x**2)`` is ``|x|``, ``log(exp(x))`` is ``x``,
but ``log(x*y)`` is never split into ``log(x) + log(y)`` and
``(x**2)**(1/3)`` is never ``x**(2/3)``.  No rewrite is forced
(``force=True`` is never passed).  Bringing terms to one denominator may
define the result at a point where the original was 0/0 (``x/x`` is 1); it
never changes a value where the original was defined.  Identities are exact over
the reals; floating-point results may differ in the last bits.
"""
from __future__ import annotations

from .errors import AlgradError
from .gc_pause import gc_paused
from .graph import Constant
from .traversal import toposort

#: a root mirrored whole may have at most this many ops as a tree
INLINE_BOUND = 150
#: bigger roots are mirrored node by node while their regions have at most this many nodes
SHARED_BOUND = 100
#: (a + b)**n is not expanded for n above this
MAX_EXPANDED_POWER = 6
#: nodes an algebraically simpler form may add to the DAG of a root
SIMPLER_SLACK = 2
#: the stronger rewrites are tried up to this size (count_ops)
STRONG_BOUND = 60


def canonical_form(expr):
    """The smallest of a few cheap exact rewrites of a SymPy expression.

    Examples
    --------
    >>> import sympy
    >>> from algrad.simplify import canonical_form
    >>> x = sympy.Symbol('x', real=True)
    >>> canonical_form(1 / (x + 1) - x / (x + 1) ** 2)
    (x + 1)**(-2)
    >>> canonical_form(2 * sympy.sin(x) * sympy.cos(x))
    sin(2*x)
    """
    return canonical_form_and_sizes(expr)[0]


def canonical_form_and_sizes(expr):
    """``(canonical form, its count_ops, count_ops of expr)``: see :func:`canonical_form`."""
    import sympy
    candidates = [expr]
    size = sympy.count_ops(expr)
    if size > STRONG_BOUND:
        rewrites = [sympy.factor_terms]
    else:
        # without a sum there is nothing to factor or to bring to one denominator
        rewrites = []
        if expr.has(sympy.Add):
            # one denominator where there are quotients, else common factors pulled out
            has_quotient = any(p.exp.is_negative for p in expr.atoms(sympy.Pow))
            rewrites.append(sympy.together if has_quotient else sympy.factor_terms)
        rewrites.extend(_trig_rules(expr))
        if any(not p.exp.is_number for p in expr.atoms(sympy.Pow)):
            rewrites.append(sympy.powsimp)  # x * x**(x - 1) -> x**x
        elif expr.is_polynomial() and not any(
                p.base.is_Add and p.exp > MAX_EXPANDED_POWER for p in expr.atoms(sympy.Pow)):
            rewrites.append(sympy.expand)  # a small polynomial is smallest in monomials
    for rewrite in rewrites:
        candidate = _attempt(rewrite, expr)
        if candidate is not None and candidate not in candidates:
            candidates.append(candidate)
    if len(candidates) == 1:
        return expr, size, size
    sizes = [size] + [sympy.count_ops(c) for c in candidates[1:]]
    best, best_size = candidates[sizes.index(min(sizes))], min(sizes)
    if best is not expr and best.is_Add and size <= STRONG_BOUND:
        # a second step for sums a rewrite produced: x**x*log(x) + x**x -> x**x*(log(x) + 1)
        pulled = _attempt(sympy.factor_terms, best)
        if pulled is not None and pulled != best:
            pulled_size = sympy.count_ops(pulled)
            if pulled_size < best_size:
                return pulled, pulled_size, size
    return best, best_size, size


def _trig_rules(expr):
    """The rules of ``sympy.simplify.fu`` that can shorten ``expr``, if any.

    TR8 (products and powers of sin and cos to sums: 2 sin cos -> sin 2x) needs
    two trigonometric factors in a product; TR2i (sin/cos -> tan) a quotient.
    """
    import importlib
    import sympy
    trig = (sympy.sin, sympy.cos)
    products, quotients = False, False
    for term in sympy.preorder_traversal(expr):
        if not term.is_Mul and not term.is_Pow:
            continue
        factors = sympy.Mul.make_args(term)
        bases = [f.base if f.is_Pow else f for f in factors]
        exponents = [f.exp if f.is_Pow else sympy.S.One for f in factors]
        powers = [abs(int(e)) if e.is_Integer else 1
                  for b, e in zip(bases, exponents) if isinstance(b, trig)]
        products |= sum(powers) >= 2
        quotients |= len(powers) >= 2 and any(
            isinstance(b, trig) and e.is_negative for b, e in zip(bases, exponents))
    fu = importlib.import_module("sympy.simplify.fu")
    return ([fu.TR8] if products else []) + ([fu.TR2i] if quotients else [])


def _attempt(rewrite, expr):
    """``rewrite(expr)``, or None when SymPy cannot apply it to this expression."""
    import sympy
    try:
        return rewrite(expr)
    except (sympy.PolynomialError, sympy.CoercionFailed, NotImplementedError, TypeError,
            ValueError, RecursionError):
        return None


@gc_paused
def simplify(var):
    """A simplified graph of the same value: the optimizer that ``function`` runs.

    Constant folding and identities on the DAG, then the canonical form of
    every elementwise region through SymPy (see the module docstring).

    Parameters
    ----------
    var : Variable or list of Variables

    Examples
    --------
    >>> import algrad, algrad.tensor as T
    >>> x = T.dscalar('x')
    >>> algrad.pp(algrad.simplify(T.grad(x ** 2, x)))
    '(TensorConstant{2.0} * x)'
    """
    from .convert import as_tensor_variable
    from .rewrite import optimize
    from .traversal import graph_inputs
    outputs = [as_tensor_variable(v) for v in (var if isinstance(var, (list, tuple)) else [var])]
    result = optimize(outputs, graph_inputs(outputs))
    return result if isinstance(var, (list, tuple)) else result[0]


# -- the region pass ---------------------------------------------------------------------

def canonicalize_regions(outputs, stop_at=()) -> list:
    """``outputs`` with every elementwise region replaced by its canonical form.

    Variables of ``stop_at`` are leaves: nothing above them is rewritten.

    Examples
    --------
    >>> import algrad, algrad.tensor as T
    >>> from algrad.simplify import canonicalize_regions
    >>> x, y = T.dscalar('x'), T.dscalar('y')
    >>> algrad.pp(canonicalize_regions([x * y / x + T.sin(y) ** 2 + T.cos(y) ** 2])[0])
    '(TensorConstant{1.0} + y)'
    """
    from .symbolic.regions import is_kernel_node, value_inputs
    stop = {id(v) for v in stop_at}

    def interior(node):
        return is_kernel_node(node) and id(node.outputs[0]) not in stop
    from .rewrite import MAX_GRAPH_NODES
    nodes = toposort(outputs, stop_at=stop_at)
    if len(nodes) > MAX_GRAPH_NODES:
        return list(outputs)
    value_uses, leaves_out, n_interior, sizes = {}, set(), 0, {}
    for node in nodes:
        if not interior(node):
            leaves_out.update(id(v) for v in node.inputs)
            continue
        n_interior += 1
        size = 1
        for v in value_inputs(node):
            value_uses[id(v)] = value_uses.get(id(v), 0) + 1
            size += sizes.get(id(v), 0)
        sizes[id(node.outputs[0])] = min(size, INLINE_BOUND + 1)  # ops as a tree, capped
    out_ids = {id(v) for v in outputs}
    roots = [n.outputs[0] for n in nodes if id(n.outputs[0]) in sizes
             and n.outputs[0].dtype.startswith("float")
             and (id(n.outputs[0]) in out_ids or id(n.outputs[0]) in leaves_out)]
    small = [r for r in roots if sizes[id(r)] <= INLINE_BOUND]
    # the regions of the bigger roots have at most as many nodes as all regions together
    shared = [r for r in roots if sizes[id(r)] > INLINE_BOUND] if n_interior <= SHARED_BOUND else []
    if not small and not shared:
        return list(outputs)  # only DAG rewrites for these: SymPy is not even imported
    replacements = RegionRewriter(value_uses, interior).rewrite(small, shared)
    if not replacements:
        return list(outputs)
    from .traversal import replace
    return replace(outputs, replacements)


#: what the mirror, SymPy or the way back may raise on a region they cannot handle; such a
#: region is left as it is (SymPy reports unsupported operands with TypeError and friends)
_NOT_HANDLED = (AlgradError, TypeError, ValueError, NotImplementedError, ArithmeticError,
                RecursionError)


class RegionRewriter:
    """Mirror region roots to SymPy, canonicalize them and build them back."""

    def __init__(self, value_uses, interior):
        import sympy
        from .symbolic.build import Builder
        from .symbolic.mirror import KernelMirror
        self.sympy = sympy
        self.value_uses = value_uses
        self.interior = interior
        self.leaf_vars = {}   # symbol -> leaf variable
        self.dummies = {}     # id(var) -> symbol
        self.names_taken = set()
        self.inline = KernelMirror(self.leaf, interior=interior)
        self.cut_ids = set()
        self.shared = KernelMirror(self.leaf, cut=self.cut_ids, cut_symbol=self.dummy,
                                   interior=interior)
        self.builder = Builder({})
        self.builder.float_numbers = True

    def dummy(self, var):
        """The symbol of a leaf or a shared variable, unique within this rewrite.

        Plain symbols rather than ``Dummy``: SymPy caches them, and their
        assumptions are derived once.
        """
        if id(var) not in self.dummies:
            from .symbolic.mirror import symbol_for
            name, k = var.name or "v", 0
            while name in self.names_taken:
                k += 1
                name = f"{var.name or 'v'}_{k}"
            self.names_taken.add(name)
            self.dummies[id(var)] = symbol_for(var, name)
        return self.dummies[id(var)]

    def leaf(self, var):
        from .symbolic.mirror import uniform_value
        from .symbolic.table import constant_to_sympy
        if isinstance(var, Constant):
            value = uniform_value(var)
            if value is not None:
                return constant_to_sympy(value)
        sym = self.dummy(var)
        self.leaf_vars[sym] = var
        self.builder.by_symbol[sym] = var
        return sym

    def rewrite(self, small, big) -> dict:
        """Replacements for roots mirrored whole (``small``) and node by node (``big``)."""
        replacements = {}
        for root in small:
            try:
                expr, size, mirror_size = canonical_form_and_sizes(
                    self._finite(self.inline.expr(root)))
                self._offer(root, self.builder.build(expr), replacements, size < mirror_size)
            except _NOT_HANDLED:
                continue  # no faithful mirror or way back: the root stays as it is
        if big:
            try:
                self._rewrite_big(big, replacements)
            except _NOT_HANDLED:
                pass
        return replacements

    def _rewrite_big(self, roots, replacements):
        root_ids = {id(r) for r in roots}
        region = [n for n in toposort(roots) if self.interior(n)]
        for node in region:
            v = node.outputs[0]
            if self.value_uses.get(id(v), 0) > 1 or id(v) in root_ids:
                self.cut_ids.add(id(v))
        built = {}
        for node in region:
            v = node.outputs[0]
            if id(v) in self.cut_ids:
                new = self.builder.build(self._finite(self.shared.expr(v)))
                built[id(v)] = new
                self.builder.by_symbol[self.dummy(v)] = new
        for root in roots:
            self._offer(root, built[id(root)], replacements)

    def _finite(self, expr):
        """``expr``, or ArithmeticError when SymPy folded it into an infinity or NaN.

        SymPy's arithmetic is not IEEE's: ``x / 0.0`` becomes ``zoo * x``,
        which has no faithful way back (NumPy gives -inf, nan or inf by the
        sign of x), so such a region is left as it is.
        """
        S = self.sympy.S
        special = (S.ComplexInfinity, S.NaN, S.Infinity, S.NegativeInfinity)
        seen, stack = set(), [expr]
        while stack:  # a walk of the DAG: expr.has() would walk shared parts once per use
            e = stack.pop()
            if id(e) in seen:
                continue
            seen.add(id(e))
            if any(e is s for s in special):
                raise ArithmeticError("the mirror holds an infinity or NaN")
            stack.extend(e.args)
        return expr

    def _offer(self, root, new, replacements, simpler=False):
        """Take ``new`` for ``root`` if it has root's type and is no bigger.

        A form that is algebraically ``simpler`` (fewer ops as a tree) may
        take a few more nodes as a DAG: ``(3x^2 - 1) / (2 x^{3/2})`` against
        ``3 sqrt(x) / 2 - 1 / (2 x^{3/2})``.
        """
        fitted = fit_type(new, root, shape_leaves(root, self.interior))
        if fitted is None or fitted is root:
            return
        stop = list(self.leaf_vars.values())
        new_size = len(toposort([fitted], stop_at=stop))
        old_size = len(toposort([root], stop_at=stop))
        if new_size <= old_size or (simpler and new_size <= old_size + SIMPLER_SLACK):
            replacements[root] = fitted


def shape_leaves(root, interior) -> list:
    """The variables outside the region that give ``root`` its shape (fill models too)."""
    seen, leaves, stack = set(), [], [root]
    while stack:
        v = stack.pop()
        if id(v) in seen:
            continue
        seen.add(id(v))
        if v.owner is not None and interior(v.owner):
            stack.extend(v.owner.inputs)
        elif not isinstance(v, Constant) or v.ndim:
            leaves.append(v)
    return leaves


def fit_type(new, old, leaves):
    """``new`` made to have ``old``'s dtype and static shape, or None if it cannot.

    A canonical form may no longer read a variable that gave the result its
    shape (``x - x`` is 0): such leaves are put back with ``fill``.
    """
    from .ops import elementwise as ew
    from .types import broadcast_static_shapes
    if new.ndim > old.ndim:
        return None
    target = old.type.shape

    def shape_of(v):
        return (1,) * (old.ndim - v.ndim) + v.type.shape
    if shape_of(new) != target:
        for leaf in sorted(leaves, key=lambda v: v.uid):
            if leaf.ndim > old.ndim:
                continue
            current = shape_of(new)
            merged = broadcast_static_shapes([current, shape_of(leaf)])
            if merged != current and all(m == t or m == 1 for m, t in zip(merged, target)):
                new = ew.fill(leaf, new)
            if shape_of(new) == target:
                break
    if shape_of(new) != target:
        return None
    if new.ndim < old.ndim:
        from .ops.dimshuffle import pad_left
        new = pad_left(new, old.ndim)
    if new.dtype != old.dtype:
        new = ew.cast(new, old.dtype)
    return new if new.type == old.type else None
