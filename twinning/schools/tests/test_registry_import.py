"""The registry import: CSV parsing, row checks, the plan, and the background tasks end to end."""

import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from twinning.accounts.tests.factories import UserFactory, css_staff, nso_staff
from twinning.core.errors import NotAllowed
from twinning.core.models import AuditEvent
from twinning.reference.models import EducationLevel, Region
from twinning.schools import registry_import, services
from twinning.schools.models import School, SchoolImport, SchoolStatus
from twinning.schools.tests.factories import SchoolFactory

# Every test may name Attica, Crete and the school levels (in CSV files or filters).
pytestmark = pytest.mark.django_db

HEADER = (
    "national_code,name,city,region_code,address,postcode,levels,school_type,"
    "principal_name,principal_email,phone,email,website"
)


def row(
    code,
    name="Γυμνάσιο Δοκιμής",
    city="Αθήνα",
    region="GR-I",
    levels="lower-secondary",
    school_type="public",
    email="mail@school.example",
    website="https://school.example",
):
    return f"{code},{name},{city},{region},Οδός 1,10431,{levels},{school_type},Ελένη Π.,{email},210,{email},{website}"


def csv_bytes(*rows, header=HEADER, bom=False, delimiter=","):
    text = "\n".join([header, *rows]) + "\n"
    if delimiter != ",":
        text = text.replace(",", delimiter)
    data = text.encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if bom else data


def start(staff, country, data, django_capture_on_commit_callbacks, name="registry.csv"):
    """Upload like the view does; the checking task runs when the transaction commits."""
    with django_capture_on_commit_callbacks(execute=True):
        imp = services.school_import_start(by=staff, country=country, upload=SimpleUploadedFile(name, data))
    imp.refresh_from_db()
    return imp


