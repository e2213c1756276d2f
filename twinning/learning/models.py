"""Professional development, first part: the catalogue of online courses (and MOOCs) run by an NSO, their
cycles (a school year's edition with an enrolment window, a capacity and an eligibility rule) and the
enrolments, with a first-come waiting list that moves when a place frees.

A cycle keeps its enrolled and waiting counts (written under the cycle's row lock by the services), so
that the catalogue and the course page show places left without counting.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from twinning.core.richtext import RichTextField

TITLE_MAX = 200


class Topic(models.TextChoices):
    ICT = "ict", _("ICT")
    STEM = "stem", _("STEM")
    AI = "ai", _("Artificial Intelligence")
    INCLUSION = "inclusion", _("Inclusion")
    LANGUAGES = "languages", _("Languages")
    CITIZENSHIP = "citizenship", _("Citizenship")
    OTHER = "other", _("Other")


class Kind(models.TextChoices):
    TRAINERS = "trainers", _("Online course with trainers")
    MOOC = "mooc", _("MOOC")


class Pacing(models.TextChoices):
    COHORT = "cohort", _("Cohort (common dates)")
    SELF_PACED = "self_paced", _("Self-paced")


class Course(models.Model):
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = RichTextField(_("description"), blank=True)
    audience = models.CharField(_("for whom"), max_length=300, blank=True)
    hours = models.PositiveSmallIntegerField(_("hours"), default=0)
    language = models.ForeignKey(
        "reference.Language", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    topic = models.CharField(_("topic"), max_length=12, choices=Topic.choices, default=Topic.OTHER)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TRAINERS)
    pacing = models.CharField(_("pacing"), max_length=12, choices=Pacing.choices, default=Pacing.COHORT)
    country = models.ForeignKey("reference.Country", on_delete=models.PROTECT, related_name="+")
    published = models.BooleanField(_("published"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["published", "title", "id"], name="learning_catalogue_idx")]
        verbose_name = _("online course")
        verbose_name_plural = _("online courses")

    def __str__(self) -> str:
        return self.title

    @property
    def kind_label(self) -> str:
        if self.kind == Kind.MOOC:
            return f"{Kind(self.kind).label} ({Pacing(self.pacing).label})"
        return str(Kind(self.kind).label)


class Eligibility(models.TextChoices):
    ETWINNERS = "etwinners", _("Validated eTwinners")
    COUNTRY = "country", _("Teachers of the course's country")
    ITE = "ite", _("Student teachers (Initial Teacher Education)")
    ANYONE = "anyone", _("Anyone registered")


class Cycle(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="cycles")
    name = models.CharField(_("name"), max_length=60, help_text=_("For example 2026-27."))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    enrolment_opens_at = models.DateTimeField(_("enrolment opens at"))
    enrolment_closes_at = models.DateTimeField(_("enrolment closes at"))
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True, help_text=_("Empty: no limit."))
    eligibility = models.CharField(
        _("who may enrol"), max_length=12, choices=Eligibility.choices, default=Eligibility.ETWINNERS
    )
    not_if_completed = models.BooleanField(_("not for those who have completed this course"), default=True)
    enrolled_count = models.PositiveIntegerField(default=0)
    waiting_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["course", "ends_on", "enrolment_opens_at"], name="learning_next_cycle_idx"),
            models.Index(fields=["enrolment_opens_at", "enrolment_closes_at"], name="learning_open_cycle_idx"),
        ]
        verbose_name = _("course cycle")
        verbose_name_plural = _("course cycles")

    def __str__(self) -> str:
        return f"{self.course.title} ({self.name})"

    @property
    def places_left(self) -> int | None:
        return None if self.capacity is None else max(0, self.capacity - self.enrolled_count)

    def is_open(self, now) -> bool:
        return self.enrolment_opens_at <= now < self.enrolment_closes_at


class Status(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    WAITING = "waiting", _("On the waiting list")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    COMPLETED = "completed", _("Completed")


class Enrolment(models.Model):
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="enrolments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ENROLLED)
    position = models.PositiveIntegerField(null=True, blank=True)  # order on the waiting list
    enrolled_at = models.DateTimeField()
    promoted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    group = models.ForeignKey(
        "LearnerGroup", null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )  # the learner group (and so the trainer) of an enrolled person, once the cycle is balanced

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cycle", "user"], name="learning_enrolment_once")]
        indexes = [
            models.Index(fields=["cycle", "status", "position", "id"], name="learning_cycle_status_idx"),
            # The staff's list of a cycle's people by enrolment date (a page of 25 of 25,000, no sort).
            models.Index(fields=["cycle", "enrolled_at", "id"], name="learning_cycle_enrolled_idx"),
            models.Index(fields=["user", "status"], name="learning_user_idx"),
        ]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")

    def __str__(self) -> str:
        return f"{self.user_id} in cycle {self.cycle_id} ({self.status})"

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)


# --- volunteer trainers and learner groups --------------------------------------------------------------


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class TrainerApplication(models.Model):
    """A teacher's answer to the call for volunteer trainers, decided by the NSO of their country."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    country = models.ForeignKey("reference.Country", on_delete=models.PROTECT, related_name="+")
    motivation = models.TextField(_("why you want to be a volunteer trainer"), max_length=3000)
    experience = models.TextField(_("your experience in training teachers"), max_length=3000)
    status = models.CharField(max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.PENDING)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(status="pending"), name="learning_one_pending_application"
            )
        ]
        indexes = [models.Index(fields=["country", "status", "created_at"], name="learning_application_queue_idx")]
        verbose_name = _("application to be a volunteer trainer")
        verbose_name_plural = _("applications to be a volunteer trainer")

    def __str__(self) -> str:
        return f"{self.user_id} ({self.status})"


class Trainer(models.Model):
    """The registry of volunteer trainers: one row a person, kept (inactive) when they stop."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trainer")
    country = models.ForeignKey("reference.Country", on_delete=models.PROTECT, related_name="+")
    since = models.DateField(_("trainer since"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        indexes = [models.Index(fields=["country", "active", "id"], name="learning_trainer_registry_idx")]
        verbose_name = _("volunteer trainer")
        verbose_name_plural = _("volunteer trainers")

    def __str__(self) -> str:
        return f"trainer {self.user_id}"


class CycleTrainer(models.Model):
    """A trainer assigned to tutor in a cycle (the trainer's history is the list of these)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="trainer_rows")
    trainer = models.ForeignKey(Trainer, on_delete=models.CASCADE, related_name="cycle_rows")
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cycle", "trainer"], name="learning_cycle_trainer_once")]
        indexes = [models.Index(fields=["trainer", "cycle"], name="learning_trainer_history_idx")]

    def __str__(self) -> str:
        return f"trainer {self.trainer_id} in cycle {self.cycle_id}"


class LearnerGroup(models.Model):
    """A group of a cycle's learners, tutored by one trainer; its members are the enrolments pointing here."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="groups")
    trainer = models.ForeignKey(Trainer, null=True, blank=True, on_delete=models.SET_NULL, related_name="groups")
    number = models.PositiveIntegerField()
    size = models.PositiveIntegerField(default=0)  # members, kept by the services

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cycle", "number"], name="learning_group_number_once")]
        indexes = [models.Index(fields=["trainer", "cycle"], name="learning_group_trainer_idx")]
        verbose_name = _("group of trainees")
        verbose_name_plural = _("groups of trainees")

    def __str__(self) -> str:
        return f"group {self.number} of cycle {self.cycle_id}"
