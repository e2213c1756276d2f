"""Projects of the synthetic population (``core.population``, position 50, after teachers). Targets follow the teachers
the run plans (the community's own ratios): 27,000 projects with a Greek founder for 50,000 Greek teachers (most
European), and 123,000 more for the 1.75 million teachers of the other countries (``greece``: 27,000 Greek projects
and a few hundred others; ``europe``: 150,000 in all; ``tiny``: about 110). Each project has two founders (validated
generated teachers, each from their primary school), 0–3 more members when it is active or closed, its languages,
subjects and age bands, and one approval per founder country. The state mix is close to a live community: most
projects are active or closed, a few wait for a partner or an NSO. Generated projects are those created by generated
teachers: the reset deletes exactly those, and a larger scale only adds what is missing.
"""

from __future__ import annotations

import time
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from twinning.accounts.population import EMAIL_DOMAIN
from twinning.core.population import Run, cumulative, delete_generated, pick, register_population
from twinning.reference.models import AgeBand, Language, Subject
from twinning.reference.population import country_plan
from twinning.schools.models import SchoolMembership

from .models import (
    ApprovalStatus,
    MemberRole,
    MemberStatus,
    Project,
    ProjectApproval,
    ProjectMember,
    ProjectStatus,
    Scope,
    search_text_of,
    title_key,
)

GREEK_PER_TEACHER = 27_000 / 50_000
OTHERS_PER_TEACHER = 123_000 / 1_750_000
EUROPEAN_SHARE = 0.8  # of the projects with a Greek founder
POOL_MAX = 300_000  # founders sampled from at most this many teachers (memory stays flat at European scale)
CHUNK = 5_000

STATUS_MIX = (
    (ProjectStatus.ACTIVE, 0.50),
    (ProjectStatus.CLOSED, 0.33),
    (ProjectStatus.ARCHIVED, 0.05),
    (ProjectStatus.PENDING_NSO, 0.05),
    (ProjectStatus.PENDING_PARTNER, 0.02),
    (ProjectStatus.DRAFT, 0.02),
    (ProjectStatus.REJECTED, 0.03),
)
TOPICS_EN = (
    "water",
    "climate",
    "myths",
    "robots",
    "our town",
    "food",
    "music",
    "games",
    "fairy tales",
    "the sea",
    "bees",
    "recycling",
    "poetry",
    "maths",
    "art",
    "heritage",
)
FRAMES_EN = ("Exploring {}", "{} across Europe", "Stories of {}", "{} and us", "A year of {}", "{} without borders")
TOPICS_EL = (
    "νερό",
    "κλίμα",
    "μύθοι",
    "ρομπότ",
    "η πόλη μας",
    "διατροφή",
    "μουσική",
    "παραμύθια",
    "θάλασσα",
    "μέλισσες",
)
FRAMES_EL = ("Ταξίδι στο {}", "{} και εμείς", "Ιστορίες για {}", "Ένας χρόνος με {}")
SUMMARY = (
    "Pupils of the partner schools work in mixed teams, share what they find in the TwinSpace and present "
    "their results together at the end of the school year."
)


def generated_projects():
    return Project.objects.filter(created_by__email__endswith="@" + EMAIL_DOMAIN)


