"""Online courses in a real Chromium: a validated teacher finds a course in the catalogue and enrols; the last
place goes, and the next teacher is put on the waiting list; axe-core on the catalogue, a course page, My
learning and the staff's pages of a course and of a cycle's people, in Greek and English."""

import pytest
from django.core.cache import cache

from twinning.learning.models import Enrolment
from twinning.learning.tests.factories import etwinner, make_course, make_cycle
from twinning.schools.tests.factories import CountryFactory

from .test_accessibility import blocking_violations, describe, logged_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def world():
    greece = CountryFactory(code="GR")
    cache.clear()
    course, staff = make_course(greece, title="Ψηφιακά εργαλεία στην τάξη", description="<p>Διακόσιες ώρες.</p>")
    cycle = make_cycle(course, staff, capacity=1)
    return {"greece": greece, "course": course, "cycle": cycle, "staff": staff}


def _no_blocking(page) -> None:
    violations = blocking_violations(page)
    assert not violations, f"axe found serious/critical problems on {page.url}:\n{describe(violations)}"


def test_a_teacher_enrols_and_the_next_one_waits(new_page, live_server, world):
    first, second = etwinner(world["greece"]), etwinner(world["greece"])
    page = logged_in_page(new_page, live_server, first)
    page.goto("/el/learning/")
    with page.expect_navigation():
        page.get_by_role("link", name="Ψηφιακά εργαλεία στην τάξη").click()
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert Enrolment.objects.get(user=first).status == "enrolled"
    other = logged_in_page(new_page, live_server, second)
    other.goto(f"/el/learning/courses/{world['course'].pk}/")
    with other.expect_navigation():
        other.locator("main form button[type=submit]").click()
    assert Enrolment.objects.get(user=second).status == "waiting"
    assert not page.browser_errors and not other.browser_errors, page.browser_errors + other.browser_errors


@pytest.mark.parametrize("lang", ["el", "en"])
def test_course_pages_have_no_serious_violations(new_page, live_server, world, lang):
    from twinning.learning import services

    learner = etwinner(world["greece"])
    services.enrol(cycle=world["cycle"], user=learner)
    page = logged_in_page(new_page, live_server, learner)
    for url in (f"/{lang}/learning/", f"/{lang}/learning/courses/{world['course'].pk}/", f"/{lang}/learning/mine/",
                f"/{lang}/learning/trainers/apply/"):  # fmt: skip
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        _no_blocking(page)
    staff = logged_in_page(new_page, live_server, world["staff"])
    for url in (
        f"/{lang}/learning/staff/courses/{world['course'].pk}/",
        f"/{lang}/learning/staff/cycles/{world['cycle'].pk}/enrolments/",
        f"/{lang}/learning/staff/cycles/{world['cycle'].pk}/groups/",
        f"/{lang}/learning/staff/trainers/",
        f"/{lang}/learning/staff/trainers/applications/",
    ):
        response = staff.goto(url)
        assert response is not None and response.status == 200, url
        _no_blocking(staff)
    assert not page.browser_errors and not staff.browser_errors, page.browser_errors + staff.browser_errors
