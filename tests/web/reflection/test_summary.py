"""The reflection's figures over constructed sessions: counts and what followed, exactly."""

from __future__ import annotations

import pytest

from web.reflection.summary import ALL_SESSIONS, UNNAMED, Session, summarise

CR, EXP, PE = "Cognitive restructuring (CBT)", "Exposure therapy", "Psychoeducation"


def _row(reflection, name):
    return next(r for r in (reflection.overall, *reflection.rows) if r.name == name)


def test_summary_counts_sessions_and_clients_per_intervention():
    found = summarise(
        [
            Session(1, 10, "2026-11-01", (CR,)),
            Session(2, 20, "2026-11-02", (EXP, CR)),
            Session(1, 11, "2026-11-08", (CR, PE)),
            Session(2, 21, "2026-11-09", (UNNAMED,)),
        ]
    )
    assert [(r.name, r.count, r.clients) for r in found.rows] == [
        (CR, 3, 2),
        (EXP, 1, 1),
        (PE, 1, 1),
        (UNNAMED, 1, 1),  # last, whatever its count
    ]
    assert (found.overall.name, found.sessions, found.clients) == (ALL_SESSIONS, 4, 2)


def test_summary_homework_at_the_next_session_by_status():
    found = summarise(
        [
            Session(1, 10, "2026-11-01", (CR,), homework=("done", "partial")),
            Session(1, 11, "2026-11-08", (CR,), homework=("not done", "not mentioned")),
            Session(1, 12, "2026-11-15", (EXP,), homework=("reviewed", "not stated")),
            Session(1, 13, "2026-11-22", (EXP,), homework=("no later note",)),
        ]
    )
    cr, exp = _row(found, CR), _row(found, EXP)
    assert cr.homework_set == 4
    assert [cr.homework[s] for s in ("done", "partial", "not done", "not mentioned")] == [
        1,
        1,
        1,
        1,
    ]
    assert cr.homework_unclear == 0
    # "reviewed" (shared words, no status) and "not stated" say it came up, not how much was done;
    # the last session's homework has no next session yet and is not counted as set
    assert (exp.homework_set, exp.homework_unclear, exp.homework["no later note"]) == (2, 2, 1)
    assert found.overall.homework_set == 6


def test_summary_response_recorded_counts_sessions_not_lines():
    found = summarise(
        [
            Session(1, 10, "2026-11-01", (CR,), responses=("engaged", "named two thoughts")),
            Session(1, 11, "2026-11-08", (CR,)),
        ]
    )
    assert _row(found, CR).with_response == 1


def test_summary_measure_change_to_the_next_score_recorded():
    found = summarise(
        [
            Session(1, 10, "2026-11-01", (CR,), measures={"PHQ-9": 14, "GAD-7": 12}),
            Session(1, 11, "2026-11-08", (PE,), measures={"PHQ-9": 11}),
            Session(1, 12, "2026-11-15", (CR,)),  # no score: from the last one before (11)
            Session(1, 13, "2026-11-22", (EXP,), measures={"PHQ-9": 8, "GAD-7": 9}),
        ]
    )
    cr, pe, exp = _row(found, CR), _row(found, PE), _row(found, EXP)
    assert [c.delta for c in cr.changes["PHQ-9"]] == [-3, -3]  # 14 -> 11, then 11 -> 8
    assert cr.mean_change("PHQ-9") == -3
    assert [c.delta for c in cr.changes["GAD-7"]] == [-3, -3]  # 12 -> 9 (skipping a session)
    assert [c.delta for c in pe.changes["PHQ-9"]] == [-3]
    assert exp.mean_change("PHQ-9") is None  # nothing recorded after the last session
    assert found.overall.mean_change("PHQ-9") == -3
    assert found.measures == ("PHQ-9", "GAD-7")


def test_summary_measure_change_needs_a_score_before_and_after():
    found = summarise(
        [
            Session(1, 10, "2026-11-01", (CR,)),
            Session(1, 11, "2026-11-08", (EXP,), measures={"PHQ-9": 11}),
        ]
    )
    assert _row(found, CR).changes == {}
    assert found.measures == ()


def test_summary_changes_stay_within_one_client():
    found = summarise(
        [
            Session(1, 10, "2026-11-01", (CR,), measures={"PHQ-9": 14}),
            Session(2, 20, "2026-11-02", (CR,), measures={"PHQ-9": 5}),
            Session(1, 11, "2026-11-08", (CR,), measures={"PHQ-9": 12}),
        ]
    )
    assert [c.delta for c in _row(found, CR).changes["PHQ-9"]] == [-2]


@pytest.mark.parametrize("sessions", [[], [Session(1, 10, "2026-11-01", ())]])
def test_summary_of_nothing_used(sessions):
    found = summarise(sessions)
    assert found.rows == ()
    assert found.sessions == len(sessions)
