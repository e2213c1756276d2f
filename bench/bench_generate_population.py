"""How long generating the synthetic population took in this run, what it created and the database size."""

BENCH = "generate_population"


def run(ctx) -> list[dict]:
    result = ctx.population
    if result is None:
        return []
    note = "already present" if result.nothing_created else "created now"
    lines = [{"bench": BENCH, "metric": "seconds", "value": round(result.seconds, 1), "note": note}]
    # One line per kind the generators report (teachers, schools, memberships, ...).
    lines += [{"bench": BENCH, "metric": f"{kind}_created", "value": n} for kind, n in result.created.items()]
    lines += [{"bench": BENCH, "metric": f"{kind}_total", "value": n} for kind, n in result.totals.items()]
    if ctx.database_size_bytes is not None:
        lines.append({"bench": BENCH, "metric": "db_size_mb", "value": round(ctx.database_size_bytes / 2**20)})
    return lines
