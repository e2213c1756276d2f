"""Exporting a big TwinSpace (issue 9, item 7): a workspace with 200 pages, 500 files (about 100 MB) and
2,000 posts made into its archive by the background job (``twinspace.archive.run_export``), in seconds. The
target is under 60 s.

The workspace is built for the run (a project of its own, rows written in bulk, files of random bytes) and
removed afterwards with its files. ``TWINSPACE_EXPORT_FRACTION`` scales everything down for a quick check:

    python bench/run.py --only twinspace_export --no-generate
    TWINSPACE_EXPORT_FRACTION=0.02 python bench/run.py --scale tiny --only twinspace_export --no-generate
"""

from __future__ import annotations

import os
import time

PAGES, FILES, MEGABYTES, POSTS = 200, 500, 100, 2000
POSTS_PER_THREAD, THREADS_PER_DISCUSSION = 20, 10


def build(fraction: float, author):
    """A workspace of its own project, filled in bulk; returns it."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from twinning.core.models import Attachment
    from twinning.core.uploads import RandomName, private_storage
    from twinning.discussions.models import Discussion, Forum, Post, Thread
    from twinning.projects.models import Project, ProjectStatus
    from twinning.twinspace import services
    from twinning.twinspace.models import Page

    now = timezone.now()
    project = Project.objects.create(
        title="Bench: export of a TwinSpace", status=ProjectStatus.ACTIVE, activated_at=now
    )
    workspace = services.workspace_open(project)
    files, size = max(1, round(FILES * fraction)), MEGABYTES * 1024 * 1024 // FILES
    storage, name_of = private_storage(), RandomName("attachments")
    attachments = []
    for n in range(files):
        kind = "jpeg" if n % 5 < 3 else "pdf"  # photos (kept as they are) and documents (compressed)
        name = f"bench-{n:04d}.{'jpg' if kind == 'jpeg' else 'pdf'}"
        stored = storage.save(name_of(None, name), ContentFile(os.urandom(size)))
        attachments.append(
            Attachment(host=services.FILES, host_id=workspace.pk, file=stored, name=name, kind=kind, size=size,
                       rights="own", uploaded_by=author)
        )  # fmt: skip
    Attachment.objects.bulk_create(attachments)
    image = attachments[0]
    body = (
        f"<p>{'Our measurements of the river, week by week. ' * 30}</p>"
        f'<p><img src="/files/{image.pk}/{image.name}" alt="A photo"></p>'
    )
    pages = max(2, round(PAGES * fraction))
    tops = Page.objects.bulk_create(
        Page(workspace=workspace, title=f"Chapter {n}", body=body, position=n, published=True, created_by=author)
        for n in range(max(1, pages // 10))
    )
    Page.objects.bulk_create(
        Page(workspace=workspace, parent=tops[n % len(tops)], title=f"Section {n}", body=body, position=n,
             published=n % 7 != 0, created_by=author)
        for n in range(pages - len(tops))
    )  # fmt: skip
    forum = Forum.objects.get(host=services.FORUM, host_id=workspace.pk)
    threads_needed = max(1, round(POSTS * fraction) // POSTS_PER_THREAD)
    discussions = Discussion.objects.bulk_create(
        Discussion(forum=forum, title=f"Discussion {n}", created_by=author, thread_count=THREADS_PER_DISCUSSION)
        for n in range(max(1, threads_needed // THREADS_PER_DISCUSSION))
    )
    threads = Thread.objects.bulk_create(
        Thread(discussion=discussions[n % len(discussions)], title=f"Thread {n}", author=author,
               post_count=POSTS_PER_THREAD, last_post_at=now, last_author=author)
        for n in range(threads_needed)
    )  # fmt: skip
    Post.objects.bulk_create(
        (
            Post(thread=thread, author=author, body=f"<p>{'A reply about the rain gauges. ' * 10}</p>")
            for thread in threads
            for _n in range(POSTS_PER_THREAD)
        ),
        batch_size=500,
    )
    return workspace


def remove(workspace) -> None:
    from twinning.core.models import Attachment
    from twinning.discussions.models import Forum
    from twinning.twinspace import services

    files = Attachment.objects.filter(host=services.FILES, host_id=workspace.pk)
    for attachment in files:
        attachment.file.storage.delete(attachment.file.name)
    files.delete()
    for job in workspace.archive_jobs.exclude(file=""):
        job.file.storage.delete(job.file.name)
    Forum.objects.filter(host__in=(services.FORUM, services.BULLETIN), host_id=workspace.pk).delete()
    workspace.project.delete()  # and with it the workspace, its pages and jobs


def run(ctx) -> list[dict]:
    from twinning.core.attachments import used_bytes
    from twinning.twinspace import archive, services
    from twinning.twinspace.models import ArchiveJob

    fraction = float(os.environ.get("TWINSPACE_EXPORT_FRACTION", "1"))
    workspace = build(fraction, ctx.nso)
    try:
        job = ArchiveJob.objects.create(workspace=workspace, kind=ArchiveJob.Kind.EXPORT, requested_by=ctx.nso)
        started = time.perf_counter()
        result = archive.run_export(job.pk)
        seconds = time.perf_counter() - started
        job.refresh_from_db()
        if job.status != ArchiveJob.Status.DONE:
            return [{"bench": "twinspace_export", "metric": "error", "value": job.message or str(result)}]
        counts = job.summary["counts"]
        return [
            {
                "bench": "twinspace_export",
                "case": f"{counts['pages']}_pages_{counts['files']}_files_{counts['forum_posts']}_posts",
                "metric": "seconds",
                "value": round(seconds, 2),
                "files_mb": round(used_bytes(services.FILES, workspace.pk) / 1024 / 1024, 1),
                "archive_mb": round(job.size / 1024 / 1024, 1),
            }
        ]
    finally:
        remove(workspace)
