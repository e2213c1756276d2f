import pytest
from django.urls import reverse
from django.utils import translation
from freezegun import freeze_time

from twinning.accounts.models import CommunityRole, User, ValidationStatus
from twinning.accounts.tests.factories import UserFactory, css_staff, log_in, nso_staff, teacher
from twinning.core.models import AuditEvent
from twinning.reference.models import Region
from twinning.schools.models import SchoolMembership
from twinning.schools.tests.factories import SchoolFactory
from twinning.staff.models import StaffRole

pytestmark = pytest.mark.django_db

STAFF_PAGES = ["/en/staff/validation/", "/en/staff/people/"]


@pytest.mark.parametrize("url", STAFF_PAGES + ["/en/me/", "/en/me/profile/", "/en/me/join/role/"])
def test_anonymous_visitors_are_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_teachers_cannot_open_staff_pages(client, url):
    log_in(client, teacher(status=ValidationStatus.VALIDATED))
    assert client.get(url).status_code == 403


def test_staff_without_a_second_factor_are_sent_to_set_it_up(client, greece):
    staff = UserFactory(is_staff=True)
    StaffRole.objects.create(user=staff, kind=StaffRole.Kind.NSO, country=greece)
    log_in(client, staff)
    response = client.get("/en/staff/validation/")
    assert response.status_code == 302
    assert "/accounts/2fa/totp/activate/" in response["Location"]


def test_queue_region_filter_lists_the_served_countrys_regions(client, greece, italy):
    # The region list follows the chosen country (data-parent); it once rendered with no option at all.
    log_in(client, nso_staff(greece))
    html = client.get("/en/staff/validation/").content.decode()
    greek_regions = Region.objects.filter(country=greece)
    assert greek_regions.exists()
    for region in greek_regions:
        assert f'<option value="{region.pk}" data-parent="{greece.pk}">' in html
    assert html.count("data-parent=") == greek_regions.count()  # no region of a country not served


def test_queue_shows_only_the_staff_members_country(client, greece, italy):
    greek = teacher(country=greece, first_name="Ελένη", last_name="Γεωργίου")
    italian = teacher(country=italy, first_name="Giulia", last_name="Rossi")
    log_in(client, nso_staff(greece))
    response = client.get("/en/staff/validation/")
    assert response.status_code == 200
    content = response.content.decode()
    assert greek.email in content
    assert italian.email not in content


def test_nso_of_another_country_gets_404_on_a_person(client, greece, italy):
    greek = teacher(country=greece)
    log_in(client, nso_staff(italy))
    assert client.get(f"/en/staff/people/{greek.pk}/").status_code == 404
    response = client.post(f"/en/staff/people/{greek.pk}/", {"action": "validate"})
    assert response.status_code == 404
    greek.refresh_from_db()
    assert greek.validation_status == ValidationStatus.PENDING


def test_forged_bulk_post_with_a_foreign_person_changes_nothing(client, greece, italy):
    ours, foreign = teacher(country=greece), teacher(country=italy)
    log_in(client, nso_staff(greece))
    response = client.post("/en/staff/validation/", {"action": "validate", "people": [ours.pk, foreign.pk]})
    assert response.status_code == 404
    assert User.objects.filter(pk__in=[ours.pk, foreign.pk], validation_status=ValidationStatus.PENDING).count() == 2
    assert not AuditEvent.objects.filter(action="person.validated").exists()


