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
    # Completion rules (besides the cycle's required activities): an average grade and the trainer's sign-off.
    min_grade_percent = models.PositiveSmallIntegerField(
        _("minimum average grade (%)"), null=True, blank=True, help_text=_("Of the required graded activities.")
    )
    needs_signoff = models.BooleanField(_("the trainer signs off completion"), default=False)
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
    key_required = models.BooleanField(
        _("an enrolment key is required"), default=False, help_text=_("Each group's key places the learner in it.")
    )
    start_by = models.DateField(
        _("start by"),
        null=True,
        blank=True,
        help_text=_("Learners who have not started by this day are warned, then lose their place."),
    )
    required_total = models.PositiveIntegerField(default=0)  # required activities, kept by the services
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
    withdrawn_reason = models.CharField(max_length=200, blank=True)
    # Progress, moved by ``learning.progress`` on each event (never recounted over a cycle).
    started_at = models.DateTimeField(null=True, blank=True)
    warned_at = models.DateTimeField(null=True, blank=True)  # told that the place will go unless they start
    required_done = models.PositiveIntegerField(default=0)
    graded_count = models.PositiveIntegerField(default=0)  # required graded activities with a grade
    percent_sum = models.DecimalField(max_digits=9, decimal_places=2, default=0)  # of their grades, in %
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

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
    enrolment_key = models.CharField(_("enrolment key"), max_length=40, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cycle", "number"], name="learning_group_number_once")]
        indexes = [models.Index(fields=["trainer", "cycle"], name="learning_group_trainer_idx")]
        verbose_name = _("group of trainees")
        verbose_name_plural = _("groups of trainees")

    def __str__(self) -> str:
        return f"group {self.number} of cycle {self.cycle_id}"


# --- content: modules and activities (one set per cycle; copying a cycle copies them) -----------------
#
# A cycle's content is its modules, each released at a date, holding activities of six kinds. Dates are
# absolute for a cohort; for a self-paced MOOC a learner's own dates are the same distances from the day
# they enrolled (``learning.schedule``). Per-kind settings are columns of ``Activity`` (a few each), so
# that a module's activities come in one query.


class Module(models.Model):
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="modules")
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    summary = models.TextField(_("summary"), max_length=2000, blank=True)
    position = models.PositiveIntegerField(default=0)
    opens_at = models.DateTimeField(_("released on"), null=True, blank=True, help_text=_("Empty: from the start."))

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["cycle", "position", "id"], name="learning_module_order_idx")]
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def __str__(self) -> str:
        return self.title


class ActivityKind(models.TextChoices):
    PAGE = "page", _("Page")
    ASSIGNMENT = "assignment", _("Assignment")
    QUIZ = "quiz", _("Quiz")
    H5P = "h5p", _("Interactive content (H5P)")
    QUESTIONNAIRE = "questionnaire", _("Questionnaire")
    FORUM = "forum", _("Forum task")


class SubmissionType(models.TextChoices):
    TEXT = "text", _("Text")
    FILE = "file", _("File")
    BOTH = "both", _("Text and file")


class LatePolicy(models.TextChoices):
    ACCEPT = "accept", _("Accepted, marked late")
    PENALTY = "penalty", _("Accepted with a penalty per day")
    REFUSE = "refuse", _("Not accepted after the due date")


class GradingMethod(models.TextChoices):
    HIGHEST = "highest", _("Highest attempt")
    LAST = "last", _("Last attempt")


