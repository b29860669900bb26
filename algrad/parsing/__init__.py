"""Safe reading of formulas: plain math syntax and the LaTeX of textbooks.

:func:`parse` reads ``x^2 sin(x)`` and :func:`parse_latex` reads
``x^{2}\\sin x``; both return an algrad expression.  Neither hands any part
of the text to Python or SymPy: each reads it with its own tokenizer and
an allow-list grammar (:mod:`.grammar`) written by hand, a recursive-descent
parser of a dozen short methods.  It has no dependency, names the column
and what was expected in every error, reports the two readings of an
ambiguous input, and runs in time linear in the text.  A parser generator
would bring a dependency and generic error messages for a grammar this
small.

The text is bounded (:data:`.text.MAX_LENGTH` characters, nesting
:data:`.text.MAX_DEPTH` deep) and numbers are graph constants, never
evaluated while parsing.
"""
from __future__ import annotations

from ..errors import ParseError  # noqa: F401
from .latex import parse_latex  # noqa: F401
from .plain import parse  # noqa: F401
from .text import AmbiguityWarning  # noqa: F401
