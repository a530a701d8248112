"""Exports of a signed note: Markdown, PDF and the note-schema JSON."""
