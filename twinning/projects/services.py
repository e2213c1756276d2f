"""Every write on projects: founding, the partner's answer, each NSO's approval, members, closing, kits.

The life cycle (domain §5)::

    draft ──submit──▶ pending_partner ──co-founder accepts──▶ pending_nso ──every required NSO approves──▶ active
      │                   │ declines → rejected                 │ an NSO rejects → rejected            │
      │                   │                                     │                                      ▼
      └── (external co-founder on ESEP: submit goes straight to pending_nso)            closed / archived

Approvals are computed once, when the project is sent to the NSOs: one row per founder country *hosted
here* at that moment (an external co-founder's NSO approves on ESEP). A country that stops being hosted
while its approval waits never strands the project: its pending approvals become "now on ESEP"
(``approvals_resolve_unhosted``, run daily and whenever another approval of the project is decided), and
the project becomes active when no hosted approval waits. A country that becomes hosted later is not
added to projects already sent (their approvals were fixed at sending).

Every transition is one transaction with the project row locked (``select_for_update``), so a double
submit or two NSOs deciding at once make exactly one transition; each is audited and notified.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twinning.accounts.services import notify
from twinning.contacts.selectors import are_contacts
from twinning.core.errors import DomainError, NotAllowed
from twinning.core.services import audit_record
from twinning.reference.selectors import hosted_country_ids
from twinning.schools.models import School, SchoolMembership
from twinning.staff.policies import can_act_for_country, is_css_staff, is_support_staff, nso_country_ids

from . import esep_import, policies
from .models import (
    DELETABLE_STATUSES,
    EDITABLE_STATUSES,
    LONG_TEXT_MAX,
    REASON_MAX,
    SUMMARY_MAX,
    TITLE_MAX,
    TOOLS_MAX,
    ApprovalStatus,
    EsepHistoryImport,
    EsepHistoryItem,
    ExternalPartner,
    HistorySource,
    HistoryStatus,
    MemberRole,
    MemberStatus,
    Project,
    ProjectApproval,
    ProjectKit,
    ProjectMember,
    ProjectStatus,
    RejectedStep,
    Scope,
)


class ProjectError(DomainError):
    """A project rule was not met; the message says which, in the user's language."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.field = field


# Limits on choices (a forged form cannot attach hundreds of rows).
MAX_LANGUAGES = 8
MAX_SUBJECTS = 10
MAX_AGE_BANDS = 6

TEXT_FIELDS = {
    "title": TITLE_MAX,
    "summary": SUMMARY_MAX,
    "tools": TOOLS_MAX,
    "aims": LONG_TEXT_MAX,
    "work_process": LONG_TEXT_MAX,
    "expected_results": LONG_TEXT_MAX,
}
REQUIRED_TEXT = ("title", "summary", "aims", "work_process", "expected_results")
OTHER_FIELDS = ("pupils", "start_date", "end_date", "erasmus_number", "esep_url")


def _url(project: Project):
    """The project's page, made in the recipient's language (``notify`` calls it)."""
    pk = project.pk
    return lambda: reverse("projects:detail", args=[pk])


def _country_code(project: Project) -> str:
    member = project.members.filter(role=MemberRole.FOUNDER).select_related("country").first()
    return member.country.code if member and member.country else ""


def _lock(project: Project) -> Project:
    """Re-read the project under a row lock: the state seen is the one the transition changes."""
    return Project.objects.select_for_update().get(pk=project.pk)


def _founders(project: Project) -> list[ProjectMember]:
    return list(
        project.members.filter(role=MemberRole.FOUNDER, status=MemberStatus.ACTIVE).select_related("user", "country")
    )


def _tell_founders(project: Project, *, kind: str, title: Any, body: Any = "", but: Any = None) -> None:
    """A notice to each active founder of the project (but the one who acted, when given)."""
    for founder in _founders(project):
        if but is None or founder.user_id != but.pk:
            notify(recipient=founder.user, kind=kind, title=title, body=body, url=_url(project))


def _require_founder(project: Project, by: Any, *, validated: bool = True) -> ProjectMember:
    """``by`` is an active founder; for everything but handing the project over, still a validated
    eTwinner (a founder whose validation was withdrawn keeps the project but cannot run it)."""
    member = project.members.filter(user=by, role=MemberRole.FOUNDER, status=MemberStatus.ACTIVE).first()
    if member is None:
        raise NotAllowed(_("Only the project's founders can do this."))
    if validated and not policies.can_found_projects(by):
        raise NotAllowed(
            _(
                "Your account is not validated by your NSO at the moment: you can hand the project over to"
                " another teacher or leave it; the rest waits until your NSO validates you again."
            )
        )
    return member


def _school_of(user: Any, school: School | None) -> School:
    """One of the person's own schools (the one they work with on the project)."""
    if school is None or not SchoolMembership.objects.filter(user=user, school=school).exists():
        raise ProjectError(_("Choose one of your schools."), field="school")
    return school


