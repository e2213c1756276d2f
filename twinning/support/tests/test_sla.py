from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from twinning.support.sla import business_hours_between, business_zone, due_at, is_business_day

ATHENS = ZoneInfo("Europe/Athens")
ROME = ZoneInfo("Europe/Rome")


def athens(*args):
    return datetime(*args, tzinfo=ATHENS)


def test_zone_of_a_country_and_fallback():
    assert business_zone("GR") == ATHENS
    assert business_zone("it") == ROME
    assert business_zone("ZZ").key  # unknown country: the platform's zone, not an error


def test_friday_one_minute_before_closing_is_due_on_monday_morning():
    due = due_at(athens(2026, 11, 20, 16, 59), 1, "GR")
    assert due.tzinfo is not None and due.utcoffset() == timedelta(0)
    assert due.astimezone(ATHENS) == athens(2026, 11, 23, 9, 59)


def test_within_a_day_and_ending_exactly_at_closing():
    assert due_at(athens(2026, 11, 24, 10, 0), 3, "GR") == athens(2026, 11, 24, 13, 0)
    assert due_at(athens(2026, 11, 24, 9, 0), 8, "GR") == athens(2026, 11, 24, 17, 0)
    assert due_at(athens(2026, 11, 24, 9, 0), 8.5, "GR") == athens(2026, 11, 25, 9, 30)


def test_start_outside_business_hours_counts_from_next_opening():
    # Tuesday night, Saturday and Sunday morning, early Monday
    assert due_at(athens(2026, 11, 24, 21, 30), 2, "GR") == athens(2026, 11, 25, 11, 0)
    assert due_at(athens(2026, 11, 28, 12, 0), 2, "GR") == athens(2026, 11, 30, 11, 0)
    assert due_at(athens(2026, 11, 29, 8, 0), 0.5, "GR") == athens(2026, 11, 30, 9, 30)
    assert due_at(athens(2026, 11, 30, 6, 0), 1, "GR") == athens(2026, 11, 30, 10, 0)


def test_a_start_given_in_another_zone_is_read_in_local_time():
    # 07:30 UTC on a winter Tuesday is 09:30 in Athens
    start = datetime(2026, 11, 24, 7, 30, tzinfo=UTC)
    assert due_at(start, 1, "GR") == athens(2026, 11, 24, 10, 30)


def test_zero_hours_is_the_start_and_naive_datetimes_are_refused():
    start = athens(2026, 11, 28, 12, 0)
    assert due_at(start, 0, "GR") == start
    with pytest.raises(ValueError):
        due_at(datetime(2026, 11, 24, 10, 0), 1, "GR")


def test_greek_holidays_are_not_business_days():
    assert date(2026, 3, 25).weekday() == 2  # a Wednesday, Independence Day
    for day in (date(2026, 3, 25), date(2026, 4, 13), date(2026, 2, 23), date(2026, 6, 1), date(2026, 10, 28)):
        assert not is_business_day(day, "GR"), day
    assert is_business_day(date(2026, 3, 24), "GR")
    # Tuesday 24 March 16:00 + 2 h: one hour on Tuesday, Wednesday is a holiday, Thursday 10:00
    assert due_at(athens(2026, 3, 24, 16, 0), 2, "GR") == athens(2026, 3, 26, 10, 0)


def test_orthodox_easter_good_friday_and_monday():
    # Thursday 9 April 2026 16:00 + 2 h: Good Friday 10th, the weekend and Easter Monday 13th are closed
    assert due_at(athens(2026, 4, 9, 16, 0), 2, "GR") == athens(2026, 4, 14, 10, 0)
    assert business_hours_between(athens(2026, 4, 9, 17, 0), athens(2026, 4, 14, 9, 0), "GR") == 0


def test_clean_monday():
    assert due_at(athens(2026, 2, 20, 16, 0), 2, "GR") == athens(2026, 2, 24, 10, 0)


