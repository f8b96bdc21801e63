# SGD Layers: `make serve` to play with it, `make test` to check everything.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/node_modules/.bin:$(PATH)

.PHONY: setup serve build test test-quick test-first-visit test-native test-browser size doc bench soak lighthouse robust-long

setup:
	bash scripts/setup.sh

## Serve the tutorial at http://127.0.0.1:8080 (installs what is missing first).
serve: setup
	trunk serve

## Release build into dist/ (any static server can host it).
build: setup
	trunk build --release

## Every test: native core tests, the size budget, and browser tests on the release build
## (2 workers), then a table of each stage's wall time.
test:
	bash scripts/test.sh

## The inner loop: native tests, the release build, and the browser tests of one widget
## (WIDGET=saddle make test-quick) or of one chapter's file (CHAPTER=layer-3 make test-quick).
test-quick: setup
	bash scripts/test-deps.sh
	bash scripts/test.sh quick

## The first-visit test on a 6x throttled CPU and a slow network, 20 visits in a row.
test-first-visit: build
	bash scripts/test-deps.sh
	FIRST_VISIT_RUNS=20 node scripts/e2e.mjs lazy

test-native:
	cargo test --all-targets

test-browser: build
	bash scripts/test-deps.sh
	node scripts/e2e.mjs

## Compressed size of a first visit.
size: build
	node scripts/size.mjs

doc:
	cargo doc --no-deps --lib

## Benchmarks (native criterion + every widget in the browser) → BENCHMARKS.md.
bench: build
	bash scripts/test-deps.sh
	node scripts/bench.mjs

## Every widget playing at top speed for 10 minutes (SOAK_SECONDS=600); memory growth ≤ 5 MB.
soak: build
	bash scripts/test-deps.sh
	node scripts/soak.mjs

## Lighthouse scores of the built site (installs lighthouse into bench/ on first use).
lighthouse: build
	bash scripts/test-deps.sh
	cd bench && npm ci --no-audit --no-fund
	node scripts/lighthouse.mjs

## Long robustness variants: 20 000 random optimizer configurations, 2 000 monkey actions.
robust-long: build
	cargo test --release --test core -- --ignored runs_never_store_non_finite_values_long
	MONKEY_ACTIONS=2000 node --test --test-name-pattern=monkey tests/e2e/quality.test.mjs
