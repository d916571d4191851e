#!/usr/bin/env python3
"""A stub of IAM, STS, Organizations and ECR for what moto cannot do in `ecrguard import live` tests.

Usage: stub_live_server.py PORT [--member]   (127.0.0.1 only)

Written for this repository. Accounts are told apart by access key: the caller's key `AKIASTUBCALLER`
belongs to 111111111111 (the management account; with --member the caller is 222222222222, a
member account), and AssumeRole into ACCOUNT returns the key `ASIASTUB<ACCOUNT>`. Signatures are
not checked (moto does that). What it serves, in AWS's shapes:
  - GetAccountAuthorizationDetails of 111111111111 in two pages (IsTruncated + Marker); its first
    request is answered 400 <Code>Throttling</Code>; URL-encoded trust policies; PolicyName/PolicyId
    present; user bob with a permission boundary and role builder with an AWS managed policy that are
    both missing from Policies (GetPolicy + GetPolicyVersion answer them)
  - AssumeRole into 333333333333: 403 AccessDenied
  - Organizations: o-stubstubst, root r-stub (SCPs enabled, RCPs disabled), OU ou-stub-aaaaaaaa
    holding 222222222222; ListAccounts in two pages (NextToken); with --member, ListRoots and the
    rest answer AccessDeniedException
  - ECR 111111111111/us-east-1: three repositories over two pages (nextToken), app-b without a
    policy, registry policy, REGISTRY_POLICY_SCOPE V1, pull-through cache rules over two pages
    (customRoleArn, upstreamRepositoryPrefix), scanning rule, a creation template with a repository
    policy; 111111111111/us-west-2: scope V2, nothing else; 222222222222/us-east-1: DescribeRepositories
    throttled twice (ThrottlingException), then one repository
  - GET /counts: requests per (account, Region, operation) so far, as JSON; POST /reset clears them
    (and so restarts the throttling)
"""
import json
import re
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MEMBER = "--member" in sys.argv
CALLER = "222222222222" if MEMBER else "111111111111"
LOCK = threading.Lock()
COUNTS = {}


def enc(document):
    return urllib.parse.quote(json.dumps(document), safe="")


def allow(actions, resource="*"):
    return {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": actions, "Resource": resource}]}


TRUST = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
PULL = ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]


def gaad_page(body, truncated, marker=None):
    marker_xml = f"<Marker>{marker}</Marker>" if marker else ""
    return (f'<GetAccountAuthorizationDetailsResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">'
            f"<GetAccountAuthorizationDetailsResult><IsTruncated>{'true' if truncated else 'false'}</IsTruncated>{marker_xml}"
            f"{body}</GetAccountAuthorizationDetailsResult></GetAccountAuthorizationDetailsResponse>")


def role(name, inline=None, attached=(), account="111111111111"):
    policies = "".join(f"<member><PolicyName>{n}</PolicyName><PolicyDocument>{enc(d)}</PolicyDocument></member>" for n, d in (inline or {}).items())
    managed = "".join(f"<member><PolicyName>{a.rsplit('/', 1)[1]}</PolicyName><PolicyArn>{a}</PolicyArn></member>" for a in attached)
    return (f"<member><Path>/</Path><RoleName>{name}</RoleName><RoleId>AROA{name.upper()}</RoleId>"
            f"<Arn>arn:aws:iam::{account}:role/{name}</Arn><CreateDate>2026-01-01T00:00:00Z</CreateDate>"
            f"<AssumeRolePolicyDocument>{enc(TRUST)}</AssumeRolePolicyDocument><InstanceProfileList/>"
            f"<RolePolicyList>{policies}</RolePolicyList><AttachedManagedPolicies>{managed}</AttachedManagedPolicies>"
            f"<Tags/><RoleLastUsed/></member>")


