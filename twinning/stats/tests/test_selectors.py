import datetime

import pytest

from twinning.schools.models import SchoolStatus
from twinning.schools.tests.factories import SchoolFactory
from twinning.stats import selectors

pytestmark = pytest.mark.django_db


def test_latest_validated_schools_are_the_newest_validated_ones(greece):
    old = SchoolFactory(country=greece, registered_on=datetime.date(2020, 1, 1))
    new = SchoolFactory(country=greece, registered_on=datetime.date(2026, 5, 1))
    newer_same_day = SchoolFactory(country=greece, registered_on=datetime.date(2026, 5, 1))
    SchoolFactory(country=greece, status=SchoolStatus.PROPOSED, registered_on=datetime.date(2026, 6, 1))
    SchoolFactory(country=greece, status=SchoolStatus.REJECTED, registered_on=datetime.date(2026, 6, 1))
    assert selectors.latest_validated_schools(limit=3) == [newer_same_day, new, old]
    assert selectors.latest_validated_schools(limit=1) == [newer_same_day]


def test_latest_validated_schools_read_country_and_region_at_once(greece, attica, django_assert_num_queries):
    SchoolFactory(country=greece, region=attica)
    selectors.latest_validated_schools()
    with django_assert_num_queries(1):  # the ids come from the cache, the schools with one join
        (school,) = selectors.latest_validated_schools()
        assert (school.country.code, school.region.code) == ("GR", "GR-I")


def test_a_school_merged_since_it_was_cached_is_not_shown(greece):
    school = SchoolFactory(country=greece)
    assert selectors.latest_validated_schools() == [school]
    school.status = SchoolStatus.MERGED
    school.save(update_fields=["status"])
    assert selectors.latest_validated_schools() == []


def test_contact_organisation_falls_back_to_greece(greece, italy):
    organisations = selectors.national_support_organisations()
    assert selectors.contact_organisation(organisations).country.code == "GR"
    assert selectors.contact_organisation(organisations, code="it").country.code == "IT"
    assert selectors.contact_organisation(organisations, country_id=italy.pk).country.code == "IT"
    assert selectors.contact_organisation([]) is None
