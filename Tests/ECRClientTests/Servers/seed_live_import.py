#!/usr/bin/env python3
"""Seeds a moto_server with an organization, IAM and ECR for `ecrguard import live` tests.

Usage: seed_live_import.py ENDPOINT POLICIES_DIR [EXPECTED_DIR]
Prints one JSON object with the generated ids and the auditor's access key. With EXPECTED_DIR, also
writes there the hand-written manifest of the same state (EXPECTED below, with the generated ids
filled in, and its policy files: the bundled ones and those created here, as created).

Written for this repository (boto3 is a dependency of moto). The state is the bundled `policies/`
example made real: its policy files are read from POLICIES_DIR and their account ids
(123456789012 production, 210987654321 disaster recovery) and organization id (o-a1b2c3d4e5) are
replaced by the ids moto generates.

  management 123456789012 (moto's default account): the organization, user `auditor` (allow *)
  root ── RCP rcp-org-only
   └─ OU workloads ── SCP deny-unapproved-regions
       ├─ account dr
       └─ OU production ── (no SCP of its own)
           └─ account production ── SCP deny-repository-delete
  production: roles ci (inline ci-push), developer and release (both attach the customer managed
    policy teams/ecr-power-user: written once), bounded (ecr:* with boundary ecr-pull-only),
    lambda-exec (no ECR rights: left out), the ECR replication service-linked role (left out);
    user alice in group ecr-readers (group inline policy);
    ECR us-east-1: employee-api (IMMUTABLE, scanOnPush, KMS, the bundled repository policy),
    replication of employee-* to us-west-2 (same account) and dr/us-east-1;
    ECR us-west-2: tools/builder (no policy).
  dr: role deploy (managed policy deploy-pull); ECR us-east-1: the bundled registry policy, repository
    employee-api (no policy).
Accounts are reached with the `x-moto-account-id` header (moto's multi-account switch); the
OrganizationAccountAccessRole moto creates in each new account gets an allow-all inline policy
(AWS gives it AdministratorAccess).
"""
import json
import os
import sys

import boto3

ENDPOINT, POLICIES = sys.argv[1], sys.argv[2]
MANAGEMENT = "123456789012"
ALLOW_ALL = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})


def client(service, account=None, region="us-east-1"):
    c = boto3.client(service, endpoint_url=ENDPOINT, region_name=region, aws_access_key_id="testing",
                     aws_secret_access_key="testing")
    if account:
        def add_header(request, **_):
            request.headers["x-moto-account-id"] = account
        c.meta.events.register("before-sign", add_header)
    return c


orgs = client("organizations")
org = orgs.create_organization(FeatureSet="ALL")["Organization"]
root = orgs.list_roots()["Roots"][0]["Id"]
orgs.enable_policy_type(RootId=root, PolicyType="SERVICE_CONTROL_POLICY")
orgs.enable_policy_type(RootId=root, PolicyType="RESOURCE_CONTROL_POLICY")
workloads = orgs.create_organizational_unit(ParentId=root, Name="workloads")["OrganizationalUnit"]["Id"]
production_ou = orgs.create_organizational_unit(ParentId=workloads, Name="production")["OrganizationalUnit"]["Id"]


def create_account(name):
    status = orgs.create_account(AccountName=name, Email=f"{name}@example.com")["CreateAccountStatus"]
    account = orgs.describe_create_account_status(CreateAccountRequestId=status["Id"])["CreateAccountStatus"]["AccountId"]
    return account


production = create_account("production")
dr = create_account("dr")
orgs.move_account(AccountId=production, SourceParentId=root, DestinationParentId=production_ou)
orgs.move_account(AccountId=dr, SourceParentId=root, DestinationParentId=workloads)


def bundled(path):
    with open(os.path.join(POLICIES, path)) as f:
        text = f.read()
    return text.replace("123456789012", production).replace("210987654321", dr).replace("o-a1b2c3d4e5", org["Id"])


def org_policy(name, kind, content, target):
    policy = orgs.create_policy(Name=name, Description=name, Type=kind, Content=content)["Policy"]["PolicySummary"]["Id"]
    orgs.attach_policy(PolicyId=policy, TargetId=target)
    return policy


scp_regions = org_policy("deny-unapproved-regions", "SERVICE_CONTROL_POLICY", bundled("scp/deny-unapproved-regions.json"), workloads)
scp_delete = org_policy("deny-repository-delete", "SERVICE_CONTROL_POLICY", json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Sid": "NoRepositoryDelete", "Effect": "Deny", "Action": ["ecr:DeleteRepository", "ecr:DeleteRepositoryPolicy"], "Resource": "*"}],
}), production)
rcp = org_policy("rcp-org-only", "RESOURCE_CONTROL_POLICY", json.dumps({
    "Version": "2012-10-17",
    "Statement": [{
        "Sid": "PullOnlyInsideTheOrganization", "Effect": "Deny", "Principal": "*",
        "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], "Resource": "*",
        "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": org["Id"]}, "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}},
    }],
}), root)

