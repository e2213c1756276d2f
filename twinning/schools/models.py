"""The school registry: schools, people's memberships of schools, and imports of official registries."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from twinning.core.uploads import RandomName, private_storage
from twinning.reference.models import Country, EducationDirectorate, EducationLevel, Region

from .matching import search_columns


class SchoolType(models.TextChoices):
    PUBLIC = "public", _("Public")
    PRIVATE = "private", _("Private")
    OTHER = "other", _("Other")


class SchoolStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed, waiting for validation")
    VALIDATED = "validated", _("Validated")
    REJECTED = "rejected", _("Rejected")
    MERGED = "merged", _("Merged into another school")
    WITHDRAWN = "withdrawn", _("Proposal withdrawn")


class School(models.Model):
    name = models.CharField(_("name"), max_length=300)
    search_name = models.CharField(max_length=300, editable=False, db_index=True)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="schools", verbose_name=_("country"))
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="schools", verbose_name=_("region")
    )
    directorate = models.ForeignKey(
        EducationDirectorate,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="schools",
        verbose_name=_("education directorate"),
    )
    city = models.CharField(_("city"), max_length=120)
    search_city = models.CharField(max_length=120, editable=False, db_index=True)
    # The Latin key of name and city ("1o gimnasio athinon athina"): "Athina", "Thessaloniki" find Greek names.
    search_latin = models.TextField(editable=False, default="")
    # The folded name with its numbers padded ("000001ο γυμνασιο"): lists show "1ο" before "12ο".
    sort_name = models.CharField(max_length=300, editable=False, default="")
    address = models.CharField(_("address"), max_length=300, blank=True)
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    levels = models.ManyToManyField(EducationLevel, blank=True, related_name="schools", verbose_name=_("levels"))
    school_type = models.CharField(_("type"), max_length=10, choices=SchoolType.choices, default=SchoolType.PUBLIC)
    national_code = models.CharField(_("national school code"), max_length=40, null=True, blank=True)
    principal_name = models.CharField(_("principal's name"), max_length=200, blank=True)
    principal_email = models.EmailField(_("principal's e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("school e-mail"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SchoolStatus.choices, default=SchoolStatus.VALIDATED, db_index=True
    )
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from")
    rejection_reason = models.TextField(blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposed_schools"
    )
    # Since when a proposed school has had nobody attached (the daily sweep withdraws it after a week).
    memberless_since = models.DateTimeField(null=True, blank=True, editable=False)
    registered_on = models.DateField(_("date registered"), default=timezone.localdate)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "national_code"],
                condition=models.Q(national_code__isnull=False),
                name="school_unique_national_code",
            )
        ]
        indexes = [
            # A plain b-tree (db_index would add a second, LIKE-only one on PostgreSQL that nothing uses).
            models.Index(fields=["sort_name"], name="school_sort_name_idx"),
            models.Index(fields=["country", "status", "sort_name"], name="school_country_sort_idx"),
            models.Index(fields=["country", "region", "status"], name="school_country_region_idx"),
        ]
        verbose_name = _("school")
        verbose_name_plural = _("schools")

    def __str__(self) -> str:
        return f"{self.name}, {self.city}"

    def save(self, *args, **kwargs):
        for column, value in search_columns(self.name, self.city).items():
            setattr(self, column, value)
        if self.national_code == "":
            self.national_code = None
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            fields = set(update_fields)
            if "name" in fields:
                fields.update(("search_name", "search_latin", "sort_name"))
            if "city" in fields:
                fields.update(("search_city", "search_latin"))
            kwargs["update_fields"] = fields
        super().save(*args, **kwargs)

    @property
    def status_label(self) -> str:
        """The status in the active language, without get_status_display()'s per-call choice hashing."""
        return str(SchoolStatus(self.status).label)


class SchoolMembership(models.Model):
    """A person's attachment to a school (a teacher may work in several)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="school_memberships")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="memberships")
    is_primary = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "school"], name="membership_unique")]
        indexes = [models.Index(fields=["school", "user"], name="membership_school_idx")]
        verbose_name = _("school membership")
        verbose_name_plural = _("school memberships")

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.school_id}"


class SchoolImport(models.Model):
    """One upload of the official registry: validated in the background, then applied atomically."""

    class Status(models.TextChoices):
        VALIDATING = "validating", _("Checking the file")
        INVALID = "invalid", _("The file has errors")
        READY = "ready", _("Ready to import")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="school_imports")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # Private: the registry holds principals' names and e-mails. A random name, served only to staff of
    # the country, and deleted SCHOOL_IMPORT_FILE_DAYS after the upload (the record stays).
    file = models.FileField(upload_to=RandomName("school-imports"), storage=private_storage, blank=True, max_length=200)
    file_removed_at = models.DateTimeField(null=True, blank=True)
    original_name = models.CharField(max_length=255)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.VALIDATING)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True, help_text="First row-level errors: [{row, column, message}]")
    to_create = models.PositiveIntegerField(default=0)
    new_schools = models.JSONField(
        default=list, blank=True, help_text="First new schools of the file: [{row, code, name, city}]"
    )
    likely_duplicates = models.JSONField(
        default=list,
        blank=True,
        help_text="New schools that may be registered already without their code: "
        "[{row, code, name, city, candidates: [{id, name, city, status, national_code}]}]",
    )
    likely_duplicate_count = models.PositiveIntegerField(default=0)
    to_update = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("school registry import")
        verbose_name_plural = _("school registry imports")

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def progress_percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, int(100 * self.processed_rows / self.total_rows))
