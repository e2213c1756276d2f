"""Groups of the synthetic population (``core.population``, position 70, after the people): national groups
for each country with eTwinners and European ones, opened by a generated teacher (who moderates them), with
members of the group's country (anyone for a European group), sized like real communities (most small, a
few with thousands), and a forum with some discussions, threads and posts (the discussion engine's rows).

Targets: ``tiny`` 12 groups, ``greece`` 300 (200 Greek, 100 European), ``europe`` 3,000 (2,700 national,
300 European). A group is generated when its creator is a generated person; runs top up to the target.
"""

from __future__ import annotations

import time
from collections import defaultdict
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from twinning.accounts.models import ValidationStatus
from twinning.accounts.population import generated_users
from twinning.core.population import Run, register_population
from twinning.core.text import normalize_search
from twinning.discussions.models import Discussion, Forum, Post, Thread
from twinning.reference.models import Country

from .models import Group, Joining, Membership, MembershipStatus, Role

TARGETS = {"tiny": (8, 4), "greece": (200, 100), "europe": (2_700, 300)}  # (national, European)
POOL_MAX = 200_000
THEMES = (
    ("Robotics in the classroom", "Ρομποτική στην τάξη"),
    ("Climate action", "Δράση για το κλίμα"),
    ("Reading for pleasure", "Διάβασμα για χαρά"),
    ("Inclusive schools", "Σχολεία για όλους"),
    ("STEM with young pupils", "STEM με μικρούς μαθητές"),
    ("Artificial Intelligence in education", "Τεχνητή Νοημοσύνη στην εκπαίδευση"),
    ("Cultural heritage", "Πολιτιστική κληρονομιά"),
    ("Media literacy", "Γραμματισμός στα μέσα"),
    ("Outdoor learning", "Μάθηση στη φύση"),
    ("Mathematics through games", "Μαθηματικά μέσα από παιχνίδια"),
)
BODIES = (
    "<p>Welcome! Share what you do with your classes.</p>",
    "<p>Καλησπέρα σε όλους! Μοιράζομαι ένα σχέδιο μαθήματος.</p>",
    "<p>Has anyone tried this with pupils of 10–12?</p>",
    "<p>Thank you for the idea, we will try it next week.</p>",
)


def _size(rng) -> int:
    """Most groups are small, a few very large (a long tail, as in the live community)."""
    return min(5_000, int(5 + rng.paretovariate(1.3) * 8))


def generate_groups(run: Run) -> None:
    started = time.perf_counter()
    national_target, european_target = TARGETS[run.scale]
    mine = Group.objects.filter(created_by__in=generated_users().values("pk"))
    have_national = mine.filter(country__isnull=False).count()
    have_european = mine.filter(country__isnull=True).count()
    if have_national >= national_target and have_european >= european_target:
        for kind in ("groups", "group memberships", "forum posts"):
            run.count(kind, 0)
        run.totals["groups"] = have_national + have_european
        return
    people = list(
        generated_users()
        .filter(validation_status=ValidationStatus.VALIDATED, is_active=True)
        .order_by("pk")
        .values_list("pk", "country_id")[:POOL_MAX]
    )
    if not people:
        for kind in ("groups", "group memberships", "forum posts"):
            run.count(kind, 0)
        return
    rng, writer, now = run.rng, run.writer, timezone.now()
    by_country: dict[int, list[int]] = defaultdict(list)
    for pk, country_id in people:
        by_country[country_id].append(pk)
    countries = sorted(by_country, key=lambda c: -len(by_country[c]))
    # National groups by each country's share of teachers (Greece first: the NSO that runs this).
    plan: list[int | None] = []
    weights = [len(by_country[c]) for c in countries]
    for _ in range(national_target - have_national):
        plan.append(rng.choices(countries, weights=weights)[0])
    plan += [None] * (european_target - have_european)
    everyone = [pk for pk, _c in people]
    greece_id = Country.objects.filter(code="GR").values_list("pk", flat=True).first()
    with transaction.atomic():
        group_ids = writer.reserve_ids(Group, len(plan))
        group_rows, member_rows, forum_rows = [], [], []
        for group_id, country_id in zip(group_ids, plan, strict=True):
            pool = by_country[country_id] if country_id else everyone
            en, el = THEMES[rng.randrange(len(THEMES))]
            greek = country_id is not None and country_id == greece_id
            name = f"{el if greek else en} #{group_id}"
            summary = "Ομάδα εκπαιδευτικών για ανταλλαγή ιδεών." if greek else "Teachers sharing ideas and resources."
            size = min(len(pool), _size(rng))
            chosen = set(rng.sample(pool, size)) if size else set()
            creator = rng.choice(pool)
            chosen.add(creator)
            created = now - timedelta(days=rng.random() * 2000)
            joining = rng.choice((Joining.OPEN, Joining.ETWINNERS, Joining.ETWINNERS, Joining.APPROVAL))
            group_rows.append(
                (group_id, name, summary, f"<p>{summary}</p>", country_id, joining, creator, created, len(chosen),
                 created + timedelta(days=rng.random() * 30), normalize_search(f"{name} {summary}"))
            )  # fmt: skip
            for person in chosen:
                role = Role.MODERATOR if person == creator else Role.MEMBER
                member_rows.append((group_id, person, role, MembershipStatus.ACTIVE, created, created))
            forum_rows.append((group_id,))
        writer.write(
            Group,
            ["id", "name", "summary", "about", "country_id", "joining", "created_by_id", "created_at",
             "member_count", "last_activity_at", "search_text"],
            group_rows,
        )  # fmt: skip
        writer.write(Membership, ["group_id", "user_id", "role", "status", "created_at", "joined_at"], member_rows)
        forum_ids = writer.reserve_ids(Forum, len(forum_rows))
        writer.write(
            Forum,
            ["id", "host", "host_id", "title", "created_at"],
            [(fid, "groups.group", gid, "", now) for fid, (gid,) in zip(forum_ids, forum_rows, strict=True)],
        )
        members_of: dict[int, list[int]] = defaultdict(list)
        for gid, person, *_rest in member_rows:
            members_of[gid].append(person)
        posts = _forums(run, zip(forum_ids, [r[0] for r in forum_rows], strict=True), members_of)
    run.count("groups", len(group_rows))
    run.count("group memberships", len(member_rows))
    run.count("forum posts", posts)
    run.log(
        f"+{len(group_rows)} groups, +{len(member_rows)} memberships, +{posts} forum posts in "
        f"{time.perf_counter() - started:.1f}s"
    )
    run.totals["groups"] = Group.objects.filter(created_by__in=generated_users().values("pk")).count()


