"""Writes in a TwinSpace: opening it (its forum and teachers' bulletin with it), its pages and settings.
Each checks the matrix (``policies.may``) and runs in one transaction."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef, Subquery
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twinning.accounts import selectors as account_selectors
from twinning.accounts.services import notify
from twinning.accounts.services import pupils as pupil_accounts
from twinning.core import upload_check
from twinning.core.errors import DomainError, NotAllowed
from twinning.core.mail import send_templated_mail
from twinning.core.pupils import PUPIL_EMAIL_DOMAIN
from twinning.core.richtext import sanitize
from twinning.core.rules import rule
from twinning.core.services import audit_record
from twinning.discussions import services as discussion_services
from twinning.projects.models import MemberStatus, Project, ProjectMember, ProjectStatus
from twinning.staff import policies as staff_policies

from . import guests, meetings, policies, selectors
from .models import (
    GUEST_NAME_MAX,
    MEETING_AGENDA_MAX,
    MEETING_DURATION_MAX,
    MEETING_DURATION_MIN,
    TEAM_MAX,
    TITLE_MAX,
    ArchiveJob,
    GuestInvitation,
    Meeting,
    Page,
    PupilMembership,
    PupilRole,
    VideoService,
    Workspace,
)

FORUM = "twinspace.forum"
BULLETIN = "twinspace.bulletin"
FILES = "twinspace.workspace"


class WorkspaceError(DomainError):
    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def workspace_open(project: Project) -> Workspace:
    """The project's workspace, opened the first time it is needed (an active, closed or archived project),
    with its forum and its teachers' bulletin."""
    existing = Workspace.objects.filter(project=project).first()
    if existing is not None:
        return existing
    if not policies.is_open(project):
        raise WorkspaceError(_("The TwinSpace opens when the project is approved."))
    try:
        with transaction.atomic():
            workspace = Workspace.objects.create(project=project)
            discussion_services.forum_create(host=FORUM, host_id=workspace.pk)
            discussion_services.forum_create(host=BULLETIN, host_id=workspace.pk)  # named by its host
    except IntegrityError:  # opened by another request meanwhile
        return Workspace.objects.get(project=project)
    return workspace


def _page_checks(actor: Any, workspace: Workspace) -> None:
    if not policies.may(policies.role_of(actor, workspace.project), "edit_pages", workspace.project):
        if not policies.writable(workspace.project):
            raise WorkspaceError(_("The project is closed: its TwinSpace can be read but not changed."))
        raise NotAllowed(_("You cannot change the pages of this TwinSpace."))


@transaction.atomic
def page_save(
    *, actor: Any, workspace: Workspace, page: Page | None, title: str, body: str, parent: Page | None, published: bool
) -> Page:
    _page_checks(actor, workspace)
    title = " ".join((title or "").split())
    if not title:
        raise WorkspaceError(_("Give a title."), field="title")
    if len(title) > TITLE_MAX:
        raise WorkspaceError(_("The title is too long (at most %(n)s characters).") % {"n": TITLE_MAX}, field="title")
    if parent is not None:
        if parent.workspace_id != workspace.pk:
            raise WorkspaceError(_("Choose a page of this TwinSpace."), field="parent")
        ancestor: Page | None = parent
        while ancestor is not None:  # a page never goes under itself or one of its sub-pages
            if page is not None and ancestor.pk == page.pk:
                raise WorkspaceError(_("A page cannot go under itself or one of its sub-pages."), field="parent")
            ancestor = ancestor.parent
    if page is None:
        last = Page.objects.filter(workspace=workspace, parent=parent).aggregate(n=Max("position"))["n"]
        page = Page(workspace=workspace, created_by=actor, position=0 if last is None else last + 1)
    page.title, page.body, page.parent, page.published, page.updated_by = (
        title,
        sanitize(body),
        parent,
        bool(published),
        actor,
    )
    from .materials import check_page_publication

    shown = check_page_publication(workspace, page.body, page.published)
    page.save()
    page.pupils_shown = shown  # type: ignore[attr-defined]  # for the warning: the pupils a public page shows
    return page


@transaction.atomic
def page_delete(*, actor: Any, page: Page) -> None:
    """Delete a page with its sub-pages (those who edit pages)."""
    _page_checks(actor, page.workspace)
    page.delete()


