"""The admin's form: a new account, which may be an admin too."""

from __future__ import annotations

from wtforms import BooleanField

from ..auth.forms import AccountForm


class NewAccountForm(AccountForm):
    """An account an admin adds."""

    is_admin = BooleanField()
