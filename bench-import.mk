# bench-import: the whole import pipeline (fetch, parse, thread, store,
# index) from a private Dovecot, against mbsync + notmuch / mu on the same
# mail. Included by the Makefile after bench.mk; docs/benchmarks.md has the
# shared conventions (bench-out/, BENCH_CACHE, SCALE, SEED).
#
#   make bench-import                  # the real corpus (3,035 messages)
#   make bench-import SCALE=200000     # demo.GenerateScale, seed SEED
#
# IMPORT_FLAGS passes more flags to the driver (e.g. -no-peers, -profile DIR).

BENCH_OUT ?= bench-out
BENCH_CACHE ?= /var/tmp/parley-bench-cache
CORPUS ?= ../shared/corpus/public
SEED ?= 1
IMPORT_FLAGS ?=
BENCH_IMPORT_APT := isync notmuch maildir-utils time dovecot-imapd gnome-keyring dbus
BENCHES += bench-import

.PHONY: bench-import bench-import-deps bench-import-tools

## bench-import-deps: the server and the peer tools, with apt when missing
bench-import-deps:
	@missing=$$(for p in $(BENCH_IMPORT_APT); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing: $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

## bench-import-tools: the CLI under test and the import benchmark driver
bench-import-tools: build-cli
	$(GO) build -buildvcs=false -o build/bin/parley-bench-import ./cmd/parley-bench-import

bench-import: bench-import-deps bench-import-tools
	./scripts/bench-import.sh $(if $(SCALE),-scale $(SCALE) -seed $(SEED),-maildir $(CORPUS)) \
		-cache $(BENCH_CACHE) -out $(BENCH_OUT) $(IMPORT_FLAGS)
