from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "twinning.publishing"
    label = "publishing"
    verbose_name = _("Publishing")

    def ready(self):
        from django.conf import settings

        from twinning.core.uploads import accept_uploads_under

        from . import (  # noqa: F401 - registries, signals, periodic job, demo, newsletter source
            demo,
            extensions,
            newsletter_source,
            privacy,
            signals,
            tasks,
        )
        from .middleware import CMS_PREFIX

        # Wagtail's upload views (one file per request, the multiple uploader included) take what its own checks
        # accept, plus room for the form around the file; the rest of the admin keeps the platform's limit.
        accept_uploads_under(f"{CMS_PREFIX}images/", settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE + 64 * 1024)
        accept_uploads_under(f"{CMS_PREFIX}documents/", settings.PUBLISHING_DOCUMENT_MAX_BYTES + 64 * 1024)
