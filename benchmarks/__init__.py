"""Benchmarks: each ``bench_*.py`` module has a ``run()`` that prints its figures.

Speed is reported as ratios against baselines measured in the same run.
"""
