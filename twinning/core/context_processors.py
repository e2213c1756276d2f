from django.urls import reverse
from django.utils.translation import gettext as _

from . import pupils, registries, selectors


def navigation(request):
    """The menus for this person (entries registered by the apps) and their unread notifications."""
    user = getattr(request, "user", None)
    if user is None:
        return {"nav_items": [], "staff_nav_items": [], "unread_notifications": 0}
    if pupils.is_pupil(user):  # a pupil's menu leads only to their workspaces (domain §6)
        home = registries.NavLink(_("My TwinSpaces"), reverse(pupils.pupil_home()))
        return {"nav_items": [home], "staff_nav_items": [], "unread_notifications": 0, "pupil_account": True}
    authenticated = user.is_authenticated
    return {
        "nav_items": registries.navigation_for(user, registries.MAIN),
        "staff_nav_items": registries.navigation_for(user, registries.STAFF) if authenticated else [],
        "unread_notifications": selectors.unread_notification_count(user) if authenticated else 0,
    }
