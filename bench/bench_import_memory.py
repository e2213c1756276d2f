"""Peak memory of checking and writing a large school-registry CSV (the registry import reads it as a stream).

Each phase runs in a fresh Python process, which reports its peak resident memory (ru_maxrss) minus
the memory it had after setting Django up, so the number is what the import itself costs. The write
happens inside a transaction that is rolled back: the bench database keeps no extra schools.

    python bench/bench_import_memory.py --mb 45        # alone, against DATABASE_URL (or SQLite)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = (
    "national_code,name,city,region_code,address,postcode,levels,school_type,"
    "principal_name,principal_email,phone,email,website\n"
)


def write_csv(path: Path, megabytes: float) -> int:
    """A realistic registry file of about ``megabytes`` MB; returns the number of rows."""
    target = int(megabytes * 1024 * 1024)
    rows = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        size = len(HEADER.encode())
        while size < target:
            line = (
                f"BENCH{rows:08d},{rows % 90 + 1}ο Γυμνάσιο Δοκιμαστικής Πόλης {rows},Δοκιμαστική Πόλη {rows % 700},"
                f"GR-{'ABCDEFGHIJKLM'[rows % 13]},Οδός Ελευθερίου Βενιζέλου {rows % 300 + 1},{10000 + rows % 80000},"
                f"lower-secondary;upper-secondary,public,Ελένη Παπαδοπούλου-Κωνσταντινίδου {rows},"
                f"principal{rows}@sch.example,2100000000,mail{rows}@sch.example,https://school{rows}.sch.example\n"
            )
            out.write(line)
            size += len(line.encode())
            rows += 1
    return rows


CHILD = r"""
import json, os, resource, sys
sys.path.insert(0, os.environ["TWINNING_ROOT"])
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twinning.settings")
import django
django.setup()
from django.conf import settings
settings.DEBUG = False  # as on a production worker: no query log kept in memory
from django.db import transaction
from twinning.reference.models import Country
from twinning.schools import registry_import, services

def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

country = Country.objects.get(code="GR")
registry_import._existing_schools(country)  # warm the ORM and the connection
baseline = rss_mb()
phase, path = sys.argv[1], sys.argv[2]
with open(path, "rb") as handle:
    if phase == "check":
        plan = registry_import.analyse(handle, country)
        result = {"rows": plan.total_rows, "errors": plan.errors.count, "to_create": len(plan.to_create)}
    else:
        class Rollback(Exception):
            pass
        try:
            with transaction.atomic():
                created, updated = services.write_plan(handle, country)
                result = {"created": created, "updated": updated}
                raise Rollback
        except Rollback:
            pass
result["peak_mb"] = round(rss_mb() - baseline, 1)
print(json.dumps(result))
"""


def measure(megabytes: float) -> list[dict]:
    lines = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "registry.csv"
        rows = write_csv(path, megabytes)
        size_mb = round(path.stat().st_size / 1024 / 1024, 1)
        env = {**os.environ, "TWINNING_ROOT": str(ROOT)}
        for phase in ("check", "write"):
            out = subprocess.run(  # noqa: S603 - our own interpreter and script
                [sys.executable, "-c", CHILD, phase, str(path)], env=env, capture_output=True, text=True, check=True
            )
            result = json.loads(out.stdout.strip().splitlines()[-1])
            lines.append(
                {
                    "bench": "import_memory",
                    "case": f"{phase}_{size_mb}MB_{rows}_rows",
                    "metric": "peak_rss_mb",
                    "value": result.pop("peak_mb"),
                    **result,
                }
            )
    return lines


def _vacuum() -> None:
    """The rolled-back write leaves 100,000+ dead rows in the schools tables: clean them up, or the school
    search measured next would read around them (its SQL went from 18 to 130 ms when this was missing)."""
    from django.db import connection

    from twinning.schools.models import School

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in (School._meta.db_table, School.levels.through._meta.db_table):
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(table)}")


def run(ctx) -> list[dict]:
    try:
        return measure(float(os.environ.get("IMPORT_BENCH_MB", "45")))
    finally:
        _vacuum()


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=45.0)
    args = parser.parse_args()
    for line in measure(args.mb):
        print(json.dumps(line, ensure_ascii=False))
