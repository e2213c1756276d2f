"""The people app's entries in the registries: navigation, the eTwinners figure, audit labels,
notification kinds, the validation queue's staff card and the eTwinners section of school pages."""

from django.utils.translation import gettext_lazy as _

from twinning.core.registries import (
    MAIN,
    STAFF,
    QueueState,
    register_audit_actions,
    register_figure,
    register_nav,
    register_notification_kind,
    register_staff_card,
)
from twinning.schools.sections import register_school_section
from twinning.staff import policies as staff_policies

from . import selectors
from .models import User, ValidationStatus
from .sections import register_staff_context


def _logged_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def count_etwinners() -> int:
    return User.objects.filter(validation_status=ValidationStatus.VALIDATED, anonymised_at__isnull=True).count()


def validation_queue_state(user) -> QueueState:
    summary = selectors.queue_summary(staff=user)
    return QueueState(waiting=summary["waiting"], oldest=summary["oldest"])


register_nav(
    "accounts.dashboard", _("My eTwinning"), "accounts:dashboard", section=MAIN, visible=_logged_in, position=30
)
register_nav("accounts.profile", _("Profile"), "accounts:profile", section=MAIN, visible=_logged_in, position=60)
register_nav(
    "accounts.queue",
    _("Validation queue"),
    "accounts:validation_queue",
    section=STAFF,
    visible=staff_policies.is_support_staff,
    position=10,
)
register_nav(
    "accounts.people",
    _("People"),
    "accounts:people",
    section=STAFF,
    visible=staff_policies.is_support_staff,
    position=20,
)
register_nav(
    "accounts.region",
    _("My region"),
    "accounts:region",
    section=STAFF,
    visible=staff_policies.is_ambassador,
    position=5,
)
register_nav(
    "accounts.retention",
    _("Retention rules"),
    "accounts:retention_policy",
    section=STAFF,
    visible=staff_policies.is_css_staff,
    position=70,
)
register_nav(
    "accounts.staff_roles",
    _("Staff roles"),
    "accounts:staff_roles",
    section=STAFF,
    visible=staff_policies.can_manage_staff_roles,
    position=80,
)
register_figure("teachers", _("teachers (eTwinners)"), count_etwinners, position=20)
register_staff_card(
    "accounts.validation",
    _("Teachers waiting for validation"),
    "accounts:validation_queue",
    validation_queue_state,
    visible=staff_policies.is_support_staff,
    position=10,
)
register_staff_context("accounts", "accounts/_staff_context_person.html", selectors.staff_context_person, position=10)
register_school_section("etwinners", "accounts/_school_etwinners.html", selectors.school_etwinners, position=10)
register_audit_actions(
    {
        "person.validation_requested": _("asked for validation"),
        "person.validated": _("validated"),
        "person.rejected": _("rejected"),
        "person.school_added": _("school added to the profile"),
        "person.school_removed": _("school removed from the profile"),
        "person.profile_updated": _("profile changed"),
        "person.identity_changed": _("name changed after validation"),
        "person.data_exported": _("personal data downloaded"),
        "person.erased": _("account erased"),
        "retention_policy.updated": _("retention rules changed"),
        "person.profile_hidden": _("profile hidden by the NSO"),
        "person.suspended": _("account suspended"),
        "person.reinstated": _("account reinstated"),
    }
)
register_notification_kind("validation.validated", _("Your account is validated"))
register_notification_kind("validation.rejected", _("Your request for validation was not accepted"))
register_notification_kind("accounts.moderation", _("A decision of your NSO about your profile"))
register_notification_kind("accounts.suspended", _("Your account is suspended"), always_email=True)
register_audit_actions(
    {
        "pupils.created": _("pupils' logins made"),
        "pupils.password_reset": _("pupil's password reset"),
        "pupils.consent_recorded": _("parents' consent recorded"),
        "pupils.publication_consent_given": _("consent to publish a pupil's photos recorded"),
        "pupils.publication_consent_withdrawn": _("consent to publish a pupil's photos withdrawn"),
        "pupils.deactivated": _("pupil's login switched off"),
        "pupils.reactivated": _("pupil's login switched on again"),
        "pupils.erased": _("pupil's account erased"),
    }
)
