"""eTwinning Groups: communities of teachers around a subject or an interest, with pages and a forum (the
shared discussion engine, ``twinning.discussions``).

NSO staff open national groups for their country, CSS staff European ones. Joining is open to everyone
registered, to eTwinners only, by approval of the moderators, or by invitation. A membership row holds a
person's role and state; the group keeps its member count and a folded search text for the directory.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from twinning.core.richtext import RichTextField
from twinning.core.text import normalize_search

NAME_MAX = 120


class Joining(models.TextChoices):
    OPEN = "open", _("Anyone registered may join")
    ETWINNERS = "etwinners", _("eTwinners may join")
    APPROVAL = "approval", _("Anyone may ask; the moderators accept")
    INVITATION = "invitation", _("By invitation only")


class Group(models.Model):
    name = models.CharField(_("name"), max_length=NAME_MAX)
    summary = models.CharField(_("summary"), max_length=300)
    about = RichTextField(_("about the group"), blank=True)
    country = models.ForeignKey(
        "reference.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("Empty for a European group."),
    )  # fmt: skip
    subjects = models.ManyToManyField("reference.Subject", blank=True, related_name="+")
    joining = models.CharField(_("who may join"), max_length=12, choices=Joining.choices, default=Joining.ETWINNERS)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    member_count = models.PositiveIntegerField(default=0)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)  # read-only, kept for its history
    search_text = models.TextField(editable=False, default="")

    class Meta:
        indexes = [
            models.Index(fields=["country", "-member_count", "id"], name="group_directory_idx"),
            models.Index(fields=["-member_count", "id"], name="group_popular_idx"),
        ]
        verbose_name = _("group")
        verbose_name_plural = _("groups")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = normalize_search(f"{self.name} {self.summary}")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and ({"name", "summary"} & set(update_fields)):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    @property
    def joining_label(self) -> str:
        return str(Joining(self.joining).label)


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    MODERATOR = "moderator", _("Moderator")


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", _("Member")
    REQUESTED = "requested", _("Asked to join")
    INVITED = "invited", _("Invited")


class Membership(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.ACTIVE)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    joined_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="group_membership_once")]
        indexes = [
            models.Index(fields=["user", "status"], name="membership_user_idx"),
            models.Index(fields=["group", "status", "role", "joined_at"], name="membership_group_idx"),
        ]
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")

    def __str__(self) -> str:
        return f"{self.user_id} in group {self.group_id} ({self.status})"


class GroupPage(models.Model):
    """A page of a group (resources, a guide to the group), written by its moderators."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="pages")
    title = models.CharField(_("title"), max_length=200)
    body = RichTextField(_("text"))
    position = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("group page")
        verbose_name_plural = _("group pages")

    def __str__(self) -> str:
        return self.title
