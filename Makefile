# The two commands of the README's quick start, and the pieces they are made of.
SWIFT ?= swift

.PHONY: demo test deps build benchmark benchmark-merge benchmark-runner benchmark-media benchmark-server lint format

## demo: build sluice and run the demo in a temporary workspace
demo: deps build
	@bash scripts/demo.sh

## test: run the whole test suite
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## deps: install missing system packages (libgit2-dev, libvips-dev, ffmpeg, libsqlite3-dev, pkg-config, git, python3-jsonschema, openssh-server)
deps:
	@bash scripts/install-deps.sh

build:
	$(SWIFT) build --product sluice

## benchmark: the workspace benchmark (10,000 flows next to git status)
benchmark: deps
	$(SWIFT) build -c release --product sluice
	$(SWIFT) build -c release --product sluice-benchmark
	.build/release/sluice-benchmark --sluice .build/release/sluice

## benchmark-merge: sluice merge-file next to git merge-file over the merge fixture cases
benchmark-merge: deps
	$(SWIFT) build -c release --product sluice
	python3 Benchmarks/MergeFileBenchmark/run.py --sluice .build/release/sluice

## benchmark-runner: uploads through a four-block flow next to direct catalog changes; peak memory
benchmark-runner: deps
	$(SWIFT) build -c release --product sluice-runner-benchmark
	.build/release/sluice-runner-benchmark

## benchmark-media: 400x300 thumbnails of 200 12-megapixel JPEGs through a flow, next to vipsthumbnail
benchmark-media: deps
	@command -v vipsthumbnail >/dev/null 2>&1 || { echo "sluice: installing libvips-tools (vipsthumbnail) with apt-get"; sudo_cmd=""; [ "$$(id -u)" -ne 0 ] && sudo_cmd=sudo; $$sudo_cmd apt-get install -y -qq libvips-tools >/dev/null; }
	$(SWIFT) build -c release --product sluice
	$(SWIFT) build -c release --product sluice-media-benchmark
	.build/release/sluice-media-benchmark --sluice .build/release/sluice

## benchmark-server: signed webhooks under wrk at rising concurrency, then kill -9 mid-load (0 lost, 0 duplicated)
benchmark-server: deps
	@command -v wrk >/dev/null 2>&1 || { echo "sluice: installing wrk with apt-get"; sudo_cmd=""; [ "$$(id -u)" -ne 0 ] && sudo_cmd=sudo; $$sudo_cmd apt-get install -y -qq wrk >/dev/null; }
	$(SWIFT) build -c release --product sluice
	python3 Benchmarks/ServerBenchmark/run.py --sluice .build/release/sluice

## lint: check formatting (swift-format, configured in .swift-format)
lint:
	$(SWIFT) format lint --strict -r Sources Tests Benchmarks Package.swift

## format: rewrite sources in the project's format
format:
	$(SWIFT) format format -i -r Sources Tests Benchmarks Package.swift