SHARED = "arn:aws:iam::111111111111:policy/shared-pull"
BOUNDARY = "arn:aws:iam::111111111111:policy/boundary-only"
DEPRECATED = "arn:aws:iam::aws:policy/AWSDeprecatedECRPolicy"
GAAD = {
    "111111111111": [
        gaad_page("<UserDetailList><member><Path>/</Path><UserName>bob</UserName><UserId>AIDABOB</UserId>"
                  "<Arn>arn:aws:iam::111111111111:user/bob</Arn><CreateDate>2026-01-01T00:00:00Z</CreateDate>"
                  f"<UserPolicyList><member><PolicyName>ecr-all</PolicyName><PolicyDocument>{enc(allow('ecr:*'))}</PolicyDocument></member></UserPolicyList>"
                  "<GroupList/><AttachedManagedPolicies/>"
                  f"<PermissionsBoundary><PermissionsBoundaryType>Policy</PermissionsBoundaryType><PermissionsBoundaryArn>{BOUNDARY}</PermissionsBoundaryArn></PermissionsBoundary>"
                  "<Tags/></member></UserDetailList><GroupDetailList/><RoleDetailList/><Policies/>", True, "page-2"),
        gaad_page("<UserDetailList/><GroupDetailList/><RoleDetailList>"
                  + role("builder", attached=[SHARED, DEPRECATED]) + role("unrelated", inline={"s3": allow("s3:GetObject")})
                  + "</RoleDetailList><Policies><member><PolicyName>shared-pull</PolicyName><PolicyId>ANPASHARED</PolicyId>"
                  f"<Arn>{SHARED}</Arn><Path>/</Path><DefaultVersionId>v2</DefaultVersionId><AttachmentCount>1</AttachmentCount>"
                  "<PermissionsBoundaryUsageCount>0</PermissionsBoundaryUsageCount><IsAttachable>true</IsAttachable>"
                  f"<PolicyVersionList><member><Document>{enc(allow(PULL))}</Document><VersionId>v2</VersionId>"
                  "<IsDefaultVersion>true</IsDefaultVersion></member></PolicyVersionList></member></Policies>", False),
    ],
    "222222222222": [gaad_page("<UserDetailList/><GroupDetailList/><RoleDetailList>"
                               + role("reader", inline={"pull": allow(PULL)}, account="222222222222")
                               + "</RoleDetailList><Policies/>", False)],
}
MANAGED = {
    BOUNDARY: ("boundary-only", "v1", allow(PULL)),
    DEPRECATED: ("AWSDeprecatedECRPolicy", "v3", allow("ecr:*")),
}

ORG = {"Id": "o-stubstubst", "Arn": "arn:aws:organizations::111111111111:organization/o-stubstubst", "FeatureSet": "ALL",
       "MasterAccountId": "111111111111", "MasterAccountArn": "arn:aws:organizations::111111111111:account/o-stubstubst/111111111111"}
PARENTS = {"111111111111": "r-stub", "333333333333": "r-stub", "222222222222": "ou-stub-aaaaaaaa", "ou-stub-aaaaaaaa": "r-stub"}
SCPS = {"r-stub": ["p-FullAWSAccess"], "ou-stub-aaaaaaaa": ["p-FullAWSAccess", "p-denyregion"], "111111111111": ["p-FullAWSAccess"],
        "222222222222": ["p-FullAWSAccess"]}
CONTENTS = {
    "p-FullAWSAccess": ("FullAWSAccess", allow("*")),
    "p-denyregion": ("deny-other-regions", {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "ecr:*", "Resource": "*",
                    "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1"]}}}]}),
}

REPOSITORIES = {
    ("111111111111", "us-east-1"): ["app-a", "app-b", "team/app-c"],
    ("222222222222", "us-east-1"): ["reader-app"],
}
NO_POLICY = {"app-b"}


