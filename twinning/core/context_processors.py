from . import registries, selectors


def navigation(request):
    """The menus for this person (entries registered by the apps) and their unread notifications."""
    user = getattr(request, "user", None)
    if user is None:
        return {"nav_items": [], "staff_nav_items": [], "unread_notifications": 0}
    authenticated = user.is_authenticated
    return {
        "nav_items": registries.navigation_for(user, registries.MAIN),
        "staff_nav_items": registries.navigation_for(user, registries.STAFF) if authenticated else [],
        "unread_notifications": selectors.unread_notification_count(user) if authenticated else 0,
    }
