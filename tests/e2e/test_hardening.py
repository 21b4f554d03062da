"""Issue 14, hardening: no input, page or fault takes the emulator down, runs code it should not,
or loses data. One regression test per failure the issue lists, each asserting the error a client
gets and that the server keeps answering.

Run alone: SFN_EMULATOR_BIN=build/sfn-emulator python3 tests/e2e/test_hardening.py
"""
import base64
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import unittest

import boto3
from botocore.config import Config

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from harness import ROLE_ARN, Server, ServerTestCase, definition, unique  # noqa: E402

DEEP = 100_000  # 200 KB of brackets: well under AWS's 256 KiB input limit
DEEP_ARRAY = "[" * DEEP + "]" * DEEP
DEPTH_MESSAGE = ("Document nesting depth (1001) exceeds the maximum allowed (1000, from "
                 "`StreamReadConstraints.getMaxNestingDepth()`)")
ECHO = "def handler(event, context):\n    return event\n"


def create_function(lam, name, code, timeout=3, runtime="python3.12", handler="app.handler",
                    filename="app.py", **kw):
    return lam.create_function(FunctionName=name, Runtime=runtime, Handler=handler,
                               Role="arn:aws:iam::123456789012:role/x", Timeout=timeout,
                               Code={"ZipFile": H.make_zip({filename: code})}, **kw)


