"""Benchmarks run by `make bench` (bench/run.py); each bench_*.py module exposes run(ctx) -> list[dict]."""
