#!/usr/bin/env python3
"""A Docker registry token server for the Bearer-auth tests (loopback only).

  token_server.py PORT KEY_PEM CERT_PEM USER PASSWORD

GET /token?service=S&scope=repository:NAME:ACTIONS... with Basic USER:PASSWORD answers
{"token": JWT, "access_token": JWT, "expires_in": 300}: an ES256 JWT for docker-registry's `auth: token`
(issuer test-issuer, audience = service), signed with KEY, its certificate in the x5c header.
Wrong or missing credentials: 401. Each request is logged to stdout as `scope=...` (never the password).
"""
import base64, json, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse, parse_qs
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

port, key_path, cert_path, user, password = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
key = serialization.load_pem_private_key(open(key_path, "rb").read(), password=None)
cert = x509.load_pem_x509_certificate(open(cert_path, "rb").read())
x5c = base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def sign(claims):
    header = b64(json.dumps({"alg": "ES256", "typ": "JWT", "x5c": [x5c]}).encode())
    payload = b64(json.dumps(claims).encode())
    der = key.sign(f"{header}.{payload}".encode(), ec.ECDSA(hashes.SHA256()))
    r, s = decode_dss_signature(der)
    return f"{header}.{payload}.{b64(r.to_bytes(32, 'big') + s.to_bytes(32, 'big'))}"


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        url = urlparse(self.path)
        if url.path != "/token":
            self.send_response(404); self.end_headers(); return
        expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        if self.headers.get("Authorization") != expected:
            self.send_response(401); self.end_headers(); return
        query = parse_qs(url.query)
        access = []
        for scope in query.get("scope", []):
            kind, name, actions = scope.split(":")
            access.append({"type": kind, "name": name, "actions": actions.split(",")})
        print("scope=" + " ".join(query.get("scope", [])), flush=True)
        now = int(time.time())
        token = sign({"iss": "test-issuer", "sub": user, "aud": query.get("service", [""])[0], "exp": now + 300,
                      "nbf": now - 10, "iat": now, "jti": str(now), "access": access})
        body = json.dumps({"token": token, "access_token": token, "expires_in": 300}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", int(port)), Handler).serve_forever()