def test_italy_and_greece_differ_on_a_date():
    # 2 June 2026 (a Tuesday): Festa della Repubblica in Italy, a working day in Greece
    day = date(2026, 6, 2)
    assert not is_business_day(day, "IT")
    assert is_business_day(day, "GR")
    assert due_at(athens(2026, 6, 2, 9, 0), 1, "GR") == athens(2026, 6, 2, 10, 0)
    assert due_at(datetime(2026, 6, 2, 9, 0, tzinfo=ROME), 1, "IT") == datetime(2026, 6, 3, 10, 0, tzinfo=ROME)
    # and 1 June (Whit Monday in Greece) is a working day in Italy
    assert is_business_day(date(2026, 6, 1), "IT")
    assert not is_business_day(date(2026, 6, 1), "GR")


def test_unknown_country_has_weekends_only():
    assert is_business_day(date(2026, 12, 25), "ZZ")
    assert not is_business_day(date(2026, 12, 26), "ZZ")  # a Saturday


def test_week_of_the_spring_daylight_saving_change():
    # Clocks in Athens go forward on Sunday 29 March 2026: UTC+2 on Friday, UTC+3 on Monday
    start = athens(2026, 3, 27, 16, 0)
    due = due_at(start, 2, "GR")
    assert due.astimezone(ATHENS) == athens(2026, 3, 30, 10, 0)
    assert due == datetime(2026, 3, 30, 7, 0, tzinfo=UTC)
    assert business_hours_between(start, due, "GR") == 2


def test_week_of_the_autumn_daylight_saving_change():
    # Clocks go back on Sunday 25 October 2026 (UTC+3 to UTC+2); 28 October (Ohi Day) is a holiday
    start = athens(2026, 10, 23, 16, 30)
    due = due_at(start, 24, "GR")
    # Friday 0.5 h, Monday 8, Tuesday 8, Wednesday closed, Thursday 7.5 h
    assert due.astimezone(ATHENS) == athens(2026, 10, 29, 16, 30)
    assert due == datetime(2026, 10, 29, 14, 30, tzinfo=UTC)


def test_hours_between():
    assert business_hours_between(athens(2026, 11, 20, 16, 0), athens(2026, 11, 23, 10, 0), "GR") == 2
    assert business_hours_between(athens(2026, 11, 24, 10, 0), athens(2026, 11, 24, 10, 0), "GR") == 0
    assert business_hours_between(athens(2026, 11, 24, 12, 0), athens(2026, 11, 24, 10, 0), "GR") == 0
    assert business_hours_between(athens(2026, 11, 21, 8, 0), athens(2026, 11, 22, 20, 0), "GR") == 0
    # a whole working week
    assert business_hours_between(athens(2026, 11, 23, 0, 0), athens(2026, 11, 28, 0, 0), "GR") == 40


def test_long_deadline_is_computed_by_days():
    start = athens(2026, 1, 2, 9, 0)
    due = due_at(start, 8 * 255, "GR")  # more than the working days of 2026
    assert due.year == 2027
    assert business_hours_between(start, due, "GR") == pytest.approx(2040)


moments = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC))


@settings(max_examples=150, deadline=None)
@given(
    start=moments,
    hours=st.floats(min_value=0, max_value=200, allow_nan=False, allow_infinity=False),
    country=st.sampled_from(["GR", "IT", "CY", "ZZ"]),
)
def test_between_is_the_inverse_of_due_at(start, hours, country):
    due = due_at(start, hours, country)
    assert due >= start
    assert business_hours_between(start, due, country) == pytest.approx(hours, abs=1e-6)


@settings(max_examples=100, deadline=None)
@given(start=moments, end=moments, country=st.sampled_from(["GR", "IT"]))
def test_between_never_exceeds_elapsed_time(start, end, country):
    hours = business_hours_between(start, end, country)
    assert hours >= 0
    assert hours <= max((end - start).total_seconds(), 0) / 3600 + 1e-9
