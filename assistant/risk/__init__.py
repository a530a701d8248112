"""The risk check: every segment read for risk, and the assertion of each risk statement."""