def _pool() -> dict[int, list[tuple[int, int]]]:
    """Validated generated teachers with their primary school, by country (a sample at European scale)."""
    base = SchoolMembership.objects.filter(
        is_primary=True, user__validation_status="validated", user__email__endswith="@" + EMAIL_DOMAIN
    )
    step = max(1, base.count() // POOL_MAX)
    if step > 1:
        base = base.annotate(bucket=F("user_id") % step).filter(bucket=0)
    pool: dict[int, list[tuple[int, int]]] = {}
    for user_id, school_id, country_id in base.values_list("user_id", "school_id", "user__country_id").iterator(
        chunk_size=20_000
    ):
        pool.setdefault(country_id, []).append((user_id, school_id))
    return pool


def generate_projects(run: Run) -> None:
    targets = country_plan(run).targets
    greek_target = round(GREEK_PER_TEACHER * targets.get("GR", (0, 0))[0])
    total_target = greek_target + round(OTHERS_PER_TEACHER * sum(t for c, (t, _s) in targets.items() if c != "GR"))
    have = generated_projects().count()
    missing = total_target - have
    run.totals["projects"] = have
    if missing <= 0:
        run.count("projects", 0)
        run.count("project_members", 0)
        return
    started = time.perf_counter()
    pool = _pool()
    from twinning.reference.models import Country

    greece_id = Country.objects.filter(code="GR").values_list("pk", flat=True).first()
    greek = pool.get(greece_id or -1, [])
    others = [c for c, people in pool.items() if c != greece_id and len(people) >= 2]
    if len(greek) < 2:
        run.log("projects: not enough generated Greek teachers; skipped")
        run.count("projects", 0)
        run.count("project_members", 0)
        return
    rng = run.rng
    writer = run.writer
    languages = list(Language.objects.values_list("pk", flat=True))
    subjects = list(Subject.objects.values_list("pk", flat=True))
    age_bands = list(AgeBand.objects.values_list("pk", flat=True))
    english = Language.objects.filter(code="en").values_list("pk", flat=True).first() or languages[0]
    statuses = cumulative(STATUS_MIX)
    now = timezone.now()
    day = timedelta(days=1)
    project_cols = [
        "id",
        "title",
        "summary",
        "pupils",
        "tools",
        "aims",
        "work_process",
        "expected_results",
        "status",
        "scope",
        "created_by_id",
        "created_at",
        "sent_to_partner_at",
        "sent_to_nso_at",
        "activated_at",
        "closed_at",
        "archived_at",
        "decided_at",
        "rejection_reason",
        "rejected_step",
        "search_text",
        "title_key",
    ]
    member_cols = ["project_id", "user_id", "role", "status", "school_id", "country_id", "created_at", "joined_at"]
    approval_cols = ["project_id", "country_id", "status", "created_at", "decided_at"]
    through = {
        "languages": (Project.languages.through, "language_id"),
        "subjects": (Project.subjects.through, "subject_id"),
        "age_bands": (Project.age_bands.through, "ageband_id"),
    }
    created = members_written = 0
    while created < missing:
        size = min(CHUNK, missing - created)
        ids = writer.reserve_ids(Project, size)
        projects, members, approvals = [], [], []
        links: dict[str, list[tuple[int, int]]] = {k: [] for k in through}
        for offset, pk in enumerate(ids):
            n = have + created + offset
            if n < greek_target or not others:
                first_country = greece_id
                first = rng.choice(greek)
                if others and rng.random() < EUROPEAN_SHARE:
                    second_country = rng.choice(others)
                else:
                    second_country = greece_id
            else:
                first_country, second_country = rng.choice(others), rng.choice(others)
                first = rng.choice(pool[first_country])
            second = rng.choice(pool[second_country])
            while second[0] == first[0]:
                second = rng.choice(pool[second_country])
            greek_title = first_country == greece_id and second_country == greece_id
            if greek_title:
                title = rng.choice(FRAMES_EL).format(rng.choice(TOPICS_EL))
            else:
                title = rng.choice(FRAMES_EN).format(rng.choice(TOPICS_EN)).capitalize()
            title = f"{title} {n % 997 + 1}"
            status = pick(rng, statuses)
            created_at = now - timedelta(days=rng.random() * 8 * 365)
            sent_partner = created_at + day if status != ProjectStatus.DRAFT else None
            sent_nso = (
                created_at + 3 * day if status not in (ProjectStatus.DRAFT, ProjectStatus.PENDING_PARTNER) else None
            )
            if status == ProjectStatus.PENDING_NSO:
                sent_nso = now - timedelta(days=rng.random() * 20)
                created_at = min(created_at, sent_nso - 3 * day)
            public = status in (ProjectStatus.ACTIVE, ProjectStatus.CLOSED, ProjectStatus.ARCHIVED)
            activated = (sent_nso + timedelta(days=1 + rng.random() * 10)) if public and sent_nso else None
            if activated and activated > now:
                activated = now
            closed = activated + timedelta(days=90 + rng.random() * 200) if status == ProjectStatus.CLOSED else None
            if closed and closed > now:
                closed = now
            archived = now if status == ProjectStatus.ARCHIVED else None
            rejected = status == ProjectStatus.REJECTED
            scope = Scope.EUROPEAN if first_country != second_country else Scope.NATIONAL
            projects.append(
                (
                    pk,
                    title,
                    SUMMARY,
                    rng.randint(10, 120),
                    "TwinSpace",
                    "To learn together across schools.",
                    "Monthly online meetings and shared pages.",
                    "A shared e-book.",
                    status,
                    scope,
                    first[0],
                    created_at,
                    sent_partner,
                    sent_nso,
                    activated,
                    closed,
                    archived,
                    now if rejected else None,
                    "The description is too short." if rejected else "",
                    "nso" if rejected else "",
                    search_text_of(title, SUMMARY),
                    title_key(title),
                )
            )
            second_status = (
                MemberStatus.INVITED
                if status in (ProjectStatus.DRAFT, ProjectStatus.PENDING_PARTNER)
                else MemberStatus.ACTIVE
            )
            members.append(
                (pk, first[0], MemberRole.FOUNDER, MemberStatus.ACTIVE, first[1], first_country, created_at, created_at)
            )
            members.append(
                (
                    pk,
                    second[0],
                    MemberRole.FOUNDER,
                    second_status,
                    second[1] if second_status == MemberStatus.ACTIVE else None,
                    second_country,
                    created_at,
                    sent_nso if second_status == MemberStatus.ACTIVE else None,
                )
            )
            if public:
                seen = {first[0], second[0]}
                for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
                    country = rng.choice((first_country, second_country))
                    extra = rng.choice(pool[country])
                    if extra[0] in seen:
                        continue
                    seen.add(extra[0])
                    members.append(
                        (pk, extra[0], MemberRole.MEMBER, MemberStatus.ACTIVE, extra[1], country, activated, activated)
                    )
            if sent_nso is not None:
                for country in {first_country, second_country}:
                    if status == ProjectStatus.PENDING_NSO:
                        state = (
                            ApprovalStatus.APPROVED
                            if (country == first_country and scope == Scope.EUROPEAN and rng.random() < 0.3)
                            else ApprovalStatus.PENDING
                        )
                        decided = sent_nso if state == ApprovalStatus.APPROVED else None
                    elif rejected:
                        state, decided = ApprovalStatus.REJECTED, now
                    else:
                        state, decided = ApprovalStatus.APPROVED, activated
                    approvals.append((pk, country, state, sent_nso, decided))
            links["languages"] += [(pk, lang) for lang in {english, rng.choice(languages)}]
            links["subjects"] += [(pk, s) for s in set(rng.sample(subjects, k=min(len(subjects), rng.randint(1, 3))))]
            links["age_bands"] += [(pk, rng.choice(age_bands))]
        with transaction.atomic():
            writer.write(Project, project_cols, projects)
            writer.write(ProjectMember, member_cols, members)
            writer.write(ProjectApproval, approval_cols, approvals)
            for name, (model, column) in through.items():
                writer.write(model, ["project_id", column], links[name])
        created += size
        members_written += len(members)
    run.count("projects", created, country="GR")
    run.count("project_members", members_written)
    run.totals["projects"] = have + created
    run.log(f"projects: +{created} projects, +{members_written} members in {time.perf_counter() - started:.1f}s")


def reset_projects() -> dict[str, int]:
    return delete_generated(generated_projects())


register_population("projects", generate_projects, reset=reset_projects, position=50)
