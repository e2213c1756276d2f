"""Show the SQL of one page and EXPLAIN ANALYZE its slowest queries (PostgreSQL), to find a missing index.

    DATABASE_URL=postgres://… python bench/explain.py /en/schools/?q=γυμνασιο --as anon --top 2
    DATABASE_URL=postgres://… python bench/explain.py /en/staff/people/?q=rossi --as css
    DATABASE_URL=postgres://… python bench/explain.py /en/partners/suggestions/ --as teacher

Uses the benchmark staff accounts (run bench/run.py once first). Not a benchmark: run.py does not call it.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url")
    parser.add_argument("--as", dest="who", choices=["anon", "nso", "css", "teacher"], default="anon")
    parser.add_argument("--top", type=int, default=3, help="EXPLAIN ANALYZE this many of the slowest queries")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twinning.settings")
    import django

    django.setup()
    logging.disable(logging.INFO)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.common import Context

    ctx = Context.create(scale="", repeat=1, warmup=0)
    ctx.prepare_staff()
    if args.who == "teacher":  # the generated eTwinner the partner-finding benches search as
        from bench.partners_common import bench_teacher

        client = ctx.client(bench_teacher(ctx))
    else:
        client = ctx.client({"anon": None, "nso": ctx.nso, "css": ctx.css}[args.who])
    for _ in range(3):
        client.get(args.url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(args.url)
    print(f"HTTP {response.status_code}, {len(captured.captured_queries)} queries")
    queries = [(float(q["time"]) * 1000, q["sql"]) for q in captured.captured_queries]
    for ms, sql in queries:
        print(f"{ms:8.1f} ms  {sql[:160]}")
    if connection.vendor != "postgresql":
        return 0
    for _ms, sql in sorted(queries, reverse=True)[: args.top]:
        sql = re.sub(r'^DECLARE "[^"]+" NO SCROLL CURSOR WITH HOLD FOR ', "", sql)
        if not sql.lstrip().upper().startswith(("SELECT", "WITH", "(")):
            continue
        print("\n" + sql)
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            print("\n".join(row[0] for row in cursor.fetchall()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
