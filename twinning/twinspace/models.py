"""The TwinSpace: the workspace of a project, where its classes work together (domain §6).

A project's workspace opens when the project becomes active and stays, read-only, once it is closed or
archived (quality labels and prizes are judged on it later). It has pages (with sub-pages, an order and
drafts), a forum and a teachers' bulletin (the shared discussion engine), files (``core.attachments``) and
the project's members with their roles. Who may do what is one matrix, in ``policies``.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from twinning.core.richtext import RichTextField
from twinning.core.uploads import RandomName, private_storage

TITLE_MAX = 200
TEAM_MAX = 60


class Workspace(models.Model):
    project = models.OneToOneField("projects.Project", on_delete=models.CASCADE, related_name="workspace")
    about = RichTextField(_("about the workspace"), blank=True)
    public = models.BooleanField(_("visitors see the published pages"), default=True)
    public_materials = models.BooleanField(_("visitors see the materials marked public"), default=False)
    cover = models.ForeignKey("core.Attachment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    hidden_at = models.DateTimeField(null=True, blank=True)  # hidden by moderation: nobody but staff sees it
    hidden_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("TwinSpace")
        verbose_name_plural = _("TwinSpaces")

    def __str__(self) -> str:
        return f"TwinSpace of project {self.project_id}"


class Page(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="pages")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    body = RichTextField(_("text"), blank=True)
    position = models.PositiveIntegerField(default=0)
    published = models.BooleanField(_("published"), default=False)  # a draft until then: members only
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["workspace", "parent", "position"], name="twinspace_page_tree_idx")]
        verbose_name = _("TwinSpace page")
        verbose_name_plural = _("TwinSpace pages")

    def __str__(self) -> str:
        return self.title


class PupilRole(models.TextChoices):
    PUPIL = "pupil", _("Pupil")
    PUPIL_ADMIN = "pupil_admin", _("Pupil administrator")


class PupilMembership(models.Model):
    """A pupil's place in a workspace: their role (pupil, or pupil administrator who also writes pages) and
    their team (e.g. the class or a working group), chosen by a teacher of their school."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="pupil_memberships")
    pupil = models.ForeignKey("accounts.Pupil", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=PupilRole.choices, default=PupilRole.PUPIL)
    team = models.CharField(_("team"), max_length=TEAM_MAX, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "pupil"], name="pupil_membership_unique")]
        verbose_name = _("pupil in a TwinSpace")
        verbose_name_plural = _("pupils in TwinSpaces")

    def __str__(self) -> str:
        return f"pupil {self.pupil_id} in TwinSpace {self.workspace_id}"


# --- Guests and meetings (issue 9, item 5) --------------------------------------------------------------

GUEST_NAME_MAX = 120
MEETING_AGENDA_MAX = 2000
MEETING_DURATION_MIN, MEETING_DURATION_MAX = 15, 480  # minutes
LINK_MAX = 500


class GuestInvitation(models.Model):
    """Someone who is not an eTwinner (a parent, a colleague outside the programme), invited by a teacher
    admin to read chosen parts of the workspace through a link, until a date. Only the token's SHA-256 is
    kept: the link itself is in the e-mail alone."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="guest_invitations")
    name = models.CharField(_("name"), max_length=GUEST_NAME_MAX)
    email = models.EmailField(_("e-mail"))
    parts = models.JSONField(_("parts"), default=list)  # keys of ``guests.parts()``
    expires_on = models.DateField(_("valid until"))
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["workspace", "-created_at"], name="twinspace_guest_ws_idx")]
        verbose_name = _("TwinSpace guest")
        verbose_name_plural = _("TwinSpace guests")

    def __str__(self) -> str:
        return f"guest {self.name} (TwinSpace {self.workspace_id})"


class VideoService(models.Model):
    """The video service whose rooms meetings use, as an NSO configures it for its country (no country: the
    platform's default). ``url_template`` holds ``{room}``, replaced by an unguessable room name."""

    country = models.ForeignKey("reference.Country", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=80)
    url_template = models.CharField(_("address of a room"), max_length=300)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(Coalesce("country", models.Value(0)), name="twinspace_video_one_per_country")
        ]
        verbose_name = _("video service")
        verbose_name_plural = _("video services")

    def __str__(self) -> str:
        return f"{self.name} ({self.country_id or 'platform'})"


