"""The flag finder: interpretive and jargon wording, with the context rules that clear it."""
