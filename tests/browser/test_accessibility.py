"""axe-core on the main pages, in Greek and in English: no serious or critical violation.

The pages are rendered with realistic content (a waiting teacher in the queue, a school with its
details) so that tables, forms and status badges are checked, not empty states.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import log_in, nso_staff, teacher
from twinning.schools.tests.factories import CountryFactory, RegionFactory, SchoolFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LANGUAGES = ["el", "en"]
BLOCKING_IMPACTS = {"serious", "critical"}

_axe = Axe()


def blocking_violations(page) -> list[dict]:
    results = _axe.run(page)
    return [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {violation['helpUrl']}")
        for node in violation["nodes"][:10]:
            summary = (node.get("failureSummary") or "").splitlines()
            lines.append(f"    {' '.join(map(str, node['target']))}: {summary[-1].strip() if summary else ''}")
    return "\n".join(lines)


@pytest.fixture
def community():
    greece = CountryFactory(code="GR")
    crete = RegionFactory(country=greece, code="GR-M", name_en="Crete", name_el="Κρήτη")
    school = SchoolFactory(
        name="3ο Γυμνάσιο Ηρακλείου",
        city="Ηράκλειο",
        country=greece,
        region=crete,
        address="Λεωφόρος Κνωσού 12",
        postcode="71306",
    )
    waiting = teacher(country=greece, school=school, status=ValidationStatus.PENDING, email="waiting@sch.gr")
    validated = teacher(country=greece, school=school, status=ValidationStatus.VALIDATED, email="done@sch.gr")
    staff = nso_staff(greece, email="nso.greece@example.org")
    return {"school": school, "waiting": waiting, "validated": validated, "staff": staff}


def logged_in_page(new_page, live_server, user):
    """A page whose browser carries the session of ``user`` (logged in through Django's test client)."""
    client = Client()
    log_in(client, user)
    page = new_page()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return page


def check(page, url: str, lang: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url} answered {response and response.status}"
    assert page.locator("html").get_attribute("lang") == lang
    violations = blocking_violations(page)
    assert not violations, f"axe found serious/critical problems on {url}:\n{describe(violations)}"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", ["home", "signup", "login"])
def test_public_pages_have_no_serious_violations(new_page, community, lang, name):
    urls = {"home": f"/{lang}/", "signup": f"/{lang}/accounts/signup/", "login": f"/{lang}/accounts/login/"}
    check(new_page(), urls[name], lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_school_page_has_no_serious_violations(new_page, community, lang):
    check(new_page(), f"/{lang}/schools/{community['school'].pk}/", lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_signup_with_errors_has_no_serious_violations(new_page, community, lang):
    """Error messages must be readable and tied to their fields."""
    page = new_page()
    page.goto(f"/{lang}/accounts/signup/")
    page.fill("input[name=first_name]", "Ελένη")
    page.fill("input[name=last_name]", "Γεωργίου")
    page.fill("input[name=email]", "waiting@sch.gr")
    page.fill("input[name=password1]", "short")
    page.fill("input[name=password2]", "different")
    page.check("input[name=accept_terms]")
    with page.expect_navigation():
        page.locator("main form[method=post]:has(input[name=password1]) button[type=submit]").first.click()
    assert page.locator("main [data-error-summary]").count() == 1, "the form should come back with errors"
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')"), "the summary takes the focus"
    violations = blocking_violations(page)
    assert not violations, f"axe found serious/critical problems on the sign-up errors:\n{describe(violations)}"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", ["profile", "dashboard", "join_role", "join_schools"])
def test_member_pages_have_no_serious_violations(new_page, live_server, community, lang, name):
    member = community["waiting"] if name == "dashboard" else community["validated"]
    if name.startswith("join"):
        member.validation_status = ValidationStatus.REGISTERED
        member.save(update_fields=["validation_status"])
    urls = {
        "profile": f"/{lang}/me/profile/",
        "dashboard": f"/{lang}/me/",
        "join_role": f"/{lang}/me/join/role/",
        "join_schools": f"/{lang}/me/join/schools/?q=Ηρακλείου",
    }
    check(logged_in_page(new_page, live_server, member), urls[name], lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_validation_queue_has_no_serious_violations(new_page, live_server, community, lang):
    page = logged_in_page(new_page, live_server, community["staff"])
    check(page, f"/{lang}/staff/validation/", lang)
    assert page.locator(f"input[name=people][value='{community['waiting'].pk}']").count() == 1, "the queue has a row"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    "name",
    [
        "people",
        "person",
        "registry",
        "registry_school",
        "imports",
        "reference",
        "countries",
        "staff_roles",
        "staff_home",
        "audit_log",
    ],
)
def test_staff_pages_have_no_serious_violations(new_page, live_server, community, lang, name):
    urls = {
        "people": f"/{lang}/staff/people/",
        "person": f"/{lang}/staff/people/{community['waiting'].pk}/",
        "registry": f"/{lang}/staff/schools/",
        "registry_school": f"/{lang}/staff/schools/{community['school'].pk}/",
        "imports": f"/{lang}/staff/schools/imports/",
        "reference": f"/{lang}/staff/reference/",
        "countries": f"/{lang}/staff/reference/countries/",
        "staff_roles": f"/{lang}/staff/roles/",
        "staff_home": f"/{lang}/staff/",
        "audit_log": f"/{lang}/staff/audit/",
    }
    check(logged_in_page(new_page, live_server, community["staff"]), urls[name], lang)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", ["privacy", "delete", "notifications", "settings", "propose_school"])
def test_personal_pages_have_no_serious_violations(new_page, live_server, community, lang, name):
    urls = {
        "privacy": f"/{lang}/me/privacy/",
        "delete": f"/{lang}/me/privacy/delete/",
        "notifications": f"/{lang}/me/notifications/",
        "settings": f"/{lang}/me/settings/",
        "propose_school": f"/{lang}/me/join/schools/propose/",
    }
    check(logged_in_page(new_page, live_server, community["validated"]), urls[name], lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_ambassadors_region_page_has_no_serious_violations(new_page, live_server, community, lang):
    import datetime

    from django.utils import timezone

    from twinning.accounts.tests.factories import with_totp
    from twinning.staff.models import StaffRole

    ambassador = with_totp(community["validated"])
    today = timezone.localdate()
    StaffRole.objects.create(
        user=ambassador,
        kind=StaffRole.Kind.AMBASSADOR,
        country=community["school"].country,
        region=community["school"].region,
        term_start=today,
        term_end=today + datetime.timedelta(days=300),
    )
    page = logged_in_page(new_page, live_server, ambassador)
    check(page, f"/{lang}/staff/region/", lang)
    assert page.locator("main td", has_text=community["waiting"].last_name).count() >= 1
