import gc

import pytest

import algrad
import algrad.tensor as T
from algrad.gc_pause import gc_paused


def test_the_collector_is_paused_inside_and_resumed_after_even_on_error():
    seen = []

    @gc_paused
    def work(fail):
        seen.append(gc.isenabled())
        if fail:
            raise ValueError("boom")
        return 1

    assert gc.isenabled()
    assert work(False) == 1
    with pytest.raises(ValueError):
        work(True)
    assert seen == [False, False] and gc.isenabled()


def test_a_collector_paused_by_the_caller_stays_paused():
    gc.disable()
    try:
        x = T.dscalar("x")
        algrad.grad(x ** 2, x)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_grad_function_and_simplify_leave_the_collector_running():
    x = T.dscalar("x")
    g = algrad.grad(T.sin(x) * x, x)
    algrad.simplify(g)
    algrad.function([x], g, mode="numpy")
    assert gc.isenabled()