class Activity(models.Model):
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="activities")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=14, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    body = RichTextField(_("text"), blank=True)  # a page's content; the instructions of the other kinds
    position = models.PositiveIntegerField(default=0)
    required = models.BooleanField(_("required for completion"), default=True)
    max_points = models.DecimalField(_("points"), max_digits=6, decimal_places=2, default=0)  # 0: not graded
    pass_percent = models.PositiveSmallIntegerField(_("pass mark (%)"), null=True, blank=True)
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True, help_text=_("Nothing accepted after it."))
    # assignments
    submission_type = models.CharField(
        _("what is submitted"), max_length=6, choices=SubmissionType.choices, default=SubmissionType.TEXT
    )
    late_policy = models.CharField(_("late work"), max_length=8, choices=LatePolicy.choices, default=LatePolicy.ACCEPT)
    late_penalty_percent = models.PositiveSmallIntegerField(_("penalty per day late (%)"), default=0)
    resubmission = models.BooleanField(_("the trainer may ask for a new submission"), default=True)
    # quizzes
    attempts_allowed = models.PositiveSmallIntegerField(_("attempts allowed"), null=True, blank=True)
    time_limit_minutes = models.PositiveSmallIntegerField(_("time limit (minutes)"), null=True, blank=True)
    grading_method = models.CharField(
        _("grade kept"), max_length=8, choices=GradingMethod.choices, default=GradingMethod.HIGHEST
    )
    shuffle = models.BooleanField(_("questions in a random order"), default=False)
    # questionnaires
    anonymous = models.BooleanField(_("anonymous answers"), default=False)
    # forum tasks: posts a learner writes in the activity's discussion
    posts_required = models.PositiveSmallIntegerField(_("posts required"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        indexes = [
            models.Index(fields=["module", "position", "id"], name="learning_activity_order_idx"),
            models.Index(fields=["cycle", "kind"], name="learning_activity_kind_idx"),
        ]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title

    @property
    def graded(self) -> bool:
        return self.max_points > 0

    @property
    def kind_label(self) -> str:
        return str(ActivityKind(self.kind).label)


class Override(models.Model):
    """An exception for one learner in one activity: an extension (a later due or close date) or, for a
    quiz, extra time or extra attempts. Granted by the learner's trainer (or staff) with a reason."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="overrides")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="overrides")
    due_at = models.DateTimeField(_("new due date"), null=True, blank=True)
    closes_at = models.DateTimeField(_("new closing date"), null=True, blank=True)
    extra_minutes = models.PositiveSmallIntegerField(_("extra minutes"), null=True, blank=True)
    extra_attempts = models.PositiveSmallIntegerField(_("extra attempts"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["activity", "enrolment"], name="learning_override_once")]
        verbose_name = _("exception for one learner")
        verbose_name_plural = _("exceptions for one learner")

    def __str__(self) -> str:
        return f"override {self.activity_id}/{self.enrolment_id}"


class ProgressState(models.TextChoices):
    STARTED = "started", _("Started")
    SUBMITTED = "submitted", _("Submitted, waiting for a grade")
    RESUBMIT = "resubmit", _("A new submission asked for")
    COMPLETED = "completed", _("Completed")
    FAILED = "failed", _("Below the pass mark")


class ActivityProgress(models.Model):
    """Where one learner stands in one activity; written only through ``learning.progress.record``, which
    also moves the enrolment's counters (so completion never recounts a cycle)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="progress")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="progress")
    state = models.CharField(max_length=10, choices=ProgressState.choices, default=ProgressState.STARTED)
    points = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enrolment", "activity"], name="learning_progress_once")]
        indexes = [models.Index(fields=["activity", "state"], name="learning_progress_activity_idx")]

    def __str__(self) -> str:
        return f"{self.enrolment_id}/{self.activity_id}: {self.state}"

    @property
    def state_label(self) -> str:
        return str(ProgressState(self.state).label)


# --- assignments -----------------------------------------------------------------------------------------


class RubricCriterion(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="criteria")
    title = models.CharField(_("criterion"), max_length=300)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class RubricLevel(models.Model):
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.CASCADE, related_name="levels")
    description = models.CharField(_("level"), max_length=500)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.description


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    GRADED = "graded", _("Graded")
    RESUBMIT = "resubmit", _("New submission asked for")


class Submission(models.Model):
    """One learner's submission to an assignment; a new submission (when the trainer asks for one) is a new
    row with the next number, so earlier work and feedback stay. Files are attachments of host
    ``learning.submission``."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="submissions")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="submissions")
    number = models.PositiveSmallIntegerField(default=1)
    text = models.TextField(_("your text"), max_length=50000, blank=True)
    status = models.CharField(max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    days_late = models.PositiveSmallIntegerField(default=0)
    points = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)  # after any penalty
    feedback = models.TextField(_("feedback"), max_length=20000, blank=True)
    rubric = models.JSONField(default=dict, blank=True)  # {criterion id: level id}
    graded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    graded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "enrolment", "number"], name="learning_submission_once")
        ]
        indexes = [models.Index(fields=["activity", "status"], name="learning_submission_queue_idx")]

    def __str__(self) -> str:
        return f"submission {self.number} of {self.enrolment_id} to {self.activity_id}"


# --- quizzes and the course's question bank ---------------------------------------------------------------


class QuestionKind(models.TextChoices):
    MULTICHOICE = "multichoice", _("Multiple choice")
    MULTIANSWER = "multianswer", _("Multiple answers")
    TRUEFALSE = "truefalse", _("True or false")
    SHORTANSWER = "shortanswer", _("Short answer")
    NUMERICAL = "numerical", _("Numeric")
    MATCHING = "matching", _("Matching")


class QuestionCategory(models.Model):
    """A folder of a course's question bank (kept across cycles); a quiz can draw questions from it."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="question_categories")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    name = models.CharField(_("name"), max_length=255)
    info = models.TextField(_("description"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["course", "parent", "name"], name="learning_category_name_once")]
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    """A question of a course's bank. ``data`` holds what the kind needs (``learning.questions`` describes
    and checks it): the answers with their credit and feedback, the tolerance of a number, the pairs to
    match."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="questions")
    category = models.ForeignKey(QuestionCategory, on_delete=models.PROTECT, related_name="questions")
    kind = models.CharField(_("kind"), max_length=12, choices=QuestionKind.choices)
    name = models.CharField(_("name"), max_length=255)
    text = models.TextField(_("question"), max_length=20000)
    general_feedback = models.TextField(_("feedback"), max_length=20000, blank=True)
    default_points = models.DecimalField(_("points"), max_digits=6, decimal_places=2, default=1)
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["category", "id"], name="learning_question_category_idx")]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.name


class QuizSlot(models.Model):
    """A place in a quiz: one chosen question, or ``draw_count`` questions drawn at random from a category
    when an attempt starts."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="slots")
    position = models.PositiveIntegerField(default=0)
    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(QuestionCategory, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    draw_count = models.PositiveSmallIntegerField(default=1)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2, default=1)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(question__isnull=False) | models.Q(category__isnull=False),
                name="learning_slot_has_source",
            )
        ]

    def __str__(self) -> str:
        return f"slot {self.position} of {self.activity_id}"


