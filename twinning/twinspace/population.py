"""TwinSpaces of the synthetic population (``core.population``, position 75, after projects and groups).

Every generated project that is active, closed or archived gets its workspace: about 20 pages (5 at the top,
15 under them; one in five a draft), a forum of 2 discussions with 3 threads each and 6–10 posts per thread
written by the project's members, and a teachers' bulletin with one thread. ``greece``: some 24,000
workspaces, 480,000 pages, 1.2 million posts; ``europe``: some 132,000 workspaces. Pupils come with the
pupils' part. A workspace is generated once; runs only add the missing ones.
"""

from __future__ import annotations

import time
from collections import defaultdict
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from twinning.core.population import Run, register_population
from twinning.discussions.models import Discussion, Forum, Post, Thread
from twinning.projects.models import PUBLIC_STATUSES, MemberStatus, ProjectMember

from .models import Page, Workspace

CHUNK = 2_000
TOP, UNDER = 5, 15
TITLES = ("Καλώς ήρθατε", "Οι τάξεις μας", "Δραστηριότητες", "Αποτελέσματα", "Αξιολόγηση", "Welcome", "Our schools")
BODY = "<p>Οι μαθητές μας έγραψαν για το θέμα του μήνα.</p><p>Our pupils wrote about this month's topic.</p>"
POSTS = ("<p>Τι λέτε για αυτή την ιδέα;</p>", "<p>Great, we will try it.</p>", "<p>Συμφωνούμε!</p>")