def _check_fields(data: dict) -> dict:
    """Clean and check a project's description; the same rules whatever the form."""
    clean: dict[str, Any] = {}
    for name, limit in TEXT_FIELDS.items():
        if name in data:
            value = (data[name] or "").strip()
            if len(value) > limit:
                raise ProjectError(
                    _("This text is longer than %(max)s characters.") % {"max": limit},
                    field=name,
                )
            if name in REQUIRED_TEXT and not value:
                raise ProjectError(_("This field is required."), field=name)
            clean[name] = value
    for name in OTHER_FIELDS:
        if name in data:
            clean[name] = (data[name] or "").strip() if name in ("erasmus_number", "esep_url") else data[name]
    start, end = clean.get("start_date"), clean.get("end_date")
    if start and end and start > end:
        raise ProjectError(_("The end date must come after the start date."), field="end_date")
    for name, limit in (("languages", MAX_LANGUAGES), ("subjects", MAX_SUBJECTS), ("age_bands", MAX_AGE_BANDS)):
        if name in data:
            items = list(data[name] or [])
            if not items:
                raise ProjectError(_("Choose at least one."), field=name)
            if len(items) > limit:
                raise ProjectError(_("Choose at most %(max)s.") % {"max": limit}, field=name)
            clean[name] = items
    return clean


def _apply(project: Project, clean: dict) -> list[str]:
    changed = []
    for name, value in clean.items():
        if name in ("languages", "subjects", "age_bands"):
            continue
        if getattr(project, name) != value:
            setattr(project, name, value)
            changed.append(name)
    return changed


def _set_m2m(project: Project, clean: dict) -> None:
    for name in ("languages", "subjects", "age_bands"):
        if name in clean:
            getattr(project, name).set(clean[name])


# --- Founding -----------------------------------------------------------------------------------------


@transaction.atomic
def project_create(
    *,
    founder: Any,
    school: School | None,
    data: dict,
    cofounder: Any = None,
    external: dict | None = None,
    kit: ProjectKit | None = None,
) -> Project:
    """A founder writes a project (a draft) and names the co-founder: one of their contacts on the platform,
    or an external partner whose NSO works on ESEP (``external``: teacher_name, school_name, country, email,
    esep_id, esep_url). Nothing is sent until ``project_submit``."""
    if not policies.can_found_projects(founder):
        raise NotAllowed(_("Only validated eTwinners can found projects."))
    school = _school_of(founder, school)
    if (cofounder is None) == (external is None):
        raise ProjectError(_("Choose a co-founder: one of your contacts, or a partner on ESEP."), field="cofounder")
    if cofounder is not None:
        _check_cofounder(founder, cofounder)
    if external is not None:
        external = _check_external(external)
    clean = _check_fields(data)
    project = Project(created_by=founder, kit=kit, status=ProjectStatus.DRAFT)
    _apply(project, clean)
    if external is not None and external.get("esep_url") and not project.esep_url:
        project.esep_url = external["esep_url"]
    project.save()
    _set_m2m(project, clean)
    now = timezone.now()
    ProjectMember.objects.create(
        project=project,
        user=founder,
        role=MemberRole.FOUNDER,
        status=MemberStatus.ACTIVE,
        school=school,
        country_id=school.country_id,
        joined_at=now,
    )
    if cofounder is not None:
        ProjectMember.objects.create(
            project=project,
            user=cofounder,
            role=MemberRole.FOUNDER,
            status=MemberStatus.INVITED,
            invited_by=founder,
            country_id=cofounder.country_id,
        )
    else:
        ExternalPartner.objects.create(project=project, is_founder=True, added_by=founder, **(external or {}))
    audit_record(
        actor=founder,
        action="project.created",
        target=project,
        country_code=school.country.code,
        data={"kit": kit.pk if kit else None},
    )
    return project


def _check_cofounder(founder: Any, cofounder: Any) -> None:
    if cofounder.pk == founder.pk:
        raise ProjectError(_("You cannot be your own co-founder."), field="cofounder")
    if not policies.can_found_projects(cofounder) or not cofounder.is_active or cofounder.anonymised_at:
        raise ProjectError(_("The co-founder must be a validated eTwinner."), field="cofounder")
    if not are_contacts(founder, cofounder):
        raise ProjectError(_("Only your contacts can be invited to a project."), field="cofounder")


def _check_external(external: dict) -> dict:
    country = external.get("country")
    if country is None:
        raise ProjectError(_("Choose the partner's country."), field="country")
    if country.pk in hosted_country_ids():
        raise ProjectError(
            _("%(country)s works on this platform: invite the partner as one of your contacts instead.")
            % {"country": country},
            field="country",
        )
    for name in ("teacher_name", "school_name", "email"):
        if not (external.get(name) or "").strip():
            raise ProjectError(_("This field is required."), field=name)
    if not ((external.get("esep_id") or "").strip() or (external.get("esep_url") or "").strip()):
        raise ProjectError(_("Give the project's ESEP identifier or its address on ESEP."), field="esep_id")
    fields = ("teacher_name", "school_name", "city", "country", "email", "esep_id", "esep_url")
    return {k: (external.get(k) or "").strip() if k != "country" else country for k in fields}


@transaction.atomic
def project_update(*, project: Project, by: Any, data: dict) -> Project:
    """Founders change the description while the project is a draft, pending or active."""
    project = _lock(project)
    _require_founder(project, by)
    if project.status not in EDITABLE_STATUSES:
        raise ProjectError(_("This project can no longer be changed."))
    clean = _check_fields(data)
    changed = _apply(project, clean)
    if changed:
        project.save(update_fields=[*changed, "updated_at"])
    _set_m2m(project, clean)
    audit_record(actor=by, action="project.updated", target=project, country_code=_country_code(project))
    return project


