"""The digital-competence self-reflection in a real Chromium (issue scenario): a Greek teacher answers the
"before" phase of a course cycle over two visits (each statement saved as it is chosen; the earlier answers
are still there on the second visit; some areas saved with the form's button), completes it and reads the
report; after answering the "after" phase, the report compares the two. Radios are chosen with the keyboard.
axe-core on the questionnaire, the personal report, the home page and the staff's impact report (the NSO
staff sign in with their second factor), in Greek and English; the questionnaire fits a 390 px phone.

The competences pages' Greek wording is read from the catalogue (``_el``), so the test does not depend on
whether a msgid is translated yet."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from twinning.accounts.tests.factories import PASSWORD
from twinning.competences import framework
from twinning.competences.models import Answer, Invitation, Item, Phase, Reflection, Role
from twinning.competences.tests.factories import row
from twinning.learning.models import Enrolment, LearnerGroup
from twinning.learning.tests.factories import enrolled, etwinner, make_course, make_cycle
from twinning.schools.tests.factories import CountryFactory

from .helpers import axe_in_both_languages, click_and_wait, fits_a_phone, log_in, no_blocking, path_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TOTAL = 32
# The level chosen in each area before the course (area 1 starts at level 2: its first item is answered with
# the keyboard, one step down from the first statement) and the gain after it, in levels.
BEFORE_LEVELS = {1: 2, 2: 3, 3: 4, 4: 2, 5: 3, 6: 4}
GAIN = 2
CHANGE = f"+{GAIN * 100 // 5}"  # every area 2 levels higher: +40 points of the scale
COMPARED = "Change since before (points)"  # the personal report's comparison column
ONLY_YOU = (
    "Only you see your answers and your personal report. Nobody else does: not your trainer, not the staff of "
    "the National Support Organisation."
)


def _el(msgid: str) -> str:
    with translation.override("el"):
        return gettext(msgid)


def _en(msgid: str) -> str:
    with translation.override("en"):
        return gettext(msgid)


def _invite(person, cycle, phase) -> Invitation:
    """An invitation sent yesterday, open for ten more days."""
    now = timezone.now()
    return Invitation.objects.create(
        person=person, cycle=cycle, phase=phase, role=Role.TRAINEE,
        invited_at=now - timedelta(days=1), closes_at=now + timedelta(days=10),
    )  # fmt: skip


@pytest.fixture
def world():
    """A Greek course with a cycle whose "before" phase is open for an enrolled teacher (group 1); six other
    trainees of group 1 answered both phases (so that the staff's report has figures)."""
    greece = CountryFactory(code="GR")
    cache.clear()
    course, staff = make_course(greece, title="Ψηφιακά εργαλεία στην τάξη")
    cycle = make_cycle(course, staff)
    group = LearnerGroup.objects.create(cycle=cycle, number=1)
    enrolment = enrolled(cycle, greece, first_name="Μαρία", last_name="Οικονόμου")
    Enrolment.objects.filter(pk=enrolment.pk).update(group=group)
    invitation = _invite(enrolment.user, cycle, Phase.BEFORE)
    for level in (2, 2, 3, 3, 4, 4):
        other = etwinner(greece)
        row(cycle=cycle, phase=Phase.BEFORE, level=level, person=other, group=group)
        row(cycle=cycle, phase=Phase.AFTER, level=level + 1, person=other, group=group)
    items = list(Item.objects.filter(version=framework.current()).order_by("position"))
    return {"course": course, "cycle": cycle, "staff": staff, "teacher": enrolment.user, "group": group,
            "invitation": invitation, "items": items}  # fmt: skip


def _area_items(world, number: int) -> list[Item]:
    return [item for item in world["items"] if item.area_number == number]


def _radio(page, item: Item, level: int):
    return page.locator(f"#i{item.pk}-{level}")


def _saved_text(page, answered: int) -> str:
    """What the live region says once the script has saved an answer (its wording comes with the page)."""
    return page.locator("#progress").get_attribute("data-saved").replace("{answered}", str(answered))


def _choose_and_wait(page, item: Item, level: int, answered: int) -> None:
    """Click a statement (its label, as a person does) and wait until the live region says it was saved."""
    page.locator(f"label[for=i{item.pk}-{level}]").click()
    expect(_radio(page, item, level)).to_be_checked()
    expect(page.locator("#progress")).to_have_text(_saved_text(page, answered))


def _go_to_area(page, number: int) -> None:
    nav = page.locator("main nav:has(ol.area-steps)")
    click_and_wait(page, nav.get_by_role("link", name=re.compile(rf"^{number}\. ")))
    assert page.url.endswith(f"?area={number}")
    expect(page.locator("#reflection-form input[name=area]")).to_have_value(str(number))


def _answer_area_by_script(page, world, number: int, levels: dict[int, int], answered: int) -> int:
    """Answer every item of the open area by clicking statements, each saved at once; returns the count."""
    for item in _area_items(world, number):
        if _radio(page, item, levels[item.pk]).is_checked():
            continue
        answered += 1
        _choose_and_wait(page, item, levels[item.pk], answered)
    return answered


def _answer_area_by_button(page, world, number: int, levels: dict[int, int]) -> None:
    """Click the area's statements, then the form's button (which saves the whole area and goes on)."""
    for item in _area_items(world, number):
        page.locator(f"label[for=i{item.pk}-{levels[item.pk]}]").click()
        expect(_radio(page, item, levels[item.pk])).to_be_checked()
    click_and_wait(page, page.locator("#reflection-form button[type=submit]"))


def _stored(reflection) -> dict[int, int]:
    return dict(Answer.objects.filter(reflection=reflection).values_list("item_id", "level"))


def _log_out(page) -> None:
    click_and_wait(page, page.locator("form[action$='/accounts/logout/'] button[type=submit]"))


def _comparison_cells(page, lang_gettext) -> list[str]:
    label = lang_gettext(COMPARED)
    return page.locator(f"main table tr.row-strong td[data-label='{label}']").all_inner_texts()


def test_a_teacher_reflects_before_and_after_a_course(new_page, live_server, world):
    teacher, cycle, items = world["teacher"], world["cycle"], world["items"]
    before = {item.pk: BEFORE_LEVELS[item.area_number] for item in items}
    after = {item.pk: before[item.pk] + GAIN for item in items}
    first_visit = new_page()
    log_in(first_visit, email=teacher.email, password=PASSWORD)

    # 1. The home page lists the invitation; the notice says who sees what; the answers are kept named.
    first_visit.goto("/el/competences/")
    assert world["course"].title in first_visit.inner_text("main")
    axe_in_both_languages(first_visit, "/competences/")
    click_and_wait(first_visit, first_visit.locator(f"main a[href$='?invitation={world['invitation'].pk}']"))
    assert path_of(first_visit) == "/el/competences/start/"
    notice = first_visit.locator("main .notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(_el("Who sees what"))
    expect(notice).to_contain_text(_el(ONLY_YOU)[:40])
    first_visit.get_by_label(
        _el("With my account: I see my report again later and my before and after answers are compared")
    ).check()
    click_and_wait(first_visit, first_visit.locator("main form[method=post] button[type=submit]"))
    reflection = Reflection.objects.get(person=teacher, cycle=cycle, phase=Phase.BEFORE)
    assert not reflection.anonymous and reflection.pseudonym
    take_path = f"/competences/{reflection.pk}/"
    assert path_of(first_visit) == "/el" + take_path
    expect(first_visit.locator("#progress")).to_have_attribute("role", "status")

    # 2. The questionnaire: axe in both languages, a 390 px phone, the keyboard.
    axe_in_both_languages(first_visit, take_path + "?area=1")
    fits_a_phone(first_visit, "self-reflection questionnaire")
    first_item = _area_items(world, 1)[0]
    _radio(first_visit, first_item, 1).focus()
    first_visit.keyboard.press("ArrowDown")
    expect(_radio(first_visit, first_item, 2)).to_be_checked()
    expect(_radio(first_visit, first_item, 2)).to_be_focused()
    expect(first_visit.locator("#progress")).to_have_text(_saved_text(first_visit, 1))
    assert _stored(reflection) == {first_item.pk: 2}

    # 3. First visit: areas 1 to 3, each statement saved as it is clicked.
    answered = _answer_area_by_script(first_visit, world, 1, before, 1)
    for number in (2, 3):
        _go_to_area(first_visit, number)
        answered = _answer_area_by_script(first_visit, world, number, before, answered)
    first_three = {item.pk: before[item.pk] for item in items if item.area_number <= 3}
    assert answered == len(first_three) == 17
    assert _stored(reflection) == first_three
    reflection.refresh_from_db()
    assert reflection.answered == answered and not reflection.done
    _log_out(first_visit)

    # 4. Second visit, in English: "Continue" leads back to the answers given, still chosen.
    second_visit = new_page(locale="en-GB")
    log_in(second_visit, email=teacher.email, password=PASSWORD, lang="en")
    second_visit.goto("/en/competences/")
    click_and_wait(second_visit, second_visit.get_by_role("link", name=f"Continue ({answered} of {TOTAL} answered)"))
    assert path_of(second_visit) == "/en" + take_path
    expect(second_visit.locator("#progress")).to_have_text(f"{answered} of {TOTAL} answered")
    for number in (1, 2, 3):
        if number > 1:
            _go_to_area(second_visit, number)
        for item in _area_items(world, number):
            expect(_radio(second_visit, item, before[item.pk])).to_be_checked()
    expect(second_visit.get_by_role("button", name="Complete and see my report")).to_have_count(0)

    # 5. The other areas: 4 with the button, 5 saved statement by statement, 6 with the button (the last
    # area's button saves without moving on, and the page then offers to complete).
    _go_to_area(second_visit, 4)
    _answer_area_by_button(second_visit, world, 4, before)
    assert second_visit.url.endswith("?area=5")
    answered += len(_area_items(world, 4))
    expect(second_visit.locator("#progress")).to_have_text(f"{answered} of {TOTAL} answered")
    answered = _answer_area_by_script(second_visit, world, 5, before, answered)
    _go_to_area(second_visit, 6)
    expect(second_visit.locator("#reflection-form button[type=submit]")).to_have_text("Save")
    _answer_area_by_button(second_visit, world, 6, before)
    assert second_visit.url.endswith("?area=6")
    expect(second_visit.locator("#progress")).to_have_text(f"{TOTAL} of {TOTAL} answered")
    assert _stored(reflection) == before

    # 6. Completed: the report (strengths, next steps, the chart), no comparison yet.
    click_and_wait(second_visit, second_visit.get_by_role("button", name="Complete and see my report"))
    assert path_of(second_visit) == f"/en/competences/{reflection.pk}/report/"
    reflection.refresh_from_db()
    assert reflection.done and reflection.area_1 == 2 and reflection.area_3 == 4
    main = second_visit.locator("main")
    expect(main.get_by_role("heading", name="Your strengths")).to_be_visible()
    expect(main.get_by_role("heading", name="Next steps")).to_be_visible()
    strengths = main.locator("h2:has-text('Your strengths') + ul > li")
    expect(strengths).to_have_count(3)
    expect(strengths.first).to_contain_text("B2")  # areas 3 and 6 (level 4, B2) are the strongest
    next_steps = main.locator("h2:has-text('Next steps') + p")
    expect(next_steps).to_contain_text(f"“{_area_name(1, 'en')}” and “{_area_name(4, 'en')}”")
    chart = main.locator("svg.level-chart[role=img]")
    expect(chart).to_have_count(1)
    expect(chart.locator("rect.bar-now")).to_have_count(6)
    expect(chart.locator("rect.bar-before")).to_have_count(0)
    expect(main.get_by_role("columnheader", name=COMPARED)).to_have_count(0)
    report_path = f"/competences/{reflection.pk}/report/"
    axe_in_both_languages(second_visit, report_path)
    second_visit.goto("/en/competences/")
    expect(second_visit.locator("main")).to_contain_text("No invitation is waiting for you.")
    axe_in_both_languages(second_visit, "/competences/")  # with a completed reflection in the table

    # 7. The "after" phase opens: answered a level higher everywhere (by the buttons), then compared.
    later = _invite(teacher, cycle, Phase.AFTER)
    second_visit.goto("/el/competences/")
    click_and_wait(second_visit, second_visit.locator(f"main a[href$='?invitation={later.pk}']"))
    second_visit.get_by_label(
        _el("With my account: I see my report again later and my before and after answers are compared")
    ).check()
    click_and_wait(second_visit, second_visit.locator("main form[method=post] button[type=submit]"))
    final = Reflection.objects.get(person=teacher, cycle=cycle, phase=Phase.AFTER)
    assert path_of(second_visit) == f"/el/competences/{final.pk}/"
    for number in range(1, 7):
        expect(second_visit.locator("#reflection-form input[name=area]")).to_have_value(str(number))
        _answer_area_by_button(second_visit, world, number, after)
    assert _stored(final) == after
    click_and_wait(second_visit, second_visit.get_by_role("button", name=_el("Complete and see my report")))
    assert path_of(second_visit) == f"/el/competences/{final.pk}/report/"
    final.refresh_from_db()
    assert final.done and final.pseudonym == reflection.pseudonym
    main = second_visit.locator("main")
    expect(main.get_by_role("columnheader", name=_el(COMPARED))).to_have_count(1)
    assert _comparison_cells(second_visit, _el) == [CHANGE] * 6
    expect(main.locator("svg.level-chart rect.bar-before")).to_have_count(6 + 1)  # the areas and the legend
    second_visit.goto(f"/en/competences/{final.pk}/report/")
    expect(second_visit.locator("main").get_by_role("columnheader", name=COMPARED)).to_be_visible()
    assert _comparison_cells(second_visit, _en) == [CHANGE] * 6
    axe_in_both_languages(second_visit, f"/competences/{final.pk}/report/")
    # The "before" report never compares with what came after.
    second_visit.goto("/en" + report_path)
    expect(second_visit.locator("main").get_by_role("columnheader", name=COMPARED)).to_have_count(0)

    # 8. The NSO staff of Greece (with the second factor) read the cycle's impact report by group.
    staff = world["staff"]
    office = new_page()
    log_in(office, email=staff.email, password=PASSWORD, staff_user=staff)
    query = f"?cycle={cycle.pk}&by=group"
    office.goto(f"/el/competences/reports/courses/{world['course'].pk}/{query}")
    expect(office.locator("main svg.level-chart")).to_have_count(1)
    expect(office.locator("main .headline")).to_be_visible()
    axe_in_both_languages(office, f"/competences/reports/courses/{world['course'].pk}/{query}")
    office.goto(f"/en/competences/reports/courses/{world['course'].pk}/{query}")
    breakdown = office.locator("main table:has(caption:has-text('per slice')) tbody tr")
    expect(breakdown).to_have_count(1)
    expect(breakdown.first).to_contain_text("(7)")  # group 1: six trainees and the teacher, each phase

    for page in (first_visit, second_visit, office):
        assert not page.browser_errors, page.browser_errors


def _area_name(number: int, lang: str) -> str:
    area = framework.framework().areas[number - 1]
    assert area.number == number
    return area.name_el if lang == "el" else area.name_en


def test_the_other_self_reflection_pages_pass_axe_and_fit_a_phone(new_page, live_server, world, tmp_path):
    """The notice before starting, the list of reports, and the staff's pages (official results with their
    preview, the areas of courses, the framework's wording and an item's form), in Greek and English, and the
    group page's new "change the trainer" form."""
    from twinning.accounts.tests.factories import css_staff

    from .test_accessibility import logged_in_page

    teacher_page = logged_in_page(new_page, live_server, world["teacher"])
    axe_in_both_languages(teacher_page, "/competences/start/")
    fits_a_phone(teacher_page, "the notice before starting")

    staff_page = logged_in_page(new_page, live_server, world["staff"])
    cycle, group = world["cycle"], world["group"]
    for path, name in (
        ("/competences/reports/", "the list of reports"),
        (f"/competences/staff/cycles/{cycle.pk}/official/", "the official results"),
        ("/competences/staff/courses/", "the areas of courses"),
        (f"/learning/groups/{group.pk}/", "a group's page"),
    ):
        axe_in_both_languages(staff_page, path)
        fits_a_phone(staff_page, name)
    upload = tmp_path / "selfie.csv"
    upload.write_text("role,phase,area,percent,respondents\ntrainee,before,0,37,120\ntrainee,after,0,54,98\n")
    staff_page.goto(f"/el/competences/staff/cycles/{cycle.pk}/official/")
    staff_page.set_input_files("main input[type=file]", str(upload))
    click_and_wait(staff_page, staff_page.locator("main form[enctype] button[type=submit]"))
    expect(staff_page.locator("main table")).to_contain_text("54")  # the preview
    no_blocking(staff_page)
    fits_a_phone(staff_page, "the preview of official results")

    css_page = logged_in_page(new_page, live_server, css_staff())
    for path, name in (("/competences/staff/framework/", "the framework"),
                       ("/competences/staff/framework/items/1.1.1/", "an item's wording")):  # fmt: skip
        axe_in_both_languages(css_page, path)
        fits_a_phone(css_page, name)
