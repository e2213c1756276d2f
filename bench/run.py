"""Run every benchmark in bench/ against the database of DATABASE_URL and print one JSON line per measure.

    python bench/run.py --scale greece            # what `make bench SCALE=greece` runs
    python bench/run.py --scale europe --only school_search,people_list

Steps: set up Django, generate the synthetic population for the scale if it is not there yet (timed:
the `generate_population` lines), create one NSO staff account for Greece and one CSS account (both
with TOTP, as staff need), then import each ``bench/bench_*.py`` module and call its ``run(ctx)``.
A module returns a list of dicts; the runner adds ``scale`` and ``db`` and prints each as a JSON line.
Later issues add a module; nothing else changes.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", default=os.environ.get("SCALE", "greece"), choices=["tiny", "greece", "europe"])
    parser.add_argument("--repeat", type=int, default=50, help="timed requests per case (after the warm-up)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests per case first")
    parser.add_argument("--only", default="", help="comma-separated benchmark names (default: all)")
    parser.add_argument("--no-generate", action="store_true", help="do not generate the population")
    parser.add_argument("--seed", type=int, default=2026, help="seed for a population generated now")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twinning.settings")
    import django

    django.setup()

    from bench.common import Context, emit

    ctx = Context.create(scale=args.scale, repeat=args.repeat, warmup=args.warmup)
    if not args.no_generate:
        ctx.generate_population(seed=args.seed, log=lambda message: print(message, file=sys.stderr))
    ctx.prepare_staff()

    only = {name.strip() for name in args.only.split(",") if name.strip()}
    modules = sorted(p.stem for p in (ROOT / "bench").glob("bench_*.py"))
    failures = 0
    for stem in modules:
        name = stem.removeprefix("bench_")
        if only and name not in only:
            continue
        module = importlib.import_module(f"bench.{stem}")
        started = time.perf_counter()
        try:
            lines = module.run(ctx)
        except Exception as exc:  # noqa: BLE001 - one broken benchmark must not hide the others
            failures += 1
            lines = [{"bench": name, "metric": "error", "value": f"{type(exc).__name__}: {exc}"}]
        for line in lines:
            emit(ctx, line)
        print(f"# {name}: {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
