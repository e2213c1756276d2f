"""Who may do what in a TwinSpace: the matrix of domain §6, in one place, used by every view, template,
service and by the discussion and file hosts.

| may                                   | teacher admin | teacher member | pupil admin | pupil | visitor |
|---------------------------------------|---------------|----------------|-------------|-------|---------|
| view the workspace                    | yes           | yes            | yes         | yes   | public parts only |
| post updates                          | yes           | yes            | yes         | no    | no      |
| add/edit pages, see drafts            | yes           | yes            | yes         | no    | no      |
| create forum discussions              | yes           | yes            | no          | no    | no      |
| create threads                        | yes           | yes            | yes         | reply only | no |
| teachers' bulletin                    | yes           | yes            | no          | no    | no      |
| invite, change roles, reset passwords | yes           | no             | no          | no    | no      |

Teacher admins are the project's founders, teacher members its other teachers; pupils are those a teacher
of their school added (``PupilMembership``), as pupils or pupil administrators. NSO staff of a member's
country (and CSS staff) read the whole workspace. Only an active project's workspace takes writes; a closed
or archived one is read-only and keeps its public view; moderation alone hides it.
"""

from __future__ import annotations

import enum
from typing import Any

from django.http import Http404

from twinning.core.lookups import get_or_404
from twinning.core.pupils import is_pupil
from twinning.projects import policies as project_policies
from twinning.projects.models import PUBLIC_STATUSES, MemberRole, MemberStatus, Project, ProjectMember, ProjectStatus

from .models import PupilMembership, PupilRole


class Role(enum.StrEnum):
    TEACHER_ADMIN = "teacher_admin"
    TEACHER = "teacher"
    PUPIL_ADMIN = "pupil_admin"
    PUPIL = "pupil"
    STAFF = "staff"  # NSO or CSS staff concerned: read everything, write nothing
    VISITOR = "visitor"


MEMBERS = frozenset({Role.TEACHER_ADMIN, Role.TEACHER, Role.PUPIL_ADMIN, Role.PUPIL})
TEACHERS = frozenset({Role.TEACHER_ADMIN, Role.TEACHER})

MATRIX: dict[str, frozenset[Role]] = {
    "view": MEMBERS | {Role.STAFF},
    "post_updates": TEACHERS | {Role.PUPIL_ADMIN},
    "edit_pages": TEACHERS | {Role.PUPIL_ADMIN},
    "see_drafts": TEACHERS | {Role.PUPIL_ADMIN, Role.STAFF},
    "create_discussions": TEACHERS,
    "create_threads": TEACHERS | {Role.PUPIL_ADMIN},
    "reply": MEMBERS,
    "bulletin": TEACHERS | {Role.STAFF},
    "manage_members": frozenset({Role.TEACHER_ADMIN}),
    "see_pupils": TEACHERS | {Role.STAFF},  # the pupils of every school (pupils see only their own school's)
    "comment": MEMBERS,  # like and comment on updates
    "pin": TEACHERS,  # pin updates, remove others' updates and comments
}
WRITES = frozenset(
    {"post_updates", "edit_pages", "create_discussions", "create_threads", "reply", "manage_members", "comment", "pin"}
)
_MEMO = "_twinspace_roles"


def role_of(user: Any, project: Project) -> Role:
    """The person's role in the project's workspace (read once per project and request)."""
    if not getattr(user, "is_authenticated", False):
        return Role.VISITOR
    memo = getattr(user, _MEMO, None)
    if memo is None:
        memo = {}
        setattr(user, _MEMO, memo)
    if project.pk not in memo and is_pupil(user):
        membership = (
            PupilMembership.objects.filter(workspace__project_id=project.pk, pupil_id=user.pk).only("role").first()
        )
        memo[project.pk] = (
            Role.VISITOR
            if membership is None
            else (Role.PUPIL_ADMIN if membership.role == PupilRole.PUPIL_ADMIN else Role.PUPIL)
        )
    if project.pk not in memo:
        known, member = project_policies.known_membership(user, project)
        if known:
            member = member if member is not None and member.status == MemberStatus.ACTIVE else None
        else:
            member = (
                ProjectMember.objects.filter(project_id=project.pk, user_id=user.pk, status=MemberStatus.ACTIVE)
                .only("role")
                .first()
            )
        if member is not None:
            memo[project.pk] = Role.TEACHER_ADMIN if member.role == MemberRole.FOUNDER else Role.TEACHER
        elif project_policies.is_staff_concerned(user, project):
            memo[project.pk] = Role.STAFF
        else:
            memo[project.pk] = Role.VISITOR
    return memo[project.pk]


