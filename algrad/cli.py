"""The ``algrad`` command: derivatives, derivations, worksheet checks and plots from the shell.

Errors are one line on stderr and a non-zero exit status, never a traceback.
"""
from __future__ import annotations

import argparse
import re
import sys

EXIT_OK, EXIT_WRONG, EXIT_ERROR = 0, 1, 2


class CommandError(Exception):
    """A problem with what the user asked: reported in one line."""


class _Parser(argparse.ArgumentParser):
    """argparse, with its usage errors in one line too, knowing every option name."""

    option_names = set()  # of the command and all its subcommands

    def add_argument(self, *names, **kwargs):
        _Parser.option_names.update(n for n in names if n.startswith("-"))
        return super().add_argument(*names, **kwargs)

    def error(self, message):
        self.exit(EXIT_ERROR, f"{self.prog}: {message} (see {self.prog} --help)\n")


_NUMBER = re.compile(r"-(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\Z")


def _formulas_kept_positional(argv):
    """``-x^2`` or ``-(x+1)`` read as a formula, not as an unknown option.

    argparse takes any argument that starts with '-' for an option unless
    it holds a space; a leading space, which the formula readers skip, keeps
    such an argument positional (:func:`_unshielded` takes it off again, so
    that error columns stay right).  Option names, whatever starts with '--',
    negative numbers and everything after '--' are left as they are.
    """
    out = list(argv)
    for k, arg in enumerate(out):
        if arg == "--":
            break
        if (len(arg) > 1 and arg.startswith("-") and not arg.startswith("--")
                and arg not in _Parser.option_names and not _NUMBER.match(arg)):
            out[k] = " " + arg
    return out


def _unshielded(args, argv):
    """The parsed arguments with the space of :func:`_formulas_kept_positional` taken off."""
    shielded = {" " + a for a in argv if a.startswith("-")}
    for name, value in vars(args).items():
        if isinstance(value, str) and value in shielded:
            setattr(args, name, value[1:])
        elif isinstance(value, list):
            setattr(args, name, [v[1:] if isinstance(v, str) and v in shielded else v for v in value])
    return args


def _shown(text, limit=40) -> str:
    """``text`` quoted for an error line: escaped, and shortened past ``limit`` characters."""
    return repr(text) if len(text) <= limit else f"{text[:limit]!r}... ({len(text)} characters)"


def _read_expression(text):
    """An algrad expression from plain math or LaTeX text, and its variables by name."""
    from .graph import Variable
    from .teaching.inputs import parse_text
    from .traversal import graph_inputs
    variables = {}
    expr = parse_text(text, variables)
    if not isinstance(expr, Variable):
        raise CommandError(f"could not read {_shown(text)} as a formula")
    names = {v.name: v for v in graph_inputs(expr)}
    return expr, names


def _point(assignments, names):
    values = {}
    for item in assignments or []:
        name, sep, value = item.partition("=")
        if not sep:
            raise CommandError(f"--at takes name=value, got {_shown(item)}")
        try:
            values[name.strip()] = float(value)
        except ValueError:
            raise CommandError(f"--at {_shown(item)}: {_shown(value)} is not a number") from None
    missing = [n for n in names if n not in values]
    if assignments and missing:
        raise CommandError(f"--at gives no value for {', '.join(missing)}")
    unknown = [n for n in values if n not in names]
    if unknown:
        raise CommandError(f"--at names {', '.join(unknown)}, which the formula does not use")
    return values


def cmd_diff(args) -> int:
    import algrad
    expr, names = _read_expression(args.expr)
    wrt = args.vars or sorted(names)
    if not wrt:
        raise CommandError("the formula has no variable to differentiate by")
    for name in wrt:
        if name not in names:
            raise CommandError(f"unknown variable {_shown(name)}: the formula's variables are "
                               f"{', '.join(sorted(names)) or 'none'}")
    if args.order < 1:
        raise CommandError("--order must be 1 or more")
    point = _point(args.at, names)
    inputs = [names[n] for n in sorted(names)]
    for name in wrt:
        d = expr
        for _ in range(args.order):
            d = algrad.grad(d, names[name])
        d = algrad.simplify(d)
        label = f"d{'^' + str(args.order) if args.order > 1 else ''}/d{name}"
        text = algrad.latex(d) if args.latex else str(algrad.to_sympy(d))
        line = f"{label} = {text}" if len(wrt) > 1 or not args.latex else text
        if point:
            f = algrad.function(inputs, d, mode="numpy")
            value = f(*[point[n] for n in sorted(names)])
            line += f"    ({'; '.join(f'{n}={point[n]:g}' for n in sorted(names))}: {float(value):.12g})"
        print(line)
    return EXIT_OK


