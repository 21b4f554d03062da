"""Declarative stub functions (--functions FILE) and forwarding of unknown functions to another
Lambda endpoint (--lambda-endpoint, Step Functions Local's LAMBDA_ENDPOINT)."""

import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

STUBS = {
    "quote": {"$LATEST": {"Response": {"price": 42}}},
    "echo": {"*": {"ResponseTemplate": {"got.$": "$.name", "fn.$": "$$.FunctionName",
                                        "greeting.$": "States.Format('hi {}', $.name)"}}},
    "flaky": {"$LATEST": {"Sequence": [
        {"Error": "Throttled", "Cause": "slow down"},
        {"Response": "second"},
        {"Response": "third", "Delay": 10},
    ]}},
    "pinned": {"1": {"Response": "one"}, "2": {"Response": "two"}},
}


class LambdaStubs(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="sfn-stubs-")
        path = os.path.join(cls.tmp, "functions.json")
        with open(path, "w") as f:
            json.dump(STUBS, f)
        cls.server = H.Server(extra_args=["--functions", path])
        cls.server.start()
        cls.lam = cls.server.lambda_client()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def invoke(self, name, payload=None, **kw):
        r = self.lam.invoke(FunctionName=name, Payload=json.dumps(payload or {}).encode(), **kw)
        return r, json.loads(r["Payload"].read())

    def test_response(self):
        r, body = self.invoke("quote")
        self.assertEqual((r["StatusCode"], r["ExecutedVersion"], body), (200, "$LATEST", {"price": 42}))

    def test_template(self):
        _, body = self.invoke("echo", {"name": "ada"}, Qualifier="3")
        self.assertEqual(body, {"got": "ada", "fn": "echo", "greeting": "hi ada"})

    def test_sequence_then_last_repeats(self):
        r, body = self.invoke("flaky")
        self.assertEqual(r["FunctionError"], "Unhandled")
        self.assertEqual(body, {"errorType": "Throttled", "errorMessage": "slow down"})
        self.assertEqual(self.invoke("flaky")[1], "second")
        self.assertEqual(self.invoke("flaky")[1], "third")
        self.assertEqual(self.invoke("flaky")[1], "third")

    def test_versions(self):
        r, body = self.invoke("pinned", Qualifier="2")
        self.assertEqual((r["ExecutedVersion"], body), ("2", "two"))
        with self.assertRaises(self.lam.exceptions.ResourceNotFoundException):
            self.invoke("pinned", Qualifier="3")

    def test_bad_stub_file_refuses_to_start(self):
        path = os.path.join(self.tmp, "bad.json")
        with open(path, "w") as f:
            json.dump({"x": {"$LATEST": {"Error": 5}}}, f)
        srv = H.Server(extra_args=["--functions", path])
        self.addCleanup(srv.cleanup)
        with self.assertRaises(Exception):
            srv.start()


class LambdaForwarding(unittest.TestCase):
    def test_unknown_functions_are_forwarded(self):
        upstream = H.Server()
        self.addCleanup(upstream.cleanup)
        upstream.start()
        up = upstream.lambda_client()
        up.create_function(FunctionName="remote", Runtime="python3.12", Handler="app.handler",
                           Role="arn:aws:iam::123456789012:role/x",
                           Code={"ZipFile": H.make_zip({"app.py": "def handler(e, c):\n    return ['remote', e]\n"})},
                           Publish=True)
        front = H.Server(env={"LAMBDA_ENDPOINT": upstream.endpoint})
        self.addCleanup(front.cleanup)
        front.start()
        lam = front.lambda_client()
        r = lam.invoke(FunctionName="remote", Payload=b'{"k": 1}', Qualifier="1")
        self.assertEqual(json.loads(r["Payload"].read()), ["remote", {"k": 1}])
        self.assertEqual(r["ExecutedVersion"], "1")
        with self.assertRaises(lam.exceptions.ResourceNotFoundException):
            lam.invoke(FunctionName="nowhere")


if __name__ == "__main__":
    unittest.main()
