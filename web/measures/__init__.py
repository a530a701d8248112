"""Measures: scores and ratings on a note draft or the client's record, added and removed."""
