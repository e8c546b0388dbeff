# The two commands of the README: `make run` serves the demo, `make test` runs every test.
GO ?= go

.PHONY: run test build frontend bench

run:
	$(GO) run ./cmd/stark run pages/

test:
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...

build:
	$(GO) build -o bin/stark ./cmd/stark

# Rebuild the embedded browser bundle (needs Node and npm; the result is committed).
frontend:
	cd web/frontend && npm ci && npm run build

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./host/...
