"""Names of every resource kind, by code point, through boto3 (issue 15, "Names and identifiers").

One table of names (AWS's API reference: no white space, brackets, wildcards, special characters,
control characters U+0000-001F and U+007F-009F, U+FFFE-FFFF, surrogates or U+10FFFF; 1 to 80
characters counted as AWS counts them) crossed with every operation that names a resource: state
machines, executions (StartExecution and StartSyncExecution), activities, state machine aliases,
Distributed Map labels, Lambda functions and Lambda aliases. Each cell is the outcome AWS gives that kind of name: accepted, InvalidName, the
ValidationException of the member's length or pattern, or the definition's diagnostic.
"""

import os
import sys
import unittest

from botocore.config import Config
from botocore.exceptions import ClientError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

ROLE = H.ROLE_ARN

# name -> its class: OK (any resource name), BAD (characters AWS excludes), LONG (too long).
NAMES = [
    ("plain", "order-flow_1", "OK"),
    ("dots", "a.b.c", "OK"),
    ("latin-1", "Ünïcödé", "OK"),
    ("cjk", "日本語の名前", "OK"),
    ("emoji", "😀rocket", "OK"),
    ("u+00a1", "¡hola", "OK"),
    ("u+fffd", "a\ufffdb", "OK"),
    ("80 ascii", "x" * 80, "OK"),
    ("80 e-acute", "é" * 80, "OK"),
    ("40 emoji", "😀" * 40, "OK"),
    ("space", "has space", "BAD"),
    ("tab", "a\tb", "BAD"),
    ("newline", "a\nb", "BAD"),
    ("u+0000", "a\u0000b", "BAD"),
    ("u+001f", "a\u001fb", "BAD"),
    ("del", "a\u007fb", "BAD"),
    ("u+0080", "a\u0080b", "BAD"),
    ("u+0085", "a\u0085b", "BAD"),
    ("u+009f", "a\u009fb", "BAD"),
    ("nbsp", "a\u00a0b", "BAD"),
    ("em space", "a\u2003b", "BAD"),
    ("ideographic space", "a\u3000b", "BAD"),
    ("u+fffe", "a\ufffeb", "BAD"),
    ("u+ffff", "a\uffffb", "BAD"),
    ("u+10ffff", "a\U0010ffffb", "BAD"),
] + [(f"special {c}", f"a{c}b", "BAD") for c in "<>{}[]?*\"#%\\^|~`$&,;:/"] + [
    ("81 ascii", "x" * 81, "LONG"),
    ("81 e-acute", "é" * 81, "LONG"),
    ("41 emoji", "😀" * 41, "LONG"),
]


def length_error(member, value, limit):
    return ("ValidationException",
            f"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: "
            f"Member must have length less than or equal to {limit}")


def pattern_error(member, value, pattern):
    return ("ValidationException",
            f"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: "
            f"Member must satisfy regular expression pattern: {pattern}")


ALIAS_PATTERN = r"^(?=.*[a-zA-Z_\-\.])[a-zA-Z0-9_\-\.]+$"
LAMBDA_ALIAS_PATTERN = "(?!^[0-9]+$)([a-zA-Z0-9-_]+)"
FUNCTION_NAME_PATTERN = (r"(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?"
                         r"(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?")


def units(name):
    """The length AWS counts: UTF-16 code units."""
    return len(name.encode("utf-16-le")) // 2


def is_ascii_word(name, extra):
    return all(c.isascii() and (c.isalnum() or c in extra) for c in name)


