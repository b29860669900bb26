"""A corpus of textbook derivative exercises, as plain data.

Each entry has an ``id``, the expression ``expr`` in plain Python syntax over
the names of ``algrad.tensor`` (``sin``, ``exp``, ``arctan``, ``sqrt``, ...)
and the variables, the ``variables`` it is differentiated with respect to
(each one is an exercise of its own), a ``topic`` tag, and a ``domain``: an
interval in which to sample every variable, inside the real domain of the
function and of its derivative.

:func:`build_algrad` and :func:`build_sympy` turn an expression into an
algrad graph or a SymPy expression by walking its Python syntax tree with
an allow-list of names (no ``eval``).  Integer literals divide exactly on
the SymPy side, so ``x**(1/3)`` is a cube root there.
"""
from __future__ import annotations

import ast
import operator

TOPICS = ("power", "product", "quotient", "chain", "exp_log", "trig", "inverse_trig",
          "hyperbolic", "rational_exponent", "multivariate")


def _e(id, expr, topic, domain=(-2.0, 2.0), variables=("x",)):
    return {"id": id, "expr": expr, "variables": tuple(variables), "topic": topic,
            "domain": domain}


POS = (0.2, 3.0)
UNIT = (-0.9, 0.9)

EXERCISES = [
    _e("power-monomial", "x**5", "power"),
    _e("power-polynomial", "3*x**4 - 2*x**3 + x - 7", "power"),
    _e("power-negative", "1/x**3", "power", POS),
    _e("power-of-sum", "(x**2 + 1)**3", "power"),
    _e("power-mixed", "5*x**7 - 4/x**2", "power", POS),
    _e("product-poly-sin", "x**2*sin(x)", "product"),
    _e("product-x-exp", "x*exp(x)", "product"),
    _e("product-polys", "(x**2 + 1)*(x**3 - x)", "product"),
    _e("product-x-log", "x*log(x)", "product", POS),
    _e("product-exp-cos", "exp(x)*cos(x)", "product"),
    _e("quotient-linear", "x/(x + 1)", "quotient", POS),
    _e("quotient-rational", "(x**2 - 1)/(x**2 + 1)", "quotient"),
    _e("quotient-sinc", "sin(x)/x", "quotient", POS),
    _e("quotient-logistic", "1/(1 + exp(-x))", "quotient"),
    _e("quotient-exp", "exp(x)/(1 + exp(x))", "quotient"),
    _e("quotient-quadratic", "(2*x + 3)/(x**2 - 4*x + 5)", "quotient"),
    _e("chain-sin-square", "sin(x**2)", "chain"),
    _e("chain-linear-power", "(3*x + 1)**5", "chain"),
    _e("chain-exp-sin", "exp(sin(x))", "chain"),
    _e("chain-cos-exp", "cos(exp(x))", "chain"),
    _e("chain-sqrt", "sqrt(1 + x**2)", "chain"),
    _e("chain-log-cos", "log(cos(x))", "chain", (-1.2, 1.2)),
    _e("exp-double", "exp(2*x)", "exp_log"),
    _e("log-quadratic", "log(x**2 + 1)", "exp_log"),
    _e("exp-base-two", "2**x", "exp_log"),
    _e("log-over-x", "log(x)/x", "exp_log", POS),
    _e("exp-power-tower", "x**x", "exp_log", POS),
    _e("exp-gaussian", "exp(-x**2/2)", "exp_log"),
    _e("trig-tan", "tan(x)", "trig", (-1.2, 1.2)),
    _e("trig-sin-cos", "sin(x)*cos(x)", "trig"),
    _e("trig-sin-squared", "sin(x)**2", "trig"),
    _e("trig-sec", "1/cos(x)", "trig", (-1.2, 1.2)),
    _e("trig-cot", "cos(x)/sin(x)", "trig", (0.2, 2.9)),
    _e("trig-affine", "sin(3*x + 1)", "trig"),
    _e("inverse-arcsin", "arcsin(x)", "inverse_trig", UNIT),
    _e("inverse-arccos", "arccos(2*x)", "inverse_trig", (-0.45, 0.45)),
    _e("inverse-arctan-square", "arctan(x**2)", "inverse_trig"),
    _e("inverse-x-arctan", "x*arctan(x)", "inverse_trig"),
    _e("inverse-arcsin-sqrt", "arcsin(sqrt(x))", "inverse_trig", (0.1, 0.9)),
    _e("hyperbolic-sinh", "sinh(x)", "hyperbolic"),
    _e("hyperbolic-cosh-squared", "cosh(x)**2", "hyperbolic"),
    _e("hyperbolic-tanh", "tanh(x)", "hyperbolic"),
    _e("hyperbolic-arcsinh", "arcsinh(x)", "hyperbolic"),
    _e("hyperbolic-arctanh", "arctanh(x/2)", "hyperbolic", (-1.5, 1.5)),
    _e("hyperbolic-arccosh", "arccosh(x)", "hyperbolic", (1.1, 3.0)),
    _e("rational-cube-root", "x**(1/3)", "rational_exponent", POS),
    _e("rational-sum", "x**(3/2) + x**(-1/2)", "rational_exponent", POS),
    _e("rational-chain", "(1 + x)**(2/3)", "rational_exponent", POS),
    _e("rational-inverse-sqrt", "1/sqrt(x)", "rational_exponent", POS),
    _e("multi-poly-sin", "x**2*y + sin(y)", "multivariate", variables=("x", "y")),
    _e("multi-exp", "exp(x*y)", "multivariate", (-1.0, 1.0), ("x", "y")),
    _e("multi-harmonic", "x*y/(x + y)", "multivariate", POS, ("x", "y")),
    _e("multi-log-norm", "log(x**2 + y**2)", "multivariate", POS, ("x", "y")),
    _e("multi-norm", "sqrt(x**2 + y**2)", "multivariate", POS, ("x", "y")),
    _e("multi-trig-poly", "sin(x)*cos(y) + x*y**3", "multivariate", variables=("x", "y")),
]

_BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
           ast.Div: operator.truediv, ast.Pow: operator.pow}
_UNARY = {ast.USub: operator.neg, ast.UAdd: operator.pos}


def build(text, names, number):
    """Walk the Python syntax tree of ``text``: ``names`` maps the allowed names.

    ``number(value)`` turns a numeric literal into a leaf.
    """
    def walk(node):
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            return _BINARY[type(node.op)](walk(node.left), walk(node.right))
        if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
            return _UNARY[type(node.op)](walk(node.operand))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
            return names[node.func.id](*[walk(a) for a in node.args])
        if isinstance(node, ast.Name):
            return names[node.id]
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return number(node.value)
        raise ValueError(f"{text!r}: {ast.dump(node)} is not allowed in an exercise")
    return walk(ast.parse(text, mode="eval"))


FUNCTION_NAMES = ("sin", "cos", "tan", "exp", "log", "sqrt", "arcsin", "arccos", "arctan",
                  "sinh", "cosh", "tanh", "arcsinh", "arccosh", "arctanh")


def build_algrad(entry, variables):
    """The algrad expression of an exercise over ``{name: Variable}``."""
    import algrad.tensor as T
    names = {name: getattr(T, name) for name in FUNCTION_NAMES}
    names.update(variables)

    def number(value):
        return value  # Python numbers: weak constants, as a user would write them
    return build(entry["expr"], names, number)


def build_sympy(entry, symbols):
    """The SymPy expression of an exercise over ``{name: Symbol}`` (an independent reference)."""
    import sympy
    names = {"sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan, "exp": sympy.exp,
             "log": sympy.log, "sqrt": sympy.sqrt, "arcsin": sympy.asin, "arccos": sympy.acos,
             "arctan": sympy.atan, "sinh": sympy.sinh, "cosh": sympy.cosh, "tanh": sympy.tanh,
             "arcsinh": sympy.asinh, "arccosh": sympy.acosh, "arctanh": sympy.atanh}
    names.update(symbols)

    def number(value):
        return sympy.Integer(value) if isinstance(value, int) else sympy.Float(value)
    return build(entry["expr"], names, number)


def cases():
    """Every (exercise, variable) pair: one derivative each."""
    return [(entry, v) for entry in EXERCISES for v in entry["variables"]]