def repo_policy(account, name):
    return {"Version": "2012-10-17", "Statement": [{"Sid": "Pull", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"}, "Action": PULL[1:]}]}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def send(self, status, body, content_type):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def json(self, body, status=200):
        self.send(status, json.dumps(body), "application/x-amz-json-1.1")

    def json_error(self, code, message, status=400):
        self.send(status, json.dumps({"__type": code, "message": message}), "application/x-amz-json-1.1")

    def xml(self, body, status=200):
        self.send(status, body, "text/xml")

    def xml_error(self, code, message, status):
        self.xml(f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error></ErrorResponse>", status)

    def do_GET(self):
        if self.path == "/counts":
            with LOCK:
                self.send(200, json.dumps(COUNTS, sort_keys=True), "application/json")
        else:
            self.send(404, "not found", "text/plain")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode()
        if self.path == "/reset":
            with LOCK:
                COUNTS.clear()
            return self.send(200, "{}", "application/json")
        auth = self.headers.get("Authorization", "")
        match = re.search(r"Credential=([^/]+)/\d+/([^/]+)/([^/]+)/", auth)
        if not match:
            return self.xml_error("MissingAuthenticationToken", "unsigned", 403)
        key, region, service = match.groups()
        account = CALLER if key == "AKIASTUBCALLER" else key[len("ASIASTUB"):]
        if service in ("iam", "sts"):
            params = dict(urllib.parse.parse_qsl(body, keep_blank_values=True))
            operation = params.get("Action", "")
        else:
            params = json.loads(body or "{}")
            operation = self.headers.get("X-Amz-Target", "").split(".")[-1]
        with LOCK:
            count_key = f"{account} {region} {operation}"
            COUNTS[count_key] = COUNTS.get(count_key, 0) + 1
            count = COUNTS[count_key]
        getattr(self, service)(account, region, operation, params, count)

    def sts(self, account, region, operation, params, count):
        if operation == "GetCallerIdentity":
            return self.xml(f"<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::{account}:user/auditor</Arn>"
                            f"<UserId>AIDAAUDITOR</UserId><Account>{account}</Account></GetCallerIdentityResult></GetCallerIdentityResponse>")
        if operation == "AssumeRole":
            target = params["RoleArn"].split(":")[4]
            if target == "333333333333":
                return self.xml_error("AccessDenied", f"User: arn:aws:iam::{account}:user/auditor is not authorized to perform: sts:AssumeRole on resource: {params['RoleArn']}", 403)
            return self.xml(f"<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIASTUB{target}</AccessKeyId>"
                            "<SecretAccessKey>stub-secret</SecretAccessKey><SessionToken>stub-token</SessionToken>"
                            "<Expiration>2099-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>")
        self.xml_error("InvalidAction", operation, 400)

    def iam(self, account, region, operation, params, count):
        if operation == "GetAccountAuthorizationDetails":
            if account == "111111111111" and count == 1:
                return self.xml_error("Throttling", "Rate exceeded", 400)
            pages = GAAD.get(account, [gaad_page("<UserDetailList/><GroupDetailList/><RoleDetailList/><Policies/>", False)])
            return self.xml(pages[1] if params.get("Marker") == "page-2" else pages[0])
        if operation in ("GetPolicy", "GetPolicyVersion"):
            arn = params["PolicyArn"]
            if arn not in MANAGED:
                return self.xml_error("NoSuchEntity", f"Policy {arn} does not exist", 404)
            name, version, document = MANAGED[arn]
            if operation == "GetPolicy":
                return self.xml(f"<GetPolicyResponse><GetPolicyResult><Policy><PolicyName>{name}</PolicyName><PolicyId>ANPA{version}</PolicyId>"
                                f"<Arn>{arn}</Arn><Path>/</Path><DefaultVersionId>{version}</DefaultVersionId><AttachmentCount>1</AttachmentCount>"
                                "<IsAttachable>true</IsAttachable></Policy></GetPolicyResult></GetPolicyResponse>")
            return self.xml(f"<GetPolicyVersionResponse><GetPolicyVersionResult><PolicyVersion><Document>{enc(document)}</Document>"
                            f"<VersionId>{version}</VersionId><IsDefaultVersion>true</IsDefaultVersion></PolicyVersion>"
                            "</GetPolicyVersionResult></GetPolicyVersionResponse>")
        self.xml_error("InvalidAction", operation, 400)

    def organizations(self, account, region, operation, params, count):
        if operation == "DescribeOrganization":
            return self.json({"Organization": ORG})
        if MEMBER:
            return self.json_error("AccessDeniedException", "You don't have permissions to access this resource.")
        if operation == "ListRoots":
            return self.json({"Roots": [{"Id": "r-stub", "Name": "Root", "PolicyTypes": [{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}]}]})
        if operation == "ListAccounts":
            accounts = [{"Id": a, "Status": "ACTIVE"} for a in ("111111111111", "222222222222", "333333333333")]
            if params.get("NextToken") == "accounts-2":
                return self.json({"Accounts": accounts[2:]})
            return self.json({"Accounts": accounts[:2], "NextToken": "accounts-2"})
        if operation == "ListParents":
            parent = PARENTS[params["ChildId"]]
            return self.json({"Parents": [{"Id": parent, "Type": "ROOT" if parent.startswith("r-") else "ORGANIZATIONAL_UNIT"}]})
        if operation == "ListPoliciesForTarget":
            if params["Filter"] != "SERVICE_CONTROL_POLICY":
                return self.json_error("PolicyTypeNotEnabledException", "not enabled")
            return self.json({"Policies": [{"Id": p, "Name": CONTENTS[p][0], "Type": "SERVICE_CONTROL_POLICY"} for p in SCPS.get(params["TargetId"], [])]})
        if operation == "DescribePolicy":
            name, content = CONTENTS[params["PolicyId"]]
            return self.json({"Policy": {"PolicySummary": {"Id": params["PolicyId"], "Name": name, "Type": "SERVICE_CONTROL_POLICY"},
                                         "Content": json.dumps(content)}})
        self.json_error("InvalidInputException", operation)

    def ecr(self, account, region, operation, params, count):
        home = (account, region) == ("111111111111", "us-east-1")
        if operation == "DescribeRegistry":
            rules = [{"destinations": [{"region": "us-west-2", "registryId": account}], "repositoryFilters": []}] if home else []
            return self.json({"registryId": account, "replicationConfiguration": {"rules": rules}})
        if operation == "GetRegistryPolicy":
            if not home:
                return self.json_error("RegistryPolicyNotFoundException", "none")
            document = {"Version": "2012-10-17", "Statement": [{"Sid": "Replicate", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::222222222222:root"},
                        "Action": ["ecr:CreateRepository", "ecr:ReplicateImage"], "Resource": f"arn:aws:ecr:{region}:{account}:repository/*"}]}
            return self.json({"registryId": account, "policyText": json.dumps(document)})
        if operation == "GetAccountSetting":
            return self.json({"name": "REGISTRY_POLICY_SCOPE", "value": "V1" if region == "us-east-1" else "V2"})
        if operation == "DescribePullThroughCacheRules":
            if not home:
                return self.json({"pullThroughCacheRules": []})
            first = {"ecrRepositoryPrefix": "docker-hub", "upstreamRegistryUrl": "registry-1.docker.io", "registryId": account,
                     "credentialArn": f"arn:aws:secretsmanager:{region}:{account}:secret:ecr-pullthroughcache/docker-hub",
                     "customRoleArn": f"arn:aws:iam::{account}:role/ptc", "upstreamRepositoryPrefix": "library"}
            second = {"ecrRepositoryPrefix": "quay", "upstreamRegistryUrl": "quay.io", "registryId": account}
            if params.get("nextToken") == "ptc-2":
                return self.json({"pullThroughCacheRules": [second]})
            return self.json({"pullThroughCacheRules": [first], "nextToken": "ptc-2"})
        if operation == "GetRegistryScanningConfiguration":
            rules = [{"scanFrequency": "SCAN_ON_PUSH", "repositoryFilters": [{"filter": "app-*", "filterType": "WILDCARD"}]}] if home else []
            return self.json({"registryId": account, "scanningConfiguration": {"scanType": "BASIC", "rules": rules}})
        if operation == "DescribeRepositoryCreationTemplates":
            templates = [{"prefix": "team", "appliedFor": ["PULL_THROUGH_CACHE"], "repositoryPolicy": json.dumps(repo_policy(account, "team"))}] if home else []
            return self.json({"registryId": account, "repositoryCreationTemplates": templates})
        if operation == "DescribeRepositories":
            if account == "222222222222" and count <= 2:
                return self.json_error("ThrottlingException", "Rate exceeded")
            names = REPOSITORIES.get((account, region), [])
            start = int(params.get("nextToken", "0") or 0)
            page = names[start:start + 2]
            answer = {"repositories": [{"repositoryName": n, "registryId": account,
                                        "repositoryArn": f"arn:aws:ecr:{region}:{account}:repository/{n}",
                                        "imageTagMutability": "MUTABLE", "imageScanningConfiguration": {"scanOnPush": False},
                                        "encryptionConfiguration": {"encryptionType": "AES256"}} for n in page]}
            if start + 2 < len(names):
                answer["nextToken"] = str(start + 2)
            return self.json(answer)
        if operation == "GetRepositoryPolicy":
            name = params["repositoryName"]
            if name in NO_POLICY:
                return self.json_error("RepositoryPolicyNotFoundException", "none")
            return self.json({"registryId": account, "repositoryName": name, "policyText": json.dumps(repo_policy(account, name))})
        self.json_error("UnknownOperationException", operation)


ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
