"""Reports of content to the NSO and the NSO's decisions on them.

A report names its content by the reportable kind and the object's id (``core.registries``): the moderation
app never imports the apps whose content it moderates. What the queue shows (the author, their country, an
excerpt) is copied when the report is filed, so that the queue is one query and a report still reads after
its content is hidden or gone.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

REASON_TEXT_MAX = 2000
DECISION_REASON_MAX = 2000


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    HARASSMENT = "harassment", _("Harassment or insults")
    INAPPROPRIATE = "inappropriate", _("Inappropriate content")
    PRIVACY = "privacy", _("Personal data shared without consent")
    OTHER = "other", _("Something else")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("waiting")
    RESOLVED = "resolved", _("resolved")
    DISMISSED = "dismissed", _("dismissed")


class Decision(models.TextChoices):
    DISMISS = "dismiss", _("Dismiss the report (nothing wrong)")
    HIDE = "hide", _("Hide the content")
    WARN = "warn", _("Warn the author")
    SUSPEND = "suspend", _("Suspend the author's account")
    HIDE_PROFILE = "hide_profile", _("Hide the author's profile")


class Report(models.Model):
    kind = models.CharField(max_length=60)
    object_id = models.PositiveBigIntegerField()
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    text = models.TextField(_("what is wrong"), max_length=REASON_TEXT_MAX, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    author_country = models.ForeignKey(
        "reference.Country", null=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    excerpt = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(max_length=DECISION_REASON_MAX, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # One open report per reporter and item.
            models.UniqueConstraint(
                fields=["kind", "object_id", "reporter"],
                condition=models.Q(status="open"),
                name="report_open_unique",
            )
        ]
        indexes = [
            # The queue: a country's reports by status, the oldest first.
            models.Index(fields=["author_country", "status", "created_at"], name="report_queue_idx"),
            models.Index(fields=["kind", "object_id"], name="report_item_idx"),
            models.Index(fields=["reporter", "created_at"], name="report_reporter_idx"),
        ]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return f"report #{self.pk}"
