"""Notes: a new note from a jotting, the review page, save, sign, addenda."""
