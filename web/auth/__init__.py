"""Accounts: the first account on an empty database, signing in and out."""