def _forums(run: Run, forums, members_of) -> int:
    """Two discussions per group forum, a few threads each, a few posts per thread (counters filled)."""
    rng, writer, now = run.rng, run.writer, timezone.now()
    forums = list(forums)
    discussion_ids = writer.reserve_ids(Discussion, 2 * len(forums))
    disc_rows, thread_plan = [], []
    for index, (forum_id, group_id) in enumerate(forums):
        for k in range(2):
            did = discussion_ids[2 * index + k]
            threads = rng.randint(0, 4)
            disc_rows.append((did, forum_id, ("Introductions", "Ideas and resources")[k], threads))
            for _ in range(threads):
                thread_plan.append((did, group_id, rng.randint(1, 6)))
    thread_ids = writer.reserve_ids(Thread, len(thread_plan))
    thread_rows, post_rows, last_by_disc = [], [], {}
    for tid, (did, group_id, count) in zip(thread_ids, thread_plan, strict=True):
        people = members_of[group_id]
        at = now - timedelta(days=rng.random() * 400)
        authors = [rng.choice(people) for _ in range(count)]
        for n, author in enumerate(authors):
            post_rows.append((tid, author, rng.choice(BODIES), at + timedelta(hours=n * 5)))
        last = at + timedelta(hours=(count - 1) * 5)
        thread_rows.append((tid, did, "A question for the group", authors[0], at, count, last, authors[-1]))
        last_by_disc[did] = max(last_by_disc.get(did, last), last)
    writer.write(
        Discussion,
        ["id", "forum_id", "title", "thread_count", "last_post_at", "created_at"],
        [(did, fid, title, n, last_by_disc.get(did), now) for did, fid, title, n in disc_rows],
    )
    writer.write(
        Thread,
        ["id", "discussion_id", "title", "author_id", "created_at", "post_count", "last_post_at", "last_author_id"],
        thread_rows,
    )
    writer.write(Post, ["thread_id", "author_id", "body", "created_at"], post_rows)
    return len(post_rows)


def reset_groups() -> dict[str, int]:
    groups = Group.objects.filter(created_by__in=generated_users().values("pk"))
    ids = list(groups.values_list("pk", flat=True))
    forums = Forum.objects.filter(host="groups.group", host_id__in=ids)
    deleted: dict[str, int] = {}
    for model, qs in (
        (Post, Post.objects.filter(thread__discussion__forum__in=forums)),
        (Thread, Thread.objects.filter(discussion__forum__in=forums)),
        (Discussion, Discussion.objects.filter(forum__in=forums)),
        (Forum, forums),
        (Membership, Membership.objects.filter(group_id__in=ids)),
        (Group.subjects.through, Group.subjects.through.objects.filter(group_id__in=ids)),
        (Group, Group.objects.filter(pk__in=ids)),
    ):
        n = model._base_manager.filter(pk__in=list(qs.values_list("pk", flat=True)))._raw_delete(connection.alias)
        if n:
            deleted[model._meta.label] = n
    return deleted


register_population("groups", generate_groups, reset=reset_groups, position=70)
