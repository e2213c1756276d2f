import pytest
from django.utils import translation

from twinning.reference import selectors
from twinning.reference.models import Country, Region

pytestmark = pytest.mark.django_db


def test_country_choices_follow_the_language_and_the_scope():
    greece = Country.objects.get(code="GR")
    with translation.override("el"):
        assert (greece.pk, "Ελλάδα") in selectors.country_choices()
    with translation.override("en"):
        assert selectors.country_choices([greece.pk]) == [(greece.pk, "Greece")]


def test_region_labels_name_the_country_only_when_several_countries_are_listed():
    greece = Country.objects.get(code="GR")
    attica = Region.objects.get(country=greece, code="GR-I")
    with translation.override("en"):
        assert (attica.pk, attica.name_en) in selectors.region_choices([greece.pk])
        assert (attica.pk, f"Greece – {attica.name_en}") in selectors.region_choices()


def test_region_options_give_each_regions_country_for_lists_that_follow_the_country():
    greece, italy = Country.objects.get(code="GR"), Country.objects.get(code="IT")
    attica = Region.objects.get(country=greece, code="GR-I")
    lazio = Region.objects.filter(country=italy).first()
    assert lazio is not None
    choices, countries = selectors.region_options()
    assert {pk for pk, _label in choices} == set(countries)
    assert countries[attica.pk] == greece.pk
    assert countries[lazio.pk] == italy.pk


def test_cached_choices_are_refreshed_when_reference_data_changes(django_capture_on_commit_callbacks):
    from twinning.accounts.tests.factories import css_staff
    from twinning.reference import services as services_reference

    greece = Country.objects.get(code="GR")
    with translation.override("en"):
        assert (greece.pk, "Greece") in selectors.country_choices()
        Country.objects.filter(pk=greece.pk).update(name_en="Hellas")
        # Cached: a change made behind the services' back is not seen...
        assert (greece.pk, "Greece") in selectors.country_choices()
        # ...a change through the reference-data service is.
        greece.refresh_from_db()
        with django_capture_on_commit_callbacks(execute=True):
            services_reference.country_update(actor=css_staff(), country=greece, values={"typical_validation_days": 5})
        assert (greece.pk, "Hellas") in selectors.country_choices()


def test_countries_are_listed_in_the_greek_alphabet_on_greek_pages():
    from twinning.core.text import normalize_search

    with translation.override("el"):
        names = [name for _pk, name in selectors.country_choices()]
    assert names == sorted(names, key=normalize_search)
    # "Αυστρία" (Α) comes before "Ελλάδα" (Ε), although the accented capital "Ά"-words sort by their letter too.
    assert names.index("Αυστρία") < names.index("Ελλάδα") < names.index("Ουκρανία")
    assert names.index("Ισπανία") < names.index("Ιταλία")