def confirm(staff, imp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.school_import_confirm(by=staff, school_import=imp)
    imp.refresh_from_db()
    return imp


def codes_of(imp):
    return [e["code"] for e in imp.errors]


# --- File-level problems ----------------------------------------------------------------------


def test_a_file_that_is_not_utf8_gets_one_clear_file_error(greece, greek_nso, django_capture_on_commit_callbacks):
    data = ("\n".join([HEADER, row("0001", name="Σχολείο")])).encode("cp1253")
    imp = start(greek_nso, greece, data, django_capture_on_commit_callbacks)
    assert imp.status == SchoolImport.Status.INVALID
    assert imp.error_count == 1
    assert imp.errors[0]["row"] is None
    assert "UTF-8" in imp.errors[0]["message"]
    assert not School.objects.exists()


def test_missing_required_columns_are_named(greece, greek_nso, django_capture_on_commit_callbacks):
    imp = start(greek_nso, greece, b"national_code,address\n0001,Street\n", django_capture_on_commit_callbacks)
    assert imp.status == SchoolImport.Status.INVALID
    assert codes_of(imp) == ["missing_columns"]
    assert "name, city" in imp.errors[0]["message"]


def test_unknown_and_repeated_columns_are_file_errors(greece):
    plan = registry_import.analyse(b"national_code,name,city,colour,city\n1,a,b,c,d\n", greece)
    assert sorted(e["code"] for e in plan.errors.entries) == ["duplicate_columns", "unknown_columns"]
    assert "colour" in plan.errors.entries[1]["message"] or "colour" in plan.errors.entries[0]["message"]


@pytest.mark.parametrize("data", [b"", b"  \n", b"national_code,name,city\n", b"national_code,name,city\n\n,,\n"])
def test_empty_files_are_refused(greece, data):
    plan = registry_import.analyse(data, greece)
    assert not plan.is_valid
    assert plan.errors.entries[0]["row"] is None


def test_broken_quoting_is_reported_with_its_row(greece):
    plan = registry_import.analyse(b'national_code,name,city\n1,"a"b,c\n', greece)
    assert [e["code"] for e in plan.errors.entries] == ["malformed"]
    assert plan.errors.entries[0]["params"]["row"] == 2


# --- Rows -------------------------------------------------------------------------------------


def test_a_valid_file_with_bom_and_semicolons_is_ready(greece):
    data = csv_bytes(row("0001"), row("0002", name="Δημοτικό"), bom=True, delimiter=";")
    plan = registry_import.analyse(data, greece)
    assert plan.is_valid, plan.errors.entries
    assert len(plan.to_create) == 2
    assert plan.to_create == ["0001", "0002"]


def test_row_errors_name_the_row_the_column_and_the_problem(greece):
    data = csv_bytes(
        row("0001"),  # row 2: fine
        row("0002", region="GR-Z"),  # row 3
        row("0003", levels="primary;university"),  # row 4
        row("0004", email="not-an-address"),  # row 5 (two e-mail columns)
        row("0005", school_type="charter"),  # row 6
        row("", name=""),  # row 7: two empty required values
        row("0006", website="http://exa mple"),  # row 8
    )
    plan = registry_import.analyse(data, greece)
    found = {(e["row"], e["column"], e["code"]) for e in plan.errors.entries}
    assert found == {
        (3, "region_code", "region"),
        (4, "levels", "level"),
        (5, "principal_email", "email"),
        (5, "email", "email"),
        (6, "school_type", "school_type"),
        (7, "national_code", "required"),
        (7, "name", "required"),
        (8, "website", "website"),
    }
    assert "university" in next(e["message"] for e in plan.errors.entries if e["code"] == "level")


def test_too_many_or_too_few_values_in_a_row(greece):
    data = csv_bytes(row("0001") + ",extra", "0002,only two")
    plan = registry_import.analyse(data, greece)
    assert [(e["row"], e["code"]) for e in plan.errors.entries] == [(2, "too_many_values"), (3, "too_few_values")]


def test_each_duplicate_national_code_in_the_file_is_an_error(greece):
    data = csv_bytes(row("0001"), row("0002"), row("0001", name="Άλλο"), row("0001", name="Τρίτο"))
    plan = registry_import.analyse(data, greece)
    rows = sorted(e["row"] for e in plan.errors.entries if e["code"] == "duplicate_code")
    assert rows == [2, 4, 5]
    assert plan.to_create == ["0002"]


def test_too_long_values_are_refused(greece):
    plan = registry_import.analyse(csv_bytes(row("0001", name="Α" * 301)), greece)
    assert [(e["column"], e["code"]) for e in plan.errors.entries] == [("name", "too_long")]


def test_a_file_of_10000_bad_rows_counts_them_all_keeps_200_and_writes_nothing(
    greece, greek_nso, django_capture_on_commit_callbacks
):
    data = csv_bytes(*[row(f"{i:05d}", region="XX") for i in range(10_000)])
    imp = start(greek_nso, greece, data, django_capture_on_commit_callbacks)
    assert imp.status == SchoolImport.Status.INVALID
    assert imp.error_count == 10_000
    assert len(imp.errors) == registry_import.MAX_ERRORS_KEPT
    assert imp.errors[0]["row"] == 2
    assert imp.total_rows == imp.processed_rows == 10_000
    with pytest.raises(services.SchoolError):
        services.school_import_confirm(by=greek_nso, school_import=imp)
    assert not School.objects.exists()


def test_error_messages_are_stored_in_the_uploaders_language(greece, django_capture_on_commit_callbacks):
    greek_staff = nso_staff(greece, preferred_language="el")
    imp = start(greek_staff, greece, b"\xff\xfe\x00bad", django_capture_on_commit_callbacks)
    assert imp.errors[0]["code"] == "encoding"
    # The code is kept too, so that each reader sees the message in their own language.
    with translation.override("el"):
        assert imp.errors[0]["message"] == registry_import.error_text("encoding")


# --- The plan against the registry ------------------------------------------------------------


def test_plan_counts_new_changed_and_unchanged_schools(greece):
    crete = Region.objects.get(country=greece, code="GR-M")
    lower = EducationLevel.objects.get(code="lower-secondary")
    same = SchoolFactory(
        country=greece,
        national_code="0001",
        name="Γυμνάσιο Δοκιμής",
        city="Αθήνα",
        region=Region.objects.get(country=greece, code="GR-I"),
        address="Οδός 1",
        postcode="10431",
        principal_name="Ελένη Π.",
        principal_email="mail@school.example",
        phone="210",
        email="mail@school.example",
        website="https://school.example",
    )
    same.levels.set([lower])
    moved = SchoolFactory(country=greece, national_code="0002", name="Γυμνάσιο Δοκιμής", city="Αθήνα", region=crete)
    data = csv_bytes(row("0001"), row("0002"), row("0003"))
    plan = registry_import.analyse(data, greece)
    assert plan.is_valid
    assert plan.unchanged == 1
    assert plan.to_update == [moved.pk]
    assert plan.to_create == ["0003"]


def test_a_code_of_another_country_does_not_match(greece, italy):
    SchoolFactory(country=italy, national_code="0001")
    plan = registry_import.analyse(csv_bytes(row("0001")), greece)
    assert len(plan.to_create) == 1 and not plan.to_update


def test_only_present_columns_are_compared_and_written(greece, greek_nso, django_capture_on_commit_callbacks):
    school = SchoolFactory(
        country=greece,
        national_code="0001",
        name="Παλιό όνομα",
        city="Αθήνα",
        principal_email="head@school.example",
        school_type="private",
    )
    imp = start(
        greek_nso,
        greece,
        "national_code,name,city\n0001,Νέο όνομα,Αθήνα\n".encode(),
        django_capture_on_commit_callbacks,
    )
    assert (imp.to_create, imp.to_update, imp.unchanged) == (0, 1, 0)
    confirm(greek_nso, imp, django_capture_on_commit_callbacks)
    school.refresh_from_db()
    assert school.name == "Νέο όνομα"
    assert school.search_name == "νεο ονομα"
    assert school.principal_email == "head@school.example"
    assert school.school_type == "private"


# --- Applying ---------------------------------------------------------------------------------


def test_import_writes_all_rows_with_levels_and_audits(greece, greek_nso, django_capture_on_commit_callbacks):
    data = csv_bytes(row("0001", name="Δημοτικό Σχολείο Άργους", levels="primary;pre-primary"), row("0002"))
    imp = start(greek_nso, greece, data, django_capture_on_commit_callbacks)
    assert imp.status == SchoolImport.Status.READY
    assert (imp.to_create, imp.to_update, imp.unchanged, imp.error_count) == (2, 0, 0, 0)
    assert not School.objects.exists()  # the preview writes nothing

    imp = confirm(greek_nso, imp, django_capture_on_commit_callbacks)
    assert imp.status == SchoolImport.Status.DONE
    assert (imp.created_count, imp.updated_count) == (2, 0)
    school = School.objects.get(national_code="0001")
    assert school.status == SchoolStatus.VALIDATED
    assert school.search_name == "δημοτικο σχολειο αργουσ"
    assert school.region.code == "GR-I"
    assert sorted(school.levels.values_list("code", flat=True)) == ["pre-primary", "primary"]
    event = AuditEvent.objects.get(action="school_import.applied")
    assert event.target_id == str(imp.pk)
    assert event.data["created"] == 2 and event.data["updated"] == 0
    assert event.actor == greek_nso


def test_reimporting_the_same_file_creates_and_updates_nothing(greece, greek_nso, django_capture_on_commit_callbacks):
    data = csv_bytes(*[row(f"{i:04d}", levels="primary;lower-secondary") for i in range(30)])
    confirm(
        greek_nso,
        start(greek_nso, greece, data, django_capture_on_commit_callbacks),
        django_capture_on_commit_callbacks,
    )
    before = dict(School.objects.values_list("pk", "updated_at"))

    again = start(greek_nso, greece, data, django_capture_on_commit_callbacks)
    assert (again.to_create, again.to_update, again.unchanged) == (0, 0, 30)
    again = confirm(greek_nso, again, django_capture_on_commit_callbacks)
    assert again.status == SchoolImport.Status.DONE
    assert (again.created_count, again.updated_count, again.unchanged) == (0, 0, 30)
    assert dict(School.objects.values_list("pk", "updated_at")) == before


def test_a_changed_row_updates_the_school_and_its_levels(greece, greek_nso, django_capture_on_commit_callbacks):
    confirm(
        greek_nso,
        start(greek_nso, greece, csv_bytes(row("0001")), django_capture_on_commit_callbacks),
        django_capture_on_commit_callbacks,
    )
    data = csv_bytes(row("0001", city="Πειραιάς", region="GR-M", levels="upper-secondary"))
    imp = confirm(
        greek_nso,
        start(greek_nso, greece, data, django_capture_on_commit_callbacks),
        django_capture_on_commit_callbacks,
    )
    assert (imp.created_count, imp.updated_count) == (0, 1)
    school = School.objects.get(national_code="0001")
    assert (school.city, school.search_city, school.region.code) == ("Πειραιάς", "πειραιασ", "GR-M")
    assert list(school.levels.values_list("code", flat=True)) == ["upper-secondary"]


def test_a_proposed_school_found_in_the_registry_becomes_validated(
    greece, greek_nso, django_capture_on_commit_callbacks
):
    proposed = SchoolFactory(country=greece, national_code="0001", status=SchoolStatus.PROPOSED)
    confirm(
        greek_nso,
        start(greek_nso, greece, csv_bytes(row("0001")), django_capture_on_commit_callbacks),
        django_capture_on_commit_callbacks,
    )
    proposed.refresh_from_db()
    assert proposed.status == SchoolStatus.VALIDATED


def test_confirming_twice_applies_once(greece, greek_nso, django_capture_on_commit_callbacks):
    imp = start(greek_nso, greece, csv_bytes(row("0001")), django_capture_on_commit_callbacks)
    confirm(greek_nso, imp, django_capture_on_commit_callbacks)
    with pytest.raises(services.SchoolError):
        services.school_import_confirm(by=greek_nso, school_import=imp)
    # Running the task body again (a worker retry) is harmless too.
    assert services.run_apply(imp.pk, greek_nso.pk) == {"skipped": True}
    assert School.objects.count() == 1
    assert AuditEvent.objects.filter(action="school_import.applied").count() == 1


def test_apply_writes_nothing_when_the_registry_changed_since_the_preview(
    greece, greek_nso, django_capture_on_commit_callbacks
):
    imp = start(
        greek_nso, greece, csv_bytes(row("0001"), row("0002", region="GR-M")), django_capture_on_commit_callbacks
    )
    assert imp.status == SchoolImport.Status.READY
    Region.objects.filter(country=greece, code="GR-M").update(code="GR-MX")  # the code changed meanwhile
    imp = confirm(greek_nso, imp, django_capture_on_commit_callbacks)
    assert imp.status == SchoolImport.Status.INVALID
    assert [(e["row"], e["code"]) for e in imp.errors] == [(3, "region")]
    assert not School.objects.exists()


def test_a_failure_while_writing_rolls_everything_back(
    greece, greek_nso, django_capture_on_commit_callbacks, monkeypatch
):
    imp = start(greek_nso, greece, csv_bytes(row("0001"), row("0002")), django_capture_on_commit_callbacks)

    real_replace = services._replace_levels

    def broken_levels(country, levels):
        real_replace(country, levels)  # the schools and their levels are written …
        raise RuntimeError("disk full")  # … then the disk fills up

    monkeypatch.setattr(services, "_replace_levels", broken_levels)
    imp = confirm(greek_nso, imp, django_capture_on_commit_callbacks)
    assert imp.status == SchoolImport.Status.FAILED
    assert imp.message
    assert not School.objects.exists()
    assert not AuditEvent.objects.filter(action="school_import.applied").exists()


def test_only_staff_of_the_country_may_import(greece, italy, django_capture_on_commit_callbacks):
    italian_staff = nso_staff(italy)
    with pytest.raises(services.NotAllowed):
        services.school_import_start(by=italian_staff, country=greece, upload=SimpleUploadedFile("a.csv", b"x"))
    assert not SchoolImport.objects.exists()


def test_files_over_the_size_limit_are_refused(greece, greek_nso, settings):
    settings.SCHOOL_IMPORT_MAX_BYTES = 10
    with pytest.raises(services.SchoolError):
        services.school_import_start(by=greek_nso, country=greece, upload=SimpleUploadedFile("a.csv", b"x" * 11))
    assert not SchoolImport.objects.exists()


def test_cancelling_discards_the_file(greece, greek_nso, django_capture_on_commit_callbacks):
    imp = start(greek_nso, greece, csv_bytes(row("0001")), django_capture_on_commit_callbacks)
    path = imp.file.path
    with django_capture_on_commit_callbacks(execute=True):
        services.school_import_cancel(by=greek_nso, school_import=imp)
    imp.refresh_from_db()
    assert imp.status == SchoolImport.Status.CANCELLED
    assert not os.path.exists(path)
    with pytest.raises(services.SchoolError):
        services.school_import_confirm(by=greek_nso, school_import=imp)


def test_15000_rows_import_and_reimport(greece, django_capture_on_commit_callbacks):
    """The size of the Greek registry: checked, written in batches, then re-imported with no change."""
    staff = css_staff()
    rows = [
        row(
            f"{i:07d}",
            name=f"Σχολείο {i}",
            region="GR-I" if i % 2 else "GR-M",
            levels="primary" if i % 3 else "primary;pre-primary",
        )
        for i in range(15_000)
    ]
    data = csv_bytes(*rows)
    imp = confirm(
        staff, start(staff, greece, data, django_capture_on_commit_callbacks), django_capture_on_commit_callbacks
    )
    assert imp.status == SchoolImport.Status.DONE
    assert imp.created_count == 15_000
    assert School.objects.filter(country=greece).count() == 15_000
    assert School.levels.through.objects.count() == 15_000 + 5_000

    again = start(staff, greece, data, django_capture_on_commit_callbacks)
    assert (again.to_create, again.to_update, again.unchanged) == (0, 0, 15_000)


# --- The uploaded file is private -------------------------------------------------------------------------


def test_the_uploaded_file_is_private_under_a_random_name(
    greece, italy, greek_nso, settings, django_capture_on_commit_callbacks
):
    from django.test import Client

    from twinning.accounts.tests.factories import log_in
    from twinning.core.uploads import private_storage

    imp = start(greek_nso, greece, csv_bytes(row("0001")), django_capture_on_commit_callbacks, name="principals.csv")
    assert imp.original_name == "principals.csv"
    assert "principals" not in imp.file.name and imp.file.name.startswith("school-imports/")
    assert private_storage().exists(imp.file.name)
    assert not (settings.MEDIA_ROOT / imp.file.name).exists()
    assert Client().get(f"/media/{imp.file.name}").status_code == 404

    url = f"/en/staff/schools/imports/{imp.pk}/file/"
    assert Client().get(url).status_code == 302  # to login
    italian = Client()
    log_in(italian, nso_staff(italy))
    assert italian.get(url).status_code == 404
    own = Client()
    log_in(own, greek_nso)
    response = own.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"national_code")
    assert "principals.csv" in response["Content-Disposition"]


