"""The HTTP Task (arn:aws:states:::http:invoke) through boto3 against a small HTTP server this test
starts on a free loopback port: the request AWS documents (method, URL with query parameters,
headers with User-Agent and Range, a JSON or form-encoded body), the response shaped as AWS shapes
it, States.Http.StatusCode.<code> and States.Http.Socket errors through Retry and Catch, and the
parameter checks that fail the state with States.Runtime."""

import http.server
import json
import os
import socket
import sys
import threading
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

CONNECTION = "arn:aws:events:us-east-1:123456789012:connection/local/0d1e2f3a"


class Recorder(http.server.BaseHTTPRequestHandler):
    """Answers by path: /json (a JSON document), /text, /status/<code>, /image; records requests."""

    seen = []

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        parsed = urllib.parse.urlsplit(self.path)
        Recorder.seen.append({"method": self.command, "path": parsed.path, "query": parsed.query,
                              "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body})
        if parsed.path.startswith("/status/"):
            code = int(parsed.path.rsplit("/", 1)[1])
            payload, ctype = json.dumps({"problem": code}).encode(), "application/json"
        elif parsed.path == "/text":
            code, payload, ctype = 200, b"plain words", "text/plain; charset=utf-8"
        elif parsed.path == "/image":
            code, payload, ctype = 200, b"\x89PNG", "image/png"
        else:
            code, ctype = 200, "application/json"
            payload = json.dumps({"ok": True, "path": parsed.path}).encode()
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("X-Reply", "one")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _answer

    def log_message(self, *args):
        pass


def task(params, **extra):
    state = {"Type": "Task", "Resource": "arn:aws:states:::http:invoke", "Parameters": params, "End": True}
    state.update(extra)
    return H.definition({"Call": state})


def types(events):
    return [e["type"] for e in events]


class HttpTask(H.ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.api = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
        cls.base = f"http://127.0.0.1:{cls.api.server_address[1]}"
        threading.Thread(target=cls.api.serve_forever, daemon=True).start()

    @classmethod
    def tearDownClass(cls):
        cls.api.shutdown()
        cls.api.server_close()
        super().tearDownClass()

    def setUp(self):
        Recorder.seen.clear()

    def params(self, path, **more):
        p = {"ApiEndpoint": self.base + path, "Method": "GET", "Authentication": {"ConnectionArn": CONNECTION}}
        p.update(more)
        return p

    def test_get_with_query_and_headers_answers_as_aws_shapes_it(self):
        d, events = self.run_execution(task(self.params(
            "/json", QueryParameters={"currency": "usd", "tags": ["a b", "c"]},
            Headers={"X-Custom": "v1", "Accept": "application/json"})))
        self.assertEqual("SUCCEEDED", d["status"], d.get("cause"))
        out = json.loads(d["output"])
        self.assertEqual(["Headers", "ResponseBody", "StatusCode", "StatusText"], list(out))
        self.assertEqual({"ok": True, "path": "/json"}, out["ResponseBody"])
        self.assertEqual(200, out["StatusCode"])
        self.assertEqual("OK", out["StatusText"])
        self.assertEqual(["application/json"], out["Headers"]["content-type"])
        self.assertEqual(["one"], out["Headers"]["x-reply"])
        req = Recorder.seen[0]
        self.assertEqual("GET", req["method"])
        self.assertEqual("currency=usd&tags=a%20b&tags=c", req["query"])
        self.assertEqual("v1", req["headers"]["x-custom"])
        self.assertEqual("Amazon|StepFunctions|HttpInvoke|us-east-1", req["headers"]["user-agent"])
        self.assertEqual("bytes=0-262144", req["headers"]["range"])
        self.assertEqual(["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded",
                          "TaskStateExited", "ExecutionSucceeded"], types(events))
        scheduled = events[2]["taskScheduledEventDetails"]
        self.assertEqual(("http", "invoke"), (scheduled["resourceType"], scheduled["resource"]))
        self.assertHistoryChain(events)

    def test_json_body_and_text_response(self):
        d, _ = self.run_execution(task(self.params(
            "/text", Method="POST", **{"RequestBody": {"Card": {"Number.$": "$.n", "Name": "Jo"}}})), '{"n": "42"}')
        self.assertEqual("SUCCEEDED", d["status"], d.get("cause"))
        self.assertEqual("plain words", json.loads(d["output"])["ResponseBody"])
        req = Recorder.seen[0]
        self.assertEqual({"Card": {"Number": "42", "Name": "Jo"}}, json.loads(req["body"]))
        self.assertEqual("application/json; charset=UTF-8", req["headers"]["content-type"])

    def test_url_encoded_bodies_in_each_array_format(self):
        body = {"customer": "c 1", "tags": ["a", "b"], "meta": {"k": "v"}}
        expected = {
            None: "customer=c%201&tags%5B0%5D=a&tags%5B1%5D=b&meta%5Bk%5D=v",
            "INDICES": "customer=c%201&tags%5B0%5D=a&tags%5B1%5D=b&meta%5Bk%5D=v",
            "REPEAT": "customer=c%201&tags=a&tags=b&meta%5Bk%5D=v",
            "COMMAS": "customer=c%201&tags=a,b&meta%5Bk%5D=v",
            "BRACKETS": "customer=c%201&tags%5B%5D=a&tags%5B%5D=b&meta%5Bk%5D=v",
        }
        for fmt, want in expected.items():
            with self.subTest(fmt=fmt):
                Recorder.seen.clear()
                transform = {"RequestBodyEncoding": "URL_ENCODED"}
                if fmt:
                    transform["RequestEncodingOptions"] = {"ArrayFormat": fmt}
                d, _ = self.run_execution(task(self.params(
                    "/json", Method="POST", RequestBody=body, Transform=transform,
                    Headers={"Content-Type": "application/x-www-form-urlencoded"})))
                self.assertEqual("SUCCEEDED", d["status"], d.get("cause"))
                self.assertEqual(want, Recorder.seen[0]["body"])
                self.assertEqual("application/x-www-form-urlencoded", Recorder.seen[0]["headers"]["content-type"])

    def test_status_outside_2xx_is_an_error_retried_and_caught(self):
        call = {"Type": "Task", "Resource": "arn:aws:states:::http:invoke", "Parameters": self.params("/status/404"),
                "Retry": [{"ErrorEquals": ["States.Http.StatusCode.404"], "MaxAttempts": 1, "IntervalSeconds": 1}],
                "Catch": [{"ErrorEquals": ["States.Http.StatusCode.404"], "ResultPath": "$.err", "Next": "Handled"}],
                "End": True}
        d, events = self.run_execution(H.definition({"Call": call, "Handled": {"Type": "Pass", "End": True}},
                                                    start_at="Call"))
        self.assertEqual("SUCCEEDED", d["status"], d.get("cause"))
        err = json.loads(d["output"])["err"]
        self.assertEqual("States.Http.StatusCode.404", err["Error"])
        cause = json.loads(err["Cause"])
        self.assertEqual(404, cause["StatusCode"])
        self.assertEqual("Not Found", cause["StatusText"])
        self.assertEqual({"problem": 404}, cause["ResponseBody"])
        self.assertEqual(2, types(events).count("TaskFailed"), "one retry, then caught")
        self.assertEqual(2, len(Recorder.seen))

    def test_no_answer_is_states_http_socket(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            closed_port = s.getsockname()[1]
        d, events = self.run_execution(task({
            "ApiEndpoint": f"http://127.0.0.1:{closed_port}/x", "Method": "GET",
            "InvocationConfig": {"ConnectionArn": CONNECTION}}))
        self.assertEqual("FAILED", d["status"])
        self.assertEqual("States.Http.Socket", d["error"])
        self.assertIn("TaskFailed", types(events))

    def test_bad_parameters_fail_the_state_with_states_runtime(self):
        cases = {
            "no connection": {"ApiEndpoint": self.base + "/json", "Method": "GET"},
            "bad method": self.params("/json", Method="TRACE"),
            "forbidden header": self.params("/json", Headers={"Authorization": "Bearer x"}),
            "bad encoding": self.params("/json", Transform={"RequestBodyEncoding": "GZIP"}),
        }
        for name, params in cases.items():
            with self.subTest(name):
                d, events = self.run_execution(task(params))
                self.assertEqual("FAILED", d["status"])
                self.assertEqual("States.Runtime", d["error"])
                self.assertNotIn("TaskScheduled", types(events))
        self.assertEqual([], Recorder.seen)

    def test_binary_content_types_are_refused(self):
        d, _ = self.run_execution(task(self.params("/image")))
        self.assertEqual("FAILED", d["status"])
        self.assertEqual("States.Runtime", d["error"])
        self.assertIn("image/png", d["cause"])


if __name__ == "__main__":
    unittest.main()