@transaction.atomic
def settings_save(
    *, actor: Any, workspace: Workspace, about: str, public: bool, public_materials: bool = False, cover=None
) -> Workspace:
    project = workspace.project
    if not policies.may(policies.role_of(actor, project), "manage_members", project):
        if not policies.writable(project):
            raise WorkspaceError(_("The project is closed: its TwinSpace can be read but not changed."))
        raise NotAllowed(_("Only the founders change the TwinSpace's settings."))
    workspace.about, workspace.public = sanitize(about), bool(public)
    workspace.public_materials = bool(public_materials)
    if cover is not None and (
        cover.host != FILES or cover.host_id != workspace.pk or cover.kind not in upload_check.IMAGES
    ):
        raise WorkspaceError(_("Choose an image of this TwinSpace."), field="cover")
    workspace.cover = cover
    if workspace.public:
        from .materials import check_workspace_public

        check_workspace_public(workspace)
    workspace.save(update_fields=["about", "public", "public_materials", "cover"])
    return workspace


# --- Pupils ------------------------------------------------------------------------------------------------


def _manage_checks(actor: Any, project: Project) -> None:
    if not policies.may(policies.role_of(actor, project), "manage_members", project):
        if not policies.writable(project):
            raise WorkspaceError(_("The project is closed: its TwinSpace can be read but not changed."))
        raise NotAllowed(_("Only the founders manage the pupils of a TwinSpace."))


def teacher_school(actor: Any, project: Project):
    """The school the teacher takes part with in this project (their pupils are that school's)."""
    member = (
        ProjectMember.objects.filter(project=project, user_id=actor.pk, status=MemberStatus.ACTIVE)
        .select_related("school__country")
        .first()
    )
    if member is None or member.school is None:
        raise WorkspaceError(_("Your school in this project is not known, so its pupils cannot be added."))
    return member.school


@transaction.atomic
def pupils_add(
    *, actor: Any, workspace: Workspace, count: int, nicknames: str, team: str, under_consent_age: bool
) -> list[pupil_accounts.NewLogin]:
    """Make logins for a class of the teacher's school and put them in this workspace (teacher admins)."""
    project = workspace.project
    _manage_checks(actor, project)
    team = " ".join((team or "").split())
    if len(team) > TEAM_MAX:
        raise WorkspaceError(
            _("The team's name is too long (at most %(n)s characters).") % {"n": TEAM_MAX}, field="team"
        )
    school = teacher_school(actor, project)
    try:
        logins = pupil_accounts.pupils_create(
            actor=actor, school=school, count=count, nicknames=nicknames, under_consent_age=under_consent_age
        )
    except pupil_accounts.PupilError as exc:
        raise WorkspaceError(str(exc), field=exc.field) from exc
    PupilMembership.objects.bulk_create(
        PupilMembership(workspace=workspace, pupil=login.pupil, team=team, added_by=actor) for login in logins
    )
    audit_record(
        actor=actor,
        action="twinspace.pupils_added",
        target=project,
        country_code=school.country.code,
        data={"count": len(logins), "team": team},
    )
    return logins


@transaction.atomic
def pupil_update(*, actor: Any, membership: PupilMembership, nickname: str, team: str, role: str) -> PupilMembership:
    """Nickname, team (moving the pupil between groups) and role (pupil or pupil administrator)."""
    project = membership.workspace.project
    _manage_checks(actor, project)
    team = " ".join((team or "").split())
    if len(team) > TEAM_MAX:
        raise WorkspaceError(
            _("The team's name is too long (at most %(n)s characters).") % {"n": TEAM_MAX}, field="team"
        )
    if role not in PupilRole.values:
        raise WorkspaceError(_("Choose a role."), field="role")
    try:
        pupil_accounts.pupil_nickname_set(actor=actor, pupil=membership.pupil, nickname=nickname)
    except pupil_accounts.PupilError as exc:
        raise WorkspaceError(str(exc), field="nickname") from exc
    changed = {"team": [membership.team, team]} if membership.team != team else {}
    if membership.role != role:
        changed["role"] = [membership.role, role]
    membership.team, membership.role = team, role
    membership.save(update_fields=["team", "role"])
    if changed:
        audit_record(
            actor=actor,
            action="twinspace.pupil_changed",
            target=membership.pupil,
            country_code=membership.pupil.school.country.code,
            data=changed,
        )
    return membership


