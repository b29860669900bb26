"""algrad: derivatives as closed forms and as fast compiled functions.

The public names follow Theano's, so that ``import algrad as theano`` and
``import algrad.tensor as T`` run Theano code.  Importing algrad loads
neither Numba nor SymPy: each is imported when first needed.
"""
from __future__ import annotations

__version__ = "0.1.0"

from . import gradient, tensor  # noqa: F401
from .errors import (  # noqa: F401
    AlgradError, AlgradIndexError, AlgradTypeError, ArgumentError, DisconnectedInputError,
    InputError, MissingLoweringError, NoGradientError, ParseError, ShapeError)
from .forward import Rop  # noqa: F401
from .function import function  # noqa: F401
from .grad import Lop, grad  # noqa: F401
from .latex import latex  # noqa: F401
from .ops.scan import scan  # noqa: F401
from .parsing import parse, parse_latex  # noqa: F401
from .printing import debugprint, pp  # noqa: F401
from .simplify import simplify  # noqa: F401
from .sympy_bridge import from_sympy, to_sympy  # noqa: F401
from .teaching.check import check_derivative  # noqa: F401
from .teaching.steps import steps  # noqa: F401
from .traversal import clone_replace, graph_inputs  # noqa: F401
