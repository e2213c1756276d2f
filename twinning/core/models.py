"""Shared data of every domain: audit events, in-app notifications, scheduled jobs; the bilingual-name mixin."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .uploads import RandomName, private_storage


class BilingualNameMixin(models.Model):
    """Reference data carries its name in English and Greek; ``name`` picks the active language."""

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_el = models.CharField(_("name (Greek)"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if (get_language() or "en").startswith("el") and self.name_el:
            return self.name_el
        return self.name_en


class AuditEvent(models.Model):
    """Who decided what, when and why. Written by services, never edited."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True, help_text=_("Who acted, as shown at the time."))
    action = models.CharField(max_length=80, db_index=True)
    target_type = models.CharField(max_length=80)
    target_id = models.CharField(max_length=64)
    target_label = models.CharField(max_length=300, blank=True)
    country_code = models.CharField(max_length=8, blank=True, db_index=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "-at"], name="audit_target_idx")]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_type}:{self.target_id}"


class Notification(models.Model):
    """An in-app message for one person; e-mail copies are sent by tasks."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    created_at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=60)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # How the e-mail copy goes, chosen when the notice was written from the person's preference:
    # "immediately", "daily" (in the day's digest) or "" (no e-mail).
    email_delivery = models.CharField(max_length=12, blank=True, default="")
    # When the e-mail copy went out (None: not sent yet, or this kind is not e-mailed).
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox_idx"),
            # The daily digest reads only the notices still waiting for it.
            models.Index(
                fields=["recipient", "created_at"],
                condition=models.Q(email_delivery="daily", emailed_at__isnull=True),
                name="notification_digest_idx",
            ),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.title


class ScheduledJob(models.Model):
    """When a periodic task was last enqueued; the scheduler keeps one row per job."""

    name = models.CharField(max_length=100, unique=True)
    last_enqueued_at = models.DateTimeField(null=True, blank=True)
    last_result_id = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return self.name


class PlatformRule(models.Model):
    """A number the rules of a domain read (days a post stays open, contact requests a day…), edited by
    CSS staff. Rules are declared by the apps (``core.rules.register_rule``) with their default; a row
    exists only once someone changed the value."""

    key = models.CharField(max_length=80)
    # A country's own value of a rule declared per country (its NSO sets it); empty: the platform's value.
    country = models.ForeignKey("reference.Country", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    value = models.IntegerField()
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("platform rule")
        verbose_name_plural = _("platform rules")
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=models.Q(country__isnull=True), name="rule_platform_once"
            ),
            models.UniqueConstraint(
                fields=["key", "country"], condition=models.Q(country__isnull=False), name="rule_country_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} = {self.value}" + (f" ({self.country_id})" if self.country_id else "")


class EmbedSite(models.Model):
    """A site whose content may be embedded in rich text (``core.embeds``): one of the platform's known
    providers (switched on or off by CSS staff) or a host staff added, whose https pages are framed as
    they are."""

    provider = models.CharField(_("provider"), max_length=40, blank=True)
    host = models.CharField(_("host"), max_length=253, blank=True)
    name = models.CharField(_("name"), max_length=120)
    enabled = models.BooleanField(_("allowed"), default=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("embedded site")
        verbose_name_plural = _("embedded sites")
        constraints = [
            models.UniqueConstraint(fields=["provider"], condition=~models.Q(provider=""), name="embed_provider_once"),
            models.UniqueConstraint(fields=["host"], condition=models.Q(provider=""), name="embed_host_once"),
            models.CheckConstraint(
                condition=~models.Q(provider="") | ~models.Q(host=""), name="embed_provider_or_host"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Rights(models.TextChoices):
    OWN = "own", _("Our own work (we may share it)")
    CC_BY = "cc-by", _("Creative Commons BY (credit the author)")
    CC_BY_SA = "cc-by-sa", _("Creative Commons BY-SA (credit, share alike)")
    PERMISSION = "permission", _("Used with the holder's permission")
    PUBLIC_DOMAIN = "public-domain", _("Public domain")


class Attachment(models.Model):
    """A file uploaded to a place (a group's page, a workspace): checked by ``core.upload_check``, stored
    under a random name on private storage, served only to whoever may read the place
    (``core.attachments``)."""

    host = models.CharField(max_length=40)  # a registered attachment host, e.g. "groups.group"
    host_id = models.BigIntegerField()
    file = models.FileField(upload_to=RandomName("attachments"), storage=private_storage, max_length=200)
    name = models.CharField(_("name"), max_length=160)  # the person's file name, made safe to show
    kind = models.CharField(max_length=12)  # upload_check.Kind.code
    size = models.PositiveIntegerField()
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    rights = models.CharField(_("rights"), max_length=16, choices=Rights.choices)
    description = models.CharField(_("description"), max_length=300, blank=True)  # alternative text
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["host", "host_id", "created_at"], name="attachment_host_idx")]
        verbose_name = _("attached file")
        verbose_name_plural = _("attached files")

    def __str__(self) -> str:
        return self.name


class JobState(models.TextChoices):
    QUEUED = "queued", _("waiting to start")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class Job(models.Model):
    """A long piece of work started by a person (a report of a large cycle, a course imported from Moodle):
    run by a background task, its progress shown on a page that updates itself (``core.jobs``)."""

    kind = models.CharField(max_length=60, db_index=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+")
    country_code = models.CharField(max_length=8, blank=True)
    key = models.CharField(max_length=200, blank=True)  # what the work is about, e.g. "cycle:12", to find it again
    params = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=8, choices=JobState.choices, default=JobState.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    message = models.CharField(max_length=300, blank=True)
    result = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["owner", "kind", "key", "-created_at"], name="job_owner_kind_idx")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)

    @property
    def percent(self) -> int | None:
        if not self.total:
            return 100 if self.state == JobState.DONE else None
        return min(100, self.done * 100 // self.total)
