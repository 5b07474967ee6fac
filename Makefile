# pakn: `make run` starts the bot on its embedded default, `make test` runs the test suite.
# Both create .venv and install what is needed, once (re-installed when pyproject.toml changes).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install lock run test test-postgres bench lint clean

# Every dependency comes from requirements.lock, pinned and checked against its hashes;
# `make lock` rewrites the lock after a change to pyproject.toml.
$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "pakn needs $(PYTHON) (Python 3.11 or newer)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/pakn run

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/run.py

lock:
	test -x $(VENV)-lock/bin/pip-compile || { $(PYTHON) -m venv $(VENV)-lock && \
		$(VENV)-lock/bin/pip install --quiet pip-tools; }
	$(VENV)-lock/bin/pip-compile --quiet --allow-unsafe --extra dev --generate-hashes \
		--strip-extras --no-emit-index-url --no-emit-find-links -o requirements.lock pyproject.toml

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) $(VENV)-lock .pytest_cache build *.egg-info
