"""What both parsers share about the raw text: bounds, positions, errors.

The bounds are checked before any tokenizing, so hostile input (a megabyte
of text, control characters) is refused in time proportional to a scan.
"""
from __future__ import annotations

from ..errors import AlgradTypeError, ParseError

MAX_LENGTH = 10_000  # characters; a textbook formula is far shorter
MAX_DEPTH = 100  # nested groups, function arguments and exponents

_ALLOWED_CONTROL = "\t\n\r"


class AmbiguityWarning(UserWarning):
    """A formula was read one way although another reading exists."""


def position(text: str, index: int) -> str:
    """``column C`` (1-based), or ``line L, column C`` in a text of several lines."""
    line = text.count("\n", 0, index)
    if line == 0:
        return f"column {index + 1}"
    column = index - text.rfind("\n", 0, index)
    return f"line {line + 1}, column {column}"


def fail(text: str, index: int, message: str):
    """Raise a ParseError for ``message`` at character ``index`` of ``text``."""
    raise ParseError(f"{position(text, index)}: {message}", text, index + 1)


def check_text(text) -> str:
    """Refuse what no formula contains before reading any further.

    Examples
    --------
    >>> check_text("x + 1")
    'x + 1'
    >>> check_text("x\\x00")
    Traceback (most recent call last):
    ...
    algrad.errors.ParseError: column 2: the control character U+0000 is not allowed in a formula
    """
    if not isinstance(text, str):
        raise AlgradTypeError(f"a formula must be a string, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ParseError(f"the formula has {len(text)} characters; at most {MAX_LENGTH} are read")
    for index, char in enumerate(text):
        if (char < " " and char not in _ALLOWED_CONTROL) or "\x7f" <= char <= "\x9f":
            fail(text, index,
                 f"the control character U+{ord(char):04X} is not allowed in a formula")
    if not text.strip():
        raise ParseError("the formula is empty", text, 1)
    return text


def shown(text: str, limit: int = 30) -> str:
    """``text`` quoted for a message, shortened past ``limit`` characters."""
    if len(text) > limit:
        text = text[:limit] + "..."
    return f"'{text}'"


def quoted(char: str) -> str:
    """One character quoted for a message: ``'='``, ``"'"``, ``'\\'``."""
    return repr(char) if char == "'" or not char.isprintable() else f"'{char}'"
