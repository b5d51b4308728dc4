# Two commands set everything up on a fresh machine with Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCALE := retro/i18n/locale
PO := $(LOCALE)/sv/LC_MESSAGES/retro.po

.PHONY: run test test-plain bench clean messages mo

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Installing compiles retro.po (retro/i18n/build_hook.py): an edited translation reinstalls.
$(STAMP): pyproject.toml $(PO) | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/retro

# The suite on two workers per core (pytest-xdist): the app tests spend much of their time
# waiting (store polls, subprocesses, a browser), so more workers than cores overlap the waits.
# TEST_JOBS=0 runs it in one process.
TEST_JOBS ?= $(shell echo $$(( $$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2) * 2 )))
PYTEST := $(BIN)/python -m pytest -n $(TEST_JOBS) --dist loadgroup

test: $(STAMP)
	$(PYTEST)

# The app tests again on plain Textual, without the speed layer (retro/tui/fast/).
test-plain: $(STAMP)
	RETRO_PLAIN_TEXTUAL=1 $(PYTEST) tests/app

bench: $(STAMP)
	$(BIN)/python tests/bench/run_all.py

# The strings of the code into the Swedish catalogue: new ones come in empty (or fuzzy, with a
# guess) for a translator, gone ones leave; the tests fail until each has its Swedish.
messages: $(STAMP)
	$(BIN)/pybabel extract -F retro/i18n/babel.cfg --no-default-keywords -k t -k n:1,2 \
		--project retro --copyright-holder "retro's authors" -o $(LOCALE)/retro.pot retro
	$(BIN)/pybabel update -i $(LOCALE)/retro.pot -d $(LOCALE) -D retro -l sv --ignore-obsolete

# retro.po -> retro.mo by hand (installing does it too), with gettext's checks when present.
mo: $(STAMP)
	$(BIN)/pybabel compile -d $(LOCALE) -D retro -l sv --statistics
	if command -v msgfmt >/dev/null; then msgfmt --check -o /dev/null $(PO); fi

clean:
	rm -rf $(VENV) build dist .pytest_cache