def test_old_uploaded_files_are_removed_and_the_record_stays(
    greece, greek_nso, django_capture_on_commit_callbacks, settings
):
    import datetime

    from django.utils import timezone

    from twinning.core.uploads import private_storage

    settings.SCHOOL_IMPORT_FILE_DAYS = 7
    old = start(greek_nso, greece, csv_bytes(row("0001")), django_capture_on_commit_callbacks)
    recent = start(greek_nso, greece, csv_bytes(row("0002")), django_capture_on_commit_callbacks)
    running = start(greek_nso, greece, csv_bytes(row("0003")), django_capture_on_commit_callbacks)
    eight_days_ago = timezone.now() - datetime.timedelta(days=8)
    SchoolImport.objects.filter(pk__in=[old.pk, running.pk]).update(created_at=eight_days_ago)
    SchoolImport.objects.filter(pk=running.pk).update(status=SchoolImport.Status.IMPORTING)
    old_name = old.file.name

    assert services.remove_old_files() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.file.name == "" and old.file_removed_at is not None and not private_storage().exists(old_name)
    assert old.status == SchoolImport.Status.READY and old.total_rows == 1  # the record stays
    assert private_storage().exists(recent.file.name)
    running.refresh_from_db()
    assert running.file.name and private_storage().exists(running.file.name)
    assert services.remove_old_files() == 0  # nothing left to do: safe to run twice


