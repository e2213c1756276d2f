from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from twinning.core.urls import file_patterns, job_patterns, upload_patterns
from twinning.core.views import favicon, healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include(file_patterns)),
    path("", include("twinning.certificates.public_urls")),  # /verify/<code>, the issuer's published key
    path("", include("twinning.support.inbound_urls")),  # the helpdesk's inbound e-mail webhook (HMAC-signed)
    # Wagtail (docs/publishing.md): the editors' admin and the public documents (e-books), no language prefix.
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

urlpatterns += i18n_patterns(
    path("", include("twinning.stats.urls")),
    path("", include("twinning.staff.urls")),
    path("", include("twinning.accounts.urls")),
    path("", include("twinning.accounts.pupil_urls")),
    path("", include("twinning.schools.urls")),
    path("", include("twinning.reference.urls")),
    path("", include(upload_patterns)),
    path("", include(job_patterns)),
    path("", include("twinning.discussions.urls")),
    path("", include("twinning.moderation.urls")),
    path("", include("twinning.contacts.urls")),
    path("", include("twinning.partners.urls")),
    path("", include("twinning.projects.urls")),
    path("", include("twinning.groups.urls")),
    path("", include("twinning.twinspace.urls")),
    path("", include("twinning.certificates.urls")),
    path("", include("twinning.learning.urls")),
    path("", include("twinning.events.urls")),
    path("", include("twinning.competences.urls")),
    path("", include("twinning.knowledge.urls")),
    path("", include("twinning.support.urls")),
    path("", include("twinning.newsletter.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    # Last: the published pages (Wagtail) answer any address no app above has claimed.
    path("", include("twinning.publishing.urls")),
    path("", include(wagtail_urls)),  # Wagtail's pages (un-namespaced: it reverses "wagtail_serve")
    prefix_default_language=True,
)

if settings.SERVE_PUBLIC_MEDIA:
    # Public media only (files anyone may see); in production the proxy serves /media/ itself
    # (docs/operations.md). Private files never live under MEDIA_ROOT.
    urlpatterns += [
        re_path(r"^media/(?P<path>.+)$", serve, {"document_root": settings.MEDIA_ROOT, "show_indexes": False})
    ]

handler403 = "twinning.core.errorviews.forbidden"
handler404 = "twinning.core.errorviews.not_found"
handler500 = "twinning.core.errorviews.server_error"
