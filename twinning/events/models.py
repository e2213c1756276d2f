"""Dated events run by an NSO (domain §7): webinars, learning events, information days and ambassador
trainings, with registration (a capacity and a first-come waiting list), a joining link, attendance and a
certificate of attendance.

An event keeps its registered and waiting counts (written under the event's row lock by the services), so
that lists show places left without counting. Times are stored in UTC with the time zone they were set in.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from twinning.core.richtext import RichTextField

TITLE_MAX = 200


class Kind(models.TextChoices):
    WEBINAR = "webinar", _("Webinar")
    LEARNING_EVENT = "learning_event", _("Learning event")
    INFO_DAY = "info_day", _("Information day")
    AMBASSADOR_TRAINING = "ambassador_training", _("Ambassador training")


class Eligibility(models.TextChoices):
    ANYONE = "anyone", _("Anyone registered on the platform")
    ETWINNERS = "etwinners", _("Validated eTwinners")
    AMBASSADORS = "ambassadors", _("Ambassadors of the event's country")


class Event(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.WEBINAR)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = RichTextField(_("description"), blank=True)
    country = models.ForeignKey("reference.Country", on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(_("time zone"), max_length=64)
    online = models.BooleanField(_("online"), default=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    link = models.URLField(_("joining link"), max_length=500, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, default=0)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    eligibility = models.CharField(
        _("who may register"), max_length=12, choices=Eligibility.choices, default=Eligibility.ANYONE
    )
    registration_opens_at = models.DateTimeField(_("registration opens at"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes at"), null=True, blank=True)
    min_minutes = models.PositiveSmallIntegerField(_("minimum minutes of attendance"), default=0)
    published = models.BooleanField(_("published"), default=False)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=500, blank=True)
    registered_count = models.PositiveIntegerField(default=0)
    waiting_count = models.PositiveIntegerField(default=0)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)  # the iCalendar UID
    sequence = models.PositiveIntegerField(default=0)  # grows with each change of time or cancellation
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["published", "starts_at", "id"], name="events_public_idx"),
            models.Index(fields=["country", "starts_at"], name="events_country_idx"),
        ]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return self.title

    @property
    def places_left(self) -> int | None:
        return None if self.capacity is None else max(0, self.capacity - self.registered_count)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label)


class Status(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REGISTERED)
    position = models.PositiveIntegerField(null=True, blank=True)  # order on the waiting list
    registered_at = models.DateTimeField()
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(default=False)
    minutes = models.PositiveIntegerField(null=True, blank=True)  # from the meeting tool's report
    attendance_at = models.DateTimeField(null=True, blank=True)
    reminded_day_at = models.DateTimeField(null=True, blank=True)
    reminded_hour_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="events_registration_once")]
        indexes = [
            models.Index(fields=["event", "status", "position", "id"], name="events_reg_status_idx"),
            models.Index(fields=["user", "status"], name="events_reg_user_idx"),
        ]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")

    def __str__(self) -> str:
        return f"{self.user_id} at event {self.event_id} ({self.status})"

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)


class CalendarFeed(models.Model):
    """A person's secret calendar address (the events they are registered for); a new token voids the old."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"calendar of {self.user_id}"
