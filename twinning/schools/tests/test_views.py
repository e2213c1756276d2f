"""Registry pages: permissions, public pages, staff decisions, the import flow and query counts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from twinning.accounts.models import ValidationStatus, Visibility
from twinning.accounts.tests.factories import UserFactory, css_staff, log_in, nso_staff, teacher
from twinning.core.models import AuditEvent, Notification
from twinning.reference.models import EducationLevel, Region
from twinning.schools.models import School, SchoolImport, SchoolMembership, SchoolStatus
from twinning.schools.tests.factories import SchoolFactory

# Every test may name Attica, Crete and the school levels (in CSV files or filters).
pytestmark = pytest.mark.django_db

CSV = (
    "national_code;name;city;region_code;levels;school_type\n"
    "0001;1ο Γυμνάσιο Αθηνών;Αθήνα;GR-I;lower-secondary;public\n"
    "0002;2ο Δημοτικό Αθηνών;Αθήνα;GR-I;primary;public\n"
).encode()


@pytest.fixture
def school(greece):
    return SchoolFactory(
        country=greece,
        name="Γυμνάσιο Δοκιμών",
        principal_email="head@school.example",
        principal_name="Ελένη Διευθύντρια",
    )


@pytest.fixture
def greek_import(greece):
    return SchoolImport.objects.create(
        country=greece,
        created_by=nso_staff(greece),
        original_name="gr.csv",
        file="school-imports/gr.csv",
        status=SchoolImport.Status.READY,
    )


def staff_urls(school, imp):
    return [
        reverse("schools:staff_list"),
        reverse("schools:staff_create"),
        reverse("schools:staff_detail", args=[school.pk]),
        reverse("schools:staff_edit", args=[school.pk]),
        reverse("schools:staff_merge", args=[school.pk]),
        reverse("schools:import_list"),
        reverse("schools:import_template"),
        reverse("schools:import_detail", args=[imp.pk]),
    ]


# --- Permissions ------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_login_from_staff_pages(client, school, greek_import):
    for url in staff_urls(school, greek_import):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"]


def test_teachers_get_403_on_staff_pages(client, school, greek_import, greece):
    log_in(client, teacher(country=greece, status=ValidationStatus.VALIDATED))
    for url in staff_urls(school, greek_import):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("schools:staff_decide", args=[school.pk]), {"action": "validate"}).status_code == 403


def test_nso_of_italy_gets_404_on_a_greek_school_and_import(client, school, greek_import, italy):
    log_in(client, nso_staff(italy))
    for url in [
        reverse("schools:staff_detail", args=[school.pk]),
        reverse("schools:staff_edit", args=[school.pk]),
        reverse("schools:staff_merge", args=[school.pk]),
        reverse("schools:import_detail", args=[greek_import.pk]),
        reverse("schools:import_progress", args=[greek_import.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    for url in [
        reverse("schools:staff_decide", args=[school.pk]),
        reverse("schools:import_confirm", args=[greek_import.pk]),
        reverse("schools:import_cancel", args=[greek_import.pk]),
    ]:
        assert client.post(url, {"action": "validate"}).status_code == 404, url
    listing = client.get(reverse("schools:staff_list")).content.decode()
    assert school.name not in listing
    assert "gr.csv" not in client.get(reverse("schools:import_list")).content.decode()
    greek_import.refresh_from_db()
    assert greek_import.status == SchoolImport.Status.READY


def test_nso_of_italy_cannot_merge_into_a_greek_school(client, school, italy):
    italian_school = SchoolFactory(country=italy)
    log_in(client, nso_staff(italy))
    response = client.post(reverse("schools:staff_merge", args=[italian_school.pk]), {"survivor": school.pk})
    assert response.status_code == 404
    assert School.objects.get(pk=italian_school.pk).status == SchoolStatus.VALIDATED


def test_css_staff_see_every_country(client, school, greek_import, italy):
    rome = SchoolFactory(country=italy, name="Liceo Classico Roma")
    log_in(client, css_staff())
    for url in staff_urls(school, greek_import):
        assert client.get(url).status_code == 200, url
    listing = client.get(reverse("schools:staff_list")).content.decode()
    assert school.name in listing and rome.name in listing


# --- Public pages -----------------------------------------------------------------------------


def test_public_school_page_shows_fields_but_not_the_principals_email(client, school):
    response = client.get(reverse("schools:detail", args=[school.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert school.name in content
    assert school.national_code in content
    assert "Ελένη Διευθύντρια" in content
    assert "head@school.example" not in content


@pytest.mark.parametrize("status", [SchoolStatus.PROPOSED, SchoolStatus.MERGED, SchoolStatus.REJECTED])
def test_public_school_page_is_404_unless_validated(client, greece, status):
    hidden = SchoolFactory(country=greece, status=status)
    assert client.get(reverse("schools:detail", args=[hidden.pk])).status_code == 404
    results = client.get(reverse("schools:search"), {"q": hidden.name}).content.decode()
    assert reverse("schools:detail", args=[hidden.pk]) not in results


def test_public_page_lists_etwinners_by_visibility(client, greece, school):
    names = {}
    for visibility in Visibility.values:
        person = teacher(
            country=greece,
            school=school,
            status=ValidationStatus.VALIDATED,
            first_name=f"Name{visibility}",
            last_name="Teacher",
        )
        person.visibility = visibility
        person.save(update_fields=["visibility"])
        names[visibility] = person.get_full_name()
    waiting = teacher(country=greece, school=school, status=ValidationStatus.PENDING, first_name="Waiting")
    waiting.visibility = Visibility.PUBLIC
    waiting.save(update_fields=["visibility"])
    url = reverse("schools:detail", args=[school.pk])

    def shown(content):
        return {v for v, name in names.items() if name in content}

    assert shown(client.get(url).content.decode()) == {"public"}
    log_in(client, UserFactory())
    assert shown(client.get(url).content.decode()) == {"public", "members"}
    log_in(client, teacher(country=greece, status=ValidationStatus.VALIDATED))
    content = client.get(url).content.decode()
    assert shown(content) == {"public", "members", "etwinners"}
    assert "Waiting" not in content
    assert "@example.org" not in content  # never e-mail addresses


def test_the_etwinners_section_is_left_out_when_nobody_in_it_may_be_shown(client, greece, school):
    teacher(country=greece, school=school, status=ValidationStatus.PENDING, visibility=Visibility.PUBLIC)
    teacher(country=greece, school=school, status=ValidationStatus.VALIDATED, visibility=Visibility.HIDDEN)
    teacher(country=greece, school=school, status=ValidationStatus.VALIDATED, visibility=Visibility.MEMBERS)
    url = reverse("schools:detail", args=[school.pk])
    assert "eTwinners of this school" not in client.get(url).content.decode()  # no empty heading
    log_in(client, UserFactory())
    assert "eTwinners of this school" in client.get(url).content.decode()  # the members-only profile


def test_search_page_filters(client, greece, italy):
    SchoolFactory(country=greece, name="Γυμνάσιο Άργους", city="Άργος")
    SchoolFactory(country=italy, name="Liceo Argo", city="Roma")
    content = client.get(reverse("schools:search"), {"q": "ΑΡΓΟΥΣ"}).content.decode()
    assert "Γυμνάσιο Άργους" in content and "Liceo Argo" not in content
    content = client.get(reverse("schools:search"), {"country": italy.pk}).content.decode()
    assert "Liceo Argo" in content and "Γυμνάσιο Άργους" not in content
    # A bad filter value is ignored, never a 500.
    assert client.get(reverse("schools:search"), {"country": "x", "level": "999999", "page": "abc"}).status_code == 200


def test_region_filter_lists_the_regions_each_tied_to_its_country(client, greece):
    # The region list follows the chosen country (data-parent); it once rendered with no option at all.
    crete = Region.objects.get(country=greece, code="GR-M")
    html = client.get(reverse("schools:search"), {"region": crete.pk}).content.decode()
    option = f'<option value="{crete.pk}" selected data-parent="{greece.pk}">{greece.name} – {crete.name}</option>'
    assert option in html
    assert html.count("data-parent=") == Region.objects.count()


# --- Query counts -----------------------------------------------------------------------------


def _count_queries(client, url, data=None):
    client.get(url, data or {})  # warm-up: the first request after a login records "last seen"
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, data or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _add_schools(country, n, level):
    for _ in range(n):
        SchoolFactory(country=country).levels.add(level)


def test_public_search_has_a_fixed_number_of_queries(client, greece):
    level = EducationLevel.objects.get(code="primary")
    url = reverse("schools:search")
    _add_schools(greece, 5, level)
    few = _count_queries(client, url, {"country": greece.pk})
    _add_schools(greece, 25, level)
    many = _count_queries(client, url, {"country": greece.pk})
    assert few == many
    assert many <= 6


def test_staff_list_has_a_fixed_number_of_queries(client, greece):
    log_in(client, nso_staff(greece))
    level = EducationLevel.objects.get(code="primary")
    url = reverse("schools:staff_list")
    _add_schools(greece, 5, level)
    few = _count_queries(client, url, {"status": "validated"})
    _add_schools(greece, 25, level)
    many = _count_queries(client, url, {"status": "validated"})
    assert few == many
    assert many <= 12


def test_school_pages_have_a_fixed_number_of_queries(client, greece, school):
    def add_members(n):
        for _ in range(n):
            person = teacher(country=greece, school=school, status=ValidationStatus.VALIDATED)
            person.visibility = Visibility.PUBLIC
            person.save(update_fields=["visibility"])

    public_url = reverse("schools:detail", args=[school.pk])
    staff_url = reverse("schools:staff_detail", args=[school.pk])
    staff = nso_staff(greece)
    add_members(5)
    few_public = _count_queries(client, public_url)
    log_in(client, staff)
    few_staff = _count_queries(client, staff_url)
    client.logout()
    add_members(25)
    many_public = _count_queries(client, public_url)
    log_in(client, staff)
    many_staff = _count_queries(client, staff_url)
    assert few_public == many_public <= 5
    assert few_staff == many_staff <= 12


# --- Staff decisions --------------------------------------------------------------------------


def test_reject_from_the_page_needs_a_reason(client, greece):
    proposer = UserFactory(country=greece)
    proposed = SchoolFactory(country=greece, status=SchoolStatus.PROPOSED, proposed_by=proposer)
    log_in(client, nso_staff(greece))
    url = reverse("schools:staff_decide", args=[proposed.pk])
    client.post(url, {"action": "reject", "reason": ""})
    assert School.objects.get(pk=proposed.pk).status == SchoolStatus.PROPOSED
    response = client.post(url, {"action": "reject", "reason": "Not a school"}, follow=True)
    assert response.status_code == 200
    assert School.objects.get(pk=proposed.pk).status == SchoolStatus.REJECTED
    assert Notification.objects.filter(recipient=proposer, kind="school.rejected").exists()
    assert "school rejected" in response.content.decode()  # the trail on the page, in words


def test_the_staff_school_page_names_the_proposer_with_a_link(client, greece):
    proposer = UserFactory(country=greece, first_name="Ελένη", last_name="Ζαχαρίου")
    proposed = SchoolFactory(country=greece, status=SchoolStatus.PROPOSED, proposed_by=proposer)
    log_in(client, nso_staff(greece))
    page = client.get(reverse("schools:staff_detail", args=[proposed.pk])).content.decode()
    assert f'<a href="{reverse("accounts:person_detail", args=[proposer.pk])}">Ελένη Ζαχαρίου</a>' in page


def test_validate_from_the_page(client, greece):
    proposed = SchoolFactory(country=greece, status=SchoolStatus.PROPOSED)
    log_in(client, nso_staff(greece))
    client.post(reverse("schools:staff_decide", args=[proposed.pk]), {"action": "validate"})
    assert School.objects.get(pk=proposed.pk).status == SchoolStatus.VALIDATED


def test_create_and_edit_from_the_pages(client, greece, italy):
    log_in(client, nso_staff(greece))
    url = reverse("schools:staff_create")
    # Another country than the staff member's is not a valid choice.
    response = client.post(url, {"name": "X", "city": "Y", "country": italy.pk, "school_type": "public"})
    assert response.status_code == 200 and not School.objects.exists()
    response = client.post(
        url,
        {"name": "Νέο Λύκειο", "city": "Πάτρα", "country": greece.pk, "school_type": "public", "national_code": "777"},
    )
    created = School.objects.get(national_code="777")
    assert response.status_code == 302
    response = client.post(
        reverse("schools:staff_edit", args=[created.pk]),
        {"name": "Νέο Λύκειο Πάτρας", "city": "Πάτρα", "school_type": "private", "national_code": "777"},
    )
    assert response.status_code == 302
    created.refresh_from_db()
    assert (created.name, created.school_type) == ("Νέο Λύκειο Πάτρας", "private")
    assert AuditEvent.objects.filter(action="school.updated", target_id=str(created.pk)).exists()


def test_edit_refuses_a_duplicate_national_code_with_a_message(client, greece, school):
    other = SchoolFactory(country=greece, national_code="888")
    log_in(client, nso_staff(greece))
    response = client.post(
        reverse("schools:staff_edit", args=[school.pk]),
        {"name": school.name, "city": school.city, "school_type": "public", "national_code": "888"},
    )
    assert response.status_code == 200
    assert "888" in response.content.decode()
    assert School.objects.get(pk=school.pk).national_code != other.national_code


def test_merge_from_the_page(client, greece, school):
    duplicate = SchoolFactory(country=greece, city=school.city, status=SchoolStatus.PROPOSED)
    person = teacher(country=greece, school=duplicate)
    log_in(client, nso_staff(greece))
    url = reverse("schools:staff_merge", args=[duplicate.pk])
    assert school.name in client.get(url).content.decode()  # same city: offered at once
    response = client.post(url, {"survivor": school.pk, "reason": "duplicate"})
    assert response.status_code == 302
    assert SchoolMembership.objects.get(user=person).school_id == school.pk
    assert School.objects.get(pk=duplicate.pk).status == SchoolStatus.MERGED
    # Merging into itself is refused with a message, not a 500.
    response = client.post(reverse("schools:staff_merge", args=[school.pk]), {"survivor": school.pk})
    assert response.status_code == 200


# --- Import through the pages -----------------------------------------------------------------


def test_the_import_page_lists_the_codes_of_the_staff_members_own_regions(client, greece, italy):
    from twinning.reference.models import Region

    log_in(client, nso_staff(greece))
    page = client.get(reverse("schools:import_list")).content.decode()
    assert "<code>GR-I</code>" in page  # Attica, where the file names it by code
    italian = Region.objects.filter(country=italy).first()
    assert italian is not None and f"<code>{italian.code}</code>" not in page
    assert "<code>lower-secondary</code>" in page


def test_import_flow_upload_preview_confirm(client, greece, django_capture_on_commit_callbacks):
    staff = nso_staff(greece)
    log_in(client, staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("schools:import_list"), {"country": greece.pk, "file": SimpleUploadedFile("gr.csv", CSV)}
        )
    assert response.status_code == 302
    imp = SchoolImport.objects.get()
    assert imp.status == SchoolImport.Status.READY
    page = client.get(response["Location"]).content.decode()
    assert "Confirm import" in page
    assert not School.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("schools:import_confirm", args=[imp.pk]))
    imp.refresh_from_db()
    assert imp.status == SchoolImport.Status.DONE
    assert School.objects.filter(country=greece).count() == 2
    page = client.get(reverse("schools:import_detail", args=[imp.pk])).content.decode()
    assert "registry import written" in page and "school_import.applied" not in page


def test_a_file_with_errors_shows_them_and_cannot_be_confirmed(client, greece, django_capture_on_commit_callbacks):
    log_in(client, nso_staff(greece))
    bad = CSV + "0001;Διπλό;Αθήνα;GR-Q;college;state\n".encode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("schools:import_list"), {"country": greece.pk, "file": SimpleUploadedFile("b.csv", bad)})
    imp = SchoolImport.objects.get()
    assert imp.status == SchoolImport.Status.INVALID
    page = client.get(reverse("schools:import_detail", args=[imp.pk])).content.decode()
    assert "Confirm import" not in page
    assert "GR-Q" in page and "college" in page and "state" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("schools:import_confirm", args=[imp.pk]))
    imp.refresh_from_db()
    assert imp.status == SchoolImport.Status.INVALID
    assert not School.objects.exists()


def test_upload_is_limited_to_the_staff_members_countries_and_size(client, greece, italy, settings):
    log_in(client, nso_staff(italy))
    response = client.post(
        reverse("schools:import_list"), {"country": greece.pk, "file": SimpleUploadedFile("gr.csv", CSV)}
    )
    assert response.status_code == 200
    assert not SchoolImport.objects.exists()
    settings.SCHOOL_IMPORT_MAX_BYTES = 10
    response = client.post(
        reverse("schools:import_list"), {"country": italy.pk, "file": SimpleUploadedFile("it.csv", CSV)}
    )
    assert response.status_code == 200
    assert "larger than" in response.content.decode()
    assert not SchoolImport.objects.exists()


def test_progress_fragment_polls_while_running_and_reloads_when_done(client, greece, greek_import):
    log_in(client, nso_staff(greece))
    url = reverse("schools:import_progress", args=[greek_import.pk])
    SchoolImport.objects.filter(pk=greek_import.pk).update(
        status=SchoolImport.Status.VALIDATING, total_rows=2000, processed_rows=500
    )
    page = client.get(reverse("schools:import_detail", args=[greek_import.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in page and 'value="25"' in page
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.content.decode() and 'value="25"' in fragment.content.decode()
    SchoolImport.objects.filter(pk=greek_import.pk).update(status=SchoolImport.Status.READY)
    done = client.get(url, headers={"HX-Request": "true"})
    assert done.headers.get("HX-Refresh") == "true"
    # Without htmx the progress address sends to the full page.
    assert client.get(url).status_code == 302


def test_template_download(client, greece):
    log_in(client, nso_staff(greece))
    response = client.get(reverse("schools:import_template"))
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbfnational_code,name,city")


# --- Counts and the forgiving search on the pages ---------------------------------------------


def test_search_pages_say_how_many_schools_match_up_to_a_cap(client, greece, monkeypatch):
    for n in range(3):
        SchoolFactory(country=greece, name=f"{n + 1}ο Γυμνάσιο Αθηνών", city="Αθήνα")
    SchoolFactory(country=greece, name="Λύκειο Βόλου", city="Βόλος")
    page = client.get(reverse("schools:search"), {"q": "Athens"}).content.decode()
    assert "3 schools" in page and "1ο Γυμνάσιο Αθηνών" in page and "Λύκειο Βόλου" not in page
    assert page.index("1ο Γυμνάσιο") < page.index("2ο Γυμνάσιο") < page.index("3ο Γυμνάσιο")
    assert "1 school<" in client.get(reverse("schools:search"), {"q": "Volos"}).content.decode()
    monkeypatch.setattr("twinning.schools.selectors.COUNT_CAP", 2)
    assert "More than 2 schools" in client.get(reverse("schools:search")).content.decode()
    log_in(client, nso_staff(greece))
    staff_page = client.get(reverse("schools:staff_list"), {"q": "athina"}).content.decode()
    assert "More than 2 schools" in staff_page


def test_text_search_has_a_fixed_number_of_queries(client, greece):
    level = EducationLevel.objects.get(code="primary")
    url = reverse("schools:search")
    _add_schools(greece, 5, level)
    few = _count_queries(client, url, {"q": "athens gymnasio"})
    _add_schools(greece, 25, level)
    many = _count_queries(client, url, {"q": "athens gymnasio"})
    assert few == many <= 6


# --- Likely duplicates of an import: the page and "this is the same school" --------------------


@pytest.fixture
def import_with_duplicate(greece, django_capture_on_commit_callbacks):
    proposal = SchoolFactory(
        country=greece, name="2ο Γυμνάσιο Κέρκυρας", city="Κέρκυρα", status=SchoolStatus.PROPOSED, national_code=None
    )
    data = (
        "national_code;name;city\n0551;2ο Γυμνάσιο Κέρκυρας;Κέρκυρα\n0552;Μουσικό Σχολείο Κέρκυρας;Κέρκυρα\n"
    ).encode()
    from twinning.schools import services

    with django_capture_on_commit_callbacks(execute=True):
        imp = services.school_import_start(
            by=nso_staff(greece), country=greece, upload=SimpleUploadedFile("gr.csv", data)
        )
    imp.refresh_from_db()
    return imp, proposal


def test_the_import_page_lists_new_schools_and_likely_duplicates(client, greece, import_with_duplicate):
    imp, proposal = import_with_duplicate
    log_in(client, nso_staff(greece))
    page = client.get(reverse("schools:import_detail", args=[imp.pk])).content.decode()
    assert "2 new schools" in page and "Μουσικό Σχολείο Κέρκυρας" in page
    assert "1 new school may be in the registry already" in page
    assert reverse("schools:staff_detail", args=[proposal.pk]) in page
    assert reverse("schools:import_link", args=[imp.pk]) in page
    assert "Proposed, waiting for validation" in page


def test_the_import_page_has_a_fixed_number_of_queries(client, greece, import_with_duplicate):
    imp, _proposal = import_with_duplicate
    log_in(client, nso_staff(greece))
    url = reverse("schools:import_detail", args=[imp.pk])
    before = _count_queries(client, url)
    SchoolImport.objects.filter(pk=imp.pk).update(
        likely_duplicates=imp.likely_duplicates * 30, new_schools=imp.new_schools * 50
    )
    assert _count_queries(client, url) == before


def test_linking_from_the_page(client, greece, import_with_duplicate, django_capture_on_commit_callbacks):
    imp, proposal = import_with_duplicate
    log_in(client, nso_staff(greece))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("schools:import_link", args=[imp.pk]), {"school": proposal.pk, "code": "0551"}, follow=True
        )
    assert response.status_code == 200
    assert "now has the national code 0551" in response.content.decode()
    proposal.refresh_from_db()
    imp.refresh_from_db()
    assert proposal.national_code == "0551"
    assert (imp.status, imp.to_create, imp.to_update) == (SchoolImport.Status.READY, 1, 1)
    # Bad input: a message, never a 500.
    response = client.post(reverse("schools:import_link", args=[imp.pk]), {"school": "x", "code": ""}, follow=True)
    assert response.status_code == 200 and "Choose a school" in response.content.decode()
    response = client.post(reverse("schools:import_link", args=[imp.pk]), {"school": proposal.pk, "code": "0552"})
    assert response.status_code == 302
    assert School.objects.get(pk=proposal.pk).national_code == "0551"
    assert (
        client.post(reverse("schools:import_link", args=[imp.pk]), {"school": 999999, "code": "0551"}).status_code
        == 404
    )
    assert client.get(reverse("schools:import_link", args=[imp.pk])).status_code == 405


def test_only_staff_of_the_imports_country_may_link(client, greece, italy, import_with_duplicate):
    imp, proposal = import_with_duplicate
    url = reverse("schools:import_link", args=[imp.pk])
    data = {"school": proposal.pk, "code": "0551"}
    log_in(client, teacher(country=greece, status=ValidationStatus.VALIDATED))
    assert client.post(url, data).status_code == 403
    log_in(client, nso_staff(italy))
    assert client.post(url, data).status_code == 404
    # Greek staff and an Italian school: 404 as well.
    italian = SchoolFactory(country=italy, national_code=None)
    log_in(client, nso_staff(greece))
    assert client.post(url, {"school": italian.pk, "code": "0551"}).status_code == 404
    assert School.objects.get(pk=proposal.pk).national_code is None
    assert not AuditEvent.objects.filter(action="school.linked_to_import").exists()
