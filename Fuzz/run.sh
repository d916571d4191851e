#!/usr/bin/env bash
# Builds the libFuzzer target for the policy parser and model and runs it.
#   Fuzz/run.sh [SECONDS=60] [extra libFuzzer flags...]
# Uses one process (no -jobs/-workers). New corpus entries go to Fuzz/Corpus (committed seeds) and
# Fuzz/.work/corpus (generated, not committed); crash inputs land in Fuzz/.work/ and should be
# copied into Tests/PolicyCoreTests/Fixtures/fuzz-regressions/ as regression tests.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
work=Fuzz/.work
mkdir -p "$work/corpus"
# The whole PolicyCore module is compiled into the fuzzer without SwiftPM; the action catalog is
# Swift source in it (Catalog/Generated/EmbeddedCatalog.swift), so catalog rules run too.
# Compile from a snapshot so edits or merges during a long run cannot break the build.
rm -rf "$work/src" && mkdir -p "$work/src" && cp -R Sources/PolicyCore "$work/src/"
mapfile -t sources < <(find "$work/src/PolicyCore" -name '*.swift' | sort)
swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name PolicyCoreFuzz \
    "${sources[@]}" Fuzz/FuzzMain.swift -o "$work/policy-fuzzer" 2> >(grep -v "Cannot export local symbol" >&2)
# The Swift runtime backtracer fights ASan over crashing threads; let libFuzzer report.
export SWIFT_BACKTRACE=enable=no
exec "$work/policy-fuzzer" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix="$work/" -print_final_stats=1 -dict=Fuzz/policy.dict "$@" "$work/corpus" Fuzz/Corpus
