"""Notewell's web app (Flask). The app factory arrives with the web issue."""
