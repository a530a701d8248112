"""Continuity across sessions: a new note's items linked to the previous note's homework, and
the topics of a client's notes grouped by theme."""

from .linker import HomeworkLinker, homework_of
from .topics import TopicGrouper

__all__ = ["HomeworkLinker", "TopicGrouper", "homework_of"]
