"""Writes on groups: opening and editing a group (staff), joining, leaving, the moderators' decisions on
requests, invitations, roles and removals (audited), the group's pages. Each write is one transaction and
keeps the group's member count."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twinning.accounts.models import User
from twinning.accounts.services import notify
from twinning.core import ordering
from twinning.core.errors import DomainError, NotAllowed
from twinning.core.richtext import plain_text, sanitize
from twinning.core.services import audit_record
from twinning.discussions import services as discussion_services

from . import policies, selectors
from .models import NAME_MAX, Group, GroupPage, Joining, Membership, MembershipStatus, Role

HOST = "groups.group"


class GroupError(DomainError):
    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def _code(group: Group) -> str:
    return group.country.code if group.country_id and group.country is not None else ""


def _name(value: str) -> str:
    name = " ".join((value or "").split())
    if not name:
        raise GroupError(_("Give the group a name."), field="name")
    if len(name) > NAME_MAX:
        raise GroupError(_("The name is too long (at most %(n)s characters).") % {"n": NAME_MAX}, field="name")
    return name


def _already() -> GroupError:
    return GroupError(_("You are already in this group, or your request is waiting."))


def _insert(membership: Membership) -> None:
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError:  # joined or asked meanwhile (another tab)
        raise _already() from None


def _member_added(group: Group, membership: Membership) -> None:
    """Make ``membership`` (new, asked or invited) an active one and count it."""
    now = timezone.now()
    membership.status = MembershipStatus.ACTIVE
    membership.joined_at = now
    if membership.pk is None:
        _insert(membership)
    else:
        membership.save(update_fields=["status", "joined_at"])
    Group.objects.filter(pk=group.pk).update(member_count=F("member_count") + 1, last_activity_at=now)


@transaction.atomic
def group_create(
    *, actor: Any, name: str, summary: str, about: str = "", country=None, subjects=(), joining: str = Joining.ETWINNERS
) -> Group:
    """Open a group: NSO staff for their country, CSS staff for any country or Europe. The one who opens it
    is its first moderator; the group gets its forum."""
    allowed = policies.creatable_country_ids(actor)
    if not policies.can_create_group(actor):
        raise NotAllowed(_("Only NSO and CSS staff can open a group."))
    if allowed is not None and (country is None or country.pk not in allowed):
        raise GroupError(_("You can open groups for your own country only."), field="country")
    if joining not in Joining.values:
        raise GroupError(_("Choose who may join."), field="joining")
    group = Group.objects.create(
        name=_name(name),
        summary=" ".join((summary or "").split())[:300],
        about=sanitize(about),
        country=country,
        joining=joining,
        created_by=actor,
    )
    group.subjects.set(subjects)
    membership = Membership.objects.create(group=group, user=actor, role=Role.MODERATOR)
    _member_added(group, membership)
    discussion_services.forum_create(host=HOST, host_id=group.pk)
    audit_record(actor=actor, action="groups.created", target=group, country_code=_code(group))
    group.refresh_from_db()
    return group


@transaction.atomic
def group_edit(*, actor: Any, group: Group, name: str, summary: str, about: str, subjects, joining: str) -> Group:
    if not policies.can_moderate(actor, group):
        raise NotAllowed(_("Only the group's moderators can change it."))
    if joining not in Joining.values:
        raise GroupError(_("Choose who may join."), field="joining")
    group.name, group.summary, group.about, group.joining = (
        _name(name),
        " ".join(summary.split())[:300],
        sanitize(about),
        joining,
    )
    group.save(update_fields=["name", "summary", "about", "joining"])
    group.subjects.set(subjects)
    return group


def _tell_moderators(group: Group, title, body) -> None:
    url = reverse("groups:members", args=[group.pk])
    for moderator in User.objects.filter(pk__in=selectors.moderator_ids(group), is_active=True):
        notify(recipient=moderator, kind="groups.request", title=title, body=body, url=url)


@transaction.atomic
def group_join(*, user: Any, group: Group) -> Membership:
    """Join (open groups, eTwinners' groups), ask to join (the moderators decide), or accept an invitation."""
    group = Group.objects.select_for_update().get(pk=group.pk)
    policies.forget(user)
    answer = policies.join_answer(user, group)
    if not answer:
        if policies.membership_of(user, group) is not None:
            raise _already()
        raise NotAllowed(_("This group is open by invitation only, or to eTwinners only."))
    if answer == "ask":
        membership = Membership(group=group, user=user, status=MembershipStatus.REQUESTED)
        _insert(membership)
        transaction.on_commit(
            lambda: _tell_moderators(
                group,
                gettext_lazy("Someone asks to join %(group)s") % {"group": group.name},
                gettext_lazy("%(name)s asks to join the group.") % {"name": user.display_name},
            )
        )
        return membership
    # "join" (no row yet) or "accept" (the invitation's row)
    membership = policies.membership_of(user, group) or Membership(group=group, user=user)
    _member_added(group, membership)
    policies.forget(user)
    return membership


@transaction.atomic
def group_leave(*, user: Any, group: Group) -> None:
    membership = Membership.objects.select_for_update().filter(group=group, user=user).first()
    if membership is None:
        raise GroupError(_("You are not in this group."))
    was_active = membership.status == MembershipStatus.ACTIVE
    membership.delete()
    if was_active:
        Group.objects.filter(pk=group.pk).update(member_count=F("member_count") - 1)
    policies.forget(user)


def _moderator_only(actor: Any, group: Group) -> None:
    if not policies.can_moderate(actor, group):
        raise NotAllowed(_("Only the group's moderators can do this."))


@transaction.atomic
def request_decide(*, actor: Any, membership: Membership, accept: bool, reason: str = "") -> None:
    """Accept or refuse a request to join (audited; the person is told)."""
    group = membership.group
    _moderator_only(actor, group)
    membership = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    if membership.status != MembershipStatus.REQUESTED:
        raise GroupError(_("This request was already answered."))
    person = membership.user
    if accept:
        _member_added(group, membership)
    else:
        membership.delete()
    audit_record(
        actor=actor,
        action="groups.request_accepted" if accept else "groups.request_refused",
        target=group,
        country_code=_code(group),
        reason=(reason or "").strip()[:500],
        data={"person": person.pk},
    )
    title = (
        gettext_lazy("You are now a member of %(group)s")
        if accept
        else gettext_lazy("Your request to join %(group)s was not accepted")
    ) % {"group": group.name}
    url = reverse("groups:detail", args=[group.pk])
    transaction.on_commit(lambda: notify(recipient=person, kind="groups.answer", title=title, url=url))


@transaction.atomic
def member_invite(*, actor: Any, group: Group, email: str) -> None:
    """Invite a registered person by e-mail. The answer is the same whether or not the address has an
    account (a moderator learns nothing about who is registered)."""
    _moderator_only(actor, group)
    if group.closed_at is not None:
        raise GroupError(_("The group is closed."))
    person = User.objects.filter(
        email__iexact=(email or "").strip(), is_active=True, anonymised_at__isnull=True
    ).first()
    if person is None or Membership.objects.filter(group=group, user=person).exists():
        return
    Membership.objects.create(group=group, user=person, status=MembershipStatus.INVITED, invited_by=actor)
    audit_record(
        actor=actor, action="groups.invited", target=group, country_code=_code(group), data={"person": person.pk}
    )
    title = gettext_lazy("You are invited to the group %(group)s") % {"group": group.name}
    url = reverse("groups:detail", args=[group.pk])
    transaction.on_commit(lambda: notify(recipient=person, kind="groups.invitation", title=title, url=url))


@transaction.atomic
def member_role(*, actor: Any, membership: Membership, role: str) -> None:
    group = membership.group
    _moderator_only(actor, group)
    if role not in Role.values:
        raise GroupError(_("Unknown role."))
    if membership.status != MembershipStatus.ACTIVE:
        raise GroupError(_("Only members can become moderators."))
    if membership.role == role:
        return
    membership.role = role
    membership.save(update_fields=["role"])
    audit_record(
        actor=actor,
        action="groups.moderator_appointed" if role == Role.MODERATOR else "groups.moderator_removed",
        target=group,
        country_code=_code(group),
        data={"person": membership.user_id},
    )


@transaction.atomic
def member_remove(*, actor: Any, membership: Membership, reason: str = "") -> None:
    group = membership.group
    _moderator_only(actor, group)
    if membership.user_id == actor.pk:
        raise GroupError(_("To leave the group, use “Leave the group”."))
    was_active = membership.status == MembershipStatus.ACTIVE
    person_id = membership.user_id
    membership.delete()
    if was_active:
        Group.objects.filter(pk=group.pk).update(member_count=F("member_count") - 1)
    audit_record(
        actor=actor,
        action="groups.member_removed",
        target=group,
        country_code=_code(group),
        reason=(reason or "").strip()[:500],
        data={"person": person_id},
    )


@transaction.atomic
def group_close(*, actor: Any, group: Group, closed: bool, reason: str = "") -> Group:
    """Close a group (read-only, kept) or open it again: the staff who serve it."""
    if not policies.is_staff_for(actor, group):
        raise NotAllowed(_("Only the staff who serve the group can close it."))
    if (group.closed_at is not None) == closed:
        return group
    group.closed_at = timezone.now() if closed else None
    group.save(update_fields=["closed_at"])
    audit_record(
        actor=actor,
        action="groups.closed" if closed else "groups.reopened",
        target=group,
        country_code=_code(group),
        reason=(reason or "").strip()[:500],
    )
    return group


@transaction.atomic
def page_save(*, actor: Any, group: Group, page: GroupPage | None, title: str, body: str) -> GroupPage:
    _moderator_only(actor, group)
    if group.closed_at is not None:
        raise GroupError(_("The group is closed."))
    title = " ".join((title or "").split())[:200]
    if not title:
        raise GroupError(_("Give a title."), field="title")
    body = sanitize(body)
    if not plain_text(body) and "<img" not in body:
        raise GroupError(_("Write some text."), field="body")
    if page is None:
        position = GroupPage.objects.filter(group=group).count()
        page = GroupPage.objects.create(group=group, title=title, body=body, position=position, updated_by=actor)
    else:
        page.title, page.body, page.updated_by = title, body, actor
        page.save(update_fields=["title", "body", "updated_by", "updated_at"])
    Group.objects.filter(pk=group.pk).update(last_activity_at=timezone.now())
    return page


@transaction.atomic
def page_delete(*, actor: Any, page: GroupPage) -> None:
    """Take a page off the group (its moderators); the group's other pages close the gap in the order."""
    group = page.group
    _moderator_only(actor, group)
    if group.closed_at is not None:
        raise GroupError(_("The group is closed."))
    page.delete()
    for position, other in enumerate(GroupPage.objects.filter(group=group).order_by("position", "pk")):
        if other.position != position:
            GroupPage.objects.filter(pk=other.pk).update(position=position)


@transaction.atomic
def page_move(*, actor: Any, page: GroupPage, up: bool) -> None:
    """Move a page one place up or down in the group's list of pages."""
    group = page.group
    _moderator_only(actor, group)
    ordering.move(GroupPage.objects.filter(group=group), page, up=up)
