"""The Lambda user flow through the AWS CLI: create a python function from a zip, invoke it,
publish versions 1 and 2 with different code, a 50/50 weighted alias drawn from --seed (both
versions seen, the same sequence in two server runs), restart and invoke version 1 again."""

import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

ROLE = "arn:aws:iam::123456789012:role/lambda-e2e"


def handler_zip(tmp, label):
    path = os.path.join(tmp, f"{label}.zip")
    with open(path, "wb") as f:
        f.write(H.make_zip({"app.py": "def handler(event, context):\n"
                                      f"    return {{'label': {label!r}, 'event': event}}\n"}))
    return path


class LambdaCliFlow(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="sfn-lambda-cli-")

    def start(self, **kw):
        srv = H.Server(extra_args=["--seed", "42"], **kw)
        self.addCleanup(srv.cleanup)
        srv.start()
        return srv

    def cli(self, srv, *args):
        r = srv.aws("lambda", *args)
        self.assertTrue(r.ok, r)
        return r.json

    def invoke(self, srv, *args):
        out = os.path.join(self.tmp, "out.json")
        meta = self.cli(srv, "invoke", *args, out)
        with open(out) as f:
            return meta, json.load(f)

    def deploy(self, srv):
        created = self.cli(srv, "create-function", "--function-name", "greet", "--runtime", "python3.12",
                           "--handler", "app.handler", "--role", ROLE,
                           "--zip-file", "fileb://" + handler_zip(self.tmp, "blue"))
        self.assertEqual(created["Version"], "$LATEST")
        meta, body = self.invoke(srv, "--function-name", "greet", "--payload", '{"n": 1}')
        self.assertEqual(meta["StatusCode"], 200)
        self.assertEqual(meta["ExecutedVersion"], "$LATEST")
        self.assertEqual(body, {"label": "blue", "event": {"n": 1}})
        v1 = self.cli(srv, "publish-version", "--function-name", "greet")
        self.assertEqual(v1["Version"], "1")
        self.cli(srv, "update-function-code", "--function-name", "greet",
                 "--zip-file", "fileb://" + handler_zip(self.tmp, "green"))
        v2 = self.cli(srv, "publish-version", "--function-name", "greet")
        self.assertEqual(v2["Version"], "2")
        self.assertNotEqual(v1["CodeSha256"], v2["CodeSha256"])
        alias = self.cli(srv, "create-alias", "--function-name", "greet", "--name", "live",
                         "--function-version", "1",
                         "--routing-config", '{"AdditionalVersionWeights": {"2": 0.5}}')
        self.assertEqual(alias["RoutingConfig"], {"AdditionalVersionWeights": {"2": 0.5}})

    def draws(self, srv, n=24):
        lam = srv.lambda_client()
        seen = []
        for _ in range(n):
            r = lam.invoke(FunctionName="greet", Qualifier="live")
            label = json.loads(r["Payload"].read())["label"]
            self.assertEqual(label, {"1": "blue", "2": "green"}[r["ExecutedVersion"]])
            seen.append(r["ExecutedVersion"])
        return seen

    def test_user_flow_weighted_alias_and_restart(self):
        first = self.start()
        self.deploy(first)
        seen = self.draws(first)
        self.assertEqual(set(seen), {"1", "2"}, seen)
        meta, body = self.invoke(first, "--function-name", "greet:live", "--payload", "{}")
        self.assertIn(meta["ExecutedVersion"], ("1", "2"))

        # Same seed, same calls, a fresh server: the same draws.
        second = self.start()
        self.deploy(second)
        self.assertEqual(self.draws(second), seen)

        # Versions and their code survive a restart.
        first.restart()
        meta, body = self.invoke(first, "--function-name", "greet", "--qualifier", "1",
                                 "--payload", '{"after": "restart"}')
        self.assertEqual(meta["ExecutedVersion"], "1")
        self.assertEqual(body, {"label": "blue", "event": {"after": "restart"}})
        versions = self.cli(first, "list-versions-by-function", "--function-name", "greet")
        self.assertEqual([v["Version"] for v in versions["Versions"]], ["$LATEST", "1", "2"])
        alias = self.cli(first, "get-alias", "--function-name", "greet", "--name", "live")
        self.assertEqual(alias["RoutingConfig"], {"AdditionalVersionWeights": {"2": 0.5}})

    def test_cli_errors(self):
        srv = self.start()
        r = srv.aws("lambda", "invoke", "--function-name", "missing", os.path.join(self.tmp, "o"))
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("An error occurred (ResourceNotFoundException) when calling the Invoke "
                      "operation: Function not found: "
                      "arn:aws:lambda:us-east-1:123456789012:function:missing", r.stderr)
        bad = os.path.join(self.tmp, "bad.zip")
        # A zip whose central directory is intact (the CLI accepts it) but whose data fails its
        # CRC: the server's unpacking rejects it.
        data = bytearray(H.make_zip({"app.py": "def handler(e, c):\n    return 1\n" * 50}))
        data[40] ^= 0xFF
        data[41] ^= 0xFF
        with open(bad, "wb") as f:
            f.write(bytes(data))
        r = srv.aws("lambda", "create-function", "--function-name", "broken", "--runtime",
                    "python3.12", "--handler", "app.handler", "--role", ROLE,
                    "--zip-file", "fileb://" + bad)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("(InvalidParameterValueException)", r.stderr)
        self.assertIn("Could not unzip uploaded file.", r.stderr)


if __name__ == "__main__":
    unittest.main()
