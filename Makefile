# The two commands of the README: `make run` serves the demo, `make test` runs every test
# (Go's, the front end's, and the demo app's own: `stark test pages/`).
GO ?= go
# Written by npm ci: the front end's packages are installed.
NODE_MODULES = web/frontend/node_modules/.package-lock.json

.PHONY: run test fuzz build frontend frontend-check node bench screenshots

# The binary first, then the demo: Ctrl-C stops the server, which exits 0
# (under `go run` make would report the signal as an error).
run: build
	@echo "serving the demo (pages/) on http://127.0.0.1:8501 — Ctrl-C stops it"
	@./bin/stark run pages/

test: frontend-check
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...
	$(GO) run ./cmd/stark test pages/
	$(MAKE) fuzz

# Each fuzz target briefly: the seed corpora run with every `go test`; this
# explores beyond them. The budget is a count of inputs, not a duration: a
# time-based -fuzztime fails now and then on Go 1.26 with "context deadline
# exceeded" at the deadline (golang/go#75804). FUZZTIME=200000x fuzzes longer.
FUZZTIME ?= 5000x
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzDecode$$' -fuzztime $(FUZZTIME) ./session/
	$(GO) test -run '^$$' -fuzz '^FuzzCSV$$' -fuzztime $(FUZZTIME) ./lib/table/
	$(GO) test -run '^$$' -fuzz '^FuzzJSON$$' -fuzztime $(FUZZTIME) ./lib/table/
	$(GO) test -run '^$$' -fuzz '^FuzzFilter$$' -fuzztime $(FUZZTIME) ./lib/table/
	$(GO) test -run '^$$' -fuzz '^FuzzExtremes$$' -fuzztime $(FUZZTIME) ./starlib/
	$(GO) test -run '^$$' -fuzz '^FuzzDataExtremes$$' -fuzztime $(FUZZTIME) ./lib/table/
	$(GO) test -run '^$$' -fuzz '^FuzzFormat$$' -fuzztime $(FUZZTIME) ./host/
	$(GO) test -run '^$$' -fuzz '^FuzzDecodeFast$$' -fuzztime $(FUZZTIME) ./session/

# A static binary (every dependency is pure Go), stamped with its commit
# for `stark version` (-buildvcs=auto overrides a GOFLAGS that turns it off).
# The first build downloads and compiles the dependencies: a minute or two.
build:
	@[ -x bin/stark ] || echo "building bin/stark (the first build downloads and compiles the dependencies: a minute or two)…"
	CGO_ENABLED=0 $(GO) build -buildvcs=auto -o bin/stark ./cmd/stark

# Rebuild the embedded browser bundle (needs Node and npm; the result is committed).
frontend: $(NODE_MODULES)
	cd web/frontend && npm run build

# The front end's checks: type check, unit tests (node --test), and a rebuild
# of the bundle that must leave the committed web/static as it is (the build
# is deterministic). The generated wire.ts is checked by session's tests.
frontend-check: $(NODE_MODULES)
	cd web/frontend && npm run --silent check && npm test && npm run --silent build >/dev/null
	@if [ -n "$$(git status --porcelain -- web/static)" ]; then \
		git status --short -- web/static; \
		echo "web/static differs from a build of web/frontend: run make frontend and commit web/static"; exit 1; \
	fi

# Node and npm from Debian's packages when missing (CI runs as root on a
# bare machine), then the front end's packages from the lock file; npm ci
# runs again only when the lock file changes.
node:
	@command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || { \
		export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null; }
$(NODE_MODULES): web/frontend/package-lock.json | node
	cd web/frontend && npm ci --no-audit --no-fund

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./host/...

# Every demo page in the light and the dark theme and at a phone's width
# (390 px), taken with Chromium into docs/img (see docs/screenshots.md).
screenshots:
	STARK_SCREENSHOTS=1 $(GO) test -count=1 -run '^TestScreenshots$$' ./cmd/stark/
