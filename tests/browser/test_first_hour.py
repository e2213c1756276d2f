"""The first hour in a real browser: the queue's bulk rejection asks for confirmation, nothing ticked is
said so with the focus on the message, and region lists follow the chosen country."""

import pytest

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import nso_staff, teacher
from twinning.reference.models import Region
from twinning.schools.tests.factories import CountryFactory, RegionFactory, SchoolFactory

from .helpers import path_of, submit
from .test_accessibility import blocking_violations, describe, logged_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def queue():
    greece = CountryFactory(code="GR")
    school = SchoolFactory(name="3ο Γυμνάσιο Ηρακλείου", city="Ηράκλειο", country=greece)
    waiting = [
        teacher(country=greece, school=school, status=ValidationStatus.PENDING, email=f"waiting{i}@sch.gr")
        for i in range(3)
    ]
    return {"staff": nso_staff(greece), "waiting": waiting}


@pytest.mark.parametrize("lang", ["el", "en"])
def test_bulk_rejection_is_confirmed_on_its_own_page(new_page, live_server, queue, lang):
    first, second, third = queue["waiting"]
    page = logged_in_page(new_page, live_server, queue["staff"])
    page.goto(f"/{lang}/staff/validation/")

    # Nothing ticked: the error summary says so and takes the focus.
    with page.expect_navigation():
        page.locator("main button[name=action][value=reject]").click()
    assert page.evaluate("() => document.activeElement.hasAttribute('data-error-summary')")

    # Two ticked, a reason given: a confirmation page names them, nothing is decided yet.
    page.check(f"input[name=people][value='{first.pk}']")
    page.check(f"input[name=people][value='{second.pk}']")
    page.fill("textarea[name=reason], input[name=reason]", "Το σχολείο δεν αντιστοιχεί στη διεύθυνση e-mail.")
    with page.expect_navigation():
        page.locator("main button[name=action][value=reject]").click()
    main = page.inner_text("main")
    assert first.email in main and second.email in main and third.email not in main
    first.refresh_from_db()
    assert first.validation_status == ValidationStatus.PENDING
    violations = blocking_violations(page)
    assert not violations, describe(violations)

    submit(page, "main form[method=post]")
    assert path_of(page) == f"/{lang}/staff/validation/"
    for person, status in ((first, "rejected"), (second, "rejected"), (third, "pending")):
        person.refresh_from_db()
        assert person.validation_status == status
    assert first.rejection_reason == "Το σχολείο δεν αντιστοιχεί στη διεύθυνση e-mail."
    assert not page.browser_errors, page.browser_errors


def test_the_region_list_follows_the_chosen_country(new_page, live_server):
    greece = CountryFactory(code="GR")
    italy = CountryFactory(code="IT")
    crete = RegionFactory(country=greece, code="GR-M", name_en="Crete", name_el="Κρήτη")
    RegionFactory(country=italy, code="IT-62", name_en="Lazio", name_el="Λάτσιο")
    newcomer = teacher(country=greece, status=ValidationStatus.REGISTERED)
    page = logged_in_page(new_page, live_server, newcomer)
    page.goto("/el/me/join/schools/propose/")

    def offered() -> set[int]:
        values = page.eval_on_selector_all("select[name=region] option", "(options) => options.map((o) => o.value)")
        return {int(value) for value in values if value}

    greek = set(Region.objects.filter(country=greece).values_list("pk", flat=True))
    italian = set(Region.objects.filter(country=italy).values_list("pk", flat=True))
    assert page.locator("select[name=country]").input_value() == str(greece.pk)  # the teacher's country
    assert offered() == greek
    page.select_option("select[name=region]", str(crete.pk))
    page.select_option("select[name=country]", str(italy.pk))
    assert offered() == italian
    assert page.locator("select[name=region]").input_value() == ""  # the Greek region was let go
    page.select_option("select[name=country]", "")
    assert offered() == set(Region.objects.values_list("pk", flat=True))  # no country: every region
    assert not page.browser_errors, page.browser_errors
