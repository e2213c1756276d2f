import pytest

from twinning.accounts.models import ValidationStatus
from twinning.accounts.tests.factories import teacher
from twinning.reference.models import Country
from twinning.schools.models import SchoolStatus
from twinning.schools.tests.factories import CountryFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def _figures(client):
    response = client.get("/en/")
    assert response.status_code == 200
    return {figure.key: value for figure, value in response.context["figures"]}


def test_home_figures_are_computed_from_data(client):
    greece = CountryFactory(code="GR")
    teacher(country=greece, status=ValidationStatus.VALIDATED)
    teacher(country=greece, status=ValidationStatus.VALIDATED)
    teacher(country=greece, status=ValidationStatus.PENDING)
    SchoolFactory(country=greece, status=SchoolStatus.PROPOSED)
    figures = _figures(client)
    assert figures["teachers"] == 2
    # Each teacher() brings a validated school; the proposed one does not count.
    assert figures["schools"] == 3
    assert figures["countries"] == Country.objects.count()


def test_countries_that_left_are_not_counted(client):
    import datetime

    CountryFactory(code="GR")
    gone = CountryFactory(code="XX")
    gone.valid_to = datetime.date(2010, 1, 1)
    gone.save()
    assert _figures(client)["countries"] == Country.objects.count() - 1


def test_home_tells_what_etwinning_is_and_shows_the_latest_validated_schools(client):
    import datetime

    greece = CountryFactory(code="GR")
    school = SchoolFactory(country=greece, name="2ο Γυμνάσιο Χανίων", registered_on=datetime.date(2026, 3, 2))
    SchoolFactory(country=greece, name="Προτεινόμενο Σχολείο", status=SchoolStatus.PROPOSED)
    response = client.get("/en/")
    assert "What is eTwinning?" in response.text
    assert "Erasmus+" in response.text
    assert response.context["latest_schools"] == [school]
    assert f'href="/en/schools/{school.pk}/">2ο Γυμνάσιο Χανίων</a>' in response.text
    assert "In the registry since 02/03/2026" in response.text
    assert "Προτεινόμενο Σχολείο" not in response.text


def test_home_without_schools_says_what_to_do(client):
    response = client.get("/en/")
    assert response.context["latest_schools"] == []
    assert "No school has been validated yet" in response.text
