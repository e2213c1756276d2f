"""The demo's certificates (``manage.py load_demo``, after learning's and the events' steps), made through the
services: course certificates (PDF and Open Badge) for the first three demo teachers, who completed the
previous school year's cycle of the demo course "Ψηφιακά εργαλεία στην τάξη", one of them revoked with a
reason; and earlier certificates of the old Moodle site imported from a CSV by the Greek NSO: two for the
first demo teacher (so "My certificates" shows both kinds) and one for an e-mail address that has not
joined yet (attached when its owner joins). Idempotent: a second run changes nothing."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from twinning.core.demo import register_demo

DEMO_SOURCE = "certificates.demo"  # registered only while the demo issues its certificates
COURSE_EL = "Ψηφιακά εργαλεία στην τάξη"
COURSE_EN = "Digital tools in class"
REVOKED_REASON = "Εκδόθηκε κατά λάθος: η ολοκλήρωση καταχωρίστηκε σε λάθος κύκλο."
NOT_JOINED = "a.georgiou@sch.gr"
DEMO_OLD_CODES = ("MOODLE-2021-00042", "ETW-2022-012345", "MOODLE-2021-00043")


def _year(today: date) -> int:
    """The first calendar year of the previous school year."""
    return (today.year if today.month >= 9 else today.year - 1) - 1


def moodle_csv(teacher_email: str, teacher_name: str) -> bytes:
    rows = [
        "e-mail;ονοματεπώνυμο;μάθημα;κύκλος;ώρες;έναρξη;λήξη;κωδικός",
        f"{teacher_email};{teacher_name};Εισαγωγή στο eTwinning;2021-22;20;01/11/2021;20/12/2021;MOODLE-2021-00042",
        f"{teacher_email};{teacher_name};Ασφάλεια στο διαδίκτυο;2022-23;25;10/10/2022;15/12/2022;ETW-2022-012345",
        f"{NOT_JOINED};Αλέξανδρος Γεωργίου;Εισαγωγή στο eTwinning;2021-22;20;01/11/2021;20/12/2021;MOODLE-2021-00043",
    ]
    return ("\n".join(rows) + "\n").encode("utf-8-sig")


def load_certificates() -> list[tuple[str, str]]:
    from django.utils import timezone

    from twinning.accounts.models import User, ValidationStatus
    from twinning.reference.models import Country
    from twinning.staff.models import StaffRole

    from . import imports, services, sources
    from .models import Certificate
    from .sources import Facts

    greece = Country.objects.filter(code="GR").first()
    nso = User.objects.filter(staff_roles__kind=StaffRole.Kind.NSO, staff_roles__country=greece).first()
    if greece is None or nso is None:
        return []
    teachers = list(
        User.objects.filter(
            validation_status=ValidationStatus.VALIDATED, country=greece, staff_roles__isnull=True, is_active=True
        ).order_by("pk")[:3]
    )
    if not teachers:
        return []
    first = _year(timezone.localdate())
    facts = {
        t.pk: Facts(user_id=t.pk, kind="course", title_el=COURSE_EL, title_en=COURSE_EN, hours=Decimal(200),
                    started_on=date(first, 10, 1), ended_on=date(first + 1, 5, 31), country_id=greece.pk)
        for t in teachers
    }  # fmt: skip
    saved = sources.snapshot()
    sources.register_source(DEMO_SOURCE, lambda ids: {i: facts[i] for i in ids if i in facts})
    try:
        issued = services.issue_many(source=DEMO_SOURCE, source_ids=list(facts))
    finally:
        sources.restore(saved)
    if len(teachers) >= 3:
        last = issued.get(teachers[2].pk)
        if last is not None and last.revoked_at is None:
            services.revoke(certificate=last, by=nso, reason=REVOKED_REASON)
    teacher = teachers[0]
    content = moodle_csv(teacher.email, teacher.get_full_name() or teacher.email)
    if not Certificate.objects.filter(code__in=DEMO_OLD_CODES).exists():  # the import is audited: once
        imports.import_rows(actor=nso, country=greece, handle=io.BytesIO(content), filename="moodle-demo.csv")
    return [(teacher.email, "course certificates and earlier ones imported from Moodle (My certificates)")]


register_demo("certificates", load_certificates, position=79)
