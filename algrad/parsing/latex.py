"""``algrad.parse_latex``: formulas in the LaTeX that textbooks and students write.

TeX's own reading is followed where it is firm: each letter is a variable
(``xy`` is ``x*y``), ``^``, ``_``, ``\\frac`` and ``\\sqrt`` take a braced
group or one token (``\\frac12`` is 1/2, ``e^x y`` is ``(e^x) y``), and
``e`` and ``\\pi`` are the constants (``\\mathrm{e}`` too).  Braces are
grouping, so ``\\sin{x}^{2}`` is ``sin(x^2)`` as TeX sets it, while
``\\sin(x)^{2}`` is ``(sin x)^2``.  Letters that
spell a function without its backslash (``sin x``) are refused with the
likely meaning, since TeX would set them as a product of letters.

Read: ``\\frac \\dfrac \\tfrac \\sqrt \\sqrt[n]``, the functions of
:mod:`.functions` as commands (``\\sin``, ``\\arcsin``, ``\\ln``,
``\\log_{2}``, ``\\exp``, ``\\sinh``, ...) or inside ``\\operatorname{}``
and ``\\mathrm{}``, Greek letters as variables (``\\theta``; ``x_1`` and
``\\theta_{0}`` are names), ``\\left( \\right)`` and the other delimiters,
``|x|``, ``\\lvert x \\rvert``, ``\\cdot \\times \\div``, spacing
(``\\, \\; \\! \\quad ~``) and surrounding ``$``.  Every other command is
refused by name, so ``\\input`` or ``\\def`` is never more than an error.
``\\lg`` is refused as ambiguous (base 10 by ISO 80000-2, base 2 in
computing).
"""
from __future__ import annotations

import re

from . import functions
from .build import build, declared_variables, share_new_names
from .grammar import read
from .text import check_text, fail, quoted, shown
from .tree import Token

_TOKEN = re.compile(r"""
    (?P<space>[\s\u00a0\u2009\u202f]+|~)
  | (?P<command>\\(?:[A-Za-z]+|.))
  | (?P<num>\d|\.(?=\d))
  | (?P<letters>[A-Za-z]+)
  | (?P<op>[-+*/^])
  | (?P<open>[(\[{])
  | (?P<close>[)\]}])
  | (?P<bar>\|)
  | (?P<sub>_)
  | (?P<comma>,)
  | (?P<dollar>\$)
""", re.VERBOSE | re.ASCII)
_SUBSCRIPT = re.compile(r"_(?:\{\s*([A-Za-z0-9]+)\s*\}|([A-Za-z0-9]))")
_NAMED = re.compile(r"\s*(?:\{\s*([A-Za-z]+)\s*\}|([A-Za-z]))")
_DELIMITER = re.compile(r"\s*(\\[{}]|\\[A-Za-z]+|[()\[\]|.])")

_SKIPPED = frozenset({",", ";", ":", "!", " ", "quad", "qquad", "displaystyle", "textstyle",
                      "big", "Big", "bigg", "Bigg", "limits", "nolimits"})
_OPERATORS = {"cdot": "*", "times": "*", "ast": "*", "div": "/"}
_FRACTIONS = frozenset({"frac", "dfrac", "tfrac", "cfrac"})
_OPENERS = frozenset({"left", "bigl", "Bigl", "biggl", "Biggl"})
_CLOSERS = frozenset({"right", "bigr", "Bigr", "biggr", "Biggr"})
_NAMING = frozenset({"mathrm", "operatorname", "mathit", "textrm", "text"})
_DELIMITERS = {"(": "(", ")": ")", "[": "[", "]": "]", "|": "|", "\\{": "{", "\\}": "}",
               "\\lbrace": "{", "\\rbrace": "}", "\\lbrack": "[", "\\rbrack": "]",
               "\\vert": "|", "\\lvert": "|", "\\rvert": "|", "\\lparen": "(", "\\rparen": ")"}
_SINGLE = {"lvert": ("open", "|"), "rvert": ("close", "|"), "vert": ("bar", "|"),
           "{": ("open", "{"), "}": ("close", "}"), "lbrace": ("open", "{"),
           "rbrace": ("close", "}"), "pi": ("const", "pi")}
_HINTS = {"=": "; a formula is an expression, not an equation", "&": "; alignment is not read",
          "%": "; comments are not read", "'": "; primes are not read",
          "!": "; factorials are not read"}


def tokenize(text: str, declared: dict) -> list:
    """The tokens of the LaTeX ``text``."""
    tokens = []
    first, last = _math_span(text)
    index = 0
    while index < len(text):
        match = _TOKEN.match(text, index)
        if match is None:
            char = text[index]
            fail(text, index, f"unexpected {quoted(char)}{_HINTS.get(char, '')}")
        kind, value, end = match.lastgroup, match.group(), match.end()
        if kind == "command":
            end = _command(text, match, declared, tokens)
        elif kind == "letters":
            end = _letters(text, match, tokens)
        elif kind == "dollar":
            if first <= index <= last:
                fail(text, index, "unexpected '$' inside the formula")
        elif kind != "space":
            tokens.append(Token(kind, value, index, end))
        index = end
    tokens.append(Token("end", "", len(text), len(text)))
    return tokens


def _math_span(text):
    """The first and last index that are neither space nor a surrounding '$'."""
    first, last = 0, len(text) - 1
    while first <= last and (text[first] == "$" or text[first].isspace()):
        first += 1
    while last >= first and (text[last] == "$" or text[last].isspace()):
        last -= 1
    return first, last


