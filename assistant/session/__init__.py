"""The session finder: the session's date, duration and start/stop time, and their parsing."""
