"""The directory of groups (/en/groups/) as a Greek eTwinner: browse, a word, Europe only, a country, a
subject, a later page; and a group's forum thread (the discussion engine) as one of its members."""

from twinning.accounts.models import ValidationStatus
from twinning.reference.models import Country, Subject

PATH = "/en/groups/"


def run(ctx) -> list[dict]:
    from twinning.discussions.models import Thread
    from twinning.groups.models import Group, Membership, MembershipStatus

    teacher = ctx.sample_person("GR", validation_status=ValidationStatus.VALIDATED)
    greece = Country.objects.filter(code="GR").values_list("pk", flat=True).first()
    subject = Subject.objects.order_by("pk").values_list("pk", flat=True).first()
    if not Group.objects.exists():
        return [{"bench": "group_directory", "metric": "error", "value": "no groups: generate the population"}]
    cases = [
        ("browse", {}),
        ("word", {"q": "robot"}),
        ("greek_word", {"q": "ρομποτικη"}),
        ("european", {"scope": "european"}),
        ("country", {"country": greece}),
        ("subject", {"subject": subject}),
        ("page_5", {"page": 5}),
    ]
    lines = []
    for case, params in cases:
        lines += ctx.measure("group_directory", case, PATH, user=teacher, params=params)
    # A busy thread of a group, read by one of its members.
    thread = Thread.objects.filter(discussion__forum__host="groups.group").order_by("-post_count", "pk").first()
    if thread is not None:
        group_id = thread.discussion.forum.host_id
        member = (
            Membership.objects.filter(group_id=group_id, status=MembershipStatus.ACTIVE)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if member is not None:
            lines += ctx.measure(
                "group_directory", "forum_thread", f"/en/forums/threads/{thread.pk}/", user=member.user
            )
            lines += ctx.measure(
                "group_directory",
                "forum_discussion",
                f"/en/forums/discussions/{thread.discussion_id}/",
                user=member.user,
            )
            lines += ctx.measure("group_directory", "group_page", f"/en/groups/{group_id}/", user=member.user)
    return lines
