# The two commands of the README: `make run` serves the demo, `make test` runs every test.
GO ?= go

.PHONY: run test fuzz build frontend bench

run:
	$(GO) run ./cmd/stark run pages/

test:
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...
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

build:
	$(GO) build -o bin/stark ./cmd/stark

# Rebuild the embedded browser bundle (needs Node and npm; the result is committed).
frontend:
	cd web/frontend && npm ci && npm run build

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./host/...
