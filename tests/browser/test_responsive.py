"""Every page of the main journeys fits a phone (390×844) and a laptop (1366×900), in Greek and English.

"Fits" means the page never scrolls sideways: ``document.documentElement.scrollWidth`` stays within the
window (a wide table may scroll inside its own container, never the page). At phone size axe-core runs
too (no serious or critical violation), since cards, folded filters and wrapped headers are other markup
states than the desktop pages ``test_accessibility.py`` checks.

The data is deliberately long-winded (a school with every level, a long Greek name, a long web address,
long e-mail addresses, proposed schools and hints in the queue, a decision trail) so that what overflows
on a real phone overflows here. One test per journey and language visits all its pages in one browser
context: a test per page would pay the database set-up of a transactional test each time.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import teacher
from twinning.core.services import notification_create
from twinning.reference.models import EducationLevel
from twinning.schools.models import SchoolImport, SchoolStatus
from twinning.schools.tests.factories import CountryFactory, RegionFactory, SchoolFactory

from .test_accessibility import blocking_violations, describe, logged_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}
LANGUAGES = ["el", "en"]
# axe runs on every page in Greek (the default language, with the longest words); in English on the
# pages whose layout changes most with the words (filters, cards, search results), to keep the run short.
AXE_IN_ENGLISH = {"home", "school search", "contact", "join: schools with results", "validation queue", "audit log"}

# What makes the page wider than the window, named so that a failure says where to look.
_OVERFLOW = """() => {
  const root = document.documentElement;
  const limit = root.clientWidth;
  const culprits = [];
  if (root.scrollWidth > limit) {
    const inScroller = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== "visible") return true;
      }
      return false;
    };
    for (const el of document.body.querySelectorAll("*")) {
      const box = el.getBoundingClientRect();
      if (box.width && box.right > limit + 1 && !inScroller(el)) {
        const classes = typeof el.className === "string" ? el.className.trim().split(/\\s+/).join(".") : "";
        const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (classes ? "." + classes : "");
        culprits.push(`${name} (right edge ${Math.round(box.right)}px)`);
        if (culprits.length >= 6) break;
      }
    }
  }
  return {scrollWidth: root.scrollWidth, clientWidth: limit, innerWidth: window.innerWidth, culprits};
}"""


@pytest.fixture
def crowded_community():
    """A community with long names, every level, a queue with hints, a decision trail and an import."""
    from twinning.accounts.services import people_validate
    from twinning.accounts.tests.factories import nso_staff

    greece = CountryFactory(code="GR")
    crete = RegionFactory(country=greece, code="GR-M", name_en="Crete", name_el="Κρήτη")
    school = SchoolFactory(
        name="3ο Γενικό Λύκειο και Λυκειακές Τάξεις Ηρακλείου «Νίκος Καζαντζάκης»",
        city="Ηράκλειο",
        country=greece,
        region=crete,
        address="Λεωφόρος Κνωσού 12 και Μεσαράς, Πλατεία Ελευθερίας",
        postcode="71306",
        website="https://3lyk-irakleiou.ira.sch.gr/index.php/el/sxoleio/drastiriotites-etwinning-erasmus",
        email="mail@3lyk-irakleiou.ira.sch.gr",
        principal_name="Ευαγγελία Παπαδημητροπούλου-Χατζηγεωργίου",
    )
    school.levels.set(EducationLevel.objects.all())
    for n in range(3):
        SchoolFactory(name=f"{n + 1}ο Δημοτικό Σχολείο Ηρακλείου Κρήτης", city="Ηράκλειο", country=greece, region=crete)
    proposed = SchoolFactory(
        name="Πειραματικό Γυμνάσιο Ηρακλείου (νέο)", city="Ηράκλειο", country=greece, status=SchoolStatus.PROPOSED
    )
    long_mail = "konstantina.papadimitropoulou-chatzigeorgiou@sch.gr"
    waiting = teacher(country=greece, school=school, status=ValidationStatus.PENDING, email=long_mail)
    teacher(country=greece, school=proposed, status=ValidationStatus.PENDING, email="other.school.teacher@gmail.com")
    validated = teacher(country=greece, school=school, status=ValidationStatus.VALIDATED, email="done@sch.gr")
    newcomer = teacher(country=greece, school=school, status=ValidationStatus.REGISTERED, email="new@sch.gr")
    staff = nso_staff(greece, email="nso.greece.validation.team@example.org")
    people_validate(staff=staff, people=[teacher(country=greece, school=school)], reason="Έλεγχος με το μητρώο")
    notification_create(
        recipient=validated,
        kind="person.validated",
        title="Ο λογαριασμός σας επικυρώθηκε από τον Εθνικό Οργανισμό Υποστήριξης eTwinning",
        body="Μπορείτε πλέον να αναζητήσετε εταίρους και να συμμετάσχετε σε έργα.",
        url="/el/me/",
    )
    SchoolImport.objects.create(
        country=greece,
        created_by=staff,
        created_at=timezone.now(),
        original_name="mitroo-sxoleion-ypaitha-2026-11-oristiko-teliko.csv",
        status=SchoolImport.Status.DONE,
        total_rows=15234,
    )
    return {
        "school": school,
        "waiting": waiting,
        "validated": validated,
        "newcomer": newcomer,
        "staff": staff,
    }


def _journeys(data, lang):
    """(who, [(page name, url)]) of each journey; ``who`` is None for an anonymous visitor."""
    school = data["school"].pk
    return {
        "visitor": (
            None,
            [
                ("home", f"/{lang}/"),
                ("school search", f"/{lang}/schools/?q=Ηρακλείου"),
                ("school page", f"/{lang}/schools/{school}/"),
                ("sign-up", f"/{lang}/accounts/signup/"),
                ("login", f"/{lang}/accounts/login/"),
                ("privacy notice", f"/{lang}/about/privacy/"),
                ("accessibility statement", f"/{lang}/about/accessibility/"),
                ("contact", f"/{lang}/about/contact/"),
                ("terms of use", f"/{lang}/about/terms/"),
            ],
        ),
        "teacher": (
            data["validated"],
            [
                ("dashboard", f"/{lang}/me/"),
                ("profile", f"/{lang}/me/profile/"),
                ("notifications", f"/{lang}/me/notifications/"),
                ("account settings", f"/{lang}/me/settings/"),
                ("privacy", f"/{lang}/me/privacy/"),
            ],
        ),
        "newcomer": (
            data["newcomer"],
            [
                ("join: role", f"/{lang}/me/join/role/"),
                ("join: schools with results", f"/{lang}/me/join/schools/?q=Ηρακλείου"),
                ("propose a school", f"/{lang}/me/join/schools/propose/"),
            ],
        ),
        "staff": (
            data["staff"],
            [
                ("staff home", f"/{lang}/staff/"),
                ("validation queue", f"/{lang}/staff/validation/"),
                ("people", f"/{lang}/staff/people/"),
                ("a person", f"/{lang}/staff/people/{data['waiting'].pk}/"),
                ("school registry", f"/{lang}/staff/schools/"),
                ("a school in the registry", f"/{lang}/staff/schools/{school}/"),
                ("imports", f"/{lang}/staff/schools/imports/"),
                ("reference data", f"/{lang}/staff/reference/"),
                ("countries", f"/{lang}/staff/reference/countries/"),
                ("staff roles", f"/{lang}/staff/roles/"),
                ("audit log", f"/{lang}/staff/audit/"),
            ],
        ),
    }


def _overflow(page, name: str, size: dict) -> str | None:
    # Two frames: media-query listeners (the filter panels) run after a change of width.
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    found = page.evaluate(_OVERFLOW)
    if found["scrollWidth"] <= found["clientWidth"] and found["scrollWidth"] <= found["innerWidth"]:
        return None
    return (
        f"{name} at {size['width']}px scrolls sideways: {found['scrollWidth']}px wide in a "
        f"{found['clientWidth']}px window; too wide: {', '.join(found['culprits']) or '?'}"
    )


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("journey", ["visitor", "teacher", "newcomer", "staff"])
def test_pages_fit_phones_and_laptops(new_page, live_server, crowded_community, journey, lang):
    who, pages = _journeys(crowded_community, lang)[journey]
    page = new_page() if who is None else logged_in_page(new_page, live_server, who)
    problems = []
    for name, url in pages:
        page.set_viewport_size(PHONE)
        response = page.goto(url)
        assert response is not None and response.status == 200, f"{url} answered {response and response.status}"
        problems.append(_overflow(page, name, PHONE))
        if lang == "el" or name in AXE_IN_ENGLISH:
            violations = blocking_violations(page)
            if violations:
                problems.append(f"axe on {name} ({url}) at {PHONE['width']}px:\n{describe(violations)}")
        # The same page turned into a laptop window (the page's scripts follow the change of width).
        page.set_viewport_size(LAPTOP)
        problems.append(_overflow(page, name, LAPTOP))
    problems = [problem for problem in problems if problem]
    assert not problems, "\n".join(problems)
    assert not page.browser_errors, page.browser_errors


def test_filters_fold_on_phones_and_tables_become_cards(new_page, live_server, crowded_community):
    """The queue's filters hide behind their button on a phone and its rows become labelled cards; on a
    laptop the filters are open and the table is a table."""
    page = logged_in_page(new_page, live_server, crowded_community["staff"])
    page.set_viewport_size(PHONE)
    page.goto("/en/staff/validation/")
    panel = page.locator("main details.filter-panel")
    assert panel.get_attribute("open") is None, "the filters should be folded on a phone"
    assert not page.locator("main form[role=search] select").first.is_visible()
    panel.locator("summary").click()
    assert page.locator("main form[role=search] select").first.is_visible(), "the button should open the filters"

    cell = page.locator("main table.stack tbody tr").first.locator("td[data-label]").nth(1)
    assert cell.evaluate("td => getComputedStyle(td).display") == "block"
    label = cell.evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"Person"', f"a card's cell should be labelled with its column, got {label}"

    # A table whose template has no labels (the public school search) is labelled by site.js.
    page.goto("/en/schools/?q=Ηρακλείου")
    city = page.locator("main table.stack tbody tr").first.locator("td").first
    assert city.evaluate("td => getComputedStyle(td, '::before').content") == '"City"'

    page.set_viewport_size(LAPTOP)
    page.goto("/en/staff/validation/")
    assert page.locator("main details.filter-panel").get_attribute("open") is not None
    assert not page.locator("main details.filter-panel > summary").is_visible()
    row = page.locator("main table tbody tr").first
    assert row.evaluate("tr => getComputedStyle(tr).display") == "table-row"
    assert not page.browser_errors, page.browser_errors
