# Benchmarks (included by the Makefile). Each benchmark is a bench-NAME
# target that adds itself to BENCHES; `make bench` runs them all. Other
# benchmarks live in their own bench-NAME.mk, included by the Makefile
# after this file (bench-import.mk).
# Results go to bench-out/ (git-ignored) as JSON; docs/benchmarks.md says
# how to read them.

BENCH_OUT ?= bench-out
BENCH_CACHE ?= /var/tmp/parley-bench-cache
BENCH_APT := notmuch maildir-utils time gnome-keyring dbus
BENCHES += bench-search

.PHONY: bench bench-deps bench-tools bench-search

## bench: every benchmark in BENCHES (the list is read when the recipe runs,
## so a bench-*.mk or a later line may still add to it)
bench:
	@for b in $(sort $(BENCHES)); do $(MAKE) --no-print-directory $$b || exit 1; done

## bench-deps: the peer tools and the keychain the benchmarks use
bench-deps:
	@missing=$$(for p in $(BENCH_APT); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing: $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

## bench-tools: the CLI under test and the benchmark driver
bench-tools: build-cli
	$(GO) build -buildvcs=false -o build/bin/parley-bench ./cmd/parley-bench

# bench-search: search over the real corpus, or SCALE generated messages
# (seed SEED), against notmuch and mu. RUNS in-process runs per query,
# PROC_RUNS whole-process runs per query and tool.
CORPUS ?= ../shared/corpus/public
SCALE ?=
SEED ?= 1
RUNS ?= 20
PROC_RUNS ?= 5
bench-search: bench-deps bench-tools
	./scripts/bench-search.sh $(if $(SCALE),-scale $(SCALE) -seed $(SEED),-maildir $(CORPUS)) \
		-runs $(RUNS) -proc-runs $(PROC_RUNS) -cache $(BENCH_CACHE) -out $(BENCH_OUT) >/dev/null
