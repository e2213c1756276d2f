"""The certificates app's entries in the registries: "My certificates" in the main menu, the staff's search
in the staff menu, the notices of a certificate issued or revoked and the audit trail's words."""

from django.utils.translation import gettext_lazy as _

from twinning.accounts.sections import register_staff_context
from twinning.core.registries import (
    DAILY,
    IMMEDIATELY,
    MAIN,
    STAFF,
    register_audit_actions,
    register_nav,
    register_notification_kind,
)

from . import policies, selectors

register_nav(
    "certificates.mine",
    _("My certificates"),
    "certificates:mine",
    section=MAIN,
    visible=policies.may_have_certificates,
    position=49,
)
register_nav(
    "certificates.staff",
    _("Certificates"),
    "certificates:staff_list",
    section=STAFF,
    visible=policies.is_certificate_staff,
    position=52,
)
# A cycle's end issues thousands at once: the e-mail copy goes in the daily summary unless the person chose
# "at once" (the notice itself is on the platform immediately).
register_notification_kind("certificates.issued", _("A certificate issued to you"), delivery=DAILY)
register_notification_kind("certificates.revoked", _("A certificate of yours revoked"), delivery=IMMEDIATELY)
register_audit_actions(
    {
        "certificates.issued": _("certificate issued"),
        "certificates.revoked": _("certificate revoked"),
    }
)

register_staff_context(
    "certificates", "certificates/_staff_context_certificates.html", selectors.staff_context_certificates, position=50
)
