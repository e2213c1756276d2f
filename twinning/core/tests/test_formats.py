"""Dates and times as Europeans write them: day/month/year and a 24-hour clock, in both languages."""

import datetime

import pytest
from django.utils import formats, translation

MOMENT = datetime.datetime(2026, 11, 26, 14, 5)


@pytest.mark.parametrize(
    ("language", "short_date", "short_datetime", "date"),
    [
        ("en", "26/11/2026", "26/11/2026 14:05", "26 November 2026"),
        ("el", "26/11/2026", "26/11/2026 14:05", "26 Νοεμβρίου 2026"),
    ],
)
def test_dates_are_day_month_year_with_a_24_hour_clock(language, short_date, short_datetime, date):
    with translation.override(language):
        assert formats.date_format(MOMENT, "SHORT_DATE_FORMAT") == short_date
        assert formats.date_format(MOMENT, "SHORT_DATETIME_FORMAT") == short_datetime
        assert formats.date_format(MOMENT, "DATE_FORMAT") == date
        assert formats.time_format(MOMENT.time(), "TIME_FORMAT") == "14:05"
        shown = formats.date_format(MOMENT, "DATETIME_FORMAT")
        assert "14:05" in shown and "p.m." not in shown and "μ.μ." not in shown


@pytest.mark.parametrize("language", ["en", "el"])
def test_a_day_written_the_european_way_is_understood_in_forms(language):
    from django import forms

    class Form(forms.Form):
        day = forms.DateField()

    with translation.override(language):
        form = Form({"day": "26/11/2026"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == datetime.date(2026, 11, 26)
