# newswatch — the two commands a new user runs are `make run` and `make test`.
# Every target installs what it needs first (Debian packages through apt-get), so a clean clone works.

SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || command -v sudo >/dev/null && [ "$$(id -u)" != 0 ] && echo sudo)
APT_PACKAGES := pkg-config libcurl4-openssl-dev libxml2-dev libsqlite3-dev logrotate
BIN := .build/debug/newswatch

.PHONY: all deps build test run clean

all: build

# The C libraries newswatch links, installed only when pkg-config cannot find them; logrotate for
# the alert log's rotation tests.
deps:
	@if ! pkg-config --exists libcurl libxml-2.0 sqlite3 2>/dev/null || ! { command -v logrotate || [ -x /usr/sbin/logrotate ]; } >/dev/null; then \
		echo "Installing $(APT_PACKAGES)"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_PACKAGES); \
	fi

build: deps
	$(SWIFT) build

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# For now: parse the five seed articles and print them in the text form.
run: build
	@for f in seeds/*.txt; do echo "==> $$f"; $(BIN) parse --text "$$f" || exit 1; echo; done

clean:
	rm -rf .build var
