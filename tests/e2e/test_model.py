"""Every operation of botocore's stepfunctions and lambda models against a live server (issue 15,
"Response members"): a typical call of each operation, and its answer checked against the model.

For each operation the emulator implements, TYPICAL makes the call a client typically makes, and
the raw answer must
- carry every member the model marks required, at every depth (structures inside lists and maps
  included), with a value of the model's type (enums among their values);
- carry no member the model does not define;
- carry the members AWS always sends beyond the required ones (ALWAYS: AWS's documented defaults
  and recorded answers, e.g. DescribeStateMachine's encryptionConfiguration, every execution's
  redriveCount, a Lambda function's Architectures).
Operations the emulator does not implement yet (Step Functions answers "Operation X is not supported
by sfn-emulator yet", anything else UnknownOperationException) are skipped, and listed at the end.
An operation that answers but has no TYPICAL entry fails: whoever adds an operation adds its row.
"""

import datetime as dt
import json
import os
import sys
import time
import unittest

import boto3
import botocore.session
from botocore.config import Config
from botocore.exceptions import ClientError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

MODELS = botocore.session.get_session()

# Members AWS sends beyond the model's required ones ("a[]" = every item of list a).
SFN_ALWAYS = {
    "DescribeStateMachine": ["status", "loggingConfiguration", "loggingConfiguration.level",
                             "loggingConfiguration.includeExecutionData", "tracingConfiguration",
                             "tracingConfiguration.enabled", "encryptionConfiguration"],
    "DescribeStateMachineForExecution": ["loggingConfiguration", "tracingConfiguration",
                                         "encryptionConfiguration"],
    "DescribeExecution": ["name", "input", "inputDetails", "inputDetails.included", "redriveCount",
                          "redriveStatus", "redriveStatusReason"],
    "ListExecutions": ["executions[].name", "executions[].redriveCount"],
    "DescribeStateMachineAlias": ["stateMachineAliasArn", "name", "routingConfiguration",
                                  "creationDate", "updateDate"],
    "DescribeMapRun": ["redriveCount"],
    "ValidateStateMachineDefinition": ["truncated"],
    "ListTagsForResource": ["tags"],
    "GetExecutionHistory": ["events[].previousEventId"],
}
FUNCTION_CONFIGURATION = [
    "FunctionName", "FunctionArn", "Runtime", "Role", "Handler", "CodeSize", "Description", "Timeout",
    "MemorySize", "LastModified", "CodeSha256", "Version", "TracingConfig", "RevisionId", "State",
    "LastUpdateStatus", "PackageType", "Architectures", "EphemeralStorage", "SnapStart",
    "RuntimeVersionConfig", "LoggingConfig", "LoggingConfig.LogFormat", "LoggingConfig.LogGroup"]
ALIAS_CONFIGURATION = ["AliasArn", "Name", "FunctionVersion", "Description", "RevisionId"]
LAMBDA_ALWAYS = {
    "CreateFunction": FUNCTION_CONFIGURATION,
    "GetFunctionConfiguration": FUNCTION_CONFIGURATION,
    "UpdateFunctionConfiguration": FUNCTION_CONFIGURATION,
    "UpdateFunctionCode": FUNCTION_CONFIGURATION,
    "PublishVersion": FUNCTION_CONFIGURATION,
    "GetFunction": ["Configuration", "Code", "Code.RepositoryType", "Code.Location"]
                   + [f"Configuration.{m}" for m in FUNCTION_CONFIGURATION],
    "ListFunctions": ["Functions"] + [f"Functions[].{m}" for m in FUNCTION_CONFIGURATION],
    "ListVersionsByFunction": ["Versions"] + [f"Versions[].{m}" for m in FUNCTION_CONFIGURATION],
    "CreateAlias": ALIAS_CONFIGURATION,
    "GetAlias": ALIAS_CONFIGURATION,
    "UpdateAlias": ALIAS_CONFIGURATION,
    "ListAliases": ["Aliases"] + [f"Aliases[].{m}" for m in ALIAS_CONFIGURATION],
    "ListTags": ["Tags"],
}
# Invoke's answer is its payload, with members in headers: checked on the parsed response.
INVOKE_ALWAYS = ["StatusCode", "ExecutedVersion", "Payload"]