def _letters(text, match, tokens) -> int:
    """Each letter a variable, ``e`` the constant; ``sin`` without a backslash is refused."""
    run, start, end = match.group(), match.start(), match.end()
    if functions.holds_known_name(run):
        meant = " ".join("\\" + p if len(p) > 1 else p for p in functions.segment(run))
        fail(text, start, f"unknown function {shown(run)} (TeX sets it as the letters "
                          f"{' '.join(run)}); did you mean {shown(meant)}?")
    for offset, letter in enumerate(run[:-1]):
        kind = "const" if letter == "e" else "name"
        tokens.append(Token(kind, letter, start + offset, start + offset + 1))
    return _name_with_subscript(text, run[-1], end - 1, end, tokens)


def _name_with_subscript(text, name, start, end, tokens) -> int:
    subscript = _SUBSCRIPT.match(text, end)
    if subscript is not None:
        name = f"{name}_{subscript.group(1) or subscript.group(2)}"
        tokens.append(Token("name", name, start, subscript.end()))
        return subscript.end()
    kind = "const" if name == "e" else "name"
    tokens.append(Token(kind, name, start, end))
    return end


def _command(text, match, declared, tokens) -> int:
    """Add the token of one command; return where it (and what it takes) ends."""
    start, end = match.start(), match.end()
    name = match.group()[1:]
    if name in _SKIPPED:
        return end
    if name in _OPERATORS:
        tokens.append(Token("op", _OPERATORS[name], start, end))
    elif name in _FRACTIONS:
        tokens.append(Token("frac", name, start, end))
    elif name == "sqrt":
        tokens.append(Token("sqrt", name, start, end))
    elif name in _OPENERS or name in _CLOSERS:
        return _delimiter(text, start, end, "open" if name in _OPENERS else "close", tokens)
    elif name in _SINGLE:
        tokens.append(Token(*_SINGLE[name], start, end))
    elif name in _NAMING:
        return _named(text, start, end, declared, tokens)
    elif name == "lg":
        fail(text, start, "'\\lg' is ambiguous: log base 10 (ISO 80000-2) or base 2; "
                          "write \\log_{10} or \\log_{2}")
    elif name in functions.FUNCTION_NAMES:
        tokens.append(Token("func", name, start, end))
    elif name in functions.GREEK:
        return _name_with_subscript(text, name, start, end, tokens)
    else:
        fail(text, start, f"unknown command {shown(match.group())}")
    return end


def _delimiter(text, start, end, kind, tokens) -> int:
    """``\\left(``, ``\\right|``, ``\\bigl[``: the delimiter after a sizing command."""
    match = _DELIMITER.match(text, end)
    command = text[start:end]
    if match is None or match.group(1) not in _DELIMITERS:
        what = "the end" if match is None else shown(match.group(1))
        fail(text, end, f"expected a delimiter such as '(' after {shown(command)}, found {what}")
    value = _DELIMITERS[match.group(1)]
    tokens.append(Token(kind, value, start, match.end()))
    return match.end()


def _named(text, start, end, declared, tokens) -> int:
    """``\\mathrm{e}``, ``\\operatorname{arsinh}``, ``\\mathrm{x}``: a name in a font."""
    match = _NAMED.match(text, end)
    command = text[start:end]
    if match is None:
        fail(text, end, f"expected '{{' and a name after {shown(command)}")
    word = match.group(1) or match.group(2)
    if word in ("e", "pi"):
        tokens.append(Token("const", word, start, match.end()))
    elif word in functions.FUNCTION_NAMES:
        tokens.append(Token("func", word, start, match.end()))
    elif word in declared or word in functions.GREEK or len(word) == 1:
        tokens.append(Token("name", word, start, match.end()))
    else:
        fail(text, start, f"unknown function {shown(command + '{' + word + '}')}")
    return match.end()


def parse_latex(text, variables=None):
    """Read a formula written in LaTeX into an algrad expression.

    Parameters
    ----------
    text : str
        The formula: ``\\frac{x^{2}}{2}``, ``e^{-x}\\sin x``,
        ``\\sqrt[3]{x}``, ``\\ln\\left|x\\right|``.  See
        :mod:`algrad.parsing.latex` for what is read.
    variables : dict or list, optional
        Variables to use for names, ``{'x': x}`` or ``[x, y]``.  Other
        names become new float64 scalars, one per name (``\\theta`` is
        ``theta``, ``x_{1}`` is ``x_1``); a dict passed here receives them.

    Returns
    -------
    Variable
        The expression.

    Raises
    ------
    ParseError
        When the text is not a formula, with the column and what was expected.

    Examples
    --------
    >>> import algrad
    >>> f = algrad.parse_latex(r'\\frac{1}{2} x^{2} + \\sin^{2} x')
    >>> fn = algrad.function(algrad.graph_inputs(f), f)
    >>> round(float(fn(1.0)), 6)
    1.208073
    >>> algrad.parse_latex(r'\\sqrt{x')
    Traceback (most recent call last):
    ...
    algrad.errors.ParseError: column 8: expected '}' to close the '{' at column 6
    """
    names = declared_variables(variables)
    text = check_text(text)
    expr = build(read(text, tokenize(text, names), latex=True), names)
    share_new_names(variables, names)
    return expr
