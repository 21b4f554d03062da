"""Drop-in for Step Functions Local: its environment variables (AWS_ACCOUNT_ID, AWS_DEFAULT_REGION,
WAIT_TIME_SCALE, the *_ENDPOINT overrides) set on the real binary, the way a CI job written for the
amazon/aws-stepfunctions-local image sets them."""

import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402


def bare_env(**extra):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("SFN_EMULATOR_") and k not in H.SFN_LOCAL_VARIABLES}
    env.update(extra)
    return env


class SfnLocalVariables(unittest.TestCase):
    def test_account_and_region_reach_the_arns(self):
        # An unsigned request has no SigV4 scope: the region is AWS_DEFAULT_REGION's.
        with H.Server(env={"AWS_ACCOUNT_ID": "210987654321", "AWS_DEFAULT_REGION": "eu-north-1"}) as srv:
            r = srv.http("POST", "/", body=json.dumps({"name": "acct", "definition": H.PASS_DEF,
                                                      "roleArn": H.ROLE_ARN}),
                         headers={"Content-Type": "application/x-amz-json-1.0",
                                  "X-Amz-Target": "AWSStepFunctions.CreateStateMachine"})
            self.assertEqual(200, r.status, r)
            self.assertEqual("arn:aws:states:eu-north-1:210987654321:stateMachine:acct",
                             r.json()["stateMachineArn"])
            # A signed request keeps the region of its credential scope, as on AWS.
            out = srv.aws("stepfunctions", "create-state-machine", "--name", "signed", "--definition",
                          H.PASS_DEF, "--role-arn", H.ROLE_ARN, region="us-west-2")
            self.assertTrue(out.ok, out)
            self.assertEqual("arn:aws:states:us-west-2:210987654321:stateMachine:signed",
                             out.json["stateMachineArn"])

    def test_wait_time_scale_zero_ends_waits_at_once(self):
        # Step Functions Local skips waits with WAIT_TIME_SCALE=0; here the virtual clock does, and
        # the history still shows the hour.
        with tempfile.TemporaryDirectory() as tmp:
            proc = subprocess.Popen([H.binary_path(), "--port", "0", "--in-memory"], stdout=subprocess.PIPE,
                                    stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, cwd=tmp,
                                    env=bare_env(WAIT_TIME_SCALE="0"), preexec_fn=H._die_with_parent)
            try:
                m = H.LISTEN_RE.match(proc.stdout.readline().decode().rstrip("\n"))
                self.assertIsNotNone(m)
                srv = H.Endpoint(int(m.group(3)))
                sfn = srv.client()
                arn = sfn.create_state_machine(name="waits", definition=H.wait_def(3600),
                                               roleArn=H.ROLE_ARN)["stateMachineArn"]
                ex = sfn.start_execution(stateMachineArn=arn)["executionArn"]
                d = H.wait_for_status(sfn, ex, timeout=10)
                self.assertEqual("SUCCEEDED", d["status"])
                self.assertGreaterEqual((d["stopDate"] - d["startDate"]).total_seconds(), 3600)
            finally:
                proc.terminate()
                self.assertEqual(0, proc.wait(timeout=10))

    def test_wait_time_scale_scales_waits(self):
        with H.Server(clock="real", env={"WAIT_TIME_SCALE": "0.001"}) as srv:
            sfn = srv.client()
            arn = sfn.create_state_machine(name="scaled", definition=H.wait_def(60),
                                           roleArn=H.ROLE_ARN)["stateMachineArn"]
            ex = sfn.start_execution(stateMachineArn=arn)["executionArn"]
            d = H.wait_for_status(sfn, ex, timeout=10, server=srv)  # 60 s * 0.001: 0.06 s of real time
            self.assertEqual("SUCCEEDED", d["status"])
            self.assertGreaterEqual((d["stopDate"] - d["startDate"]).total_seconds(), 59)

    def test_service_endpoints_are_accepted_and_bad_ones_named(self):
        # Each *_ENDPOINT becomes that service's endpoint (tests/e2e/test_services.py calls them).
        for name in ("SQS_ENDPOINT", "SNS_ENDPOINT", "DYNAMODB_ENDPOINT", "ECS_ENDPOINT", "BATCH_ENDPOINT",
                     "GLUE_ENDPOINT", "SAGE_MAKER_ENDPOINT", "STEP_FUNCTIONS_ENDPOINT", "EKS_ENDPOINT",
                     "DATABRICKS_ENDPOINT"):
            with self.subTest(name=name):
                with H.Server(env={name: "http://localhost:4566"}) as srv:
                    self.assertEqual(200, srv.health().status)
                r = subprocess.run([H.binary_path(), "--port", "0", "--in-memory"], capture_output=True,
                                   text=True, timeout=10, env=bare_env(**{name: "localhost:4566"}))
                self.assertEqual(2, r.returncode, r)
                self.assertEqual("", r.stdout)
                self.assertIn(f"invalid value 'localhost:4566' for {name} (Step Functions Local): "
                              "expected http://host[:port]", r.stderr)

    def test_empty_values_and_credentials_are_accepted(self):
        # Step Functions Local's aws-stepfunctions-local-credentials.txt template, unused lines empty.
        env = {"AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret", "SQS_ENDPOINT": "",
               "SNS_ENDPOINT": "", "WAIT_TIME_SCALE": "1", "AWS_DEFAULT_REGION": "us-east-1"}
        with H.Server(env=env) as srv:
            self.assertEqual(200, srv.health().status)

    def test_bad_values_name_the_variable(self):
        for name, value in (("AWS_ACCOUNT_ID", "123"), ("WAIT_TIME_SCALE", "soon")):
            with self.subTest(name=name):
                r = subprocess.run([H.binary_path(), "--port", "0", "--in-memory"], capture_output=True,
                                   text=True, timeout=10, env=bare_env(**{name: value}))
                self.assertEqual(2, r.returncode, r)
                self.assertIn(f"invalid value '{value}' for {name}", r.stderr)


if __name__ == "__main__":
    unittest.main()
