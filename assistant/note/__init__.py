"""The note: StructuredNote and what is derived from one (audit, score, formats, risk status)."""

from .structured import AuditCheck, Flag, Item, Measure, Session, StructuredNote

__all__ = ["AuditCheck", "Flag", "Item", "Measure", "Session", "StructuredNote"]
