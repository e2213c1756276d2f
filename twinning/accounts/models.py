"""People: accounts, profiles, their validation by the NSO, and the retention rules."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from twinning.core.text import normalize_search
from twinning.core.uploads import RandomName, private_storage
from twinning.reference.models import AgeBand, Language, Subject


class CommunityRole(models.TextChoices):
    TEACHER = "teacher", _("Teacher")
    HEAD_TEACHER = "head_teacher", _("Head teacher")
    LIBRARIAN = "librarian", _("Librarian")
    OTHER_STAFF = "other_staff", _("Other school staff (pedagogue, psychologist, …)")
    ITE_STUDENT = "ite_student", _("Student teacher (Initial Teacher Education)")
    TEACHER_EDUCATOR = "teacher_educator", _("Teacher educator")
    COMPANY_STAFF = "company_staff", _("Non-teaching or company staff")


# Roles that may become eTwinners; company staff is refused when chosen (domain §2).
ELIGIBLE_ROLES = frozenset(r for r in CommunityRole.values if r != CommunityRole.COMPANY_STAFF)


class ValidationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    PENDING = "pending", _("Waiting for validation")
    VALIDATED = "validated", _("Validated")
    REJECTED = "rejected", _("Rejected")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    MEMBERS = "members", _("Registered users")
    ETWINNERS = "etwinners", _("Validated eTwinners only")
    HIDDEN = "hidden", _("Nobody (hidden from search)")


class TwinningUserManager(UserManager):
    def _create_user(self, username, email, password, **extra_fields):
        email = self.normalize_email(email)
        user = self.model(email=email, username=username or email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(extra_fields.pop("username", None), email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(extra_fields.pop("username", None), email, password, **extra_fields)


class User(AbstractUser):
    """An account. The profile lives on the same row: 1.8M people, one read per page."""

    email = models.EmailField(_("e-mail address"), unique=True)
    search_name = models.CharField(max_length=300, editable=False, db_index=True, default="")
    country = models.ForeignKey(
        "reference.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name=_("country"),
    )
    # Private storage under a random name: served only by accounts:photo, which applies the visibility.
    photo = models.ImageField(
        _("photo"), upload_to=RandomName("profile-photos"), storage=private_storage, blank=True, max_length=200
    )
    bio = models.TextField(_("short bio"), max_length=1000, blank=True)
    languages = models.ManyToManyField(Language, blank=True, related_name="+", verbose_name=_("languages"))
    subjects = models.ManyToManyField(Subject, blank=True, related_name="+", verbose_name=_("subjects taught"))
    age_bands = models.ManyToManyField(AgeBand, blank=True, related_name="+", verbose_name=_("pupils' age bands"))
    visibility = models.CharField(
        _("profile visible to"), max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    preferred_language = models.CharField(
        _("interface language"), max_length=5, choices=settings.LANGUAGES, default="el"
    )
    community_role = models.CharField(_("role"), max_length=20, choices=CommunityRole.choices, blank=True)
    validation_status = models.CharField(
        _("validation status"),
        max_length=10,
        choices=ValidationStatus.choices,
        default=ValidationStatus.REGISTERED,
        db_index=True,
    )
    submitted_at = models.DateTimeField(_("waiting since"), null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    rejection_reason = models.TextField(blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True, db_index=True)
    inactive_since = models.DateTimeField(null=True, blank=True)
    retention_warned_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = TwinningUserManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            models.Index(fields=["country", "validation_status", "submitted_at"], name="user_validation_queue_idx"),
            models.Index(fields=["country", "search_name"], name="user_country_search_idx"),
            # The CSS queue (all countries) and its summary read only pending, live accounts.
            models.Index(
                fields=["submitted_at", "id"],
                condition=models.Q(validation_status="pending", is_active=True, anonymised_at__isnull=True),
                name="user_pending_queue_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        full = self.get_full_name()
        return full or self.email

    def audit_label(self) -> str:
        return f"{self.display_name} (#{self.pk})"

    # Labels straight from the enums: get_FOO_display() hashes every lazy choice label on each call,
    # which showed in the profile of the staff lists (25 rows × 7 choices per page).
    @property
    def role_label(self) -> str:
        return str(CommunityRole(self.community_role).label) if self.community_role else ""

    @property
    def status_label(self) -> str:
        return str(ValidationStatus(self.validation_status).label)

    @property
    def photo_url(self) -> str:
        """The photo's address (through the visibility check), changing whenever the photo changes."""
        if not self.photo:
            return ""
        from django.urls import reverse

        version = self.photo.name.rsplit("/", 1)[-1][:8]
        return f"{reverse('accounts:photo', args=[self.pk])}?v={version}"

    @property
    def is_etwinner(self) -> bool:
        return self.validation_status == ValidationStatus.VALIDATED and self.anonymised_at is None

    @property
    def email_domain(self) -> str:
        return self.email.rsplit("@", 1)[-1].lower() if "@" in self.email else ""

    def save(self, *args, **kwargs):
        if not self.username:
            self.username = self.email
        self.search_name = normalize_search(f"{self.first_name} {self.last_name}")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and ({"first_name", "last_name"} & set(update_fields)):
            kwargs["update_fields"] = set(update_fields) | {"search_name"}
        super().save(*args, **kwargs)


