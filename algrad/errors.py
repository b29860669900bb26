"""algrad's exception types.

Each subclasses the built-in exception a Python user would expect to catch,
so ``except TypeError`` keeps working while ``except AlgradError`` catches
everything algrad raises on purpose.
"""


class AlgradError(Exception):
    """Base class of the errors algrad raises on purpose."""


class AlgradTypeError(AlgradError, TypeError):
    """An argument or variable has the wrong type or dtype."""


class ShapeError(AlgradError, ValueError):
    """Shapes or ranks do not fit together."""


class InputError(AlgradError, ValueError):
    """A value passed to a compiled function does not fit its input."""


class DisconnectedInputError(AlgradError, ValueError):
    """A gradient was asked with respect to a variable the cost does not depend on."""


class NoGradientError(AlgradError, TypeError):
    """An op on the path from a variable to the cost has no derivative rule."""


class MissingLoweringError(AlgradError, NotImplementedError):
    """A backend has no implementation of an op."""
