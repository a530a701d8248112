"""The search page: across the signed-in clinician's clients, or one client's notes."""

from __future__ import annotations

from flask import Blueprint, g, render_template, request

from .. import nlp
from ..db import db
from ..records import Client
from ..security import get_owned, login_required
from .forms import SearchForm
from .results import run

bp = Blueprint("search", __name__, template_folder="templates")


@bp.route("/search", methods=["GET", "POST"])
@login_required
def search():
    """GET: the form (`?client_id=N` for one client's notes); POST: the matches."""
    if request.method == "GET":
        form = SearchForm(formdata=None, client_id=request.args.get("client_id", type=int))
    else:
        form = SearchForm()
    client = get_owned(Client, form.client_id.data) if form.client_id.data else None
    results = None
    if request.method == "POST" and form.validate():
        results = run(db.session, nlp.get_assistant(), g.user, client, form.query)
        db.session.commit()
    error = form.first_error()
    return render_template(
        "search/search.html",
        form=form,
        client=client,
        results=results,
        error=error,
        error_for="search-q" if error else None,
    ), 400 if error else 200