def test_the_template_uploaded_unchanged_passes_the_checks_and_overwrites_nothing(client, greece, greek_nso):
    from twinning.accounts.tests.factories import log_in

    SchoolFactory(country=greece, national_code="0001")
    log_in(client, greek_nso)
    template = client.get("/en/staff/schools/imports/template.csv").content
    plan = registry_import.analyse(template, greece)
    assert plan.is_valid, plan.errors.entries
    assert plan.to_create == ["EXAMPLE-0001"]  # one obviously fictional school, shown in the preview
    assert (plan.to_update, plan.unchanged) == ([], 0)


def test_a_file_read_as_a_stream_gives_the_same_plan_as_bytes(greece):
    import io

    data = csv_bytes(*(row(f"{i:04d}") for i in range(50)))
    assert (
        registry_import.analyse(io.BytesIO(data), greece).to_create == registry_import.analyse(data, greece).to_create
    )


def test_a_row_that_is_not_utf8_late_in_the_file_is_reported(greece):
    data = csv_bytes(*(row(f"{i:04d}") for i in range(2000))) + "0999,Σχολείο,Αθήνα\n".encode("cp1253")
    plan = registry_import.analyse(data, greece)
    assert [e["code"] for e in plan.errors.entries] == ["encoding"]


# --- New schools and the registry's likely duplicates -----------------------------------------


