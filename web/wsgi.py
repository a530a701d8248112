"""The WSGI entry point for process-based servers: `gunicorn -w 2 --threads 4 web.wsgi:app`.

Each worker process builds the app and its pipeline once, at import, so the first request does
not pay for loading the models. Run `notewell db upgrade` before starting the server.
"""

from __future__ import annotations

from . import create_app
from .nlp import get_assistant

app = create_app()
# The encoder sets torch's threads itself when it loads (NOTEWELL_TORCH_THREADS).
get_assistant(app)
