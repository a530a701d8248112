"""Goals in each note: save the reviewer's progress and evidence for each goal of the plan."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, url_for

from ..db import db
from ..notes.routes import editable
from ..notes.routes import page as note_page
from ..plans import content
from ..security import login_required
from . import changes
from .forms import GoalProgressForm

bp = Blueprint("goals", __name__, template_folder="templates")


@bp.post("/notes/<int:note_id>/goals")
@login_required
def save(note_id: int):
    """The Goals panel's choices for a draft (404 for another's note, 403 once signed)."""
    note = editable(note_id)
    plan = changes.in_force(note)
    if plan is None:
        abort(409, description="This client has no signed treatment plan, so no goals to record.")
    goal_ids = [goal.goal_id for goal in content.goals(plan.content)]
    form = GoalProgressForm.for_goals(goal_ids, changes.note_lines(note.fields))
    if not form.validate():  # a bad CSRF token raises CSRFError (web/forms.py)
        return note_page(
            note, goal_choices=form.typed(), error=form.first_error(), error_for="goals", status=400
        )
    changes.save(note, g.user, form.choices())
    db.session.commit()
    flash("Goal progress saved.")  # flashes travel in the cookie: no goal's words in them
    return redirect(url_for("notes.show", note_id=note.id) + "#goals")