class AttemptState(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    FINISHED = "finished", _("Finished")


class Attempt(models.Model):
    """One try at a quiz. ``layout`` fixes, at the start, which questions (and in which order) this attempt
    shows, with their points; answers given for anything else are refused. Finished once, graded once."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attempts")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField()
    state = models.CharField(max_length=12, choices=AttemptState.choices, default=AttemptState.IN_PROGRESS)
    started_at = models.DateTimeField()
    deadline = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    layout = models.JSONField(default=list)  # [{"question": id, "points": "1.00", "order": [...]}]
    answers = models.JSONField(default=dict)  # {question id: the answer as the form gave it}
    marks = models.JSONField(default=dict)  # {question id: points earned}
    points = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "enrolment", "number"], name="learning_attempt_once")
        ]

    def __str__(self) -> str:
        return f"attempt {self.number} of {self.enrolment_id} at {self.activity_id}"


# --- H5P ---------------------------------------------------------------------------------------------------


class H5PPackage(models.Model):
    """An uploaded ``.h5p`` package of an activity, checked and unpacked to private storage under
    ``folder``; played by the H5P player (a dependency) in a sandboxed frame."""

    activity = models.OneToOneField(Activity, on_delete=models.CASCADE, related_name="h5p")
    folder = models.CharField(max_length=200)
    title = models.CharField(max_length=255, blank=True)
    main_library = models.CharField(max_length=120, blank=True)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.title or self.folder


# --- questionnaires ------------------------------------------------------------------------------------


class ItemKind(models.TextChoices):
    LIKERT = "likert", _("Agreement scale (1–5)")
    CHOICE = "choice", _("One choice")
    CHOICES = "choices", _("Several choices")
    TEXT = "text", _("Free text")


class QuestionnaireItem(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=8, choices=ItemKind.choices)
    text = models.CharField(_("question"), max_length=1000)
    options = models.JSONField(default=list, blank=True)  # the choices, one a line in the form
    mandatory = models.BooleanField(_("an answer is required"), default=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class QuestionnaireResponse(models.Model):
    """The answers of one learner; when the questionnaire is anonymous no enrolment is kept (only the group,
    for results per group), and who has answered is known only from their progress row."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="responses")
    enrolment = models.ForeignKey(Enrolment, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(LearnerGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answers = models.JSONField(default=dict)  # {item id: value}
    submitted_at = models.DateField()  # a day, not a time: an anonymous answer is not matched by its time

    class Meta:
        indexes = [models.Index(fields=["activity", "group"], name="learning_response_group_idx")]

    def __str__(self) -> str:
        return f"response to {self.activity_id}"


# --- MOOCs: announcements to all ---------------------------------------------------------------------------


class Announcement(models.Model):
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="announcements")
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    body = models.TextField(_("text"), max_length=10000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # enrolment_extra: set once the notices to the cycle's learners are written (the task is then a no-op).
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")

    def __str__(self) -> str:
        return self.title


# --- enrolment_extra: staff enrol people from a CSV of e-mails (checked first, a preview kept here) ---------


class EnrolmentImport(models.Model):
    """One CSV of e-mails (and optional group numbers) uploaded by staff to enrol people in a cycle: checked
    at once (the rows with problems listed, the counts), applied only when staff confirm. The checked rows
    are kept on this row (``rows``: [{user, group}]) until applied."""

    class Status(models.TextChoices):
        READY = "ready", _("Ready to enrol")
        DONE = "done", _("Enrolled")

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="imports")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    original_name = models.CharField(max_length=255)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.READY)
    total_rows = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)  # [{row, column, message}], the first 200
    rows = models.JSONField(default=list, blank=True)  # [{user, group}] to enrol, until applied
    new_places = models.PositiveIntegerField(default=0)  # as checked; the apply counts again under the lock
    to_wait = models.PositiveIntegerField(default=0)
    already = models.PositiveIntegerField(default=0)
    enrolled_count = models.PositiveIntegerField(default=0)  # as applied
    waiting_count = models.PositiveIntegerField(default=0)
    refused_count = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("enrolment file")
        verbose_name_plural = _("enrolment files")

    def __str__(self) -> str:
        return self.original_name

    @property
    def status_label(self) -> str:
        return str(self.Status(self.status).label)
