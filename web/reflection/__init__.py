"""Reflection: what followed each intervention, per client and across the caseload."""