def forget(user: Any) -> None:
    if hasattr(user, _MEMO):
        delattr(user, _MEMO)


def is_open(project: Project) -> bool:
    return project.status in PUBLIC_STATUSES


def writable(project: Project) -> bool:
    return project.status == ProjectStatus.ACTIVE


def may(role: Role, action: str, project: Project) -> bool:
    """May someone of ``role`` do ``action`` in this project's workspace now (closed ones take no writes)?"""
    if not is_open(project) or role not in MATRIX[action]:
        return False
    return writable(project) or action not in WRITES


def can_view(user: Any, project: Project, workspace) -> bool:
    """Members and staff see the workspace; visitors see its public view when the settings allow it."""
    if not is_open(project):
        return False
    role = role_of(user, project)
    if getattr(workspace, "hidden_at", None) is not None and role != Role.STAFF:
        return False  # hidden by moderation: only the staff concerned see it, until they show it again
    if role == Role.VISITOR and is_pupil(user):
        return False  # pupils see their own workspaces only, not even others' public views
    return may(role, "view", project) or bool(workspace.public)


def workspace_project_or_404(user: Any, project_id: Any) -> Project:
    """A project whose workspace is open (active, closed or archived) and which the person may see."""
    project = project_policies.project_or_404(user, project_id)
    if not is_open(project):
        raise Http404
    return project


# --- Guests and meetings (docs/twinspace.md) ----------------------------------------------------------------
# Guests are invited and revoked by those who "manage_members" (teacher admins, active project). Meetings are
# the teachers': they schedule them in an active project; teachers and staff see them, pupils never do.


def may_see_meetings(role: Role, project: Project) -> bool:
    return is_open(project) and role in (TEACHERS | {Role.STAFF})


def may_schedule_meetings(role: Role, project: Project) -> bool:
    return writable(project) and role in TEACHERS


def pupil_for_teacher_or_404(user: Any, workspace, pupil_id: Any) -> PupilMembership:
    """A pupil of this workspace whom the person manages: a founder, for the pupils of the school they take
    part with (each school looks after its own pupils). Anyone else, or another workspace's pupil: 404."""
    project = workspace.project
    if role_of(user, project) != Role.TEACHER_ADMIN:
        raise Http404
    schools = ProjectMember.objects.filter(project_id=project.pk, user_id=user.pk, status=MemberStatus.ACTIVE)
    qs = PupilMembership.objects.filter(workspace=workspace, pupil__school_id__in=schools.values("school_id"))
    return get_or_404(qs.select_related("pupil__user", "pupil__school__country"), pupil_id=pupil_id)


# --- Archive (docs/twinspace.md, "Archive") ----------------------------------------------------------------
# The founders, and the staff concerned, take the whole workspace away as an archive, also once the project
# is closed (that is when it matters most); only the founders of an active project import one into it.


def may_export_archive(role: Role, project: Project) -> bool:
    return is_open(project) and role in (Role.TEACHER_ADMIN, Role.STAFF)


def may_import_archive(role: Role, project: Project) -> bool:
    return may(role, "manage_members", project)


def may_write_on_wall(user: Any, role: Role, project: Project, wall_user_id: int) -> bool:
    """A pupil writes on their own wall; the others comment there (``comment``)."""
    return role in (Role.PUPIL, Role.PUPIL_ADMIN) and user.pk == wall_user_id and writable(project)


def may_remove(user: Any, role: Role, project: Project, author_id: int | None) -> bool:
    """An author removes what they wrote; teachers remove anything in the feed and on the walls."""
    return writable(project) and (may(role, "pin", project) or (author_id is not None and author_id == user.pk))
