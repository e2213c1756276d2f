"""The digital-competence self-reflection (DigCompEdu, the SELFIE for Teachers method).

- The framework is data, versioned: ``FrameworkVersion`` → ``Area`` (6) → ``Competence`` (22) → ``Item`` (32,
  six level statements each, A1..C2 = 1..6). New wording is a new version; an answer keeps the version it
  was given on.
- ``Reflection``: one sitting of the questionnaire (a phase before or after a course cycle, or free-standing),
  as trainee or trainer. Its scores per area and overall (the mean level 1..6, and that mean rounded to a
  level) are written once, when it is completed, so that reports aggregate rows, never answers.
- Named reflections carry a pseudonymous key (``pseudonym``) that pairs before with after in reports; the
  account is kept only so that the teacher can read their own report. An anonymous reflection is stored
  without person, key or time of day once it is completed: it counts in distributions, never in pairs.
- ``Invitation``: who was asked to answer a cycle's phase (the "invited" of every report) and reminded.
- ``CourseArea``: the areas a course develops (the "next steps" of a personal report).
- ``OfficialResult``: group results exported by the official SELFIE for TEACHERS tool, imported per cycle to be
  shown beside the platform's own (never mixed with them).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

LEVEL_CODES = ("A1", "A2", "B1", "B2", "C1", "C2")
AREAS = range(1, 7)


def _greek() -> bool:
    return (get_language() or "en").startswith("el")


class FrameworkVersion(models.Model):
    number = models.PositiveIntegerField(unique=True)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return str(_("version %(number)s") % {"number": self.number})


class Area(models.Model):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="areas")
    number = models.PositiveSmallIntegerField()
    name_en = models.CharField(max_length=200)
    name_el = models.CharField(max_length=200)
    description_en = models.CharField(max_length=500, blank=True)
    description_el = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["version", "number"]
        constraints = [models.UniqueConstraint(fields=["version", "number"], name="competences_area_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def name(self) -> str:
        return self.name_el if _greek() and self.name_el else self.name_en

    @property
    def description(self) -> str:
        return self.description_el if _greek() and self.description_el else self.description_en


class Competence(models.Model):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="competences")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="competences")
    code = models.CharField(max_length=8)
    name_en = models.CharField(max_length=200)
    name_el = models.CharField(max_length=200)

    class Meta:
        ordering = ["version", "code"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="competences_competence_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return self.name_el if _greek() and self.name_el else self.name_en


class Item(models.Model):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="items")
    competence = models.ForeignKey(Competence, on_delete=models.CASCADE, related_name="items")
    area_number = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=10)
    position = models.PositiveSmallIntegerField()
    prompt_en = models.CharField(_("question (English)"), max_length=300)
    prompt_el = models.CharField(_("question (Greek)"), max_length=300)
    statements_en = models.JSONField(default=list)  # six sentences, A1..C2
    statements_el = models.JSONField(default=list)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="competences_item_unique"),
            models.UniqueConstraint(fields=["version", "position"], name="competences_item_position"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.prompt}"

    @property
    def prompt(self) -> str:
        return self.prompt_el if _greek() and self.prompt_el else self.prompt_en

    @property
    def statements(self) -> list[str]:
        return list(self.statements_el if _greek() and self.statements_el else self.statements_en)


class Phase(models.TextChoices):
    BEFORE = "before", _("before the course")
    AFTER = "after", _("after the course")
    FREE = "free", _("on my own")


class Role(models.TextChoices):
    TRAINEE = "trainee", _("trainee")
    TRAINER = "trainer", _("volunteer trainer")


class Reflection(models.Model):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )  # the teacher, for their own report; never read by reports (NULL once anonymous or erased)
    pseudonym = models.CharField(max_length=64, blank=True, db_index=True)  # pairs phases; "" when anonymous
    anonymous = models.BooleanField(default=False)
    phase = models.CharField(max_length=8, choices=Phase.choices)
    role = models.CharField(max_length=8, choices=Role.choices, default=Role.TRAINEE)
    cycle = models.ForeignKey("learning.Cycle", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(
        "learning.LearnerGroup", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    country = models.ForeignKey("reference.Country", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("reference.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    started_at = models.DateTimeField(null=True, blank=True)  # NULL for anonymous (completed) reflections
    completed_at = models.DateTimeField(null=True, blank=True)  # the day only (midnight) when anonymous
    answered = models.PositiveSmallIntegerField(default=0)
    overall = models.FloatField(null=True, blank=True)  # the mean level, 1..6
    level_overall = models.PositiveSmallIntegerField(null=True, blank=True)  # that mean rounded to a level
    area_1 = models.FloatField(null=True, blank=True)
    level_1 = models.PositiveSmallIntegerField(null=True, blank=True)
    area_2 = models.FloatField(null=True, blank=True)
    level_2 = models.PositiveSmallIntegerField(null=True, blank=True)
    area_3 = models.FloatField(null=True, blank=True)
    level_3 = models.PositiveSmallIntegerField(null=True, blank=True)
    area_4 = models.FloatField(null=True, blank=True)
    level_4 = models.PositiveSmallIntegerField(null=True, blank=True)
    area_5 = models.FloatField(null=True, blank=True)
    level_5 = models.PositiveSmallIntegerField(null=True, blank=True)
    area_6 = models.FloatField(null=True, blank=True)
    level_6 = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "cycle", "phase", "role"],
                condition=Q(person__isnull=False, cycle__isnull=False),
                name="competences_one_per_phase",
            ),
            models.CheckConstraint(
                condition=Q(anonymous=False)
                | (Q(person__isnull=True) & Q(pseudonym=""))
                | Q(completed_at__isnull=True),
                name="competences_anonymous_unlinked",
            ),
        ]
        indexes = [
            models.Index(fields=["cycle", "phase", "role"], name="competences_cycle_phase"),
            models.Index(fields=["person", "completed_at"], name="competences_person"),
        ]

    def __str__(self) -> str:
        return f"{self.get_phase_display()} ({self.pk})"

    @property
    def done(self) -> bool:
        return self.completed_at is not None


class Answer(models.Model):
    reflection = models.ForeignKey(Reflection, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reflection", "item"], name="competences_answer_unique"),
            models.CheckConstraint(condition=Q(level__gte=1) & Q(level__lte=6), name="competences_answer_level"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.level}"


class Invitation(models.Model):
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    cycle = models.ForeignKey("learning.Cycle", on_delete=models.CASCADE, related_name="+")
    phase = models.CharField(max_length=8, choices=Phase.choices)
    role = models.CharField(max_length=8, choices=Role.choices, default=Role.TRAINEE)
    invited_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)  # the day only: it says that, never which answers

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "cycle", "phase", "role"], name="competences_invitation_unique")
        ]
        indexes = [models.Index(fields=["cycle", "phase", "role"], name="competences_invited")]

    def __str__(self) -> str:
        return f"{self.cycle_id} {self.phase} {self.role}"


class CourseArea(models.Model):
    """A course develops an area of the framework (by number: areas are the same in every version)."""

    course = models.ForeignKey("learning.Course", on_delete=models.CASCADE, related_name="+")
    area = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["course", "area"], name="competences_course_area")]

    def __str__(self) -> str:
        return f"{self.course_id}: {self.area}"


class OfficialResult(models.Model):
    """One figure of the official SELFIE for TEACHERS tool's group results for a cycle: a role, a phase, an area
    (0: overall) as a percentage, with the number of respondents."""

    cycle = models.ForeignKey("learning.Cycle", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=8, choices=Role.choices)
    phase = models.CharField(max_length=8, choices=Phase.choices)
    area = models.PositiveSmallIntegerField()
    percent = models.DecimalField(max_digits=5, decimal_places=1)
    respondents = models.PositiveIntegerField(null=True, blank=True)
    imported_at = models.DateTimeField()
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cycle", "role", "phase", "area"], name="competences_official_unique")
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id} {self.role} {self.phase} {self.area}: {self.percent}"
