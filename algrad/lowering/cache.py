"""The disk cache of compiled kernels.

A kernel is stored as a Python module named by a structural hash of the
graph *as the user built it* (before the optimizer): ops with their props,
the topology, constants, dtypes and static shapes, never names or object
ids, plus a digest of algrad's own source and the Numba version.  Numba's
``cache=True`` keeps the machine code beside that module, so a new process
that builds the same graph imports the module and loads the machine code:
no optimizer, no SymPy, no compiling.

The directory is ``$ALGRAD_CACHE_DIR``, else the user cache directory
(``$XDG_CACHE_HOME/algrad`` or ``~/.cache/algrad`` on Linux).  A directory
that cannot be created or written, or an entry that cannot be read, makes
the caller compile in memory after one warning; it is never an error.
"""
from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np

from ..graph import Constant
from ..traversal import toposort


class CacheWarning(UserWarning):
    """The kernel cache could not be used; the kernel is compiled in memory."""


_warned = set()


def warn_once(reason: str, detail: str):
    """One warning per kind of problem and process, so a broken cache is not noisy."""
    if reason in _warned:
        return
    _warned.add(reason)
    warnings.warn(f"algrad kernel cache: {detail}; compiling in memory instead", CacheWarning,
                  stacklevel=4)


def cache_dir() -> Path:
    """Where kernels are cached: ``$ALGRAD_CACHE_DIR`` or the user cache directory.

    Examples
    --------
    >>> import os
    >>> from algrad.lowering.cache import cache_dir
    >>> saved = os.environ.get('ALGRAD_CACHE_DIR')
    >>> os.environ['ALGRAD_CACHE_DIR'] = '/tmp/kernels'
    >>> str(cache_dir())
    '/tmp/kernels'
    >>> _ = (os.environ.pop('ALGRAD_CACHE_DIR') if saved is None
    ...      else os.environ.update(ALGRAD_CACHE_DIR=saved))
    """
    configured = os.environ.get("ALGRAD_CACHE_DIR")
    if configured:
        return Path(configured).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "algrad"


#: parts of algrad that cannot change a kernel (front ends and printing): left out of the
#: digest so that editing them keeps the cache; everything else is in, new modules included
_NOT_IN_KERNELS = ("cli.py", "__main__.py", "printing.py", "latex.py", "verify.py", "parsing",
                   "teaching")


@functools.lru_cache(maxsize=None)
def code_digest() -> str:
    """A digest of algrad's source and the Numba version: a change to either is a new key."""
    import numba
    digest = hashlib.sha256(f"numba {numba.__version__} numpy {np.__version__}".encode())
    root = Path(__file__).resolve().parent.parent
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if relative.parts[0] in _NOT_IN_KERNELS:
            continue
        digest.update(str(relative).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _constant_text(const) -> str:
    data = const.data
    return f"const {data.dtype.name} {data.shape} {const.weak} {hashlib.sha256(data.tobytes()).hexdigest()}"


def graph_key(inputs, outputs, options="") -> str:
    """The structural hash of a function graph: equal graphs give equal keys.

    Examples
    --------
    >>> import algrad.tensor as T
    >>> from algrad.lowering.cache import graph_key
    >>> a, b = T.dvector('a'), T.dvector('b')
    >>> graph_key([a], [a * 2]) == graph_key([b], [b * 2])
    True
    >>> graph_key([a], [a * 2]) == graph_key([a], [a * 3])
    False
    """
    number = {}
    lines = [options]
    for k, v in enumerate(inputs):
        number[id(v)] = f"in{k}"
        lines.append(f"input {k} {v.type.dtype} {v.type.shape} {v.weak}")

    def ref(v):
        if id(v) not in number:
            if not isinstance(v, Constant):
                raise ValueError(f"internal: {v!r} is neither an input nor computed")
            number[id(v)] = f"c{len(lines)}"
            lines.append(f"{number[id(v)]} = {_constant_text(v)}")
        return number[id(v)]

    for node in toposort(outputs, stop_at=inputs):
        args = " ".join(ref(v) for v in node.inputs)
        op = node.op
        props = tuple(getattr(op, p) for p in op.props)
        outs = []
        for out in node.outputs:
            number[id(out)] = f"v{len(number)}"
            outs.append(f"{number[id(out)]}:{out.type.dtype}{out.type.shape}{out.weak}")
        lines.append(f"{' '.join(outs)} = {type(op).__module__}.{type(op).__qualname__}"
                     f"{props!r}({args})")
    lines.append("outputs " + " ".join(ref(v) for v in outputs))
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:40]


def entry_path(key: str) -> Path:
    return cache_dir() / f"kernel_{key}.py"


def load(key: str):
    """The cached kernel module for ``key``, or None when there is none (or it is unusable)."""
    path = entry_path(key)
    if not path.is_file():
        return None
    try:
        name = f"algrad_kernel_{key}"
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # Numba's cache finds the kernel's module by name
        spec.loader.exec_module(module)
        module.kernel, module.OUTPUT_DTYPES, module.OUTPUT_NDIMS  # noqa: B018  (complete?)
    except Exception as exc:  # a corrupt entry is rebuilt, never fatal
        warn_once("corrupt", f"the entry {path} cannot be read ({type(exc).__name__}: {exc})")
        return None
    return module


def store(key: str, source: str):
    """Write ``source`` as the entry for ``key`` and import it; None if the cache is unusable."""
    path = entry_path(key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # write then rename, so a concurrent reader never sees half a file
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp_", suffix=".py")
        try:
            with os.fdopen(fd, "w") as f:
                f.write(source)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError as exc:
        warn_once("unwritable", f"cannot write to {path.parent} ({exc.strerror or exc})")
        return None
    _evict_old_entries(path.parent)
    return load(key)


#: entries kept in the cache directory; the least recently written beyond it are removed
MAX_ENTRIES = 2000


def _evict_old_entries(directory: Path, keep=MAX_ENTRIES):
    """Remove the oldest kernels (and their machine code) once there are more than ``keep``."""
    try:
        entries = list(directory.glob("kernel_*.py"))
        if len(entries) <= keep:
            return
        entries.sort(key=lambda p: p.stat().st_mtime)
        for old in entries[:len(entries) - int(keep * 0.8)]:
            for machine_code in (directory / "__pycache__").glob(f"{old.stem}.*"):
                machine_code.unlink()
            old.unlink()
    except OSError:  # another process evicting at the same time, or a read-only entry
        pass
