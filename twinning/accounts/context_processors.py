from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from twinning.core import selectors as core_selectors

from . import policies


def navigation(request):
    """Navigation links for the current person's roles (one query for staff roles, cached per request)."""
    user = getattr(request, "user", None)
    items = [(_("Home"), reverse("stats:home")), (_("Schools"), reverse("schools:search"))]
    staff_items = []
    unread = 0
    if user is not None and user.is_authenticated:
        items.append((_("My eTwinning"), reverse("accounts:dashboard")))
        unread = core_selectors.unread_notification_count(user)
        items.append((_("Profile"), reverse("accounts:profile")))
        if policies.is_support_staff(user):
            staff_items = [
                (_("Validation queue"), reverse("accounts:validation_queue")),
                (_("People"), reverse("accounts:people")),
                (_("School registry"), reverse("schools:staff_list")),
                (_("Registry import"), reverse("schools:import_list")),
                (_("Reference data"), reverse("reference:index")),
            ]
        if policies.is_css_staff(user):
            staff_items.append((_("Retention rules"), reverse("accounts:retention_policy")))
        if policies.can_manage_staff_roles(user):
            staff_items.append((_("Staff roles"), reverse("accounts:staff_roles")))
        if user.is_superuser:
            staff_items.append((_("Administration"), reverse("admin:index")))
    return {"nav_items": items, "staff_nav_items": staff_items, "unread_notifications": unread}