class Names(H.ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Without botocore's own checks, so the server answers every cell (empty names included).
        cfg = Config(retries={"total_max_attempts": 1}, parameter_validation=False)
        import boto3
        session = boto3.session.Session()
        cls.raw = session.client("stepfunctions", endpoint_url=cls.server.endpoint,
                                 region_name=H.REGION, aws_access_key_id="t",
                                 aws_secret_access_key="t", config=cfg)
        cls.lam = session.client("lambda", endpoint_url=cls.server.endpoint, region_name=H.REGION,
                                 aws_access_key_id="t", aws_secret_access_key="t", config=cfg)
        # StartSyncExecution without the SDK's `sync-` host prefix.
        sync_cfg = Config(retries={"total_max_attempts": 1}, parameter_validation=False,
                          inject_host_prefix=False)
        cls.sync = session.client("stepfunctions", endpoint_url=cls.server.endpoint,
                                  region_name=H.REGION, aws_access_key_id="t",
                                  aws_secret_access_key="t", config=sync_cfg)
        cls.express = cls.raw.create_state_machine(
            name=H.unique("names-express"), definition=H.PASS_DEF, roleArn=ROLE, type="EXPRESS")
        cls.machine = cls.raw.create_state_machine(
            name=H.unique("names"), definition=H.wait_def(), roleArn=ROLE, publish=True)
        cls.fn = H.unique("fn")
        cls.lam.create_function(FunctionName=cls.fn, Runtime="python3.12", Handler="app.handler",
                                Role="arn:aws:iam::123456789012:role/lambda",
                                Code={"ZipFile": H.make_zip({"app.py": "def handler(e, c):\n  return e\n"})})

    def outcome(self, fn, **kw):
        try:
            return "OK", fn(**kw)
        except ClientError as e:
            err = e.response["Error"]
            return (err["Code"], err["Message"]), None

    def check_table(self, operation, expected_for):
        """Runs `operation(name)` for every name; `expected_for(name, cls)` is "OK" or (code, message)."""
        for label, name, cls in NAMES:
            with self.subTest(operation=operation.__name__, name=label):
                got, _ = self.outcome(operation, name=name)
                want = expected_for(name, cls)
                self.assertEqual(want, got)

    # -- Step Functions resource names: InvalidName for characters, the member's length limit ---
    def test_create_state_machine(self):
        def create(name):
            return self.raw.create_state_machine(name=name, definition=H.PASS_DEF, roleArn=ROLE)
        self.check_table(create, lambda name, cls: {
            "OK": "OK", "BAD": ("InvalidName", f"Invalid Name: '{name}'"),
            "LONG": length_error("name", name, 80)}[cls])

    def test_start_execution(self):
        def start(name):
            return self.raw.start_execution(stateMachineArn=self.machine["stateMachineArn"], name=name)
        self.check_table(start, lambda name, cls: {
            "OK": "OK", "BAD": ("InvalidName", f"Invalid Name: '{name}'"),
            "LONG": length_error("name", name, 80)}[cls])

    def test_start_sync_execution(self):
        def start(name):
            return self.sync.start_sync_execution(stateMachineArn=self.express["stateMachineArn"],
                                                  name=name)
        self.check_table(start, lambda name, cls: {
            "OK": "OK", "BAD": ("InvalidName", f"Invalid Name: '{name}'"),
            "LONG": length_error("name", name, 80)}[cls])

    def test_create_activity(self):
        def create(name):
            arn = self.raw.create_activity(name=name)["activityArn"]
            self.assertTrue(arn.endswith(":activity:" + name))
            return arn
        self.check_table(create, lambda name, cls: {
            "OK": "OK", "BAD": ("InvalidName", f"Invalid Name: '{name}'"),
            "LONG": length_error("name", name, 80)}[cls])

    def test_state_machine_names_survive_round_trip(self):
        for label, name, cls in NAMES:
            if cls != "OK":
                continue
            with self.subTest(name=label):
                arn = self.raw.create_state_machine(name=name + "-rt" if units(name) < 77 else name,
                                                    definition=H.PASS_DEF, roleArn=ROLE)["stateMachineArn"]
                d = self.raw.describe_state_machine(stateMachineArn=arn)
                self.assertTrue(arn.endswith(":stateMachine:" + d["name"]))
                ex = self.raw.start_execution(stateMachineArn=arn, name=name)
                self.assertTrue(ex["executionArn"].endswith(f":{d['name']}:{name}"))
                self.assertEqual(name, self.raw.describe_execution(executionArn=ex["executionArn"])["name"])

    def test_empty_names(self):
        self.assertEqual((("ValidationException",
                           "1 validation error detected: Value '' at 'name' failed to satisfy constraint: "
                           "Member must have length greater than or equal to 1"), None),
                         self.outcome(self.raw.create_state_machine, name="", definition=H.PASS_DEF,
                                      roleArn=ROLE))

    # -- pattern kinds: the member's pattern -------------------------------------------------
    def test_create_state_machine_alias(self):
        version = self.machine["stateMachineVersionArn"]

        def create(name):
            return self.raw.create_state_machine_alias(
                name=name, routingConfiguration=[{"stateMachineVersionArn": version, "weight": 100}])

        def expected(name, cls):
            if cls == "LONG":
                return length_error("name", name, 80)
            ok = is_ascii_word(name, "_-.") and not name.isdigit()
            return "OK" if ok else pattern_error("name", name, ALIAS_PATTERN)
        self.check_table(create, expected)
        got, _ = self.outcome(create, name="123")
        self.assertEqual(pattern_error("name", "123", ALIAS_PATTERN), got)

    def test_lambda_create_function(self):
        def create(name):
            return self.lam.create_function(
                FunctionName=name, Runtime="python3.12", Handler="app.handler",
                Role="arn:aws:iam::123456789012:role/lambda",
                Code={"ZipFile": H.make_zip({"app.py": "def handler(e, c):\n  return e\n"})})

        def expected(name, cls):
            if name == "a:b":  # the pattern reads "a" qualified by "b"
                return ("InvalidParameterValueException",
                        "Function name cannot be qualified when creating a function.")
            ok = is_ascii_word(name, "-_") and len(name) <= 64
            return "OK" if ok else pattern_error("functionName", name, FUNCTION_NAME_PATTERN)
        self.check_table(create, expected)

    def test_lambda_create_alias(self):
        def create(name):
            return self.lam.create_alias(FunctionName=self.fn, Name=name, FunctionVersion="$LATEST")

        def expected(name, cls):
            if units(name) > 128:
                return length_error("name", name, 128)
            ok = is_ascii_word(name, "-_") and not name.isdigit()
            return "OK" if ok else pattern_error("name", name, LAMBDA_ALIAS_PATTERN)
        self.check_table(create, expected)
        got, _ = self.outcome(create, name="42")
        self.assertEqual(pattern_error("name", "42", LAMBDA_ALIAS_PATTERN), got)

    # -- Distributed Map labels: the definition's INVALID_LABEL_NAME -------------------------
    def test_map_labels(self):
        def create(name):
            definition = H.definition({"M": {
                "Type": "Map", "Label": name, "End": True,
                "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                                  "StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}}})
            return self.raw.create_state_machine(name=H.unique("label"), definition=definition,
                                                 roleArn=ROLE)

        def expected(name, cls):
            # Labels exclude what names exclude except '/', and end at 40 characters.
            ok = (cls == "OK" or name == "a/b") and units(name) <= 40
            if ok:
                return "OK"
            return ("InvalidDefinition",
                    f"Invalid State Machine Definition: 'INVALID_LABEL_NAME: The label '{name}' must be 1 "
                    f"to 40 characters long and must not contain whitespace, brackets, wildcards, special "
                    f"characters or control characters at /States/M/Label'")
        self.check_table(create, expected)

    def test_duplicate_map_labels(self):
        processor = {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                     "StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
        definition = H.definition({
            "A": {"Type": "Map", "Label": "same", "Next": "B", "ItemProcessor": processor},
            "B": {"Type": "Map", "Label": "same", "End": True, "ItemProcessor": processor}})
        self.assertClientError(
            "InvalidDefinition",
            "Invalid State Machine Definition: 'DUPLICATE_LABEL_NAME: The label 'same' is used by more "
            "than one Map state at /States/B/Label'",
            self.sfn.create_state_machine, name=H.unique("dup"), definition=definition, roleArn=ROLE)

    def test_map_run_arn_carries_the_label(self):
        definition = H.definition({"M": {
            "Type": "Map", "Label": "Ünï-label", "End": True,
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                              "StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}}})
        d, _ = self.run_execution(definition, input_text="[1, 2]")
        self.assertEqual("SUCCEEDED", d["status"])
        runs = self.sfn.list_map_runs(executionArn=d["executionArn"])["mapRuns"]
        self.assertEqual(1, len(runs))
        self.assertIn(":mapRun:", runs[0]["mapRunArn"])
        self.assertIn("/Ünï-label:", runs[0]["mapRunArn"])
        self.assertEqual(runs[0]["mapRunArn"],
                         self.sfn.describe_map_run(mapRunArn=runs[0]["mapRunArn"])["mapRunArn"])


if __name__ == "__main__":
    unittest.main()
