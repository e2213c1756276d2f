"""The Django admin's app configuration, pointing at the platform's admin site (twinning.core.admin_site)."""

from django.contrib.admin.apps import AdminConfig


class TwinningAdminConfig(AdminConfig):
    default_site = "twinning.core.admin_site.TwinningAdminSite"
