"""docs/api.md lists every public function with its current signature."""
import inspect
import re
from pathlib import Path

import algrad
import algrad.gradient
import algrad.tensor as T

API = (Path(__file__).parent.parent / "docs" / "api.md").read_text()
LISTED = dict(re.findall(r"- `((?:algrad\.gradient|algrad|T)\.\w+)(\([^`]*\))", API))


def public_functions(module, prefix, defined_in="algrad"):
    names = []
    for name in dir(module):
        obj = getattr(module, name)
        if name.startswith("_") or inspect.isclass(obj) or inspect.ismodule(obj) or not callable(obj):
            continue
        if getattr(obj, "__module__", "").startswith(defined_in):
            names.append((f"{prefix}.{name}", obj))
    return names


def test_every_public_function_is_listed_with_its_signature():
    functions = (public_functions(algrad, "algrad") + public_functions(T, "T")
                 + [(f"algrad.gradient.{n}", getattr(algrad.gradient, n))
                    for n in ("jacobian", "hessian", "hessian_vector_product", "verify_grad")])
    missing = [name for name, _ in functions if name not in LISTED and name != "T.as_dtype"]
    assert missing == [], f"add these to docs/api.md: {missing}"
    for name, obj in functions:
        if name in LISTED:
            parameters = str(inspect.signature(obj)).split(" -> ")[0]
            assert LISTED[name] == parameters, f"{name}: docs say {LISTED[name]}, code {parameters}"


def test_every_error_type_is_listed():
    for name in dir(algrad):
        obj = getattr(algrad, name)
        if inspect.isclass(obj) and issubclass(obj, Exception):
            assert f"`algrad.{name}`" in API, name
