"""The newsletter (issue 13): subscriptions confirmed twice (double opt-in), newsletters composed by staff
from recent items, and one delivery row per subscriber a newsletter was sent to (its status and error).

A subscription is keyed by its e-mail address, case-folded, so that one address subscribes once. A person's
newsletter data lives here, never on the user row.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from twinning.core.richtext import RichTextField


class Language(models.TextChoices):
    EL = "el", _("Greek")
    EN = "en", _("English")


class SubscriptionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Subscribed")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")


class Subscription(models.Model):
    email = models.EmailField(_("e-mail address"), max_length=254)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.EL)
    country = models.ForeignKey("reference.Country", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=12, choices=SubscriptionStatus.choices, default=SubscriptionStatus.PENDING)
    token = models.CharField(max_length=64, unique=True)  # the confirmation link's secret
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="newsletter_subscription_email_once")]
        indexes = [
            models.Index(fields=["status", "language", "id"], name="newsletter_sub_status_idx"),
            models.Index(fields=["user"], name="newsletter_sub_user_idx"),
            models.Index(fields=["country", "status"], name="newsletter_sub_country_idx"),
        ]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")

    def __str__(self) -> str:
        return self.email

    @property
    def status_label(self) -> str:
        return str(SubscriptionStatus(self.status).label)


class AudienceKind(models.TextChoices):
    ALL = "all", _("All subscribers")
    TEACHERS_OF_COUNTRY = "teachers_of_country", _("Teachers of a country")
    AMBASSADORS = "ambassadors", _("Ambassadors")
    TRAINERS = "trainers", _("Volunteer trainers")


class NewsletterStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")


class Newsletter(models.Model):
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.EL)
    intro = RichTextField(_("introduction"), blank=True)
    audience = models.CharField(_("audience"), max_length=30, choices=AudienceKind.choices, default=AudienceKind.ALL)
    country = models.ForeignKey(
        "reference.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("country"),
    )  # fmt: skip
    status = models.CharField(max_length=10, choices=NewsletterStatus.choices, default=NewsletterStatus.DRAFT)
    items = models.JSONField(default=list, blank=True)  # the chosen items, as they were when chosen
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    job = models.ForeignKey("core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["country", "created_at"], name="newsletter_country_idx")]
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")

    def __str__(self) -> str:
        return self.title

    @property
    def status_label(self) -> str:
        return str(NewsletterStatus(self.status).label)

    @property
    def audience_label(self) -> str:
        return str(AudienceKind(self.audience).label)


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped")


class Delivery(models.Model):
    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(
        Subscription, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    email = models.CharField(max_length=254, blank=True)  # emptied when the person is erased
    status = models.CharField(max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED)
    error = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["newsletter", "subscription"], name="newsletter_delivery_once")]
        indexes = [models.Index(fields=["newsletter", "status", "id"], name="newsletter_delivery_status_idx")]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return f"newsletter {self.newsletter_id} to {self.subscription_id}"

    @property
    def status_label(self) -> str:
        return str(DeliveryStatus(self.status).label)