def keep_until(closed_on, country_id) -> Any:
    """The day after which a pupil whose last project closed on ``closed_on`` is erased: the end of that
    school year (31 August) plus the country's months for the quality-label and prize rounds."""
    year_end = datetime.date(closed_on.year if closed_on.month <= 8 else closed_on.year + 1, 8, 31)
    return year_end + relativedelta(months=rule("twinspace.pupils_keep_months", country_id), day=31)


def _switch_off_if_done(pupil, *, actor: Any = None, closed_on=None) -> bool:
    """Switch the pupil's login off when none of their workspaces is active any more."""
    live = PupilMembership.objects.filter(pupil=pupil, workspace__project__status=ProjectStatus.ACTIVE).exists()
    if live:
        return False
    closed_on = closed_on or timezone.localdate()
    return pupil_accounts.pupil_deactivate(
        pupil=pupil, erase_after=keep_until(closed_on, pupil.school.country_id), actor=actor
    )


@transaction.atomic
def pupil_remove(*, actor: Any, membership: PupilMembership) -> None:
    """Take the pupil out of this workspace; their login is switched off when it was their last active
    project (what they wrote stays, under a pseudonym, until the erasure)."""
    project = membership.workspace.project
    if not policies.may(policies.role_of(actor, project), "manage_members", project):
        raise NotAllowed(_("Only the founders manage the pupils of a TwinSpace."))
    pupil = membership.pupil
    membership.delete()
    audit_record(actor=actor, action="twinspace.pupil_removed", target=pupil, country_code=pupil.school.country.code)
    _switch_off_if_done(pupil, actor=actor)


def pupils_lifecycle(today=None) -> dict[str, int]:
    """The daily sweep: switch off the logins of pupils whose projects have all closed, then erase those
    whose keeping time has passed. Safe to run twice."""
    from twinning.accounts.models import Pupil

    today = today or timezone.localdate()
    mine = PupilMembership.objects.filter(pupil=OuterRef("pk"))
    last_closed = mine.values("pupil").annotate(last=Max("workspace__project__closed_at")).values("last")
    done = (
        Pupil.objects.filter(deactivated_at__isnull=True)
        .annotate(active=Exists(mine.filter(workspace__project__status=ProjectStatus.ACTIVE)))
        .filter(active=False)
        .annotate(last_closed=Subquery(last_closed))
        .select_related("school__country", "user")
    )
    switched, after = 0, 0
    while batch := list(done.filter(pk__gt=after).order_by("pk")[:2000]):  # who and since when: one query
        for pupil in batch:
            closed_on = timezone.localdate(pupil.last_closed) if pupil.last_closed else today
            switched += pupil_accounts.pupil_deactivate(
                pupil=pupil, erase_after=keep_until(closed_on, pupil.school.country_id)
            )
        after = batch[-1].pk
    return {"switched_off": switched, "erased": pupil_accounts.erase_due(today)}


@transaction.atomic
def pupil_consent_record(*, actor: Any, membership: PupilMembership, date, method: str) -> None:
    _manage_checks(actor, membership.workspace.project)
    try:
        pupil_accounts.pupil_consent_record(actor=actor, pupil=membership.pupil, date=date, method=method)
    except pupil_accounts.PupilError as exc:
        raise WorkspaceError(str(exc), field=exc.field) from exc


@transaction.atomic
def pupil_publication_consent_set(*, actor: Any, membership: PupilMembership, given: bool) -> None:
    _manage_checks(actor, membership.workspace.project)
    pupil_accounts.pupil_publication_consent_set(actor=actor, pupil=membership.pupil, given=given)


def pupil_password_reset(*, actor: Any, membership: PupilMembership) -> str:
    _manage_checks(actor, membership.workspace.project)
    try:
        return pupil_accounts.pupil_password_reset(actor=actor, pupil=membership.pupil)
    except pupil_accounts.PupilError as exc:
        raise WorkspaceError(str(exc)) from exc


# --- Guests (docs/twinspace.md) ------------------------------------------------------------------------------

GUEST_DAYS_MAX = 366  # a link lives at most a year


def _actor_country_code(actor: Any, project: Project) -> str:
    """The country an audit event is filed under: the acting teacher's, as a member of the project."""
    if getattr(actor, "pk", None) is None:
        return ""
    code = (
        ProjectMember.objects.filter(project=project, user_id=actor.pk).values_list("country__code", flat=True).first()
    )
    return code or ""


