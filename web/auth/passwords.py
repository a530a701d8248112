"""The password rule: long enough, not a common password, not built on the user name."""

from __future__ import annotations

import functools
from importlib.resources import files

MIN_PASSWORD = 12
MIN_NAME_IN_PASSWORD = 3  # a one- or two-letter name is part of too many honest passwords
TOO_SHORT = f"The password needs at least {MIN_PASSWORD} characters."
TOO_COMMON = "That password is on the list of common passwords: choose one less easy to guess."
HOLDS_NAME = "The password must not contain the user name."


@functools.cache
def common_passwords() -> frozenset[str]:
    """The shipped list (web/auth/common_passwords.txt, made by tools/common_passwords.py)."""
    text = files(__package__).joinpath("common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line)


def password_problem(password: str, username: str) -> str | None:
    """The sentence saying why `password` may not be used for `username`, or None when it may.

    Args:
        password: the new password as typed.
        username: the account's user name (the rule compares both case-folded).
    Returns:
        One sentence for the page, or None.
    """
    if len(password) < MIN_PASSWORD:
        return TOO_SHORT
    folded = password.casefold()
    if folded in common_passwords():
        return TOO_COMMON
    name = username.strip().casefold()
    if len(name) >= MIN_NAME_IN_PASSWORD and name in folded:
        return HOLDS_NAME
    return None
