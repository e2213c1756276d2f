"""The staff pages of self-reflection: official results of a cycle (CSV check, preview, confirm, remove), the
framework's wording (new versions) and the areas each course develops."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from twinning.accounts.tests.factories import css_staff, log_in, nso_staff
from twinning.competences import framework as fw
from twinning.competences import staff
from twinning.competences.models import CourseArea, FrameworkVersion, Item, OfficialResult, Reflection
from twinning.core.models import AuditEvent
from twinning.learning.tests.factories import etwinner, make_course, make_cycle

GOOD = (
    "role,phase,area,percent,respondents\n"
    "trainee,before,overall,48.5,31\n"
    "trainee,before,1,52,31\n"
    "trainee,after,0,63,27\n"
    "trainer,before,3,71.25,6\n"
)
GREEK = (
    "\ufeffΡόλος;Φάση;Τομέας;Ποσοστό;Απαντήσεις\n"
    "επιμορφούμενος;πριν;συνολικά;48,5;31\n"
    "Επιμορφωτής;ΜΕΤΑ;3;71,2;\n"
    "επιμορφουμενος;μετά;ΣΥΝΟΛΙΚΆ;60%;29\n"
)


@pytest.fixture
def course(greece):
    return make_course(greece)


@pytest.fixture
def cycle(course):
    return make_cycle(*course)


@pytest.fixture
def greek_staff(course):
    return course[1]


def _upload(client, cycle, text: str | bytes, name="results.csv"):
    content = text.encode("utf-8") if isinstance(text, str) else text
    return client.post(reverse("competences:official", args=[cycle.pk]), {"file": SimpleUploadedFile(name, content)})


def _confirm(client, cycle, token):
    return client.post(reverse("competences:official_confirm", args=[cycle.pk]), {"token": token}, follow=True)


def _figures(cycle):
    return {(r.role, r.phase, r.area): (r.percent, r.respondents) for r in OfficialResult.objects.filter(cycle=cycle)}


# --- official results: reading the file --------------------------------------------------------------------


def test_check_reads_english_file():
    check = staff.official_check(GOOD.encode())
    assert check.ok and check.total == 4
    rows = {r.key: (r.percent, r.respondents) for r in check.rows}
    assert rows == {
        ("trainee", "before", 0): (Decimal("48.5"), 31),
        ("trainee", "before", 1): (Decimal("52.0"), 31),
        ("trainee", "after", 0): (Decimal("63.0"), 27),
        ("trainer", "before", 3): (Decimal("71.3"), 6),  # rounded to one decimal, half up
    }


def test_check_reads_greek_headers_values_bom_and_semicolons():
    check = staff.official_check(GREEK.encode("utf-8"))
    assert check.ok, check.errors
    rows = {r.key: (r.percent, r.respondents) for r in check.rows}
    assert rows == {
        ("trainee", "before", 0): (Decimal("48.5"), 31),
        ("trainer", "after", 3): (Decimal("71.2"), None),
        ("trainee", "after", 0): (Decimal("60.0"), 29),
    }


def test_every_kind_of_bad_row_is_reported_with_its_row_and_column():
    text = (
        "role;phase;area;percent;respondents\n"
        "teacher;before;1;50;3\n"  # 2 role
        "trainee;during;1;50;3\n"  # 3 phase
        "trainee;before;7;50;3\n"  # 4 area
        "trainee;before;2;101;3\n"  # 5 percent over 100
        "trainee;before;3;abc;3\n"  # 6 percent not a number
        "trainee;before;4;50;-2\n"  # 7 respondents negative
        "trainee;before;5;50;2.5\n"  # 8 respondents not whole
        ";before;6;50;\n"  # 9 role missing
        "trainee;after;1;;\n"  # 10 percent missing
        "trainee;before;0;40;1\n"  # 11 good
        "trainee;before;overall;41;1\n"  # 12 the same role, phase and area as row 11
        "trainee;after;2;40;1;extra\n"  # 13 a value more than the header
        "trainer;after;2;-1;0\n"  # 14 percent below 0 and respondents 0
    )
    check = staff.official_check(text.encode())
    assert not check.ok and check.rows == []
    found = [(e["row"], e["column"]) for e in check.errors]
    assert found == [
        (2, "role"), (3, "phase"), (4, "area"), (5, "percent"), (6, "percent"), (7, "respondents"),
        (8, "respondents"), (9, "role"), (10, "percent"), (12, ""), (13, ""), (14, "percent"), (14, "respondents"),
    ]  # fmt: skip
    messages = {(e["row"], e["column"]): e["message"] for e in check.errors}
    assert "teacher" in messages[(2, "role")]
    assert messages[(9, "role")] == "A value is required."
    assert "row 11" in messages[(12, "")]


def test_bad_row_with_greek_headers_names_the_greek_column():
    check = staff.official_check("ρόλος,φάση,τομέας,ποσοστό\nεπιμορφούμενος,πριν,9,50\n".encode())
    assert [(e["row"], e["column"]) for e in check.errors] == [(2, "τομέας")]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty"),
        (b"trainee,before,1,50\n", "first row must name the columns"),
        (b"role,phase,area,percent,colour\ntrainee,before,1,50,red\n", "Unknown columns: colour"),
        (b"role,phase,area,percent,role\ntrainee,before,1,50,trainer\n", "more than once"),
        (b"role,phase,area,percent\n", "no rows"),
        ("role,phase,area,percent\nεπιμορφούμενος,πριν,1,50\n".encode("cp1253"), "UTF-8"),
        (b"role,phase,area,percent\n" + b"trainee,before,1,50\n" * 201, "more than 200 rows"),
        (b"role,phase,area,percent\n" + b"x" * (1024 * 1024), "larger than 1 MB"),
    ],
)
def test_files_that_cannot_be_used_at_all(content, words):
    check = staff.official_check(content)
    assert not check.ok and check.rows == []
    assert any(words.lower() in e["message"].lower() for e in check.errors), check.errors


# --- official results: the pages ----------------------------------------------------------------------------


def test_preview_then_confirm_stores_and_audits(client, cycle, greek_staff):
    log_in(client, greek_staff)
    response = _upload(client, cycle, GOOD)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Import these figures" in page and "71.3" in page
    assert not OfficialResult.objects.exists()  # nothing stored before confirming
    token = response.context["confirm"].initial["token"]

    done = _confirm(client, cycle, token)
    assert done.redirect_chain[-1][0] == reverse("competences:official", args=[cycle.pk])
    assert "Imported: 4 official figures for this cycle." in done.content.decode()
    assert _figures(cycle)[("trainer", "before", 3)] == (Decimal("71.3"), 6)
    stored = list(OfficialResult.objects.filter(cycle=cycle))
    assert {r.imported_by_id for r in stored} == {greek_staff.pk} and all(r.imported_at for r in stored)
    event = AuditEvent.objects.get(action="competences.official_imported")
    assert event.actor_id == greek_staff.pk and event.target_id == str(cycle.pk)
    assert event.data["rows"] == 4 and event.data["cycle"] == cycle.pk and event.country_code == "GR"
    listing = client.get(reverse("competences:official", args=[cycle.pk])).content.decode()
    assert "48.5" in listing and "Remove these figures" in listing


def test_same_file_twice_changes_nothing_the_second_time_and_says_so(client, cycle, greek_staff):
    log_in(client, greek_staff)
    _confirm(client, cycle, _upload(client, cycle, GOOD).context["confirm"].initial["token"])
    first = {r.pk: r.imported_at for r in OfficialResult.objects.filter(cycle=cycle)}

    again = _upload(client, cycle, GOOD)
    assert "importing them changes nothing" in again.content.decode()
    done = _confirm(client, cycle, again.context["confirm"].initial["token"])
    assert "already stored for this cycle: nothing changed" in done.content.decode()
    assert {r.pk: r.imported_at for r in OfficialResult.objects.filter(cycle=cycle)} == first
    assert AuditEvent.objects.filter(action="competences.official_imported").count() == 1


def test_new_file_replaces_every_figure_of_the_cycle(client, cycle, greek_staff, course, greece):
    other = make_cycle(course[0], greek_staff, name="2027-28")
    log_in(client, greek_staff)
    _confirm(client, other, _upload(client, other, GOOD).context["confirm"].initial["token"])
    _confirm(client, cycle, _upload(client, cycle, GOOD).context["confirm"].initial["token"])
    preview = _upload(client, cycle, GREEK)
    statuses = {(line.role, line.phase, line.area): line.status for line in preview.context["lines"]}
    assert statuses[("trainee", "before", 0)] == "same"
    assert statuses[("trainee", "before", 1)] == "removed"
    assert statuses[("trainer", "after", 3)] == "new"
    assert statuses[("trainee", "after", 0)] == "changed"
    assert "will be removed" in preview.content.decode()
    done = _confirm(client, cycle, preview.context["confirm"].initial["token"])
    assert "They replace the 4 figures stored before." in done.content.decode()
    assert set(_figures(cycle)) == {("trainee", "before", 0), ("trainer", "after", 3), ("trainee", "after", 0)}
    assert len(_figures(other)) == 4  # another cycle's figures are left alone


def test_bad_file_reports_rows_and_stores_nothing(client, cycle, greek_staff):
    log_in(client, greek_staff)
    _confirm(client, cycle, _upload(client, cycle, GOOD).context["confirm"].initial["token"])
    before = _figures(cycle)
    response = _upload(client, cycle, "role,phase,area,percent\ntrainee,before,1,50\ntrainee,later,2,50\n")
    page = response.content.decode()
    assert response.status_code == 200 and "nothing was imported" in page
    assert "Unknown phase “later”" in page and '<td data-label="Row">3</td>' in page
    assert "confirm" not in response.context or response.context.get("confirm") is None
    assert _figures(cycle) == before


def test_greek_page_checks_a_greek_file(client, cycle, greek_staff):
    log_in(client, greek_staff)
    with translation.override("el"):
        url = reverse("competences:official", args=[cycle.pk])
        assert url.startswith("/el/")
        assert client.get(url).status_code == 200
        response = client.post(url, {"file": SimpleUploadedFile("αποτελέσματα.csv", GREEK.encode())})
        assert response.status_code == 200
        token = response.context["confirm"].initial["token"]
        client.post(reverse("competences:official_confirm", args=[cycle.pk]), {"token": token})
    assert len(_figures(cycle)) == 3


def test_row_problems_are_told_in_the_page_language(client, cycle, greek_staff):
    log_in(client, greek_staff)
    bad = "ρόλος;φάση;τομέας;ποσοστό\n;πριν;1;50\n".encode()
    with translation.override("el"):
        page = client.post(reverse("competences:official", args=[cycle.pk]), {"file": SimpleUploadedFile("a.csv", bad)})
    text = page.content.decode()
    assert "Απαιτείται τιμή." in text and '<td data-label="Γραμμή">2</td>' in text and "ρόλος" in text
    assert not OfficialResult.objects.exists()


def test_pages_render_in_both_languages(client, cycle, greek_staff):
    log_in(client, greek_staff)
    for language in ("el", "en"):
        with translation.override(language):
            url = reverse("competences:official", args=[cycle.pk])
            assert url.startswith(f"/{language}/")
            assert client.get(url).status_code == 200
            assert client.get(reverse("competences:course_areas")).status_code == 200


def test_confirm_refuses_a_token_of_another_cycle_person_or_a_tampered_one(client, cycle, greek_staff, course):
    other = make_cycle(course[0], greek_staff, name="2027-28")
    log_in(client, greek_staff)
    token = _upload(client, cycle, GOOD).context["confirm"].initial["token"]
    for target, value in ((other, token), (cycle, token[:-2] + "xx"), (cycle, ""), (cycle, "garbage")):
        page = _confirm(client, target, value).content.decode()
        assert "upload the file again" in page
    colleague = nso_staff(cycle.course.country)
    client.logout()
    log_in(client, colleague)
    assert "upload the file again" in _confirm(client, cycle, token).content.decode()
    assert not OfficialResult.objects.exists()


def test_confirm_refuses_when_the_figures_changed_since_the_check(client, cycle, greek_staff):
    log_in(client, greek_staff)
    stale = _upload(client, cycle, GOOD).context["confirm"].initial["token"]
    _confirm(client, cycle, _upload(client, cycle, GREEK).context["confirm"].initial["token"])
    page = _confirm(client, cycle, stale).content.decode()
    assert "changed since you checked the file" in page
    assert len(_figures(cycle)) == 3


def test_confirm_is_post_only(client, cycle, greek_staff):
    log_in(client, greek_staff)
    assert client.get(reverse("competences:official_confirm", args=[cycle.pk])).status_code == 405


def test_remove_asks_first_then_removes_and_audits(client, cycle, greek_staff):
    log_in(client, greek_staff)
    _confirm(client, cycle, _upload(client, cycle, GOOD).context["confirm"].initial["token"])
    url = reverse("competences:official", args=[cycle.pk])
    asked = client.post(url, {"action": "remove"})
    assert asked.status_code == 200 and "Remove the 4 official figures of this cycle?" in asked.content.decode()
    assert len(_figures(cycle)) == 4
    done = client.post(url, {"action": "remove", "confirmed": "yes"}, follow=True)
    assert "Removed: the 4 official figures of this cycle." in done.content.decode()
    assert not OfficialResult.objects.filter(cycle=cycle).exists()
    event = AuditEvent.objects.get(action="competences.official_removed")
    assert event.data == {"cycle": cycle.pk, "rows": 4} and event.actor_id == greek_staff.pk
    again = client.post(url, {"action": "remove", "confirmed": "yes"}, follow=True)
    assert "no official figures to remove" in again.content.decode()
    assert AuditEvent.objects.filter(action="competences.official_removed").count() == 1


def test_official_pages_are_404_for_other_countries_and_teachers(client, cycle, greek_staff, italy, greece):
    token = staff.official_token(actor=greek_staff, cycle=cycle, rows=staff.official_check(GOOD.encode()).rows)
    for outsider in (nso_staff(italy), etwinner(greece)):
        client.logout()
        log_in(client, outsider)
        assert client.get(reverse("competences:official", args=[cycle.pk])).status_code == 404
        assert _upload(client, cycle, GOOD).status_code == 404
        confirm_url = reverse("competences:official_confirm", args=[cycle.pk])
        assert client.post(confirm_url, {"token": token}).status_code == 404
        remove = {"action": "remove", "confirmed": "yes"}
        assert client.post(reverse("competences:official", args=[cycle.pk]), remove).status_code == 404
    assert not OfficialResult.objects.exists()
    client.logout()
    assert client.get(reverse("competences:official", args=[cycle.pk])).status_code == 302  # to the login page
    assert client.get(reverse("competences:official", args=[cycle.pk + 999])).status_code == 302
    log_in(client, css_staff())
    assert client.get(reverse("competences:official", args=[cycle.pk])).status_code == 200
    assert client.get(reverse("competences:official", args=[cycle.pk + 999])).status_code == 404


def test_service_refuses_staff_of_another_country(cycle, greek_staff, italy):
    token = staff.official_token(actor=greek_staff, cycle=cycle, rows=staff.official_check(GOOD.encode()).rows)
    with pytest.raises(staff.NotAllowed):
        staff.official_import(actor=nso_staff(italy), cycle=cycle, token=token)
    assert not OfficialResult.objects.exists()


# --- the framework's wording -------------------------------------------------------------------------------


def _wording(item: Item, **changes) -> dict:
    data = {
        "version": item.version.number,
        "prompt_en": item.prompt_en,
        "prompt_el": item.prompt_el,
        "note": "Clearer wording of level B2",
    }
    for language in ("en", "el"):
        for index, text in enumerate(getattr(item, f"statements_{language}"), start=1):
            data[f"statement_{language}_{index}"] = text
    data.update(changes)
    return data


@pytest.fixture
def first_item(db):
    version = fw.current()
    return Item.objects.select_related("version").filter(version=version).order_by("position").first()


def test_framework_pages_render_for_css_in_both_languages(client, first_item):
    log_in(client, css_staff())
    for language in ("el", "en"):
        with translation.override(language):
            page = client.get(reverse("competences:framework"))
            assert page.status_code == 200
            text = page.content.decode()
            assert first_item.prompt_en in text and first_item.prompt_el in text
            assert first_item.statements_el[5] in text
            item_page = client.get(reverse("competences:framework_item", args=[first_item.code]))
            assert item_page.status_code == 200 and first_item.statements_en[0] in item_page.content.decode()


def test_editing_an_item_makes_version_2_and_old_reflections_keep_theirs(client, first_item, greece):
    editor = css_staff()
    old = Reflection.objects.create(version=first_item.version, phase="free", country=greece)
    log_in(client, editor)
    new_b2 = "I plan which channel suits each message and I review it with colleagues every term."
    data = _wording(first_item, statement_en_4=new_b2, prompt_el=first_item.prompt_el + " (νέο)")
    response = client.post(reverse("competences:framework_item", args=[first_item.code]), data, follow=True)
    assert "Version 2 of the framework is made" in response.content.decode()
    version = FrameworkVersion.objects.get(number=2)
    assert version.note == "Clearer wording of level B2" and version.created_by_id == editor.pk
    assert fw.current() == version
    changed = Item.objects.get(version=version, code=first_item.code)
    assert changed.statements_en[3] == new_b2 and changed.prompt_el.endswith("(νέο)")
    assert changed.statements_en[:3] == first_item.statements_en[:3]
    assert Item.objects.filter(version=version).count() == Item.objects.filter(version=first_item.version).count()
    first_item.refresh_from_db()
    assert first_item.statements_en[3] != new_b2  # version 1 is left as it was
    old.refresh_from_db()
    assert old.version_id == first_item.version_id
    assert AuditEvent.objects.filter(action="competences.version_created", actor=editor).exists()
    listing = client.get(reverse("competences:framework")).content.decode()
    assert "Clearer wording of level B2" in listing


def test_unchanged_wording_is_refused_and_makes_no_version(client, first_item):
    log_in(client, css_staff())
    url = reverse("competences:framework_item", args=[first_item.code])
    response = client.post(url, _wording(first_item))
    assert response.status_code == 200 and "Nothing changed" in response.content.decode()
    # spaces around the same words change nothing either
    response = client.post(url, _wording(first_item, prompt_en=f"  {first_item.prompt_en}  "))
    assert "Nothing changed" in response.content.decode()
    assert FrameworkVersion.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"statement_el_3": ""}, "statement_el_3"),
        ({"statement_en_6": "x" * 301}, "statement_en_6"),
        ({"prompt_en": "y" * 301}, "prompt_en"),
        ({"prompt_el": ""}, "prompt_el"),
        ({"note": "", "prompt_en": "A new question"}, "note"),
    ],
)
def test_bad_wording_is_refused(client, first_item, changes, field):
    log_in(client, css_staff())
    response = client.post(
        reverse("competences:framework_item", args=[first_item.code]), _wording(first_item, **changes)
    )
    assert response.status_code == 200 and field in response.context["form"].errors
    assert FrameworkVersion.objects.count() == 1


def test_an_edit_from_an_older_version_is_refused(client, first_item):
    editor = css_staff()
    fw.version_create(actor=editor, edits={}, note="Another edit")
    log_in(client, editor)
    stale = _wording(first_item, prompt_en="A new question", version=1)
    response = client.post(reverse("competences:framework_item", args=[first_item.code]), stale)
    assert "made a new version since you opened this page" in response.content.decode()
    assert FrameworkVersion.objects.count() == 2


def test_service_refuses_too_long_and_unchanged(first_item):
    editor = css_staff()
    base = {
        "actor": editor, "item": first_item, "version_number": 1, "prompt_en": first_item.prompt_en,
        "prompt_el": first_item.prompt_el, "statements_en": list(first_item.statements_en),
        "statements_el": list(first_item.statements_el), "note": "n",
    }  # fmt: skip
    with pytest.raises(staff.StaffError, match="Nothing changed"):
        staff.item_wording_change(**base)
    with pytest.raises(staff.StaffError) as error:
        staff.item_wording_change(**{**base, "statements_el": [*first_item.statements_el[:5], "z" * 301]})
    assert error.value.field == "statement_el_6"
    assert FrameworkVersion.objects.count() == 1


def test_framework_pages_are_404_for_everyone_but_css(client, first_item, greece):
    for outsider in (nso_staff(greece), etwinner(greece)):
        client.logout()
        log_in(client, outsider)
        assert client.get(reverse("competences:framework")).status_code == 404
        url = reverse("competences:framework_item", args=[first_item.code])
        assert client.get(url).status_code == 404
        assert client.post(url, _wording(first_item, prompt_en="Changed")).status_code == 404
    assert FrameworkVersion.objects.count() == 1
    client.logout()
    log_in(client, css_staff())
    assert client.get(reverse("competences:framework_item", args=["9.9.9"])).status_code == 404


# --- courses and the areas they develop ----------------------------------------------------------------------


def test_course_areas_are_saved_and_audited(client, course, greek_staff):
    greek_course = course[0]
    log_in(client, greek_staff)
    list_url = reverse("competences:course_areas")
    url = reverse("competences:course_areas", args=[greek_course.pk])
    response = client.post(url, {"areas": ["1", "3"], "next": list_url + "?page=1"}, follow=True)
    assert response.redirect_chain[-1][0] == f"{list_url}?page=1#course-{greek_course.pk}"
    assert "Saved: the areas" in response.content.decode()
    assert set(CourseArea.objects.filter(course=greek_course).values_list("area", flat=True)) == {1, 3}
    event = AuditEvent.objects.get(action="competences.course_areas_changed")
    assert event.data == {"before": [], "after": [1, 3]} and event.actor_id == greek_staff.pk
    client.post(url, {"areas": ["3", "5"]})
    assert set(CourseArea.objects.filter(course=greek_course).values_list("area", flat=True)) == {3, 5}
    again = client.post(url, {"areas": ["3", "5"]}, follow=True)
    assert "Nothing changed" in again.content.decode()
    assert AuditEvent.objects.filter(action="competences.course_areas_changed").count() == 2
    client.post(url, {})
    assert not CourseArea.objects.filter(course=greek_course).exists()


def test_bad_areas_change_nothing(client, course, greek_staff):
    log_in(client, greek_staff)
    url = reverse("competences:course_areas", args=[course[0].pk])
    for bad in (["7"], ["0"], ["x"]):
        response = client.post(url, {"areas": bad}, follow=True)
        assert response.status_code == 200 and "Choose among the six areas" in response.content.decode()
    assert not CourseArea.objects.exists()
    assert not AuditEvent.objects.filter(action="competences.course_areas_changed").exists()
    assert client.get(url).status_code == 405


def test_course_list_shows_the_staff_countries_only(client, course, greek_staff, italy):
    italian_course, _italian_staff = make_course(italy, title="Corso digitale")
    log_in(client, greek_staff)
    page = client.get(reverse("competences:course_areas")).content.decode()
    assert course[0].title in page and "Corso digitale" not in page
    response = client.post(reverse("competences:course_areas", args=[italian_course.pk]), {"areas": ["1"]})
    assert response.status_code == 404
    assert not CourseArea.objects.exists()
    client.logout()
    log_in(client, css_staff())
    page = client.get(reverse("competences:course_areas")).content.decode()
    assert course[0].title in page and "Corso digitale" in page


def test_course_list_is_404_for_teachers(client, greece, course):
    log_in(client, etwinner(greece))
    assert client.get(reverse("competences:course_areas")).status_code == 404
    assert client.post(reverse("competences:course_areas", args=[course[0].pk]), {"areas": ["1"]}).status_code == 404


def test_course_list_queries_do_not_grow_with_courses(client, greece, course, greek_staff):
    log_in(client, greek_staff)
    url = reverse("competences:course_areas")
    client.get(url)  # the framework is loaded once
    CourseArea.objects.create(course=course[0], area=2)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for number in range(4):
        other, _staff = make_course(greece, staff=greek_staff, title=f"Course {number}")
        CourseArea.objects.create(course=other, area=number + 1)
    with CaptureQueriesContext(connection) as five:
        page = client.get(url)
    assert page.status_code == 200 and len(page.context["rows"]) == 5
    assert len(five) == len(one)
