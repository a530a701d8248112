import datetime as dt

import pytest

from assistant.timeparse import parse_date, parse_duration, parse_time_range

REF = dt.date(2026, 11, 29)


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
    ],
)
def test_timeparse_date_forms(text, expected):
    assert parse_date(text, REF).isoformat() == expected


@pytest.mark.parametrize("text", ["13/45", "Feb 30", "nothing here"])
def test_timeparse_impossible_dates_are_none(text):
    assert parse_date(text, REF) is None


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
    ],
)
def test_timeparse_time_range_forms(text, expected):
    assert parse_time_range(text) == expected


def test_timeparse_time_range_longer_than_a_session_is_refused():
    assert parse_time_range("9:00am-5:00pm") is None
