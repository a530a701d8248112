import datetime as dt

import pytest

from assistant.session.timeparse import parse_date, parse_duration, parse_time_range


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("11/20", "2026-11-20"),
        ("11/20/26", "2026-11-20"),
        ("11/20/2025", "2025-11-20"),
        ("Nov 20", "2026-11-20"),
        ("Nov. 20th", "2026-11-20"),
        ("November 20th", "2026-11-20"),
        ("oct 30", "2026-10-30"),
        ("20 November 2025", "2025-11-20"),
        ("2026-11-20", "2026-11-20"),
        ("today", "2026-11-29"),
        ("Yesterday", "2026-11-28"),
        ("25-Nov-2026", "2026-11-25"),
        ("3-oct-25", "2025-10-03"),
        ("12 Nov 26", "2026-11-12"),  # a two-digit year, not the 26th
        ("4 Nov '26", "2026-11-04"),
        ("3 Nov 20", "2026-11-20"),  # "20" six years back is no year: November 20
        ("on the 16th", "2026-11-16"),  # the month is the reference's
        ("on the 30th", "2026-10-30"),  # the latest 30th not after the reference
        # dictated: the day in words
        ("november twentieth", "2026-11-20"),
        ("November the twenty-first", "2026-11-21"),
        ("the third of November", "2026-11-03"),
        ("session the twenty third", "2026-11-23"),
        ("on the first", "2026-11-01"),
        ("tuesday the seventeenth", "2026-11-17"),
    ],
)
def test_timeparse_date_forms(text, expected, reference_date):
    assert parse_date(text, reference_date).isoformat() == expected


@pytest.mark.parametrize("text", ["13/45", "Feb 30", "nothing here"])
def test_timeparse_impossible_dates_are_none(text, reference_date):
    assert parse_date(text, reference_date) is None


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("50 min", 50),
        ("53-minute", 53),
        ("1 hr", 60),
        ("1.5h", 90),
        ("90 mins", 90),
        ("50m", 50),
        ("1 hr 15 min", 75),
        ("an hour", 60),
        ("45 minutes", 45),
        ("2 1/2 hrs", 150),
        ("1½ hours", 90),
        ("0.5 hr", 30),
        ("4hrs", 240),
        ("an hour and a half", 90),
        ("one and a half hours", 90),
        ("half an hour", 30),
        ("two hours", 120),
        ("Thirty-five minutes", 35),
        ("twenty five mins", 25),
        ("ninety minutes", 90),
        ("2 and a half hours", 150),
        ("an hour and a quarter", 75),
        ("one and three quarters hours", 105),
        # hours and minutes written together, the minutes without a unit
        ("1h20", 80),
        ("1h15", 75),
        ("1 h 30", 90),
        ("1hr15", 75),
        ("2 hrs 05", 125),
        # the prime for minutes
        ("50'", 50),
        ("45’", 45),
        ("hour-long", 60),
        ("hour long", 60),
        ("an hour long", 60),
    ],
)
def test_timeparse_duration_forms(text, minutes):
    assert parse_duration(text) == minutes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2:00-2:50pm", ("14:00", "14:50", 50)),
        ("3:00-3:45pm", ("15:00", "15:45", 45)),
        ("11:30-12:20pm", ("11:30", "12:20", 50)),
        ("9:10-10:05am", ("09:10", "10:05", 55)),
        ("10:00 to 10:50", ("10:00", "10:50", 50)),
        ("22:50-23:40", ("22:50", "23:40", 50)),
        ("23:30-00:20", ("23:30", "00:20", 50)),  # past midnight
        ("00:10-01:00", ("00:10", "01:00", 50)),
        ("11:45pm-12:30am", ("23:45", "00:30", 45)),
    ],
)
def test_timeparse_time_range_forms(text, expected):
    assert parse_time_range(text) == expected


def test_timeparse_time_range_longer_than_a_session_is_refused():
    assert parse_time_range("9:00am-5:00pm") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("18/10", "2026-10-18"),  # the first number cannot be a month: day first
        ("30/9/2026", "2026-09-30"),
        ("3-14-26", "2026-03-14"),
        ("14.3.2026", "2026-03-14"),
        ("Thu 5/11", "2026-11-05"),  # 5 Nov 2026 is a Thursday, 11 May is not
        ("Mon 5/11", "2026-05-11"),  # 11 May 2026 is a Monday, 5 Nov is not
        ("Sat 21st", "2026-11-21"),  # the latest 21st on or before the reference that is a Saturday
        ("tues 3rd", "2026-11-03"),
    ],
)
def test_timeparse_day_first_and_weekday_dates(text, expected, reference_date):
    assert parse_date(text, reference_date).isoformat() == expected


def test_timeparse_ambiguous_date_follows_the_writers_order(reference_date):
    assert parse_date("6/11", reference_date, day_first=True).isoformat() == "2026-11-06"
    assert parse_date("6/11", reference_date, day_first=False).isoformat() == "2026-06-11"


def test_timeparse_ambiguous_date_is_not_read_in_the_future(reference_date):
    # 12/11 as 11 December is after the note was written; as 12 November it is not
    assert parse_date("12/11", reference_date).isoformat() == "2026-11-12"
    assert parse_date("3/4", reference_date).isoformat() == "2026-03-04"  # both past: month first


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Dec 28", "2026-12-28"), ("12/30", "2026-12-30"), ("Jan 2", "2027-01-02")],
)
def test_timeparse_date_without_a_year_written_in_january_is_last_december(text, expected):
    assert parse_date(text, dt.date(2027, 1, 3)).isoformat() == expected


def test_timeparse_date_a_few_days_ahead_keeps_the_reference_year(reference_date):
    assert parse_date("Dec 3", reference_date).isoformat() == "2026-12-03"


@pytest.mark.parametrize("text", ["4-7-8", "10-12", "1.5.6"])
def test_timeparse_dashed_numbers_without_a_year_are_not_dates(text, reference_date):
    assert parse_date(text, reference_date) is None
