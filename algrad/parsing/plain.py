"""``algrad.parse``: formulas in plain math syntax, as typed on a keyboard.

Names
-----
A word (letters, then optional digits: ``x``, ``x2``, ``theta``) is, in
this order: a variable passed in ``variables``; a function of the
allow-list (:mod:`.functions`); the constant ``pi`` or ``e``; a Greek
letter's name or a single letter, which name a variable.  ``x_1`` and
``x_{12}`` name variables too.  Any other word of several letters is read
as the product of its letters, as mathematics writes ``xy``, with an
:class:`~.text.AmbiguityWarning` naming that reading; a word hiding a
function name is refused with the likely meaning (``sinx``: did you mean
``sin x``?), and so is an unknown word called like a function (``foo(x)``).

Numbers are decimals with an optional exponent (``1.5e-3``); ``2e`` and
``2ex`` are ``2*e`` and ``2*e*x``.  ``**`` is ``^``; ``log`` is the natural
logarithm, ``log(x, b)``, ``log_b x`` and ``log_b(x)`` take a base.  The
Unicode signs ``−``, ``·``, ``×``, ``π`` and ``√`` are read as ``-``,
``*``, ``*``, ``pi`` and ``sqrt``, superscript integers as powers (``x²``,
``sin⁻¹ x``), and Greek letters as the variables of their names (``θ`` is
``theta``).
"""
from __future__ import annotations

import re
import warnings

from . import functions
from .build import build, declared_variables, share_new_names
from .grammar import read
from .text import AmbiguityWarning, check_text, fail, quoted, shown
from .tree import Token

_TOKEN = re.compile(r"""
    (?P<space>[\s\u00a0\u2009\u202f]+)
  | (?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<word>[A-Za-z]+\d*)
  | (?P<power>\*\*)
  | (?P<op>[-+*/^])
  | (?P<open>[(\[{])
  | (?P<close>[)\]}])
  | (?P<bar>\|)
  | (?P<comma>,)
  | (?P<unicode>[\u2212\u00b7\u00d7\u03c0\u221a])
  | (?P<superscript>[\u2070\u00b9\u00b2\u00b3\u2074-\u2079\u207b]+)
  | (?P<greek>[\u0391-\u03a9\u03b1-\u03c9])
""", re.VERBOSE | re.ASCII)
_SUBSCRIPT = re.compile(r"_(?:\{([A-Za-z0-9]+)\}|([A-Za-z0-9]+))")
_UNICODE = {"\u2212": ("op", "-"), "\u00b7": ("op", "*"), "\u00d7": ("op", "*"),
            "\u03c0": ("const", "pi"), "\u221a": ("func", "sqrt")}
_SUPERSCRIPTS = str.maketrans("\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079\u207b",
                              "0123456789-")
_HINTS = {"=": "; a formula is an expression, not an equation",
          "!": "; factorials are not read", "'": "; quotes and primes are not read",
          '"': "; quotes are not read", "_": "; '_' only follows a name (x_1) or log (log_2 x)"}


def tokenize(text: str, declared: dict):
    """The tokens of ``text`` and the notes on ambiguous words it had to split."""
    tokens, notes = [], []
    index = 0
    while index < len(text):
        match = _TOKEN.match(text, index)
        if match is None:
            char = text[index]
            fail(text, index, f"unexpected {quoted(char)}{_HINTS.get(char, '')}")
        kind, value, end = match.lastgroup, match.group(), match.end()
        if kind == "word":
            end = _word(text, match, declared, tokens, notes)
        elif kind == "power":
            tokens.append(Token("op", "^", index, end))
        elif kind == "unicode":
            tokens.append(Token(*_UNICODE[value], index, end))
        elif kind == "superscript":
            _superscript(text, index, end, tokens)
        elif kind == "greek":
            tokens.append(Token("name", _greek_name(text, index), index, end))
        elif kind != "space":
            tokens.append(Token(kind, value, index, end))
        index = end
    tokens.append(Token("end", "", len(text), len(text)))
    return tokens, notes


def _superscript(text, start, end, tokens):
    """``x²`` and ``x⁻¹``: the tokens of ``^(2)`` and ``^(-1)``, bracketed as they are set."""
    digits = text[start:end].translate(_SUPERSCRIPTS)
    if not re.fullmatch(r"-?[0-9]+", digits):
        fail(text, start, f"the superscript {shown(text[start:end])} is not a whole number")
    tokens.append(Token("op", "^", start, start))
    tokens.append(Token("open", "(", start, start))
    if digits.startswith("-"):
        tokens.append(Token("op", "-", start, start + 1))
    tokens.append(Token("num", digits.lstrip("-"), end - len(digits.lstrip("-")), end))
    tokens.append(Token("close", ")", end, end))


