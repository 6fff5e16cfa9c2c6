# Backprop Playground. `make run` serves the playground; `make test` runs every test.
GO        ?= go
GOROOT    := $(shell $(GO) env GOROOT)
WASM_ENV  := GOOS=js GOARCH=wasm
WASM_EXEC := $(GOROOT)/lib/wasm/go_js_wasm_exec

# Where tests and benchmarks find the full CIFAR-10 and the numpy reference.
export CIFAR10_DIR   ?= $(abspath ../shared/cifar-10)
export REFERENCE_DIR ?= $(abspath ../shared/reference)

.PHONY: all test vet test-native test-wasm bench data sample help

all: test

help:
	@echo "make test    vet (native + wasm), all tests, core tests again under wasm (node)"
	@echo "make bench   benchmarks, with ratios against peers"
	@echo "make data    get the full CIFAR-10 into data/cifar-10 (DIR=folder to copy from instead)"
	@echo "make sample  rebuild assets/cifar-sample from the full set"

test: vet test-native test-wasm

vet:
	$(GO) vet ./...
	$(WASM_ENV) $(GO) vet ./...

test-native:
	$(GO) test ./...

# The engine must behave the same in the browser: its tests again under node.
test-wasm:
	$(WASM_ENV) $(GO) test -exec "$(WASM_EXEC)" ./core/...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./core/...

sample:
	$(GO) run ./cmd/mlp sample -data "$(CIFAR10_DIR)" -out assets/cifar-sample
