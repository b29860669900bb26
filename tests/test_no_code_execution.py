"""No code execution from input: hostile text reaches only algrad's own parsers.

Every string of tests/injection_strings.py is fed to the command-line tool
(in-process, through ``algrad.cli.main``) as the formula of ``diff`` and
``steps``, as a variable name and as an ``--at`` value: each must give one
clean line on stderr and exit status 2, quickly, and run nothing.  Two of
them also go through the installed ``algrad`` command.  Finally the source
of algrad is searched for the functions that run text as code; the only
hits allowed are listed here, each with the reason it never sees user text.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from algrad.cli import EXIT_ERROR, main
from injection_strings import ALL as INJECTIONS

SECONDS = 5.0  # per command; the parsers refuse each string in milliseconds
SOURCE = Path(__file__).resolve().parent.parent / "algrad"


def run_cli(argv, capsys):
    """Exit status, stdout and stderr of ``algrad argv``, and the seconds it took."""
    start = time.perf_counter()
    status = main(argv)
    elapsed = time.perf_counter() - start
    out, err = capsys.readouterr()
    return status, out, err, elapsed


def assert_clean_error(status, out, err, elapsed):
    assert status == EXIT_ERROR, (status, out[:200], err[:200])
    assert err.startswith("algrad") and err.endswith("\n") and err.count("\n") == 1, err[:300]
    assert "Traceback" not in err and out == ""
    assert err.isprintable() or err[:-1].isprintable(), repr(err[:200])  # no raw control characters
    assert len(err) < 400, f"the error line echoes the input: {len(err)} characters"
    assert elapsed < SECONDS, f"{elapsed:.1f} s"


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


def commands(text):
    """The ways text reaches the command line: a formula, a variable name, a value."""
    return {
        "diff": ["diff", text],  # as typed: no '--' even before a leading '-'
        "diff-latex": ["diff", "--latex", "--", text],
        "steps": ["steps", "--", text, "x"],
        "variable": ["diff", "x^2", text],
        "steps-variable": ["steps", "x^2", "--", text],
        "at": ["diff", "x^2", "--at", f"x={text}"],
    }


@pytest.mark.parametrize("label, text", INJECTIONS, ids=[label for label, _ in INJECTIONS])
def test_every_injection_string_is_a_clean_command_line_error(label, text, capsys, tmp_path,
                                                               monkeypatch):
    monkeypatch.chdir(tmp_path)  # whatever a payload might write lands here, and is checked
    for how, argv in commands(text).items():
        status, out, err, elapsed = run_cli(argv, capsys)
        if how == "at" and _is_number(text):  # a million digits is a number: inf, as float() says
            assert status == 0 and elapsed < SECONDS, err[:200]
            continue
        try:
            assert_clean_error(status, out, err, elapsed)
        except AssertionError as exc:
            raise AssertionError(f"{how}: {exc}") from None
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("text", ["-(" * 2_000 + "x" + ")" * 2_000, "-x^2 +"])
def test_a_formula_starting_with_minus_needs_no_double_dash(text, capsys):
    # argparse would take it for an unknown option and print two lines of usage
    assert_clean_error(*run_cli(["diff", text], capsys))
    status, out, err, _ = run_cli(["diff", "-x^2", "x", "--at", "x=-1.5"], capsys)
    assert status == 0 and "-2*x" in out and "3" in out, err


def test_usage_errors_are_one_line(capsys):
    for argv in (["diff"], ["frobnicate"], ["diff", "x", "--order", "two"], ["diff", "x", "--bogus"]):
        assert_clean_error(*run_cli(argv, capsys))


def test_a_worksheet_of_injection_strings(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    sheet = tmp_path / "hostile.md"
    lines = [f"$\\frac{{d}}{{dx}} {text} = 1$" for _, text in INJECTIONS
             if len(text) < 10_000 and "$" not in text]
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    start = time.perf_counter()
    status = main(["check", str(sheet), "--json"])
    elapsed = time.perf_counter() - start
    out, err = capsys.readouterr()
    rows = json.loads(out)
    assert status == 1 and "Traceback" not in err and elapsed < SECONDS * 4
    payloads = ("__", "import", "lambda", "open(", "exec", "eval", "\\input", "\\write", "\\def")
    code = [row for row in rows if any(p in row["claim"] for p in payloads)]
    assert code and all(row["verdict"] == "unparsed" for row in code), code
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hostile.md"]


ALGRAD = shutil.which("algrad")


@pytest.mark.skipif(ALGRAD is None, reason="the algrad entry point is not installed (pip install -e .)")
@pytest.mark.parametrize("text", ["__import__('os').system('echo pwned > pwned.txt')",
                                  "().__class__.__bases__[0].__subclasses__()",
                                  "\\immediate\\write18{echo pwned > pwned.txt}"])
def test_the_installed_command_refuses_them(text, tmp_path):
    done = subprocess.run([ALGRAD, "diff", "--", text, "x"], capture_output=True, text=True,
                          timeout=60, cwd=tmp_path, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert done.returncode == EXIT_ERROR
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    assert done.stdout == "" and "pwned" not in done.stdout
    assert not (tmp_path / "pwned.txt").exists()


# -- the source: where text could become code ---------------------------------------------

RUNS_TEXT = re.compile(r"\b(eval|exec|sympify|parse_expr|exec_module|__import__|import_module)\s*\(")

#: (file, the code on the line) -> why it never sees user text
ALLOWED = {
    ("lowering/program.py", 'exec(compile(source, "<algrad kernel>", "exec"), namespace)'):
        "runs the kernel source that codegen writes from the graph's ops: a variable's name "
        "enters only as an identifier (see test_names_enter_kernels_only_as_identifiers), a "
        "constant as the repr of Python numbers",
    ("lowering/program.py", 'exec(compile("\\n".join(lines), "<algrad fast call>", "exec"), env)'):
        "runs the call function written from the number of inputs and their dtypes, ranks and "
        "static lengths only",
    ("lowering/cache.py", "spec.loader.exec_module(module)"):
        "imports a kernel module that algrad itself wrote to its cache directory",
    ("simplify.py", 'fu = importlib.import_module("sympy.simplify.fu")'):
        "imports a fixed SymPy module by its constant name",
}


def source_hits():
    hits = {}
    for path in sorted(SOURCE.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0] if not line.lstrip().startswith(("'", '"')) else ""
            if RUNS_TEXT.search(code):
                hits[(path.relative_to(SOURCE).as_posix(), line.strip())] = number
    return hits


@pytest.mark.parametrize("name", ["x\nimport os; os.system('echo pwned')\n#", "x'); (\"", "σ²",
                                  "range", "__import__"])
def test_names_enter_kernels_only_as_identifiers(name, tmp_path, monkeypatch):
    import keyword

    import numpy as np

    import algrad
    import algrad.tensor as T
    monkeypatch.chdir(tmp_path)
    x = T.dvector(name)
    f = algrad.function([x], T.sum(x * 2.0), mode="numba")
    assert f(np.array([1.0, 2.0])) == 6.0
    (header,) = [line for line in f.source.splitlines() if line.startswith("def kernel(")]
    for parameter in header[len("def kernel("):-len("):")].split(", "):
        assert parameter.isidentifier() and not keyword.iskeyword(parameter), header
    assert list(tmp_path.iterdir()) == []


def test_the_search_finds_each_way_of_running_text():
    for code in ("eval(text)", "builtins.exec (text)", "sympy.sympify(s)", "parse_expr(s, {})",
                 "spec.loader.exec_module(m)", "__import__(name)"):
        assert RUNS_TEXT.search(code), code
    assert not RUNS_TEXT.search("evaluate(x)") and not RUNS_TEXT.search("executor(x)")


def test_text_never_reaches_eval_exec_sympify_or_parse_expr():
    hits = source_hits()
    unexpected = [f"algrad/{path}:{number}: {code}" for (path, code), number in hits.items()
                  if (path, code) not in ALLOWED]
    assert unexpected == [], ("a new place runs text as code; if it never sees user text, add it "
                              "to ALLOWED with the reason")
    stale = [key for key in ALLOWED if key not in hits]
    assert stale == [], f"ALLOWED lists code that is gone: {stale}"