def raw_http(port, data, timeout=10):
    """Sends raw bytes; returns (status, body) of the first response (status 0: closed)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        chunks = []
        while True:
            try:
                chunk = s.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not chunk:
                break
            chunks.append(chunk)
            text = b"".join(chunks)
            head, sep, body = text.partition(b"\r\n\r\n")
            if sep:
                length = 0
                for line in head.split(b"\r\n")[1:]:
                    k, _, v = line.partition(b":")
                    if k.strip().lower() == b"content-length":
                        length = int(v.strip())
                if len(body) >= length:
                    break
    text = b"".join(chunks)
    if not text:
        return 0, b""
    status = int(text.split(b" ", 2)[1])
    return status, text.partition(b"\r\n\r\n")[2]


def sfn_request(target, body="{}", **headers):
    h = {"X-Amz-Target": f"AWSStepFunctions.{target}", "Content-Type": "application/x-amz-json-1.0"}
    h.update(headers)
    return h, body


class DocumentLimitsTest(ServerTestCase):
    """Part 1: depth and size limits everywhere a document enters or is built."""

    def assertAnswers(self):
        self.assertEqual(200, self.server.health().status, self.server.log_tail())

    def test_deep_execution_input_is_invalid_input(self):
        _, arn = self.create_sm()
        self.assertClientError("InvalidExecutionInput",
                               f"Invalid State Machine Execution Input: '{DEPTH_MESSAGE}'",
                               self.sfn.start_execution, stateMachineArn=arn, input=DEEP_ARRAY)
        self.assertAnswers()

    def test_deep_request_body_is_a_serialization_error(self):
        headers, _ = sfn_request("ListStateMachines")
        r = self.server.http("POST", "/", body=DEEP_ARRAY, headers=headers)
        self.assertEqual(400, r.status)
        self.assertEqual("com.amazon.coral.service#SerializationException", r.json()["__type"])
        self.assertAnswers()

    def test_deep_definition_is_invalid(self):
        deep = '{"a":' * 40000 + "1" + "}" * 40000
        text = '{"StartAt":"P","States":{"P":{"Type":"Pass","Result":' + deep + ',"End":true}}}'
        err = self.assertClientError("InvalidDefinition", None, self.sfn.create_state_machine,
                                     name=unique("sm"), roleArn=ROLE_ARN, definition=text)
        self.assertIn("Document nesting depth (1001)", err.response["Error"]["Message"])
        v = self.sfn.validate_state_machine_definition(definition=text)
        self.assertEqual("FAIL", v["result"])
        self.assertAnswers()

    def test_string_to_json_of_deep_text_fails_the_execution(self):
        d = definition({"P": {"Type": "Pass", "Parameters": {"v.$": "States.StringToJson($.s)"},
                              "End": True}})
        desc, _ = self.run_execution(d, json.dumps({"s": DEEP_ARRAY}))
        self.assertEqual("FAILED", desc["status"])
        self.assertEqual("States.Runtime", desc["error"])
        self.assertIn("Invalid arguments in States.StringToJson: the string is nested deeper "
                      "than the maximum of 1000 levels", desc["cause"])
        self.assertAnswers()

    def test_a_document_built_deeper_than_the_limit_fails_the_state(self):
        # Each turn of the loop nests the input one level deeper.
        d = definition({
            "Nest": {"Type": "Pass", "Parameters": {"x.$": "$", "n.$": "States.MathAdd($.n, 1)"},
                     "Next": "Loop"},
            "Loop": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericLessThan": 2000,
                                                    "Next": "Nest"}], "Default": "Done"},
            "Done": {"Type": "Succeed"}})
        desc, _ = self.run_execution(d, json.dumps({"n": 0}), timeout=60)
        self.assertEqual("FAILED", desc["status"])
        self.assertEqual("States.DataLimitExceeded", desc["error"])
        self.assertEqual("The state/task 'Nest' returned a result nested deeper than the maximum "
                         "of 1000 levels.", desc["cause"])
        self.assertAnswers()

    def test_long_input_path_fails_in_linear_time(self):
        path = "$" + ".a" * 50_000
        d = definition({"P": {"Type": "Pass", "InputPath": path, "End": True}})
        desc, _ = self.run_execution(d, json.dumps({"a": {"b": 1}}))
        self.assertEqual("FAILED", desc["status"])
        self.assertEqual("States.Runtime", desc["error"])
        self.assertTrue(desc["cause"].endswith("Missing property in path $['a']['a']"),
                        desc["cause"][-200:])
        self.assertAnswers()

    def test_deep_scan_over_a_deep_input_fails_instead_of_copying_every_subtree(self):
        depth = 900
        doc = '{"a":' * depth + '"' + "x" * 100_000 + '"' + "}" * depth
        d = definition({"P": {"Type": "Pass", "InputPath": "$..a", "End": True}})
        desc, _ = self.run_execution(d, doc, timeout=60)
        self.assertEqual("FAILED", desc["status"])
        self.assertEqual("States.DataLimitExceeded", desc["error"])
        self.assertAnswers()

    def test_filters_and_intrinsics_nest_only_so_deep(self):
        nested = "$[?(" + "(" * 500 + "@.a" + ")" * 500 + ")]"
        d = definition({"P": {"Type": "Pass", "InputPath": nested, "End": True}})
        self.assertClientError("InvalidDefinition", None, self.sfn.create_state_machine,
                               name=unique("sm"), roleArn=ROLE_ARN, definition=d)
        call = "States.Array(" * 200 + "1" + ")" * 200
        d = definition({"P": {"Type": "Pass", "Parameters": {"v.$": call}, "End": True}})
        self.assertClientError("InvalidDefinition", None, self.sfn.create_state_machine,
                               name=unique("sm"), roleArn=ROLE_ARN, definition=d)
        self.assertAnswers()

    def test_integer_intrinsics_never_overflow_silently(self):
        d = definition({"P": {"Type": "Pass",
                              "Parameters": {"v.$": "States.MathAdd($.a, 1)"}, "End": True}})
        desc, _ = self.run_execution(d, json.dumps({"a": 9223372036854775807}))
        self.assertEqual("FAILED", desc["status"])
        self.assertEqual("States.Runtime", desc["error"])
        self.assertIn("outside the range of a 64-bit integer", desc["cause"])


class ClockBoundTest(ServerTestCase):
    """Part 6: the clock never passes 9999-12-31T23:59:59Z."""

    def test_a_wait_past_year_9999_fails_and_the_clock_stays_readable(self):
        d = definition({"W": {"Type": "Wait", "SecondsPath": "$.s", "End": True}})
        desc, _ = self.run_execution(d, json.dumps({"s": 400_000_000_000}))
        self.assertEqual("FAILED", desc["status"])
        self.assertEqual("States.Runtime", desc["error"])
        self.assertIn("references a time after 9999-12-31T23:59:59.000Z", desc["cause"])
        d = definition({"W": {"Type": "Wait", "TimestampPath": "$.t", "End": True}})
        desc, _ = self.run_execution(d, json.dumps({"t": "9999-12-31T23:59:59-23:00"}))
        self.assertEqual("FAILED", desc["status"])
        # Every call that returns a time still parses.
        self.assertLess(self.server.clock_now().year, 10000)
        self.sfn.list_state_machines()

    def test_the_admin_clock_refuses_to_pass_year_9999(self):
        r = self.server.http("POST", "/_emulator/clock", body=json.dumps({"advance": 1e12}),
                             headers={"Content-Type": "application/json", "X-Sfn-Emulator": "1"})
        self.assertEqual(400, r.status, r)
        self.assertIn("cannot be advanced past 9999-12-31T23:59:59.000Z", r.json()["message"])
        r = self.server.http("POST", "/_emulator/clock", body='{"advance": 1e400}',
                             headers={"Content-Type": "application/json", "X-Sfn-Emulator": "1"})
        self.assertEqual(400, r.status, r)
        self.assertLess(self.server.clock_now().year, 10000)

    def test_a_wait_of_99999999_seconds_still_works(self):
        d = definition({"W": {"Type": "Wait", "Seconds": 99999999, "End": True}})
        desc, _ = self.run_execution(d)
        self.assertEqual("SUCCEEDED", desc["status"])


class RestartTest(unittest.TestCase):
    """Part 2: no poisoned restarts; one bad execution never keeps the emulator from starting."""

    WAIT = definition({"W": {"Type": "Wait", "Seconds": 60, "Next": "P"},
                       "P": {"Type": "Pass", "Result": "done", "End": True}})

    def start_two(self, srv):
        sfn = srv.client()
        arn = sfn.create_state_machine(name=unique("sm"), roleArn=ROLE_ARN,
                                       definition=self.WAIT)["stateMachineArn"]
        a = sfn.start_execution(stateMachineArn=arn)["executionArn"]
        b = sfn.start_execution(stateMachineArn=arn)["executionArn"]
        return a, b

    def test_an_execution_the_process_crashed_in_is_failed_at_the_next_start(self):
        srv = Server(clock="manual")
        try:
            srv.start()
            a, b = self.start_two(srv)
            srv.kill9()
            # What the fatal-signal handler writes when a step crashes (its unit test,
            # tests/core/fatal_signals_test.cc, crashes a process for real).
            with open(os.path.join(srv.data_dir, "crashed-executions"), "w") as f:
                f.write(f"11 {a}\n")
            srv.start()
            sfn = srv.client()
            d = sfn.describe_execution(executionArn=a)
            self.assertEqual("FAILED", d["status"])
            self.assertEqual("States.Runtime", d["error"])
            self.assertIn("the emulator crashed (SIGSEGV) while running it", d["cause"])
            self.assertFalse(os.path.exists(os.path.join(srv.data_dir, "crashed-executions")))
            srv.advance_clock(60)
            self.assertEqual("SUCCEEDED", H.wait_for_status(sfn, b, server=srv)["status"])
            events = H.full_history(sfn, a)
            self.assertEqual("ExecutionFailed", events[-1]["type"])
        finally:
            srv.cleanup()

    def test_a_damaged_state_row_fails_that_execution_not_the_start(self):
        srv = Server(clock="manual")
        try:
            srv.start()
            a, b = self.start_two(srv)
            srv.stop()
            db = sqlite3.connect(os.path.join(srv.data_dir, "sfn-emulator.db"))
            db.execute("UPDATE executions SET state = '{\"frames\": not json' WHERE arn = ?", (a,))
            db.commit()
            db.close()
            srv.start()
            sfn = srv.client()
            d = sfn.describe_execution(executionArn=a)
            self.assertEqual("FAILED", d["status"])
            self.assertIn("its saved state could not be read", d["cause"])
            srv.advance_clock(60)
            self.assertEqual("SUCCEEDED", H.wait_for_status(sfn, b, server=srv)["status"])
            H.full_history(sfn, a)  # still readable
        finally:
            srv.cleanup()

    def test_a_second_process_on_the_same_data_directory_refuses_to_start(self):
        first = Server()
        try:
            first.start()
            second = Server(data_dir=first.data_dir)
            try:
                with self.assertRaises(RuntimeError) as ctx:
                    second.start()
                self.assertIn("is in use by another sfn-emulator (pid "
                              f"{first.proc.pid}", str(ctx.exception))
            finally:
                second.cleanup()
            self.assertEqual(200, first.health().status)
            # The lock dies with its holder, even with kill -9.
            first.kill9()
            first.start()
            self.assertEqual(200, first.health().status)
        finally:
            first.cleanup()


class MainEntryPointsTest(ServerTestCase):
    """Parts 1 and 4 on the operations that came later: StartSyncExecution (and the `sync-` host
    prefix the SDKs put before it), activities, SendTask*, TestState."""

    def assertAnswers(self):
        self.assertEqual(200, self.server.health().status, self.server.log_tail())

    def express(self):
        return self.sfn.create_state_machine(
            name=unique("ex"), roleArn=ROLE_ARN, type="EXPRESS",
            definition=definition({"P": {"Type": "Pass", "End": True}}))["stateMachineArn"]

    def test_the_sync_host_prefix_is_judged_as_the_host_it_prefixes(self):
        arn = self.express()
        body = json.dumps({"stateMachineArn": arn, "input": '{"a": 1}'})
        for host in (f"sync-127.0.0.1:{self.server.port}", "sync-localhost", f"sync-localhost:{self.server.port}"):
            headers, _ = sfn_request("StartSyncExecution", Host=host)
            r = self.server.http("POST", "/", body=body, headers=headers)
            self.assertEqual(200, r.status, (host, r))
            self.assertEqual(("SUCCEEDED", '{"a":1}'), (r.json()["status"], r.json()["output"]))
        headers, _ = sfn_request("StartSyncExecution", Host="sync-evil.example")
        r = self.server.http("POST", "/", body=body, headers=headers)
        self.assertEqual(403, r.status)
        self.assertEqual("com.amazon.coral.service#AccessDeniedException", r.json()["__type"])

    def test_deep_sync_execution_input_is_invalid_input(self):
        arn = self.express()
        headers, _ = sfn_request("StartSyncExecution")
        r = self.server.http("POST", "/", body=json.dumps({"stateMachineArn": arn, "input": DEEP_ARRAY}),
                             headers=headers)
        self.assertEqual(400, r.status, r)
        self.assertTrue(r.json()["__type"].endswith("#InvalidExecutionInput"), r.json())
        self.assertIn(DEPTH_MESSAGE, r.json()["message"])
        self.assertAnswers()

    def test_deep_task_output_is_invalid_output(self):
        self.assertClientError("InvalidOutput", f"Invalid Output: '{DEPTH_MESSAGE}'",
                               self.sfn.send_task_success, taskToken="x" * 64, output=DEEP_ARRAY)
        self.assertAnswers()

    def test_deep_activity_and_callback_bodies_are_serialization_errors(self):
        for target in ("GetActivityTask", "SendTaskHeartbeat", "SendTaskFailure", "CreateActivity"):
            headers, _ = sfn_request(target)
            r = self.server.http("POST", "/", body=DEEP_ARRAY, headers=headers)
            self.assertEqual(400, r.status, (target, r))
            self.assertEqual("com.amazon.coral.service#SerializationException", r.json()["__type"])
        self.assertAnswers()

    def test_test_state_refuses_deep_input_and_a_deep_state(self):
        # TestState has the SDKs' sync- host prefix too: turned off, as the README says.
        sfn = boto3.session.Session().client(
            "stepfunctions", endpoint_url=self.server.endpoint, region_name=H.REGION,
            aws_access_key_id="test", aws_secret_access_key="test",
            config=Config(inject_host_prefix=False, retries={"total_max_attempts": 1}))
        state = json.dumps({"Type": "Pass", "End": True})
        self.assertClientError("InvalidExecutionInput", None, sfn.test_state,
                               definition=state, input=DEEP_ARRAY)
        deep = '{"a":' * 2000 + "1" + "}" * 2000
        err = self.assertClientError("InvalidDefinition", None, sfn.test_state,
                                     definition='{"Type":"Pass","Result":' + deep + ',"End":true}')
        self.assertIn("Document nesting depth (1001)", err.response["Error"]["Message"])
        self.assertAnswers()


class BrowserTest(ServerTestCase):
    """Part 4: the browser is not a way in."""

    def test_a_foreign_host_is_refused(self):
        headers, body = sfn_request("ListStateMachines", Host=f"evil.example:{self.server.port}")
        r = self.server.http("POST", "/", body=body, headers=headers)
        self.assertEqual(403, r.status)
        self.assertEqual("com.amazon.coral.service#AccessDeniedException", r.json()["__type"])
        self.assertIn("--allowed-host evil.example", r.json()["message"])
        r = self.server.http("GET", "/2015-03-31/functions", headers={"Host": "evil.example"})
        self.assertEqual(403, r.status)
        self.assertEqual("AccessDeniedException", r.headers["x-amzn-errortype"])
        r = self.server.http("GET", "/", headers={"Host": "rebound.attacker.example"})
        self.assertEqual(403, r.status)

    def test_loopback_names_addresses_and_service_names_are_answered(self):
        for host in (f"localhost:{self.server.port}", "127.0.0.1", "[::1]:8083", "sfn:8083",
                     "app.localhost", "192.168.1.20:8083"):
            headers, body = sfn_request("ListStateMachines", Host=host)
            r = self.server.http("POST", "/", body=body, headers=headers)
            self.assertEqual(200, r.status, (host, r))

    def test_a_cross_origin_write_is_refused(self):
        headers, body = sfn_request("CreateStateMachine", Origin="http://evil.example")
        r = self.server.http("POST", "/", body=json.dumps({"name": "x"}), headers=headers)
        self.assertEqual(403, r.status)
        self.assertIn("Cross-origin requests are refused", r.json()["message"])
        r = self.server.http("POST", "/_emulator/clock", body='{"advance": 1}',
                             headers={"X-Sfn-Emulator": "1", "Origin": "null"})
        self.assertEqual(403, r.status)
        # The console's own origin is fine.
        headers, body = sfn_request("ListStateMachines",
                                    Origin=f"http://127.0.0.1:{self.server.port}")
        self.assertEqual(200, self.server.http("POST", "/", body=body, headers=headers).status)

    def test_a_text_plain_post_cannot_create_or_invoke_a_function(self):
        code = base64.b64encode(H.make_zip({"app.py": ECHO})).decode()
        body = json.dumps({"FunctionName": "evil", "Runtime": "python3.12",
                           "Handler": "app.handler", "Role": "arn:aws:iam::123456789012:role/x",
                           "Code": {"ZipFile": code}})
        r = self.server.http("POST", "/2015-03-31/functions", body=body,
                             headers={"Content-Type": "text/plain"})
        self.assertEqual(403, r.status)
        self.assertEqual("AccessDeniedException", r.headers["x-amzn-errortype"])
        r = self.server.http("POST", "/2015-03-31/functions/evil/invocations", body="{}")
        self.assertEqual(403, r.status)
        lam = self.server.lambda_client()
        with self.assertRaises(lam.exceptions.ResourceNotFoundException):
            lam.get_function(FunctionName="evil")
        # A JSON content type (what an SDK or the console sends) is fine.
        r = self.server.http("POST", "/2015-03-31/functions", body=body,
                             headers={"Content-Type": "application/json"})
        self.assertEqual(201, r.status, r)


class SignatureTest(unittest.TestCase):
    """Part 5: --verify-signatures."""

    @classmethod
    def setUpClass(cls):
        cls.server = Server(extra_args=["--verify-signatures", "--credentials",
                                        "AKIDGOOD:goodsecret,AKIDTWO:secret2"])
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def client(self, key="AKIDGOOD", secret="goodsecret", service="stepfunctions"):
        import boto3
        from botocore.config import Config
        return boto3.session.Session().client(
            service, endpoint_url=self.server.endpoint, region_name="us-east-1",
            aws_access_key_id=key, aws_secret_access_key=secret,
            config=Config(retries={"total_max_attempts": 1}))

    def test_signed_requests_with_known_credentials_pass(self):
        sfn = self.client()
        arn = sfn.create_state_machine(name=unique("sm"), roleArn=ROLE_ARN,
                                       definition=H.PASS_DEF)["stateMachineArn"]
        e = sfn.start_execution(stateMachineArn=arn)["executionArn"]
        self.assertEqual("SUCCEEDED", H.wait_for_status(sfn, e)["status"])
        lam = self.client(key="AKIDTWO", secret="secret2", service="lambda")
        lam.create_function(FunctionName=unique("signed"), Runtime="python3.12",
                            Handler="app.handler", Role="arn:aws:iam::123456789012:role/x",
                            Code={"ZipFile": H.make_zip({"app.py": ECHO})})
        lam.list_functions(MaxItems=5)
        cli = self.server.aws("stepfunctions", "list-state-machines",
                              env={"AWS_ACCESS_KEY_ID": "AKIDGOOD",
                                   "AWS_SECRET_ACCESS_KEY": "goodsecret"})
        self.assertTrue(cli.ok, cli)

    def test_a_wrong_secret_is_an_invalid_signature(self):
        sfn = self.client(secret="wrong")
        with self.assertRaises(Exception) as ctx:
            sfn.list_state_machines()
        self.assertEqual("InvalidSignatureException", H.error_of(ctx)[0])
        self.assertIn("The request signature we calculated does not match", H.error_of(ctx)[1])
        lam = self.client(secret="wrong", service="lambda")
        with self.assertRaises(Exception) as ctx:
            lam.list_functions()
        self.assertEqual("InvalidSignatureException", H.error_of(ctx)[0])

    def test_an_unknown_key_is_unrecognized(self):
        with self.assertRaises(Exception) as ctx:
            self.client(key="AKIDNOPE").list_state_machines()
        self.assertEqual(("UnrecognizedClientException",
                          "The security token included in the request is invalid."),
                         H.error_of(ctx))

    def test_an_unsigned_request_is_refused_but_health_answers(self):
        headers, body = sfn_request("ListStateMachines")
        r = self.server.http("POST", "/", body=body, headers=headers)
        self.assertEqual(403, r.status)
        self.assertEqual("com.amazon.coral.service#MissingAuthenticationTokenException",
                         r.json()["__type"])
        self.assertEqual(200, self.server.health().status)

    def test_a_non_loopback_listener_without_verification_warns(self):
        srv = Server(extra_args=["--host", "0.0.0.0"])  # the later --host wins
        try:
            srv.start()
            srv.stop()
            self.assertIn("without --verify-signatures", srv.log_tail())
        finally:
            srv.cleanup()


class ServerLimitsTest(unittest.TestCase):
    """Part 6: accept back-off, connection cap, malformed requests answered before closing."""

    @classmethod
    def setUpClass(cls):
        cls.server = Server(extra_args=["--max-connections", "8"])
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def test_malformed_requests_get_an_answer(self):
        port = self.server.port
        self.assertEqual(400, raw_http(port, b"GET / HTTP/1.1\r\nHost localhost\r\n\r\n")[0])
        self.assertEqual(400, raw_http(port, b"\x16\x03\x01\x02\x00garbage\r\n\r\n")[0])
        long_target = b"GET /" + b"a" * 20000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"
        self.assertEqual(414, raw_http(port, long_target)[0])
        huge_line = b"GET /" + b"a" * 100000 + b" HTTP/1.1\r\n\r\n"
        self.assertEqual(414, raw_http(port, huge_line)[0])
        big_header = b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 100000 + b"\r\n\r\n"
        self.assertEqual(431, raw_http(port, big_header)[0])
        too_big = (b"POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: AWSStepFunctions.ListStateMachines"
                   b"\r\nContent-Length: 9000000\r\n\r\n{}")
        status, body = raw_http(port, too_big)
        self.assertEqual(413, status)
        self.assertEqual(200, self.server.health().status)

    def test_code_uploads_over_lambdas_limit_get_lambdas_error(self):
        upload = (b"POST /2015-03-31/functions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                  b"\r\nContent-Length: 80000000\r\n\r\n{")
        status, body = raw_http(self.server.port, upload)
        self.assertEqual(413, status)
        self.assertEqual("Request must be smaller than 70167211 bytes for the CreateFunction "
                         "operation", json.loads(body)["message"])
        invoke = (b"POST /2015-03-31/functions/f/invocations HTTP/1.1\r\nHost: x\r\n"
                  b"Content-Type: application/json\r\nContent-Length: 9000000\r\n\r\n{")
        status, body = raw_http(self.server.port, invoke)
        self.assertEqual(413, status)
        self.assertIn("6291456 bytes for the InvokeFunction operation", json.loads(body)["message"])

    def test_connections_beyond_the_cap_wait_their_turn(self):
        held = [socket.create_connection(("127.0.0.1", self.server.port)) for _ in range(8)]
        try:
            late = socket.create_connection(("127.0.0.1", self.server.port), timeout=10)
            late.sendall(b"GET /_emulator/health HTTP/1.1\r\nHost: localhost\r\n\r\n")
            late.settimeout(0.3)
            with self.assertRaises(socket.timeout):
                late.recv(100)  # not accepted yet: all 8 slots are held
            held.pop().close()
            late.settimeout(10)
            self.assertIn(b" 200 ", late.recv(1000))
            late.close()
        finally:
            for s in held:
                s.close()

    def test_running_out_of_file_descriptors_does_not_spin(self):
        srv = Server()
        base = srv.command
        srv.command = lambda: ["prlimit", "--nofile=64:64", "--"] + base()
        try:
            srv.start()
            socks = []
            for _ in range(200):
                try:
                    socks.append(socket.create_connection(("127.0.0.1", srv.port), timeout=2))
                except OSError:
                    break
            ticks = os.sysconf("SC_CLK_TCK")

            def cpu():
                with open(f"/proc/{srv.proc.pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                return (int(fields[11]) + int(fields[12])) / ticks

            before, t0 = cpu(), time.monotonic()
            deadline = t0 + 1.0
            while time.monotonic() < deadline:  # a bounded poll, not a sleep on real time
                time.sleep(0.05)
            used = cpu() - before
            self.assertLess(used, 0.5 * (time.monotonic() - t0), "the accept loop spins")
            for s in socks:
                s.close()
            self.assertEqual(200, srv.health().status)
        finally:
            srv.cleanup()


class LambdaLimitsTest(ServerTestCase):
    """Part 3: Lambda within AWS's limits."""

    CLOCK = "virtual"
    EXTRA_ARGS = ("--lambda-processes", "3")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lam = cls.server.lambda_client(read_timeout=60)

    def test_a_deep_invoke_payload_is_invalid_request_content(self):
        name = unique("echo")
        create_function(self.lam, name, ECHO)
        with self.assertRaises(self.lam.exceptions.InvalidRequestContentException) as ctx:
            self.lam.invoke(FunctionName=name, Payload=DEEP_ARRAY.encode())
        self.assertIn("Document nesting depth (1001)", str(ctx.exception))
        self.assertEqual(200, self.server.health().status)

    def test_a_response_over_6_mb_is_function_response_size_too_large(self):
        name = unique("big")
        create_function(self.lam, name, "def handler(event, context):\n    return 'x' * 7_000_000\n",
                        timeout=30)
        r = self.lam.invoke(FunctionName=name, Payload=b"{}")
        self.assertEqual("Unhandled", r.get("FunctionError"))
        self.assertEqual({"errorMessage": "Response payload size exceeded maximum allowed payload "
                                          "size (6291556 bytes).",
                          "errorType": "Function.ResponseSizeTooLarge"},
                         json.loads(r["Payload"].read()))
        # The same process answers the next call.
        small = unique("small")
        create_function(self.lam, small, ECHO)
        self.assertEqual({"a": 1}, json.loads(self.lam.invoke(FunctionName=small,
                                                              Payload=b'{"a":1}')["Payload"].read()))
        # In a Task: the function's error.
        d = definition({"T": {"Type": "Task", "Resource":
                              f"arn:aws:lambda:us-east-1:123456789012:function:{name}",
                              "End": True}})
        desc, _ = self.run_execution(d, timeout=60)
        self.assertEqual(("FAILED", "Function.ResponseSizeTooLarge"),
                         (desc["status"], desc["error"]))

    def test_a_provided_runtime_writing_too_much_is_cut_short(self):
        name = unique("prov")
        script = "#!/bin/sh\nhead -c 20000000 /dev/zero | tr '\\0' x\n"
        self.lam.create_function(FunctionName=name, Runtime="provided.al2023", Handler="x",
                                 Role="arn:aws:iam::123456789012:role/x", Timeout=30,
                                 Code={"ZipFile": H.make_zip({"bootstrap": script},
                                                             executable=("bootstrap",))})
        r = self.lam.invoke(FunctionName=name, Payload=b"{}")
        self.assertEqual("Unhandled", r.get("FunctionError"))
        self.assertEqual("Function.ResponseSizeTooLarge",
                         json.loads(r["Payload"].read())["errorType"])

    def test_a_chatty_handler_keeps_only_a_bounded_log_tail(self):
        name = unique("chatty")
        create_function(self.lam, name, "import sys\ndef handler(event, context):\n"
                        "    for i in range(2000):\n        print('x' * 8000, i)\n"
                        "    return 'done'\n", timeout=30)
        r = self.lam.invoke(FunctionName=name, Payload=b"{}", LogType="Tail")
        self.assertEqual(b'"done"', r["Payload"].read())
        tail = base64.b64decode(r["LogResult"]).decode()
        self.assertLessEqual(len(tail), 4096)
        self.assertIn(" 1999\n", tail)

    def test_an_event_payload_over_1_mb_is_too_large(self):
        name = unique("ev")
        create_function(self.lam, name, ECHO)
        with self.assertRaises(self.lam.exceptions.RequestTooLargeException) as ctx:
            self.lam.invoke(FunctionName=name, InvocationType="Event",
                            Payload=json.dumps({"s": "x" * 1_100_000}).encode())
        self.assertIn("1048576 bytes", str(ctx.exception))

    def test_reserved_concurrency_throttles(self):
        name = unique("throttled")
        create_function(self.lam, name, ECHO)
        self.assertEqual({"ReservedConcurrentExecutions": 0},
                         {k: v for k, v in self.lam.put_function_concurrency(
                             FunctionName=name, ReservedConcurrentExecutions=0).items()
                          if k != "ResponseMetadata"})
        self.assertEqual(0, self.lam.get_function_concurrency(
            FunctionName=name)["ReservedConcurrentExecutions"])
        self.assertEqual(0, self.lam.get_function(
            FunctionName=name)["Concurrency"]["ReservedConcurrentExecutions"])
        with self.assertRaises(self.lam.exceptions.TooManyRequestsException) as ctx:
            self.lam.invoke(FunctionName=name, Payload=b"{}")
        self.assertEqual("ReservedFunctionConcurrentInvocationLimitExceeded",
                         ctx.exception.response.get("Reason"))
        self.assertEqual(429, ctx.exception.response["ResponseMetadata"]["HTTPStatusCode"])
        # In a Task: Lambda.TooManyRequestsException, which Retry and Catch handle.
        d = definition({"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                              "Parameters": {"FunctionName": name, "Payload": {}},
                              "Retry": [{"ErrorEquals": ["Lambda.TooManyRequestsException"],
                                         "MaxAttempts": 2, "IntervalSeconds": 1}],
                              "Catch": [{"ErrorEquals": ["Lambda.TooManyRequestsException"],
                                         "Next": "Throttled"}], "End": True},
                        "Throttled": {"Type": "Pass", "End": True}})
        desc, history = self.run_execution(d)
        self.assertEqual("SUCCEEDED", desc["status"])
        failed = [e for e in history if e["type"] == "TaskFailed"]
        self.assertEqual(3, len(failed))  # the first call and two retries
        self.assertEqual("Lambda.TooManyRequestsException",
                         failed[0]["taskFailedEventDetails"]["error"])
        self.lam.delete_function_concurrency(FunctionName=name)
        self.assertEqual(200, self.lam.invoke(FunctionName=name, Payload=b"{}")["StatusCode"])
        with self.assertRaises(self.lam.exceptions.InvalidParameterValueException):
            self.lam.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=950)

    def test_handler_processes_stay_within_the_configured_number(self):
        names = [unique("warm") for _ in range(5)]
        for n in names:
            create_function(self.lam, n, ECHO)
            self.lam.invoke(FunctionName=n, Payload=b"{}")
        children = subprocess.run(["pgrep", "-P", str(self.server.proc.pid)],
                                  capture_output=True, text=True).stdout.split()
        handlers = [c for c in children
                    if "bootstrap" in open(f"/proc/{c}/cmdline").read().replace("\0", " ")]
        self.assertLessEqual(len(handlers), 3, handlers)

    def test_broken_zips_get_lambdas_4xx(self):
        good = H.make_zip({"app.py": ECHO})
        for data in (good[:-30], good[: len(good) // 2] + b"\0" * 64 + good[len(good) // 2 + 64:],
                     b"hello"):
            with self.assertRaises(self.lam.exceptions.InvalidParameterValueException) as ctx:
                self.lam.create_function(FunctionName=unique("z"), Runtime="python3.12",
                                         Handler="app.handler",
                                         Role="arn:aws:iam::123456789012:role/x",
                                         Code={"ZipFile": data})
            self.assertIn("Could not unzip uploaded file", str(ctx.exception))

    @unittest.skipUnless(subprocess.run(["node", "--version"], capture_output=True).returncode == 0,
                         "node is not installed")
    def test_a_node_handler_cannot_load_code_outside_its_folder(self):
        other = unique("other")
        create_function(self.lam, other, "exports.secret = 42;\nexports.handler = async () => 1;\n",
                        runtime="nodejs20.x", filename="index.js", handler="index.handler")
        where = self.lam.get_function(FunctionName=other)["Code"]["Location"][len("file://"):]
        name = unique("snoop")
        create_function(self.lam, name,
                        "exports.handler = async (e) => require(e.path).secret;\n",
                        runtime="nodejs20.x", filename="index.js", handler="index.handler")
        r = self.lam.invoke(FunctionName=name,
                            Payload=json.dumps({"path": os.path.join(where, "index.js")}).encode())
        self.assertEqual("Unhandled", r.get("FunctionError"))
        self.assertIn("Cannot find module", json.loads(r["Payload"].read())["errorMessage"])
        esm = unique("esm")
        create_function(self.lam, esm,
                        "export const handler = async (e) => (await import(e.url)).secret;\n",
                        runtime="nodejs20.x", filename="index.mjs", handler="index.handler")
        r = self.lam.invoke(FunctionName=esm, Payload=json.dumps(
            {"url": "file://" + os.path.join(where, "index.js")}).encode())
        self.assertEqual("Unhandled", r.get("FunctionError"))
        self.assertIn("Cannot find module", json.loads(r["Payload"].read())["errorMessage"])


class ProcessLifetimeTest(unittest.TestCase):
    """Part 3: handler processes and their children never outlive the emulator; unfinished
    unpacks are cleaned at start."""

    def test_handlers_and_their_children_die_with_a_killed_emulator(self):
        srv = Server(clock="real")
        try:
            srv.start()
            lam = srv.lambda_client(read_timeout=5)
            pid_file = os.path.join(srv._tmp, "pids")
            code = ("import os, subprocess, time\ndef handler(event, context):\n"
                    "    child = subprocess.Popen(['sleep', '300'])\n"
                    f"    open({pid_file!r}, 'w').write('%d %d' % (os.getpid(), child.pid))\n"
                    "    time.sleep(300)\n")
            create_function(lam, "sleeper", code, timeout=600)
            lam.invoke(FunctionName="sleeper", InvocationType="Event", Payload=b"{}")
            deadline = time.monotonic() + 20
            while not os.path.exists(pid_file) or not open(pid_file).read():
                self.assertLess(time.monotonic(), deadline, "the handler did not start")
                time.sleep(0.05)
            pids = [int(p) for p in open(pid_file).read().split()]
            srv.kill9()
            deadline = time.monotonic() + 10
            while any(os.path.exists(f"/proc/{p}") and
                      open(f"/proc/{p}/stat").read().split()[2] != "Z" for p in pids):
                self.assertLess(time.monotonic(), deadline, f"{pids} outlived the emulator")
                time.sleep(0.05)
        finally:
            srv.cleanup()

    def test_unfinished_unpacks_are_removed_at_start(self):
        srv = Server()
        try:
            srv.start()
            lam = srv.lambda_client()
            create_function(lam, "fn", ECHO)
            srv.kill9()
            leftover = os.path.join(srv.data_dir, "lambda", "fn", "abc123.4242.0.tmp")
            os.makedirs(os.path.join(leftover, "sub"))
            zip_tmp = os.path.join(srv.data_dir, "lambda", "fn", "abc123.4242.1.zip.tmp")
            open(zip_tmp, "w").write("partial")
            srv.start()
            self.assertFalse(os.path.exists(leftover))
            self.assertFalse(os.path.exists(zip_tmp))
            self.assertEqual({"a": 1}, json.loads(srv.lambda_client().invoke(
                FunctionName="fn", Payload=b'{"a":1}')["Payload"].read()))
        finally:
            srv.cleanup()


if __name__ == "__main__":
    unittest.main()