def test_the_preview_lists_new_schools_and_those_registered_without_their_code(
    greece, greek_nso, django_capture_on_commit_callbacks
):
    teacher_proposal = SchoolFactory(
        country=greece, name="2ο Γυμνάσιο Κέρκυρας", city="Κέρκυρα", status=SchoolStatus.PROPOSED, national_code=None
    )
    hand_made = SchoolFactory(country=greece, name="Μουσικό Σχολείο Κέρκυρας", city="Κέρκυρα", national_code=None)
    SchoolFactory(country=greece, name="3ο Γυμνάσιο Κέρκυρας", city="Κέρκυρα", national_code="KNOWN")  # has a code
    SchoolFactory(country=greece, name="1ο Γυμνάσιο Κέρκυρας", city="Λευκάδα", national_code=None)  # elsewhere
    data = csv_bytes(
        row("0551", name="2ο Γυμνάσιο Κέρκυρας", city="Kerkyra"),
        row("0552", name="Μουσικό Σχολείο Κέρκυρας", city="Κέρκυρα"),
        row("0553", name="1ο Γυμνάσιο Κέρκυρας", city="Κέρκυρα"),
        row("0554", name="3ο Γυμνάσιο Κέρκυρας", city="Κέρκυρα"),
    )
    imp = start(greek_nso, greece, data, django_capture_on_commit_callbacks)
    assert imp.status == SchoolImport.Status.READY
    assert imp.to_create == 4
    assert [s["code"] for s in imp.new_schools] == ["0551", "0552", "0553", "0554"]
    assert imp.new_schools[0] == {"row": 2, "code": "0551", "name": "2ο Γυμνάσιο Κέρκυρας", "city": "Kerkyra"}
    assert imp.likely_duplicate_count == 2
    by_code = {d["code"]: [c["id"] for c in d["candidates"]] for d in imp.likely_duplicates}
    assert by_code == {"0551": [teacher_proposal.pk], "0552": [hand_made.pk]}


