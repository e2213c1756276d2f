"""eTwinners' profiles as reportable content: a profile that advertises, insults or shares others' data is
reported to the NSO of the person's country, who may hide it (``accounts.services.profile_hide``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from twinning.accounts import policies as account_policies
from twinning.accounts.models import User, Visibility
from twinning.accounts.services.moderation import profile_hide
from twinning.core.errors import DomainError
from twinning.core.registries import ReportTarget


def _unhide(actor: Any, reason: str) -> None:
    raise DomainError(_("A hidden profile is shown again when its owner chooses who may see it in their profile."))


def resolve_profile(object_id: int) -> ReportTarget | None:
    person = User.objects.select_related("country").filter(pk=object_id, anonymised_at__isnull=True).first()
    if person is None:
        return None
    excerpt = f"{person.display_name}\n\n{person.bio}".strip()
    return ReportTarget(
        author=person,
        excerpt=excerpt[:2000],
        url=reverse("accounts:person", args=[person.pk]),
        hidden=person.visibility == Visibility.HIDDEN,
        hide=lambda actor, reason: profile_hide(actor=actor, user=person, reason=reason),
        unhide=_unhide,
        visible_to=lambda user: account_policies.can_see_profile(user, person),
    )


def person_report_link(person: Any, viewer: Any) -> dict | None:
    """The "report this profile" link on an eTwinner's page, for other eTwinners."""
    if not account_policies.is_etwinner(viewer) or viewer.pk == person.pk:
        return None
    return {"person": person}
