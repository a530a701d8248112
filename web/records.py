"""SQLAlchemy records: accounts, clients and their record (diagnoses, treatment plans, measures),
notes, their goal progress, jottings, flag decisions, addenda, the search index, audit log."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    event,
    select,
    text,
)
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> dt.datetime:
    """Now, in UTC, timezone-aware."""
    return dt.datetime.now(dt.UTC)


def utc_stamp(when: dt.datetime | None) -> str:
    """A stored time as 'YYYY-MM-DD HH:MM UTC' (SQLite hands back naive UTC values)."""
    if when is None:
        return ""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


class Base(DeclarativeBase):
    """Base of every table."""

    type_annotation_map = {
        dt.datetime: DateTime(timezone=True),
        dict[str, Any]: JSON,
        list[dict[str, Any]]: JSON,
    }


class User(Base):
    """A therapist account. The first one is the admin."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    # Bumped at logout: every cookie carrying the old value stops working.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # What a signature shows: the name and credentials as the clinician writes them.
    full_name: Mapped[str] = mapped_column(String(200), default="")
    credentials: Mapped[str] = mapped_column(String(100), default="")
    # An IANA zone name (web/timezones.py checks it); signatures are shown in it.
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")


class Client(Base):
    """A person in therapy; belongs to one therapist."""

    __tablename__ = "clients"
    __table_args__ = (UniqueConstraint("therapist_id", "code", name="uq_clients_therapist_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    date_of_birth: Mapped[dt.date | None] = mapped_column(nullable=True)

    notes: Mapped[list[Note]] = relationship(back_populates="client", order_by="Note.id")


class Diagnosis(Base):
    """An ICD-10-CM diagnosis on a client's record. A removed one leaves the record's pages but
    stays in the database with who removed it and when."""

    __tablename__ = "diagnoses"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    code: Mapped[str] = mapped_column(String(8))  # normalised: F41.1, F32.A, Z63.0
    description: Mapped[str] = mapped_column(String(200))
    added_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    added_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    removed_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)


class TreatmentGoal(Base):
    """A goal's lasting identity. Every plan version holding the goal names it by this id, so
    a note can point at "the sleep goal" whatever version rewords it."""

    __tablename__ = "treatment_goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class TreatmentPlan(Base):
    """One version of a client's treatment plan: a draft, or signed and never changed again.

    `content` holds the goals (web/plans/content.py): each with its TreatmentGoal id, text,
    start and review dates and objectives. A client has at most one draft at a time.
    """

    __tablename__ = "treatment_plans"
    __table_args__ = (
        UniqueConstraint("client_id", "number", name="uq_treatment_plans_client_number"),
        Index(
            "uq_treatment_plans_one_draft",
            "client_id",
            unique=True,
            sqlite_where=text("status = 'draft'"),
            postgresql_where=text("status = 'draft'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, ... per client: "version 2"
    status: Mapped[str] = mapped_column(String(10), default="draft")  # draft | signed
    version: Mapped[int] = mapped_column(Integer, default=1)  # the optimistic lock
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    based_on_id: Mapped[int | None] = mapped_column(ForeignKey("treatment_plans.id"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    signed_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    # The signature as it was at signing, like a note's.
    signed_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    signed_credentials: Mapped[str | None] = mapped_column(String(100), nullable=True)
    signed_time_zone: Mapped[str | None] = mapped_column(String(64), nullable=True)

    client: Mapped[Client] = relationship()
    based_on: Mapped[TreatmentPlan | None] = relationship(remote_side=[id])

    __mapper_args__ = {"version_id_col": version}

    @property
    def signed(self) -> bool:
        """A signed version never changes; the next one starts from it."""
        return self.status == "signed"

    @property
    def signer(self) -> str:
        """The signature's name and credentials as recorded at signing."""
        name = self.signed_name or ""
        return f"{name}, {self.signed_credentials}" if self.signed_credentials else name


class Note(Base):
    """A progress note: the reviewed template, its rendering, draft or signed."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="draft")  # draft | signed | voided
    version: Mapped[int] = mapped_column(Integer, default=1)
    format: Mapped[str] = mapped_column(String(10), default="soap")
    # The pipeline's output for the current jotting (note-schema.json).
    structured: Mapped[dict[str, Any]] = mapped_column(JSON)
    # The reviewer's template: session date/duration and one list of lines per section.
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    rendered: Mapped[str] = mapped_column(Text, default="")
    session_date: Mapped[str | None] = mapped_column(String(10), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    signed_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    # The signature as it was at signing, never looked up from the account again.
    signed_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    signed_credentials: Mapped[str | None] = mapped_column(String(100), nullable=True)
    signed_time_zone: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # A voided draft leaves every list but stays in the database with who, when and why.
    voided_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    voided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    void_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    # The client's signed note the jotting was structured against: its items' homework_ref
    # index that note's structured homework (null for a first note, or one from before 0005).
    previous_note_id: Mapped[int | None] = mapped_column(ForeignKey("notes.id"), nullable=True)

    client: Mapped[Client] = relationship(back_populates="notes")
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    jotting: Mapped[Jotting] = relationship(back_populates="note", uselist=False)
    addenda: Mapped[list[Addendum]] = relationship(order_by="Addendum.id")
    decisions: Mapped[list[FlagDecision]] = relationship(order_by="FlagDecision.id")
    previous_note: Mapped[Note | None] = relationship(
        remote_side=[id], foreign_keys=[previous_note_id]
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def signed(self) -> bool:
        """A signed note never changes."""
        return self.status == "signed"

    @property
    def signer(self) -> str:
        """The signature's name and credentials as recorded at signing ("Ann Lee, PhD, LP")."""
        name = self.signed_name or self.author.username  # notes signed before names existed
        return f"{name}, {self.signed_credentials}" if self.signed_credentials else name

    @property
    def voided(self) -> bool:
        """A voided draft is gone from every page."""
        return self.status == "voided"


class Measure(Base):
    """A score or rating (PHQ-9 14/27, anxiety 6/10): read from a note's jotting or entered by
    hand on a note draft, or entered on the client's record. It belongs to a note or to the
    record, never both. A removed one leaves every page and export but stays in the database
    with who removed it and when."""

    __tablename__ = "measures"
    __table_args__ = (
        CheckConstraint(
            "(note_id IS NULL) <> (client_id IS NULL)", name="ck_measures_note_or_client"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int | None] = mapped_column(ForeignKey("notes.id"), index=True, nullable=True)
    client_id: Mapped[int | None] = mapped_column(
        ForeignKey("clients.id"), index=True, nullable=True
    )
    name: Mapped[str] = mapped_column(String(40))  # an instrument of assistant's measures table
    value: Mapped[float] = mapped_column(Float)
    scale: Mapped[float | None] = mapped_column(Float, nullable=True)
    # The day it was taken; None for a note's measure means the note's session date.
    measured_on: Mapped[dt.date | None] = mapped_column(nullable=True)
    source: Mapped[str] = mapped_column(String(10))  # jotting | reviewer
    # Read from the jotting: its index in the note's structured["measures"] (the words).
    jotting_index: Mapped[int | None] = mapped_column(Integer, nullable=True)
    added_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    added_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    removed_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)

    note: Mapped[Note | None] = relationship()


class NoteGoal(Base):
    """A note's progress toward one goal of the client's treatment plan, as the reviewer
    recorded it: better, same, worse or not addressed (None until chosen), with the note's
    lines given as evidence. It is signed with the note and never changes after."""

    __tablename__ = "note_goals"
    __table_args__ = (UniqueConstraint("note_id", "goal_id", name="uq_note_goals_note_goal"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id"), index=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("treatment_goals.id"))
    # The signed plan version whose words of the goal the reviewer saw.
    plan_id: Mapped[int] = mapped_column(ForeignKey("treatment_plans.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)  # the goal's place in that plan
    progress: Mapped[str | None] = mapped_column(String(16), nullable=True)
    # The note's lines confirmed as evidence, [{"section": ..., "text": ...}], and the ones the
    # engine suggested when the choice was saved (what a reviewer unticked is their difference).
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    suggested: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    plan: Mapped[TreatmentPlan] = relationship()


class Jotting(Base):
    """The therapist's raw words; shown only to their author (a psychotherapy note)."""

    __tablename__ = "jottings"

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id"), unique=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    original_text: Mapped[str] = mapped_column(Text)

    note: Mapped[Note] = relationship(back_populates="jotting")


class FlagDecision(Base):
    """What the reviewer did with one flag (kept for trainee feedback)."""

    __tablename__ = "flag_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    key: Mapped[str] = mapped_column(String(300))
    decision: Mapped[str] = mapped_column(String(10))  # accepted | dismissed
    kind: Mapped[str] = mapped_column(String(20))
    flagged_text: Mapped[str] = mapped_column(Text)
    suggestion: Mapped[str | None] = mapped_column(Text, nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Addendum(Base):
    """A correction to a signed note, with its author and time."""

    __tablename__ = "addenda"

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    author: Mapped[User] = relationship()


class SearchItem(Base):
    """One line of a note's reviewed record, or one addendum, as search finds it.

    web/search/index.py keeps the rows current whenever a note or an addendum is flushed; a
    voided draft has none. Words: SQLite's FTS5 table `search_items_fts` mirrors `text` through
    the triggers of migration 0007, PostgreSQL indexes `to_tsvector('english', text)`. Meaning:
    `embedding` holds the line's float32 sentence vector, filled on first search, under the
    name of the embedding that made it (`Assistant.embedding_name`).
    """

    __tablename__ = "search_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("notes.id"), index=True)
    addendum_id: Mapped[int | None] = mapped_column(ForeignKey("addenda.id"), nullable=True)
    section: Mapped[str] = mapped_column(String(20))  # a note section, or "addendum"
    position: Mapped[int] = mapped_column(Integer, default=0)  # the line's index in its section
    text: Mapped[str] = mapped_column(Text)
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    embedding_name: Mapped[str | None] = mapped_column(String(80), nullable=True)

    note: Mapped[Note] = relationship()
    addendum: Mapped[Addendum | None] = relationship()


class AuditEvent(Base):
    """One line of the append-only audit log."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    username: Mapped[str] = mapped_column(String(80), default="", index=True)
    action: Mapped[str] = mapped_column(String(40), index=True)
    note_id: Mapped[int | None] = mapped_column(ForeignKey("notes.id"), nullable=True)
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"), nullable=True)
    detail: Mapped[str] = mapped_column(Text, default="")
    ip: Mapped[str] = mapped_column(String(64), default="")

    def as_json(self) -> str:
        """One JSON line for exports of the log."""
        return json.dumps(
            {
                "at": self.at.isoformat(),
                "user": self.username,
                "action": self.action,
                "note": self.note_id,
                "client": self.client_id,
                "detail": self.detail,
            }
        )


def _refuse_change(_mapper: Any, _connection: Any, target: AuditEvent) -> None:
    raise PermissionError("The audit log is append-only.")


# The database triggers (migration 0001) refuse the same at the SQL level.
event.listen(AuditEvent, "before_update", _refuse_change)
event.listen(AuditEvent, "before_delete", _refuse_change)


def _refuse_once_signed(message: str) -> Any:
    """A mapper hook refusing any change to a record (a note, a plan version) that was signed
    when loaded. Views check first; this is the last line of defence against a code path that
    forgets."""

    def refuse(_mapper: Any, _connection: Any, target: Note | TreatmentPlan) -> None:
        history = sa_inspect(target).attrs.status.history
        before = (history.deleted or history.unchanged or [None])[0]
        if before == "signed":
            raise PermissionError(message)

    return refuse


event.listen(
    Note,
    "before_update",
    _refuse_once_signed("A signed note cannot change; add an addendum instead."),
)
_signed_plan = _refuse_once_signed("A signed treatment plan cannot change; start a new version.")
event.listen(TreatmentPlan, "before_update", _signed_plan)
event.listen(TreatmentPlan, "before_delete", _signed_plan)


def _refuse_on_signed_note(_mapper: Any, connection: Any, target: Measure | NoteGoal) -> None:
    """A signed note's measures and goal progress are signed with it: none is added, changed
    or removed."""
    if target.note_id is None:
        return
    status = connection.scalar(select(Note.status).where(Note.id == target.note_id))
    if status == "signed":
        what = "measures" if isinstance(target, Measure) else "goal progress"
        raise PermissionError(f"A signed note's {what} cannot change; add an addendum instead.")


for _when in ("before_insert", "before_update", "before_delete"):
    event.listen(Measure, _when, _refuse_on_signed_note)
    event.listen(NoteGoal, _when, _refuse_on_signed_note)
