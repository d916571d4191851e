#!/usr/bin/env python3
"""Compares ecrguard's evaluator with moto's IAM policy evaluator on the same requests.

Runs the release eval-benchmark, which evaluates a realistic ECR registry (50 repositories x 10
principals x every ECR action) and writes its identity-policy-only request set; then evaluates the
same requests with moto.iam.access_control.IAMPolicy(...).is_action_permitted(action, resource),
each principal's policies parsed once, as the Swift side compiles them once. Both rates are
single-thread CPU time (the machine is shared; wall-clock would measure the neighbours).

    python3 scripts/bench-moto-eval.py [--rounds N] [--moto-seconds S] [--no-build]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100, help="rounds of the Swift benchmark")
    parser.add_argument("--moto-seconds", type=float, default=10.0, help="minimum CPU seconds to run moto for")
    parser.add_argument("--no-build", action="store_true", help="use the existing .build/release/eval-benchmark")
    args = parser.parse_args()

    try:
        from moto.iam.access_control import IAMPolicy, PermissionResult
    except ImportError as error:
        print(f"bench-moto-eval: moto is not installed ({error}); pip install 'moto[iam]'", file=sys.stderr)
        return 2

    if not args.no_build:
        subprocess.run(["swift", "build", "-c", "release", "--product", "eval-benchmark"], cwd=ROOT, check=True)
    binary = os.path.join(ROOT, ".build", "release", "eval-benchmark")
    with tempfile.TemporaryDirectory() as tmp:
        requests_path = os.path.join(tmp, "requests.jsonl")
        run = subprocess.run([binary, "--rounds", str(args.rounds), "--write-requests", requests_path],
                             cwd=ROOT, check=True, capture_output=True, text=True)
        print(run.stdout, end="")
        match = re.search(r"RESULT full=(\d+) identityOnly=(\d+)", run.stdout)
        if not match:
            print("bench-moto-eval: no RESULT line from eval-benchmark", file=sys.stderr)
            return 2
        swift_full, swift_identity = float(match.group(1)), float(match.group(2))
        with open(requests_path) as f:
            lines = [json.loads(line) for line in f if line.strip()]

    # Parse each principal's policies once.
    compiled = {}
    requests = []
    for line in lines:
        key = line["principal"]
        if key not in compiled:
            compiled[key] = [IAMPolicy(json.dumps(p)) for p in line["policies"]]
        requests.append((compiled[key], line["action"], line["resource"], line["allowed"]))

    def decide(policies, action, resource):
        allowed = False
        for policy in policies:
            result = policy.is_action_permitted(action, resource)
            if result == PermissionResult.DENIED:
                return False
            if result == PermissionResult.PERMITTED:
                allowed = True
        return allowed

    disagreements = sum(1 for p, a, r, ours in requests if decide(p, a, r) != ours)
    count = 0
    start = time.process_time()
    while True:
        for policies, action, resource, _ in requests:
            decide(policies, action, resource)
        count += len(requests)
        elapsed = time.process_time() - start
        if elapsed >= args.moto_seconds:
            break
    moto_rate = count / elapsed

    print(f"moto IAMPolicy.is_action_permitted: {len(requests)} requests, {moto_rate:,.0f} decisions/s (CPU time)")
    print(f"ecrguard, same identity-only requests: {swift_identity:,.0f} decisions/s (CPU time)")
    print(f"ecrguard, full evaluation incl. resource/registry/boundary policies: {swift_full:,.0f} decisions/s")
    print(f"ratio (identity-only): {swift_identity / moto_rate:,.1f}x   (full evaluation vs moto: {swift_full / moto_rate:,.1f}x)")
    print(f"decisions where moto disagrees with ecrguard: {disagreements} of {len(requests)} "
          "(moto ignores policy variables and most condition operators)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
