# SGD Layers: `make serve` to play with it, `make test` to check everything.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/node_modules/.bin:$(PATH)

.PHONY: setup serve build test test-native test-browser size doc

setup:
	bash scripts/setup.sh

## Serve the tutorial at http://127.0.0.1:8080 (installs what is missing first).
serve: setup
	trunk serve

## Release build into dist/ (any static server can host it).
build: setup
	trunk build --release

## Every test: native core tests, the size budget, and browser tests on the release build.
test: setup
	bash scripts/test-deps.sh
	cargo test --all-targets
	cargo test --doc
	trunk build --release
	node scripts/size.mjs --check
	node --test --test-concurrency=1 tests/e2e/

test-native:
	cargo test --all-targets

test-browser: build
	bash scripts/test-deps.sh
	node --test --test-concurrency=1 tests/e2e/

## Compressed size of a first visit.
size: build
	node scripts/size.mjs

doc:
	cargo doc --no-deps --lib
