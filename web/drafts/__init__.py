"""Drafts: the unsigned notes a therapist has open, voiding one, moving one to another client."""
