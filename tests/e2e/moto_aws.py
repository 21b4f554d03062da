#!/usr/bin/env python3
"""moto_server as the real AWS endpoint of the end-to-end and conformance tests, patched where moto
5.2.1 still answers differently from AWS (so that tests compare the emulator with AWS, not with moto's
gaps). Each patch makes moto answer as AWS does today:

- SQS SendMessage without MessageBody: AWS answers 400 MissingParameter ("The request must contain
  the parameter MessageBody."); moto raises an internal error (HTTP 500).
- SNS Publish to a FIFO topic without MessageGroupId: AWS answers 400 InvalidParameter ("Invalid
  parameter: The MessageGroupId parameter is required for FIFO topics"); moto says MissingParameter.
- SNS Publish to a FIFO topic: AWS answers with a SequenceNumber (a 20-digit string); moto leaves it
  out.
- S3 objects: AWS encrypts every new object with SSE-S3 since January 2023 and says so
  (x-amz-server-side-encryption: AES256) on PutObject, GetObject and HeadObject; moto only when the
  bucket has an encryption configuration.

Usage: tests/e2e/moto_aws.py -H 127.0.0.1 -p PORT   (the arguments of moto_server)

As a library, the one AWS endpoint of every e2e test, benchmark and conformance run that needs AWS
services the emulator calls (S3 for the distributed Map, SQS/SNS/DynamoDB/... for the service
integrations):

    from moto_aws import MotoServer

    with MotoServer() as moto:              # raises unittest.SkipTest when moto is missing
        s3 = moto.client("s3")              # boto3 client on moto (test credentials)
        srv = Server(extra_args=("--aws-endpoint", moto.endpoint))
        ...
        moto.reset()                        # forget every resource (moto's /moto-api/reset)

In a ServerTestCase, start it in setUpClass (`MotoServer().start()`) before
super().setUpClass() and put its URL in EXTRA_ARGS (see test_s3_moto_map.py). One server serves
every service on one port; its account is 123456789012. The process dies with the test process.
"""

import os
import socket
import subprocess
import sys
import time
import unittest
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402


def _patch_moto():
    from moto.sqs import responses as sqs_responses
    from moto.sqs.exceptions import MissingParameter

    original_send = sqs_responses.SQSResponse.send_message

    def send_message(self):
        if self._get_param("MessageBody") is None:
            raise MissingParameter("MessageBody")
        return original_send(self)

    sqs_responses.SQSResponse.send_message = send_message

    from moto.sns import models as sns_models
    from moto.sns.exceptions import InvalidParameterValue
    from moto.sqs.exceptions import MissingParameter as SqsMissingParameter

    original_publish = sns_models.SNSBackend.publish

    def publish(self, *args, **kwargs):
        try:
            return original_publish(self, *args, **kwargs)
        except SqsMissingParameter as e:
            if "MessageGroupId" not in str(e.message):
                raise
            raise InvalidParameterValue(
                "Invalid parameter: The MessageGroupId parameter is required for FIFO topics")

    sns_models.SNSBackend.publish = publish

    from moto.sns import responses as sns_responses

    original_publish_response = sns_responses.SNSResponse.publish
    sequence = iter(range(10000000000000000000, 10**20, 1000))

    def publish_response(self):
        result = original_publish_response(self)
        arn = self._get_param("TopicArn") or self._get_param("TargetArn") or ""
        if arn.endswith(".fifo") and isinstance(result.result, dict):
            result.result["SequenceNumber"] = str(next(sequence))
        return result

    sns_responses.SNSResponse.publish = publish_response

    from moto.s3 import models as s3_models

    original_init = s3_models.FakeKey.__init__

    def key_init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        if not getattr(self, "encryption", None):
            self.encryption = "AES256"

    s3_models.FakeKey.__init__ = key_init


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MotoServer:
    """This script as a subprocess on a free port; `endpoint` is its URL."""

    def __init__(self):
        self.port = _free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.proc = None

    def start(self):
        try:
            import moto  # noqa: F401
        except ImportError:
            raise unittest.SkipTest("moto is not installed (python3 -m pip install 'moto[server]')")
        self.proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), "-H", "127.0.0.1",
                                      "-p", str(self.port)], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                                     preexec_fn=H._die_with_parent)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"moto_server exited with {self.proc.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.05)
        self.proc.kill()
        raise RuntimeError("moto_server did not listen within 30 s")

    def reset(self):
        """Forgets every resource moto holds (all services)."""
        urllib.request.urlopen(urllib.request.Request(self.endpoint + "/moto-api/reset", method="POST"),
                               timeout=10).read()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def client(self, service, region="us-east-1"):
        import boto3
        from botocore.config import Config
        return boto3.session.Session().client(
            service, endpoint_url=self.endpoint, region_name=region, aws_access_key_id="test",
            aws_secret_access_key="test", config=Config(retries={"total_max_attempts": 1}))


if __name__ == "__main__":
    _patch_moto()
    from moto.server import main
    main()
