PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: install run test test-fast test-e2e lint messages check-translations check-deploy load backup-drill bench bench-import clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:8000

# The whole suite, browser tests included (what CI runs). PYTEST_ARGS passes options on,
# e.g. `make test-fast PYTEST_ARGS="-x tests/roles"`.
test: install
	$(PY) -m pytest $(PYTEST_ARGS)

# Everything but the browser tests: no Chromium needed.
test-fast: install
	$(PY) -m pytest -m "not e2e" $(PYTEST_ARGS)

# The browser tests alone (marker e2e), in Debian's Chromium.
test-e2e: install
	$(PY) -m pytest -m e2e $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

# Extract the strings into the Dutch catalogues (the project's and each app's) and
# compile them (needs GNU gettext).
messages: install
	$(PY) manage.py makemessages --locale nl --no-location \
		--ignore 'tests/*' --ignore 'bench/*' --ignore 'staticfiles/*'
	$(PY) manage.py compilemessages --locale nl --ignore '.venv'

check-translations: install
	$(PY) scripts/check_translations.py

check-deploy: install
	DEBUG=false SECRET_KEY=check-deploy-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	ALLOWED_HOSTS=wijk.example.org SITE_URL=https://wijk.example.org \
	$(PY) manage.py check --deploy --fail-level WARNING

# Sign-ups and confirmations against gunicorn on PostgreSQL while the mail server goes
# down and comes back (needs PostgreSQL and Redis; see "Load and faults" in the README).
load: install
	$(PY) bench/load/run.py

# pg_dump of a seeded database, pg_restore into an empty one, migrate --check, row counts.
backup-drill: install
	$(PY) scripts/backup_drill.py

# The main pages at full size (seed_demo --scale 170) and at one tenth, against a plain
# page, served by gunicorn; on PostgreSQL when DATABASE_URL points there. Takes about
# ten minutes the first time (seeding); see "Performance" in the README.
bench: install
	$(PY) bench/run.py $(BENCH_ARGS)

# Importing a list of 1,000 people through the dashboard's pages (upload, check, import),
# timed, on PostgreSQL when DATABASE_URL points there; see "Performance" in the README.
bench-import: install
	$(PY) bench/import_people.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles
