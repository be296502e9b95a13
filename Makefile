# The README's two commands are `make run` and `make test`; the rest are their parts.
SHELL := /bin/bash
.DEFAULT_GOAL := help

CARGO ?= cargo
NPM ?= npm
XUEXIN_BIN := target/debug/xuexin
# Under CI the PostgreSQL and browser runs are mandatory; locally PostgreSQL is used when reachable.
TEST_DATABASE_URL ?= $(shell pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && echo postgres://postgres@127.0.0.1:5432/postgres)
export TEST_DATABASE_URL
# Where the API tests and the fuzzer count what ran on which engine (tests/summary.sh reads it).
XUEXIN_TEST_TALLY := $(CURDIR)/target/test-tally.txt
export XUEXIN_TEST_TALLY
# API tests in parallel: each starts a server, mostly waiting on I/O, so twice the cores; more
# only adds waiting on a small machine (and timeouts in the tests that wait for the outbox).
TEST_THREADS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 2) * 2 )))

.PHONY: help run test build backend frontend frontend-deps browser-deps openapi client check-format check-contract check-compose \
        test-rust test-frontend test-browser test-contract fmt clean bench bench-quick

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

run: frontend backend ## build the SPA and the backend, then serve on http://127.0.0.1:8080 (SQLite under data/)
	$(XUEXIN_BIN) serve

test: check-format check-contract check-compose test-rust test-frontend test-browser test-contract ## run every test (unit, API on SQLite+PostgreSQL, SPA, browser, contract fuzzing)
	@tests/summary.sh $(XUEXIN_TEST_TALLY)

build: frontend backend ## build the SPA and the backend

backend: ## build the backend binary
	$(CARGO) build -p xuexin

frontend-deps: frontend/node_modules/.package-lock.json
frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && $(NPM) ci --no-audit --no-fund

frontend: frontend-deps ## build the SPA into frontend/dist
	cd frontend && $(NPM) run build

browser-deps: tests/browser/node_modules/.package-lock.json
tests/browser/node_modules/.package-lock.json: tests/browser/package-lock.json
	cd tests/browser && $(NPM) ci --no-audit --no-fund

openapi: ## regenerate openapi.yaml from the code
	$(CARGO) run -q -p xuexin -- openapi > openapi.yaml.tmp && mv openapi.yaml.tmp openapi.yaml

client: frontend-deps ## regenerate the SPA's typed client from openapi.yaml
	cd frontend && $(NPM) run gen:api

check-contract: frontend-deps ## fail when openapi.yaml or the SPA client drifted from the code
	@$(CARGO) run -q -p xuexin -- openapi | diff -u openapi.yaml - > /dev/null \
	  || { echo "openapi.yaml is out of date: run 'make openapi client' and commit the result"; exit 1; }
	cd frontend && $(NPM) run --silent check:api

check-format: ## fail when the Rust code is not formatted (fix with make fmt)
	$(CARGO) fmt --all -- --check

check-compose: ## validate docker-compose.yml (with whichever compose client is installed)
	@if docker compose version > /dev/null 2>&1; then docker compose config --quiet; \
	elif command -v docker-compose > /dev/null; then docker-compose config --quiet; \
	elif [ "$$CI" = true ]; then echo "CI=true but no compose client to validate docker-compose.yml"; exit 1; \
	else echo "skipped: no docker compose client to validate docker-compose.yml"; fi

test-rust: ## unit tests and black-box API tests (SQLite, and PostgreSQL when TEST_DATABASE_URL is set)
	@mkdir -p $(dir $(XUEXIN_TEST_TALLY)) && rm -f $(XUEXIN_TEST_TALLY)
	$(CARGO) test --workspace -- --test-threads=$(TEST_THREADS)
	@tests/summary.sh $(XUEXIN_TEST_TALLY) api

test-frontend: frontend-deps ## the SPA's type check, lint (no imports across features) and unit tests
	cd frontend && $(NPM) run typecheck && $(NPM) run lint && $(NPM) test

test-browser: frontend backend browser-deps ## Playwright in Debian's Chromium against the served SPA
	cd tests/browser && XUEXIN_BIN=$(CURDIR)/$(XUEXIN_BIN) APP_SPA_DIR=$(CURDIR)/frontend/dist $(NPM) test

test-contract: backend ## fuzz every operation of the live OpenAPI document with schemathesis
	XUEXIN_BIN=$(CURDIR)/$(XUEXIN_BIN) tests/contract/fuzz.sh

bench: ## release build, then every benchmark of docs/BENCHMARKS.md on 1,000,000 rows (PostgreSQL on 127.0.0.1:5432; long)
	bench/run.sh full

bench-quick: ## the same benchmarks on small data (under 3 minutes once built)
	bench/run.sh quick

fmt: ## format the Rust code
	$(CARGO) fmt --all

clean: ## remove build outputs (not data/)
	$(CARGO) clean
	rm -rf frontend/dist frontend/node_modules tests/browser/node_modules .venv
