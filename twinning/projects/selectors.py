"""Reads on projects: the public gallery, a project's page, a teacher's projects, the NSO approval queue with
what to check on each row, kits and ESEP history. Each page is a fixed number of queries whatever the data
size (asserted in the tests); lists never count (``core.paging.paginate``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from twinning.accounts.models import User, ValidationStatus
from twinning.accounts.selectors import Hint  # the validation queue's "what to check" item, shown by the "hints" tag
from twinning.core import cache as core_cache
from twinning.core.links import link_rows
from twinning.core.text import normalize_search
from twinning.reference.models import AgeBand, Country, Language, Subject
from twinning.reference.selectors import hosted_country_ids
from twinning.schools.models import School, SchoolStatus
from twinning.staff.policies import is_css_staff, is_support_staff, nso_country_ids

from . import approvalcache, policies
from .models import (
    LIVE_MEMBER_STATUSES,
    PUBLIC_STATUSES,
    ApprovalStatus,
    EsepHistoryImport,
    EsepHistoryItem,
    ExternalPartner,
    HistoryStatus,
    MemberRole,
    MemberStatus,
    Project,
    ProjectApproval,
    ProjectKit,
    ProjectMember,
    ProjectStatus,
    Scope,
)

# Only the columns the pages show: model instances of wide rows (countries, users) were most of the lists' CPU.
COUNTRY_COLUMNS = ("country__id", "country__name_en", "country__name_el")
SCHOOL_COLUMNS = ("school__id", "school__name", "school__city", "school__status")
MEMBER_COLUMNS = ("id", "project_id", "user_id", "role", "status", "joined_at", "school_id", "country_id")
USER_COLUMNS = ("user__id", "user__first_name", "user__last_name", "user__email", "user__validation_status")


def _external(prefix: str = "") -> Prefetch:
    return Prefetch(
        f"{prefix}external_partners",
        queryset=ExternalPartner.objects.filter(removed_at__isnull=True)
        .select_related("country")
        .only(
            "id",
            "project_id",
            "teacher_name",
            "school_name",
            "esep_url",
            "esep_id",
            "is_founder",
            "country_id",
            *COUNTRY_COLUMNS,
        ),
        to_attr="external",
    )


# --- The public gallery -------------------------------------------------------------------------------


def gallery(*, filters: dict | None = None) -> QuerySet[Project]:
    """Active, closed and archived projects, newest first, with their schools and countries."""
    filters = filters or {}
    qs = Project.objects.filter(status__in=PUBLIC_STATUSES)
    if filters.get("country"):
        qs = qs.filter(
            Exists(
                ProjectMember.objects.filter(
                    project=OuterRef("pk"), country=filters["country"], status=MemberStatus.ACTIVE
                )
            )
        )
    for name in ("subject", "age_band", "language"):
        if filters.get(name):
            through = getattr(Project, f"{name}s").through
            column = {"subject": "subject", "age_band": "ageband", "language": "language"}[name]
            qs = qs.filter(Exists(through.objects.filter(project_id=OuterRef("pk"), **{column: filters[name]})))
    if filters.get("year"):
        qs = qs.filter(activated_at__year=filters["year"])
    if filters.get("scope") in Scope.values:
        qs = qs.filter(scope=filters["scope"])
    if filters.get("erasmus_number"):
        qs = qs.filter(erasmus_number__iexact=filters["erasmus_number"].strip())
    q = normalize_search(filters.get("q") or "").strip()
    if q:
        qs = qs.filter(search_text__contains=q)
    return qs.only(
        "pk", "title", "summary", "status", "scope", "activated_at", "closed_at", "start_date", "end_date"
    ).order_by("-activated_at", "-pk")


_TAXONOMIES: dict[str, type[Subject] | type[AgeBand] | type[Language]] = {
    "subject": Subject,
    "age_band": AgeBand,
    "language": Language,
}


def taxonomy_choices(kind: str) -> list[tuple[int, str]]:
    """(id, name) of subjects, age bands or languages in the active language, sorted; cached (the gallery's
    filters are drawn on every request and the lists change only when CSS staff edit them)."""
    language = (get_language() or "en")[:2]
    key = f"projects:choices:{kind}:{language}"
    choices = cache.get(key)
    if choices is None:
        model = _TAXONOMIES[kind]
        rows = [
            (pk, name_el if language == "el" and name_el else name_en)
            for pk, name_en, name_el in model.objects.values_list("pk", "name_en", "name_el")
        ]
        choices = sorted(rows, key=lambda row: normalize_search(row[1]))
        cache.set(key, choices, 300)
    return choices


def _greek() -> bool:
    return (get_language() or "en").startswith("el")


def _name(item: Any, greek: bool) -> str:
    """A bilingual row's name in the page's language (the language is read once per list, not per name)."""
    if item is None:
        return ""
    return item.name_el if greek and item.name_el else item.name_en


_TAXONOMY_FIELDS = ("subjects", "languages", "age_bands")


def taxonomy_names(project_ids: list[int], greek: bool) -> dict[str, dict[int, list[str]]]:
    """{"subjects"|"languages"|"age_bands": {project id: [names in the page's language]}}, each list in the
    reference order (position, then English name): one query of plain values (``core.links``)."""
    names: dict[str, dict[int, list[str]]] = {kind: {} for kind in _TAXONOMY_FIELDS}
    rows = link_rows(Project, _TAXONOMY_FIELDS, project_ids, columns=("position", "name_en", "name_el"))
    for kind, project_id, _target, _position, name_en, name_el in rows:
        names[_TAXONOMY_FIELDS[kind]].setdefault(project_id, []).append(name_el if greek and name_el else name_en)
    return names


@dataclass
class GalleryCard:
    project: Project
    schools: list[tuple[str, str, bool]]  # (school, country, on ESEP)
    subjects: str
    languages: str
    age_bands: str


def gallery_cards(projects: list[Project]) -> list[GalleryCard]:
    """The gallery's cards with their names already in the page's language (the rendering stays cheap)."""
    greek = _greek()
    ids = [p.pk for p in projects]
    names = taxonomy_names(ids, greek)
    # The schools: active members' schools, then partners working on ESEP (two queries of plain values).
    schools: dict[int, list[tuple[str, str, bool]]] = {}
    members = (
        ProjectMember.objects.filter(project_id__in=ids, status=MemberStatus.ACTIVE, school__isnull=False)
        .order_by("-role", "joined_at", "pk")
        .values_list("project_id", "school__name", "country__name_en", "country__name_el")
    )
    external = (
        ExternalPartner.objects.filter(project_id__in=ids, removed_at__isnull=True)
        .order_by("pk")
        .values_list("project_id", "school_name", "country__name_en", "country__name_el")
    )
    for rows, on_esep in ((members, False), (external, True)):
        for project_id, school, name_en, name_el in rows if ids else []:
            country = name_el if greek and name_el else (name_en or "")
            schools.setdefault(project_id, []).append((school, country, on_esep))
    cards = []
    for project in projects:
        cards.append(
            GalleryCard(
                project=project,
                schools=schools.get(project.pk, []),
                subjects=", ".join(names["subjects"].get(project.pk, [])),
                languages=", ".join(names["languages"].get(project.pk, [])),
                age_bands=", ".join(names["age_bands"].get(project.pk, [])),
            )
        )
    return cards


def count_public_projects() -> int:
    return Project.objects.filter(status__in=PUBLIC_STATUSES).count()


def gallery_years() -> list[int]:
    this_year = timezone.localdate().year
    return list(range(this_year, 2004, -1))


# --- A project's page ---------------------------------------------------------------------------------


def project_for_page() -> QuerySet[Project]:
    """The project row and its partners on ESEP (the taxonomies' names come with ``project_page``)."""
    return Project.objects.prefetch_related(_external())


@dataclass
class ProjectPage:
    project: Project
    members: list[ProjectMember]  # active members (public) or every live one (members, staff)
    invited: list[ProjectMember] = field(default_factory=list)
    approvals: list[ProjectApproval] = field(default_factory=list)
    mine: ProjectMember | None = None
    is_founder: bool = False
    # A founder who may run the project now (still validated; the services check the same).
    can_manage: bool = False
    # The names in the page's language, comma-separated.
    subjects: str = ""
    languages: str = ""
    age_bands: str = ""


# The columns the project page shows of each member, their school and country (user and school rows are wide).
_PAGE_MEMBER_COLUMNS = (
    *(f.name for f in ProjectMember._meta.concrete_fields),
    "user__first_name",
    "user__last_name",
    "user__email",
    "school__name",
    *COUNTRY_COLUMNS,
)


def project_page(project: Project, viewer: Any) -> ProjectPage:
    """What a project's page shows to ``viewer``: the public facts to everyone, invitations and the NSOs'
    approvals to its members and to staff."""
    rows = list(
        ProjectMember.objects.filter(project=project, status__in=LIVE_MEMBER_STATUSES)
        .select_related("user", "school", "country")
        .only(*_PAGE_MEMBER_COLUMNS)
        .order_by("-role", "joined_at", "pk")
    )
    viewer_id = getattr(viewer, "pk", None)
    mine = next((m for m in rows if m.user_id == viewer_id), None)
    if viewer_id is not None:
        policies.remember_membership(viewer, project, mine)
    insider = mine is not None or policies.is_staff_concerned(viewer, project)
    names = taxonomy_names([project.pk], _greek())
    page = ProjectPage(
        project=project,
        members=[m for m in rows if m.status == MemberStatus.ACTIVE],
        mine=mine,
        is_founder=bool(mine and mine.role == MemberRole.FOUNDER and mine.status == MemberStatus.ACTIVE),
        subjects=", ".join(names["subjects"].get(project.pk, [])),
        languages=", ".join(names["languages"].get(project.pk, [])),
        age_bands=", ".join(names["age_bands"].get(project.pk, [])),
    )
    page.can_manage = page.is_founder and policies.can_found_projects(viewer)
    if insider:
        page.invited = [m for m in rows if m.status == MemberStatus.INVITED]
        page.approvals = list(
            project.approvals.select_related("country")
            .only("id", "project_id", "country_id", "status", "reason", *COUNTRY_COLUMNS)
            .order_by("country__name_en")
        )
    return page


def schools_of(user: Any) -> QuerySet[School]:
    """The schools a teacher may work with on a project (their own, validated or waiting)."""
    return School.objects.filter(memberships__user=user).exclude(status=SchoolStatus.REJECTED).order_by("name")


def invitable_contacts(project: Project, by: Any) -> QuerySet[User]:
    """The founder's contacts who are validated and not yet in the project."""
    from twinning.contacts.selectors import contacts_of

    taken = ProjectMember.objects.filter(project=project, status__in=LIVE_MEMBER_STATUSES).values("user_id")
    return contacts_of(by).exclude(pk__in=taken).only("pk", "first_name", "last_name", "search_name")


# --- A teacher's projects -----------------------------------------------------------------------------


def my_projects(user: Any) -> QuerySet[ProjectMember]:
    """The person's live memberships (invitations first), each with its project."""
    return (
        ProjectMember.objects.filter(user=user, status__in=LIVE_MEMBER_STATUSES)
        .select_related("project", "school")
        .order_by("-status", "-project__updated_at", "-pk")
    )


def projects_of_person(person: Any, viewer: Any, *, limit: int = 20) -> dict | None:
    """The person page's projects section: their public projects (one query), None when there are none."""
    rows = list(
        Project.objects.filter(
            status__in=PUBLIC_STATUSES,
            members__user=person,
            members__status=MemberStatus.ACTIVE,
        )
        .only("pk", "title", "status", "activated_at")
        .order_by("-activated_at", "-pk")[: limit + 1]
    )
    if not rows:
        return None
    return {"projects": rows[:limit], "more": len(rows) > limit}


def projects_of_school(school: Any, viewer: Any, *, limit: int = 20) -> dict | None:
    """The school page's projects section: public projects its teachers take part in with this school."""
    rows = list(
        Project.objects.filter(
            status__in=PUBLIC_STATUSES,
            members__school=school,
            members__status=MemberStatus.ACTIVE,
        )
        .distinct()
        .only("pk", "title", "status", "activated_at")
        .order_by("-activated_at", "-pk")[: limit + 1]
    )
    if not rows:
        return None
    return {"projects": rows[:limit], "more": len(rows) > limit}


# --- The NSO approval queue ---------------------------------------------------------------------------


def approval_queue(*, staff: Any, filters: dict | None = None) -> QuerySet[ProjectApproval]:
    """Approvals waiting in the staff member's countries, longest waiting first."""
    filters = filters or {}
    # A pending approval belongs to a project waiting for the NSOs (services keep it so): no join needed.
    qs = policies.approvals_visible_to_staff(staff).filter(
        status=ApprovalStatus.PENDING, country_id__in=hosted_country_ids()
    )
    if filters.get("country"):
        qs = qs.filter(country=filters["country"])
    if filters.get("scope") in Scope.values:
        qs = qs.filter(project__scope=filters["scope"])
    if filters.get("waited_days"):
        qs = qs.filter(created_at__lte=timezone.now() - timedelta(days=filters["waited_days"]))
    q = normalize_search(filters.get("q") or "").strip()
    if q:
        qs = qs.filter(project__search_text__contains=q)
    return (
        qs.select_related("country", "project")
        .only(
            "id",
            "project_id",
            "country_id",
            "status",
            "created_at",
            *COUNTRY_COLUMNS,
            "project__id",
            "project__title",
            "project__summary",
            "project__scope",
            "project__aims",
            "project__work_process",
            "project__expected_results",
            "project__title_key",
            "project__esep_url",
        )
        .order_by("created_at", "pk")
    )


@dataclass
class ApprovalRow:
    approval: ProjectApproval
    hints: list[Hint]
    waited: timedelta
    country: str = ""
    founders: list[str] = field(default_factory=list)
    approvals: list[str] = field(default_factory=list)


def _text_hints(project: Project) -> list[Hint]:
    hints = []
    summary = (project.summary or "").strip()
    if len(summary) < 80:
        hints.append(Hint("warn", _("The summary is very short.")))
    letters = [c for c in f"{project.title} {summary}" if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) / len(letters) > 0.6:
        hints.append(Hint("warn", _("The text is written in capitals.")))
    for name in ("aims", "work_process", "expected_results"):
        if len((getattr(project, name) or "").strip()) < 30:
            hints.append(Hint("warn", _("Aims, work process or expected results are very short.")))
            break
    return hints


_FOUNDER_KEYS = (
    "project_id",
    "user__first_name",
    "user__last_name",
    "user__email",
    "user__validation_status",
    "school__name",
    "school__status",
    "country__name_en",
    "country__name_el",
)
_EXTERNAL_KEYS = ("project_id", "teacher_name", "school_name", "esep_url", "country__name_en", "country__name_el")


def _queue_people_sql(count: int) -> tuple[str, str, str]:
    """The three reads of ``_queue_people`` for ``count`` projects, in SQL both databases run (the ORM spent
    more time building these three small queries than the database answering them; docs/performance.md)."""
    member, approval, external = (m._meta.db_table for m in (ProjectMember, ProjectApproval, ExternalPartner))
    user, school, country = (m._meta.db_table for m in (User, School, Country))
    ids = ", ".join(["%s"] * count)
    live = ", ".join(["%s"] * len(LIVE_MEMBER_STATUSES))
    founders = (
        f"SELECT m.project_id, u.first_name, u.last_name, u.email, u.validation_status, s.name, s.status,"  # noqa: S608 - names from _meta, values as parameters
        f" c.name_en, c.name_el FROM {member} m JOIN {user} u ON u.id = m.user_id"
        f" LEFT JOIN {school} s ON s.id = m.school_id LEFT JOIN {country} c ON c.id = m.country_id"
        f" WHERE m.project_id IN ({ids}) AND m.role = %s AND m.status IN ({live}) ORDER BY m.joined_at, m.id"
    )
    decisions = (
        f"SELECT a.project_id, a.status, c.name_en, c.name_el FROM {approval} a JOIN {country} c ON c.id = a.country_id"  # noqa: S608
        f" WHERE a.project_id IN ({ids}) ORDER BY c.name_en, a.id"
    )
    esep = (
        f"SELECT e.project_id, e.teacher_name, e.school_name, e.esep_url, c.name_en, c.name_el"  # noqa: S608
        f" FROM {external} e JOIN {country} c ON c.id = e.country_id"
        f" WHERE e.project_id IN ({ids}) AND e.removed_at IS NULL AND e.is_founder = %s ORDER BY e.id"
    )
    return founders, decisions, esep


def _queue_people(project_ids: list[int], greek: bool) -> tuple[dict, dict, dict]:
    """The founders, every NSO's decision and the ESEP founders of the page's projects, as plain rows (three
    queries; no model instances: the queue shows 25 projects with two or three founders each)."""
    founders_sql, decisions_sql, external_sql = _queue_people_sql(len(project_ids))
    founders: dict[int, list[dict]] = {}
    decisions: dict[int, list[str]] = {}
    external: dict[int, list[dict]] = {}
    with connection.cursor() as cursor:
        statuses = sorted(str(s) for s in LIVE_MEMBER_STATUSES)
        cursor.execute(founders_sql, [*project_ids, str(MemberRole.FOUNDER), *statuses])
        for row in cursor.fetchall():
            founders.setdefault(row[0], []).append(dict(zip(_FOUNDER_KEYS, row, strict=True)))
        cursor.execute(decisions_sql, project_ids)
        for project_id, status, name_en, name_el in cursor.fetchall():
            country = name_el if greek and name_el else name_en
            decisions.setdefault(project_id, []).append(f"{country}: {ApprovalStatus(status).label}")
        cursor.execute(external_sql, [*project_ids, True])
        for row in cursor.fetchall():
            external.setdefault(row[0], []).append(dict(zip(_EXTERNAL_KEYS, row, strict=True)))
    return founders, decisions, external


def approval_rows(approvals: list[ProjectApproval]) -> list[ApprovalRow]:
    """What to check on each row, for a whole page in four extra queries (founders, decisions, ESEP
    founders, duplicate titles)."""
    if not approvals:
        return []
    greek = _greek()
    founders_of, decisions_of, external_of = _queue_people([a.project_id for a in approvals], greek)
    keys = {a.project.title_key for a in approvals if a.project.title_key}
    duplicates: dict[str, int] = {}
    if keys:
        duplicates = dict(
            Project.objects.filter(title_key__in=keys)
            .exclude(status=ProjectStatus.REJECTED)
            .values_list("title_key")
            .annotate(n=Count("pk"))
            .order_by()
        )
    now = timezone.now()
    rows = []
    for approval in approvals:
        project = approval.project
        hints: list[Hint] = []
        founders = founders_of.get(project.pk, [])
        for m in founders:
            m["name"] = f"{m['user__first_name']} {m['user__last_name']}".strip() or m["user__email"]
        unvalidated = [m["name"] for m in founders if m["user__validation_status"] != ValidationStatus.VALIDATED]
        if unvalidated:
            hints.append(Hint("warn", _("Not validated: %(names)s") % {"names": ", ".join(unvalidated)}))
        else:
            hints.append(Hint("ok", _("Both founders are validated.")))
        pending = [
            m["school__name"]
            for m in founders
            if m["school__name"] is not None and m["school__status"] != SchoolStatus.VALIDATED
        ]
        if pending:
            hints.append(Hint("warn", _("School not validated: %(names)s") % {"names": ", ".join(pending)}))
        else:
            hints.append(Hint("ok", _("The schools are validated.")))
        if duplicates.get(project.title_key, 0) > 1:
            hints.append(Hint("warn", _("Another project has the same title.")))
        hints += _text_hints(project)
        external = external_of.get(project.pk, [])
        for partner in external:
            country = (
                partner["country__name_el"] if greek and partner["country__name_el"] else partner["country__name_en"]
            )
            partner["country"] = country
            hints.append(
                Hint(
                    "ok",
                    _("%(country)s: approved on ESEP (check it there)") % {"country": country},
                    partner["esep_url"] or project.esep_url,
                )
            )
        row = ApprovalRow(approval=approval, hints=hints, waited=now - approval.created_at)
        row.country = _name(approval.country, greek)
        for m in founders:
            school = f", {m['school__name']}" if m["school__name"] is not None else ""
            country = m["country__name_el"] if greek and m["country__name_el"] else m["country__name_en"]
            row.founders.append(f"{m['name']}{school} ({country or ''})")
        row.approvals = list(decisions_of.get(project.pk, []))
        for partner in external:
            row.founders.append(f"{partner['teacher_name']}, {partner['school_name']} ({partner['country']})")
            row.approvals.append(_("%(country)s: approved on ESEP") % {"country": partner["country"]})
        rows.append(row)
    return rows


def approvals_for_decision(*, staff: Any, ids: list[int]) -> list[ProjectApproval]:
    return list(
        policies.approvals_visible_to_staff(staff)
        .filter(pk__in=ids, status=ApprovalStatus.PENDING)
        .select_related("project", "country")
    )


_SUMMARY_ATTR = "_projects_approval_summary"


def _country_summaries(country_ids: list[int]) -> dict[int, dict]:
    """Each country's waiting approvals, how many for over a week and the oldest: from the shared cache where
    kept (``approvalcache``: a minute, dropped by every change of an approval), the others in one grouped query."""
    found: dict[int, dict] = {}
    keys = {country_id: approvalcache.summary_key(country_id) for country_id in country_ids}
    shared = core_cache.is_shared()
    if shared and keys:
        cached = cache.get_many(list(keys.values()))
        found = {country_id: cached[key] for country_id, key in keys.items() if key in cached}
    missing = [country_id for country_id in country_ids if country_id not in found]
    if missing:
        computed: dict[int, dict] = {
            country_id: {"waiting": 0, "over_week": 0, "oldest": None} for country_id in missing
        }
        week_ago = timezone.now() - timedelta(days=7)
        rows = (
            ProjectApproval.objects.filter(status=ApprovalStatus.PENDING, country_id__in=missing)
            .values("country_id")
            .annotate(
                waiting=Count("pk"),
                over_week=Count("pk", filter=Q(created_at__lte=week_ago)),
                oldest=Min("created_at"),
            )
            .order_by()
        )
        for row in rows:
            computed[row["country_id"]] = {
                "waiting": row["waiting"],
                "over_week": row["over_week"],
                "oldest": row["oldest"],
            }
        if shared:
            cache.set_many({keys[c]: summary for c, summary in computed.items()}, approvalcache.SUMMARY_SECONDS)
        found.update(computed)
    return found


def approval_queue_summary(*, staff: Any) -> dict:
    """How many approvals wait in the staff member's scope (the countries hosted here they serve, every one for
    CSS staff), how many for over a week, the oldest; computed once per request (the navigation badge, the
    staff card and the queue page all ask) from each country's cached summary."""
    cached = getattr(staff, _SUMMARY_ATTR, None)
    if cached is not None:
        return cached
    served = policies.approval_countries(staff)
    countries = hosted_country_ids() if served is None else hosted_country_ids() & served
    summaries = _country_summaries(sorted(countries)).values()
    oldest = [s["oldest"] for s in summaries if s["oldest"] is not None]
    summary = {
        "waiting": sum(s["waiting"] for s in summaries),
        "over_week": sum(s["over_week"] for s in summaries),
        "oldest": min(oldest) if oldest else None,
    }
    setattr(staff, _SUMMARY_ATTR, summary)
    return summary


def approvals_waiting_count(staff: Any) -> int:
    if not is_support_staff(staff):
        return 0
    return approval_queue_summary(staff=staff)["waiting"]


def founderless_projects(*, staff: Any) -> QuerySet[Project]:
    """Projects with no founder left, in the staff member's countries (the members' countries)."""
    qs = Project.objects.filter(
        founderless_since__isnull=False, status__in=(ProjectStatus.ACTIVE, ProjectStatus.CLOSED)
    )
    if not is_css_staff(staff):
        qs = qs.filter(
            Exists(ProjectMember.objects.filter(project=OuterRef("pk"), country_id__in=nso_country_ids(staff)))
        )
    return qs.order_by("founderless_since", "pk")


def founderless_summary(*, staff: Any) -> dict:
    return founderless_projects(staff=staff).aggregate(waiting=Count("pk"), oldest=Min("founderless_since"))


# --- Kits ---------------------------------------------------------------------------------------------


def published_kits() -> QuerySet[ProjectKit]:
    return ProjectKit.objects.filter(is_published=True).select_related("age_band").prefetch_related("subjects")


def kit_for_page() -> QuerySet[ProjectKit]:
    return ProjectKit.objects.select_related("age_band", "country").prefetch_related("subjects")


# --- ESEP history -------------------------------------------------------------------------------------


def esep_history_of(user: Any) -> list[EsepHistoryItem]:
    """A teacher's verified ESEP history (projects and labels with their years), for label rules."""
    return list(
        EsepHistoryItem.objects.filter(user=user, status=HistoryStatus.VERIFIED).order_by("-year", "kind", "esep_id")
    )


def my_esep_history(user: Any) -> QuerySet[EsepHistoryItem]:
    return EsepHistoryItem.objects.filter(user=user).order_by("-year", "kind", "esep_id")


def esep_items_waiting(*, staff: Any) -> QuerySet[EsepHistoryItem]:
    return (
        policies.esep_items_visible_to_staff(staff)
        .filter(status=HistoryStatus.PENDING)
        .select_related("user")
        .order_by("created_at", "pk")
    )


def esep_imports(*, staff: Any) -> QuerySet[EsepHistoryImport]:
    qs = EsepHistoryImport.objects.select_related("country")
    if not is_css_staff(staff):
        qs = qs.filter(country_id__in=nso_country_ids(staff))
    return qs.order_by("-created_at", "-pk")


def staff_context_approvals(person: Any, agent: Any, *, limit: int = 10) -> dict | None:
    """Beside a helpdesk ticket: projects founded by the person that wait for the agent's NSO (one query)."""
    if person is None:
        return None
    rows = list(
        policies.approvals_visible_to_staff(agent)
        .filter(
            status=ApprovalStatus.PENDING,
            project__members__user=person,
            project__members__role=MemberRole.FOUNDER,
            project__members__status=MemberStatus.ACTIVE,
        )
        .select_related("project", "country")
        .order_by("created_at", "pk")[:limit]
    )
    if not is_support_staff(agent):
        return None
    return {"approvals": rows}