def cmd_steps(args) -> int:
    import algrad
    expr, names = _read_expression(args.expr)
    if args.var not in names:
        raise CommandError(f"unknown variable {_shown(args.var)}: the formula's variables are "
                           f"{', '.join(sorted(names)) or 'none'}")
    derivation = algrad.steps(expr, names[args.var])
    render = {"text": derivation.to_text, "markdown": derivation.to_markdown,
              "latex": derivation.to_latex}[args.format]
    print(render())
    return EXIT_OK


def cmd_check(args) -> int:
    from .teaching.report import as_json, as_table, check_text
    try:
        with open(args.file, encoding="utf-8") as handle:
            source = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        print(f"algrad: cannot read {args.file}: {getattr(exc, 'strerror', None) or exc}",
              file=sys.stderr)
        return EXIT_ERROR
    progress = None
    if sys.stderr.isatty() and not args.json:
        def progress(done, total):
            print(f"\rchecking claim {done}/{total}", end="" if done < total else "\n",
                  file=sys.stderr, flush=True)
    rows = check_text(source, progress)
    print(as_json(rows) if args.json else as_table(rows))
    return EXIT_OK if all(r["verdict"] == "correct" for r in rows) else EXIT_WRONG


def cmd_plot(args) -> int:
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise CommandError("plotting needs matplotlib: pip install 'algrad[plot]'") from None
    import numpy as np
    import algrad
    expr, names = _read_expression(args.expr)
    if args.var not in names:
        raise CommandError(f"unknown variable {_shown(args.var)}: the formula's variables are "
                           f"{', '.join(sorted(names)) or 'none'}")
    if len(names) > 1:
        raise CommandError(f"plot needs a formula of {args.var} alone; it also uses "
                           f"{', '.join(n for n in sorted(names) if n != args.var)}")
    lo, hi = args.range
    if not lo < hi:
        raise CommandError(f"--range needs A < B, got {lo:g} {hi:g}")
    x = names[args.var]
    f = algrad.function([x], [expr, algrad.simplify(algrad.grad(expr, x))], mode="numpy")
    xs = np.linspace(lo, hi, 400)
    values = [f(v) for v in xs]
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(xs, [float(v[0]) for v in values], label=f"f({args.var})")
    ax.plot(xs, [float(v[1]) for v in values], label=f"f'({args.var})")
    ax.set_xlabel(args.var)
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(args.output)
    print(f"wrote {args.output}")
    return EXIT_OK


def build_parser():
    parser = _Parser(prog="algrad", description="Derivatives: closed forms, "
                     "step-by-step derivations, worksheet checks and plots.")
    sub = parser.add_subparsers(dest="command")
    p = sub.add_parser("diff", help="print a derivative and its value at a point")
    p.add_argument("expr", help="the formula, in plain math (x^2 sin x) or LaTeX")
    p.add_argument("vars", nargs="*", help="the variables to differentiate by (default: all)")
    p.add_argument("--latex", action="store_true", help="print LaTeX")
    p.add_argument("--order", type=int, default=1, help="the order of the derivative")
    p.add_argument("--at", action="append", metavar="NAME=VALUE", help="evaluate at this point")
    p.set_defaults(run=cmd_diff)
    p = sub.add_parser("steps", help="show a derivative step by step")
    p.add_argument("expr")
    p.add_argument("var")
    p.add_argument("--format", choices=("text", "markdown", "latex"), default="text")
    p.set_defaults(run=cmd_steps)
    p = sub.add_parser("check", help="check every derivative claimed in a LaTeX or Markdown file")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print JSON, one object per claim")
    p.set_defaults(run=cmd_check)
    p = sub.add_parser("plot", help="plot a function and its derivative (needs matplotlib)")
    p.add_argument("expr")
    p.add_argument("var")
    p.add_argument("--range", nargs=2, type=float, metavar=("A", "B"), required=True)
    p.add_argument("-o", "--output", default="derivative.png")
    p.set_defaults(run=cmd_plot)
    sub.add_parser("demo", help="a short demonstration (the default)")
    return parser


def main(argv=None) -> int:
    from .errors import AlgradError
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    try:
        args = _unshielded(parser.parse_args(_formulas_kept_positional(argv)), argv)
    except SystemExit as exc:  # a usage error (already reported) or --help
        return exc.code if isinstance(exc.code, int) else EXIT_ERROR
    if args.command in (None, "demo"):
        from .__main__ import demo
        print(demo())
        return EXIT_OK
    try:
        return args.run(args)
    except (CommandError, AlgradError, ValueError, TypeError) as exc:
        print(f"algrad: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
