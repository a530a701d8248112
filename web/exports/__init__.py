"""Exports of a signed note: Markdown, PDF, JSON, FHIR, copy as text; the author's jotting."""
