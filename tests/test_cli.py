"""The installed ``algrad`` command, run in a subprocess as a user runs it."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from algrad.teaching.rules import MISTAKES

DATA = Path(__file__).parent / "data"
ALGRAD = shutil.which("algrad")
pytestmark = pytest.mark.skipif(ALGRAD is None, reason="the algrad entry point is not installed "
                                "(pip install -e .)")


def run(*args, timeout=120):
    return subprocess.run([ALGRAD, *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"})


# (file, line, verdict, the mistake key or other expected words in the diagnosis)
EXPECTED = [
    ("calculus_week3.tex", 8, "incorrect", MISTAKES["power_no_decrement"]),
    ("calculus_week3.tex", 12, "correct", None),
    ("calculus_week3.tex", 13, "correct", None),
    ("calculus_week3.tex", 16, "incorrect", MISTAKES["product_of_derivatives"]),
    ("calculus_week3.tex", 19, "correct", None),
    ("calculus_week3.tex", 20, "incorrect", MISTAKES["quotient_sign"]),
    ("calculus_week3.tex", 24, "correct", None),
    ("calculus_week3.tex", 27, "incorrect", MISTAKES["missing_chain"]),
    ("calculus_week3.tex", 29, "correct", None),
    ("calculus_week3.tex", 36, "correct", None),
    ("calculus_week3.tex", 40, "correct", None),
    ("calculus_week3.tex", 42, "incorrect", "integrating"),
    ("hyperbolic_notes.md", 5, "correct", None),
    ("hyperbolic_notes.md", 7, "correct", None),
    ("hyperbolic_notes.md", 9, "correct", None),
    ("hyperbolic_notes.md", 13, "correct", None),
    ("hyperbolic_notes.md", 15, "incorrect", MISTAKES["missing_chain"]),
    ("hyperbolic_notes.md", 17, "incorrect", MISTAKES["power_raised"]),
    ("hyperbolic_notes.md", 20, "correct", None),
]
SAME_LINE = {  # lines with two claims: (verdict, diagnosis) in order
    ("calculus_week3.tex", 6): [("correct", None), ("correct", None)],
    ("calculus_week3.tex", 31): [("correct", None), ("incorrect", MISTAKES["missing_log_base"])],
    ("calculus_week3.tex", 33): [("incorrect", MISTAKES["cos_sign"]), ("correct", None)],
    ("calculus_week3.tex", 34): [("correct", None), ("correct", None)],
    ("calculus_week3.tex", 38): [("correct", None), ("incorrect", "derivative number 1")],
}


@pytest.fixture(scope="module")
def reports():
    out = {}
    for name in ("calculus_week3.tex", "hyperbolic_notes.md"):
        done = run("check", str(DATA / name), "--json")
        assert done.returncode == 1, done.stderr  # both sheets hold wrong answers
        out[name] = json.loads(done.stdout)
    return out


def test_worksheets_have_at_least_25_claims(reports):
    assert sum(len(rows) for rows in reports.values()) >= 25
    for rows in reports.values():
        for row in rows:
            assert set(row) == {"line", "claim", "verdict", "diagnosis", "counterexample",
                                "derivative_latex"}


@pytest.mark.parametrize("name, line, verdict, words", EXPECTED)
def test_verdicts_and_diagnoses(reports, name, line, verdict, words):
    (row,) = [r for r in reports[name] if r["line"] == line]
    assert row["verdict"] == verdict, row
    if words is None:
        assert row["counterexample"] is None
    else:
        assert words in row["diagnosis"]
        assert row["counterexample"]["point"] and row["derivative_latex"]


@pytest.mark.parametrize("key", sorted(SAME_LINE))
def test_lines_with_two_claims(reports, key):
    name, line = key
    rows = [(r["verdict"], r["diagnosis"]) for r in reports[name] if r["line"] == line]
    assert len(rows) == len(SAME_LINE[key])
    for (verdict, diagnosis), (want_verdict, want_words) in zip(rows, SAME_LINE[key]):
        assert verdict == want_verdict
        assert (diagnosis is None) if want_words is None else (want_words in diagnosis)


def test_table_output_and_exit_status_when_all_correct(tmp_path):
    sheet = tmp_path / "good.md"
    sheet.write_text("$\\frac{d}{dx} x^2 = 2x$ and $\\frac{d}{dx} e^{x} = e^{x}$\n")
    done = run("check", str(sheet))
    assert done.returncode == 0, done.stderr
    assert "verdict" in done.stdout.splitlines()[0] and done.stdout.count("correct") >= 2


def test_unreadable_formula_is_reported_as_unparsed(tmp_path):
    sheet = tmp_path / "bad.tex"
    sheet.write_text("$\\frac{d}{dx} \\frac{x}{ = 1$\n")
    done = run("check", str(sheet), "--json")
    (row,) = json.loads(done.stdout)
    assert row["verdict"] == "unparsed" and done.returncode == 1


def test_missing_file_exits_2_with_one_line():
    done = run("check", "/nonexistent/sheet.tex")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_diff_plain_latex_order_and_value():
    done = run("diff", "x^2 sin(x)", "x", "--at", "x=1.5")
    assert done.returncode == 0, done.stderr
    assert "cos" in done.stdout and "sin" in done.stdout
    value = float(done.stdout.rsplit(":", 1)[1].strip(" )\n"))
    import math
    assert value == pytest.approx(2 * 1.5 * math.sin(1.5) + 1.5 ** 2 * math.cos(1.5))
    done = run("diff", "x^3", "--latex", "--order", "2")
    assert done.returncode == 0 and done.stdout.strip() == "6 x"


def test_steps_formats():
    for fmt, marker in (("text", "(chain"), ("markdown", "**chain**"), ("latex", "\\begin{align*}")):
        done = run("steps", "sin(x^2)", "x", "--format", fmt)
        assert done.returncode == 0, done.stderr
        assert marker in done.stdout


@pytest.mark.parametrize("args, words", [
    (("diff", "sin(x"), "column"),
    (("diff", "x^2", "y"), "unknown variable"),
    (("diff", "x^2", "--at", "x=abc"), "not a number"),
    (("steps", "x^2", "t"), "unknown variable"),
    (("diff", "__import__('os').system('echo pwned')"), ""),
])
def test_errors_are_one_line_without_traceback(args, words):
    done = run(*args)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1
    assert words in done.stderr
    assert "pwned" not in done.stdout


def test_plot_needs_matplotlib_or_draws(tmp_path):
    out = tmp_path / "f.png"
    done = run("plot", "1/(1+exp(-x))", "x", "--range", "-6", "6", "-o", str(out))
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        assert done.returncode == 2 and "pip install" in done.stderr
        return
    assert done.returncode == 0, done.stderr
    assert out.read_bytes()[:4] == b"\x89PNG"


def test_python_dash_m_runs_the_demo():
    done = subprocess.run([sys.executable, "-m", "algrad"], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0 and "8.0" in done.stdout
