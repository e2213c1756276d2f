"""The staff people list (/en/staff/people/): Greek NSO staff searching names and e-mails, and CSS."""

PATH = "/en/staff/people/"


def run(ctx) -> list[dict]:
    person = ctx.sample_person("GR")
    full_name = f"{person.first_name} {person.last_name}" if person else "Μαρία Παπαδοπούλου"
    cases = [
        ("nso_default", ctx.nso, None),
        ("nso_common_surname", ctx.nso, {"q": "Παπαδοπούλου"}),
        ("nso_full_name", ctx.nso, {"q": full_name}),
        # A first name: its matches sit together in the search_name order (names start with it).
        ("nso_first_name", ctx.nso, {"q": "Μαρία"}),
        ("nso_email", ctx.nso, {"q": person.email if person else "nobody@example.org"}),
        ("nso_status_rejected", ctx.nso, {"status": "rejected"}),
        ("nso_no_match", ctx.nso, {"q": "Ξυλοκόπου"}),
        ("css_default", ctx.css, None),
        ("css_surname", ctx.css, {"q": "Rossi"}),
        ("css_first_name", ctx.css, {"q": "Maria"}),
    ]
    lines = []
    for case, user, params in cases:
        lines += ctx.measure("people_list", case, PATH, user=user, params=params)
    return lines