def _guest_checks(actor: Any, workspace: Workspace) -> None:
    project = workspace.project
    if not policies.may(policies.role_of(actor, project), "manage_members", project):
        if not policies.writable(project):
            raise WorkspaceError(_("The project is closed: its TwinSpace can be read but not changed."))
        raise NotAllowed(_("Only the founders invite guests to the TwinSpace."))


def guest_invite(
    *,
    actor: Any,
    workspace: Workspace,
    name: str,
    email: str,
    parts: list[str],
    expires_on: datetime.date | None,
    language: str,
) -> GuestInvitation:
    """Invite someone who is not an eTwinner to read the chosen parts of the workspace until ``expires_on``
    (teacher admins of an active project). The link goes by e-mail, in ``language``, and is kept only as its
    hash; when the e-mail cannot be sent the invitation is revoked at once and the error says so."""
    _guest_checks(actor, workspace)
    name = " ".join((name or "").split())
    if not name:
        raise WorkspaceError(_("Give the guest's name."), field="name")
    if len(name) > GUEST_NAME_MAX:
        raise WorkspaceError(
            _("The name is too long (at most %(n)s characters).") % {"n": GUEST_NAME_MAX}, field="name"
        )
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise WorkspaceError(_("Give the guest's e-mail address."), field="email") from None
    if email.lower().endswith("@" + PUPIL_EMAIL_DOMAIN):
        raise WorkspaceError(_("Give the guest's e-mail address."), field="email")
    known = [p.key for p in guests.parts()]
    wanted = set(parts or [])
    if not wanted or not wanted <= set(known):
        raise WorkspaceError(_("Choose what the guest may read."), field="parts")
    today = timezone.localdate()
    if expires_on is None or expires_on < today:
        raise WorkspaceError(_("Choose a date from today on."), field="expires_on")
    if expires_on > today + datetime.timedelta(days=GUEST_DAYS_MAX):
        raise WorkspaceError(_("A guest's link lasts at most a year."), field="expires_on")
    token, hashed = guests.new_token()
    chosen = [key for key in known if key in wanted]
    project = workspace.project
    with transaction.atomic():
        invitation = GuestInvitation.objects.create(
            workspace=workspace, name=name, email=email, parts=chosen, expires_on=expires_on, token_hash=hashed,
            invited_by=actor,
        )  # fmt: skip
        audit_record(
            actor=actor, action="twinspace.guest_invited", target=invitation,
            country_code=_actor_country_code(actor, project),
            data={"project": project.pk, "parts": chosen, "expires_on": expires_on.isoformat()},
        )  # fmt: skip
    with translation.override(language):
        url = settings.SITE_URL.rstrip("/") + reverse("twinspace:guest_home", args=[token])
        labels = [str(p.label) for p in guests.parts() if p.key in wanted]
        nso = account_selectors.nso_name_for(actor, language)
    try:
        send_templated_mail(
            to=email,
            template="twinspace/email/guest_invitation",
            context={
                "guest": invitation,
                "inviter": actor.get_full_name(),
                "project": project,
                "parts": labels,
                "url": url,
                "nso": nso,
            },
            language=language,
            sender_name=nso,
        )
    except OSError:  # the mail server refused it: the link never left, so it must not stay valid
        _guest_revoked(invitation, actor=actor, reason="the invitation e-mail could not be sent")
        raise WorkspaceError(_("The invitation could not be sent: try again later."), field="email") from None
    return invitation


def _guest_revoked(invitation: GuestInvitation, *, actor: Any, reason: str = "") -> GuestInvitation:
    with transaction.atomic():
        locked = GuestInvitation.objects.select_for_update().select_related("workspace__project").get(pk=invitation.pk)
        if locked.revoked_at is not None:
            raise WorkspaceError(_("This guest's link was already revoked."))
        locked.revoked_at, locked.revoked_by = timezone.now(), actor
        locked.save(update_fields=["revoked_at", "revoked_by"])
        audit_record(
            actor=actor, action="twinspace.guest_revoked", target=locked, reason=reason,
            country_code=_actor_country_code(actor, locked.workspace.project),
        )  # fmt: skip
    return locked


