"""Time zones: IANA names checked with zoneinfo, and stored times shown in a clinician's zone."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo

from flask import current_app

FALLBACK = "UTC"


@functools.cache
def zone_names() -> frozenset[str]:
    """Every IANA zone name this machine knows."""
    return frozenset(zoneinfo.available_timezones()) | {FALLBACK}


def is_zone(name: str) -> bool:
    """True for an IANA zone name such as 'America/Chicago' (never a file path)."""
    return name in zone_names()


def default_zone() -> str:
    """The app's DEFAULT_TIME_ZONE when it is a real zone, else UTC."""
    name = current_app.config.get("DEFAULT_TIME_ZONE") or FALLBACK
    return name if is_zone(name) else FALLBACK


def today_in(zone: str | None) -> dt.date:
    """Today's date in `zone` (an IANA name; UTC when unknown): what "not in the future" means."""
    name = zone if zone and is_zone(zone) else FALLBACK
    return dt.datetime.now(zoneinfo.ZoneInfo(name)).date()


def local_stamp(when: dt.datetime | None, zone: str | None) -> str:
    """A stored time as 'YYYY-MM-DD HH:MM ABBR (Zone/Name)' in `zone` (UTC when unknown).

    Args:
        when: a stored time (SQLite hands back naive UTC values).
        zone: an IANA zone name, e.g. the one recorded with a signature.
    Returns:
        The local time with the zone's abbreviation and name, or "" for no time.
    """
    if when is None:
        return ""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    name = zone if zone and is_zone(zone) else FALLBACK
    local = when.astimezone(zoneinfo.ZoneInfo(name))
    stamp = local.strftime("%Y-%m-%d %H:%M %Z")
    return stamp if name == FALLBACK else f"{stamp} ({name})"