def _greek_name(text, index) -> str:
    """``θ`` is ``theta``, ``Δ`` is ``Delta``: the names the LaTeX reader gives them."""
    import unicodedata
    words = unicodedata.name(text[index], "").split()
    name = words[-1].lower() if "SMALL" in words else words[-1].capitalize() if words else ""
    if name not in functions.GREEK:
        fail(text, index, f"unexpected {quoted(text[index])}")
    return name


def _word(text, match, declared, tokens, notes) -> int:
    """Add the tokens of one word (and its subscript); return where it ends."""
    word, start, end = match.group(), match.start(), match.end()
    subscript = _SUBSCRIPT.match(text, end)
    if subscript is not None and word != "log":
        name = f"{word}_{subscript.group(1) or subscript.group(2)}"
        if word in functions.FUNCTION_NAMES or word in functions.CONSTANT_NAMES:
            fail(text, end, f"only log takes a base after '_', not {shown(word)}")
        tokens.append(Token("name", name, start, subscript.end()))
        return subscript.end()
    if word == "log" and end < len(text) and text[end] == "_":
        tokens.append(Token("func", word, start, end))
        tokens.append(Token("sub", "_", end, end + 1))
        return end + 1
    kind = _word_kind(word, declared)
    if kind is not None:
        tokens.append(Token(kind, word, start, end))
        return end
    _check_unknown_word(text, word, start, end)
    parts = functions.segment(word)
    notes.append(f"{shown(word)} is read as the product {'*'.join(parts)}; pass "
                 f"variables={{{word!r}: ...}} to read it as one variable")
    offset = start
    for part in parts:
        kind = "const" if part == "e" else "name"
        tokens.append(Token(kind, part, offset, offset + len(part)))
        offset += len(part)
    return end


def _word_kind(word: str, declared: dict):
    if word in declared:
        return "name"
    if word in functions.FUNCTION_NAMES:
        return "func"
    if word in functions.CONSTANT_NAMES:
        return "const"
    if word in functions.GREEK or len(word.rstrip("0123456789")) == 1:
        return "name"
    return None


def _check_unknown_word(text, word, start, end):
    parts = functions.segment(word)
    if functions.holds_known_name(word):
        what = "function" if parts[0] in functions.FUNCTION_NAMES else "name"
        fail(text, start, f"unknown {what} {shown(word)}; did you mean {' '.join(parts)!r}?")
    if text[end:end + 1] == "(":
        fail(text, start, f"unknown function {shown(word)}")


def parse(text, variables=None):
    """Read a formula in plain math syntax into an algrad expression.

    Parameters
    ----------
    text : str
        The formula: ``x^2 sin(x)``, ``2x + 1``, ``e^-x``, ``log_2 x``,
        ``sin^2 x``, ``|x|``.  See :mod:`algrad.parsing` for the grammar.
    variables : dict or list, optional
        Variables to use for names, ``{'x': x}`` or ``[x, y]`` (by their
        names).  Other names become new float64 scalars ``T.dscalar(name)``,
        one per name; a dict passed here receives them, so that formulas
        read with the same dict share their variables.

    Returns
    -------
    Variable
        The expression; ``algrad.graph_inputs(expr)`` lists its variables.

    Raises
    ------
    ParseError
        When the text is not a formula; the message gives the column and
        what was expected there.

    Examples
    --------
    >>> import algrad
    >>> f = algrad.parse('x^2 sin x')
    >>> algrad.graph_inputs(f)
    [x]
    >>> fn = algrad.function(algrad.graph_inputs(f), f)
    >>> round(float(fn(2.0)), 6)
    3.63719
    >>> names = {}
    >>> f, df = algrad.parse('x^3', names), algrad.parse('3x^2', names)
    >>> algrad.graph_inputs(df)[0] is names['x'] is algrad.graph_inputs(f)[0]
    True
    >>> algrad.parse('1/2x')
    Traceback (most recent call last):
    ...
    algrad.errors.ParseError: column 4: '1/2x' is ambiguous: it reads as (1/2)x or as 1/(2x); ...
    """
    names = declared_variables(variables)
    text = check_text(text)
    tokens, notes = tokenize(text, names)
    expr = build(read(text, tokens, latex=False), names)
    share_new_names(variables, names)
    for note in notes:
        warnings.warn(note, AmbiguityWarning, stacklevel=2)
    return expr
