# Wecom Admin Portal. `make demo` and `make test` do all set-up on a fresh Debian machine.
SHELL := /bin/bash
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X main.version=$(VERSION)
BIN := bin/wecomadmin
WEB_SRC := $(shell find web/src web/index.html web/package.json web/vite.config.ts -type f 2>/dev/null)
WEB_STAMP := internal/webui/dist/index.html

.PHONY: demo test test-load bench build build-sdk web dev lint gates fuzz sim clean test-go test-web

## demo: build the UI (when stale) and the binary, then run the portal with the simulator and seeded data
demo: web build
	./$(BIN) demo --addr $${ADDR:-127.0.0.1:8080}

## test: install what tests need (idempotent), start test services, run every test
test:
	bash scripts/test.sh

## test-load: the storm, load, kill and scale tests that make test skips (CI runs both)
test-load:
	bash scripts/test-load.sh

## bench: Go benchmarks that print their figures and baselines, then make test-load
bench:
	bash scripts/bench.sh

## build: the binary, with the embedded UI if it was built
build:
	go build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/wecomadmin

## build-sdk: the binary with Tencent's Finance SDK (cgo, build tag financesdk), linked against
## libWeWorkFinanceSdk_C.so from SDK_DIR (found there at run time through the binary's rpath)
build-sdk:
	@test -n "$(SDK_DIR)" -a -f "$(SDK_DIR)/libWeWorkFinanceSdk_C.so" || { echo "build-sdk: set SDK_DIR to the directory holding Tencent's libWeWorkFinanceSdk_C.so" >&2; exit 2; }
	CGO_ENABLED=1 CGO_LDFLAGS="-L$(abspath $(SDK_DIR)) -Wl,-rpath,$(abspath $(SDK_DIR))" \
		go build -trimpath -tags financesdk -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/wecomadmin

## web: build the Vue UI into internal/webui/dist (skipped when up to date)
web: $(WEB_STAMP)

$(WEB_STAMP): $(WEB_SRC) web/package-lock.json
	bash scripts/web-build.sh

## dev: run the Go server in demo mode and the Vite dev server with hot reload
dev: build
	(./$(BIN) demo --addr 127.0.0.1:8080 &) ; cd web && npm run dev

## lint: vet and staticcheck
lint:
	go vet ./...
	go tool staticcheck ./...

## gates: gosec, golangci-lint, govulncheck, npm audit, secret scan (also part of make test)
gates:
	bash scripts/gates.sh

## fuzz: every Fuzz target for FUZZTIME each (default 10s)
fuzz:
	bash scripts/fuzz.sh $${FUZZTIME:-10s}

## sim: run the WeCom simulator standalone
sim: build
	./$(BIN) sim --addr $${SIM_ADDR:-127.0.0.1:9001} --seed $${SEED:-1}

clean:
	rm -rf bin web/dist
	find internal/webui/dist -mindepth 1 ! -name .keep -delete
