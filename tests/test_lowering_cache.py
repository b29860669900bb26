"""The kernel disk cache: hits across processes, and every way it can fail.

Each test runs small scripts in fresh processes (a cache is only useful to
a new process), with ``ALGRAD_CACHE_DIR`` pointing into a temporary
directory.  A broken cache must give a correct result and one warning.
"""
from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import algrad.tensor as T
from algrad.lowering.cache import graph_key

SCRIPT = textwrap.dedent("""
    import json, sys, warnings
    warnings.simplefilter("always")
    with warnings.catch_warnings(record=True) as caught:
        import algrad, algrad.tensor as T
        x = T.dvector('x')
        cost = T.sum(100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)
        f = algrad.function([x], T.grad(cost, x), mode='numba')
        value = f([0.5, 1.5, -1.0]).tolist()
    print(json.dumps({
        "value": value,
        "hits": sum(f.program.kernel.stats.cache_hits.values()),
        "sympy": "sympy" in sys.modules,
        "warnings": [str(w.message) for w in caught if "cache" in str(w.message)],
    }))
""")


def _expected():
    x = np.array([0.5, 1.5, -1.0])
    g = np.zeros(3)
    d = x[1:] - x[:-1] ** 2
    g[1:] += 200 * d
    g[:-1] += -400 * d * x[:-1] - 2 * (1 - x[:-1])
    return g


def run(cache, script=SCRIPT):
    env = dict(os.environ, ALGRAD_CACHE_DIR=str(cache))
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def warm_cache(tmp_path_factory):
    """A cache directory filled by one process, and that process's report."""
    cache = tmp_path_factory.mktemp("warm")
    return cache, run(cache)


def test_a_new_process_loads_the_kernel_without_optimizer_or_sympy(warm_cache):
    cache, first = warm_cache
    np.testing.assert_allclose(first["value"], _expected(), rtol=1e-12)
    assert first["hits"] == 0 and not first["warnings"]
    second = run(cache)
    assert second["value"] == first["value"]
    assert second["hits"] == 1, "the second process compiled again"
    assert not second["sympy"], "a warm start imported SymPy"
    assert not second["warnings"]


def test_a_corrupt_entry_warns_once_and_compiles(warm_cache, tmp_path):
    cache, first = warm_cache
    broken = tmp_path / "broken"
    broken.mkdir()
    for entry in cache.glob("kernel_*.py"):
        (broken / entry.name).write_text("def kernel(:\n")
    report = run(broken)
    assert report["value"] == first["value"]
    assert len(report["warnings"]) == 1 and "cannot be read" in report["warnings"][0]
    assert run(broken)["hits"] == 1, "the corrupt entry was not replaced"


