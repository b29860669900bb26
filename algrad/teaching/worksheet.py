r"""Finding the derivative claims in a LaTeX or Markdown worksheet.

A claim is an equation whose left side starts with a derivative operator
(``\frac{d}{dx}``, ``\frac{d^2}{dx^2}``, ``\frac{\partial}{\partial x}``,
with ``\dfrac``, ``\mathrm{d}`` and ``\left( \right)`` or brackets allowed)
inside ``$...$``, ``$$...$$``, ``\[...\]``, ``\(...\)`` or an equation or
align environment.  In a chain ``\frac{d}{dx} f = g_1 = g_2`` (or an align
block whose lines start with ``&=``), each later right side is a claim that
it equals the one before.  The text is only scanned here; formulas are
read by :func:`algrad.parse_latex`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_ENVIRONMENTS = r"equation\*?|align\*?|aligned|gather\*?|multline\*?|eqnarray\*?|displaymath|math"
_MATH = re.compile(
    r"\$\$(?P<dd>.+?)\$\$"
    r"|\\\[(?P<br>.+?)\\\]"
    r"|\\\((?P<pa>.+?)\\\)"
    r"|\\begin\{(?P<env>" + _ENVIRONMENTS + r")\}(?P<body>.+?)\\end\{(?P=env)\}"
    r"|(?<![\\$])\$(?P<d>[^$]+?)\$",
    re.DOTALL)

_D = r"(?:\\mathrm\{d\}|\\operatorname\{d\}|d)"
_OPERATOR = re.compile(
    r"\\[dt]?frac\s*\{\s*(?P<num>" + _D + r"|\\partial)\s*(?:\^\s*\{?\s*(?P<n1>\d+)\s*\}?)?\s*\}"
    r"\s*\{\s*(?P<den>" + _D + r"|\\partial)\s*(?P<var>[A-Za-z](?:_\{?\w+\}?)?)"
    r"\s*(?:\^\s*\{?\s*(?P<n2>\d+)\s*\}?)?\s*\}")

_OPENERS = {"\\left(": "\\right)", "\\left[": "\\right]", "\\left\\{": "\\right\\}", "(": ")",
            "[": "]", "\\bigl(": "\\bigr)", "\\Bigl(": "\\Bigr)", "{": "}"}


@dataclass
class Claim:
    """One claim: ``derivative`` of order ``order`` in ``variable`` of ``function`` equals ``claimed``.

    For a link of a chain (``kind == 'equal'``) ``function`` is the previous
    right side and the claim is that ``claimed`` equals it.
    """

    line: int
    text: str
    kind: str  # 'derivative' or 'equal'
    function: str
    claimed: str
    variable: str = ""
    order: int = 1


def _line_of(source: str, offset: int) -> int:
    return source.count("\n", 0, offset) + 1


def _matching(text: str, start: int, opener: str, closer: str) -> int:
    """The index just past the closer that matches ``opener`` at ``start``, or -1."""
    depth, i = 0, start
    while i < len(text):
        if text.startswith(opener, i):
            depth += 1
            i += len(opener)
        elif text.startswith(closer, i):
            depth -= 1
            i += len(closer)
            if depth == 0:
                return i
        else:
            i += 1
    return -1


def _split_top_level(text: str, sep: str) -> list:
    """``text`` split at ``sep`` outside braces, brackets and parentheses."""
    parts, depth, last = [], 0, 0
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            i += 2
            continue
        if c in "{[(":
            depth += 1
        elif c in "}])":
            depth -= 1
        elif depth == 0 and text.startswith(sep, i):
            parts.append(text[last:i])
            last = i + len(sep)
            i = last
            continue
        i += 1
    parts.append(text[last:])
    return parts


def _clean(text: str) -> str:
    text = re.sub(r"\\(label|tag|nonumber|notag)\b(\{[^}]*\})?", "", text)
    return text.replace("&", " ").strip().rstrip(",.;").strip()


def _operand(after_operator: str):
    """The function the operator applies to, and the rest of the left side."""
    body = after_operator.lstrip()
    for opener, closer in _OPENERS.items():
        if body.startswith(opener):
            end = _matching(body, 0, opener, closer)
            if end > 0 and not body[end:].strip():
                return body[len(opener):end - len(closer)]
    return body


def claims_in_math(math: str, offset_line: int, source_text: str):
    """The claims in one math region (its lines are counted from ``offset_line``)."""
    found = []
    rows = re.split(r"\\\\", math)
    previous_rhs, row_line = None, offset_line
    for row in rows:
        line = row_line + row[:len(row) - len(row.lstrip())].count("\n")
        row_line += row.count("\n")
        sides = _split_top_level(row, "=")
        if len(sides) < 2 and "=" in row and _OPERATOR.match(_clean(row)):
            sides = row.split("=")  # unbalanced brackets: still a claim, to report as unreadable
        if len(sides) < 2:
            continue
        lhs = _clean(sides[0])
        rhs_list = [_clean(s) for s in sides[1:]]
        match = _OPERATOR.match(lhs)
        if match:
            order = int(match.group("n1") or match.group("n2") or 1)
            variable = re.sub(r"[{}]", "", match.group("var"))
            function = _operand(lhs[match.end():]).strip()
            found.append(Claim(line, f"{lhs} = {rhs_list[0]}", "derivative", function, rhs_list[0],
                               variable, order))
            previous_rhs = rhs_list[0]
            rhs_list = rhs_list[1:]
        elif lhs or previous_rhs is None:
            previous_rhs = None  # an equation that is not about a derivative: not ours to check
            continue
        for rhs in rhs_list:
            found.append(Claim(line, f"{previous_rhs} = {rhs}", "equal", previous_rhs, rhs))
            previous_rhs = rhs
    return found


def _blank_code(source: str) -> str:
    """Markdown code (fenced blocks and `spans`) blanked out, line breaks kept."""
    def blank(m):
        return re.sub(r"[^\n]", " ", m.group(0))
    source = re.sub(r"^(```|~~~).*?^\1", blank, source, flags=re.DOTALL | re.MULTILINE)
    return re.sub(r"`[^`\n]+`", blank, source)


def find_claims(source: str) -> list:
    r"""Every derivative claim in a LaTeX or Markdown text, in order, with its line number.

    Examples
    --------
    >>> text = r"We have $\frac{d}{dx} x^{2} = 2x$ and $$\frac{d}{dx}\left(\sin x\right) = \cos x$$."
    >>> [(c.line, c.function, c.claimed) for c in find_claims(text)]
    [(1, 'x^{2}', '2x'), (1, '\\sin x', '\\cos x')]
    """
    claims = []
    source = _blank_code(source)
    for m in _MATH.finditer(source):
        group = next(g for g in ("dd", "br", "pa", "body", "d") if m.group(g) is not None)
        start = m.start(group)
        claims.extend(claims_in_math(m.group(group), _line_of(source, start), source))
    return claims