def guest_revoke(*, actor: Any, invitation: GuestInvitation) -> GuestInvitation:
    """End a guest's link at once (teacher admins of an active project); audited."""
    _guest_checks(actor, invitation.workspace)
    return _guest_revoked(invitation, actor=actor)


# --- Meetings (docs/twinspace.md) ----------------------------------------------------------------------------

MEETING_AHEAD_MAX = datetime.timedelta(days=2 * 366)
REMIND_BEFORE = datetime.timedelta(hours=24)


def _meeting_checks(actor: Any, workspace: Workspace) -> None:
    project = workspace.project
    if not policies.may_schedule_meetings(policies.role_of(actor, project), project):
        if not policies.writable(project):
            raise WorkspaceError(_("The project is closed: its TwinSpace can be read but not changed."))
        raise NotAllowed(_("Only the project's teachers schedule its meetings."))


def _meeting_start(starts_local: datetime.datetime | None, time_zone: str) -> datetime.datetime:
    """The moment a wall-clock time of ``time_zone`` means (a time the clocks skip is refused)."""
    if not meetings.valid_zone(time_zone):
        raise WorkspaceError(_("Choose a time zone from the list."), field="time_zone")
    if starts_local is None:
        raise WorkspaceError(_("Give the date and time."), field="starts_on")
    zone = ZoneInfo(time_zone)
    naive = starts_local.replace(tzinfo=None, second=0, microsecond=0)
    aware = naive.replace(tzinfo=zone)
    if aware.astimezone(datetime.UTC).astimezone(zone).replace(tzinfo=None) != naive:
        raise WorkspaceError(
            _("The clocks change at that time in this time zone: choose another time."), field="starts_time"
        )
    now = timezone.now()
    if aware <= now:
        raise WorkspaceError(_("Choose a date and time still to come."), field="starts_on")
    if aware > now + MEETING_AHEAD_MAX:
        raise WorkspaceError(_("A meeting is scheduled at most two years ahead."), field="starts_on")
    return aware


def _meeting_link(actor: Any, link: str) -> tuple[str, bool]:
    """(the link, whether it is the teacher's own): a pasted https address, else a new room of the video
    service of the organiser's country."""
    link = (link or "").strip()
    if link:
        if not meetings.https_address(link):
            raise WorkspaceError(
                _("Give a secure address (starting with https://), or leave it empty for a new room."), field="link"
            )
        return link, True
    _name, template = selectors.video_service_for(getattr(actor, "country_id", None))
    return meetings.room_link(template), False


def meeting_save(
    *,
    actor: Any,
    workspace: Workspace,
    meeting: Meeting | None,
    title: str,
    agenda: str,
    starts_local: datetime.datetime | None,
    time_zone: str,
    duration_minutes: int | None,
    link: str = "",
) -> Meeting:
    """Schedule a meeting, or change one still to come (the project's teachers, active project). Its time is
    the wall-clock time of ``time_zone``; the teachers get the iCalendar invitation, or its update (same UID,
    next SEQUENCE), by e-mail. Changing nothing writes nothing."""
    _meeting_checks(actor, workspace)
    if meeting is not None:
        if meeting.workspace_id != workspace.pk:
            raise NotAllowed(_("This meeting belongs to another TwinSpace."))
        if meeting.cancelled_at is not None:
            raise WorkspaceError(_("This meeting is cancelled."))
        if meeting.starts_at <= timezone.now():
            raise WorkspaceError(_("This meeting has started: it can no longer be changed."))
    title = " ".join((title or "").split())
    if not title:
        raise WorkspaceError(_("Give a title."), field="title")
    if len(title) > TITLE_MAX:
        raise WorkspaceError(_("The title is too long (at most %(n)s characters).") % {"n": TITLE_MAX}, field="title")
    agenda = (agenda or "").strip()
    if len(agenda) > MEETING_AGENDA_MAX:
        raise WorkspaceError(
            _("The agenda is too long (at most %(n)s characters).") % {"n": MEETING_AGENDA_MAX}, field="agenda"
        )
    if duration_minutes is None or not MEETING_DURATION_MIN <= duration_minutes <= MEETING_DURATION_MAX:
        raise WorkspaceError(
            _("A meeting lasts from %(min)s to %(max)s minutes.")
            % {"min": MEETING_DURATION_MIN, "max": MEETING_DURATION_MAX},
            field="duration_minutes",
        )
    starts_at = _meeting_start(starts_local, time_zone)
    project = workspace.project
    with transaction.atomic():
        if meeting is None:
            new_link, own = _meeting_link(actor, link)
            meeting = Meeting.objects.create(
                workspace=workspace, title=title, agenda=agenda, starts_at=starts_at, time_zone=time_zone,
                duration_minutes=duration_minutes, link=new_link, own_link=own, created_by=actor,
            )  # fmt: skip
            action, changed = "twinspace.meeting_scheduled", ["created"]
        else:
            meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
            if (link or "").strip() and (link or "").strip() != meeting.link:
                new_link, own = _meeting_link(actor, link)
            elif not (link or "").strip() and meeting.own_link:
                new_link, own = _meeting_link(actor, "")  # the teacher's own link removed: a room of the service
            else:
                new_link, own = meeting.link, meeting.own_link
            values = {
                "title": title, "agenda": agenda, "starts_at": starts_at, "time_zone": time_zone,
                "duration_minutes": duration_minutes, "link": new_link, "own_link": own,
            }  # fmt: skip
            changed = [key for key, value in values.items() if getattr(meeting, key) != value]
            if not changed:
                return meeting
            for key in changed:
                setattr(meeting, key, values[key])
            meeting.sequence += 1
            fields = [*changed, "sequence", "updated_at"]
            if "starts_at" in changed:
                meeting.reminded_at = None  # a new time, a new reminder
                fields.append("reminded_at")
            meeting.save(update_fields=fields)
            action = "twinspace.meeting_changed"
        audit_record(
            actor=actor, action=action, target=meeting, country_code=_actor_country_code(actor, project),
            data={
                "project": project.pk, "starts_at": starts_at.isoformat(), "time_zone": time_zone, "changed": changed,
            },
        )  # fmt: skip
        _mail_after_commit(meeting)
    return meeting


