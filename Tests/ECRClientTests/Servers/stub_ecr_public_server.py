#!/usr/bin/env python3
"""A loopback stub of ECR Public's GetAuthorizationToken (moto has no ECR Public), for login tests.

Usage: stub_ecr_public_server.py PORT [--fail]   (127.0.0.1 only)

Written for this repository. It answers POST / with `X-Amz-Target: SpencerFrontendService.GetAuthorizationToken`
(the model's targetPrefix) in the JSON 1.1 shape: `{"authorizationData": {"authorizationToken": base64("AWS:<password>"),
"expiresAt": <epoch seconds>}}`, the password `ecr-public-stub-password-<access key>`. The SigV4 signature is
checked with botocore for the secret `stub-secret` (any access key), scope us-east-1/ecr-public: a wrong one is
403 InvalidSignatureException. With --fail every token request is 400 AccessDeniedException.
GET / answers 200 (readiness); GET /requests: how many token requests were answered.
"""
import base64
import json
import re
import sys
import threading
import time

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FAIL = "--fail" in sys.argv
SECRET = "stub-secret"
LOCK = threading.Lock()
ANSWERED = [0]
AUTH = re.compile(r"AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # no Authorization values in the log
        sys.stderr.write("%s %s\n" % (self.command, self.headers.get("X-Amz-Target", self.path)))

    def answer(self, status, document, content_type="application/x-amz-json-1.1"):
        body = json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def error(self, status, code, message):
        self.answer(status, {"__type": code, "message": message})

    def do_GET(self):
        with LOCK:
            count = ANSWERED[0]
        self.answer(200, {"requests": count} if self.path == "/requests" else {}, "application/json")

    def signature_matches(self, body):
        """The access key of a correctly signed request, else None."""
        match = AUTH.match(self.headers.get("Authorization", ""))
        if not match:
            return None
        key, day, region, service, signed, signature = match.groups()
        if (region, service) != ("us-east-1", "ecr-public"):
            return None
        headers = {name: self.headers[name] for name in signed.split(";") if name in self.headers}
        if len(headers) != len(signed.split(";")):
            return None
        request = AWSRequest(method="POST", url="http://%s%s" % (self.headers["Host"], self.path), data=body, headers=headers)
        request.context["timestamp"] = self.headers.get("X-Amz-Date", "")
        signer = SigV4Auth(Credentials(key, SECRET, self.headers.get("X-Amz-Security-Token")), service, region)
        canonical = signer.canonical_request(request)
        expected = signer.signature(signer.string_to_sign(request, canonical), request)
        return key if expected == signature and request.context["timestamp"].startswith(day) else None

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.headers.get("X-Amz-Target") != "SpencerFrontendService.GetAuthorizationToken":
            return self.error(400, "UnknownOperationException", self.headers.get("X-Amz-Target", "no target"))
        if self.headers.get("Content-Type") != "application/x-amz-json-1.1":
            return self.error(400, "SerializationException", "expected application/x-amz-json-1.1")
        verified = self.signature_matches(body)
        if not verified:
            return self.error(403, "InvalidSignatureException", "The request signature we calculated does not match the signature you provided.")
        if FAIL:
            return self.error(400, "AccessDeniedException", "User is not authorized to perform: ecr-public:GetAuthorizationToken")
        with LOCK:
            ANSWERED[0] += 1
        token = base64.b64encode(("AWS:ecr-public-stub-password-" + verified).encode()).decode()
        self.answer(200, {"authorizationData": {"authorizationToken": token, "expiresAt": int(time.time()) + 12 * 3600}})


ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
