#!/usr/bin/env bash
# `ecrguard import live` + `audit` of the import, end to end against moto_server, against the same reads
# done by AWS CLI calls (scripts/bench-live-awscli.sh). Prints calls, wall time and peak memory.
# Usage: scripts/bench-live-import.sh [REPOS=1000] [ROLES=500] [--no-cli] [--no-build]
set -eu
cd "$(dirname "$0")/.."
repos=${1:-1000}; roles=${2:-500}
[[ " $* " == *" --no-build "* ]] || swift build -c release --product ecrguard >/dev/null
bin=${ECRGUARD:-.build/release/ecrguard}
work=$(mktemp -d)
port=$(python3 -c "import socket;s=socket.socket();s.bind(('127.0.0.1',0));print(s.getsockname()[1])")
moto_server -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
moto=$!
trap 'kill $moto; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/moto-api/" >/dev/null && break; sleep 0.2; done
python3 scripts/bench-live-seed.py "http://127.0.0.1:$port" "$repos" "$roles"
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
export AWS_ENDPOINT_URL="http://127.0.0.1:$port" AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_MAX_ATTEMPTS=1
measure() { /usr/bin/time -f "%e s wall, %U s user, %S s sys, %M KB peak RSS" "$@"; }
echo "== ecrguard import live ($repos repositories, $roles roles)"
measure "$bin" import live --out "$work/policies" --regions us-east-1 | tail -3
python3 -c "import json,sys; r=json.load(open(sys.argv[1])); p=r['principals']; print('calls:', sum(r['calls'].values()), 'principals included:', p['included'], 'left out:', p['leftOut'])" "$work/policies/import-report.json"
echo "== ecrguard audit of the import"
measure "$bin" audit "$work/policies" --out "$work/reports" --format json >/dev/null || true
if [[ " $* " != *" --no-cli "* ]]; then
  echo "== AWS CLI script (same reads)"
  measure scripts/bench-live-awscli.sh "$work/cli"
fi
