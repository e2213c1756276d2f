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

Teacher admins are the project's founders, teacher members its other teachers (pupils' logins come with
the pupils' part). NSO staff of a member's country (and CSS staff) read the whole workspace. Only an active
project's workspace takes writes; a closed or archived one is read-only and keeps its public view.
"""

from __future__ import annotations

import enum
from typing import Any

from django.http import Http404

from twinning.projects import policies as project_policies
from twinning.projects.models import PUBLIC_STATUSES, MemberRole, MemberStatus, Project, ProjectMember, ProjectStatus


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
}
WRITES = frozenset({"post_updates", "edit_pages", "create_discussions", "create_threads", "reply", "manage_members"})
_MEMO = "_twinspace_roles"


def role_of(user: Any, project: Project) -> Role:
    """The person's role in the project's workspace (read once per project and request)."""
    if not getattr(user, "is_authenticated", False):
        return Role.VISITOR
    memo = getattr(user, _MEMO, None)
    if memo is None:
        memo = {}
        setattr(user, _MEMO, memo)
    if project.pk not in memo:
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
    return may(role, "view", project) or bool(workspace.public)


def workspace_project_or_404(user: Any, project_id: Any) -> Project:
    """A project whose workspace is open (active, closed or archived) and which the person may see."""
    project = project_policies.project_or_404(user, project_id)
    if not is_open(project):
        raise Http404
    return project