def _projects_without_workspace() -> dict[int, list[int]]:
    """Generated projects open to a workspace and still without one, with their active members."""
    from twinning.projects.population import generated_projects

    ids = list(
        generated_projects()
        .filter(status__in=PUBLIC_STATUSES, workspace__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    members: dict[int, list[int]] = defaultdict(list)
    for start in range(0, len(ids), 20_000):
        for project_id, user_id in ProjectMember.objects.filter(
            project_id__in=ids[start : start + 20_000], status=MemberStatus.ACTIVE
        ).values_list("project_id", "user_id"):
            members[project_id].append(user_id)
    return {pk: members[pk] for pk in ids if members.get(pk)}


def generate_workspaces(run: Run) -> None:
    started = time.perf_counter()
    todo = _projects_without_workspace()
    made = {"workspaces": 0, "workspace pages": 0, "workspace posts": 0}
    rng, writer, now = run.rng, run.writer, timezone.now()
    project_ids = list(todo)
    for start in range(0, len(project_ids), CHUNK):
        batch = project_ids[start : start + CHUNK]
        with transaction.atomic():
            ws_ids = writer.reserve_ids(Workspace, len(batch))
            writer.write(Workspace, ["id", "project_id", "about", "public", "created_at"],
                         [(w, p, "", True, now) for w, p in zip(ws_ids, batch, strict=True)])  # fmt: skip
            page_ids = writer.reserve_ids(Page, len(batch) * (TOP + UNDER))
            page_rows, cursor = [], 0
            for ws, project_id in zip(ws_ids, batch, strict=True):
                author = todo[project_id][0]
                tops = page_ids[cursor : cursor + TOP]
                for n, pid in enumerate(tops):
                    page_rows.append(
                        (pid, ws, None, TITLES[n % len(TITLES)], BODY, n, rng.random() > 0.2, author, author, now)
                    )
                for n, pid in enumerate(page_ids[cursor + TOP : cursor + TOP + UNDER]):
                    parent = tops[n % TOP]
                    page_rows.append(
                        (pid, ws, parent, f"Εβδομάδα {n + 1}", BODY, n, rng.random() > 0.2, author, author, now)
                    )
                cursor += TOP + UNDER
            writer.write(
                Page,
                ["id", "workspace_id", "parent_id", "title", "body", "position", "published", "created_by_id",
                 "updated_by_id", "updated_at"],
                page_rows,
            )  # fmt: skip
            made["workspaces"] += len(batch)
            made["workspace pages"] += len(page_rows)
            made["workspace posts"] += _forums(run, ws_ids, [todo[p] for p in batch])
    for kind, n in made.items():
        run.count(kind, n)
    if made["workspaces"]:
        took = time.perf_counter() - started
        run.log(
            f"+{made['workspaces']} workspaces, +{made['workspace pages']} pages, "
            f"+{made['workspace posts']} posts in {took:.1f}s"
        )
    from twinning.projects.population import generated_projects

    run.totals["workspaces"] = Workspace.objects.filter(project__in=generated_projects()).count()


def _forums(run: Run, workspace_ids: list[int], members: list[list[int]]) -> int:
    rng, writer, now = run.rng, run.writer, timezone.now()
    forum_ids = writer.reserve_ids(Forum, 2 * len(workspace_ids))
    writer.write(
        Forum,
        ["id", "host", "host_id", "title", "created_at"],
        [(forum_ids[2 * i + k], host, ws, "", now) for i, ws in enumerate(workspace_ids)
         for k, host in enumerate(("twinspace.forum", "twinspace.bulletin"))],
    )  # fmt: skip
    plan = []  # (forum, people, threads)
    for i, people in enumerate(members):
        plan += [(forum_ids[2 * i], people, 3), (forum_ids[2 * i], people, 3), (forum_ids[2 * i + 1], people, 1)]
    discussion_ids = writer.reserve_ids(Discussion, len(plan))
    thread_plan, discussion_rows = [], []
    for did, (fid, people, threads) in zip(discussion_ids, plan, strict=True):
        last = now - timedelta(days=rng.random() * 300)
        discussion_rows.append((did, fid, "Ιδέες / Ideas", threads, last, now))
        thread_plan += [(did, people, last) for _ in range(threads)]
    writer.write(Discussion, ["id", "forum_id", "title", "thread_count", "last_post_at", "created_at"], discussion_rows)
    thread_ids = writer.reserve_ids(Thread, len(thread_plan))
    thread_rows, post_rows = [], []
    for tid, (did, people, last) in zip(thread_ids, thread_plan, strict=True):
        count = rng.randint(6, 10)
        authors = [rng.choice(people) for _ in range(count)]
        start = last - timedelta(hours=count * 5)
        post_rows += [(tid, a, rng.choice(POSTS), start + timedelta(hours=n * 5)) for n, a in enumerate(authors)]
        thread_rows.append(
            (
                tid,
                did,
                "Τι θα κάνουμε πρώτα;",
                authors[0],
                start,
                count,
                start + timedelta(hours=(count - 1) * 5),
                authors[-1],
            )
        )
    writer.write(
        Thread,
        ["id", "discussion_id", "title", "author_id", "created_at", "post_count", "last_post_at", "last_author_id"],
        thread_rows,
    )
    writer.write(Post, ["thread_id", "author_id", "body", "created_at"], post_rows)
    return len(post_rows)


def reset_workspaces() -> dict[str, int]:
    from twinning.projects.population import generated_projects

    workspaces = Workspace.objects.filter(project__in=generated_projects())
    ids = list(workspaces.values_list("pk", flat=True))
    deleted: dict[str, int] = {}
    forums = Forum.objects.filter(host__in=("twinspace.forum", "twinspace.bulletin"), host_id__in=ids)
    for model, qs in (
        (Post, Post.objects.filter(thread__discussion__forum__in=forums)),
        (Thread, Thread.objects.filter(discussion__forum__in=forums)),
        (Discussion, Discussion.objects.filter(forum__in=forums)),
        (Forum, forums),
        (Page, Page.objects.filter(workspace_id__in=ids)),
        (Workspace, Workspace.objects.filter(pk__in=ids)),
    ):
        n = model._base_manager.filter(pk__in=list(qs.values_list("pk", flat=True)))._raw_delete(connection.alias)
        if n:
            deleted[model._meta.label] = n
    return deleted


register_population("twinspace", generate_workspaces, reset=reset_workspaces, position=75)


# --- Pupils, updates and walls (position 76) ---------------------------------------------------------------

PUPIL_PREFIX = "gen-pupil-"
UPDATES, WALL_UPDATES = 10, 3
UPDATE_TEXTS = (
    "Σήμερα ολοκληρώσαμε τη δραστηριότητα της εβδομάδας.",
    "Our class uploaded the survey results.",
    "Ευχαριστούμε τους εταίρους για τη συνάντηση!",
    "New photos from our school garden.",
)


def _workspaces_without_pupils() -> list[tuple[int, int, int, int]]:
    """Generated workspaces without pupils: (workspace, project, founder, founder's school)."""
    from django.db.models import Exists, OuterRef

    from twinning.projects.population import generated_projects

    from .models import PupilMembership

    rows = (
        Workspace.objects.filter(project__in=generated_projects())
        .exclude(Exists(PupilMembership.objects.filter(workspace=OuterRef("pk"))))
        .order_by("pk")
        .values_list("pk", "project_id")
    )
    founders: dict[int, tuple[int, int]] = {}
    ids = [project for _ws, project in rows]
    for start in range(0, len(ids), 20_000):
        for project_id, user_id, school_id in (
            ProjectMember.objects.filter(
                project_id__in=ids[start : start + 20_000], status=MemberStatus.ACTIVE, role="founder"
            )
            .exclude(school_id=None)
            .order_by("pk")
            .values_list("project_id", "user_id", "school_id")
        ):
            founders.setdefault(project_id, (user_id, school_id))
    return [(ws, project, *founders[project]) for ws, project in rows if project in founders]


def generate_class_life(run: Run) -> None:
    """About 25 pupils per workspace (logins made by a founder for their school; nine in ten with the parents'
    consent, six in ten with consent to publish photos), ten feed updates with comments and three wall
    updates. Pupils' accounts are marked ``gen-pupil-…``; a run only fills workspaces that have none."""
    from django.contrib.auth.hashers import make_password
    from django.db.models import Max

    from twinning.accounts.models import Pupil, User, Visibility
    from twinning.core.pupils import pupil_email

    from .models import PupilMembership, Update, UpdateComment

    started = time.perf_counter()
    todo = _workspaces_without_pupils()
    rng, writer, now = run.rng, run.writer, timezone.now()
    password = make_password(None)
    schools = {school for *_rest, school in todo}
    highest = Pupil.objects.filter(school_id__in=schools).values("school_id").annotate(n=Max("number"))
    numbers = dict(highest.values_list("school_id", "n"))
    made = {"pupils": 0, "workspace updates": 0}
    for start in range(0, len(todo), CHUNK):
        batch = todo[start : start + CHUNK]
        sizes = [rng.randint(10, 40) for _ in batch]
        with transaction.atomic():
            user_ids = writer.reserve_ids(User, sum(sizes))
            users, pupils, memberships, updates = [], [], [], []
            cursor = 0
            for (ws, _project, founder, school), size in zip(batch, sizes, strict=True):
                mine = user_ids[cursor : cursor + size]
                cursor += size
                for uid in mine:
                    numbers[school] = numbers.get(school, 0) + 1
                    username = f"{PUPIL_PREFIX}{uid}"
                    users.append((uid, password, username, pupil_email(username),
                                  f"Μαθητής {numbers[school]}", Visibility.HIDDEN, True, now))  # fmt: skip
                    consent = rng.random() < 0.9
                    day, how, by = (now.date(), "paper", founder) if consent else (None, "", None)
                    pupils.append((uid, school, numbers[school], "", founder, True, day, how, by,
                                   rng.random() < 0.6, now))  # fmt: skip
                    role = "pupil_admin" if rng.random() < 0.05 else "pupil"
                    memberships.append((ws, uid, role, f"Τμήμα {1 + uid % 3}", founder, now))
                for n in range(UPDATES):
                    at = now - timedelta(days=rng.random() * 200)
                    pinned = now if n == 0 else None
                    updates.append((ws, None, founder, rng.choice(UPDATE_TEXTS), at, pinned, rng.randint(0, 6)))
                for uid in rng.sample(mine, min(WALL_UPDATES, len(mine))):
                    at = now - timedelta(days=rng.random() * 200)
                    updates.append((ws, uid, uid, "Η ζωγραφιά μου για το έργο.", at, None, rng.randint(0, 4)))
            writer.write(User, ["id", "password", "username", "email", "first_name", "visibility", "is_active",
                                "date_joined"], users)  # fmt: skip
            writer.write(Pupil, ["user_id", "school_id", "number", "nickname", "created_by_id", "under_consent_age",
                                 "consent_date", "consent_method", "consent_recorded_by_id", "publication_consent",
                                 "created_at"], pupils)  # fmt: skip
            writer.write(PupilMembership, ["workspace_id", "pupil_id", "role", "team", "added_by_id", "added_at"],
                         memberships)  # fmt: skip
            update_ids = writer.reserve_ids(Update, len(updates))
            comments = []
            rows = []
            for uid, (ws, wall, author, body, at, pinned, likes) in zip(update_ids, updates, strict=True):
                count = 1 if rng.random() < 0.5 else 0
                rows.append((uid, ws, wall, author, body, at, pinned, likes, count))
                if count:
                    comments.append((uid, author, "Μπράβο!", at + timedelta(hours=2)))
            writer.write(Update, ["id", "workspace_id", "wall_id", "author_id", "body", "created_at", "pinned_at",
                                  "like_count", "comment_count"], rows)  # fmt: skip
            writer.write(UpdateComment, ["update_id", "author_id", "body", "created_at"], comments)
        made["pupils"] += len(users)
        made["workspace updates"] += len(rows)
    for kind, n in made.items():
        run.count(kind, n)
    if made["pupils"]:
        run.log(
            f"+{made['pupils']} pupils, +{made['workspace updates']} updates in {time.perf_counter() - started:.1f}s"
        )
    run.totals["pupils"] = Pupil.objects.filter(user__username__startswith=PUPIL_PREFIX).count()


def reset_class_life() -> dict[str, int]:
    from twinning.accounts.models import Pupil, User
    from twinning.projects.population import generated_projects

    from .models import PupilMembership, Update, UpdateComment

    workspaces = list(Workspace.objects.filter(project__in=generated_projects()).values_list("pk", flat=True))
    users = User.objects.filter(username__startswith=PUPIL_PREFIX)
    deleted: dict[str, int] = {}
    for model, qs in (
        (UpdateComment, UpdateComment.objects.filter(update__workspace_id__in=workspaces)),
        (Update, Update.objects.filter(workspace_id__in=workspaces)),
        (PupilMembership, PupilMembership.objects.filter(pupil__user__in=users)),
        (Pupil, Pupil.objects.filter(user__in=users)),
        (User, users),
    ):
        n = model._base_manager.filter(pk__in=list(qs.values_list("pk", flat=True)))._raw_delete(connection.alias)
        if n:
            deleted[model._meta.label] = n
    return deleted


register_population("twinspace.class_life", generate_class_life, reset=reset_class_life, position=76)
