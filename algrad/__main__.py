"""``python -m algrad`` (and ``algrad`` alone): a derivative shown and evaluated."""
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
        f"LaTeX:             {algrad.latex(y, wrt=x)}",
        f"dy/dx at x = 4:    {f(4)}",
        "",
        "More: algrad diff 'x^2 sin(x)' --at x=1.5, algrad steps 'x^x' x, algrad check FILE",
    ]
    return "\n".join(lines)


def main(argv=None) -> int:
    from .cli import main as cli_main
    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