@transaction.atomic
def project_delete(*, project: Project, by: Any) -> None:
    """Founders delete a project while it is a draft or pending (domain §5); the trail keeps the decision."""
    project = _lock(project)
    _require_founder(project, by)
    if project.status not in DELETABLE_STATUSES:
        raise ProjectError(_("Only a draft or pending project can be deleted."))
    others = [m.user for m in project.members.filter(status__in=("invited", "active")).exclude(user=by)]
    audit_record(actor=by, action="project.deleted", target=project, country_code=_country_code(project))
    title = project.title
    project.delete()
    for person in others:
        notify(
            recipient=person,
            kind="projects.deleted",
            title=format_lazy(gettext_lazy("The project “{title}” was deleted by its founder"), title=title),
        )


@transaction.atomic
def project_submit(*, project: Project, by: Any) -> Project:
    """Send a draft on: to the co-founder on the platform (who accepts or declines), or, when the co-founder
    is on ESEP, straight to the NSOs."""
    project = _lock(project)
    _require_founder(project, by)
    if project.status != ProjectStatus.DRAFT:
        raise ProjectError(_("This project has already been sent."))
    invited = list(project.members.filter(role=MemberRole.FOUNDER, status=MemberStatus.INVITED).select_related("user"))
    now = timezone.now()
    if invited:
        project.status = ProjectStatus.PENDING_PARTNER
        project.sent_to_partner_at = now
        project.save(update_fields=["status", "sent_to_partner_at", "updated_at"])
        audit_record(actor=by, action="project.sent_to_partner", target=project, country_code=_country_code(project))
        for member in invited:
            notify(
                recipient=member.user,
                kind="projects.cofounder_invited",
                title=format_lazy(
                    gettext_lazy("{name} invites you to found the project “{title}”"),
                    name=by.display_name,
                    title=project.title,
                ),
                url=_url(project),
            )
        return project
    if not project.external_partners.filter(is_founder=True, removed_at__isnull=True).exists():
        raise ProjectError(_("Choose a co-founder before sending the project."))
    return _send_to_nsos(project, by=by)


def _send_to_nsos(project: Project, *, by: Any) -> Project:
    """pending_nso: one approval per founder country hosted here; the scope from the founders' countries."""
    founders = _founders(project)
    external = list(project.external_partners.filter(is_founder=True, removed_at__isnull=True))
    countries = {m.country_id for m in founders if m.country_id} | {e.country_id for e in external}
    project.scope = Scope.EUROPEAN if len(countries) > 1 else Scope.NATIONAL
    hosted = hosted_country_ids()
    required = sorted({m.country_id for m in founders if m.country_id and m.country_id in hosted})
    if not required:
        raise ProjectError(_("No founder's country works on this platform: the project is approved on ESEP."))
    now = timezone.now()
    project.status = ProjectStatus.PENDING_NSO
    project.sent_to_nso_at = now
    project.save(update_fields=["status", "scope", "sent_to_nso_at", "updated_at"])
    ProjectApproval.objects.filter(project=project).delete()  # a project sent again after a change of co-founder
    ProjectApproval.objects.bulk_create(
        [ProjectApproval(project=project, country_id=c, created_at=now) for c in required]
    )
    audit_record(
        actor=by,
        action="project.sent_to_nso",
        target=project,
        country_code=_country_code(project),
        data={"countries": required, "scope": project.scope},
    )
    return project


@transaction.atomic
def cofounder_accept(*, project: Project, user: Any, school: School | None) -> Project:
    """The co-founder accepts (choosing the school they found it with): the project goes to the NSOs."""
    project = _lock(project)
    member = project.members.filter(user=user, role=MemberRole.FOUNDER, status=MemberStatus.INVITED).first()
    if member is None or project.status != ProjectStatus.PENDING_PARTNER:
        raise ProjectError(_("There is no invitation to found this project waiting for you."))
    if not policies.can_found_projects(user):
        raise NotAllowed(_("Only validated eTwinners can found projects."))
    school = _school_of(user, school)
    member.status = MemberStatus.ACTIVE
    member.school = school
    member.country_id = school.country_id
    member.joined_at = timezone.now()
    member.save(update_fields=["status", "school", "country", "joined_at"])
    audit_record(actor=user, action="project.partner_accepted", target=project, country_code=school.country.code)
    _send_to_nsos(project, by=user)
    _tell_founders(
        project,
        kind="projects.partner_answered",
        title=format_lazy(
            gettext_lazy("{name} accepted to found “{title}”: it is sent to the NSOs"),
            name=user.display_name,
            title=project.title,
        ),
        but=user,
    )
    return project


@transaction.atomic
def cofounder_decline(*, project: Project, user: Any, reason: str = "") -> Project:
    """The co-founder declines: the project is rejected at the partner's step, with the reason given."""
    project = _lock(project)
    member = project.members.filter(user=user, role=MemberRole.FOUNDER, status=MemberStatus.INVITED).first()
    if member is None or project.status != ProjectStatus.PENDING_PARTNER:
        raise ProjectError(_("There is no invitation to found this project waiting for you."))
    reason = (reason or "").strip()[:REASON_MAX]
    now = timezone.now()
    member.status = MemberStatus.DECLINED
    member.ended_at = now
    member.end_reason = reason
    member.save(update_fields=["status", "ended_at", "end_reason"])
    _reject(project, step=RejectedStep.PARTNER, reason=reason)
    audit_record(
        actor=user,
        action="project.partner_declined",
        target=project,
        country_code=_country_code(project),
        reason=reason,
    )
    _tell_founders(
        project,
        kind="projects.partner_answered",
        title=format_lazy(
            gettext_lazy("{name} declined to found “{title}”"), name=user.display_name, title=project.title
        ),
        body=reason,
    )
    return project


