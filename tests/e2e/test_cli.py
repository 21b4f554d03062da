"""The flows a user types with the AWS CLI (each CLI call costs ~0.5 s, so few of them)."""

import json
import os
import re
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402


class CliSession(H.ServerTestCase):
    def test_create_start_describe_history(self):
        name = H.unique("cli")
        definition = H.definition({
            "Greet": {"Type": "Pass", "Result": {"greeting": "hello"}, "ResultPath": "$.result", "Next": "Done"},
            "Done": {"Type": "Succeed"},
        })
        r = self.server.aws("stepfunctions", "create-state-machine", "--name", name,
                            "--definition", definition, "--role-arn", H.ROLE_ARN)
        self.assertTrue(r.ok, r)
        self.assertEqual(H.sm_arn(name), r.json["stateMachineArn"])
        self.assertIn("creationDate", r.json)

        r = self.server.aws("stepfunctions", "start-execution", "--state-machine-arn", H.sm_arn(name),
                            "--name", "first-run", "--input", '{"who": "world"}')
        self.assertTrue(r.ok, r)
        arn = H.exec_arn(name, "first-run")
        self.assertEqual(arn, r.json["executionArn"])
        self.assertIn("startDate", r.json)
        H.wait_for_status(self.sfn, arn, "SUCCEEDED", server=self.server)

        r = self.server.aws("stepfunctions", "describe-execution", "--execution-arn", arn)
        self.assertTrue(r.ok, r)
        d = r.json
        self.assertEqual("SUCCEEDED", d["status"])
        self.assertEqual(arn, d["executionArn"])
        self.assertEqual(H.sm_arn(name), d["stateMachineArn"])
        self.assertEqual("first-run", d["name"])
        self.assertEqual('{"who": "world"}', d["input"])
        self.assertEqual({"who": "world", "result": {"greeting": "hello"}}, json.loads(d["output"]))
        self.assertEqual('{"who":"world","result":{"greeting":"hello"}}', d["output"])
        self.assertIn("startDate", d)
        self.assertIn("stopDate", d)

        r = self.server.aws("stepfunctions", "get-execution-history", "--execution-arn", arn)
        self.assertTrue(r.ok, r)
        events = r.json["events"]
        self.assertEqual(["ExecutionStarted", "PassStateEntered", "PassStateExited", "SucceedStateEntered",
                          "SucceedStateExited", "ExecutionSucceeded"], [e["type"] for e in events])
        self.assertEqual([1, 2, 3, 4, 5, 6], [e["id"] for e in events])
        self.assertEqual([0, 0, 2, 3, 4, 5], [e["previousEventId"] for e in events])

    def test_error_is_printed_like_aws(self):
        missing = H.sm_arn(H.unique("missing"))
        r = self.server.aws("stepfunctions", "describe-state-machine", "--state-machine-arn", missing)
        self.assertFalse(r.ok, r)
        self.assertNotEqual(0, r.returncode)
        self.assertEqual(f"An error occurred (StateMachineDoesNotExist) when calling the DescribeStateMachine "
                         f"operation: State Machine Does Not Exist: '{missing}'", r.stderr.strip())

    def test_region_of_the_request_goes_into_arns(self):
        name = H.unique("cli-region")
        r = self.server.aws("stepfunctions", "create-state-machine", "--name", name, "--definition", H.PASS_DEF,
                            "--role-arn", H.ROLE_ARN, region="eu-west-1")
        self.assertTrue(r.ok, r)
        self.assertEqual(H.sm_arn(name, region="eu-west-1"), r.json["stateMachineArn"])


class ReadmeSession(H.ServerTestCase):
    """The README's AWS CLI sessions, run as pasted (only the port differs)."""

    def run_readme_block(self, marker):
        readme = os.path.join(H.REPO_ROOT, "README.md")
        with open(readme) as f:
            text = f.read()
        self.assertIn(marker, text, f"README.md must mark its CLI session with {marker}")
        block = re.search(re.escape(marker) + r"\s*```(?:bash|sh|shell)?\n(.*?)```", text, re.S)
        self.assertIsNotNone(block, "a fenced code block must follow the marker")
        script = block.group(1)
        self.assertIn("http://localhost:8083", script)
        script = script.replace("http://localhost:8083", self.server.endpoint)
        env = H.cli_env()
        for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION"):
            env.pop(k)  # the session itself must export them
        proc = subprocess.run(["bash", "-euo", "pipefail", "-c", script], capture_output=True, text=True,
                              env=env, timeout=120, cwd=self.server._tmp)
        self.assertEqual(0, proc.returncode, f"stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
        return proc.stdout

    def test_readme_session_works_as_pasted(self):
        out = self.run_readme_block("<!-- e2e: readme-session -->")
        self.assertIn('"SUCCEEDED"', out)
        self.assertIn("ExecutionSucceeded", out)

    def test_readme_jsonata_session_works_as_pasted(self):
        out = self.run_readme_block("<!-- e2e: readme-jsonata -->")
        self.assertIn('SUCCEEDED\t{"customer":"ada","discount":14}', out)
        self.assertIn("FAILED\tStates.QueryEvaluationError\tAn error occurred while executing the state 'Total' "
                      "(entered at the event id #2). The JSONata expression '$states.input.items[price > 5]' "
                      "specified for the field 'Output/items' returned nothing (undefined).", out)
        self.assertIn("1\tExecutionStarted\n2\tPassStateEntered\n3\tEvaluationFailed\n4\tExecutionFailed", out)


if __name__ == "__main__":
    unittest.main(verbosity=2)
