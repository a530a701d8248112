import pytest
import spacy

from assistant.session import session_finder


@pytest.mark.parametrize(
    ("text", "date", "minutes"),
    [
        ("11/5 - 50 min\n- health anxiety", "2026-11-05", 50),
        ("oct 30 session with client about betting", "2026-10-30", None),
        ("Nov. 24, 45 minutes with Theo (13). We talked.", "2026-11-24", 45),
        ("53-minute session on 2026-11-20. Work stress.", "2026-11-20", 53),
        ("Sat 11/21, 50 min. Job search.", "2026-11-21", 50),
        ("Intake 11/4/26, 1 hr 15 min. Anxiety.", "2026-11-04", 75),
        ("Video visit today 3:00-3:45pm. Sleep.", "2026-11-29", 45),
        ("Seen yesterday, 1.5h. Grief.", "2026-11-28", 90),
        ("Group 3. 14 Oct. 45 min. Members shared wins.", "2026-10-14", 45),  # "Oct. 45" is no date
        ("thurs 19/11 - forty minutes - Sam", "2026-11-19", 40),
        ("Met Lee on 2nd November for 55 minutes. Sleep.", "2026-11-02", 55),
        ("Night call 23:50-00:35, caller settled.", None, 45),
        ("Family session, Mon 9th, an hour and a half. Rules at home.", "2026-11-09", 90),
        ("10-28-26 | 2 1/2 hrs | intake", "2026-10-28", 150),
    ],
)
def test_session_date_and_duration_are_found(engine, text, date, minutes, reference_date):
    session = engine.structure(text, reference_date=reference_date).session
    assert (session.date, session.duration_minutes) == (date, minutes)


@pytest.mark.parametrize(
    ("text", "date", "minutes"),
    [
        ("Couples 11/20 1h20. Money fights.", "2026-11-20", 80),
        ("11/20, 1 h 30, intake. Panic.", "2026-11-20", 90),
        ("11/20 1hr15 session. Panic.", "2026-11-20", 75),
        ("11/16 50'\ntalked about work", "2026-11-16", 50),
        ("Telehealth (video), 11/19/2026, 50'. Sleep.", "2026-11-19", 50),
        ("50' 11/17\nsleep and worry", "2026-11-17", 50),
        # dictation software writes the spoken marks out
        ("saw client on 11/21 period 50 minutes period talked about her mother", "2026-11-21", 50),
        ("11/20. Hour-long session focused on sleep.", "2026-11-20", 60),
        ("11/20 family mtg. hour long. Curfew.", "2026-11-20", 60),
        ("Session 25-Nov-2026. Anxiety.", "2026-11-25", None),
        ("12 Nov 26, 50 min. Anxiety.", "2026-11-12", 50),
        ("SOAP - clinic B, room 2 - 17/11 - approx 40 mins\nS: tired", "2026-11-17", 40),
        ("Parents group wk 6 - 11/18 - 2 hr\nthemes: limits", "2026-11-18", 120),
        ("Seen on the 16th for 50 min. Sleep.", "2026-11-16", 50),
        ("11/20 session, 50 min. Sleep.", "2026-11-20", 50),
        ("11/25: 50'", "2026-11-25", 50),
        ("this is for sam session on november twentieth fifty minutes period we", "2026-11-20", 50),
        ("video session the twenty third forty five minutes with kim he said", "2026-11-23", 45),
        ("um friday the thirteenth with lee fifty min she came in tired", "2026-11-13", 50),
        ("11/20 session 50 min; she walks 1h30 per day.", "2026-11-20", 50),
    ],
)
def test_session_compact_and_spoken_forms_are_read(engine, text, date, minutes, reference_date):
    session = engine.structure(text, reference_date=reference_date).session
    assert (session.date, session.duration_minutes) == (date, minutes)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("11/20. She said 'I only lasted 20' and laughed. Sleep.", None),
        ("11/20. He is 5'10 and thin. Sleep.", None),
        ("Rugby match 11/20, he ran 40' before the injury. 50 min session.", 50),
    ],
)
def test_session_prime_in_speech_height_or_activity_is_not_the_duration(
    engine, text, minutes, reference_date
):
    assert engine.structure(text, reference_date=reference_date).session.duration_minutes == minutes


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        (
            "Skills group 11/20, 45-min slot\n"
            "Paced breathing, pause every 2-3 min. Urge gone in 10 min.",
            45,
        ),
        ("CBT 30 min slot 11/20\nExposure: held the rail for 5 min, then 8 minutes.", 30),
        ("11/20 - 50 min\nwent for a 20 minute walk with mum after the call", 50),
    ],
)
def test_session_heading_duration_beats_activities_later(engine, text, minutes, reference_date):
    assert engine.structure(text, reference_date=reference_date).session.duration_minutes == minutes


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Saw her yesterday. Urges to drink and cut (7/10). Plan: call sponsor.", "2026-11-28"),
        ("Seen today, 50 min. Worry high (4/5), sleep poor.", "2026-11-29"),
        ("11/24 - 50 min. Mood 3/10 then anxiety 8/10.", "2026-11-24"),
    ],
)
def test_session_rating_loses_to_a_real_or_relative_date(engine, text, date, reference_date):
    assert engine.structure(text, reference_date=reference_date).session.date == date


