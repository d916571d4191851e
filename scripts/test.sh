#!/usr/bin/env bash
# Runs every test: installs what is missing (C libraries, moto_server, AWS CLI, chromium, docker-registry,
# skopeo, amazon-ecr-credential-helper, jsonschema), builds, and runs the whole suite. Tests that need a server start it
# themselves on a free loopback port; with ECRGUARD_REQUIRE_SERVERS=1 a missing server fails the test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
export ECRGUARD_REQUIRE_SERVERS=1

swift build --build-tests
swift test --skip-build
