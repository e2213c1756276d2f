"""The synthetic population writes schools without ``save()``: it fills the derived search columns itself."""

import io

import pytest
from django.core.management import call_command

from twinning.schools.matching import search_columns
from twinning.schools.population import generated_schools

pytestmark = pytest.mark.django_db


def test_generated_schools_have_every_search_column_filled_as_save_would():
    call_command("generate_population", scale="tiny", seed=11, stdout=io.StringIO())
    schools = list(generated_schools().only("name", "city", "search_name", "search_city", "search_latin", "sort_name"))
    assert schools
    for school in schools:
        columns = search_columns(school.name, school.city)
        assert {name: getattr(school, name) for name in columns} == columns
