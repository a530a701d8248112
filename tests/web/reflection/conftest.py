"""A small caseload of signed sessions whose reflection figures are worked out by hand."""

from __future__ import annotations

import pytest


@pytest.fixture
def caseload(signed_in) -> dict:
    """Two clients of ann's: Jo with three signed sessions, Kim with two (and a draft).

    Jo: 11-01 cognitive restructuring, PHQ-9 14, GAD-7 12, HW sleep diary;
        11-08 psychoeducation and restructuring, PHQ-9 11, the diary done, HW thought record;
        11-15 exposure, PHQ-9 9, GAD-7 8, the thought record not done, HW walk daily.
    Kim: 11-02 exposure and a line not in the taxonomy, PHQ-9 20, HW lift once;
         11-09 exposure, PHQ-9 17, the lift partly done. A draft with restructuring follows.
    """
    jo = signed_in.add_client("Jo Smith", "C-001")
    kim = signed_in.add_client("Kim Lee", "C-002")
    s = signed_in.signed_session
    notes = [
        s(
            jo,
            "Work worries. HW: sleep diary",
            "2026-11-01",
            [("PHQ-9", "14"), ("GAD-7", "12")],
            topics="work stress",
            interventions="Cognitive restructuring of work worries",
            client_response="engaged, named two thoughts",
            homework="sleep diary",
        ),
        s(
            jo,
            "Reviewed sleep diary. HW: thought record",
            "2026-11-08",
            [("PHQ-9", "11")],
            topics="stress at work\nsleep",
            interventions="Psychoeducation on sleep; restructuring of “I never sleep”",
            homework="thought record",
        ),
        s(
            jo,
            "Didn't do thought record. HW: walk daily",
            "2026-11-15",
            [("PHQ-9", "9"), ("GAD-7", "8")],
            topics="fear of lifts",
            interventions="Exposure to the lift",
            client_response="anxious but stayed 5 minutes",
            homework="walk daily",
        ),
        s(
            kim,
            "Lift fear. HW: lift once",
            "2026-11-02",
            [("PHQ-9", "20")],
            topics="fear of lifts",
            interventions="Exposure hierarchy built\nWalked and talked",
            homework="lift once",
        ),
        s(
            kim,
            "Some lift once practice.",
            "2026-11-09",
            [("PHQ-9", "17")],
            topics="lifts",
            interventions="Exposure in the lift",
            client_response="SUDS fell from 70 to 40",
        ),
    ]
    draft = signed_in.new_note(kim, "Restructuring.")
    signed_in.save(draft, date="2026-11-16", interventions="Cognitive restructuring again")
    return {"jo": jo, "kim": kim, "notes": notes, "draft": draft}
