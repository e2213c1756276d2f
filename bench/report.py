"""Turn the JSON lines of bench/run.py into the Markdown tables of docs/performance.md.

python bench/run.py --scale greece > /tmp/greece.jsonl
python bench/report.py /tmp/greece.jsonl
"""

from __future__ import annotations

import json
import sys

PAGE_METRICS = ("p50_ms", "p95_ms", "queries", "app_cpu_p50_ms", "sql_p50_ms")


def main(paths: list[str]) -> int:
    rows: dict[tuple[str, str], dict] = {}
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for raw in handle:
                if not raw.startswith("{"):
                    continue
                line = json.loads(raw)
                row = rows.setdefault((line["bench"], line.get("case", "")), {"url": line.get("url", "")})
                row[line["metric"]] = line["value"]
    other = {key: row for key, row in rows.items() if not any(m in row for m in PAGE_METRICS)}
    pages = {key: row for key, row in rows.items() if key not in other}
    if pages:
        print("| bench | case | URL | p50 ms | p95 ms | queries | app CPU p50 ms | SQL p50 ms |")
        print("|---|---|---|---:|---:|---:|---:|---:|")
        for (bench, case), row in pages.items():
            cells = [str(row.get(m, row.get("error", ""))) for m in PAGE_METRICS]
            print(f"| {bench} | {case} | `{row['url']}` | " + " | ".join(cells) + " |")
    for (bench, _case), row in other.items():
        values = ", ".join(f"{k} = {v}" for k, v in row.items() if k != "url")
        print(f"\n{bench}: {values}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
