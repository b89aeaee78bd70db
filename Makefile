# rockyiso Makefile: `make demo` runs the main job on a built-in example,
# `make test` runs every test (CI calls it through .ci/run).
GO ?= go
BIN := bin
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X main.version=$(VERSION)
EXAMPLE ?= examples/lab-4node.yaml
OUT ?= out

.PHONY: all build test lint demo clean

all: build

build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN)/rockyiso ./cmd/rockyiso
	CGO_ENABLED=0 GOOS=linux GOARCH=amd64 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN)/firstboot ./cmd/firstboot

test:
	$(GO) test -count=1 ./...

lint:
	gofmt -l . | tee /dev/stderr | (! read -r _)
	$(GO) vet ./...

demo: build
	./scripts/demo.sh $(EXAMPLE) $(OUT)

clean:
	rm -rf $(BIN) $(OUT)
