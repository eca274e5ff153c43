# newswatch — the two commands a new user runs are `make run` and `make test`.
# Every target installs what it needs first (Debian packages through apt-get), so a clean clone works.

SHELL := /bin/bash
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || command -v sudo >/dev/null && [ "$$(id -u)" != 0 ] && echo sudo)
APT_PACKAGES := pkg-config libcurl4-openssl-dev libxml2-dev libsqlite3-dev zlib1g-dev libbrotli-dev libzstd-dev openssl nginx logrotate systemd python3
BIN := .build/debug/newswatch

PREFIX ?= /usr/local
DESTDIR ?=

.PHONY: all deps build test run clean install unit-check bench soak fuzz test-asan test-tsan

all: build

# The C libraries newswatch links (libcurl, libxml2, SQLite; zlib, brotli and zstd, with which the
# fetcher undoes content codings itself); openssl and nginx, which the fetch tests start on loopback as real
# TLS and HTTP/2 servers; logrotate for the alert log's rotation tests; systemd-analyze for the unit;
# python3 for the chaos feed server (scripts/chaos_feed_server.py) of the daemon tests and `make soak`.
# Installed only when something is missing.
deps:
	@if ! pkg-config --exists libcurl libxml-2.0 sqlite3 zlib libbrotlidec libzstd 2>/dev/null || ! command -v systemd-analyze >/dev/null \
		|| ! command -v openssl >/dev/null || ! command -v nginx >/dev/null || ! command -v python3 >/dev/null \
		|| ! { command -v logrotate || [ -x /usr/sbin/logrotate ]; } >/dev/null; then \
		echo "Installing $(APT_PACKAGES)"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_PACKAGES); \
	fi

build: deps
	$(SWIFT) build

# Swift Testing's closing line is repeated as a plain "N passed, 0 failed" at the very end, after the
# unit check, because swift test also prints XCTest's "Executed 0 tests" (this package has none).
test: deps
	$(SWIFT) build --build-tests
	@set -o pipefail; $(SWIFT) test --skip-build 2>&1 | tee .build/test-output.txt
	@$(MAKE) --no-print-directory unit-check
	@n=$$(sed -n 's/.*Test run with \([0-9]*\) tests.* passed.*/\1/p' .build/test-output.txt | tail -1); \
	[ -n "$$n" ] || { echo "make test: no Swift Testing summary in the output"; exit 1; }; \
	echo "$$n passed, 0 failed"

# The systemd unit must verify cleanly and rate at most 2.0 in `systemd-analyze security`.
# verify needs the binary the unit names, so it checks a copy that points at the one just built.
unit-check: build
	@unit=$$(mktemp -d)/newswatch.service; \
	sed "s|/usr/local/bin/newswatch|$(CURDIR)/$(BIN)|g" systemd/newswatch.service > $$unit; \
	systemd-analyze verify $$unit || exit 1; \
	score=$$(systemd-analyze security --offline=yes $$unit | sed -n 's/.*Overall exposure level for newswatch.service: \([0-9.]*\).*/\1/p'); \
	echo "systemd-analyze verify: clean; security exposure: $$score (target at most 2.0)"; \
	awk -v s="$$score" 'BEGIN { exit !(s != "" && s <= 2.0) }'

# The Swift runtime and Foundation linked in (--static-swift-stdlib): 5 MB less resident memory and
# 10 ms less start-up CPU than loading and relocating them as shared libraries (bench/README.md).
install: build
	$(SWIFT) build -c release --static-swift-stdlib
	install -D -m 0755 .build/release/newswatch $(DESTDIR)$(PREFIX)/bin/newswatch
	install -D -m 0644 systemd/newswatch.service $(DESTDIR)/etc/systemd/system/newswatch.service
	@if [ ! -e $(DESTDIR)/etc/newswatch/newswatch.toml ]; then \
		install -D -m 0644 Config/newswatch.toml $(DESTDIR)/etc/newswatch/newswatch.toml; \
	else echo "kept the existing $(DESTDIR)/etc/newswatch/newswatch.toml"; fi
	@if [ -e Config/logrotate.newswatch ]; then install -D -m 0644 Config/logrotate.newswatch $(DESTDIR)/etc/logrotate.d/newswatch; fi
	install -D -m 0644 README.md $(DESTDIR)$(PREFIX)/share/doc/newswatch/README.md
	@echo "Installed. Next: edit /etc/newswatch/newswatch.toml, then systemctl daemon-reload && systemctl enable --now newswatch"

