"""The NumPy reference backend: each node evaluated by its op's ``perform``.

It is slow and simple on purpose: every other backend is tested against it.
"""
from __future__ import annotations

from .graph import Constant
from .traversal import toposort


class ReferenceProgram:
    """A function graph scheduled for evaluation with NumPy."""

    def __init__(self, inputs, outputs):
        self.inputs = list(inputs)
        self.outputs = list(outputs)
        self.nodes = toposort(self.outputs, stop_at=self.inputs)
        # after which step each intermediate value can be dropped
        last_use = {}
        for step, node in enumerate(self.nodes):
            for v in node.inputs:
                last_use[id(v)] = step
        keep = {id(v) for v in self.outputs} | {id(v) for v in self.inputs}
        self.free_after = [[] for _ in self.nodes]
        for step, node in enumerate(self.nodes):
            for v in node.inputs:
                if last_use[id(v)] == step and id(v) not in keep and not isinstance(v, Constant):
                    self.free_after[step].append(id(v))

    def __call__(self, *values):
        storage = {id(v): value for v, value in zip(self.inputs, values)}
        for step, node in enumerate(self.nodes):
            args = [v.data if isinstance(v, Constant) and id(v) not in storage else storage[id(v)]
                    for v in node.inputs]
            results = node.op.perform(node, args)
            for v, value in zip(node.outputs, results):
                storage[id(v)] = value
            for key in self.free_after[step]:
                storage.pop(key, None)
        return [v.data if isinstance(v, Constant) and id(v) not in storage else storage[id(v)]
                for v in self.outputs]