WAIT_FOREVER = H.wait_def(3600)
WAITING_MAP = H.definition({"M": {
    "Type": "Map", "Label": "items", "MaxConcurrency": 1, "End": True,
    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                      "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3600, "End": True}}}}})
ECHO = H.make_zip({"app.py": "def handler(event, context):\n    return event\n"})
ROLE = "arn:aws:iam::123456789012:role/model"
FAIL_DEF = H.definition({"F": {"Type": "Fail", "Error": "E", "Cause": "c"}})


def check_value(shape, value, path, problems):
    """Problems of `value` (raw JSON) against botocore shape `shape`."""
    t = shape.type_name
    if t == "structure":
        if not isinstance(value, dict):
            problems.append(f"{path}: expected a structure, got {value!r}")
            return
        for name in shape.required_members:
            if name not in value:
                problems.append(f"{path}.{name}: required by the model, missing")
        for key, item in value.items():
            member = shape.members.get(key)
            if member is None:
                problems.append(f"{path}.{key}: not a member of {shape.name}")
                continue
            check_value(member, item, f"{path}.{key}", problems)
    elif t == "list":
        if not isinstance(value, list):
            problems.append(f"{path}: expected a list, got {value!r}")
            return
        for i, item in enumerate(value):
            check_value(shape.member, item, f"{path}[{i}]", problems)
    elif t == "map":
        if not isinstance(value, dict):
            problems.append(f"{path}: expected a map, got {value!r}")
            return
        for key, item in value.items():
            check_value(shape.value, item, f"{path}[{key}]", problems)
    elif t == "string":
        if not isinstance(value, str):
            problems.append(f"{path}: expected a string, got {value!r}")
        elif shape.enum and value not in shape.enum:
            problems.append(f"{path}: {value!r} is not one of {shape.enum}")
    elif t in ("integer", "long"):
        if not isinstance(value, int) or isinstance(value, bool):
            problems.append(f"{path}: expected an integer, got {value!r}")
    elif t == "boolean":
        if not isinstance(value, bool):
            problems.append(f"{path}: expected a boolean, got {value!r}")
    elif t in ("float", "double"):
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            problems.append(f"{path}: expected a number, got {value!r}")
    elif t == "timestamp":
        if not isinstance(value, (int, float, str)) or isinstance(value, bool):
            problems.append(f"{path}: expected a timestamp, got {value!r}")


def missing_paths(value, path):
    """The parts of `value` lacking `path` ("a.b", "a[].b": every item of list a)."""
    head, _, rest = path.partition(".")
    each = head.endswith("[]")
    key = head[:-2] if each else head
    if not isinstance(value, dict) or key not in value:
        return [path]
    inner = value[key]
    if not rest:
        return []
    if each:
        if not inner:
            return [f"{key}[] (empty: the typical call must list something)"]
        return [m for item in inner for m in missing_paths(item, rest)]
    return missing_paths(inner, rest)


class RawCapture:
    """The raw JSON body of each operation's last answer (non-streaming ones)."""

    def __init__(self, client):
        self.bodies = {}
        self.watch(client)

    def watch(self, client):
        client.meta.events.register("after-call", self.grab)

    def grab(self, http_response, model, **_):
        if model.has_streaming_output or http_response.status_code >= 300:
            return
        content = http_response.content
        self.bodies[model.name] = json.loads(content) if content else {}


class ModelWalk(H.ServerTestCase):
    CLOCK = "manual"  # Waits never end: running executions and map runs stay running

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cfg = Config(retries={"total_max_attempts": 1}, parameter_validation=False)
        session = boto3.session.Session()
        cls.c = session.client("stepfunctions", endpoint_url=cls.server.endpoint, region_name=H.REGION,
                               aws_access_key_id="t", aws_secret_access_key="t", config=cfg)
        cls.lam = session.client("lambda", endpoint_url=cls.server.endpoint, region_name=H.REGION,
                                 aws_access_key_id="t", aws_secret_access_key="t", config=cfg)
        # StartSyncExecution and TestState without the SDK's `sync-` host prefix (the README's
        # recipe), answers captured with the others.
        sync_cfg = Config(retries={"total_max_attempts": 1}, parameter_validation=False,
                          inject_host_prefix=False)
        cls.sync = session.client("stepfunctions", endpoint_url=cls.server.endpoint, region_name=H.REGION,
                                  aws_access_key_id="t", aws_secret_access_key="t", config=sync_cfg)
        cls.sfn_raw = RawCapture(cls.c)
        cls.sfn_raw.watch(cls.sync)
        cls.lambda_raw = RawCapture(cls.lam)
        cls.skipped = []

    @classmethod
    def tearDownClass(cls):
        if cls.skipped:
            sys.stderr.write("\nnot implemented yet, skipped: " + ", ".join(sorted(cls.skipped)) + "\n")
        super().tearDownClass()

    # -- fixtures ----------------------------------------------------------------------------
    def machine(self, definition=WAIT_FOREVER, **kw):
        return self.c.create_state_machine(name=H.unique("model"), definition=definition, roleArn=ROLE,
                                           **kw)

    def running_execution(self):
        arn = self.machine()["stateMachineArn"]
        return arn, self.c.start_execution(stateMachineArn=arn)["executionArn"]

    def finished_execution(self):
        arn = self.machine(definition=H.PASS_DEF)["stateMachineArn"]
        ex = self.c.start_execution(stateMachineArn=arn)["executionArn"]
        H.wait_for_status(self.c, ex, "SUCCEEDED", server=self.server)
        return arn, ex

    def map_run(self):
        arn = self.machine(definition=WAITING_MAP)["stateMachineArn"]
        ex = self.c.start_execution(stateMachineArn=arn, input="[1, 2, 3]")["executionArn"]
        for _ in range(200):
            runs = self.c.list_map_runs(executionArn=ex)["mapRuns"]
            if runs:
                return ex, runs[0]["mapRunArn"]
            time.sleep(0.01)
        raise AssertionError("no map run")

    def failed_execution(self):
        arn = self.machine(definition=FAIL_DEF)["stateMachineArn"]
        ex = self.c.start_execution(stateMachineArn=arn)["executionArn"]
        H.wait_for_status(self.c, ex, "FAILED", server=self.server)
        return ex

    def activity(self):
        return self.c.create_activity(name=H.unique("act"), tags=[{"key": "k", "value": "v"}])["activityArn"]

    def activity_task(self):
        """An activity with one task handed out: GetActivityTask's answer."""
        activity = self.activity()
        arn = self.machine(definition=H.definition({"A": {"Type": "Task", "Resource": activity,
                                                          "End": True}}))["stateMachineArn"]
        self.c.start_execution(stateMachineArn=arn, input='{"job": 1}')
        for _ in range(200):
            task = self.c.get_activity_task(activityArn=activity, workerName="w")
            if task.get("taskToken"):
                return task
        raise AssertionError("no activity task")

    def published(self):
        m = self.machine(publish=True, versionDescription="first")
        alias = self.c.create_state_machine_alias(name="live", routingConfiguration=[
            {"stateMachineVersionArn": m["stateMachineVersionArn"], "weight": 100}])
        return m["stateMachineArn"], m["stateMachineVersionArn"], alias["stateMachineAliasArn"]

    def function(self):
        name = H.unique("fn")
        self.lam.create_function(FunctionName=name, Runtime="python3.12", Handler="app.handler", Role=ROLE,
                                 Code={"ZipFile": ECHO}, Tags={"team": "a"})
        return name

    # -- typical calls -----------------------------------------------------------------------
    def sfn_typical(self):
        c = self
        s = self.c
        return {
            "CreateStateMachine": lambda: c.machine(publish=True),
            "DescribeStateMachine": lambda: s.describe_state_machine(stateMachineArn=c.machine()["stateMachineArn"]),
            "UpdateStateMachine": lambda: s.update_state_machine(
                stateMachineArn=c.machine()["stateMachineArn"], definition=H.PASS_DEF, publish=True),
            "DeleteStateMachine": lambda: s.delete_state_machine(stateMachineArn=c.machine()["stateMachineArn"]),
            "ListStateMachines": lambda: (c.machine(), s.list_state_machines(maxResults=2)),
            "ValidateStateMachineDefinition": lambda: s.validate_state_machine_definition(
                definition='{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}}}'),
            "TagResource": lambda: s.tag_resource(resourceArn=c.machine()["stateMachineArn"],
                                                  tags=[{"key": "k", "value": "v"}]),
            "UntagResource": lambda: s.untag_resource(resourceArn=c.machine()["stateMachineArn"],
                                                      tagKeys=["k"]),
            "ListTagsForResource": lambda: s.list_tags_for_resource(
                resourceArn=c.machine(tags=[{"key": "k", "value": "v"}])["stateMachineArn"]),
            "StartExecution": lambda: c.running_execution(),
            "DescribeExecution": lambda: s.describe_execution(executionArn=c.finished_execution()[1]),
            "ListExecutions": lambda: s.list_executions(stateMachineArn=c.finished_execution()[0]),
            "StopExecution": lambda: s.stop_execution(executionArn=c.running_execution()[1], error="E",
                                                      cause="c"),
            "GetExecutionHistory": lambda: s.get_execution_history(executionArn=c.finished_execution()[1]),
            "DescribeStateMachineForExecution": lambda: s.describe_state_machine_for_execution(
                executionArn=c.finished_execution()[1]),
            "PublishStateMachineVersion": lambda: s.publish_state_machine_version(
                stateMachineArn=c.machine()["stateMachineArn"], description="d"),
            "ListStateMachineVersions": lambda: s.list_state_machine_versions(stateMachineArn=c.published()[0]),
            "DeleteStateMachineVersion": lambda: s.delete_state_machine_version(
                stateMachineVersionArn=c.machine(publish=True)["stateMachineVersionArn"]),
            "CreateStateMachineAlias": lambda: c.published(),
            "DescribeStateMachineAlias": lambda: s.describe_state_machine_alias(
                stateMachineAliasArn=c.published()[2]),
            "UpdateStateMachineAlias": lambda: s.update_state_machine_alias(
                stateMachineAliasArn=c.published()[2], description="d"),
            "ListStateMachineAliases": lambda: s.list_state_machine_aliases(stateMachineArn=c.published()[0]),
            "DeleteStateMachineAlias": lambda: s.delete_state_machine_alias(stateMachineAliasArn=c.published()[2]),
            "DescribeMapRun": lambda: s.describe_map_run(mapRunArn=c.map_run()[1]),
            "ListMapRuns": lambda: s.list_map_runs(executionArn=c.map_run()[0]),
            "UpdateMapRun": lambda: s.update_map_run(mapRunArn=c.map_run()[1], maxConcurrency=2),
            "StartSyncExecution": lambda: c.sync.start_sync_execution(
                stateMachineArn=c.machine(definition=H.PASS_DEF, type="EXPRESS")["stateMachineArn"],
                input='{"a": 1}'),
            "RedriveExecution": lambda: s.redrive_execution(executionArn=c.failed_execution()),
            "TestState": lambda: c.sync.test_state(definition='{"Type": "Pass", "End": true}', roleArn=ROLE,
                                                   input='{"a": 1}'),
            "CreateActivity": lambda: c.activity(),
            "DescribeActivity": lambda: s.describe_activity(activityArn=c.activity()),
            "ListActivities": lambda: (c.activity(), s.list_activities(maxResults=2)),
            "DeleteActivity": lambda: s.delete_activity(activityArn=c.activity()),
            "GetActivityTask": lambda: c.activity_task(),
            "SendTaskSuccess": lambda: s.send_task_success(taskToken=c.activity_task()["taskToken"],
                                                           output='{"done": true}'),
            "SendTaskFailure": lambda: s.send_task_failure(taskToken=c.activity_task()["taskToken"],
                                                           error="E", cause="c"),
            "SendTaskHeartbeat": lambda: s.send_task_heartbeat(taskToken=c.activity_task()["taskToken"]),
        }

    def lambda_typical(self):
        c = self
        lam = self.lam
        return {
            "CreateFunction": lambda: c.function(),
            "GetFunction": lambda: lam.get_function(FunctionName=c.function()),
            "GetFunctionConfiguration": lambda: lam.get_function_configuration(FunctionName=c.function()),
            "UpdateFunctionConfiguration": lambda: lam.update_function_configuration(
                FunctionName=c.function(), Timeout=10, Description="d"),
            "UpdateFunctionCode": lambda: lam.update_function_code(FunctionName=c.function(), ZipFile=ECHO),
            "PublishVersion": lambda: lam.publish_version(FunctionName=c.function(), Description="v"),
            "ListVersionsByFunction": lambda: lam.list_versions_by_function(FunctionName=c.function()),
            "ListFunctions": lambda: (c.function(), lam.list_functions(MaxItems=2)),
            "CreateAlias": lambda: lam.create_alias(FunctionName=c.function(), Name="live",
                                                    FunctionVersion="$LATEST"),
            "GetAlias": lambda: c.alias_then(lambda fn: lam.get_alias(FunctionName=fn, Name="live")),
            "UpdateAlias": lambda: c.alias_then(lambda fn: lam.update_alias(FunctionName=fn, Name="live",
                                                                            Description="d")),
            "ListAliases": lambda: c.alias_then(lambda fn: lam.list_aliases(FunctionName=fn)),
            "DeleteAlias": lambda: c.alias_then(lambda fn: lam.delete_alias(FunctionName=fn, Name="live")),
            "DeleteFunction": lambda: lam.delete_function(FunctionName=c.function()),
            "Invoke": lambda: c.invoked.update(lam.invoke(FunctionName=c.function(), Payload=b'{"a": 1}')),
            "ListTags": lambda: lam.list_tags(Resource=c.function_arn()),
            "TagResource": lambda: lam.tag_resource(Resource=c.function_arn(), Tags={"b": "2"}),
            "UntagResource": lambda: lam.untag_resource(Resource=c.function_arn(), TagKeys=["team"]),
            "PutFunctionConcurrency": lambda: lam.put_function_concurrency(
                FunctionName=c.function(), ReservedConcurrentExecutions=2),
            "GetFunctionConcurrency": lambda: c.concurrency_then(
                lambda fn: lam.get_function_concurrency(FunctionName=fn)),
            "DeleteFunctionConcurrency": lambda: c.concurrency_then(
                lambda fn: lam.delete_function_concurrency(FunctionName=fn)),
        }

    def concurrency_then(self, call):
        fn = self.function()
        self.lam.put_function_concurrency(FunctionName=fn, ReservedConcurrentExecutions=2)
        return call(fn)

    def alias_then(self, call):
        fn = self.function()
        self.lam.create_alias(FunctionName=fn, Name="live", FunctionVersion="$LATEST")
        return call(fn)

    def function_arn(self):
        return f"arn:aws:lambda:{H.REGION}:{H.ACCOUNT}:function:{self.function()}"

    # -- probes of the operations without a typical call ---------------------------------------
    def sfn_unimplemented(self, operation):
        r = self.server.http("POST", "/", body="{}", headers={
            "X-Amz-Target": f"AWSStepFunctions.{operation}", "Content-Type": "application/x-amz-json-1.0"})
        body = r.json() if r.body else {}
        message = body.get("message", "")
        return (message == f"Operation {operation} is not supported by sfn-emulator yet"
                or body.get("__type", "").endswith("UnknownOperationException"))

    def lambda_unimplemented(self, op_model):
        params = {name: minimal(shape) for name, shape in op_model.input_shape.members.items()
                  if name in op_model.input_shape.required_members} if op_model.input_shape else {}
        method = getattr(self.lam, botocore_method_name(op_model.name))
        try:
            method(**params)
        except ClientError as e:
            return e.response["Error"]["Code"] == "UnknownOperationException"
        except Exception:  # noqa: BLE001 - a client-side refusal: the server never saw it
            return True
        return False

    # -- the walk ----------------------------------------------------------------------------
    def walk(self, service, typical, capture, always, unimplemented):
        model = MODELS.get_service_model(service)
        for name in model.operation_names:
            op = model.operation_model(name)
            with self.subTest(service=service, operation=name):
                if name not in typical:
                    if unimplemented(op):
                        self.skipped.append(f"{service}:{name}")
                        continue
                    self.fail(f"{name} answers but has no typical call in this test: add one")
                capture.bodies.pop(name, None)
                typical[name]()
                if op.has_streaming_output:
                    continue
                self.assertIn(name, capture.bodies, f"{name} was not called by its typical call")
                body = capture.bodies[name]
                problems = []
                if op.output_shape is not None:
                    check_value(body_shape(op.output_shape), body, name, problems)
                for path in always.get(name, []):
                    problems += [f"{name}.{p}: AWS always sends it, missing" for p in missing_paths(body, path)]
                self.assertEqual([], problems)

    def test_step_functions_model(self):
        self.walk("stepfunctions", self.sfn_typical(), self.sfn_raw, SFN_ALWAYS,
                  lambda op: self.sfn_unimplemented(op.name))

    def test_lambda_model(self):
        self.invoked = {}  # Invoke's parsed answer
        self.walk("lambda", self.lambda_typical(), self.lambda_raw, LAMBDA_ALWAYS,
                  self.lambda_unimplemented)
        for member in INVOKE_ALWAYS:
            self.assertIn(member, self.invoked)
        self.assertEqual(200, self.invoked["StatusCode"])
        self.assertEqual("$LATEST", self.invoked["ExecutedVersion"])


def body_shape(shape):
    """The part of an output shape that travels in the body (REST-JSON members in headers or the
    status code are not in it)."""
    members = {k: v for k, v in shape.members.items() if "location" not in v.serialization}
    if len(members) == len(shape.members):
        return shape
    view = _ShapeView(shape, members)
    return view


class _ShapeView:
    def __init__(self, shape, members):
        self.type_name = "structure"
        self.name = shape.name
        self.members = members
        self.required_members = [m for m in shape.required_members if m in members]


def minimal(shape):
    t = shape.type_name
    if t == "structure":
        return {n: minimal(s) for n, s in shape.members.items() if n in shape.required_members}
    if t == "list":
        return []
    if t == "map":
        return {}
    if t in ("integer", "long"):
        return 1
    if t in ("float", "double"):
        return 1.0
    if t == "boolean":
        return False
    if t == "blob":
        return b"x"
    if t == "timestamp":
        return dt.datetime(2024, 1, 1)
    return shape.enum[0] if getattr(shape, "enum", None) else "x"


def botocore_method_name(operation):
    from botocore import xform_name
    return xform_name(operation)


if __name__ == "__main__":
    unittest.main()
