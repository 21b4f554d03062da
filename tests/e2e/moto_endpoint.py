"""A real AWS endpoint for end-to-end tests: moto_server (installed with the python3 first on PATH),
started on a free loopback port, waited for, stopped with the test. Shared by every e2e test that
needs AWS services the emulator calls (S3 for the distributed Map, SQS/SNS/DynamoDB/... for the
service integrations) and by tests/conformance/run_conformance.py (integration cases).

    from moto_endpoint import MotoEndpoint

    with MotoEndpoint() as moto:             # raises unittest.SkipTest when moto_server is missing
        s3 = moto.client("s3")               # boto3 client on moto (region and test credentials set)
        srv = Server(extra_args=("--aws-endpoint", moto.url))   # or ("--endpoint", f"s3={moto.url}")
        ...
        moto.reset()                         # forget every resource (moto's /moto-api/reset)

In a ServerTestCase, start it in setUpClass before super().setUpClass() and put its URL in
EXTRA_ARGS (see test_s3_moto_map.py). One moto_server serves every service on one port; its
account is 123456789012. The process dies with the test process (prctl PDEATHSIG).
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import unittest
import urllib.request

import boto3

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MotoEndpoint:
    def __init__(self):
        self.proc = None
        self.url = None

    def start(self):
        exe = shutil.which("moto_server")
        if not exe:
            raise unittest.SkipTest("moto_server is not installed")
        port = _free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.proc = subprocess.Popen([exe, "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, preexec_fn=H._die_with_parent)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/moto-api/", timeout=1).read()
                return self
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError("moto_server exited at start")
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("moto_server did not answer within 30 s")

    def client(self, service):
        return boto3.client(service, endpoint_url=self.url, region_name=H.REGION,
                            aws_access_key_id="test", aws_secret_access_key="test")

    def reset(self):
        """Forgets every resource moto holds (all services)."""
        urllib.request.urlopen(urllib.request.Request(self.url + "/moto-api/reset", method="POST"),
                               timeout=10).read()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
