"""eTwinning projects ("έργα"): the project and its life cycle, its members (founders and members, each from
a school), the approval of each founder's NSO, partners whose NSO works on ESEP (external partners),
project kits, and teachers' ESEP history.

A project is what the workspace (TwinSpace, next issue) hangs off: it reads ``Project.status`` (a closed or
archived project is read-only) and the active ``ProjectMember`` rows with their ``role`` (founders manage,
members take part). Nothing here knows about the workspace.

Decisions on schools: a membership records the school the teacher works with on the project *now* (one
school per membership). A teacher who changes school changes it on the project (``member_school_change``);
the earlier school stays in the audit trail (``project.member_school_changed`` with both ids), not in a
table of periods: no rule reads past schools, and the trail is where "who, when" lives.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from twinning.core.cache import DropsCachedOnBulkWrite
from twinning.core.text import normalize_search
from twinning.reference.models import AgeBand, Country, Language, Subject

# --- Texts' limits (forms and services share them) ----------------------------------------------------------

TITLE_MAX = 200
SUMMARY_MAX = 2000
LONG_TEXT_MAX = 5000
TOOLS_MAX = 1000
REASON_MAX = 1000


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING_PARTNER = "pending_partner", _("Waiting for the partner")
    PENDING_NSO = "pending_nso", _("Waiting for approval")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")
    ARCHIVED = "archived", _("Archived")
    REJECTED = "rejected", _("Rejected")


# What anyone may see (the gallery, the public page): never drafts, pending or rejected projects.
PUBLIC_STATUSES = (ProjectStatus.ACTIVE, ProjectStatus.CLOSED, ProjectStatus.ARCHIVED)
PENDING_STATUSES = (ProjectStatus.PENDING_PARTNER, ProjectStatus.PENDING_NSO)
# Founders may change the project's description while it is one of these.
EDITABLE_STATUSES = (
    ProjectStatus.DRAFT,
    ProjectStatus.PENDING_PARTNER,
    ProjectStatus.PENDING_NSO,
    ProjectStatus.ACTIVE,
)
# ... and delete it while it is one of these (domain §5: "while pending, founders may edit or delete it").
DELETABLE_STATUSES = (ProjectStatus.DRAFT, ProjectStatus.PENDING_PARTNER, ProjectStatus.PENDING_NSO)
# ... and archive it at its end.
ARCHIVABLE_STATUSES = (ProjectStatus.ACTIVE, ProjectStatus.CLOSED)


class Scope(models.TextChoices):
    NATIONAL = "national", _("National project")
    EUROPEAN = "european", _("European project")


class RejectedStep(models.TextChoices):
    PARTNER = "partner", _("by the partner")
    NSO = "nso", _("by a National Support Organisation")


class ProjectKit(models.Model):
    """A ready-made project idea published by NSO or CSS staff, in both languages; a teacher starts a project
    from it (the form is filled for the founders to adapt) and the project remembers its kit."""

    title_en = models.CharField(_("title (English)"), max_length=TITLE_MAX)
    title_el = models.CharField(_("title (Greek)"), max_length=TITLE_MAX)
    summary_en = models.TextField(_("summary (English)"), max_length=SUMMARY_MAX)
    summary_el = models.TextField(_("summary (Greek)"), max_length=SUMMARY_MAX)
    aims_en = models.TextField(_("aims (English)"), max_length=LONG_TEXT_MAX)
    aims_el = models.TextField(_("aims (Greek)"), max_length=LONG_TEXT_MAX)
    activities_en = models.TextField(_("activities (English)"), max_length=LONG_TEXT_MAX)
    activities_el = models.TextField(_("activities (Greek)"), max_length=LONG_TEXT_MAX)
    tools_en = models.TextField(_("suggested tools (English)"), max_length=TOOLS_MAX, blank=True)
    tools_el = models.TextField(_("suggested tools (Greek)"), max_length=TOOLS_MAX, blank=True)
    duration_weeks = models.PositiveSmallIntegerField(_("duration (weeks)"), null=True, blank=True)
    age_band = models.ForeignKey(
        AgeBand, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("pupils' age band")
    )
    subjects = models.ManyToManyField(Subject, blank=True, related_name="+", verbose_name=_("subjects"))
    # The country whose NSO published it; None for the CSS's kits (every country).
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title_en", "pk"]
        indexes = [models.Index(fields=["is_published", "title_en"], name="projectkit_published_idx")]
        verbose_name = _("project kit")
        verbose_name_plural = _("project kits")

    def __str__(self) -> str:
        return self.title

    def _pick(self, name: str) -> str:
        greek = (get_language() or "en").startswith("el")
        value = getattr(self, f"{name}_el" if greek else f"{name}_en")
        return value or getattr(self, f"{name}_en" if greek else f"{name}_el")

    @property
    def title(self) -> str:
        return self._pick("title")

    @property
    def summary(self) -> str:
        return self._pick("summary")

    @property
    def aims(self) -> str:
        return self._pick("aims")

    @property
    def activities(self) -> str:
        return self._pick("activities")

    @property
    def tools(self) -> str:
        return self._pick("tools")


def title_key(title: str | None) -> str:
    """The title as duplicates are compared: folded, its words of 3+ letters once each, sorted ("Το νερό
    της Γης!" and "Γης νερό, το" share a key). Order, accents, case and small words do not matter."""
    words = sorted(
        {w for w in "".join(ch if ch.isalnum() else " " for ch in normalize_search(title)).split() if len(w) >= 3}
    )
    return " ".join(words)[:TITLE_MAX]


class Project(models.Model):
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    summary = models.TextField(_("summary"), max_length=SUMMARY_MAX)
    languages = models.ManyToManyField(Language, related_name="+", verbose_name=_("working languages"))
    age_bands = models.ManyToManyField(AgeBand, related_name="+", verbose_name=_("pupils' age bands"))
    pupils = models.PositiveIntegerField(_("number of pupils"), null=True, blank=True)
    subjects = models.ManyToManyField(Subject, related_name="+", verbose_name=_("subjects"))
    tools = models.TextField(_("tools"), max_length=TOOLS_MAX, blank=True)
    aims = models.TextField(_("aims"), max_length=LONG_TEXT_MAX)
    work_process = models.TextField(_("work process"), max_length=LONG_TEXT_MAX)
    expected_results = models.TextField(_("expected results"), max_length=LONG_TEXT_MAX)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    erasmus_number = models.CharField(_("Erasmus+ project number"), max_length=40, blank=True, db_index=True)
    # The project's identifier or address on the European School Education Platform, when its partners'
    # side lives there (shown on the public page as "on ESEP").
    esep_url = models.URLField(_("the project on ESEP (address)"), max_length=300, blank=True)
    kit = models.ForeignKey(
        ProjectKit, null=True, blank=True, on_delete=models.SET_NULL, related_name="projects", verbose_name=_("kit")
    )

    status = models.CharField(max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.DRAFT)
    # National or European, from the founders' countries; fixed when the project becomes active (a national
    # project that later adds foreign partners stays national for labels, domain §5).
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.NATIONAL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rejection_reason = models.TextField(blank=True)
    rejected_step = models.CharField(max_length=8, choices=RejectedStep.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    sent_to_partner_at = models.DateTimeField(null=True, blank=True)
    sent_to_nso_at = models.DateTimeField(null=True, blank=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)  # rejected
    # Since when no founder is left (all left or were erased): the NSO is told and sees it flagged.
    founderless_since = models.DateTimeField(null=True, blank=True)

    # Derived search columns (computed in save(): the only thing save() does).
    search_text = models.TextField(editable=False, default="")
    title_key = models.CharField(max_length=TITLE_MAX, editable=False, default="")

    class Meta:
        ordering = ["-activated_at", "-pk"]
        indexes = [
            # The gallery: public projects, newest first.
            models.Index(
                fields=["-activated_at", "-id"],
                condition=models.Q(status__in=["active", "closed", "archived"]),
                name="project_gallery_idx",
            ),
            models.Index(
                fields=["scope", "-activated_at", "-id"],
                condition=models.Q(status__in=["active", "closed", "archived"]),
                name="project_gallery_scope_idx",
            ),
            models.Index(fields=["title_key", "created_at"], name="project_title_key_idx"),
            models.Index(
                fields=["founderless_since"],
                condition=models.Q(founderless_since__isnull=False),
                name="project_founderless_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_date__isnull=True)
                | models.Q(end_date__isnull=True)
                | models.Q(start_date__lte=models.F("end_date")),
                name="project_dates_in_order",
            )
        ]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = search_text_of(self.title, self.summary)
        self.title_key = title_key(self.title)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"title", "summary"} & set(update_fields):
            kwargs["update_fields"] = set(update_fields) | {"search_text", "title_key"}
        super().save(*args, **kwargs)

    # What the founders may still do, by state (the services check the same constants).
    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_deletable(self) -> bool:
        return self.status in DELETABLE_STATUSES

    @property
    def is_archivable(self) -> bool:
        return self.status in ARCHIVABLE_STATUSES

    @property
    def status_label(self) -> str:
        return str(ProjectStatus(self.status).label)

    @property
    def scope_label(self) -> str:
        return str(Scope(self.scope).label)

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def year(self) -> int | None:
        return self.activated_at.year if self.activated_at else None


def search_text_of(title: str, summary: str) -> str:
    """What the gallery's text search reads: the folded title and the start of the summary."""
    return normalize_search(f"{title} {summary[:600]}")


class MemberRole(models.TextChoices):
    FOUNDER = "founder", _("Founder")
    MEMBER = "member", _("Member")


class MemberStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACTIVE = "active", _("Taking part")
    DECLINED = "declined", _("Declined")
    LEFT = "left", _("Left")
    REMOVED = "removed", _("Removed")
    ENDED = "ended", _("Ended")  # the account was erased, or the invitation was withdrawn


LIVE_MEMBER_STATUSES = (MemberStatus.INVITED, MemberStatus.ACTIVE)


class ProjectMember(models.Model):
    """A teacher in a project: a founder or a member, invited then taking part, from one school.

    Rows are kept after a member leaves (the history); at most one live row (invited or taking part) per
    person and project.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_memberships")
    role = models.CharField(max_length=8, choices=MemberRole.choices, default=MemberRole.MEMBER)
    status = models.CharField(max_length=8, choices=MemberStatus.choices, default=MemberStatus.INVITED)
    # The school the teacher works with on the project now (chosen when accepting), and its country.
    school = models.ForeignKey(
        "schools.School", null=True, blank=True, on_delete=models.SET_NULL, related_name="project_memberships"
    )
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(max_length=REASON_MAX, blank=True)
    # Founder rights offered to this member by a founder, waiting for the member's answer.
    founder_offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    founder_offered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    joined_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.TextField(max_length=REASON_MAX, blank=True)

    class Meta:
        ordering = ["project", "-role", "joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "user"],
                condition=models.Q(status__in=["invited", "active"]),
                name="project_member_live_unique",
            )
        ]
        indexes = [
            models.Index(fields=["user", "status"], name="project_member_user_idx"),
            models.Index(fields=["project", "status"], name="project_member_project_idx"),
            models.Index(fields=["country", "status", "project"], name="project_member_country_idx"),
            models.Index(fields=["school", "status"], name="project_member_school_idx"),
        ]
        verbose_name = _("project member")
        verbose_name_plural = _("project members")

    def __str__(self) -> str:
        return f"{self.user_id} in {self.project_id} ({self.role}, {self.status})"

    @property
    def is_founder(self) -> bool:
        return self.role == MemberRole.FOUNDER

    @property
    def role_label(self) -> str:
        return str(MemberRole(self.role).label)

    @property
    def status_label(self) -> str:
        return str(MemberStatus(self.status).label)


class ExternalPartner(models.Model):
    """A partner whose country's NSO is not hosted here: they work on ESEP, and the project records them by
    reference (their teacher, school and country, an e-mail, and the project's ESEP identifier or address).
    ``is_founder``: the project's co-founder is this partner (their NSO approves on ESEP)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="external_partners")
    teacher_name = models.CharField(_("teacher's name"), max_length=200)
    school_name = models.CharField(_("school"), max_length=300)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country"))
    email = models.EmailField(_("e-mail"))
    esep_id = models.CharField(_("the project's ESEP identifier"), max_length=60, blank=True)
    esep_url = models.URLField(_("the project's address on ESEP"), max_length=300, blank=True)
    is_founder = models.BooleanField(default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-is_founder", "created_at", "pk"]
        indexes = [models.Index(fields=["project", "removed_at"], name="external_partner_project_idx")]
        verbose_name = _("external partner")
        verbose_name_plural = _("external partners")

    def __str__(self) -> str:
        return f"{self.school_name} ({self.country_id})"


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    ON_ESEP = "on_esep", _("Now on ESEP")  # the country stopped being hosted here while it waited
    WITHDRAWN = "withdrawn", _("No longer needed")  # the project was rejected by another NSO or by its partner


class ProjectApprovalQuerySet(DropsCachedOnBulkWrite):
    """Bulk writes drop the cached approval summaries of the countries concerned, as a save or deletion does
    (``approvalcache``, ``receivers``)."""

    cache_owner = "country"

    def drop_cached(self, owner_ids: set) -> None:
        from .approvalcache import forget_summaries

        forget_summaries(*owner_ids)


class ProjectApproval(models.Model):
    """One NSO's approval of a project: one row per founder country hosted here when the project was sent to
    the NSOs. The project becomes active when no row waits (every required one approved). A row waits
    ("pending") only while its project waits for the NSOs: when the project is rejected, the other rows are
    withdrawn, so the queue reads this table alone."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="approvals")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)

    objects = ProjectApprovalQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "country"], name="project_approval_unique")]
        indexes = [
            models.Index(
                fields=["country", "created_at", "id"],
                condition=models.Q(status="pending"),
                name="project_approval_queue_idx",
            ),
            models.Index(
                fields=["created_at", "id"], condition=models.Q(status="pending"), name="project_approval_all_idx"
            ),
        ]
        verbose_name = _("project approval")
        verbose_name_plural = _("project approvals")

    def __str__(self) -> str:
        return f"approval of {self.project_id} by {self.country_id} ({self.status})"

    @property
    def status_label(self) -> str:
        return str(ApprovalStatus(self.status).label)


# --- Teachers' ESEP history ----------------------------------------------------------------------------


class HistoryKind(models.TextChoices):
    PROJECT = "project", _("Project")
    LABEL = "label", _("Quality label")


class LabelLevel(models.TextChoices):
    NATIONAL = "national", _("National Quality Label")
    EUROPEAN = "european", _("European Quality Label")


class HistorySource(models.TextChoices):
    IMPORTED = "imported", _("Imported by the NSO")
    DECLARED = "declared", _("Declared by the teacher")


class HistoryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the NSO")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Not accepted")


class EsepHistoryItem(models.Model):
    """One item of a teacher's history on ESEP: a project (its ESEP identifier and year) or a quality label
    of a project (national or European, with its year). Imported by the NSO (verified at once) or declared by
    the teacher and verified by their NSO. Label rules read the verified items (``esep_history_of``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="esep_history")
    kind = models.CharField(_("what"), max_length=8, choices=HistoryKind.choices)
    esep_id = models.CharField(_("ESEP identifier of the project"), max_length=60)
    title = models.CharField(_("project title"), max_length=TITLE_MAX)
    year = models.PositiveSmallIntegerField(_("year"))
    label = models.CharField(_("label"), max_length=8, choices=LabelLevel.choices, blank=True)
    country = models.ForeignKey(Country, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=8, choices=HistorySource.choices)
    status = models.CharField(max_length=8, choices=HistoryStatus.choices, default=HistoryStatus.PENDING)
    imported_by = models.ForeignKey(
        "EsepHistoryImport", null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rejection_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-year", "kind", "esep_id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "esep_id", "label"], name="esep_history_item_unique")
        ]
        indexes = [
            models.Index(
                fields=["country", "created_at", "id"],
                condition=models.Q(status="pending"),
                name="esep_history_pending_idx",
            )
        ]
        verbose_name = _("ESEP history item")
        verbose_name_plural = _("ESEP history items")

    def __str__(self) -> str:
        return f"{self.kind} {self.esep_id} {self.label} {self.year}"

    @property
    def kind_label(self) -> str:
        return str(HistoryKind(self.kind).label)

    @property
    def label_label(self) -> str:
        return str(LabelLevel(self.label).label) if self.label else ""

    @property
    def status_label(self) -> str:
        return str(HistoryStatus(self.status).label)


class EsepHistoryImport(models.Model):
    """One CSV of teachers' ESEP history uploaded by an NSO for its country: checked at once (a preview with
    each wrong row), written only when staff confirm a file without errors. Small files: the checked rows are
    kept on this row (``rows``) until confirmed."""

    class Status(models.TextChoices):
        INVALID = "invalid", _("The file has errors")
        READY = "ready", _("Ready to import")
        DONE = "done", _("Imported")
        CANCELLED = "cancelled", _("Discarded")

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    original_name = models.CharField(max_length=255)
    status = models.CharField(max_length=10, choices=Status.choices)
    total_rows = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)  # [{row, column, code, params}]
    rows = models.JSONField(default=list, blank=True)  # checked rows, until the import is applied
    to_create = models.PositiveIntegerField(default=0)
    to_update = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("ESEP history import")
        verbose_name_plural = _("ESEP history imports")

    def __str__(self) -> str:
        return self.original_name

    @property
    def status_label(self) -> str:
        return str(self.Status(self.status).label)
