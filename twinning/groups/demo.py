"""The demo's groups (``manage.py load_demo``): a national group for Greece opened by the Greek NSO's demo
staff member, a European one, members and a first discussion in each forum."""

from __future__ import annotations

from twinning.core.demo import register_demo


def load_groups() -> list[tuple[str, str]]:
    from twinning.accounts.models import User, ValidationStatus
    from twinning.discussions import selectors as discussion_selectors
    from twinning.discussions import services as discussion_services
    from twinning.reference.models import Country, Subject
    from twinning.staff.models import StaffRole

    from . import services
    from .models import Group, Joining

    if Group.objects.exists():
        return []
    greece = Country.objects.filter(code="GR").first()
    nso = User.objects.filter(staff_roles__kind=StaffRole.Kind.NSO, staff_roles__country=greece).first()
    css = User.objects.filter(staff_roles__kind=StaffRole.Kind.CSS).first()
    if greece is None or nso is None:
        return []
    teachers = list(
        User.objects.filter(
            validation_status=ValidationStatus.VALIDATED, country=greece, staff_roles__isnull=True
        ).order_by("pk")[:6]
    )
    specs = [
        (nso, "Ρομποτική στην τάξη", "Εκπαιδευτικοί που φέρνουν τη ρομποτική στο μάθημα: ιδέες, υλικό, έργα.", greece,
         ["ict", "technology"], Joining.ETWINNERS),
        (css or nso, "Climate action in schools", "Teachers across Europe sharing climate projects and resources.",
         None, ["biology", "geography"], Joining.OPEN),
    ]  # fmt: skip
    for actor, name, summary, country, subject_codes, joining in specs:
        if country is None and css is None:
            country = greece
        group = services.group_create(
            actor=actor,
            name=name,
            summary=summary,
            about=f"<p>{summary}</p>",
            country=country,
            subjects=list(Subject.objects.filter(code__in=subject_codes)),
            joining=joining,
        )
        for teacher in teachers:
            services.group_join(user=teacher, group=group)
        forum = discussion_selectors.forum_of(services.HOST, group.pk)
        discussion = discussion_services.discussion_create(actor=actor, forum=forum, title="Καλωσορίσματα / Welcome")
        if teachers:
            thread = discussion_services.thread_create(
                actor=teachers[0], discussion=discussion, title="Γεια σας!", body="<p>Χαίρομαι που είμαι εδώ.</p>"
            )
            for teacher in teachers[1:3]:
                discussion_services.post_reply(actor=teacher, thread=thread, body="<p>Καλώς ήρθες!</p>")
    return []


register_demo("groups", load_groups, position=70)
