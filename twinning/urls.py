from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from twinning.core.views import healthz

# Staff work in purpose-built pages; the Django admin is for administrators (superusers) only.
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("", include("twinning.stats.urls")),
    path("", include("twinning.accounts.urls")),
    path("", include("twinning.schools.urls")),
    path("", include("twinning.schools.urls_reference")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    prefix_default_language=True,
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler403 = "twinning.core.errorviews.forbidden"
handler404 = "twinning.core.errorviews.not_found"
handler500 = "twinning.core.errorviews.server_error"
