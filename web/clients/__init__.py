"""Clients: the list and search, adding one, and each client's timeline."""
