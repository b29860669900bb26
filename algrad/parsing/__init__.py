"""Safe reading of formulas: plain math syntax and the LaTeX of textbooks.

:func:`parse` reads ``x^2 sin(x)`` and :func:`parse_latex` reads
``x^{2}\\sin x``; both return an algrad expression whose free names are
float64 scalars.  Neither hands any part of the text to Python or SymPy
(no ``eval``, ``exec``, ``sympify`` or ``parse_expr``): each has its own
tokenizer with an explicit list of what it reads (:mod:`.plain`,
:mod:`.latex`), and both share one grammar (:mod:`.grammar`), a
recursive-descent parser written by hand.  It has no dependency, names the
column and what was expected in every error, names both readings of an
ambiguous input, and runs in time linear in the text; a parser generator
such as lark would add a dependency and generic error messages to a grammar
of a dozen rules.

The policies, each documented where it is applied:

* names: :mod:`.plain` (known words, then single letters; ``xy`` is a
  product with an :class:`AmbiguityWarning`; ``sinx`` is refused with
  ``did you mean 'sin x'?``) and :mod:`.latex` (TeX's one-letter names);
* precedence, function arguments without brackets, and the inputs refused
  as ambiguous (``1/2x``, ``e^2x``): :mod:`.grammar`;
* what each function means (``log`` is natural, ``sec x`` is ``1/cos x``,
  roots are principal powers): :mod:`.functions`;
* bounds (length, nesting) and errors: :mod:`.text`.

The package is named ``parsing`` so that ``algrad.parse`` stays the
function.
"""
from __future__ import annotations

from ..errors import ParseError  # noqa: F401
from .latex import parse_latex  # noqa: F401
from .plain import parse  # noqa: F401
from .text import AmbiguityWarning  # noqa: F401
