"""Turns the session spans found in a jotting into ISO dates, minutes and HH:MM times."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from spacy.tokens import Span

from .note import Session


def resolve_session(spans: Iterable[Span], reference_date: dt.date) -> Session:
    """Resolve DATE, DURATION and TIME_RANGE spans against the reference date.

    Args:
        spans: doc.spans["session"].
        reference_date: the day "today" means; it gives the year to dates without one.
    Returns:
        The session facts the jotting states; None for each it does not.
    """
    return Session()