def test_the_lists_of_the_preview_are_capped_but_counted(greece, monkeypatch):
    monkeypatch.setattr(registry_import, "MAX_NEW_KEPT", 3)
    monkeypatch.setattr(registry_import, "MAX_DUPLICATES_KEPT", 2)
    for n in range(5):
        SchoolFactory(country=greece, name=f"{n + 1}ο Δημοτικό Βόλου", city="Βόλος", national_code=None)
    rows = [row(f"V{n}", name=f"{n + 1}ο Δημοτικό Βόλου", city="Volos") for n in range(5)]
    plan = registry_import.analyse(csv_bytes(*rows), greece, look_for_duplicates=True)
    assert len(plan.to_create) == 5
    assert [s["code"] for s in plan.new_schools] == ["V0", "V1", "V2"]
    assert plan.likely_duplicate_count == 5 and len(plan.likely_duplicates) == 2
    # The check before writing does not look for them.
    assert registry_import.analyse(csv_bytes(*rows), greece).likely_duplicates == []


def test_a_code_repeated_in_the_file_is_not_listed_as_new(greece):
    SchoolFactory(country=greece, name="Γυμνάσιο Δοκιμής", city="Αθήνα", national_code=None)
    plan = registry_import.analyse(csv_bytes(row("0001"), row("0001"), row("0002")), greece, look_for_duplicates=True)
    assert [s["code"] for s in plan.new_schools] == ["0002"]
    assert [d["code"] for d in plan.likely_duplicates] == ["0002"] and plan.likely_duplicate_count == 1


