"""Who may see and do what with projects. Plain functions; views fetch through the ``*_or_404`` helpers, which
answer 404 for a missing project and for one the person may not see alike.

- Anyone sees public projects (active, closed, archived): the gallery and the public page.
- A pending, draft or rejected project is seen only by its members (founders and invited teachers) and by
  the staff of the NSOs concerned (the countries of its approvals or of its members); CSS staff see all.
- Founders (active founder memberships) manage the project; the NSO of a country decides only on that
  country's approval (``can_decide_approval``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from twinning.accounts.policies import is_etwinner
from twinning.core.lookups import get_or_404
from twinning.staff.policies import can_act_for_country, is_css_staff, is_support_staff, nso_country_ids

from .models import (
    LIVE_MEMBER_STATUSES,
    PUBLIC_STATUSES,
    ApprovalStatus,
    EsepHistoryItem,
    MemberRole,
    MemberStatus,
    Project,
    ProjectApproval,
    ProjectKit,
    ProjectMember,
)


def can_found_projects(user: Any) -> bool:
    """Founding and joining projects need an NSO-validated account (domain §2)."""
    return is_etwinner(user)


def live_membership(user: Any, project: Project) -> ProjectMember | None:
    """The person's invited or active membership of the project, if any (one query)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        ProjectMember.objects.filter(project=project, user=user, status__in=LIVE_MEMBER_STATUSES)
        .select_related("school")
        .first()
    )


_KNOWN = "_known_memberships"


def remember_membership(user: Any, project: Project, membership: ProjectMember | None) -> None:
    """The page read the person's live membership of the project already (None: none): other parts of the same
    request (the workspace link) ask ``known_membership`` instead of reading it again. Kept on the project
    object, which lives for one request."""
    project.__dict__.setdefault(_KNOWN, {})[user.pk] = membership


def known_membership(user: Any, project: Project) -> tuple[bool, ProjectMember | None]:
    """(True, the live membership or None) when this request read it already, else (False, None)."""
    known = project.__dict__.get(_KNOWN, {})
    if user.pk in known:
        return True, known[user.pk]
    return False, None


def is_founder(user: Any, project: Project) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return ProjectMember.objects.filter(
        project=project, user=user, role=MemberRole.FOUNDER, status=MemberStatus.ACTIVE
    ).exists()


def _staff_scope(user: Any) -> Q | None:
    """Projects concerning the countries a staff member serves (an approval or a member there)."""
    if is_css_staff(user):
        return None
    ids = nso_country_ids(user)
    return Q(
        Exists(ProjectApproval.objects.filter(project=OuterRef("pk"), country_id__in=ids))
        | Exists(ProjectMember.objects.filter(project=OuterRef("pk"), country_id__in=ids))
    )


def is_staff_concerned(user: Any, project: Project) -> bool:
    """Staff whose countries the project concerns (CSS: every project): they see its approvals, invitations
    and audit trail, whatever its state."""
    if not is_support_staff(user):
        return False
    # Asked up to three times per page (seeing it, its sections, the workspace link): answered once per
    # project object, which lives for one request.
    known = project.__dict__.setdefault("_staff_concerned", {})
    if user.pk not in known:
        scope = _staff_scope(user)
        known[user.pk] = scope is None or Project.objects.filter(scope, pk=project.pk).exists()
    return known[user.pk]


def can_see_project(user: Any, project: Project) -> bool:
    if project.status in PUBLIC_STATUSES:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if is_staff_concerned(user, project):
        return True
    return ProjectMember.objects.filter(project=project, user=user, status__in=LIVE_MEMBER_STATUSES).exists()


def project_or_404(user: Any, project_id: Any, *, queryset: QuerySet[Project] | None = None) -> Project:
    """A project the person may see; missing and not visible both give 404."""
    project = get_or_404(queryset if queryset is not None else Project.objects.all(), pk=project_id)
    if not can_see_project(user, project):
        raise Http404
    return project


def project_for_founder_or_404(user: Any, project_id: Any) -> Project:
    """A project the person founds (an active founder), else 404."""
    qs = Project.objects.filter(
        Exists(
            ProjectMember.objects.filter(
                project=OuterRef("pk"), user_id=getattr(user, "pk", None) or 0, role=MemberRole.FOUNDER, status="active"
            )
        )
    )
    return get_or_404(qs, pk=project_id)


def membership_or_404(user: Any, project_id: Any, *, statuses=LIVE_MEMBER_STATUSES) -> ProjectMember:
    """The person's own membership of a project (invited or active), else 404."""
    qs = ProjectMember.objects.select_related("project", "school").filter(
        user_id=getattr(user, "pk", None) or 0, status__in=statuses
    )
    return get_or_404(qs, project_id=project_id)


def member_of_project_or_404(project: Project, member_id: Any) -> ProjectMember:
    return get_or_404(ProjectMember.objects.select_related("user").filter(project=project), pk=member_id)


# --- NSO approvals -------------------------------------------------------------------------------------


def approval_countries(user: Any) -> set[int] | None:
    """The countries whose approvals this staff member sees: None for every one (CSS staff), an empty set for
    anyone who is not staff."""
    if not is_support_staff(user):
        return set()
    if is_css_staff(user):
        return None
    return nso_country_ids(user)


def approvals_visible_to_staff(user: Any, queryset: QuerySet[ProjectApproval] | None = None) -> QuerySet:
    """Approvals of the countries this staff member serves (all for CSS staff)."""
    qs = ProjectApproval.objects.all() if queryset is None else queryset
    countries = approval_countries(user)
    return qs if countries is None else qs.filter(country_id__in=countries)


def can_decide_approval(user: Any, approval: ProjectApproval) -> bool:
    """NSO staff decide on their own country's side of a project, while it waits."""
    return (
        is_support_staff(user)
        and approval.status == ApprovalStatus.PENDING
        and can_act_for_country(user, approval.country_id)
    )


# --- Kits and ESEP history --------------------------------------------------------------------------


def kits_editable_by(user: Any) -> QuerySet[ProjectKit]:
    """Kits a staff member may edit: their own countries' (CSS staff: every kit)."""
    if not is_support_staff(user):
        return ProjectKit.objects.none()
    if is_css_staff(user):
        return ProjectKit.objects.all()
    return ProjectKit.objects.filter(country_id__in=nso_country_ids(user))


def can_edit_kits(user: Any) -> bool:
    return is_support_staff(user)


def published_kit_or_404(kit_id: Any) -> ProjectKit:
    return get_or_404(ProjectKit.objects.filter(is_published=True), pk=kit_id)


def esep_items_visible_to_staff(user: Any, queryset: QuerySet[EsepHistoryItem] | None = None) -> QuerySet:
    qs = EsepHistoryItem.objects.all() if queryset is None else queryset
    if not is_support_staff(user):
        return qs.none()
    if is_css_staff(user):
        return qs
    return qs.filter(user__country_id__in=nso_country_ids(user))
