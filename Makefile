# proxmox-tools: two commands on a fresh machine — `make demo` and `make test`.
# Each target installs missing system packages first (scripts/install-deps; apt-get as root,
# otherwise it prints the sudo command to run).

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c

SWIFT ?= swift
N ?= 3
SIM_STATE ?= .sim/cluster
DEMO_STATE := .sim/demo
BIN := $(CURDIR)/.build/debug/proxmox-tools
DEMO_HOSTS := $(CURDIR)/$(DEMO_STATE)/hosts.d

.PHONY: deps build test e2e bench demo demo-down sim-up sim-down clean static install deb install-check

deps:
	scripts/install-deps

build: deps
	$(SWIFT) build

VENV := .venv
PYTHON ?= /usr/bin/python3

# Two suites run on their own. The warm-call outlier bound (issue 14): with 50 other suites
# starting sshd's on 2 cores, a call can wait a second for the CPU, which is the machine and not
# the code. The scale suite (issue 12) counts the whole process's threads, which other suites'
# sessions would add to.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip WarmCallOutlierTests --skip ScaleTests
	$(SWIFT) test --skip-build --filter WarmCallOutlierTests
	$(SWIFT) test --skip-build --filter ScaleTests
	$(MAKE) e2e
	$(MAKE) install-check

# The MCP end-to-end test: the official Python `mcp` client (pinned) drives `proxmox-tools serve`
# against a simulated cluster.
# It drives the release binary, the one users run (the optimizer once broke fan-out there only).
e2e: $(VENV)/.installed
	$(SWIFT) build -c release --product proxmox-tools
	PROXMOX_TOOLS_BIN=$(CURDIR)/.build/release/proxmox-tools $(VENV)/bin/pytest -q Tests/e2e

$(VENV)/.installed: Tests/e2e/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check -r Tests/e2e/requirements.txt
	touch $@

# Benchmarks against OpenSSH on a 16-node simulated cluster; prints the table and writes BENCHMARKS.md.
bench: deps
	scripts/bench

demo: build
	scripts/sim-cluster up --nodes 3 --state $(DEMO_STATE)
	@echo
	$(BIN) --hosts-dir $(DEMO_HOSTS) hosts
	@echo
	-$(BIN) --hosts-dir $(DEMO_HOSTS) vms
	@echo
	@echo "MCP client configuration (Claude Desktop, VS Code, Cursor, Kiro):"
	@printf '{"mcpServers": {"proxmox": {"command": "%s", "args": ["serve", "--hosts-dir", "%s"]}}}\n' \
		'$(BIN)' '$(DEMO_HOSTS)'
	@echo
	@echo "The simulated cluster keeps running; stop it with: make demo-down"

demo-down:
	scripts/sim-cluster down --state $(DEMO_STATE)

sim-up:
	scripts/sim-cluster up --nodes $(N) --state $(SIM_STATE)

sim-down:
	scripts/sim-cluster down --state $(SIM_STATE)

# Stops any simulated cluster under .sim before removing its state; keeps the resolved
# dependency checkouts in .build (`swift package clean`), so no network is needed afterwards.
clean:
	for state in .sim/*/; do \
		[[ -f $$state/cluster.env ]] && scripts/sim-cluster down --state "$$state"; \
	done; true
	rm -rf .sim
	$(SWIFT) package clean

# Installing: a release binary with the Swift runtime linked in (--static-swift-stdlib), so it
# runs on a machine without a Swift toolchain (a plain release build's RUNPATH points into the
# toolchain). Its own scratch path: the static flags would otherwise rebuild .build/release.
PREFIX ?= /usr/local
DESTDIR ?=
STATIC_BIN := $(CURDIR)/.build-static/release/proxmox-tools
VERSION := $(shell sed -n 's/.*current = "\(.*\)".*/\1/p' Sources/ProxmoxModel/Version.swift)

static: deps
	$(SWIFT) build -c release --static-swift-stdlib --product proxmox-tools --scratch-path .build-static

# The binary, the hardened systemd unit, /etc/proxmox-tools with example inventory and tokens.
# Creating the service user is the package's (or the admin's) job: see the README.
install: static
	install -D -m 0755 $(STATIC_BIN) $(DESTDIR)$(PREFIX)/bin/proxmox-tools
	install -d -m 0755 $(DESTDIR)/lib/systemd/system
	sed 's|@BINDIR@|$(PREFIX)/bin|' packaging/proxmox-tools.service > $(DESTDIR)/lib/systemd/system/proxmox-tools.service
	chmod 0644 $(DESTDIR)/lib/systemd/system/proxmox-tools.service
	install -d -m 0755 $(DESTDIR)/etc/proxmox-tools/hosts.d
	install -m 0644 hosts.d/*.example hosts.d/README.md $(DESTDIR)/etc/proxmox-tools/hosts.d/
	install -m 0644 packaging/tokens.yaml.example $(DESTDIR)/etc/proxmox-tools/

# A .deb (dpkg-deb) of the same tree under /usr, with a postinst that creates the service user.
deb: static
	rm -rf .build-static/deb && mkdir -p .build-static/deb/DEBIAN
	$(MAKE) --no-print-directory install DESTDIR=$(CURDIR)/.build-static/deb PREFIX=/usr
	sed 's/@VERSION@/$(VERSION)/' packaging/debian/control > .build-static/deb/DEBIAN/control
	install -m 0755 packaging/debian/postinst .build-static/deb/DEBIAN/postinst
	dpkg-deb --root-owner-group --build .build-static/deb .build-static/proxmox-tools_$(VERSION)_amd64.deb
	@echo "built .build-static/proxmox-tools_$(VERSION)_amd64.deb"

# What `make test` checks of the installed binary: no toolchain in its RUNPATH, `--version` and a
# `serve --http` answering 401 with an empty environment, the unit file verified by systemd-analyze.
install-check: deb
	scripts/check-install .build-static/proxmox-tools_$(VERSION)_amd64.deb

