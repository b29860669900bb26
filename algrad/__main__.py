"""``python -m algrad`` and the ``algrad`` command: a short demonstration."""
from __future__ import annotations

import sys


def demo() -> str:
    import algrad
    import algrad.tensor as T
    x = T.dscalar("x")
    y = x ** 2
    gy = T.grad(y, x)
    f = algrad.function([x], gy)
    lines = [
        "y = x ** 2",
        f"pp(T.grad(y, x)) = {algrad.pp(gy)}",
        f"compiled:          {algrad.pp(f.maker.fgraph.outputs[0])}",
        f"dy/dx at x = 4:    {f(4)}",
    ]
    return "\n".join(lines)


def main(argv=None) -> int:
    from .cli import main as cli_main
    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
