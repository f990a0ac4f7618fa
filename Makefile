# Two entry points: `make run` (whole pipeline, default config) and `make test`.
# Both create .venv and install the pinned dependency set first.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CORES ?= 2
# pytest workers (pytest-xdist); each test file runs on one worker, its tests in order, the files
# that read the shared tiny pipeline run first (tests/conftest.py). Three on two cores: the
# system tests spend minutes waiting (on Slurm's status polls, on the tiny run's lock), and the
# third worker fills that time.
TEST_WORKERS ?= 3
# torch is pinned; TORCH_SPEC / TORCH_INDEX_URL let a GPU user pick another build, e.g.
#   make run TORCH_INDEX_URL=https://download.pytorch.org/whl/cu128
TORCH_SPEC ?= torch==2.13.0
TORCH_INDEX_URL ?=
# Folder with the four MNIST .gz files; empty = download them (SHA-256 checked either way).
MNIST_DIR ?=

export OMP_WAIT_POLICY := PASSIVE
export OMP_NUM_THREADS := 1
export MKL_NUM_THREADS := 1

SNAKEMAKE_ARGS := --profile profiles/local --cores $(CORES) \
	$(if $(MNIST_DIR),--config mnist_dir=$(abspath $(MNIST_DIR)))

.PHONY: run test docs lint lock clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet $(TORCH_SPEC) \
		$(if $(TORCH_INDEX_URL),--index-url $(TORCH_INDEX_URL))
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test,docs]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/snakemake $(SNAKEMAKE_ARGS)
	$(BIN)/snakemake $(SNAKEMAKE_ARGS) --report results/report.html
	@echo "report: results/report.html"

test: $(STAMP)
	$(BIN)/ruff check .
	MNIST_DIR=$(if $(MNIST_DIR),$(abspath $(MNIST_DIR))) $(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

# the documentation site, from the results of `make run` (docs/generate.py) and the docstrings
docs: $(STAMP)
	$(BIN)/python docs/generate.py --results results --out docs/_generated
	$(BIN)/sphinx-build -W --keep-going -q -b html docs docs/_build/html
	@echo "docs: docs/_build/html/index.html"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/snakemake --lint

lock: $(STAMP)
	{ echo "# Pinned dependency set used by make (pip constraints). Regenerate: make lock"; \
	  $(BIN)/python -m pip freeze --exclude-editable | grep -v '^torch=='; \
	  echo "$(TORCH_SPEC)"; } > requirements.lock
	$(BIN)/python workflow/envs/generate.py

clean:
	rm -rf $(VENV) .snakemake results