# The daemon in the foreground on the example config, with its archive and alert log under ./var/
# (`tail -f var/alerts.log` in another terminal). The config's local seed feed works offline; the
# real news feeds fail cleanly without internet and back off. Ctrl-C stops it.
run: build
	@mkdir -p var
	STATE_DIRECTORY=$(CURDIR)/var LOGS_DIRECTORY=$(CURDIR)/var $(BIN) run --config Config/newswatch.toml

# Every speed figure of the README, side by side with the peers (bench/README.md); QUICK=1 for a
# small run of a few minutes. Writes bench/results/latest.md.
bench: deps
	QUICK=$(QUICK) SWIFT=$(SWIFT) bench/run.sh

# The soak run: the real daemon for SOAK_MINUTES (default 10) against 500 chaos and 500 well-behaved
# feeds from scripts/chaos_feed_server.py, with config edits, SIGHUP, logrotate and SIGKILL restarts;
# then it checks the archive, the alert log, memory and descriptors (scripts/soak.py says how), and
# fails on any problem. SOAK_BINARY= runs another build (e.g. .build/release/newswatch).
SOAK_MINUTES ?= 10
soak: build
	python3 scripts/soak.py --minutes $(SOAK_MINUTES) --binary $(or $(SOAK_BINARY),$(BIN))

# libFuzzer on each parser that reads outside input (newswatch-fuzz: feed parser, HTML extractor,
# plain-text reader, rule queries, config loader), FUZZ_SECONDS each, seeded from the test fixtures.
# Inputs that found new paths stay in .build-fuzz/corpus/ for the next run; a crash, timeout or memory
# blow-up leaves its input in .build-fuzz/crashes/ (replay it: .build/debug/newswatch-fuzz TARGET FILE)
# and fails the run after every target has had its turn.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= feed-parser html-extractor plain-text-reader rule-query config-loader
fuzz: deps
	$(SWIFT) build -c debug --scratch-path .build-fuzz --product newswatch-fuzz \
		-Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DFUZZING -Xswiftc -O
	@python3 scripts/fuzz-seeds.py .build-fuzz/seeds
	@failed=""; for target in $(FUZZ_TARGETS); do \
		mkdir -p .build-fuzz/corpus/$$target .build-fuzz/crashes; \
		echo "== $$target: $(FUZZ_SECONDS)s"; \
		LSAN_OPTIONS=suppressions=$(CURDIR)/scripts/lsan.supp:print_suppressions=0 NEWSWATCH_FUZZ_TARGET=$$target .build-fuzz/debug/newswatch-fuzz .build-fuzz/corpus/$$target .build-fuzz/seeds/$$target \
			-max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 \
			-artifact_prefix=.build-fuzz/crashes/$$target- 2>&1 | tee .build-fuzz/$$target.log | grep -E '^(#[0-9]+ +DONE|==[0-9]+==|SUMMARY|stat::number_of_executed_units|artifact_prefix|Test unit written)' ; \
		[ "$${PIPESTATUS[0]}" = 0 ] || failed="$$failed $$target"; \
	done; \
	if [ -n "$$failed" ]; then echo "make fuzz: crashes in:$$failed (see .build-fuzz/crashes/ and .build-fuzz/TARGET.log)"; exit 1; fi; \
	echo "make fuzz: $(FUZZ_TARGETS) ran $(FUZZ_SECONDS)s each, no crash"

# The test suite under AddressSanitizer and ThreadSanitizer; everything, the newswatch binary the CLI
# tests run included, is built with the sanitizer in its own scratch folder. LeakSanitizer (part of
# ASan) checks the test process and every newswatch it runs at exit, less scripts/lsan.supp.
# SANITIZER_TEST_ARGS narrows the run (CI: `--skip NewswatchCLITests`, see .ci/run).
test-asan: deps
	$(SWIFT) build --build-tests --scratch-path .build-asan -Xswiftc -sanitize=address
	NEWSWATCH_SANITIZER=address LSAN_OPTIONS=suppressions=$(CURDIR)/scripts/lsan.supp:print_suppressions=0 \
		$(SWIFT) test --skip-build --scratch-path .build-asan -Xswiftc -sanitize=address $(SANITIZER_TEST_ARGS)

test-tsan: deps
	$(SWIFT) build --build-tests --scratch-path .build-tsan -Xswiftc -sanitize=thread
	TSAN_OPTIONS=suppressions=$(CURDIR)/scripts/tsan.supp $(SWIFT) test --skip-build --scratch-path .build-tsan -Xswiftc -sanitize=thread

clean:
	rm -rf .build .build-fuzz .build-asan .build-tsan var
