"""Clients: list and search, add, and each client's page: record, treatment plan, timeline."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from sqlalchemy import or_, select

from .. import auditlog, nlp
from ..db import db
from ..drafts import changes as drafts
from ..measures import changes as measures
from ..measures.forms import MeasureForm, choices
from ..plans import changes as plans
from ..plans.content import goals
from ..records import Client, Diagnosis, Note
from ..security import get_owned, login_required
from ..timezones import today_in
from . import measures_chart, record, timeline, topic_strip
from .forms import BirthDateForm, ClientForm, DiagnosisForm, RemoveDiagnosisForm

bp = Blueprint("clients", __name__, url_prefix="/clients", template_folder="templates")


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


@bp.get("")
@login_required
def index():
    """The signed-in therapist's clients, filtered by name or code."""
    q = request.args.get("q", "").strip()[:100]
    stmt = select(Client).where(Client.therapist_id == g.user.id)
    if q:
        pattern = _like(q)
        stmt = stmt.where(
            or_(Client.name.ilike(pattern, escape="\\"), Client.code.ilike(pattern, escape="\\"))
        )
    clients = db.session.scalars(stmt.order_by(Client.name)).all()
    return render_template(
        "clients/index.html", clients=clients, q=q, drafts=drafts.unsigned(g.user)
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    form = ClientForm(therapist_id=g.user.id)
    if form.validate_on_submit():
        client = Client(therapist_id=g.user.id, name=form.name.data, code=form.code.data)
        db.session.add(client)
        db.session.flush()
        auditlog.record("create_client", client_id=client.id)
        db.session.commit()
        flash(f"Client {client.name} added.")
        return redirect(url_for("clients.show", client_id=client.id))
    error = form.first_error()
    return render_template("clients/new.html", form=form, error=error), 400 if error else 200


def page(
    client: Client,
    *,
    birth_form: BirthDateForm | None = None,
    diagnosis_form: DiagnosisForm | None = None,
    measure_form: MeasureForm | None = None,
    error_for: str | None = None,
    status: int = 200,
):
    """The client's page; after a refused post, the form as typed, its message linked to it."""
    today = today_in(g.user.time_zone)
    if birth_form is None:
        birth = client.date_of_birth.isoformat() if client.date_of_birth else ""
        birth_form = BirthDateForm(formdata=None, today=today, date_of_birth=birth)
    diagnosis_form = diagnosis_form or DiagnosisForm(formdata=None, client_id=client.id)
    measure_form = measure_form or MeasureForm(formdata=None, today=today, date_required=True)
    scores = measures.shown(measures.of_client(client, g.user))
    notes = db.session.scalars(
        select(Note).where(
            Note.client_id == client.id, Note.author_id == g.user.id, Note.status != "voided"
        )
    ).all()
    by_note: dict[int, list[measures.Shown]] = {}
    for shown in scores:
        if shown.measure.note_id is not None:
            by_note.setdefault(shown.measure.note_id, []).append(shown)
    entries = timeline.build(list(notes), techniques=nlp.techniques, measures=by_note)
    versions = plans.versions(client)
    plan = plans.current(versions)
    error = birth_form.first_error() or diagnosis_form.first_error() or measure_form.first_error()
    return render_template(
        "clients/timeline.html",
        client=client,
        entries=entries[::-1],  # newest first
        strip=topic_strip.build(entries, nlp.group_topics),
        today=today,
        age=record.age(client.date_of_birth, today),
        birth_form=birth_form,
        diagnosis_form=diagnosis_form,
        diagnoses=record.diagnoses(client),
        plan=plan,
        plan_goals=goals(plan.content) if plan else [],
        plan_draft=plans.open_draft(versions),
        plan_versions=versions,
        measures=scores,
        chart=measures_chart.build(measures.chart_points(scores)),
        measure_form=measure_form,
        measure_choices=choices(),
        error=error,
        error_for=error_for if error else None,
    ), status


@bp.get("/<int:client_id>")
@login_required
def show(client_id: int):
    """The client's record, the treatment plan in force, and the timeline of notes."""
    client = get_owned(Client, client_id)
    auditlog.record("view_timeline", client_id=client.id)
    db.session.commit()
    return page(client)


@bp.post("/<int:client_id>/date-of-birth")
@login_required
def date_of_birth(client_id: int):
    """Record, change or clear (empty) the client's date of birth."""
    client = get_owned(Client, client_id)
    form = BirthDateForm(today=today_in(g.user.time_zone))
    if not form.validate():
        return page(client, birth_form=form, error_for="birth-date", status=400)
    if record.set_date_of_birth(client, form.date_of_birth.date):  # audited when it changed
        db.session.commit()
    flash("Date of birth saved." if client.date_of_birth else "Date of birth cleared.")
    return redirect(url_for("clients.show", client_id=client.id) + "#record")


@bp.post("/<int:client_id>/diagnoses")
@login_required
def add_diagnosis(client_id: int):
    """List a diagnosis: an ICD-10-CM code of the right shape, and its words."""
    client = get_owned(Client, client_id)
    form = DiagnosisForm(client_id=client.id)
    if not form.validate():
        field = form.first_error_field() or "code"
        return page(client, diagnosis_form=form, error_for=f"diagnosis-{field}", status=400)
    record.add_diagnosis(client, g.user, form.code.code or "", form.description.data)
    db.session.commit()
    # Flashes travel in the session cookie: no code or words in them.
    flash("Diagnosis added.")
    return redirect(url_for("clients.show", client_id=client.id) + "#diagnoses")


@bp.post("/<int:client_id>/diagnoses/<int:diagnosis_id>/remove")
@login_required
def remove_diagnosis(client_id: int, diagnosis_id: int):
    """Take a diagnosis off the record (kept in the database with who and when)."""
    client = get_owned(Client, client_id)
    diagnosis = get_owned(Diagnosis, diagnosis_id)
    if diagnosis.client_id != client.id:
        abort(404)
    RemoveDiagnosisForm().validate()  # a bad CSRF token raises CSRFError (web/forms.py)
    record.remove_diagnosis(diagnosis, g.user)
    db.session.commit()
    flash("Diagnosis removed.")
    return redirect(url_for("clients.show", client_id=client.id) + "#diagnoses")
