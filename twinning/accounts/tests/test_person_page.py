"""An eTwinner's page: shown as the profile's visibility allows, 404 otherwise; sections from other apps."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from twinning.accounts.models import ValidationStatus, Visibility
from twinning.accounts.tests.factories import UserFactory, log_in, nso_staff, teacher

pytestmark = pytest.mark.django_db


def _person(country, visibility, status=ValidationStatus.VALIDATED):
    person = teacher(country=country, status=status, first_name="Ελένη", last_name="Ζαχαρίου", bio="Φυσικός")
    person.visibility = visibility
    person.save(update_fields=["visibility"])
    return person


def _status(client, person) -> int:
    return client.get(reverse("accounts:person", args=[person.pk])).status_code


@pytest.mark.parametrize(
    ("visibility", "anonymous", "member", "etwinner"),
    [
        (Visibility.PUBLIC, 200, 200, 200),
        (Visibility.MEMBERS, 404, 200, 200),
        (Visibility.ETWINNERS, 404, 404, 200),
        (Visibility.HIDDEN, 404, 404, 404),
    ],
)
def test_the_page_follows_the_profiles_visibility(client, greece, visibility, anonymous, member, etwinner):
    person = _person(greece, visibility)
    assert _status(client, person) == anonymous
    log_in(client, UserFactory())
    assert _status(client, person) == member
    log_in(client, teacher(country=greece, status=ValidationStatus.VALIDATED))
    assert _status(client, person) == etwinner


def test_a_person_not_yet_validated_has_no_page_but_for_themselves_and_their_nso(client, greece, italy):
    person = _person(greece, Visibility.PUBLIC, status=ValidationStatus.PENDING)
    assert _status(client, person) == 404
    log_in(client, teacher(country=greece, status=ValidationStatus.VALIDATED))
    assert _status(client, person) == 404
    log_in(client, nso_staff(italy))
    assert _status(client, person) == 404
    log_in(client, nso_staff(greece))
    assert _status(client, person) == 200
    log_in(client, person)
    assert _status(client, person) == 200


def test_the_page_shows_the_profile(client, greece):
    person = _person(greece, Visibility.PUBLIC)
    html = client.get(reverse("accounts:person", args=[person.pk])).content.decode()
    assert "Ελένη Ζαχαρίου" in html and "Φυσικός" in html


def test_the_page_keeps_a_fixed_number_of_queries(client, greece):
    person = _person(greece, Visibility.PUBLIC)
    url = reverse("accounts:person", args=[person.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    from twinning.reference.models import Language, Subject

    person.languages.set(Language.objects.all()[:5])
    person.subjects.set(Subject.objects.all()[:8])
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(few) == len(many)
