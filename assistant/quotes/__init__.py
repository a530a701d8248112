"""The quote finder: the client's own words in quote marks, and the writer's scare quotes."""
