# The two commands: `make run` serves the blog, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run dev test lint unit browser-deps node-deps backup-deps bench bench-deps audit audit-deps \
	install install-test clean

$(BIN)/activate:
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/activate setup.cfg pyproject.toml
	@echo "Installing the blog into $(VENV)…"
	@$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

prepare: install
	@$(FLASK) init-db
	@$(FLASK) ensure-admin
	@$(FLASK) seed-demo --if-empty
	@$(FLASK) purge-ips

# granian with the production settings in blog/serve.py (WEB_CONCURRENCY, WEB_THREADS, ...),
# and the outbox sender beside it (BLOG_MAIL_SENDER=false leaves it out); its first line says
# where the site and its admin are.
run: prepare
	@$(BIN)/python -m blog.serve --host $(HOST) --port $(PORT)

dev: prepare
	$(FLASK) run --debug --host $(HOST) --port $(PORT)

# Debian's chromium for the browser tests, npm for their tools and Java for the HTML checker;
# each installed only when missing (CI runs as root).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	@command -v npm >/dev/null 2>&1 || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; }
	@command -v java >/dev/null 2>&1 || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		default-jre-headless; }

# axe-core, vnu-jar and lighthouse, pinned by package-lock.json (node_modules is not committed).
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

node-deps: browser-deps node_modules/.package-lock.json

lint: install-test
	$(BIN)/ruff check blog tests bench wsgi.py

# pg_dump for `flask backup` on PostgreSQL (and its test); installed only when missing.
backup-deps:
	@command -v pg_dump >/dev/null 2>&1 || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		postgresql-client; }

# pip-audit when the vulnerability data is reachable; says so plainly (and passes) when not.
audit-deps: install-test
	$(BIN)/python -m tests.security.audit_deps

test: install-test browser-deps node-deps backup-deps lint
	$(BIN)/pytest $(PYTEST_ARGS)

# wrk drives the load and nginx-light serves the static baseline; installed only when missing.
bench-deps:
	@command -v wrk >/dev/null 2>&1 && { command -v nginx >/dev/null 2>&1 || \
		test -x /usr/sbin/nginx; } || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light; }

bench: install-test bench-deps
	$(BIN)/python -m bench.run

audit: install-test browser-deps node-deps
	$(BIN)/python -m tests.browser.audit

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