def _reject(project: Project, *, step: str, reason: str) -> None:
    ProjectApproval.objects.filter(project=project, status=ApprovalStatus.PENDING).update(
        status=ApprovalStatus.WITHDRAWN, decided_at=timezone.now()
    )
    project.status = ProjectStatus.REJECTED
    project.rejected_step = step
    project.rejection_reason = reason
    project.decided_at = timezone.now()
    project.save(update_fields=["status", "rejected_step", "rejection_reason", "decided_at", "updated_at"])


# --- NSO approvals ------------------------------------------------------------------------------------


class ApprovalError(ProjectError):
    pass


def _activate_if_ready(project: Project, *, by: Any) -> bool:
    """Active when no hosted country's approval waits; pending approvals of countries no longer hosted
    become "now on ESEP" first. Called with the project locked."""
    hosted = hosted_country_ids()
    ProjectApproval.objects.filter(project=project, status=ApprovalStatus.PENDING).exclude(
        country_id__in=hosted
    ).update(status=ApprovalStatus.ON_ESEP, decided_at=timezone.now())
    if project.status != ProjectStatus.PENDING_NSO:
        return False
    if ProjectApproval.objects.filter(project=project, status=ApprovalStatus.PENDING).exists():
        return False
    project.status = ProjectStatus.ACTIVE
    project.activated_at = timezone.now()
    project.save(update_fields=["status", "activated_at", "updated_at"])
    audit_record(actor=by, action="project.activated", target=project, country_code=_country_code(project))
    _tell_founders(
        project,
        kind="projects.approved",
        title=format_lazy(gettext_lazy("Your project “{title}” is approved and active"), title=project.title),
    )
    return True


@transaction.atomic
def approvals_decide(
    *, staff: Any, approvals: Iterable[ProjectApproval], approve: bool, reason: str = ""
) -> list[ProjectApproval]:
    """NSO staff approve or reject their own country's side of projects (bulk). Rejecting needs a reason the
    founders read, and rejects the project. Each project is locked first: a second submit of the same
    decision, or a colleague deciding meanwhile, changes nothing and says so."""
    approvals = list(approvals)
    reason = (reason or "").strip()
    if not approvals:
        raise ApprovalError(_("Select at least one project."), field="approvals")
    if not approve and not reason:
        raise ApprovalError(_("Give a reason for the rejection: the founders will read it."), field="reason")
    if len(reason) > REASON_MAX:
        raise ApprovalError(_("This text is longer than %(max)s characters.") % {"max": REASON_MAX}, field="reason")
    decided = []
    for approval in sorted(approvals, key=lambda a: a.project_id):
        project = _lock(approval.project)
        current = ProjectApproval.objects.select_for_update(of=("self",)).select_related("country").get(pk=approval.pk)
        if not can_act_for_country(staff, current.country_id) or not is_support_staff(staff):
            raise NotAllowed(_("You cannot decide on this project."))
        if current.status != ApprovalStatus.PENDING or project.status != ProjectStatus.PENDING_NSO:
            raise ApprovalError(
                _("Someone else decided on “%(title)s” meanwhile. Reload the queue.") % {"title": project.title}
            )
        current.status = ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED
        current.decided_at = timezone.now()
        current.decided_by = staff
        current.reason = reason
        current.save(update_fields=["status", "decided_at", "decided_by", "reason"])
        audit_record(
            actor=staff,
            action="project.nso_approved" if approve else "project.nso_rejected",
            target=project,
            country_code=current.country.code,
            reason=reason,
        )
        if approve:
            _activate_if_ready(project, by=staff)
        else:
            _reject(project, step=RejectedStep.NSO, reason=reason)
            _tell_founders(
                project,
                kind="projects.rejected",
                title=format_lazy(gettext_lazy("Your project “{title}” was not approved"), title=project.title),
                body=reason,
            )
        decided.append(current)
    return decided


@transaction.atomic
def approvals_resolve_unhosted() -> int:
    """Pending approvals of countries no longer hosted here become "now on ESEP"; projects left with no
    approval waiting become active. Safe to run twice (the daily job and the queue run it)."""
    hosted = hosted_country_ids()
    project_ids = set(
        ProjectApproval.objects.filter(status=ApprovalStatus.PENDING, project__status=ProjectStatus.PENDING_NSO)
        .exclude(country_id__in=hosted)
        .values_list("project_id", flat=True)
    )
    activated = 0
    for project in Project.objects.select_for_update().filter(pk__in=project_ids).order_by("pk"):
        activated += _activate_if_ready(project, by=None)
    return activated


# --- Members after activation --------------------------------------------------------------------------


def _require_active(project: Project) -> None:
    if project.status != ProjectStatus.ACTIVE:
        raise ProjectError(_("This can be done only while the project is active."))


