#!/usr/bin/env bash
# The reads of `ecrguard import live` for one account and Region done by AWS CLI calls, one process
# per call, as a shell script would do them: the benchmark's baseline.
# Usage: AWS_ENDPOINT_URL=... scripts/bench-live-awscli.sh OUTDIR
set -u
out=$1
mkdir -p "$out/repositories"
calls=0
call() { calls=$((calls + 1)); aws --region us-east-1 --output json "$@" 2>/dev/null; }
call sts get-caller-identity > "$out/caller.json"
call organizations describe-organization > "$out/organization.json"
call iam get-account-authorization-details > "$out/gaad.json"
call ecr describe-registry > "$out/registry.json"
call ecr get-registry-policy > "$out/registry-policy.json"
call ecr get-account-setting --name REGISTRY_POLICY_SCOPE > "$out/scope.json"
call ecr describe-pull-through-cache-rules > "$out/ptc.json"
call ecr get-registry-scanning-configuration > "$out/scanning.json"
call ecr describe-repository-creation-templates > "$out/templates.json"
call ecr describe-repositories > "$out/repositories.json"
for name in $(python3 -c "import json,sys; print('\n'.join(r['repositoryName'] for r in json.load(open(sys.argv[1]))['repositories']))" "$out/repositories.json"); do
  call ecr get-repository-policy --repository-name "$name" > "$out/repositories/$(echo "$name" | tr / _).json"
done
echo "calls: $calls"
