"""How long generating the synthetic population took in this run, what it created and the database size."""


def run(ctx) -> list[dict]:
    result = ctx.population
    if result is None:
        return []
    from twinning.accounts.population import generated_schools, generated_users

    note = "created now" if (result.teachers_created or result.schools_created) else "already present"
    lines = [
        {"bench": "generate_population", "metric": "seconds", "value": round(result.seconds, 1), "note": note},
        {"bench": "generate_population", "metric": "teachers_created", "value": result.teachers_created},
        {"bench": "generate_population", "metric": "schools_created", "value": result.schools_created},
        {"bench": "generate_population", "metric": "memberships_created", "value": result.memberships_created},
        {"bench": "generate_population", "metric": "teachers_total", "value": generated_users().count()},
        {"bench": "generate_population", "metric": "schools_total", "value": generated_schools().count()},
    ]
    if ctx.database_size_bytes is not None:
        lines.append(
            {"bench": "generate_population", "metric": "db_size_mb", "value": round(ctx.database_size_bytes / 2**20)}
        )
    return lines