@transaction.atomic
def member_invite(*, project: Project, by: Any, user: Any, message: str = "") -> ProjectMember:
    """A founder invites one of their contacts, a validated eTwinner, to take part."""
    project = _lock(project)
    _require_founder(project, by)
    _require_active(project)
    if user.pk == by.pk:
        raise ProjectError(_("You are already in this project."), field="user")
    if not are_contacts(by, user):
        raise ProjectError(_("Only your contacts can be invited to a project."), field="user")
    if not policies.can_found_projects(user):
        raise ProjectError(_("Only validated eTwinners can join projects."), field="user")
    if project.members.filter(user=user, status__in=("invited", "active")).exists():
        raise ProjectError(_("%(name)s is already in this project or invited.") % {"name": user.display_name})
    member = ProjectMember.objects.create(
        project=project,
        user=user,
        role=MemberRole.MEMBER,
        status=MemberStatus.INVITED,
        invited_by=by,
        country_id=user.country_id,
        message=(message or "").strip()[:REASON_MAX],
    )
    audit_record(actor=by, action="project.member_invited", target=project, data={"user": user.pk})
    notify(
        recipient=user,
        kind="projects.member_invited",
        title=format_lazy(
            gettext_lazy("{name} invites you to the project “{title}”"), name=by.display_name, title=project.title
        ),
        body=member.message,
        url=_url(project),
    )
    return member


@transaction.atomic
def invitation_answer(*, project: Project, user: Any, accept: bool, school: School | None = None) -> ProjectMember:
    """The invited teacher accepts (choosing one of their schools) or declines."""
    project = _lock(project)
    member = project.members.filter(user=user, role=MemberRole.MEMBER, status=MemberStatus.INVITED).first()
    if member is None:
        raise ProjectError(_("There is no invitation to this project waiting for you."))
    now = timezone.now()
    if accept:
        _require_active(project)
        if not policies.can_found_projects(user):
            raise NotAllowed(_("Only validated eTwinners can join projects."))
        school = _school_of(user, school)
        member.status = MemberStatus.ACTIVE
        member.school = school
        member.country_id = school.country_id
        member.joined_at = now
        member.save(update_fields=["status", "school", "country", "joined_at"])
    else:
        member.status = MemberStatus.DECLINED
        member.ended_at = now
        member.save(update_fields=["status", "ended_at"])
    audit_record(
        actor=user,
        action="project.member_joined" if accept else "project.member_declined",
        target=project,
        data={"school": school.pk if accept and school else None},
    )
    if member.invited_by is not None:
        notify(
            recipient=member.invited_by,
            kind="projects.member_answered",
            title=format_lazy(
                gettext_lazy("{name} joined “{title}”")
                if accept
                else gettext_lazy("{name} declined to join “{title}”"),
                name=user.display_name,
                title=project.title,
            ),
            url=_url(project),
        )
    return member


def _flag_if_founderless(project: Project) -> None:
    if (
        project.founderless_since is None
        and not project.members.filter(role=MemberRole.FOUNDER, status=MemberStatus.ACTIVE).exists()
    ):
        project.founderless_since = timezone.now()
        project.save(update_fields=["founderless_since", "updated_at"])
        audit_record(actor=None, action="project.founderless", target=project)


@transaction.atomic
def member_leave(*, project: Project, user: Any) -> ProjectMember:
    """A member (or a founder) leaves an active or closed project; a project left with no founder is flagged
    to its NSO."""
    project = _lock(project)
    member = project.members.filter(user=user, status=MemberStatus.ACTIVE).first()
    if member is None or project.status not in (ProjectStatus.ACTIVE, ProjectStatus.CLOSED):
        raise ProjectError(_("You are not taking part in this project."))
    member.status = MemberStatus.LEFT
    member.ended_at = timezone.now()
    member.founder_offered_by = None
    member.save(update_fields=["status", "ended_at", "founder_offered_by"])
    audit_record(actor=user, action="project.member_left", target=project, data={"role": member.role})
    _flag_if_founderless(project)
    return member


@transaction.atomic
def member_remove(*, project: Project, by: Any, member: ProjectMember, reason: str) -> ProjectMember:
    """A founder removes a member who no longer takes part, with a reason the member reads."""
    project = _lock(project)
    _require_founder(project, by)
    reason = (reason or "").strip()
    if not reason:
        raise ProjectError(_("Give a reason: the member will read it."), field="reason")
    if len(reason) > REASON_MAX:
        raise ProjectError(_("This text is longer than %(max)s characters.") % {"max": REASON_MAX}, field="reason")
    live = project.members.filter(pk=member.pk, status__in=("invited", "active")).first()
    if live is None or live.role == MemberRole.FOUNDER:
        raise ProjectError(_("Only members who are not founders can be removed."))
    member = live
    member.status = MemberStatus.REMOVED if member.status == MemberStatus.ACTIVE else MemberStatus.ENDED
    member.ended_at = timezone.now()
    member.end_reason = reason
    member.save(update_fields=["status", "ended_at", "end_reason"])
    audit_record(
        actor=by, action="project.member_removed", target=project, reason=reason, data={"user": member.user_id}
    )
    notify(
        recipient=member.user,
        kind="projects.member_removed",
        title=format_lazy(gettext_lazy("You were removed from the project “{title}”"), title=project.title),
        body=reason,
        url=_url(project),
    )
    return member


@transaction.atomic
def founder_offer(*, project: Project, by: Any, member: ProjectMember) -> ProjectMember:
    """A founder offers founder rights to a teacher member; the member accepts or not."""
    project = _lock(project)
    _require_founder(project, by, validated=False)
    live = project.members.filter(pk=member.pk, status=MemberStatus.ACTIVE, role=MemberRole.MEMBER).first()
    if live is None:
        raise ProjectError(_("Founder rights can be handed only to a member taking part."))
    member = live
    member.founder_offered_by = by
    member.founder_offered_at = timezone.now()
    member.save(update_fields=["founder_offered_by", "founder_offered_at"])
    audit_record(actor=by, action="project.founder_offered", target=project, data={"user": member.user_id})
    notify(
        recipient=member.user,
        kind="projects.founder_offered",
        title=format_lazy(
            gettext_lazy("{name} offers you founder rights in “{title}”"), name=by.display_name, title=project.title
        ),
        url=_url(project),
    )
    return member


@transaction.atomic
def founder_offer_answer(*, project: Project, user: Any, accept: bool) -> ProjectMember:
    project = _lock(project)
    member = project.members.filter(
        user=user, status=MemberStatus.ACTIVE, role=MemberRole.MEMBER, founder_offered_by__isnull=False
    ).first()
    if member is None or member.founder_offered_at is None:
        raise ProjectError(_("No founder rights are offered to you in this project."))
    offered_by = member.founder_offered_by
    if accept:
        member.role = MemberRole.FOUNDER
    member.founder_offered_by = None
    member.founder_offered_at = None
    member.save(update_fields=["role", "founder_offered_by", "founder_offered_at"])
    if accept and project.founderless_since is not None:
        project.founderless_since = None
        project.save(update_fields=["founderless_since", "updated_at"])
    audit_record(
        actor=user, action="project.founder_accepted" if accept else "project.founder_declined", target=project
    )
    if offered_by is not None:
        notify(
            recipient=offered_by,
            kind="projects.member_answered",
            title=format_lazy(
                gettext_lazy("{name} is now a founder of “{title}”")
                if accept
                else gettext_lazy("{name} did not take founder rights in “{title}”"),
                name=user.display_name,
                title=project.title,
            ),
            url=_url(project),
        )
    return member


@transaction.atomic
def member_school_change(*, project: Project, user: Any, school: School | None) -> ProjectMember:
    """A member who changed school keeps the project, with the new school recorded (the old one in the trail)."""
    member = project.members.filter(user=user, status=MemberStatus.ACTIVE).first()
    if member is None:
        raise ProjectError(_("You are not taking part in this project."))
    school = _school_of(user, school)
    if member.school_id == school.pk:
        return member
    old = member.school_id
    member.school = school
    member.country_id = school.country_id
    member.save(update_fields=["school", "country"])
    audit_record(
        actor=user, action="project.member_school_changed", target=project, data={"from": old, "to": school.pk}
    )
    return member


@transaction.atomic
def project_close(*, project: Project, by: Any) -> Project:
    """Founders close an active project at its end (its workspace becomes read-only)."""
    project = _lock(project)
    _require_founder(project, by)
    _require_active(project)
    project.status = ProjectStatus.CLOSED
    project.closed_at = timezone.now()
    project.save(update_fields=["status", "closed_at", "updated_at"])
    audit_record(actor=by, action="project.closed", target=project, country_code=_country_code(project))
    for member in project.members.filter(status=MemberStatus.ACTIVE).exclude(user=by).select_related("user"):
        notify(
            recipient=member.user,
            kind="projects.closed",
            title=format_lazy(gettext_lazy("The project “{title}” is closed"), title=project.title),
            url=_url(project),
        )
    return project


@transaction.atomic
def project_archive(*, project: Project, by: Any) -> Project:
    """Founders archive an active or closed project (it stays in the gallery)."""
    project = _lock(project)
    _require_founder(project, by)
    if not project.is_archivable:
        raise ProjectError(_("Only an active or closed project can be archived."))
    project.status = ProjectStatus.ARCHIVED
    project.archived_at = timezone.now()
    project.save(update_fields=["status", "archived_at", "updated_at"])
    audit_record(actor=by, action="project.archived", target=project, country_code=_country_code(project))
    return project


@transaction.atomic
def external_partner_add(*, project: Project, by: Any, data: dict) -> ExternalPartner:
    """A founder records another partner who works on ESEP (their country is not hosted here)."""
    project = _lock(project)
    _require_founder(project, by)
    if project.status not in EDITABLE_STATUSES:
        raise ProjectError(_("This project can no longer be changed."))
    clean = _check_external(data)
    partner = ExternalPartner.objects.create(project=project, added_by=by, **clean)
    audit_record(
        actor=by, action="project.external_partner_added", target=project, data={"country": clean["country"].code}
    )
    return partner


# --- Erasure ------------------------------------------------------------------------------------------


