#!/usr/bin/env python3
"""A small ECR JSON 1.1 stub for what moto lacks: paging, throttling then success, 500s, timeouts,
malformed and truncated answers, pull-through cache rules and account settings.

Usage: stub_ecr_server.py PORT [--tls CERT KEY]   (127.0.0.1 only; HTTP/1.1 keep-alive)

Credential endpoints for the credential chain, on the same port:
  GET /container-credentials       ECS-style credentials; needs Authorization: container-test-token
  PUT /latest/api/token            IMDSv2 session token (needs X-aws-ec2-metadata-token-ttl-seconds)
  GET /latest/meta-data/iam/security-credentials/[ROLE]   role name / credentials (needs the token)
  /imds-forbidden/...              403 to every IMDS request (IMDS turned off for the instance)
  GET /keys                        the access key ids (and whether a session token came) of signed calls

The scenario is picked by the first repository name in the request (repositoryName or
repositoryNames[0]), so one server serves many tests:
  paged-N         DescribeRepositories/ListImages/DescribeImages over N items, honouring maxResults/nextToken
  extra-ID        DescribeRepositories with members the model does not name (clients must drop them)
  throttle-K-ID   the first K requests with this name get 400 ThrottlingException, then 200
  error500-ID     always 500 InternalServerError (JSON)
  unavailable-K-ID the first K requests get 503 with an HTML body, then 200
  slow-ID         sleeps 3 s before answering (longer than the tests' timeout)
  malformed-ID    200 with a body that is not JSON
  truncated-ID    200 announcing 1000 bytes, sending 20, closing the connection
  empty-ID        200 with an empty body
  xmlauth-ID      403 with moto's XML SignatureDoesNotMatch body
Repository creation templates (Create/Describe/Update/DeleteRepositoryCreationTemplate) answer in AWS's
documented shapes, as do the layer operations (UploadLayerPart answers lastByteReceived from the decoded
blob, so a client's byte handling shows). POST /stub/reset forgets pull-through cache rules, templates and policies.
Each request is logged to stderr without its Authorization header value.
"""
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

COUNTS = {}
KEYS = []
IMDS_TOKEN = "imds-session-token-for-tests"
TEMPORARY = {"AccessKeyId": "ASIASTUBTEMPORARY", "SecretAccessKey": "stub-temporary-secret", "Token": "stub-temporary-token",
             "Expiration": "2099-01-01T00:00:00Z"}
LOCK = threading.Lock()
CACHE_RULES = {}
TEMPLATES = {}
POLICIES = {}
SETTINGS = {"BASIC_SCAN_TYPE_VERSION": "AWS_NATIVE", "REGISTRY_POLICY_SCOPE": "V2"}
REGISTRY = "123456789012"


