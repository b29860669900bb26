"""The ops, one module per family; :mod:`algrad.ops.registry` lists them all."""
