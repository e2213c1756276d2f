import datetime

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_safe

from twinning.accounts import selectors as accounts_selectors
from twinning.core.registries import headline_figures

from . import selectors

# Dates shown on the static pages: change them whenever the text of the page changes. The Web
# Accessibility Directive asks the statement to say when it was prepared and last reviewed.
ACCESSIBILITY_STATEMENT_PREPARED = datetime.date(2026, 11, 26)
ACCESSIBILITY_STATEMENT_REVIEWED = datetime.date(2026, 11, 26)
PRIVACY_NOTICE_UPDATED = datetime.date(2026, 11, 26)
TERMS_UPDATED = datetime.date(2026, 11, 26)


@require_safe
def home(request):
    """The public home page: what eTwinning is, how to take part, and what is happening in the community."""
    context = {"figures": headline_figures(), "latest_schools": selectors.latest_validated_schools()}
    return render(request, "home.html", context)


@require_safe
def privacy_notice(request):
    """Which personal data the platform holds, why, for how long, and the person's rights."""
    context = {
        "policy": accounts_selectors.retention_policy(),
        "import_file_days": settings.SCHOOL_IMPORT_FILE_DAYS,
        "updated_on": PRIVACY_NOTICE_UPDATED,
    }
    return render(request, "pages/privacy_notice.html", context)


@require_safe
def accessibility(request):
    """The accessibility statement the Web Accessibility Directive (EU) 2016/2102 asks of public bodies."""
    context = {
        "prepared_on": ACCESSIBILITY_STATEMENT_PREPARED,
        "reviewed_on": ACCESSIBILITY_STATEMENT_REVIEWED,
        "staff_idle_minutes": settings.STAFF_SESSION_IDLE_MINUTES,
    }
    return render(request, "pages/accessibility.html", context)


@require_safe
def contact(request):
    """The support organisation of the visitor's country (their own, the one they choose, or Greece's)."""
    organisations = selectors.national_support_organisations()
    user = request.user
    chosen = selectors.contact_organisation(
        organisations,
        code=request.GET.get("country", "")[:2],
        country_id=user.country_id if user.is_authenticated else None,
    )
    context = {
        "organisations": organisations,
        "chosen": chosen,
        "central": selectors.central_support_service(),
    }
    return render(request, "pages/contact.html", context)


@require_safe
def terms(request):
    """The terms of use of the platform."""
    return render(request, "pages/terms.html", {"updated_on": TERMS_UPDATED})
