"""The demo's TwinSpaces (after the projects, position 45): each active or closed demo project gets its
workspace, a published page with a sub-page, a draft, a forum discussion with a thread and the teachers'
bulletin's first note, through the services. Idempotent."""

from __future__ import annotations

from twinning.core.demo import register_demo


def load_workspaces() -> list[tuple[str, str]]:
    from twinning.discussions import services as discussion_services
    from twinning.projects.models import PUBLIC_STATUSES, MemberRole, MemberStatus, Project

    from . import selectors, services
    from .models import Page

    for project in Project.objects.filter(status__in=PUBLIC_STATUSES).order_by("pk")[:20]:
        founder = (
            project.members.filter(role=MemberRole.FOUNDER, status=MemberStatus.ACTIVE).select_related("user").first()
        )
        if founder is None:
            continue
        workspace = services.workspace_open(project)
        if Page.objects.filter(workspace=workspace).exists() or project.status != "active":
            continue
        user = founder.user
        welcome = services.page_save(
            actor=user,
            workspace=workspace,
            page=None,
            title="Καλώς ήρθατε! / Welcome!",
            body=(
                "<h2>Το έργο μας</h2><p>Εδώ δουλεύουμε μαζί με τους εταίρους μας.</p>"
                "<p>Here we work with our partners.</p>"
            ),
            parent=None,
            published=True,
        )
        services.page_save(
            actor=user,
            workspace=workspace,
            page=None,
            title="Οι τάξεις μας / Our classes",
            body="<p>Γνωριστείτε με τις τάξεις των σχολείων μας.</p>",
            parent=welcome,
            published=True,
        )
        services.page_save(
            actor=user,
            workspace=workspace,
            page=None,
            title="Σχέδιο δραστηριοτήτων (πρόχειρο)",
            body="<ul><li>Μήνας 1: γνωριμία</li><li>Μήνας 2: έρευνα</li></ul>",
            parent=None,
            published=False,
        )
        forums = selectors.forums(workspace)
        discussion = discussion_services.discussion_create(
            actor=user, forum=forums[services.FORUM], title="Ιδέες / Ideas"
        )
        discussion_services.thread_create(
            actor=user,
            discussion=discussion,
            title="Τι θα κάνουμε πρώτα;",
            body="<p>Προτείνετε την πρώτη δραστηριότητα.</p>",
        )
        note = discussion_services.discussion_create(actor=user, forum=forums[services.BULLETIN], title="Συντονισμός")
        discussion_services.thread_create(
            actor=user, discussion=note, title="Συνάντηση εκπαιδευτικών", body="<p>Προτείνω συνάντηση την Πέμπτη.</p>"
        )
    return []


register_demo("twinspace", load_workspaces, position=45)
