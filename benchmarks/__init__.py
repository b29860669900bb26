"""Benchmarks: ``python -m benchmarks`` runs the ``run()`` of every ``bench_*.py`` module.

Each benchmark prints medians and ratios against baselines measured in the
same run on the same machine; none of them asserts a time.
"""