@pytest.mark.parametrize(
    "text",
    [
        "11/20 - 50 min. Talked about the 1st anniversary on the 3rd of Dec.",
        "Nov 20, 50 min. Dreads Christmas, December 25th.",
    ],
)
def test_session_date_after_the_note_loses_to_one_before(engine, text, reference_date):
    # the note is written after its session: a later date in it is something coming up
    assert engine.structure(text, reference_date=reference_date).session.date == "2026-11-20"


def test_session_time_range_gives_start_and_end(engine, reference_date):
    session = engine.structure(
        "11/20 2:00-2:50pm. Work stress.", reference_date=reference_date
    ).session
    assert (session.start_time, session.end_time, session.duration_minutes) == (
        "14:00",
        "14:50",
        50,
    )


@pytest.mark.parametrize(
    "text",
    [
        "11/5. Agreed to a 24-hour delay before any symptom search.",
        "11/5. His dad joined for the last 15 minutes.",
        "11/5. Plays video games for 2 hours a day.",
        "11/5. Walks 30 minutes daily now.",
        "11/5. Slept 3 hours last night.",
    ],
)
def test_session_hours_in_content_are_not_the_duration(engine, text, reference_date):
    assert engine.structure(text, reference_date=reference_date).session.duration_minutes is None


@pytest.mark.parametrize(
    "text",
    [
        "Rated anxiety 3/10. Worry.",
        "Filled in 4/7 days of the log.",
        "Came to 4/12 sessions this term.",
        "No date here.",
        "Worry 8/10 at start, then 5/10 by the end.",
        "Anxiety 8 - 4/10 by the end. 50 min.",
        "Urges to use (6/10) after the call. 50 min.",
        "Week 3/10 of the programme. Worry.",
        # a future appointment is not the session's date
        "Worry. Next appt 12/14 at the clinic.",
        "Worry. Will call again 12/2.",
        "Worry. Rebooked for 12/3.",
    ],
)
def test_session_ratings_counts_and_appointments_are_not_dates(engine, text, reference_date):
    assert engine.structure(text, reference_date=reference_date).session.date is None


@pytest.mark.parametrize(
    "text",
    [
        "6/10 most days for the anxiety. Worry.",
        "Anxiety: 6/10 most days. Worry.",
        "Sleep quality 3/10. Worry.",
        "Cravings 7/10 most days. Worry.",
        "craving item: 2/4. Worry.",
        "Q3 = 1/3. Worry.",
        "PHQ-9 = 4/27. Worry.",
    ],
)
def test_session_scores_and_item_ratings_are_not_dates(engine, text, reference_date):
    assert engine.structure(text, reference_date=reference_date).session.date is None


def test_session_date_beside_a_score_is_still_the_sessions(engine, reference_date):
    note = engine.structure(
        "11/20, mood 4/10, cravings 6/10 most days.", reference_date=reference_date
    )
    assert note.session.date == "2026-11-20"
    assert [m.name for m in note.measures] == ["mood", "cravings"]


def test_session_missing_lists_date_and_duration(engine, reference_date):
    note = engine.structure("work stress, conflict w/ sister", reference_date=reference_date)
    assert {"date", "duration"} <= set(note.missing)


def test_session_day_first_writer_reads_ambiguous_dates_day_first(engine, reference_date):
    # 25/10 shows this writer puts the day first, so the heading's 4/11 is 4 November
    note = engine.structure(
        "4/11, 50 min. Missed 25/10 because of flu.", reference_date=reference_date
    )
    assert note.session.date == "2026-11-04"


def test_session_date_the_writer_takes_back_is_skipped(engine, reference_date):
    note = engine.structure("11/10? no - 10/11, 50 min. Sleep.", reference_date=reference_date)
    assert note.session.date == "2026-10-11"


@pytest.mark.parametrize(
    "text",
    ["36F, 1 1/2 yrs since divorce. Grief.", "52M referred by GP. Low mood."],
)
def test_session_age_and_fractions_are_neither_date_nor_duration(engine, text, reference_date):
    session = engine.structure(text, reference_date=reference_date).session
    assert (session.date, session.duration_minutes) == (None, None)


def test_session_for_n_minutes_in_the_body_is_not_the_duration(engine, reference_date):
    text = "11/20. Talked about work, then about the kids at length. Later cried for 20 minutes."
    assert engine.structure(text, reference_date=reference_date).session.duration_minutes is None


def test_session_finder_reads_only_characters_so_runs_on_a_blank_pipeline():
    nlp = spacy.blank("en")
    finder = nlp.add_pipe(session_finder.NAME)
    finder.initialize(nlp=nlp)
    doc = nlp("11/20, 50 min. Work stress. Rated anxiety 6/10.")
    assert [(s.label_, s.text) for s in doc.spans["session"]] == [
        ("DATE", "11/20"),
        ("DURATION", "50 min"),
    ]
