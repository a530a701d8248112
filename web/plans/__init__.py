"""Treatment plans: versions of a client's goals and objectives, edited as drafts, then signed."""
