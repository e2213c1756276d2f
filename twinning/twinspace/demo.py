"""The demo's TwinSpaces (after the projects, position 45): each active or closed demo project gets its
workspace, a published page with a sub-page, a draft, a forum discussion with a thread and the teachers'
bulletin's first note, through the services. The first active ones also get pupils (logins made by each
founder for their school, parents' consent recorded for most, publication consent for some), updates with a
comment and a like, a pupil's wall, and materials (an album with a photo of tagged pupils, a video).
Idempotent."""

from __future__ import annotations

from twinning.core.demo import register_demo

PUPILS = {"GR": "Νίκος\nΕλένη\nΓιάννης\nΜαρία", "IT": "Giulia\nMarco\nSofia"}


def _photo():
    """A small generated picture (the demo downloads nothing)."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 320), (70, 140, 200))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 220, 480, 320), fill=(60, 150, 80))
    for x in (80, 200, 320):
        draw.ellipse((x, 120, x + 60, 180), fill=(250, 210, 170))
        draw.rectangle((x + 10, 180, x + 50, 260), fill=(200, 60, 60))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile("river-visit.jpg", buffer.getvalue(), content_type="image/jpeg")


def _class_life(project, workspace, founders, number: int) -> list[tuple[str, str]]:
    """Pupils, updates, a wall and materials for one demo workspace (once)."""
    from django.utils import timezone

    from twinning.accounts.demo import DEMO_PASSWORD
    from twinning.accounts.models import ConsentMethod, Pupil
    from twinning.core.pupils import pupil_email

    from . import feed, materials, services
    from .models import PupilMembership

    def listed(pupil) -> tuple[str, str]:
        return (pupil.user.username, f"pupil ({pupil.nickname}) in “{project.title}”: sign in at /el/pupils/sign-in/")

    if PupilMembership.objects.filter(workspace=workspace).exists():  # made before: list the demo's logins
        ready = Pupil.objects.filter(
            memberships__workspace=workspace, user__username__startswith=f"demo-pupil-{number}-"
        ).select_related("user")
        return [listed(p) for p in ready.order_by("user__username")]
    workspace.project = project
    shown: list[tuple[str, str]] = []
    first_pupils = []
    for member in founders:
        country = member.school.country.code if member.school_id else ""
        if country not in PUPILS:
            continue
        logins = services.pupils_add(
            actor=member.user, workspace=workspace, count=len(PUPILS[country].split("\n")),
            nicknames=PUPILS[country], team="Α1" if country == "GR" else "3B", under_consent_age=True,
        )  # fmt: skip
        for index, login in enumerate(logins):
            membership = PupilMembership.objects.get(workspace=workspace, pupil=login.pupil)
            membership.workspace = workspace
            if index < len(logins) - 1:  # the last one waits for the parents' consent
                services.pupil_consent_record(
                    actor=member.user, membership=membership, date=timezone.localdate(), method=ConsentMethod.PAPER
                )
            if index in (1, 2):
                services.pupil_publication_consent_set(actor=member.user, membership=membership, given=True)
        first = Pupil.objects.select_related("user").get(pk=logins[0].pupil.pk)
        first.user.username = f"demo-pupil-{number}-{country.lower()}"
        first.user.email = pupil_email(first.user.username)
        first.user.set_password(DEMO_PASSWORD)
        first.user.save()
        first_pupils.append((member, first))
        shown.append(
            (first.user.username, f"pupil ({first.nickname}) in “{project.title}”: sign in at /el/pupils/sign-in/")
        )
    if not first_pupils:
        return shown
    teacher, pupil = first_pupils[0]
    news = feed.update_post(
        actor=teacher.user, workspace=workspace,
        body="Καλώς ήρθατε στο TwinSpace μας! Ξεκινάμε με μια γνωριμία: ανεβάστε μια φωτογραφία της τάξης σας.",
    )  # fmt: skip
    feed.update_pin(actor=teacher.user, update=news, pinned=True)
    later = feed.update_post(
        actor=teacher.user, workspace=workspace, body="Την Παρασκευή επισκεφθήκαμε το ποτάμι της πόλης μας."
    )
    feed.comment_post(actor=pupil.user, update=later, body="Ήταν τέλεια! Είδαμε πάπιες.")
    feed.update_like(actor=pupil.user, update=news, like=True)
    feed.update_post(
        actor=pupil.user, workspace=workspace, wall_user_id=pupil.user.pk,
        body="Γεια σας! Μου αρέσουν τα ζώα του ποταμού και η ζωγραφική.",
    )  # fmt: skip
    album = materials.album_create(actor=teacher.user, workspace=workspace, title="Η επίσκεψη στο ποτάμι")
    mine = PupilMembership.objects.filter(workspace=workspace, pupil__school_id=teacher.school_id)
    agreed = list(mine.filter(pupil__publication_consent=True).values_list("pupil_id", flat=True))
    materials.material_add(
        actor=teacher.user, workspace=workspace, title="Στην όχθη του ποταμού", upload=_photo(), rights="own",
        description="Τρεις μαθητές στην όχθη του ποταμού", album_id=album.pk, pupil_ids=agreed, public=True,
    )  # fmt: skip
    materials.material_add(
        actor=teacher.user, workspace=workspace, title="Ο κύκλος του νερού (βίντεο)",
        embed_url="https://www.youtube.com/watch?v=al-do-HGuIk", album_id=album.pk,
    )  # fmt: skip
    return shown


def load_workspaces() -> list[tuple[str, str]]:
    from twinning.discussions import services as discussion_services
    from twinning.projects.models import PUBLIC_STATUSES, MemberRole, MemberStatus, Project

    from . import selectors, services
    from .models import Page

    accounts: list[tuple[str, str]] = []
    lively = 0
    for project in Project.objects.filter(status__in=PUBLIC_STATUSES).order_by("pk")[:20]:
        founder = (
            project.members.filter(role=MemberRole.FOUNDER, status=MemberStatus.ACTIVE).select_related("user").first()
        )
        if founder is None:
            continue
        workspace = services.workspace_open(project)
        if project.status == "active" and lively < 2:
            lively += 1
            founders = list(
                project.members.filter(role=MemberRole.FOUNDER, status=MemberStatus.ACTIVE)
                .select_related("user", "school__country")
                .order_by("pk")
            )
            accounts += _class_life(project, workspace, founders, lively)
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
    return accounts


register_demo("twinspace", load_workspaces, position=45)
