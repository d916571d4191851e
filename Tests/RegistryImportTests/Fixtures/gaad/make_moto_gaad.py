#!/usr/bin/env python3
"""Produces moto-gaad.json: starts moto_server on a free loopback port, seeds it with seed_moto.py,
prints `aws iam get-account-authorization-details` into OUTPUT, and stops the server (by its PID).

Usage: make_moto_gaad.py OUTPUT      (needs moto_server, the AWS CLI and boto3 on PATH)"""
import os
import socket
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import seed_moto  # noqa: E402


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(output):
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(["moto_server", "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 30
        while True:
            try:
                urllib.request.urlopen(endpoint + "/moto-api/", timeout=1)
                break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    sys.exit("moto_server did not start")
                time.sleep(0.1)
        seed_moto.main(endpoint)
        env = dict(os.environ, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION="us-east-1", AWS_PAGER="")
        with open(output, "w") as out:
            subprocess.run(["aws", "--endpoint-url", endpoint, "--output", "json", "iam", "get-account-authorization-details"],
                           stdout=out, env=env, check=True)
    finally:
        server.terminate()
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


if __name__ == "__main__":
    main(sys.argv[1])
