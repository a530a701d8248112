"""The assistant_* spaCy components, one per module; factories live in assistant/factories.py."""
