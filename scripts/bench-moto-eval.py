#!/usr/bin/env python3
"""Compares ecrguard's evaluator with moto's IAM policy evaluator on the same requests.

Runs the release eval-benchmark, which evaluates a realistic ECR registry (50 repositories x 10
principals x every ECR action) and writes its identity-policy-only request set; then evaluates the
same requests with moto.iam.access_control.IAMPolicy(...).is_action_permitted(action, resource),
each principal's policies parsed once, as the Swift side compiles them once. Both rates are
single-thread CPU time (the machine is shared; wall-clock would measure the neighbours).

    python3 scripts/bench-moto-eval.py [--rounds N] [--moto-seconds S] [--no-build]

--end-to-end [--cases N] runs what a user runs instead: it writes a batch file of N identity-only
ECR requests (default 50,000) over 8 shared policies of 10 statements in the named-policy form,
then times two processes on it, each reading the file and writing one decision per case: a Python
process with moto's evaluator, and `ecrguard simulate --batch FILE --output jsonl`. Both are timed
with /usr/bin/time (user+system CPU seconds and peak RSS, process start and JSON I/O included), the
decisions are compared case by case, and eval-benchmark --batch gives the core's own time to read
and evaluate the same file in memory.

    python3 scripts/bench-moto-eval.py --end-to-end [--cases N] [--runs R] [--no-build] [--keep DIR]
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
    parser.add_argument("--no-build", action="store_true", help="use the existing release binaries")
    parser.add_argument("--end-to-end", action="store_true", help="time ecrguard simulate --batch and a moto process on one batch file")
    parser.add_argument("--cases", type=int, default=50_000, help="cases in the --end-to-end batch file")
    parser.add_argument("--runs", type=int, default=5, help="runs of each process in --end-to-end (the best counts)")
    parser.add_argument("--keep", help="with --end-to-end: write the batch file and outputs to this directory")
    args = parser.parse_args()
    if args.end_to_end:
        return end_to_end(args)

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


# MARK: --end-to-end

ACCOUNT = "111122223333"
REGION = "eu-west-1"
ACTIONS = [f"ecr:{a}" for a in (
    "BatchCheckLayerAvailability BatchDeleteImage BatchGetImage CompleteLayerUpload DeleteRepository DescribeImages "
    "DescribeRepositories GetDownloadUrlForLayer GetLifecyclePolicy GetRepositoryPolicy InitiateLayerUpload ListImages "
    "ListTagsForResource PutImage PutImageTagMutability PutLifecyclePolicy SetRepositoryPolicy StartImageScan TagResource "
    "UntagResource UploadLayerPart").split()]
TEAMS = ["payments", "identity", "search", "platform", "web"]


def batch_document(cases: int) -> dict:
    """8 shared identity policies of 10 statements (Allow and Deny, action lists and wildcards,
    repository patterns), 8 roles with one or two of them, and `cases` requests on 50 repositories.
    No conditions: moto's IAMPolicy does not evaluate most condition operators."""
    import random
    rng = random.Random(11)
    repos = [f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/{TEAMS[i % 5]}-service-{i}" for i in range(50)]
    policies = {}
    for p in range(8):
        statements = []
        for k in range(10):
            effect = "Deny" if k in (3, 7) else "Allow"
            if k % 4 == 0:
                action = rng.choice(["ecr:*", "ecr:Get*", "ecr:Describe*", "ecr:List*", "ecr:Batch*"])
            else:
                action = rng.sample(ACTIONS, rng.randint(1, 4))
            team = rng.choice(TEAMS)
            resource = rng.choice([
                "*", f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/{team}-*",
                f"arn:aws:ecr:*:{ACCOUNT}:repository/*-service-{rng.randint(0, 9)}*",
                [f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/{team}-service-{rng.randint(0, 49)}", repos[rng.randint(0, 49)]],
            ])
            statements.append({"Sid": f"S{k}", "Effect": effect, "Action": action, "Resource": resource})
        policies[f"policy-{p}"] = {"Version": "2012-10-17", "Statement": statements}
    roles = [(f"arn:aws:sts::{ACCOUNT}:assumed-role/team-{r}/session-{r}", [f"policy-{r}"] + ([f"policy-{(r + 3) % 8}"] if r % 2 else []))
             for r in range(8)]
    out = []
    for i in range(cases):
        principal, attached = roles[rng.randrange(8)]
        out.append({"id": f"case-{i}",
                    "request": {"principal": principal, "action": rng.choice(ACTIONS), "resource": repos[rng.randrange(50)],
                                "context": {"aws:SourceIp": "203.0.113.7", "aws:SecureTransport": "true"}},
                    "identityPolicies": attached})
    return {"policies": policies, "cases": out}


# The moto side of the end-to-end comparison: a process like `ecrguard simulate --batch`, reading
# the same file and writing one decision per case (identity policies, as IAMPolicy evaluates them).
MOTO_PROCESS = r"""
import json, sys
from moto.iam.access_control import IAMPolicy, PermissionResult
with open(sys.argv[1]) as f:
    batch = json.load(f)
policies = {name: IAMPolicy(json.dumps(p)) for name, p in batch["policies"].items()}
out = open(sys.argv[2], "w")
for case in batch["cases"]:
    r = case["request"]
    allowed = False
    for name in case["identityPolicies"]:
        result = policies[name].is_action_permitted(r["action"], r["resource"])
        if result == PermissionResult.DENIED:
            allowed = False
            break
        if result == PermissionResult.PERMITTED:
            allowed = True
    out.write(json.dumps({"id": case["id"], "decision": "allowed" if allowed else "denied"}) + "\n")
out.close()
"""


def timed(command: list, stdout_path: str) -> tuple:
    """(user+system CPU seconds, wall seconds, peak RSS in MB) of one process."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t, open(stdout_path, "w") as out:
        subprocess.run(["/usr/bin/time", "-o", t.name, "-f", "%U %S %e %M"] + command, check=True, stdout=out)
        user, system, wall, rss = t.read().split()[-4:]
    return float(user) + float(system), float(wall), int(rss) / 1024


def end_to_end(args) -> int:
    try:
        import moto  # noqa: F401
    except ImportError as error:
        print(f"bench-moto-eval: moto is not installed ({error}); pip install 'moto[iam]'", file=sys.stderr)
        return 2
    if not os.path.exists("/usr/bin/time"):
        print("bench-moto-eval: /usr/bin/time is needed for CPU time and peak RSS (apt-get install time)", file=sys.stderr)
        return 2
    if not args.no_build:
        for product in ("ecrguard", "eval-benchmark"):
            subprocess.run(["swift", "build", "-c", "release", "--product", product], cwd=ROOT, check=True)
    ecrguard = os.path.join(ROOT, ".build", "release", "ecrguard")
    core = os.path.join(ROOT, ".build", "release", "eval-benchmark")
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or tmp
        os.makedirs(work, exist_ok=True)
        batch_path = os.path.join(work, "batch.json")
        document = batch_document(args.cases)
        with open(batch_path, "w") as f:
            f.write('{"policies": ' + json.dumps(document["policies"]) + ',\n "cases": [\n')
            f.write(",\n".join(json.dumps(c) for c in document["cases"]))
            f.write("\n]}\n")
        size = os.path.getsize(batch_path)
        moto_script = os.path.join(work, "moto-batch.py")
        with open(moto_script, "w") as f:
            f.write(MOTO_PROCESS)
        moto_out, ours_out = os.path.join(work, "moto.jsonl"), os.path.join(work, "ecrguard.jsonl")
        runs = {"moto": [], "ecrguard": []}
        for _ in range(args.runs):
            runs["moto"].append(timed([sys.executable, moto_script, batch_path, moto_out], os.devnull))
            runs["ecrguard"].append(timed([ecrguard, "simulate", "--batch", batch_path, "--output", "jsonl"], ours_out))
        core_run = subprocess.run([core, "--batch", batch_path, "--rounds", "10"], check=True, capture_output=True, text=True)
        match = re.search(r"BATCH cases=(\d+) errors=(\d+) allowed=(\d+) seconds=([\d.]+)", core_run.stdout)
        if not match:
            print("bench-moto-eval: no BATCH line from eval-benchmark --batch", file=sys.stderr)
            return 2
        core_seconds = float(match.group(4))
        with open(moto_out) as f:
            moto_decisions = {d["id"]: d["decision"] for d in map(json.loads, f)}
        with open(ours_out) as f:
            ours = [json.loads(line) for line in f]
    errors = sum(1 for d in ours if d["decision"] == "error")
    both = [d for d in ours if d["decision"] != "error" and d["id"] in moto_decisions]
    disagreements = sum(1 for d in both if (d["decision"] == "allowed") != (moto_decisions[d["id"]] == "allowed"))
    allowed = sum(1 for d in both if d["decision"] == "allowed")
    best = {name: min(r, key=lambda t: t[0]) for name, r in runs.items()}
    peak = {name: max(t[2] for t in r) for name, r in runs.items()}
    print(f"batch: {args.cases:,} identity-only ECR requests, 8 shared policies x 10 statements, {size / 1e6:.1f} MB ({allowed:,} allowed)")
    for name, label in (("moto", "moto IAMPolicy, python process"), ("ecrguard", "ecrguard simulate --batch --output jsonl")):
        cpu, wall, _ = best[name]
        print(f"{label}: {cpu:.3f} s CPU (user+sys, best of {args.runs}), {wall:.3f} s wall, peak RSS {peak[name]:.0f} MB")
    print(f"core alone (eval-benchmark --batch: read + evaluate in memory, no output): {core_seconds:.3f} s CPU")
    print(f"ratio end to end (moto / ecrguard, CPU): {best['moto'][0] / best['ecrguard'][0]:,.1f}x")
    print(f"ecrguard end to end / core alone: {best['ecrguard'][0] / core_seconds:,.2f}x")
    print(f"agreement: {len(both) - disagreements:,} of {len(both):,} cases both decided ({disagreements} disagree, {errors} ecrguard errors)")
    return 1 if disagreements or errors or len(both) != args.cases else 0


if __name__ == "__main__":
    sys.exit(main())