def meeting_cancel(*, actor: Any, meeting: Meeting) -> Meeting:
    """Cancel a meeting still to come (the project's teachers, active project): the teachers' calendars get
    the cancellation (iCalendar CANCEL, next SEQUENCE)."""
    _meeting_checks(actor, meeting.workspace)
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.cancelled_at is not None:
            raise WorkspaceError(_("This meeting is already cancelled."))
        if locked.starts_at <= timezone.now():
            raise WorkspaceError(_("This meeting has started: it can no longer be cancelled."))
        locked.cancelled_at = timezone.now()
        locked.sequence += 1
        locked.save(update_fields=["cancelled_at", "sequence", "updated_at"])
        audit_record(
            actor=actor, action="twinspace.meeting_cancelled", target=locked,
            country_code=_actor_country_code(actor, meeting.workspace.project),
            data={"project": meeting.workspace.project_id},
        )  # fmt: skip
        _mail_after_commit(locked)
    return locked


def _mail_after_commit(meeting: Meeting) -> None:
    from . import meeting_tasks

    meeting_id, sequence = meeting.pk, meeting.sequence
    transaction.on_commit(lambda: meeting_tasks.send_meeting_mail.enqueue(meeting_id, sequence))


def meeting_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind the project's teachers of each meeting that starts within the next 24 hours, once per meeting
    and time (``reminded_at``, cleared when the time changes): safe to run again. Returns how many
    meetings were reminded."""
    now = now or timezone.now()
    due = list(
        Meeting.objects.filter(
            cancelled_at__isnull=True, reminded_at__isnull=True, starts_at__gt=now, starts_at__lte=now + REMIND_BEFORE
        ).select_related("workspace__project")
    )
    reminded = 0
    for meeting in due:
        with transaction.atomic():
            if not Meeting.objects.filter(pk=meeting.pk, reminded_at__isnull=True).update(reminded_at=now):
                continue  # another run took it
            project = meeting.workspace.project
            if not policies.is_open(project):
                continue
            url = reverse("twinspace:meetings", args=[project.pk])
            for person in selectors.meeting_teachers(project):
                notify(
                    recipient=person,
                    kind="twinspace.meeting_reminder",
                    title=format_lazy(gettext_lazy("Meeting soon: {title}"), title=meeting.title),
                    body=_reminder_body(meeting, project, person),
                    url=url,
                )
        reminded += 1
    return reminded


def _reminder_body(meeting: Meeting, project: Project, person: Any):
    """The reminder's text in the person's language and time zone (``notify`` calls it in their language)."""
    zone = meetings.zone_of(person)

    def body() -> str:
        start = meeting.starts_at.astimezone(ZoneInfo(zone))
        return _("The meeting of the project “%(project)s” starts on %(when)s (%(zone)s). Join it at %(link)s") % {
            "project": project.title,
            "when": date_format(start, "DATETIME_FORMAT"),
            "zone": zone,
            "link": meeting.link,
        }

    return body


# --- The video service of each country (NSO staff) -------------------------------------------------------------


def _video_checks(actor: Any, country: Any) -> None:
    if country is None:
        if not staff_policies.is_css_staff(actor):
            raise NotAllowed(_("Only the central support service sets the platform's video service."))
    elif not (staff_policies.is_support_staff(actor) and staff_policies.can_act_for_country(actor, country.pk)):
        raise NotAllowed(_("Only staff of this country can set its video service."))


def video_service_save(*, actor: Any, country: Any, name: str, url_template: str, reason: str = "") -> VideoService:
    """The video service whose rooms the meetings of a country's teachers use (``country`` None: the platform's
    default), as an https address holding ``{room}``; audited."""
    _video_checks(actor, country)
    name = " ".join((name or "").split())
    if not name:
        raise WorkspaceError(_("Give the service's name."), field="name")
    if len(name) > 80:
        raise WorkspaceError(_("The name is too long (at most %(n)s characters).") % {"n": 80}, field="name")
    url_template = (url_template or "").strip()
    if len(url_template) > 300 or not meetings.valid_template(url_template):
        raise WorkspaceError(
            _("Give a secure address (https://) with {room} once where the room's name goes."), field="url_template"
        )
    with transaction.atomic():
        row = VideoService.objects.select_for_update().filter(country=country).first()
        before = {"name": row.name, "url_template": row.url_template} if row else None
        if row is None:
            row = VideoService(country=country)
        elif before == {"name": name, "url_template": url_template}:
            return row
        row.name, row.url_template, row.updated_by = name, url_template, actor
        row.save()
        audit_record(
            actor=actor, action="twinspace.video_service_set", target=row, reason=reason,
            country_code=getattr(country, "code", ""),
            data={"from": before, "to": {"name": name, "url_template": url_template}},
        )  # fmt: skip
    return row


def video_service_clear(*, actor: Any, country: Any, reason: str = "") -> bool:
    """Go back to the platform's video service (a country) or to Jitsi Meet (the platform); audited."""
    _video_checks(actor, country)
    with transaction.atomic():
        row = VideoService.objects.select_for_update().filter(country=country).first()
        if row is None:
            return False
        audit_record(
            actor=actor, action="twinspace.video_service_cleared", target=row, reason=reason,
            country_code=getattr(country, "code", ""),
            data={"from": {"name": row.name, "url_template": row.url_template}},
        )  # fmt: skip
        row.delete()
    return True