class RetentionPolicy(models.Model):
    """How long accounts live without a login (domain §2). One row; staff edit it."""

    inactive_after_days = models.PositiveIntegerField(_("hide profile after (days without login)"), default=365)
    anonymise_after_days = models.PositiveIntegerField(_("anonymise after (days without login)"), default=3 * 365)
    warning_days = models.PositiveIntegerField(_("warn this many days before anonymising"), default=30)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("retention policy")
        verbose_name_plural = _("retention policy")

    def __str__(self) -> str:
        return f"{self.inactive_after_days}/{self.anonymise_after_days} days"


class EmailDelivery(models.TextChoices):
    IMMEDIATELY = "immediately", _("By e-mail at once")
    DAILY = "daily", _("In a daily e-mail")
    NEVER = "never", _("Only on the platform")


class NotificationPreference(models.Model):
    """How a person wants the e-mail copy of one kind of notice (kinds come from the registry): at once, in
    the daily digest, or not at all (every notice is on the platform anyway).

    No row means the kind's default. Kept in its own table, not on the user row.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notification_preferences")
    kind = models.CharField(max_length=60)
    delivery = models.CharField(
        _("e-mail"), max_length=12, choices=EmailDelivery.choices, default=EmailDelivery.IMMEDIATELY
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_unique")]
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.delivery}"


class AccountSuspension(models.Model):
    """An account suspended by its NSO (moderation): it cannot log in until ``until`` or until reinstated.

    Kept in its own table (history of every suspension), not on the user row; ``User.is_active`` is what
    logins check, set and cleared by the suspension services.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="suspensions")
    reason = models.TextField(_("reason"))
    until = models.DateTimeField(_("suspended until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    lift_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["until"], condition=models.Q(lifted_at__isnull=True), name="suspension_open_idx")
        ]
        verbose_name = _("account suspension")
        verbose_name_plural = _("account suspensions")

    def __str__(self) -> str:
        return f"{self.user_id} suspended {self.created_at:%Y-%m-%d}"


class ConsentMethod(models.TextChoices):
    PAPER = "paper", _("Signed form kept by the school")
    EMAIL = "email", _("E-mail from a parent or guardian")
    SCHOOL_SYSTEM = "school_system", _("The school's own system")
    IN_PERSON = "in_person", _("In person, at the school")


class Pupil(models.Model):
    """A pupil's login, made by a teacher for a class (domain §6). No e-mail, no real name needed: the
    username is generated, the nickname is optional. The account row (``user``) holds only the login;
    everything about the pupil lives here, in its own table.

    A pupil under the country's age of digital consent signs in only once a parent's or guardian's consent
    is recorded (date, by whom, how). Consent to publish the pupil's photos is a separate decision. When the
    pupil's last project closes the login is switched off and the pupil is shown only by a pseudonym
    ("Pupil 12, <school>"); the personal data is erased after ``erase_after``.
    """

    user = models.OneToOneField(User, primary_key=True, on_delete=models.CASCADE, related_name="pupil")
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(_("number"))  # per school: "Pupil 12"
    nickname = models.CharField(_("nickname"), max_length=40, blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    under_consent_age = models.BooleanField(_("under the age of digital consent"), default=True)
    consent_date = models.DateField(_("date of the parents' consent"), null=True, blank=True)
    consent_method = models.CharField(_("how it was given"), max_length=20, choices=ConsentMethod.choices, blank=True)
    consent_recorded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    publication_consent = models.BooleanField(_("photos of the pupil may be published"), default=False)
    publication_consent_date = models.DateField(null=True, blank=True)
    deactivated_at = models.DateTimeField(null=True, blank=True)
    erase_after = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["school", "number"], name="pupil_number_per_school")]
        indexes = [
            models.Index(fields=["erase_after"], name="pupil_erase_idx", condition=models.Q(erase_after__isnull=False))
        ]
        verbose_name = _("pupil")
        verbose_name_plural = _("pupils")

    def __str__(self) -> str:
        return self.nickname or self.user.username

    @property
    def may_sign_in(self) -> bool:
        return self.deactivated_at is None and (not self.under_consent_age or self.consent_date is not None)