@transaction.atomic
def memberships_end_for_erasure(*, user: Any) -> int:
    """A person's erasure: their live memberships end. Active or closed projects left without a founder are
    flagged to the NSO; a draft or pending project that loses its co-founder goes back to a draft (its
    approvals are withdrawn, the founder picks another co-founder); one left with no founder at all is
    rejected. Safe to run twice."""
    ended = 0
    project_ids = list(
        ProjectMember.objects.filter(user=user, status__in=("invited", "active"))
        .values_list("project_id", flat=True)
        .distinct()
    )
    for project in Project.objects.select_for_update().filter(pk__in=project_ids).order_by("pk"):
        now = timezone.now()
        ended += project.members.filter(user=user, status__in=("invited", "active")).update(
            status=MemberStatus.ENDED, ended_at=now, end_reason="", founder_offered_by=None
        )
        if project.status in (ProjectStatus.DRAFT, ProjectStatus.PENDING_PARTNER, ProjectStatus.PENDING_NSO):
            if not project.members.filter(role=MemberRole.FOUNDER, status=MemberStatus.ACTIVE).exists():
                _reject(project, step="", reason=_("The founder's account was erased."))
            elif (
                project.status != ProjectStatus.DRAFT and not project.external_partners.filter(is_founder=True).exists()
            ):
                ProjectApproval.objects.filter(project=project).delete()
                project.status = ProjectStatus.DRAFT
                project.save(update_fields=["status", "updated_at"])
            audit_record(actor=None, action="project.member_erased", target=project)
        else:
            audit_record(actor=None, action="project.member_erased", target=project)
            _flag_if_founderless(project)
    return ended


@transaction.atomic
def cofounder_replace(*, project: Project, by: Any, cofounder: Any) -> Project:
    """A draft whose co-founder is gone (declined before sending, or erased) gets another contact."""
    project = _lock(project)
    _require_founder(project, by)
    if project.status != ProjectStatus.DRAFT:
        raise ProjectError(_("The co-founder can be changed only on a draft."))
    _check_cofounder(by, cofounder)
    project.members.filter(role=MemberRole.FOUNDER, status=MemberStatus.INVITED).update(
        status=MemberStatus.ENDED, ended_at=timezone.now()
    )
    ProjectMember.objects.create(
        project=project,
        user=cofounder,
        role=MemberRole.FOUNDER,
        status=MemberStatus.INVITED,
        invited_by=by,
        country_id=cofounder.country_id,
    )
    audit_record(actor=by, action="project.cofounder_changed", target=project, data={"user": cofounder.pk})
    return project


# --- Kits ---------------------------------------------------------------------------------------------

KIT_FIELDS = (
    "title_en",
    "title_el",
    "summary_en",
    "summary_el",
    "aims_en",
    "aims_el",
    "activities_en",
    "activities_el",
    "tools_en",
    "tools_el",
    "duration_weeks",
    "age_band",
)


@transaction.atomic
def kit_save(*, by: Any, data: dict, kit: ProjectKit | None = None, country=None) -> ProjectKit:
    """NSO staff write a kit for their country (CSS staff for every country), in both languages."""
    if not is_support_staff(by):
        raise NotAllowed(_("Only NSO staff publish kits."))
    if kit is None:
        if country is None and not is_css_staff(by):
            ids = sorted(nso_country_ids(by))
            country_id = ids[0] if ids else None
        else:
            country_id = country.pk if country is not None else None
        if country_id is not None and not can_act_for_country(by, country_id):
            raise NotAllowed(_("You cannot publish kits for this country."))
        kit = ProjectKit(created_by=by, country_id=country_id)
    elif not policies.kits_editable_by(by).filter(pk=kit.pk).exists():
        raise NotAllowed(_("You cannot change this kit."))
    for name in KIT_FIELDS:
        if name in data:
            value = data[name]
            setattr(kit, name, value.strip() if isinstance(value, str) else value)
    for name in ("title_en", "title_el", "summary_en", "summary_el"):
        if not getattr(kit, name):
            raise ProjectError(_("This field is required."), field=name)
    subjects = list(data.get("subjects") or [])
    if len(subjects) > MAX_SUBJECTS:
        raise ProjectError(_("Choose at most %(max)s.") % {"max": MAX_SUBJECTS}, field="subjects")
    published = bool(data.get("is_published"))
    if published and not kit.is_published:
        kit.published_at = timezone.now()
    kit.is_published = published
    kit.save()
    kit.subjects.set(subjects)
    audit_record(
        actor=by,
        action="project_kit.published" if published else "project_kit.saved",
        target=kit,
        country_code=kit.country.code if kit.country else "",
    )
    return kit


def kit_initial(kit: ProjectKit) -> dict:
    """What a project started from a kit is filled with, in the language of the page."""
    return {
        "title": kit.title,
        "summary": kit.summary,
        "aims": kit.aims,
        "work_process": kit.activities,
        "tools": kit.tools,
        "age_bands": [kit.age_band_id] if kit.age_band_id else [],
        "subjects": [s.pk for s in kit.subjects.all()],
        "kit": kit.pk,
    }


# --- Teachers' ESEP history ---------------------------------------------------------------------------


@transaction.atomic
def esep_import_check(*, staff: Any, country: Any, name: str, content: bytes) -> EsepHistoryImport:
    """Check an NSO's CSV of its teachers' ESEP history and keep a preview: every wrong row is reported and,
    if there is one, nothing can be imported from the file."""
    if not is_support_staff(staff) or not can_act_for_country(staff, country.pk):
        raise NotAllowed(_("You cannot import ESEP history for this country."))
    checked = esep_import.check(content, country=country)
    upload = EsepHistoryImport.objects.create(
        country=country,
        created_by=staff,
        original_name=(name or "")[:255],
        status=EsepHistoryImport.Status.INVALID if checked.errors else EsepHistoryImport.Status.READY,
        total_rows=checked.total,
        error_count=len(checked.errors),
        errors=checked.errors[: esep_import.MAX_ERRORS_KEPT],
        rows=[] if checked.errors else checked.rows,
        to_create=checked.to_create,
        to_update=checked.to_update,
        unchanged=checked.unchanged,
    )
    audit_record(actor=staff, action="esep_history.checked", target=upload, country_code=country.code)
    return upload


