"""Staff pages for reference data: who may open and change what, bad input, audit events, query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import UserFactory, css_staff, log_in, nso_staff, teacher, with_totp
from twinning.core.errors import NotAllowed
from twinning.core.models import AuditEvent
from twinning.reference import services as services_reference
from twinning.reference.models import AgeBand, Country, Language, ProgrammeType, Subject, SupportOrganisation

pytestmark = pytest.mark.django_db

INDEX = "/en/staff/reference/"
COUNTRIES = "/en/staff/reference/countries/"
GREECE = "/en/staff/reference/countries/GR/"
KINDS = ["subjects", "age-bands", "languages", "levels"]


def _operational_post(country, **overrides):
    data = {
        "school_email_domains": country.school_email_domains,
        "typical_validation_days": country.typical_validation_days,
        "age_of_digital_consent": country.age_of_digital_consent,
    }
    data.update(overrides)
    return data


def _setup_post(country, **overrides):
    data = {
        "name_en": country.name_en,
        "name_el": country.name_el,
        "programme_type": country.programme_type,
        "valid_from": country.valid_from.isoformat(),
        "valid_to": country.valid_to.isoformat() if country.valid_to else "",
        "languages": [lang.pk for lang in country.languages.all()],
        "ambassador_term_months": country.ambassador_term_months,
        **_operational_post(country),
    }
    data.update(overrides)
    return data


def _events(action):
    return AuditEvent.objects.filter(action=action)


# --- who may open what ------------------------------------------------------------------------------------


def test_urls_reverse_with_the_language_prefix():
    with translation.override("en"):
        assert reverse("reference:country_edit", kwargs={"code": "GR"}) == GREECE
        assert reverse("reference:taxonomy_list", kwargs={"kind": "subjects"}) == "/en/staff/reference/subjects/"


@pytest.mark.parametrize(
    "url", [INDEX, COUNTRIES, GREECE, "/en/staff/reference/subjects/", "/en/staff/reference/subjects/new/"]
)
def test_anonymous_visitors_are_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "url", [INDEX, COUNTRIES, GREECE, "/en/staff/reference/subjects/", "/en/staff/reference/levels/new/"]
)
def test_teachers_get_403(client, greece, url):
    log_in(client, teacher(country=greece, status=ValidationStatus.VALIDATED))
    assert client.get(url).status_code == 403


def test_nso_of_italy_cannot_see_or_change_greece(client, greece, italy):
    log_in(client, nso_staff(italy))
    assert client.get(GREECE).status_code == 404
    response = client.post(GREECE, _operational_post(greece, school_email_domains="evil.example"))
    assert response.status_code == 404
    greece.refresh_from_db()
    assert greece.school_email_domains == "sch.gr"
    assert not _events("country.updated").exists()


def test_nso_country_list_shows_only_their_country(client, greece, italy):
    log_in(client, nso_staff(greece))
    response = client.get(COUNTRIES)
    assert response.status_code == 200
    content = response.content.decode()
    assert "/en/staff/reference/countries/GR/" in content
    assert "/en/staff/reference/countries/IT/" not in content
    assert "/en/staff/reference/countries/new/" not in content


@pytest.mark.parametrize("kind", KINDS)
def test_nso_staff_cannot_edit_taxonomies(client, greece, kind):
    log_in(client, nso_staff(greece))
    assert client.get(f"/en/staff/reference/{kind}/").status_code == 403
    assert client.get(f"/en/staff/reference/{kind}/new/").status_code == 403
    subject = Subject.objects.first()
    response = client.post(
        f"/en/staff/reference/subjects/{subject.pk}/", {"name_en": "Hacked", "name_el": "Χακ", "position": 1}
    )
    assert response.status_code == 403
    subject.refresh_from_db()
    assert subject.name_en != "Hacked"


def test_nso_staff_cannot_add_countries(client, greece):
    log_in(client, nso_staff(greece))
    assert client.get("/en/staff/reference/countries/new/").status_code == 403


def test_index_lists_taxonomies_only_for_css(client, greece):
    log_in(client, nso_staff(greece))
    content = client.get(INDEX).content.decode()
    assert "/en/staff/reference/subjects/" not in content
    assert GREECE in content
    log_in(client, css_staff())
    content = client.get(INDEX).content.decode()
    assert "/en/staff/reference/subjects/" in content


# --- NSO staff: their own country's operational settings ---------------------------------------------------


def test_nso_of_greece_edits_school_email_domains(client, greece):
    staff = nso_staff(greece)
    log_in(client, staff)
    page = client.get(GREECE)
    assert page.status_code == 200
    assert 'name="school_email_domains"' in page.content.decode()
    assert 'name="programme_type"' not in page.content.decode()

    response = client.post(GREECE, _operational_post(greece, school_email_domains="sch.gr  @Minedu.gov.gr,sch.gr"))

    assert response.status_code == 302
    greece.refresh_from_db()
    assert greece.school_email_domains == "sch.gr, minedu.gov.gr"
    event = _events("country.updated").get()
    assert event.actor == staff
    assert event.country_code == "GR"
    assert event.target_id == str(greece.pk)
    assert event.data["changed"] == {"school_email_domains": {"from": "sch.gr", "to": "sch.gr, minedu.gov.gr"}}
    page = client.get(GREECE).content.decode()  # the trail is shown on the page, in words
    assert "country settings changed" in page and "country.updated" not in page


def test_nso_cannot_change_set_up_fields_by_forging_the_form(client, greece):
    log_in(client, nso_staff(greece))
    forged = _operational_post(
        greece,
        typical_validation_days=5,
        programme_type=ProgrammeType.NEIGHBOURHOOD,
        valid_to="2020-01-01",
        name_en="Hellas",
    )
    assert client.post(GREECE, forged).status_code == 302
    greece.refresh_from_db()
    assert greece.typical_validation_days == 5
    assert (greece.programme_type, greece.valid_to, greece.name_en) == (ProgrammeType.EU, None, "Greece")
    assert set(_events("country.updated").get().data["changed"]) == {"typical_validation_days"}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("age_of_digital_consent", "99"),
        ("age_of_digital_consent", "12"),
        ("age_of_digital_consent", "17"),  # GDPR caps it at 16 in the EU
        ("age_of_digital_consent", "sixteen"),
        ("typical_validation_days", "0"),
        ("typical_validation_days", "1000"),
        ("school_email_domains", "not a domain!"),
        ("school_email_domains", "sch..gr"),
    ],
)
def test_bad_operational_input_changes_nothing(client, greece, field, value):
    log_in(client, nso_staff(greece))
    before = Country.objects.filter(pk=greece.pk).values().get()
    response = client.post(GREECE, _operational_post(greece, **{field: value}))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert Country.objects.filter(pk=greece.pk).values().get() == before
    assert not _events("country.updated").exists()


def test_saving_without_a_change_writes_no_audit_event(client, greece):
    log_in(client, nso_staff(greece))
    assert client.post(GREECE, _operational_post(greece)).status_code == 302
    assert not _events("country.updated").exists()


# --- CSS staff: country set-up -----------------------------------------------------------------------------


def test_css_sets_up_a_country(client, greece):
    staff = css_staff()
    log_in(client, staff)
    english = Language.objects.get(code="en")
    greek = Language.objects.get(code="el")
    response = client.post(GREECE, _setup_post(greece, languages=[greek.pk, english.pk], age_of_digital_consent=16))
    assert response.status_code == 302
    greece.refresh_from_db()
    assert set(greece.languages.values_list("code", flat=True)) == {"el", "en"}
    assert greece.age_of_digital_consent == 16
    changed = _events("country.updated").get().data["changed"]
    assert changed["languages"] == {"from": ["el"], "to": ["el", "en"]}
    assert changed["age_of_digital_consent"] == {"from": 15, "to": 16}


def test_valid_to_before_valid_from_is_refused(client, greece):
    log_in(client, css_staff())
    response = client.post(GREECE, _setup_post(greece, valid_to="2004-12-31"))
    assert response.status_code == 200
    assert response.context["form"].errors["valid_to"]
    greece.refresh_from_db()
    assert greece.valid_to is None
    assert not _events("country.updated").exists()


def test_css_ends_a_countrys_participation(client, italy):
    log_in(client, css_staff())
    response = client.post("/en/staff/reference/countries/IT/", _setup_post(italy, valid_to="2030-06-30"))
    assert response.status_code == 302
    italy.refresh_from_db()
    assert italy.valid_to == datetime.date(2030, 6, 30)


def test_changing_programme_type_changes_the_support_organisation_kind(client):
    log_in(client, css_staff())
    ukraine = Country.objects.get(code="UA")
    response = client.post(
        "/en/staff/reference/countries/UA/", _setup_post(ukraine, programme_type=ProgrammeType.ASSOCIATED)
    )
    assert response.status_code == 302
    assert SupportOrganisation.objects.get(country=ukraine).kind == "nso"


def test_css_adds_a_country_with_its_support_organisation(client):
    log_in(client, css_staff())
    english = Language.objects.get(code="en")
    response = client.post(
        "/en/staff/reference/countries/new/",
        {
            "code": "gb",
            "name_en": "United Kingdom",
            "name_el": "Ηνωμένο Βασίλειο",
            "programme_type": ProgrammeType.ASSOCIATED,
            "valid_from": "2005-01-01",
            "valid_to": "2020-12-31",
            "languages": [english.pk],
            "age_of_digital_consent": "13",
            "school_email_domains": "",
            "typical_validation_days": "7",
            "ambassador_term_months": "24",
        },
    )
    assert response.status_code == 302
    uk = Country.objects.get(code="GB")
    assert uk.valid_to == datetime.date(2020, 12, 31)
    assert not uk.is_participating()
    assert uk.support_organisation.kind == "nso"
    event = _events("country.created").get()
    assert event.country_code == "GB"
    assert event.data["fields"]["languages"] == ["en"]


def test_adding_an_existing_country_is_refused(client, greece):
    log_in(client, css_staff())
    response = client.post(
        "/en/staff/reference/countries/new/",
        {
            "code": "GR",
            "name_en": "Greece",
            "name_el": "Ελλάδα",
            "programme_type": "eu",
            "valid_from": "2005-01-01",
            "age_of_digital_consent": "15",
            "typical_validation_days": "7",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert Country.objects.filter(code="GR").count() == 1
    assert not _events("country.created").exists()


def test_country_list_keeps_a_fixed_number_of_queries(client):
    log_in(client, css_staff())
    client.get(COUNTRIES)  # warm the per-request caches (sessions, roles)
    with CaptureQueriesContext(connection) as before:
        assert client.get(COUNTRIES).status_code == 200
    for code in ("GB", "CH", "EG"):
        country = Country.objects.create(
            code=code, name_en=code, name_el=code, programme_type="associated", valid_from=datetime.date(2025, 1, 1)
        )
        country.languages.set(Language.objects.filter(code__in=["en", "fr"]))
        SupportOrganisation.objects.create(kind="nso", country=country, name_en=f"NSO {code}")
    with CaptureQueriesContext(connection) as after:
        response = client.get(COUNTRIES)
    assert response.content.decode().count("/en/staff/reference/countries/") >= 49
    assert len(after) == len(before)


# --- CSS staff: taxonomies ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_css_lists_each_taxonomy_with_a_fixed_number_of_queries(client, kind, django_assert_max_num_queries):
    log_in(client, css_staff())
    client.get(f"/en/staff/reference/{kind}/")
    with django_assert_max_num_queries(12):
        response = client.get(f"/en/staff/reference/{kind}/")
    assert response.status_code == 200


def test_unknown_taxonomy_is_404(client):
    log_in(client, css_staff())
    assert client.get("/en/staff/reference/planets/").status_code == 404


def test_css_adds_a_subject(client):
    staff = css_staff()
    log_in(client, staff)
    response = client.post(
        "/en/staff/reference/subjects/new/",
        {"code": "astronomy", "name_en": "Astronomy", "name_el": "Αστρονομία", "position": "500", "is_active": "on"},
    )
    assert response.status_code == 302
    subject = Subject.objects.get(code="astronomy")
    assert subject.name_el == "Αστρονομία"
    event = _events("subject.created").get()
    assert event.actor == staff
    assert event.data["fields"]["name_el"] == "Αστρονομία"


def test_duplicate_or_malformed_codes_are_refused(client):
    log_in(client, css_staff())
    count = Subject.objects.count()
    for code in ("mathematics", "Not a slug"):
        response = client.post(
            "/en/staff/reference/subjects/new/",
            {"code": code, "name_en": "Maths", "name_el": "Μαθηματικά", "position": "1"},
        )
        assert response.status_code == 200
        assert response.context["form"].errors["code"]
    assert Subject.objects.count() == count
    assert not _events("subject.created").exists()


def test_css_edits_a_language_but_not_its_code(client):
    log_in(client, css_staff())
    language = Language.objects.get(code="mk")
    response = client.post(
        f"/en/staff/reference/languages/{language.pk}/",
        {
            "code": "xx",
            "name_en": "Macedonian",
            "name_el": "Γλώσσα της Βόρειας Μακεδονίας",
            "native_name": language.native_name,
            "position": language.position,
        },
    )
    assert response.status_code == 302
    language.refresh_from_db()
    assert language.code == "mk"
    assert language.name_el == "Γλώσσα της Βόρειας Μακεδονίας"
    assert language.is_eu_official is False
    changed = _events("language.updated").get().data["changed"]
    assert set(changed) == {"name_el"}


def test_age_band_with_upper_below_lower_age_is_refused(client):
    log_in(client, css_staff())
    band = AgeBand.objects.get(code="7-11")
    response = client.post(
        f"/en/staff/reference/age-bands/{band.pk}/",
        {"name_en": band.name_en, "name_el": band.name_el, "min_age": "12", "max_age": "7", "position": band.position},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["max_age"]
    band.refresh_from_db()
    assert (band.min_age, band.max_age) == (7, 11)
    assert not _events("ageband.updated").exists()


def test_names_cannot_be_blank(client):
    log_in(client, css_staff())
    level = Language.objects.get(code="el")
    response = client.post(
        f"/en/staff/reference/languages/{level.pk}/",
        {"name_en": "Greek", "name_el": "   ", "position": "1"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name_el"]
    assert Language.objects.get(code="el").name_el == "Ελληνικά"


# --- services refuse what the pages hide -------------------------------------------------------------------


def test_services_refuse_out_of_scope_changes(greece, italy):
    with pytest.raises(NotAllowed):
        services_reference.country_update(
            actor=nso_staff(italy), country=greece, values={"school_email_domains": "evil.example"}
        )
    with pytest.raises(NotAllowed):
        services_reference.country_update(
            actor=nso_staff(greece), country=greece, values={"programme_type": ProgrammeType.NEIGHBOURHOOD}
        )
    with pytest.raises(NotAllowed):
        services_reference.taxonomy_create(
            actor=nso_staff(greece), model=Subject, values={"code": "x", "name_en": "X", "name_el": "Χ"}
        )
    greece.refresh_from_db()
    assert greece.school_email_domains == "sch.gr"
    assert not Subject.objects.filter(code="x").exists()


# --- Django admin (administrators only) --------------------------------------------------------------------


def test_admin_lists_every_model_and_keeps_the_audit_trail_read_only(client, greece):
    from django.contrib import admin

    person = teacher(country=greece)
    school = person.school_memberships.get().school
    admin_user = with_totp(UserFactory(is_staff=True, is_superuser=True))
    log_in(client, admin_user)
    apps = {"core", "reference", "staff", "schools", "accounts"}
    registered = [m for m in admin.site._registry if m._meta.app_label in apps]
    assert {m._meta.model_name for m in registered} >= {
        "subject",
        "ageband",
        "language",
        "educationlevel",
        "auditevent",
        "country",
        "region",
        "educationdirectorate",
        "supportorganisation",
        "school",
        "schoolmembership",
        "schoolimport",
        "user",
        "staffrole",
        "retentionpolicy",
    }
    for model in registered:
        url = f"/en/admin/{model._meta.app_label}/{model._meta.model_name}/"
        assert client.get(url).status_code == 200, url
    assert client.get("/en/admin/core/auditevent/add/").status_code == 403
    assert client.get("/en/admin/accounts/user/add/").status_code == 200
    assert client.get(f"/en/admin/reference/country/{greece.pk}/change/").status_code == 200
    # Admin search folds accents and case like the site's own search; national codes match exactly.
    assert person.email in client.get("/en/admin/accounts/user/", {"q": "ΜΑΡΙΑ"}).content.decode()
    found = client.get("/en/admin/schools/school/", {"q": school.national_code}).content.decode()
    assert f"/en/admin/schools/school/{school.pk}/change/" in found