def test_bulk_validation_from_the_queue(client, greece, django_capture_on_commit_callbacks):
    people = [teacher(country=greece) for _ in range(3)]
    staff = nso_staff(greece)
    log_in(client, staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/staff/validation/", {"action": "validate", "people": [p.pk for p in people[:2]]})
    assert response.status_code == 302
    statuses = dict(User.objects.filter(pk__in=[p.pk for p in people]).values_list("pk", "validation_status"))
    assert statuses == {people[0].pk: "validated", people[1].pk: "validated", people[2].pk: "pending"}


def test_rejecting_without_a_reason_is_refused(client, greece):
    person = teacher(country=greece)
    log_in(client, nso_staff(greece))
    response = client.post(
        "/en/staff/validation/", {"action": "reject", "people": [person.pk], "reason": ""}, follow=True
    )
    assert "Give a reason" in response.content.decode()
    person.refresh_from_db()
    assert person.validation_status == ValidationStatus.PENDING


def test_queue_row_shows_what_to_check(client, greece):
    greece.school_email_domains = "sch.gr"
    greece.save()
    teacher(country=greece, email="maria@sch.gr", first_name="Μαρία", last_name="Κωστα")
    teacher(country=greece, email="maria.k@gmail.com", first_name="Μαρία", last_name="Κώστα")
    log_in(client, nso_staff(greece))
    content = client.get("/en/staff/validation/").content.decode()
    assert "school e-mail (sch.gr)" in content
    assert "e-mail domain gmail.com" in content
    assert "1 other account with the same name" in content


def _queue_queries(client, django_assert_max_num_queries, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/en/staff/validation/", "/en/staff/people/", "/en/staff/people/?q=μαρια"])
@freeze_time("2026-11-26 10:00:00")  # no time-driven write (last seen, staff activity) lands in one request only
def test_staff_lists_keep_a_fixed_number_of_queries(client, greece, url, django_assert_max_num_queries):
    log_in(client, nso_staff(greece))
    client.get(url)  # first request of the hour also records last_seen_at
    for _ in range(3):
        teacher(country=greece)
    few = _queue_queries(client, django_assert_max_num_queries, url)
    for _ in range(20):
        teacher(country=greece)
    many = _queue_queries(client, django_assert_max_num_queries, url)
    assert few == many


def test_etwinner_features_are_only_for_validated_members(rf, greece):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    from twinning.accounts.decorators import etwinner_required
    from twinning.core.errorviews import NotValidated

    view = etwinner_required(lambda request: HttpResponse("partner finding"))
    request = rf.get("/en/partners/")
    request.user = teacher(country=greece, status=ValidationStatus.PENDING)
    with pytest.raises(NotValidated):
        view(request)
    request.user = AnonymousUser()
    assert view(request).status_code == 302  # to login
    request.user = teacher(country=greece, status=ValidationStatus.VALIDATED)
    assert view(request).content == b"partner finding"


def test_the_not_validated_page_explains_how_to_become_an_etwinner(rf):
    from twinning.core.errorviews import NotValidated, forbidden

    request = rf.get("/en/")
    request.user = UserFactory()
    page = forbidden(request, NotValidated()).content.decode()
    assert "validated eTwinners" in page


def test_join_flow_through_the_pages(client, greece):
    school = SchoolFactory(country=greece, name="3ο Γυμνάσιο Πατρών", city="Πάτρα")
    user = UserFactory()
    log_in(client, user)
    response = client.post("/en/me/join/role/", {"community_role": CommunityRole.COMPANY_STAFF})
    assert response.status_code == 200
    assert "cannot become eTwinners" in response.content.decode()
    assert client.post("/en/me/join/role/", {"community_role": CommunityRole.TEACHER}).status_code == 302
    found = client.get("/en/me/join/schools/", {"q": "γυμνασιο πατρων"}).content.decode()
    assert "3ο Γυμνάσιο Πατρών" in found
    client.post("/en/me/join/schools/attach/", {"school": school.pk})
    assert SchoolMembership.objects.filter(user=user, school=school).exists()
    client.post("/en/me/join/request/")
    user.refresh_from_db()
    assert user.validation_status == ValidationStatus.PENDING
    dashboard = client.get("/en/me/").content.decode()
    assert "waiting for validation" in dashboard
    assert "status-pending" in dashboard


def test_profile_rejects_a_photo_that_is_not_an_image(client, greece):
    from django.core.files.uploadedfile import SimpleUploadedFile

    user = teacher(country=greece)
    log_in(client, user)
    fake = SimpleUploadedFile("me.png", b"not an image", content_type="image/png")
    response = client.post(
        "/en/me/profile/",
        {
            "first_name": "Νίκος",
            "last_name": "Ιωάννου",
            "photo": fake,
            "visibility": "members",
            "preferred_language": "el",
        },
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.first_name != "Νίκος"
    assert not user.photo


def test_profile_update_saves_languages_and_subjects(client, greece):
    from twinning.reference.models import Language, Subject

    english = Language.objects.get_or_create(code="en", defaults={"name_en": "English", "name_el": "Αγγλικά"})[0]
    maths = Subject.objects.get_or_create(code="maths", defaults={"name_en": "Mathematics", "name_el": "Μαθηματικά"})[0]
    user = teacher(country=greece)
    log_in(client, user)
    response = client.post(
        "/en/me/profile/",
        {
            "first_name": "Νίκος",
            "last_name": "Ιωάννου",
            "languages": [english.pk],
            "subjects": [maths.pk],
            "visibility": "public",
            "preferred_language": "el",
            "bio": "Φυσικός",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.search_name == "νικοσ ιωαννου"
    assert list(user.languages.all()) == [english]
    assert list(user.subjects.all()) == [maths]


def test_pages_exist_in_both_languages(client):
    for lang in ("el", "en"):
        response = client.get(f"/{lang}/")
        assert response.status_code == 200
        assert f'lang="{lang}"' in response.content.decode()
    with translation.override("el"):
        assert reverse("stats:home") == "/el/"


def test_css_staff_see_all_countries_in_the_queue(client, greece, italy):
    teacher(country=greece)
    teacher(country=italy)
    log_in(client, css_staff())
    response = client.get("/en/staff/validation/")
    assert len(response.context["rows"]) == 2


def test_staff_roles_page_is_for_administrators_and_nso(client, greece):
    log_in(client, teacher(country=greece, status=ValidationStatus.VALIDATED))
    assert client.get("/en/staff/roles/").status_code == 403
    admin = UserFactory(is_superuser=True, is_staff=True)
    from twinning.accounts.tests.factories import with_totp

    log_in(client, with_totp(admin))
    target = UserFactory(email="new.officer@example.org")
    response = client.post("/en/staff/roles/", {"email": target.email, "kind": "nso", "country": greece.pk})
    assert response.status_code == 302
    assert StaffRole.objects.filter(user=target, kind="nso", country=greece).exists()


def test_django_admin_is_for_administrators_only(client, greece):
    log_in(client, nso_staff(greece))
    response = client.get("/en/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    from twinning.accounts.tests.factories import with_totp

    log_in(client, with_totp(UserFactory(is_superuser=True, is_staff=True)))
    assert client.get("/en/admin/").status_code == 200


def test_queue_hints_are_in_the_page_language(client, greece):
    greece.school_email_domains = "sch.gr"
    greece.save()
    teacher(country=greece, email="eleni@sch.gr")
    log_in(client, nso_staff(greece))
    greek = client.get("/el/staff/validation/").content.decode()
    assert "σχολικό e-mail (sch.gr)" in greek
    assert "school e-mail" not in greek
