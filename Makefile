# Two commands on a fresh machine (python3, make, git): `make run` and `make test`.
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# uv manages .venv from uv.lock; it never downloads a Python of its own.
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(PYTHON)

PHONY_EXTRA := bench soak fuzz outage bench-search bench-uploads audit
.PHONY: install run serve test $(PHONY_EXTRA) lint format migrations-check check-deploy ci clean-db

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --quiet
	@touch $@

install: $(VENV)/.installed

# A local .env (git-ignored), written once, says "development": settings read
# it, so every command in the README works as typed after `make run`.
.env:
	@printf '# Local development settings, written by `make run`; git ignores this file.\n# Production sets real environment variables instead (README, Configuration).\nDJANGO_DEBUG=1\n' > $@
	@echo "Đã tạo .env cho máy phát triển (DJANGO_DEBUG=1)."

run: export DJANGO_DEBUG ?= 1
run: install .env
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py ensure_local_admin --url http://$(HOST):$(PORT)/
	$(PY) manage.py runserver $(HOST):$(PORT)

# Production-style serving: gunicorn with DEBUG off, on whatever DATABASE_URL says.
# Set DJANGO_SECRET_KEY in production; for a local try-out a throwaway key is
# made, and plain-HTTP cookies and no HTTPS redirect are allowed.
SERVE_ENV = DJANGO_DEBUG=0 \
	DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-local-serve-$$(cat var/serve-key 2>/dev/null)} \
	DJANGO_ALLOWED_HOSTS=$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost} \
	PORTAL_SITE_URL=$${PORTAL_SITE_URL:-http://$(HOST):$(PORT)} \
	DJANGO_SECURE_SSL_REDIRECT=$${DJANGO_SECURE_SSL_REDIRECT:-0} \
	DJANGO_SECURE_COOKIES=$${DJANGO_SECURE_COOKIES:-0} \
	PORTAL_SERVE_MEDIA=$${PORTAL_SERVE_MEDIA:-1}

serve: install
	@mkdir -p var
	@test -s var/serve-key || $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > var/serve-key
	$(SERVE_ENV) $(PY) manage.py migrate --noinput
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(SERVE_ENV) GUNICORN_BIND=$${GUNICORN_BIND:-$(HOST):$(PORT)} \
		$(VENV)/bin/gunicorn -c gunicorn.conf.py portal.wsgi

test: export DJANGO_DEBUG ?= 1
test: install
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Random exploration of the property tests: fresh examples every run, FUZZ_SCALE
# times as many as `make test` draws (which always draws the same ones).
fuzz: export DJANGO_DEBUG ?= 1
fuzz: install
	HYPOTHESIS_PROFILE=fuzz FUZZ_SCALE=$${FUZZ_SCALE:-25} $(VENV)/bin/pytest tests/test_fuzz.py $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migrations-check: export DJANGO_DEBUG ?= 1
migrations-check: install
	$(PY) manage.py makemigrations --check --dry-run

# `manage.py check --deploy` with the production variables the README documents.
check-deploy: install
	DJANGO_DEBUG=0 \
	DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	DJANGO_ALLOWED_HOSTS=thanhuy.example.vn \
	PORTAL_SITE_URL=https://thanhuy.example.vn \
	$(PY) manage.py check --deploy --fail-level WARNING

ci:
	bash .ci/run

clean-db:
	rm -f var/portal.sqlite3 var/portal.sqlite3-wal var/portal.sqlite3-shm

# Search speed: 100,000 articles on PostgreSQL (own database portal_bench), 10,000 on SQLite.
bench-search: install
	$(PY) bench/search_bench.py $(BENCH_ARGS)

# Crafted uploads (issue 17) against gunicorn as `make serve` runs it, editors at
# work meanwhile: time per upload, the editors' answers, peak memory (README, Security).
bench-uploads: install
	$(PY) bench/uploads.py $(BENCH_ARGS)

# Benchmarks (see README, "Benchmark"): page throughput as ratios to a static
# file, on PostgreSQL with Redis, bounded in time. BENCH_ARGS="--quick" skips 100k.
bench: install
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(PY) bench/bench.py $(BENCH_ARGS)

# Soak: 60 s at concurrency 64, pages and searches, an editor publishing meanwhile.
soak: install
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(PY) bench/soak.py $(SOAK_ARGS)

# Lighthouse (mobile) and the Nu HTML Checker on the public pages of a running
# portal (`make serve` first); tools come from npm into var/audit/ on first use.
audit: install
	$(PY) bench/audit.py $(AUDIT_ARGS)

# Database outage: pages, search and the admin under load while a PostgreSQL
# cluster of its own (temporary, port 5499+) restarts and stops; fails on any 500.
outage: install
	$(PY) bench/outage.py $(OUTAGE_ARGS)