# --- Archive: export and import of a whole workspace (``archive``, docs/twinspace.md) -----------------------

ARCHIVE_UPLOAD_MAX = 2 * 1024 * 1024 * 1024  # the largest archive a founder may upload (2 GB)


def _country_code_of(person: Any) -> str:
    country = getattr(person, "country", None)
    return country.code if country is not None else ""


def archive_export_start(*, actor: Any, workspace: Workspace) -> ArchiveJob:
    """Ask for the workspace's archive (its founders, also once the project is closed, and the staff
    concerned); it is made in the background. Asking while one is being made gives that one."""
    from . import tasks

    project = workspace.project
    if not policies.may_export_archive(policies.role_of(actor, project), project):
        raise NotAllowed(_("You cannot download this TwinSpace's archive."))
    try:
        with transaction.atomic():
            job = ArchiveJob.objects.create(workspace=workspace, kind=ArchiveJob.Kind.EXPORT, requested_by=actor)
            audit_record(
                actor=actor,
                action="twinspace.archive_export_requested",
                target=project,
                country_code=_country_code_of(actor),
                data={"job": job.pk},
            )
            transaction.on_commit(lambda: tasks.archive_export.enqueue(job.pk))
    except IntegrityError:  # one is being made already
        return ArchiveJob.objects.get(
            workspace=workspace, kind=ArchiveJob.Kind.EXPORT, status__in=ArchiveJob.RUNNING_STATUSES
        )
    return job


def _archive_import_checks(actor: Any, project: Project) -> None:
    if not policies.may_import_archive(policies.role_of(actor, project), project):
        if not policies.writable(project):
            raise WorkspaceError(_("The project is closed: its TwinSpace can be read but not changed."))
        raise NotAllowed(_("Only the founders import an archive into a TwinSpace."))


def archive_import_start(*, actor: Any, workspace: Workspace, upload: Any) -> ArchiveJob:
    """A founder of an active project uploads an archive: it is checked in the background, and nothing is
    written until they confirm what it holds (``archive_import_confirm``)."""
    from . import tasks

    _archive_import_checks(actor, workspace.project)
    if upload.size > ARCHIVE_UPLOAD_MAX:
        raise WorkspaceError(
            _("The file is larger than %(limit)s.") % {"limit": filesizeformat(ARCHIVE_UPLOAD_MAX)}, field="archive"
        )
    busy = ArchiveJob.objects.filter(
        workspace=workspace, kind=ArchiveJob.Kind.IMPORT, status__in=ArchiveJob.RUNNING_STATUSES
    )
    if busy.exists():
        raise WorkspaceError(
            _("An archive is being imported into this TwinSpace: wait until it is done."), field="archive"
        )
    job = ArchiveJob(
        workspace=workspace,
        kind=ArchiveJob.Kind.IMPORT,
        requested_by=actor,
        status=ArchiveJob.Status.CHECKING,
        size=upload.size,
    )
    job.file.save("archive.zip", upload, save=False)
    try:
        with transaction.atomic():
            job.save()
            transaction.on_commit(lambda: tasks.archive_import_check.enqueue(job.pk))
    except IntegrityError:
        job.file.delete(save=False)
        raise WorkspaceError(
            _("An archive is being imported into this TwinSpace: wait until it is done."), field="archive"
        ) from None
    return job


def archive_import_confirm(*, actor: Any, job: ArchiveJob) -> ArchiveJob:
    """The founder has seen what a checked archive holds: it is imported in the background."""
    from . import tasks

    _archive_import_checks(actor, job.workspace.project)
    try:
        with transaction.atomic():
            changed = ArchiveJob.objects.filter(
                pk=job.pk, kind=ArchiveJob.Kind.IMPORT, status=ArchiveJob.Status.READY
            ).update(status=ArchiveJob.Status.QUEUED, requested_by=actor)
            if changed:
                transaction.on_commit(lambda: tasks.archive_import.enqueue(job.pk))
    except IntegrityError:
        raise WorkspaceError(_("An archive is being imported into this TwinSpace: wait until it is done.")) from None
    if not changed:
        raise WorkspaceError(_("This archive is not waiting to be imported."))
    job.refresh_from_db()
    return job


@transaction.atomic
def workspace_moderate(*, actor: Any, workspace: Workspace, hide: bool, reason: str) -> Workspace:
    """Hide a workspace (only moderation does: a closed project keeps its public view) or show it again. The
    staff concerned decide, with a reason; the founders are told."""
    project = workspace.project
    if policies.role_of(actor, project) != policies.Role.STAFF:
        raise NotAllowed(_("Only the staff of the project's countries hide or show a TwinSpace."))
    reason = (reason or "").strip()
    if not reason:
        raise WorkspaceError(_("Give the reason: the founders will read it."), field="reason")
    workspace.hidden_at = timezone.now() if hide else None
    workspace.hidden_reason = reason if hide else ""
    workspace.save(update_fields=["hidden_at", "hidden_reason"])
    audit_record(
        actor=actor,
        action="twinspace.hidden" if hide else "twinspace.shown",
        target=project,
        country_code=getattr(getattr(actor, "country", None), "code", "") or "",
        reason=reason,
    )
    from twinning.accounts.services import notify

    founders = ProjectMember.objects.filter(project=project, status=MemberStatus.ACTIVE, role="founder")
    for founder in founders.select_related("user"):
        notify(
            recipient=founder.user,
            kind="twinspace.moderation",
            title=(_("The TwinSpace of “%(project)s” is hidden") if hide else _("The TwinSpace of “%(project)s” is "
                   "shown again")) % {"project": project.title},
            body=reason,
            url=reverse("projects:detail", args=[project.pk]),
        )  # fmt: skip
    return workspace