def test_corrupt_machine_code_warns_once_and_compiles(warm_cache, tmp_path):
    cache, first = warm_cache
    broken = tmp_path / "machine"
    (broken / "__pycache__").mkdir(parents=True)
    for entry in cache.glob("kernel_*.py"):
        (broken / entry.name).write_bytes(entry.read_bytes())
        os.utime(broken / entry.name, ns=(entry.stat().st_atime_ns, entry.stat().st_mtime_ns))
    for entry in (cache / "__pycache__").glob("kernel_*"):
        (broken / "__pycache__" / entry.name).write_bytes(entry.read_bytes()[:40] + b"garbage")
    report = run(broken)
    assert report["value"] == first["value"]
    assert len(report["warnings"]) == 1 and "machine code" in report["warnings"][0]


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root writes to read-only directories")
def test_a_read_only_directory_warns_once_and_compiles(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        report = run(locked)
    finally:
        locked.chmod(stat.S_IRWXU)
    np.testing.assert_allclose(report["value"], _expected(), rtol=1e-12)
    assert len(report["warnings"]) == 1


def test_an_unusable_directory_warns_once_and_compiles(tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a directory")
    report = run(blocker / "cache")
    np.testing.assert_allclose(report["value"], _expected(), rtol=1e-12)
    assert len(report["warnings"]) == 1 and "cannot write" in report["warnings"][0]


def test_two_processes_compiling_at_once_both_succeed(tmp_path):
    env = dict(os.environ, ALGRAD_CACHE_DIR=str(tmp_path))
    procs = [subprocess.Popen([sys.executable, "-c", SCRIPT], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err[-3000:]
        report = json.loads(out.strip().splitlines()[-1])
        np.testing.assert_allclose(report["value"], _expected(), rtol=1e-12)
        assert not report["warnings"]


def test_import_algrad_imports_neither_numba_nor_sympy():
    script = "import sys, algrad, algrad.tensor; print(sorted({'numba', 'sympy'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


def test_graph_key_is_structural():
    a, b = T.dmatrix("a"), T.dmatrix("b")
    key = graph_key([a, b], [T.exp(a) + b])
    assert key == graph_key([b, a], [T.exp(b) + a])           # names and ids do not count
    assert key != graph_key([a, b], [T.exp(b) + a])           # topology does
    assert key != graph_key([a, b], [T.exp(a) - b])           # ops do
    c = T.fmatrix("c")
    assert key != graph_key([c, b], [T.exp(c) + b])           # dtypes do
    r = T.row("r")
    assert key != graph_key([r, b], [T.exp(r) + b])           # static shapes do
    assert graph_key([a], [a * 2.0]) != graph_key([a], [a * 3.0])  # constants do


def test_another_version_of_the_code_is_another_entry(tmp_path, monkeypatch):
    import algrad
    from algrad.lowering import cache
    monkeypatch.setenv("ALGRAD_CACHE_DIR", str(tmp_path))
    x = T.dvector("x")
    algrad.function([x], T.exp(x) * 3, mode="numba")
    assert len(list(tmp_path.glob("kernel_*.py"))) == 1
    monkeypatch.setattr(cache, "code_digest", lambda: "another version")
    algrad.function([x], T.exp(x) * 3, mode="numba")
    assert len(list(tmp_path.glob("kernel_*.py"))) == 2


def test_old_entries_are_evicted(tmp_path):
    from algrad.lowering import cache
    (tmp_path / "__pycache__").mkdir()
    for k in range(10):
        entry = tmp_path / f"kernel_{k:040d}.py"
        entry.write_text("")
        (tmp_path / "__pycache__" / f"{entry.stem}.kernel-1.py311.nbi").write_text("")
        os.utime(entry, (k, k))
    cache._evict_old_entries(tmp_path, keep=5)
    left = sorted(p.name for p in tmp_path.glob("kernel_*.py"))
    assert left == [f"kernel_{k:040d}.py" for k in range(6, 10)]
    assert len(list((tmp_path / "__pycache__").iterdir())) == 4


def test_a_cache_hit_builds_the_optimized_graph_only_when_asked(tmp_path, monkeypatch):
    import algrad
    monkeypatch.setenv("ALGRAD_CACHE_DIR", str(tmp_path))
    x = T.dscalar("x")
    first = algrad.function([x], T.grad(x ** 2, x), mode="numba")
    second = algrad.function([x], T.grad(x ** 2, x), mode="numba")
    assert callable(second.maker._fgraph), "the cache hit ran the optimizer"
    assert algrad.pp(second.maker.fgraph.outputs[0]) == algrad.pp(first.maker.fgraph.outputs[0])
    assert second(4) == 8.0


@pytest.mark.parametrize("error", [
    OSError(28, "No space left on device"), PermissionError(13, "Permission denied")],
    ids=["full-disk", "read-only"])
def test_a_failing_write_warns_once_and_compiles_in_memory(error, tmp_path, monkeypatch):
    from algrad.lowering import cache
    f, g, messages = _two_functions_while_failing(cache.tempfile, "mkstemp", error, 2.0,
                                                  tmp_path, monkeypatch)
    assert len(messages) == 1 and error.strerror in messages[0]
    np.testing.assert_allclose(f([0.5]), 2 * np.sin([0.5]), rtol=1e-12)
    np.testing.assert_allclose(g([0.5]), 2 * np.cos([0.5]), rtol=1e-12)
    assert not list(tmp_path.glob("kernel_*.py"))


def test_machine_code_that_cannot_be_saved_warns_once_and_runs(tmp_path, monkeypatch):
    # a disk that fills up after the kernel's source was written: Numba's own write fails
    from numba.core import caching
    f, g, messages = _two_functions_while_failing(
        caching.Cache, "_save_overload", OSError(28, "No space left on device"), 3.5,
        tmp_path, monkeypatch, call=True)
    assert len(messages) == 1 and "No space left on device" in messages[0]
    np.testing.assert_allclose(f([1.5]), 3.5 * np.sin([1.5]), rtol=1e-12)


def _two_functions_while_failing(owner, attribute, error, scale, tmp_path, monkeypatch, call=False):
    """scale * sin(x) and scale * cos(x) compiled (and first called, if ``call``) while
    ``owner.attribute`` raises ``error``; the functions and the cache warnings' messages."""
    import warnings

    import algrad
    from algrad.lowering import cache

    def fail(*args, **kwargs):
        raise error
    monkeypatch.setenv("ALGRAD_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(cache, "_warned", set())
    monkeypatch.setattr(owner, attribute, fail)
    x = T.dvector("x")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        f = algrad.function([x], T.sin(x) * scale, mode="numba")
        g = algrad.function([x], T.cos(x) * scale, mode="numba")
        if call:
            np.testing.assert_allclose(f([0.5]), scale * np.sin([0.5]), rtol=1e-12)
            np.testing.assert_allclose(g([0.5]), scale * np.cos([0.5]), rtol=1e-12)
    messages = [str(w.message) for w in caught if issubclass(w.category, cache.CacheWarning)]
    return f, g, messages
