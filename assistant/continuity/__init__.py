"""Last session carried forward: items of a new note linked to the previous note's homework."""

from .linker import HomeworkLinker, homework_of

__all__ = ["HomeworkLinker", "homework_of"]
