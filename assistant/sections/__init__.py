"""The section extractor: each role-tagged segment's words filed as items of the note's sections."""
