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
