#!/usr/bin/env python3
"""Median wall time per call of 20 common `ecr` commands: `ecrguard ecr` (release build), `aws ecr`,
and `curl` sending the same signed request (curl --aws-sigv4; one process, one request), in the same
run against one local moto_server. Prints a Markdown table for docs/benchmarks.md.

The issue's two targets, per command:
- aws ÷ ecrguard ≥ 25;
- ecrguard ÷ (bare ecrguard start + raw request) ≤ 1.5, where the bare start is `ecrguard --version`
  and the raw request is curl's call less curl's own bare start (`curl --version`, timed right after
  each curl call; the median of the differences), all interleaved with the calls, in a new (seeded) order
  each round so that no column always follows the slow `aws` process. The plain
  ecrguard ÷ curl ratio is printed beside it.

Usage: python3 scripts/bench-ecr-cli.py [--runs N] [--aws-runs N] [--ecrguard PATH] [--baseline PATH]
--baseline PATH interleaves a second ecrguard binary (an earlier build) and adds its column.
Needs moto_server, aws and curl on PATH, and `swift build -c release --product ecrguard` first.
"""
import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ARN = "arn:aws:ecr:us-east-1:123456789012:repository/app"
POLICY = json.dumps({"Version": "2012-10-17", "Statement": [{"Sid": "pull", "Effect": "Allow",
                     "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "ecr:BatchGetImage"}]})
LIFECYCLE = json.dumps({"rules": [{"rulePriority": 1, "description": "untagged", "selection": {"tagStatus": "untagged",
                        "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 14}, "action": {"type": "expire"}}]})

# (CLI arguments after `ecr`, operation, request body): read-mostly, repeatable calls.
COMMANDS = [
    (["describe-repositories"], "DescribeRepositories", {}),
    (["describe-repositories", "--repository-names", "app"], "DescribeRepositories", {"repositoryNames": ["app"]}),
    (["describe-images", "--repository-name", "app"], "DescribeImages", {"repositoryName": "app"}),
    (["list-images", "--repository-name", "app"], "ListImages", {"repositoryName": "app"}),
    (["batch-get-image", "--repository-name", "app", "--image-ids", "imageTag=v1"], "BatchGetImage",
     {"repositoryName": "app", "imageIds": [{"imageTag": "v1"}]}),
    (["get-authorization-token"], "GetAuthorizationToken", {}),
    (["get-login-password"], "GetAuthorizationToken", {}),
    (["describe-registry"], "DescribeRegistry", {}),
    (["get-repository-policy", "--repository-name", "app"], "GetRepositoryPolicy", {"repositoryName": "app"}),
    (["set-repository-policy", "--repository-name", "app", "--policy-text", POLICY], "SetRepositoryPolicy",
     {"repositoryName": "app", "policyText": POLICY}),
    (["get-lifecycle-policy", "--repository-name", "app"], "GetLifecyclePolicy", {"repositoryName": "app"}),
    (["put-lifecycle-policy", "--repository-name", "app", "--lifecycle-policy-text", LIFECYCLE], "PutLifecyclePolicy",
     {"repositoryName": "app", "lifecyclePolicyText": LIFECYCLE}),
    (["list-tags-for-resource", "--resource-arn", ARN], "ListTagsForResource", {"resourceArn": ARN}),
    (["tag-resource", "--resource-arn", ARN, "--tags", "Key=team,Value=a"], "TagResource",
     {"resourceArn": ARN, "tags": [{"Key": "team", "Value": "a"}]}),
    (["put-image-tag-mutability", "--repository-name", "app", "--image-tag-mutability", "MUTABLE"], "PutImageTagMutability",
     {"repositoryName": "app", "imageTagMutability": "MUTABLE"}),
    (["put-image-scanning-configuration", "--repository-name", "app", "--image-scanning-configuration", "scanOnPush=true"],
     "PutImageScanningConfiguration", {"repositoryName": "app", "imageScanningConfiguration": {"scanOnPush": True}}),
    (["get-registry-scanning-configuration"], "GetRegistryScanningConfiguration", {}),
    (["batch-get-repository-scanning-configuration", "--repository-names", "app"], "BatchGetRepositoryScanningConfiguration",
     {"repositoryNames": ["app"]}),
    (["describe-image-scan-findings", "--repository-name", "app", "--image-id", "imageTag=v1"], "DescribeImageScanFindings",
     {"repositoryName": "app", "imageId": {"imageTag": "v1"}}),
    (["describe-repositories", "--query", "repositories[].repositoryName", "--output", "text"], "DescribeRepositories", {}),
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed(argv, env):
    start = time.perf_counter()
    result = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"failed ({result.returncode}): {' '.join(argv[:6])}...: {result.stderr.decode()[:300]}")
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15, help="calls per command for ecrguard and curl")
    parser.add_argument("--aws-runs", type=int, default=5, help="calls per command for aws (each is slow)")
    parser.add_argument("--ecrguard", default=os.path.join(ROOT, ".build", "release", "ecrguard"))
    parser.add_argument("--baseline", help="an earlier ecrguard binary, timed in the same run for comparison")
    args = parser.parse_args()
    for tool in ("moto_server", "aws", "curl"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not on PATH")
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    moto = subprocess.Popen(["moto_server", "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    env = dict(os.environ, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION="us-east-1",
               AWS_PAGER="", AWS_CONFIG_FILE="/nonexistent", AWS_SHARED_CREDENTIALS_FILE="/nonexistent", AWS_EC2_METADATA_DISABLED="true")
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(endpoint + "/moto-api/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        seed = [["create-repository", "--repository-name", "app"],
                ["put-image", "--repository-name", "app", "--image-tag", "v1", "--image-digest", "sha256:" + "2" * 64,
                 "--image-manifest", json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                                                 "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 1,
                                                            "digest": "sha256:" + "1" * 64}, "layers": []})],
                ["start-image-scan", "--repository-name", "app", "--image-id", "imageTag=v1"],
                ["set-repository-policy", "--repository-name", "app", "--policy-text", POLICY],
                ["put-lifecycle-policy", "--repository-name", "app", "--lifecycle-policy-text", LIFECYCLE]]
        for step in seed:
            timed([args.ecrguard, "ecr", "--endpoint-url", endpoint] + step, env)
        rows = []
        order = random.Random(20261205)
        for cli, operation, body in COMMANDS:
            data = json.dumps(body)
            curl = ["curl", "-s", "-f", "--aws-sigv4", "aws:amz:us-east-1:ecr", "--user", "testing:testing",
                    "-H", "Content-Type: application/x-amz-json-1.1",
                    "-H", f"X-Amz-Target: AmazonEC2ContainerRegistry_V20150921.{operation}", "--data-binary", data, endpoint + "/"]
            ours = [args.ecrguard, "ecr", "--endpoint-url", endpoint] + cli
            aws = ["aws", "--endpoint-url", endpoint, "ecr"] + cli
            times = {"ecrguard": [], "curl": [], "aws": [], "ecrguard_bare": [], "curl_bare": []}
            if args.baseline:
                times["baseline"] = []
                baseline = [args.baseline] + ours[1:]
            # Interleaved, so load changes hit every column alike, and in a new order each round
            # (seeded), so no column always runs right after the slow `aws` process (its cold caches
            # would count against whichever came next). curl's bare start stays right after its call.
            def record(*pairs):
                for key, argv in pairs:
                    times[key].append(timed(argv, env))
            for i in range(args.runs):
                steps = [lambda: record(("ecrguard", ours)),
                         lambda: record(("curl", curl), ("curl_bare", ["curl", "--version"])),
                         lambda: record(("ecrguard_bare", [args.ecrguard, "--version"]))]
                if args.baseline:
                    steps.append(lambda: record(("baseline", baseline)))
                if i < args.aws_runs:
                    steps.append(lambda: record(("aws", aws)))
                order.shuffle(steps)
                for step in steps:
                    step()
            medians = {k: statistics.median(v) * 1000 for k, v in times.items()}
            # The floor the issue names: ecrguard's own start plus what the request itself costs. The
            # request's cost is the median of curl's call less curl's bare start timed right after it
            # (paired, so a change of load between them does not leak into it).
            medians["raw"] = max(statistics.median(c - b for c, b in zip(times["curl"], times["curl_bare"])) * 1000, 0.0)
            medians["floor"] = medians["ecrguard_bare"] + medians["raw"]
            rows.append((" ".join(cli[:1] + [a if len(a) < 30 else a[:27] + "..." for a in cli[1:]]), medians))
        load = os.getloadavg()[0]
        print(f"median wall ms per call, {args.runs} runs (aws {args.aws_runs}), load {load:.1f}, "
              f"{time.strftime('%d %b %Y %H:%M UTC', time.gmtime())}\n")
        extra = " | baseline" if args.baseline else ""
        print(f"| command | ecrguard{extra} | bare start + raw request | curl | aws | aws ÷ ecrguard | ecrguard ÷ (start + request) | ecrguard ÷ curl |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|" + ("---:|" if args.baseline else ""))
        for name, m in rows:
            before = f" | {m['baseline']:.1f}" if args.baseline else ""
            print(f"| `{name}` | {m['ecrguard']:.1f}{before} | {m['ecrguard_bare']:.1f} + {m['raw']:.1f} | {m['curl']:.1f} | {m['aws']:.0f} | "
                  f"{m['aws'] / m['ecrguard']:.1f}× | {m['ecrguard'] / m['floor']:.2f}× | {m['ecrguard'] / m['curl']:.2f}× |")
        bare = statistics.median(m["ecrguard_bare"] for _, m in rows)
        curl_bare = statistics.median(m["curl_bare"] for _, m in rows)
        print(f"\nbare start (median of the per-command medians): `ecrguard --version` {bare:.1f} ms, `curl --version` {curl_bare:.1f} ms")
        worst_speedup = min(m["aws"] / m["ecrguard"] for _, m in rows)
        worst_floor = max(m["ecrguard"] / m["floor"] for _, m in rows)
        worst_ratio = max(m["ecrguard"] / m["curl"] for _, m in rows)
        print(f"lowest aws ÷ ecrguard: {worst_speedup:.1f}× (target ≥ 25×); highest ecrguard ÷ (bare start + raw request): "
              f"{worst_floor:.2f}× (target ≤ 1.5×); highest ecrguard ÷ curl: {worst_ratio:.2f}×")
    finally:
        moto.terminate()
        moto.wait()


if __name__ == "__main__":
    sys.exit(main())
