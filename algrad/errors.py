"""algrad's exception types.

Each subclasses the built-in exception a Python user would expect to catch,
so ``except TypeError`` keeps working while ``except AlgradError`` catches
everything algrad raises on purpose.
"""


class AlgradError(Exception):
    """Base class of the errors algrad raises on purpose."""


class AlgradTypeError(AlgradError, TypeError):
    """An argument or variable has the wrong type or dtype."""


class ArgumentError(AlgradError, ValueError):
    """An argument has a value the function does not take: an unknown mode or choice, a count that does not match."""


class ShapeError(AlgradError, ValueError):
    """Shapes or ranks do not fit together."""


class AlgradIndexError(AlgradError, IndexError):
    """An index does not fit the variable: out of bounds, or more indices than it has axes."""


class InputError(AlgradError, ValueError):
    """A value passed to a compiled function does not fit its input."""


class DisconnectedInputError(AlgradError, ValueError):
    """A gradient was asked with respect to a variable the cost does not depend on."""


class NoGradientError(AlgradError, TypeError):
    """An op on the path from a variable to the cost has no derivative rule."""


class MissingLoweringError(AlgradError, NotImplementedError):
    """A backend has no implementation of an op."""


class ParseError(AlgradError, ValueError):
    """Text that is not a formula algrad reads.

    The message starts with the column (``column 7: expected ')' ...``);
    ``text`` and ``column`` (1-based) are kept, and ``caret`` shows the
    place under an excerpt of the text.
    """

    def __init__(self, message, text=None, column=None):
        super().__init__(message)
        self.text = text
        self.column = column

    @property
    def caret(self) -> str:
        """An excerpt of the text around the column, and a '^' under it."""
        if self.text is None or self.column is None:
            return ""
        index = min(self.column - 1, len(self.text))
        start = max(0, index - 40)
        line_start = self.text.rfind("\n", 0, index) + 1
        start = max(start, line_start)
        end = self.text.find("\n", index)
        end = min(len(self.text) if end < 0 else end, index + 40)
        excerpt = "".join(c if c.isprintable() else " " for c in self.text[start:end])
        return f"{excerpt}\n{' ' * (index - start)}^"
