"""Every page that is not explicitly public sends anonymous visitors to the login page.

Walks the URLconf so that a new view without a permission check fails here, not in production.
"""

import re

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern

pytestmark = pytest.mark.django_db

# Pages anyone may open (visitor role, domain §2) and machinery pages.
PUBLIC = (
    r"^/en/$",
    r"^/en/about/",  # the service's frame: privacy notice, accessibility statement, contact, terms of use
    r"^/en/schools/",
    r"^/en/projects/$",  # the public gallery of projects
    r"^/en/projects/\d+/$",  # a project's page is public once active (404 before, unless a member or staff)
    r"^/en/projects/kits/",  # published project kits
    r"^/en/people/\d+/$",  # an eTwinner's page follows its profile's visibility (some profiles are public)
    r"^/en/people/\d+/photo/$",  # a photo follows its profile's visibility (some profiles are public)
    r"^/en/partners/$",  # partner finding: visitors see a sign-up prompt there, never a post
    r"^/en/groups/$",  # the directory of groups
    r"^/en/groups/\d+/$",  # a group's page: what it is about and how to join (its parts are for members)
    r"^/en/learning/$",  # the catalogue of online courses
    r"^/en/learning/courses/\d+/$",  # a course's page: its next cycle and how to enrol
    # An H5P package's files, fetched by the player in its sandboxed (cookie-less) frame: the signed,
    # short-lived token in the address is the key (404 when wrong, expired, or the seat is gone).
    r"^/en/learning/activities/\d+/h5p/files/",
    r"^/en/events/$",  # the public list of events (webinars, information days…)
    r"^/en/events/\d+/$",  # a published event's page (a draft is 404 to all but its staff)
    r"^/en/events/\d+/event\.ics$",  # a published event in a calendar file
    # Calendar feeds: a country's published events; a person's feed has a secret token as its key (404 when wrong).
    r"^/en/events/calendar/",
    # The knowledge base: its home, categories, published articles (a draft is 404 to all but its editors),
    # the suggestions for a ticket being typed, and visitors' votes and "this answered my question" (by
    # session). Its staff pages (/en/help/staff/…) stay private.
    r"^/en/help/$",
    r"^/en/help/c/[^/]+/$",
    r"^/en/help/suggest/$",
    r"^/en/help/(?!staff/)[^/]+/(?:vote/|answered/)?$",
    # Certificates: anyone may check one by its code; the issuer's profile and public key verify its badge.
    r"^/verify/",
    r"^/en/verify/",
    r"^/credentials/issuer$",
    r"^/\.well-known/jwks\.json$",
    r"^/en/accounts/",  # allauth: sign-up, login, password reset, e-mail confirmation
    r"^/en/pupils/sign-in/$",  # the pupils' own sign-in page
    r"^/en/twinspace/guest/",  # a guest's link: the token is the key (404 when unknown, revoked or expired)
    r"^/en/jsi18n/",
    # The helpdesk: its start page and the ticket form are open to visitors (a visitor's request waits for the
    # link e-mailed to them; the token is the key, 404 when unknown or expired). Everything else needs a login.
    r"^/en/support/$",
    r"^/en/support/new/(?:sent/)?$",
    r"^/en/support/confirm/",
    # The helpdesk's inbound e-mail webhook: authenticated by an HMAC of the body with a shared secret, not a
    # session (404 when no secret is configured, 403 on a bad signature).
    r"^/support/inbound/email/$",
    # The newsletter: its subscribe form and "check your inbox" page, and the links e-mailed to subscribers (the
    # signed value is the key; 400 when tampered with). "My subscription" and its staff pages need a login.
    r"^/en/newsletter/(?:check-your-inbox/|confirm/[^/]+/|unsubscribe/[^/]+/)?$",
    # Publishing (Wagtail, docs/publishing.md): the published pages answer through Wagtail's catch-all (a draft
    # or a missing page is 404), the hub and the search over published pages, the public documents (e-books)
    # and Wagtail's form for a page an editor protected with a password. /cms/ is not public (login).
    r"^/en/read/(?:search/)?$",
    r"^/en/\(\(\?:",
    r"^/en/_util/authenticate_with_password/",
    r"^/documents/",
    r"^/healthz$",
    r"^/favicon\.ico$",
    r"^/i18n/",
)


def _walk(patterns, prefix=""):
    for entry in patterns:
        route = prefix + ("en/" if isinstance(entry.pattern, LocalePrefixPattern) else str(entry.pattern))
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route


def _concrete(route: str) -> str:
    route = route.replace("^", "").replace("$", "").replace("\\", "")
    route = re.sub(r"<int:[^>]+>", "1", route)
    route = re.sub(r"<(?:str|slug):[^>]+>", "x", route)
    route = re.sub(r"<[^>]+>", "1", route)
    return "/" + route


def _pages(*, include_admin=False):
    for route in _walk(get_resolver().url_patterns):
        path = _concrete(route)
        if "(?P" in path or "media/" in path or ("admin/" in path and not include_admin):
            continue
        if any(re.match(p, path) for p in PUBLIC):
            continue
        yield path


PRIVATE_PAGES = sorted(set(_pages()))
# The admin's own pages (its URLconf is generated per model) are covered by their index and a model page.
STAFF_WALK = sorted(
    {p for p in _pages(include_admin=True) if "admin/" not in p} | {"/en/admin/", "/en/admin/accounts/user/"}
)


def test_the_walk_finds_the_staff_and_personal_pages():
    for expected in ("/en/staff/validation/", "/en/staff/people/1/", "/en/me/privacy/", "/en/staff/schools/"):
        assert expected in PRIVATE_PAGES


@pytest.mark.parametrize("path", PRIVATE_PAGES)
def test_private_pages_send_anonymous_visitors_to_login(client, path):
    response = client.get(path)
    assert response.status_code in (302, 405), f"{path} answered {response.status_code} to an anonymous visitor"
    if response.status_code == 302:
        assert "/accounts/login/" in response["Location"], f"{path} redirected to {response['Location']}"


@pytest.fixture
def staff_without_second_factor(client):
    """A CSS member and administrator with an authenticator, logged in with the password alone."""
    from twinning.accounts.tests.factories import UserFactory, with_totp
    from twinning.staff.models import StaffRole

    staff = with_totp(UserFactory(is_superuser=True, is_staff=True))
    StaffRole.objects.create(user=staff, kind=StaffRole.Kind.CSS)
    client.force_login(staff)
    return staff


@pytest.mark.parametrize("path", STAFF_WALK)
@pytest.mark.parametrize("method", ["get", "post"])
def test_no_page_answers_staff_whose_session_skipped_the_second_factor(
    client, staff_without_second_factor, path, method
):
    from twinning.core.models import AuditEvent

    before = AuditEvent.objects.count()
    response = getattr(client, method)(path)
    assert response.status_code == 302, f"{method.upper()} {path} answered {response.status_code}"
    # Paths outside the language prefix (a file's address) send to the step in the visitor's language.
    lang = "en" if path.startswith("/en/") else settings.LANGUAGE_CODE
    assert response["Location"].startswith(f"/{lang}/accounts/2fa/reauthenticate/"), response["Location"]
    assert AuditEvent.objects.count() == before