iam = client("iam")
iam.create_user(UserName="auditor")
key = iam.create_access_key(UserName="auditor")["AccessKey"]
iam.put_user_policy(UserName="auditor", PolicyName="all", PolicyDocument=ALLOW_ALL)

TRUST_EC2 = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]})

for account in (production, dr):
    client("iam", account).put_role_policy(RoleName="OrganizationAccountAccessRole", PolicyName="admin", PolicyDocument=ALLOW_ALL)

piam = client("iam", production)
piam.create_role(RoleName="ci", AssumeRolePolicyDocument=TRUST_EC2)
piam.put_role_policy(RoleName="ci", PolicyName="ci-push", PolicyDocument=bundled("identity/ci-push.json"))
power = piam.create_policy(PolicyName="ecr-power-user", Path="/teams/", PolicyDocument=bundled("identity/developer-power-user.json"))["Policy"]["Arn"]
for role in ("developer", "release"):
    piam.create_role(RoleName=role, AssumeRolePolicyDocument=TRUST_EC2)
    piam.attach_role_policy(RoleName=role, PolicyArn=power)
pull_only = piam.create_policy(PolicyName="ecr-pull-only", PolicyDocument=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"], "Resource": "*"}],
}))["Policy"]["Arn"]
piam.create_role(RoleName="bounded", AssumeRolePolicyDocument=TRUST_EC2, PermissionsBoundary=pull_only)
piam.put_role_policy(RoleName="bounded", PolicyName="ecr-all", PolicyDocument=bundled("identity/outsider-ecr-full-access.json"))
piam.create_role(RoleName="lambda-exec", AssumeRolePolicyDocument=TRUST_EC2)
piam.put_role_policy(RoleName="lambda-exec", PolicyName="logs", PolicyDocument=json.dumps({
    "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "logs:*", "Resource": "*"}]}))
piam.create_service_linked_role(AWSServiceName="replication.ecr.amazonaws.com")
piam.create_group(GroupName="ecr-readers")
piam.put_group_policy(GroupName="ecr-readers", PolicyName="read", PolicyDocument=bundled("identity/deploy-pull.json"))
piam.create_user(UserName="alice")
piam.add_user_to_group(GroupName="ecr-readers", UserName="alice")

pecr = client("ecr", production)
pecr.create_repository(repositoryName="employee-api", imageTagMutability="IMMUTABLE", imageScanningConfiguration={"scanOnPush": True},
                       encryptionConfiguration={"encryptionType": "KMS"})
pecr.set_repository_policy(repositoryName="employee-api", policyText=bundled("repositories/employee-api.json"))
pecr.put_replication_configuration(replicationConfiguration={"rules": [{
    "destinations": [{"region": "us-west-2", "registryId": production}, {"region": "us-east-1", "registryId": dr}],
    "repositoryFilters": [{"filter": "employee-", "filterType": "PREFIX_MATCH"}],
}]})
client("ecr", production, "us-west-2").create_repository(repositoryName="tools/builder")

diam = client("iam", dr)
deploy_pull = diam.create_policy(PolicyName="deploy-pull", PolicyDocument=bundled("identity/deploy-pull.json"))["Policy"]["Arn"]
diam.create_role(RoleName="deploy", AssumeRolePolicyDocument=TRUST_EC2)
diam.attach_role_policy(RoleName="deploy", PolicyArn=deploy_pull)
decr = client("ecr", dr)
decr.put_registry_policy(policyText=bundled("registries/dr-210987654321-us-east-1.json"))
decr.create_repository(repositoryName="employee-api")

EXPECTED = """\
# Written by hand: the state this script seeds, as a manifest. `ecrguard import live` of the seeded
# accounts must audit to the same access matrix and replication verdicts.
version: 1

registries:
  - {account: "123456789012", region: us-east-1, organization: {id: ORG, ouPath: ORG/ROOT/, managementAccount: "123456789012"}}
  - {account: "123456789012", region: us-west-2, organization: {id: ORG, ouPath: ORG/ROOT/, managementAccount: "123456789012"}}
  - account: "PROD"
    region: us-east-1
    organization: {id: ORG, ouPath: ORG/ROOT/WORKLOADS/PRODOU/, managementAccount: "123456789012"}
    resourceControlPolicies: [[rcp/full.json, rcp/org-only.json], [rcp/full.json], [rcp/full.json], [rcp/full.json]]
    replication:
      rules:
        - destinations: [{region: us-west-2, registryId: "PROD"}, {region: us-east-1, registryId: "DR"}]
          repositoryFilters: [{filter: employee-, filterType: PREFIX_MATCH}]
    repositories:
      - {name: employee-api, policy: repositories/employee-api.json, scanOnPush: true, imageTagMutability: IMMUTABLE, encryption: {type: KMS}}
  - account: "PROD"
    region: us-west-2
    organization: {id: ORG, ouPath: ORG/ROOT/WORKLOADS/PRODOU/, managementAccount: "123456789012"}
    resourceControlPolicies: [[rcp/full.json, rcp/org-only.json], [rcp/full.json], [rcp/full.json], [rcp/full.json]]
    repositories:
      - {name: tools/builder}
  - account: "DR"
    region: us-east-1
    organization: {id: ORG, ouPath: ORG/ROOT/WORKLOADS/, managementAccount: "123456789012"}
    resourceControlPolicies: [[rcp/full.json, rcp/org-only.json], [rcp/full.json], [rcp/full.json]]
    registryPolicy: {file: registries/dr.json, scope: V2}
    repositories:
      - {name: employee-api}
  - account: "DR"
    region: us-west-2
    organization: {id: ORG, ouPath: ORG/ROOT/WORKLOADS/, managementAccount: "123456789012"}
    resourceControlPolicies: [[rcp/full.json, rcp/org-only.json], [rcp/full.json], [rcp/full.json]]

principals:
  - {name: auditor, arn: "arn:aws:iam::123456789012:user/auditor", identityPolicies: [identity/allow-all.json]}
  - name: prod-admin
    arn: "arn:aws:iam::PROD:role/OrganizationAccountAccessRole"
    identityPolicies: [identity/allow-all.json]
    serviceControlPolicies: &prod-scps [[scp/full.json], [scp/full.json, scp/regions.json], [scp/full.json], [scp/full.json, scp/delete.json]]
  - {name: ci, arn: "arn:aws:iam::PROD:role/ci", identityPolicies: [identity/ci-push.json], serviceControlPolicies: *prod-scps}
  - {name: developer, arn: "arn:aws:iam::PROD:role/developer", identityPolicies: [identity/power.json], serviceControlPolicies: *prod-scps}
  - {name: release, arn: "arn:aws:iam::PROD:role/release", identityPolicies: [identity/power.json], serviceControlPolicies: *prod-scps}
  - name: bounded
    arn: "arn:aws:iam::PROD:role/bounded"
    identityPolicies: [identity/ecr-all.json]
    permissionBoundary: identity/pull-only.json
    serviceControlPolicies: *prod-scps
  - {name: alice, arn: "arn:aws:iam::PROD:user/alice", groups: [ecr-readers], identityPolicies: [identity/read.json], serviceControlPolicies: *prod-scps}
  - name: dr-admin
    arn: "arn:aws:iam::DR:role/OrganizationAccountAccessRole"
    identityPolicies: [identity/allow-all.json]
    serviceControlPolicies: &dr-scps [[scp/full.json], [scp/full.json, scp/regions.json], [scp/full.json]]
  - {name: deploy, arn: "arn:aws:iam::DR:role/deploy", identityPolicies: [identity/read.json], serviceControlPolicies: *dr-scps}
"""

if len(sys.argv) > 3:
    out = sys.argv[3]

    def write(path, text):
        os.makedirs(os.path.dirname(os.path.join(out, path)), exist_ok=True)
        with open(os.path.join(out, path), "w") as f:
            f.write(text)

    def described(policy):
        return orgs.describe_policy(PolicyId=policy)["Policy"]["Content"]

    manifest = EXPECTED
    for name, value in (("WORKLOADS", workloads), ("PRODOU", production_ou), ("PROD", production), ("DR", dr), ("ROOT", root), ("ORG", org["Id"])):
        manifest = manifest.replace(name, value)
    write("ecrguard.yaml", manifest)
    write("repositories/employee-api.json", bundled("repositories/employee-api.json"))
    write("registries/dr.json", bundled("registries/dr-210987654321-us-east-1.json"))
    write("identity/allow-all.json", ALLOW_ALL)
    write("identity/ci-push.json", bundled("identity/ci-push.json"))
    write("identity/power.json", bundled("identity/developer-power-user.json"))
    write("identity/ecr-all.json", bundled("identity/outsider-ecr-full-access.json"))
    write("identity/read.json", bundled("identity/deploy-pull.json"))
    write("identity/pull-only.json", piam.get_policy_version(PolicyArn=pull_only, VersionId="v1")["PolicyVersion"]["Document"]
          if isinstance(piam.get_policy_version(PolicyArn=pull_only, VersionId="v1")["PolicyVersion"]["Document"], str)
          else json.dumps(piam.get_policy_version(PolicyArn=pull_only, VersionId="v1")["PolicyVersion"]["Document"]))
    write("scp/full.json", described("p-FullAWSAccess"))
    write("scp/regions.json", described(scp_regions))
    write("scp/delete.json", described(scp_delete))
    write("rcp/full.json", described("p-RCPFullAWSAccess"))
    write("rcp/org-only.json", described(rcp))

print(json.dumps({
    "management": MANAGEMENT, "production": production, "dr": dr, "organization": org["Id"], "root": root,
    "workloads": workloads, "productionOU": production_ou, "scpRegions": scp_regions, "scpDelete": scp_delete, "rcp": rcp,
    "accessKeyId": key["AccessKeyId"], "secretAccessKey": key["SecretAccessKey"],
}, sort_keys=True))