@transaction.atomic
def esep_import_apply(*, staff: Any, upload: EsepHistoryImport) -> EsepHistoryImport:
    """Write a checked file: each row creates or updates one verified item; the same file twice changes
    nothing the second time (rows are keyed by teacher, kind, ESEP identifier and label)."""
    upload = EsepHistoryImport.objects.select_for_update().get(pk=upload.pk)
    if not can_act_for_country(staff, upload.country_id):
        raise NotAllowed(_("You cannot import ESEP history for this country."))
    if upload.status != EsepHistoryImport.Status.READY:
        raise ProjectError(_("This file cannot be imported (it has errors, or it was imported already)."))
    now = timezone.now()
    created = updated = 0
    for row in upload.rows:
        item, was_created = EsepHistoryItem.objects.get_or_create(
            user_id=row["user"],
            kind=row["kind"],
            esep_id=row["esep_id"],
            label=row["label"],
            defaults={
                "title": row["title"],
                "year": row["year"],
                "country_id": upload.country_id,
                "source": HistorySource.IMPORTED,
                "status": HistoryStatus.VERIFIED,
                "imported_by": upload,
                "decided_at": now,
                "decided_by": staff,
            },
        )
        if was_created:
            created += 1
        elif (item.title, item.year, item.status) != (row["title"], row["year"], HistoryStatus.VERIFIED):
            item.title, item.year, item.status = row["title"], row["year"], HistoryStatus.VERIFIED
            item.decided_at, item.decided_by = now, staff
            item.save(update_fields=["title", "year", "status", "decided_at", "decided_by"])
            updated += 1
    upload.status = EsepHistoryImport.Status.DONE
    upload.created_count, upload.updated_count = created, updated
    upload.finished_at = now
    upload.rows = []
    upload.save(update_fields=["status", "created_count", "updated_count", "finished_at", "rows"])
    audit_record(
        actor=staff,
        action="esep_history.imported",
        target=upload,
        country_code=upload.country.code,
        data={"created": created, "updated": updated},
    )
    return upload


@transaction.atomic
def esep_item_declare(*, user: Any, data: dict) -> EsepHistoryItem:
    """A teacher declares a project or a quality label from their ESEP history; their NSO verifies it."""
    if not policies.can_found_projects(user):
        raise NotAllowed(_("Only validated eTwinners can declare their ESEP history."))
    row, problems = esep_import.clean_item(data)
    if problems:
        field, message = problems[0]
        raise ProjectError(message, field=field)
    if EsepHistoryItem.objects.filter(user=user, kind=row["kind"], esep_id=row["esep_id"], label=row["label"]).exists():
        raise ProjectError(_("This item is already in your ESEP history."), field="esep_id")
    item = EsepHistoryItem.objects.create(
        user=user,
        kind=row["kind"],
        esep_id=row["esep_id"],
        title=row["title"],
        year=row["year"],
        label=row["label"],
        country_id=user.country_id,
        source=HistorySource.DECLARED,
        status=HistoryStatus.PENDING,
    )
    audit_record(actor=user, action="esep_history.declared", target=item, country_code=_user_country_code(user))
    return item


def _user_country_code(user: Any) -> str:
    return user.country.code if getattr(user, "country_id", None) else ""


@transaction.atomic
def esep_item_decide(*, staff: Any, item: EsepHistoryItem, verify: bool, reason: str = "") -> EsepHistoryItem:
    """The teacher's NSO verifies a declared item, or rejects it with a reason the teacher reads."""
    item = EsepHistoryItem.objects.select_for_update(of=("self",)).select_related("user", "country").get(pk=item.pk)
    if not is_support_staff(staff) or not can_act_for_country(staff, item.user.country_id):
        raise NotAllowed(_("You cannot decide on this item."))
    if item.status != HistoryStatus.PENDING:
        raise ProjectError(_("Someone else decided on this item meanwhile."))
    reason = (reason or "").strip()[:REASON_MAX]
    if not verify and not reason:
        raise ProjectError(_("Give a reason: the teacher will read it."), field="reason")
    item.status = HistoryStatus.VERIFIED if verify else HistoryStatus.REJECTED
    item.decided_at = timezone.now()
    item.decided_by = staff
    item.rejection_reason = "" if verify else reason
    item.save(update_fields=["status", "decided_at", "decided_by", "rejection_reason"])
    audit_record(
        actor=staff,
        action="esep_history.verified" if verify else "esep_history.rejected",
        target=item,
        country_code=item.country.code if item.country else "",
        reason=reason,
    )
    notify(
        recipient=item.user,
        kind="projects.esep_history",
        title=format_lazy(
            gettext_lazy("Your NSO verified “{title}” in your ESEP history")
            if verify
            else gettext_lazy("Your NSO did not accept “{title}” in your ESEP history"),
            title=item.title,
        ),
        body=reason,
        url=lambda: reverse("projects:my_esep_history"),
    )
    return item
