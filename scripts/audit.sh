#!/usr/bin/env bash
# The main job: audits the bundled policies/ and writes Reports/ (HTML, JUnit, SARIF, JSON).
# Exits with ecrguard's code: 0 clean, 1 findings at or above the threshold, 2 bad input.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh build
swift build -c release --product ecrguard
exec .build/release/ecrguard audit policies --out Reports "$@"
