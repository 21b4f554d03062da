"""The wire, byte by byte with http.client: AWS JSON 1.0 framing, protocol errors, keep-alive,
chunked bodies, oversized bodies; plus the /_emulator admin surface."""

import http.client
import json
import os
import socket
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

JSON10 = "application/x-amz-json-1.0"


def sfn_headers(op, region=None):
    h = {"Content-Type": JSON10, "X-Amz-Target": f"AWSStepFunctions.{op}"}
    if region:
        h["Authorization"] = (f"AWS4-HMAC-SHA256 Credential=test/20240101/{region}/states/aws4_request, "
                              f"SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" + "0" * 64)
        h["X-Amz-Date"] = "20240101T000000Z"
    return h


def error_type(resp):
    body = resp.json()
    return body.get("__type", "").rsplit("#", 1)[-1], body.get("message", body.get("Message"))


class Wire(H.ServerTestCase):
    def call(self, op, payload, region=None):
        body = payload if isinstance(payload, (bytes, str)) else json.dumps(payload)
        return self.server.http("POST", "/", body=body, headers=sfn_headers(op, region))

    def assertHealthy(self):
        r = self.server.health()
        self.assertEqual(200, r.status, r)

    def test_success_framing(self):
        r = self.call("ListStateMachines", {})
        self.assertEqual(200, r.status, r)
        self.assertTrue(r.headers.get("content-type", "").startswith(JSON10), r.headers)
        self.assertTrue(r.headers.get("x-amzn-requestid"), r.headers)
        self.assertIn("stateMachines", r.json())

    def test_modelled_error_framing(self):
        arn = H.sm_arn(H.unique("nope"))
        r = self.call("DescribeStateMachine", {"stateMachineArn": arn})
        self.assertEqual(400, r.status, r)
        self.assertTrue(r.headers.get("content-type", "").startswith(JSON10), r.headers)
        self.assertEqual(("StateMachineDoesNotExist", f"State Machine Does Not Exist: '{arn}'"), error_type(r))

    def test_malformed_json(self):
        for body in (b"{not json", b"[1, 2]", b"\xff\xfe", b'{"stateMachineArn": "x"'):
            with self.subTest(body=body):
                r = self.call("DescribeStateMachine", body)
                self.assertEqual(400, r.status, r)
                self.assertEqual("SerializationException", error_type(r)[0], r)
        self.assertHealthy()

    def test_empty_body_is_an_empty_request(self):
        r = self.call("ListStateMachines", b"")
        self.assertIn(r.status, (200, 400), r)
        if r.status == 400:
            self.assertEqual("SerializationException", error_type(r)[0], r)

    def test_unknown_operation(self):
        r = self.call("NoSuchOperation", {})
        self.assertEqual(400, r.status, r)
        self.assertEqual("UnknownOperationException", error_type(r)[0], r)
        r = self.server.http("POST", "/", body="{}", headers={"Content-Type": JSON10})  # no target at all
        self.assertEqual(400, r.status, r)
        self.assertEqual("UnknownOperationException", error_type(r)[0], r)

    def test_missing_required_member(self):
        r = self.call("DescribeStateMachine", {})
        self.assertEqual(400, r.status, r)
        self.assertEqual(("ValidationException", "1 validation error detected: Value null at 'stateMachineArn' "
                                                 "failed to satisfy constraint: Member must not be null"), error_type(r))

    def test_wrong_member_type(self):
        for op, payload in (("DescribeStateMachine", {"stateMachineArn": {"an": "object"}}),
                            ("ListStateMachines", {"maxResults": "ten"}),
                            ("GetExecutionHistory", {"executionArn": ["x"]})):
            with self.subTest(op=op):
                r = self.call(op, payload)
                self.assertEqual(400, r.status, r)
                self.assertEqual("SerializationException", error_type(r)[0], r)

    def test_value_out_of_range(self):
        r = self.call("ListStateMachines", {"maxResults": -1})
        self.assertEqual(400, r.status, r)
        self.assertEqual(("ValidationException", "1 validation error detected: Value '-1' at 'maxResults' failed to "
                                                 "satisfy constraint: Member must have value greater than or equal to 0"),
                         error_type(r))

    def test_oversized_body(self):
        body = json.dumps({"stateMachineArn": H.sm_arn("big"), "input": "x" * (8 * 1024 * 1024)}).encode()
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=15)
        status = None
        try:
            conn.request("POST", "/", body=body, headers=sfn_headers("StartExecution"))
            status = conn.getresponse().status
        except (ConnectionError, socket.timeout, http.client.HTTPException):
            status = "closed"  # closing the connection on an oversized body is acceptable
        finally:
            conn.close()
        self.assertIn(status, (400, 413, "closed"))
        self.assertHealthy()

    def test_keep_alive(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        try:
            conn.request("POST", "/", body="{}", headers=sfn_headers("ListStateMachines"))
            r1 = conn.getresponse()
            r1.read()
            self.assertEqual(200, r1.status)
            self.assertNotEqual("close", (r1.getheader("Connection") or "").lower())
            sock = conn.sock
            self.assertIsNotNone(sock, "server closed a keep-alive connection")
            conn.request("POST", "/", body=json.dumps({"stateMachineArn": H.sm_arn("nope-ka")}),
                         headers=sfn_headers("DescribeStateMachine"))
            r2 = conn.getresponse()
            r2.read()
            self.assertEqual(400, r2.status)
            self.assertIs(sock, conn.sock, "second request must reuse the connection")
            conn.request("POST", "/", body="{}", headers=sfn_headers("ListStateMachines"))
            r3 = conn.getresponse()
            r3.read()
            self.assertEqual(200, r3.status)
            self.assertIs(sock, conn.sock)
        finally:
            conn.close()

    def test_chunked_request_body(self):
        name = H.unique("chunked")
        payload = json.dumps({"name": name, "definition": H.PASS_DEF, "roleArn": H.ROLE_ARN}).encode()
        chunks = [payload[i:i + 7] for i in range(0, len(payload), 7)]
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        try:
            headers = sfn_headers("CreateStateMachine")
            headers["Transfer-Encoding"] = "chunked"
            conn.request("POST", "/", body=iter(chunks), headers=headers, encode_chunked=True)
            r = conn.getresponse()
            body = json.loads(r.read())
            self.assertEqual(200, r.status, body)
            self.assertEqual(H.sm_arn(name), body["stateMachineArn"])
        finally:
            conn.close()

    def test_region_from_sigv4_scope_and_default(self):
        name = H.unique("scope")
        r = self.call("CreateStateMachine", {"name": name, "definition": H.PASS_DEF, "roleArn": H.ROLE_ARN},
                      region="eu-central-1")
        self.assertEqual(200, r.status, r)
        self.assertEqual(H.sm_arn(name, region="eu-central-1"), r.json()["stateMachineArn"])
        name = H.unique("noscope")
        r = self.call("CreateStateMachine", {"name": name, "definition": H.PASS_DEF, "roleArn": H.ROLE_ARN})
        self.assertEqual(200, r.status, r)
        self.assertEqual(H.sm_arn(name, region="us-east-1"), r.json()["stateMachineArn"])

    def test_health(self):
        r = self.server.health()
        self.assertEqual(200, r.status, r)
        body = r.json()
        self.assertEqual("ok", body["status"])
        self.assertEqual(self.server.version, body["version"])
        self.assertIsInstance(body["uptimeSeconds"], (int, float))
        self.assertGreaterEqual(body["uptimeSeconds"], 0)

    def test_unknown_admin_path(self):
        r = self.server.http("GET", "/_emulator/no-such-thing")
        self.assertEqual(404, r.status, r)


class ManualClock(H.ServerTestCase):
    CLOCK = "manual"

    def test_clock_only_moves_when_advanced(self):
        t0 = self.server.clock_now()
        time.sleep(0.05)
        self.assertEqual(t0, self.server.clock_now())
        t1 = self.server.advance_clock(3600)
        self.assertEqual(3600, (t1 - t0).total_seconds())
        self.assertEqual(t1, self.server.clock_now())

    def test_bad_advance(self):
        for body in ('{"advance": -5}', '{"advance": "soon"}', "not json", "{}"):
            with self.subTest(body=body):
                r = self.server.http("POST", "/_emulator/clock", body=body,
                                     headers={"Content-Type": "application/json",
                                              H.EMULATOR_WRITE_HEADER: "1"})
                self.assertEqual(400, r.status, r)

    def test_history_timestamps_follow_the_clock(self):
        _, sm = self.create_sm(definition_text=H.wait_def(90))
        arn = self.sfn.start_execution(stateMachineArn=sm)["executionArn"]
        deadline = time.monotonic() + 10
        while "WaitStateEntered" not in [e["type"] for e in H.full_history(self.sfn, arn)]:
            self.assertLess(time.monotonic(), deadline, self.server.log_tail())
            time.sleep(0.02)
        start = self.server.clock_now()
        self.server.advance_clock(90)
        d = H.wait_for_status(self.sfn, arn, "SUCCEEDED", server=self.server)
        self.assertGreaterEqual((d["stopDate"] - start).total_seconds(), 89.999)
        self.assertLess((d["stopDate"] - start).total_seconds(), 95)


if __name__ == "__main__":
    unittest.main(verbosity=2)