def test_staff_link_a_registered_school_and_the_row_becomes_an_update(
    greece, greek_nso, django_capture_on_commit_callbacks
):
    proposer = UserFactory(country=greece)
    proposal = SchoolFactory(
        country=greece,
        name="2ο Γυμνάσιο Κέρκυρας",
        city="Κέρκυρα",
        status=SchoolStatus.PROPOSED,
        national_code=None,
        proposed_by=proposer,
    )
    data = csv_bytes(row("0551", name="2ο Γυμνάσιο Κέρκυρας", city="Κέρκυρα"), row("0552", name="Άλλο", city="Κέρκυρα"))
    imp = start(greek_nso, greece, data, django_capture_on_commit_callbacks)
    assert (imp.to_create, imp.to_update, imp.likely_duplicate_count) == (2, 0, 1)

    with django_capture_on_commit_callbacks(execute=True):
        services.school_link_to_import(by=greek_nso, school_import=imp, school=proposal, national_code="0551")
    imp.refresh_from_db()
    proposal.refresh_from_db()
    assert proposal.national_code == "0551"
    assert imp.status == SchoolImport.Status.READY  # checked again
    assert (imp.to_create, imp.to_update, imp.likely_duplicate_count) == (1, 1, 0)
    assert [s["code"] for s in imp.new_schools] == ["0552"]
    events = AuditEvent.objects.filter(action="school.linked_to_import")
    assert {(e.target_type, e.target_id) for e in events} >= {("schools.school", str(proposal.pk))}
    assert events.count() == 2
    assert all(e.data["national_code"] == "0551" and e.data["import_id"] == imp.pk for e in events)

    confirm(greek_nso, imp, django_capture_on_commit_callbacks)
    assert School.objects.filter(country=greece, name="2ο Γυμνάσιο Κέρκυρας").count() == 1
    proposal.refresh_from_db()
    assert proposal.status == SchoolStatus.VALIDATED


@pytest.mark.parametrize("case", ["not_offered", "code_taken", "not_ready", "other_country_staff", "merged"])
def test_linking_refusals_change_nothing(greece, italy, greek_nso, django_capture_on_commit_callbacks, case):
    proposal = SchoolFactory(
        country=greece, name="2ο Γυμνάσιο Κέρκυρας", city="Κέρκυρα", status=SchoolStatus.PROPOSED, national_code=None
    )
    other = SchoolFactory(country=greece, name="Άσχετο", city="Κέρκυρα", national_code=None)
    imp = start(
        greek_nso,
        greece,
        csv_bytes(row("0551", name="2ο Γυμνάσιο Κέρκυρας", city="Κέρκυρα")),
        django_capture_on_commit_callbacks,
    )
    by, school, code, error = greek_nso, proposal, "0551", services.SchoolError
    if case == "not_offered":
        school = other
    elif case == "code_taken":
        SchoolFactory(country=greece, national_code="0551")
    elif case == "not_ready":
        SchoolImport.objects.filter(pk=imp.pk).update(status=SchoolImport.Status.DONE)
    elif case == "other_country_staff":
        by, error = nso_staff(italy), NotAllowed
    elif case == "merged":
        School.objects.filter(pk=proposal.pk).update(status=SchoolStatus.MERGED)
    with pytest.raises(error):
        services.school_link_to_import(by=by, school_import=imp, school=school, national_code=code)
    assert School.objects.get(pk=proposal.pk).national_code is None
    assert School.objects.get(pk=other.pk).national_code is None
    assert not AuditEvent.objects.filter(action="school.linked_to_import").exists()
