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
