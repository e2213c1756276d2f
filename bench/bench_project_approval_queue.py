"""The NSO project approval queue (/en/staff/projects/approvals/): Greek NSO staff with and without filters,
and CSS staff (every country)."""

PATH = "/en/staff/projects/approvals/"


def run(ctx) -> list[dict]:
    cases = [
        ("nso_default", ctx.nso, None),
        ("nso_page_2", ctx.nso, {"page": 2}),
        ("nso_european", ctx.nso, {"scope": "european"}),
        ("nso_waited_7_days", ctx.nso, {"waited_days": 7}),
        ("nso_text", ctx.nso, {"q": "water"}),
        ("css_default", ctx.css, None),
    ]
    lines = []
    for case, user, params in cases:
        lines += ctx.measure("project_approval_queue", case, PATH, user=user, params=params)
    return lines
