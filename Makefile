# Parley — the Makefile is the contract: run, dev, build, test, lint, bench, generate.
# Every target installs what it needs when it is missing, on Debian/Ubuntu.

SHELL := /bin/bash
GO ?= go
GOBIN := $(shell $(GO) env GOPATH)/bin
WAILS_VERSION := v2.16.0
STATICCHECK_VERSION := v0.8.2
TAGS := desktop,production,webkit2_41
APT_PACKAGES := build-essential pkg-config libgtk-3-dev libwebkit2gtk-4.1-dev xvfb xauth \
	imagemagick xdotool chromium gnome-keyring dbus dbus-x11 libsecret-tools dovecot-imapd
BENCH_PACKAGES := isync notmuch maildir-utils
export PATH := $(GOBIN):$(PATH)

.PHONY: run dev build build-cli test test-go test-frontend test-e2e test-window lint generate check-generated \
	deps deps-apt deps-go deps-npm frontend fuzz clean

## run: build the desktop app and open it (demo workspace on first run)
run: deps build
	./build/bin/parley-desktop

## dev: live-reloading desktop app
dev: deps
	$(GOBIN)/wails dev -tags webkit2_41

## build: the desktop app and the CLI
build: frontend
	$(GO) build -buildvcs=false -tags $(TAGS) -ldflags "-w -s" -o build/bin/parley-desktop .
	$(MAKE) build-cli

## build-cli: the command line: a small front (parley) and the engine it hands work to
build-cli:
	$(GO) build -buildvcs=false -o build/bin/parley-engine ./cmd/parley-engine
	$(GO) build -buildvcs=false -o build/bin/parley ./cmd/parley

## test: every test, with real servers (a missing server fails, never skips)
test: deps lint check-generated frontend test-go test-frontend test-e2e test-window

test-go: build-cli
	PARLEY_REQUIRE_SERVERS=1 dbus-run-session -- ./scripts/with-keyring.sh \
		$(GO) test -race -count=1 -timeout 20m ./...

test-frontend:
	cd frontend && npm run test --silent

test-e2e: frontend build-cli
	cd frontend && PARLEY_BIN=$(CURDIR)/build/bin/parley npm run e2e --silent

test-window: build
	./scripts/window-smoke.sh

## lint: gofmt, go vet, staticcheck
lint: frontend/dist/.placeholder
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GOBIN)/staticcheck ./...

## generate: the Wails bindings in frontend/wailsjs
generate:
	$(GOBIN)/wails generate module -tags webkit2_41

check-generated: generate
	@git diff --exit-code -- frontend/wailsjs || { echo "frontend/wailsjs is stale: run 'make generate' and commit"; exit 1; }

frontend/dist/.placeholder:
	mkdir -p frontend/dist && touch $@

## frontend: build the UI into frontend/dist (Vite empties it; put the placeholder back)
frontend: deps-npm
	cd frontend && npm run build --silent
	touch frontend/dist/.placeholder

deps: deps-apt deps-go deps-npm

deps-apt:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing: $$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

deps-go:
	$(GO) mod download
	@[ -x $(GOBIN)/wails ] && $(GOBIN)/wails version 2>/dev/null | grep -q $(WAILS_VERSION) || $(GO) install github.com/wailsapp/wails/v2/cmd/wails@$(WAILS_VERSION)
	@[ -x $(GOBIN)/staticcheck ] || $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

deps-npm:
	@if [ -f frontend/package.json ]; then cd frontend && { [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund; }; fi

## fuzz: run every fuzz target for FUZZTIME each (make test runs their seed corpora only)
FUZZTIME ?= 60s
fuzz:
	@for pkg in $$(grep -rl --include='*_test.go' '^func Fuzz' app cmd sync 2>/dev/null | xargs -n1 dirname | sort -u); do \
		for fn in $$(grep -h '^func Fuzz' $$pkg/*_test.go | sed 's/func \(Fuzz[A-Za-z0-9_]*\).*/\1/'); do \
			echo "fuzzing $$fn in ./$$pkg for $(FUZZTIME)"; \
			$(GO) test -run '^$$' -fuzz "^$$fn$$" -fuzztime $(FUZZTIME) ./$$pkg || exit 1; \
		done; \
	done

clean:
	rm -rf build/bin frontend/node_modules
	find frontend/dist -mindepth 1 ! -name .placeholder -delete

# Benchmarks (make bench, bench-import, bench-search) live in bench.mk.
-include bench.mk
-include bench-import.mk
