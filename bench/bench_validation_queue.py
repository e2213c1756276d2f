from twinning.reference.models import Region

"""The NSO validation queue (/en/staff/validation/): Greek NSO staff with and without filters, and CSS."""


PATH = "/en/staff/validation/"


def run(ctx) -> list[dict]:
    attica = Region.objects.filter(country__code="GR", code="GR-I").values_list("pk", flat=True).first()
    cases = [
        ("nso_default", ctx.nso, None),
        ("nso_page_2", ctx.nso, {"page": 2}),
        ("nso_region", ctx.nso, {"region": attica}),
        ("nso_role", ctx.nso, {"role": "head_teacher"}),
        ("nso_waited_7_days", ctx.nso, {"waited_days": 7}),
        ("nso_name", ctx.nso, {"q": "Παπαδοπούλου"}),
        ("css_default", ctx.css, None),
    ]
    lines = []
    for case, user, params in cases:
        lines += ctx.measure("validation_queue", case, PATH, user=user, params=params)
    return lines
