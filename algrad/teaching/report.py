"""Checking every claim of a worksheet, and reporting the verdicts as a table or JSON."""
from __future__ import annotations

import json

from .check import check_sympy
from .sampling import close, sample_points, value_at
from .worksheet import Claim, find_claims

COLUMNS = ("line", "claim", "verdict", "diagnosis", "counterexample", "derivative_latex")


def _parse_pair(function_text, claimed_text):
    """SymPy forms of the two sides, read by algrad's LaTeX parser with shared variables."""
    from .. import parse_latex
    from ..sympy_bridge import to_sympy
    variables = {}
    function = parse_latex(function_text, variables=variables)
    claimed = parse_latex(claimed_text, variables=variables)
    return to_sympy(function), to_sympy(claimed)


def _symbol(name, exprs):
    import sympy as sp
    for e in exprs:
        for s in e.free_symbols:
            if s.name == name:
                return s
    return sp.Symbol(name, real=True)


def _check_equal(before, after):
    """A link of a chain: does ``after`` equal ``before``?"""
    import sympy as sp
    symbols = sorted(before.free_symbols | after.free_symbols, key=str)
    if sp.count_ops(before - after) < 120 and sp.simplify(before - after) == 0:
        return "correct", None
    points = sample_points([before], symbols, n=12)
    if not points:
        return "undecided", None
    for point in points:
        a, b = value_at(before, point), value_at(after, point)
        if a is None or b is None or not close(a, b, 1e-8, 1e-10):
            return "incorrect", {"point": {str(s): v for s, v in point.items()}, "claimed": b,
                                 "correct": a}
    return "correct", None


def check_claim(claim: Claim, chain_latex=None) -> dict:
    """One row of the report for ``claim``."""
    row = {"line": claim.line, "claim": claim.text, "verdict": "unparsed", "diagnosis": None,
           "counterexample": None, "derivative_latex": chain_latex}
    try:
        function, claimed = _parse_pair(claim.function, claim.claimed)
    except (ValueError, TypeError) as exc:  # ParseError is a ValueError
        row["diagnosis"] = f"could not read the formula: {exc}"
        return row
    if claim.kind == "equal":
        row["verdict"], row["counterexample"] = _check_equal(function, claimed)
        return row
    variable = _symbol(claim.variable, [function, claimed])
    result = check_sympy(function, claimed, variable, claim.order)
    row.update(verdict=result.verdict, diagnosis=result.diagnosis,
               counterexample=result.counterexample, derivative_latex=result.derivative_latex)
    return row


def check_text(source: str, progress=None) -> list:
    """The report rows for every claim in a worksheet's text, in order."""
    claims = find_claims(source)
    rows, chain_latex = [], None
    for k, claim in enumerate(claims):
        row = check_claim(claim, chain_latex if claim.kind == "equal" else None)
        if claim.kind == "derivative":
            chain_latex = row["derivative_latex"]
        rows.append(row)
        if progress is not None:
            progress(k + 1, len(claims))
    return rows


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        point = ", ".join(f"{k}={v:.4g}" for k, v in value["point"].items())
        return f"at {point}: claimed {_num(value['claimed'])}, correct {_num(value['correct'])}"
    return str(value)


def _num(v):
    return "undefined" if v is None else f"{v:.6g}"


def as_table(rows) -> str:
    """A plain-text table, one row per claim."""
    header = ["line", "claim", "verdict", "diagnosis", "counterexample", "correct derivative"]
    body = [[_cell(r[c]) for c in COLUMNS] for r in rows]
    caps = (6, 44, 10, 80, 56, 200)  # the diagnosis and the derivative are worth their length
    widths = [min(max([len(h)] + [len(b[i]) for b in body]), cap)
              for i, (h, cap) in enumerate(zip(header, caps))]

    def fmt(cells):
        return " | ".join(c[:w].ljust(w) for c, w in zip(cells, widths)).rstrip()
    lines = [fmt(header), "-+-".join("-" * w for w in widths)]
    lines += [fmt(b) for b in body]
    return "\n".join(lines)


def as_json(rows) -> str:
    return json.dumps([{c: r[c] for c in COLUMNS} for r in rows], indent=2)