def bump(key):
    with LOCK:
        COUNTS[key] = COUNTS.get(key, 0) + 1
        return COUNTS[key]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        # Headers and body go out in separate writes; without TCP_NODELAY, Nagle + delayed ACK add 40 ms per call.
        import socket
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, fmt, *args):
        sys.stderr.write("stub: %s\n" % (fmt % args))

    def send_json(self, status, payload, error_type=None):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("x-amzn-RequestId", "stub-%d" % bump("__requests__"))
        if error_type:
            self.send_header("X-Amzn-Errortype", error_type + ":http://internal.amazon.com/")
        self.end_headers()
        self.wfile.write(body)

    def send_raw(self, status, body, content_type="text/plain", length=None, close=False):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        if close:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        if close:
            self.wfile.flush()
            self.close_connection = True

    def do_GET(self):
        if self.path.startswith("/imds-forbidden/"):
            return self.send_raw(403, b"")
        if self.path == "/counts":
            return self.send_json(200, COUNTS)
        if self.path == "/keys":
            return self.send_json(200, KEYS)
        if self.path == "/container-credentials":
            if self.headers.get("Authorization") != "container-test-token":
                return self.send_json(401, {"message": "bad container token"})
            return self.send_json(200, TEMPORARY)
        if self.path.startswith("/latest/meta-data/iam/security-credentials/"):
            if self.headers.get("X-aws-ec2-metadata-token") != IMDS_TOKEN:
                return self.send_raw(401, b"")
            role = self.path[len("/latest/meta-data/iam/security-credentials/"):]
            if not role:
                return self.send_raw(200, b"stub-role")
            return self.send_json(200, dict(TEMPORARY, Code="Success")) if role == "stub-role" else self.send_raw(404, b"")
        self.send_raw(200, b"stub ecr server\n")

    def do_PUT(self):
        length = int(self.headers.get("Content-Length", "0"))
        if length:
            self.rfile.read(length)
        if self.path.startswith("/imds-forbidden/"):
            return self.send_raw(403, b"")
        if self.path == "/latest/api/token" and self.headers.get("X-aws-ec2-metadata-token-ttl-seconds"):
            return self.send_raw(200, IMDS_TOKEN.encode())
        self.send_raw(400, b"")

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length) if length else b""
        if self.path == "/stub/reset":
            with LOCK:
                CACHE_RULES.clear()
                TEMPLATES.clear()
                POLICIES.clear()
            return self.send_json(200, {})
        authorization = self.headers.get("Authorization", "")
        if not authorization.startswith("AWS4-HMAC-SHA256 Credential="):
            return self.send_json(403, {"__type": "MissingAuthenticationTokenException", "message": "unsigned"})
        with LOCK:
            KEYS.append({"key": authorization.split("Credential=")[1].split("/")[0],
                         "token": self.headers.get("X-Amz-Security-Token") is not None})
        target = self.headers.get("X-Amz-Target", "")
        operation = target.split(".")[-1]
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            return self.send_json(400, {"__type": "SerializationException", "message": "bad json"})
        name = body.get("repositoryName") or (body.get("repositoryNames") or [""])[0] or ""
        count = bump(name) if name else 0
        if name.startswith("throttle-"):
            if count <= int(name.split("-")[1]):
                return self.send_json(400, {"__type": "com.amazonaws.ecr#ThrottlingException", "message": "Rate exceeded"})
        elif name.startswith("unavailable-"):
            if count <= int(name.split("-")[1]):
                return self.send_raw(503, b"<html><body>Service Unavailable</body></html>", "text/html")
        elif name.startswith("error500-"):
            return self.send_json(500, {"__type": "ServerException", "message": "internal failure"})
        elif name.startswith("slow-"):
            time.sleep(3)
        elif name.startswith("malformed-"):
            return self.send_raw(200, b'{"repositories": [{"repositoryName": ', "application/x-amz-json-1.1")
        elif name.startswith("truncated-"):
            return self.send_raw(200, b'{"repositories": [{"r', "application/x-amz-json-1.1", length=1000, close=True)
        elif name.startswith("empty-"):
            return self.send_raw(200, b"", "application/x-amz-json-1.1")
        elif name.startswith("xmlauth-"):
            xml = (b"<?xml version='1.0' encoding='UTF-8'?><ErrorResponse><Errors><Error><Code>SignatureDoesNotMatch</Code>"
                   b"<Message>The request signature we calculated does not match the signature you provided.</Message>"
                   b"</Error></Errors></ErrorResponse>")
            return self.send_raw(403, xml, "text/xml")
        handler = getattr(self, "op_" + operation, None)
        if handler is None:
            return self.send_json(400, {"__type": "UnknownOperationException", "message": operation}, "UnknownOperationException")
        return handler(body, name)

    # --- paging ---------------------------------------------------------------------------------
    def page(self, body, items, key):
        size = int(body.get("maxResults") or 1000)
        start = int(body.get("nextToken") or "0")
        chunk = items[start:start + size]
        answer = {key: chunk}
        if start + size < len(items):
            answer["nextToken"] = str(start + size)
        return self.send_json(200, answer)

    def op_DescribeRepositories(self, body, name):
        total = int(name.split("-")[1]) if name.startswith("paged-") else 1
        base = name or "repo"
        repos = [{"repositoryName": "%s-%03d" % (base, i), "registryId": REGISTRY,
                  "repositoryArn": "arn:aws:ecr:us-east-1:%s:repository/%s-%03d" % (REGISTRY, base, i),
                  "createdAt": 1700000000.0 + i} for i in range(total)]
        if name.startswith("extra-"):
            # A member the model does not name, an integral timestamp and a nested structure.
            for repo in repos:
                repo["futureField"] = {"nested": True}
                repo["createdAt"] = 1700000000
                repo["imageScanningConfiguration"] = {"scanOnPush": True}
        return self.page(body, repos, "repositories")

    def op_ListImages(self, body, name):
        total = int(name.split("-")[1]) if name.startswith("paged-") else 0
        return self.page(body, [{"imageDigest": "sha256:%064x" % i, "imageTag": "v%d" % i} for i in range(total)], "imageIds")

    def op_DescribeImages(self, body, name):
        total = int(name.split("-")[1]) if name.startswith("paged-") else 0
        return self.page(body, [{"imageDigest": "sha256:%064x" % i, "imageTags": ["v%d" % i], "imagePushedAt": 1700000000.0,
                                  "imageSizeInBytes": 1000 + i} for i in range(total)], "imageDetails")

    # --- what moto does not implement ---------------------------------------------------------
    def op_CreatePullThroughCacheRule(self, body, name):
        prefix = body["ecrRepositoryPrefix"]
        if prefix in CACHE_RULES:
            return self.send_json(400, {"__type": "PullThroughCacheRuleAlreadyExistsException", "message": "exists"})
        rule = {"ecrRepositoryPrefix": prefix, "upstreamRegistryUrl": body["upstreamRegistryUrl"], "createdAt": 1700000000.0,
                "registryId": REGISTRY}
        if body.get("upstreamRegistry"):
            rule["upstreamRegistry"] = body["upstreamRegistry"]
        CACHE_RULES[prefix] = rule
        return self.send_json(200, rule)

    def op_DescribePullThroughCacheRules(self, body, name):
        wanted = body.get("ecrRepositoryPrefixes")
        rules = [r for p, r in sorted(CACHE_RULES.items()) if not wanted or p in wanted]
        return self.page(body, rules, "pullThroughCacheRules")

    def op_DeletePullThroughCacheRule(self, body, name):
        rule = CACHE_RULES.pop(body["ecrRepositoryPrefix"], None)
        if rule is None:
            return self.send_json(400, {"__type": "PullThroughCacheRuleNotFoundException", "message": "no rule"})
        return self.send_json(200, rule)

    TEMPLATE_MEMBERS = ["prefix", "description", "encryptionConfiguration", "resourceTags", "imageTagMutability",
                        "imageTagMutabilityExclusionFilters", "repositoryPolicy", "lifecyclePolicy", "appliedFor", "customRoleArn"]

    def op_CreateRepositoryCreationTemplate(self, body, name):
        prefix = body["prefix"]
        if prefix in TEMPLATES:
            return self.send_json(400, {"__type": "TemplateAlreadyExistsException", "message": "The template with the prefix '%s' already exists" % prefix})
        template = {k: body[k] for k in self.TEMPLATE_MEMBERS if k in body}
        template.setdefault("encryptionConfiguration", {"encryptionType": "AES256"})
        template.setdefault("imageTagMutability", "MUTABLE")
        template.update({"createdAt": 1700000000.0, "updatedAt": 1700000000.0})
        TEMPLATES[prefix] = template
        return self.send_json(200, {"registryId": REGISTRY, "repositoryCreationTemplate": template})

    def op_UpdateRepositoryCreationTemplate(self, body, name):
        template = TEMPLATES.get(body["prefix"])
        if template is None:
            return self.send_json(400, {"__type": "TemplateNotFoundException", "message": "no template"})
        template.update({k: body[k] for k in self.TEMPLATE_MEMBERS if k in body})
        template["updatedAt"] = 1700000100.0
        return self.send_json(200, {"registryId": REGISTRY, "repositoryCreationTemplate": template})

    def op_DescribeRepositoryCreationTemplates(self, body, name):
        wanted = body.get("prefixes")
        templates = [t for p, t in sorted(TEMPLATES.items()) if not wanted or p in wanted]
        size = int(body.get("maxResults") or 1000)
        start = int(body.get("nextToken") or "0")
        answer = {"registryId": REGISTRY, "repositoryCreationTemplates": templates[start:start + size]}
        if start + size < len(templates):
            answer["nextToken"] = str(start + size)
        return self.send_json(200, answer)

    def op_DeleteRepositoryCreationTemplate(self, body, name):
        template = TEMPLATES.pop(body["prefix"], None)
        if template is None:
            return self.send_json(400, {"__type": "TemplateNotFoundException", "message": "no template"})
        return self.send_json(200, {"registryId": REGISTRY, "repositoryCreationTemplate": template})

    def op_InitiateLayerUpload(self, body, name):
        return self.send_json(200, {"uploadId": "upload-1", "partSize": 10485760})

    def op_UploadLayerPart(self, body, name):
        import base64
        blob = base64.b64decode(body["layerPartBlob"])
        return self.send_json(200, {"registryId": REGISTRY, "repositoryName": name, "uploadId": body["uploadId"],
                                    "lastByteReceived": body["partFirstByte"] + len(blob) - 1})

    def op_CompleteLayerUpload(self, body, name):
        return self.send_json(200, {"registryId": REGISTRY, "repositoryName": name, "uploadId": body["uploadId"],
                                    "layerDigest": body["layerDigests"][0]})

    def op_BatchCheckLayerAvailability(self, body, name):
        return self.send_json(200, {"layers": [{"layerDigest": d, "layerAvailability": "UNAVAILABLE", "layerSize": 0}
                                               for d in body["layerDigests"]], "failures": []})

    def op_GetDownloadUrlForLayer(self, body, name):
        return self.send_json(200, {"downloadUrl": "https://example.com/layer", "layerDigest": body["layerDigest"]})

    def op_GetAccountSetting(self, body, name):
        return self.send_json(200, {"name": body["name"], "value": SETTINGS.get(body["name"], "")})

    def op_PutAccountSetting(self, body, name):
        if body["name"] == "REGISTRY_POLICY_SCOPE" and body["value"] not in ("V1", "V2"):
            return self.send_json(400, {"__type": "ValidationException", "message": "value must be V1 or V2"})
        SETTINGS[body["name"]] = body["value"]
        return self.send_json(200, {"name": body["name"], "value": body["value"]})

    def op_GetRepositoryPolicy(self, body, name):
        return self.send_json(400, {"__type": "RepositoryPolicyNotFoundException", "message": "no repository policy"})

    def op_GetRegistryPolicy(self, body, name):
        if "registry" not in POLICIES:
            return self.send_json(400, {"__type": "RegistryPolicyNotFoundException", "message": "no registry policy"})
        return self.send_json(200, {"registryId": REGISTRY, "policyText": POLICIES["registry"]})

    def op_PutRegistryPolicy(self, body, name):
        POLICIES["registry"] = body["policyText"]
        return self.send_json(200, {"registryId": REGISTRY, "policyText": body["policyText"]})

    def op_DescribeRegistry(self, body, name):
        return self.send_json(200, {"registryId": REGISTRY, "replicationConfiguration": {"rules": []}})

    def op_GetAuthorizationToken(self, body, name):
        import base64
        token = base64.b64encode(b"AWS:stub-password-" + REGISTRY.encode()).decode()
        return self.send_json(200, {"authorizationData": [{"authorizationToken": token, "expiresAt": 4102444800.0,
                                                           "proxyEndpoint": "https://%s.dkr.ecr.us-east-1.amazonaws.com" % REGISTRY}]})


def main():
    port = int(sys.argv[1])
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    if len(sys.argv) == 5 and sys.argv[2] == "--tls":
        import ssl
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[3], sys.argv[4])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
