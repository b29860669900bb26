"""Hostile inputs that every formula reader must refuse with a ParseError.

Each string is refused by both ``algrad.parse`` and ``algrad.parse_latex``
(and so by the command-line tool that uses them), quickly: the tests time
each one.  ``SHELL_AND_CODE`` holds Python, shell and template payloads,
``LATEX_PAYLOADS`` TeX primitives that read files or define macros,
``CONTROL`` control characters, and ``OVERSIZED`` inputs past the bounds on
length and nesting.  ``ALL`` is every one of them, with a short label each.
"""
from __future__ import annotations

SHELL_AND_CODE = [
    "__import__('os').system('echo pwned')",
    '__import__("os").system("rm -rf /")',
    "().__class__.__bases__[0].__subclasses__()",
    "x.__class__",
    "x.__class__.__mro__[1].__subclasses__()",
    "lambda: 0",
    "(lambda x: x)(1)",
    "[x for x in ()]",
    "{x: 1 for x in (1,)}",
    "open('/etc/passwd')",
    "open('/etc/passwd').read()",
    "exec('print(1)')",
    "eval('1+1')",
    "compile('1', '', 'eval')",
    "globals()",
    "getattr(x, '__class__')",
    "sympy.sympify('x')",
    "os.system",
    "f'{x}'",
    'f"{__import__(\'os\')}"',
    "1; import os",
    "x'; DROP TABLE users; --",
    "`echo pwned`",
    "%s%s%s%n",
    "<script>alert(1)</script>",
    "\\x41",
    "x = 1",
    "x if x > 0 else -x",
]

LATEX_PAYLOADS = [
    "\\input{/etc/passwd}",
    "\\include{secret}",
    "\\def\\x{1}",
    "\\newcommand{\\x}{1}",
    "\\renewcommand{\\sin}{\\input{/etc/passwd}}",
    "\\write18{echo pwned}",
    "\\immediate\\write18{ls}",
    "\\csname input\\endcsname{/etc/passwd}",
    "\\catcode`\\^=11",
    "\\openin5=/etc/passwd",
    "\\usepackage{shellesc}",
    "x^{\\input{/etc/passwd}}",
    "\\frac{\\def\\a{1}}{2}",
]

CONTROL = [
    "x\x00+1",
    "x + 1\x1b[2J",
    "\x07",
    "sin(x)\x7f",
    "x\x08\x08\x08y",
    "\u202ex + 1",
]

OVERSIZED = [
    "x+" * 500_000 + "x",  # 1 MB
    "1" * (1 << 20),
    "(" * 100_000 + "x" + ")" * 100_000,
    "(" * 3_000 + "x" + ")" * 3_000,  # short enough, too deep
    "{" * 3_000 + "x" + "}" * 3_000,
    "|" * 5_000,
    "-(" * 2_000 + "x" + ")" * 2_000,
    "sin(" * 1_000 + "x" + ")" * 1_000,
    "x^(" * 1_500 + "x" + ")" * 1_500,
]

ALL = ([(f"code-{i}", s) for i, s in enumerate(SHELL_AND_CODE)]
       + [(f"latex-{i}", s) for i, s in enumerate(LATEX_PAYLOADS)]
       + [(f"control-{i}", s) for i, s in enumerate(CONTROL)]
       + [(f"oversized-{i}", s) for i, s in enumerate(OVERSIZED)])