class Meeting(models.Model):
    """A meeting of the project's teachers with their partners, on the video service of the organiser's
    country (or a link of their own). ``uid`` and ``sequence`` make its iCalendar invitations, changes and
    cancellation one event in the teachers' calendars."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    agenda = models.TextField(_("agenda"), max_length=MEETING_AGENDA_MAX, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    time_zone = models.CharField(_("time zone"), max_length=64)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    link = models.URLField(_("link"), max_length=LINK_MAX)
    own_link = models.BooleanField(default=False)  # pasted by the teacher, not made from the video service
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    mailed_sequence = models.IntegerField(null=True, blank=True)  # the last version e-mailed to the teachers
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["workspace", "starts_at"], name="twinspace_meeting_ws_idx"),
            models.Index(
                fields=["starts_at"],
                name="twinspace_meeting_remind_idx",
                condition=models.Q(reminded_at__isnull=True, cancelled_at__isnull=True),
            ),
        ]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return self.title


# --- Archive: export and import of a whole workspace (issue 9, item 7; ``archive``) -------------------------


class ArchiveJob(models.Model):
    """One export of a workspace to an archive, or one import of an archive into it, done in the background
    (``tasks``) with its progress. An export's file is the archive; an import's is the uploaded archive,
    removed once it has been imported (or refused)."""

    class Kind(models.TextChoices):
        EXPORT = "export", _("Export")
        IMPORT = "import", _("Import")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        CHECKING = "checking", _("Checking the archive")
        READY = "ready", _("Ready to import")
        RUNNING = "running", _("In progress")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    RUNNING_STATUSES = ("queued", "checking", "running")

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="archive_jobs")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)  # why it failed, in the language of the person who asked
    summary = models.JSONField(default=dict, blank=True)  # the archive's project title, source and counts
    file = models.FileField(
        upload_to=RandomName("twinspace-archives"), storage=private_storage, blank=True, max_length=200
    )
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["workspace", "-created_at"], name="twinspace_archive_job_idx")]
        constraints = [  # one export and one import at a time per workspace
            models.UniqueConstraint(
                fields=["workspace", "kind"],
                condition=models.Q(status__in=["queued", "checking", "running"]),
                name="twinspace_archive_job_running",
            )
        ]
        verbose_name = _("TwinSpace archive")
        verbose_name_plural = _("TwinSpace archives")

    def __str__(self) -> str:
        return f"{self.kind} of TwinSpace {self.workspace_id} ({self.status})"

    @property
    def running(self) -> bool:
        return self.status in self.RUNNING_STATUSES

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done / self.total)) if self.total else 0


UPDATE_MAX = 2000


class Update(models.Model):
    """An update in the workspace's feed (teachers and pupil administrators), or on a pupil's wall (``wall``:
    the pupil it belongs to; the pupil writes there, the others comment). Members like and comment;
    teachers pin an update to the top of the feed."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="updates")
    wall = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )  # None: the workspace's feed
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    author_name = models.CharField(max_length=150, blank=True)  # imported from an archive: its author's name
    body = models.TextField(_("text"), max_length=UPDATE_MAX)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    pinned_at = models.DateTimeField(null=True, blank=True)
    like_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["workspace", "wall", "created_at"], name="twinspace_update_feed_idx")]
        verbose_name = _("update")
        verbose_name_plural = _("updates")

    def __str__(self) -> str:
        return self.body[:60]


class UpdateLike(models.Model):
    update = models.ForeignKey(Update, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["update", "user"], name="twinspace_like_once")]

    def __str__(self) -> str:
        return f"like of update {self.update_id}"


class UpdateComment(models.Model):
    update = models.ForeignKey(Update, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    author_name = models.CharField(max_length=150, blank=True)  # imported from an archive: its author's name
    body = models.TextField(_("comment"), max_length=UPDATE_MAX)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["update", "created_at"], name="twinspace_comment_idx")]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.body[:60]


class Visit(models.Model):
    """When a member last opened the workspace: what is new is what came after."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "user"], name="twinspace_visit_once")]

    def __str__(self) -> str:
        return f"visit of TwinSpace {self.workspace_id}"


class Album(models.Model):
    """A set of materials (e.g. "Our visit to the river"), in the order the teachers chose."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="albums")
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = models.CharField(_("description"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("album")
        verbose_name_plural = _("albums")

    def __str__(self) -> str:
        return self.title


class Material(models.Model):
    """A file, an image or a video (or classroom tool) from an allowed site, in the workspace's materials.

    An image may be tagged with the pupils it shows; it is shown to visitors only when it is marked public
    and every pupil shown has the parents' consent to publication (``Pupil.publication_consent``).
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="materials")
    album = models.ForeignKey(Album, null=True, blank=True, on_delete=models.SET_NULL, related_name="materials")
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    attachment = models.OneToOneField(
        "core.Attachment", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    embed_url = models.URLField(_("link to a video or a classroom tool"), max_length=500, blank=True)
    pupils = models.ManyToManyField("accounts.Pupil", blank=True, related_name="+", verbose_name=_("pupils shown"))
    public = models.BooleanField(_("visitors see it"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["workspace", "album", "created_at"], name="twinspace_material_idx")]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self) -> str:
        return self.title
