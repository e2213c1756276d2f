"""Turn locust's statistics (``--csv`` output, the ``Aggregated`` row) into the ``learning_load`` JSON lines,
one a metric, plus one line per request name with its p95."""

from __future__ import annotations

import argparse
import csv
import json
import sys

BENCH = "learning_load"


def lines(rows: list[dict], extra: dict) -> list[dict]:
    out = []
    for row in rows:
        name = row["Name"]
        if name == "Aggregated":
            metrics = {
                "rps": round(float(row["Requests/s"]), 1),
                "p50_ms": float(row["50%"]),
                "p95_ms": float(row["95%"]),
                "p99_ms": float(row["99%"]),
                "errors": int(row["Failure Count"]),
                "requests": int(row["Request Count"]),
            }
            case = {"bench": BENCH, "case": "opening_hour"}
            out += [{**case, "metric": key, "value": value, **extra} for key, value in metrics.items()]
        else:
            out.append({"bench": BENCH, "case": name, "metric": "p95_ms", "value": float(row["95%"]),
                        "requests": int(row["Request Count"]), "errors": int(row["Failure Count"]),
                        **extra})  # fmt: skip
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("stats")
    parser.add_argument("--users", type=int)
    parser.add_argument("--spawn", type=float)
    parser.add_argument("--run-time")
    args = parser.parse_args(argv)
    with open(args.stats, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    extra = {"users": args.users, "spawn_rate": args.spawn, "run_time": args.run_time, "db": "postgresql"}
    for line in lines(rows, extra):
        print(json.dumps(line, ensure_ascii=False))
    failed = next((r for r in rows if r["Name"] == "Aggregated"), {}).get("Failure Count", "1")
    return 0 if failed == "0" else 1


if __name__ == "__main__":
    sys.exit(main())
