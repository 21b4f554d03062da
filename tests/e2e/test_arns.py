"""ARNs through boto3 (issue 15, "ARNs"): every ARN form against every field that reads one, role ARNs
against every role field, and every partition's regions against the ARNs the emulator writes.

Tables:
- FIELDS x FORMS: each Step Functions ARN field of the API (the resource types it takes and the forms
  it accepts) against each form (a state machine, a version, an alias, a Distributed Map state, an
  execution, an Express execution, a Map Run, an activity, and malformed ones); every cell is either
  accepted or AWS's error: "Invalid Arn: 'Invalid ARN prefix: ...'", "Invalid Arn: 'Resource type
  not valid in this context: ...'", "Invalid Arn: '...'", or the field's own answer.
- ROLE_FIELDS x ROLES: Step Functions answers "Invalid Role Arn: '...'", Lambda its RoleArn pattern.
- REGIONS: the partition of each region in every ARN written (state machines, versions, aliases,
  executions, Express executions, Map Runs, Lambda functions) and read (roles, Task resources).
"""

import json
import os
import sys
import unittest

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

ACCOUNT = H.ACCOUNT
DISTRIBUTED_MAP = H.definition({"M": {
    "Type": "Map", "Label": "items", "End": True,
    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                      "StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}}})
TYPE_OF = {"machine": "stateMachine", "version": "stateMachine", "alias": "stateMachine",
           "mapstate": "stateMachine", "execution": "execution", "express": "express",
           "maprun": "mapRun", "activity": "activity"}
MALFORMED = ("wrong-service", "short-account", "other-partition", "role")
ECHO = H.make_zip({"app.py": "def handler(event, context):\n    return {'echo': event}\n"})


def raw_client(endpoint, service, region):
    cfg = Config(retries={"total_max_attempts": 1}, parameter_validation=False)
    return boto3.session.Session().client(service, endpoint_url=endpoint, region_name=region,
                                          aws_access_key_id="t", aws_secret_access_key="t", config=cfg)


def outcome(fn, *args, **kw):
    try:
        fn(*args, **kw)
        return "OK"
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["Error"]["Message"]


class ArnFields(H.ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        sfn = cls.raw = raw_client(cls.server.endpoint, "stepfunctions", H.REGION)
        cls.bases = {}
        for key in ("main", "doomed"):
            m = sfn.create_state_machine(name=H.unique(key), definition=H.wait_def(),
                                         roleArn=H.ROLE_ARN, publish=True)
            sfn.create_state_machine_alias(name="live", routingConfiguration=[
                {"stateMachineVersionArn": m["stateMachineVersionArn"], "weight": 100}])
            cls.bases[key] = m["stateMachineArn"]
        cls.execution = sfn.start_execution(stateMachineArn=cls.bases["main"])["executionArn"]
        failing = sfn.create_state_machine(name=H.unique("failing"), roleArn=H.ROLE_ARN,
                                           definition=H.definition({"F": {"Type": "Fail", "Error": "E"}}))
        cls.failed = sfn.start_execution(stateMachineArn=failing["stateMachineArn"])["executionArn"]
        H.wait_for_status(sfn, cls.failed, "FAILED", server=cls.server)
        express = sfn.create_state_machine(name=H.unique("express"), definition=H.PASS_DEF,
                                           roleArn=H.ROLE_ARN, type="EXPRESS")
        cls.express = sfn.start_execution(stateMachineArn=express["stateMachineArn"])["executionArn"]
        mapper = sfn.create_state_machine(name=H.unique("mapper"), definition=DISTRIBUTED_MAP,
                                          roleArn=H.ROLE_ARN)
        run = sfn.start_execution(stateMachineArn=mapper["stateMachineArn"], input="[1, 2]")
        H.wait_for_status(sfn, run["executionArn"], "SUCCEEDED", server=cls.server)
        cls.map_run = sfn.list_map_runs(executionArn=run["executionArn"])["mapRuns"][0]["mapRunArn"]

    def forms(self, base="main"):
        sm = self.bases[base]
        return {
            "machine": sm, "version": sm + ":1", "alias": sm + ":live", "mapstate": sm + "/items",
            "execution": self.execution, "express": self.express, "maprun": self.map_run,
            "activity": f"arn:aws:states:{H.REGION}:{ACCOUNT}:activity:work",
            "not-an-arn": "not-an-arn",
            "wrong-service": f"arn:aws:lambda:{H.REGION}:{ACCOUNT}:function:f",
            "short-account": sm.replace(ACCOUNT, "1234"),
            "other-partition": sm.replace("arn:aws:", "arn:aws-cn:"),
            "role": f"arn:aws:iam::{ACCOUNT}:role/x",
        }

    def expected(self, field, form, arn):
        if "otherwise" in field:  # the field answers every form it does not accept alike
            if form in field["accepts"]:
                return "OK"
            code, message = field["otherwise"]
            return code, message.format(arn=arn)
        if form == "not-an-arn":
            return "InvalidArn", f"Invalid Arn: 'Invalid ARN prefix: {arn}'"
        if form in MALFORMED:
            return "InvalidArn", f"Invalid Arn: '{arn}'"
        if form in field.get("special", {}):
            code, message = field["special"][form]
            return code, message.format(arn=arn)
        if TYPE_OF[form] not in field["types"]:
            return "InvalidArn", f"Invalid Arn: 'Resource type not valid in this context: {TYPE_OF[form]}'"
        if form in field["accepts"]:
            return "OK"
        return "InvalidArn", f"Invalid Arn: '{arn}'"

    def fields(self):
        sfn = self.raw
        machine = {"stateMachine"}
        # An Express execution keeps no record to describe, list or stop: AWS answers "Resource
        # type not valid in this context: express" (tests/e2e/test_express.py).
        standard = {"execution"}
        missing = ("StateMachineDoesNotExist", "State Machine Does Not Exist: '{arn}'")
        map_state = ("ValidationException",
                     "The operation does not support the ARN of a Distributed Map state: '{arn}'")
        qualified_delete = ("ValidationException",
                            "DeleteStateMachine takes a state machine ARN; delete a version with "
                            "DeleteStateMachineVersion and an alias with DeleteStateMachineAlias: '{arn}'")
        tag_activity = ("ResourceNotFound", "Resource not found: '{arn}'")
        routing = ("ValidationException",
                   "Routing configuration must contain state machine version ARNs. Received: [{arn}]")
        not_running = ("ValidationException", "Map Run is not running: '{arn}'")
        no_activity = ("ActivityDoesNotExist", "Activity Does Not Exist: '{arn}'")
        activity = {"activity"}
        return [
            dict(name="DescribeStateMachine.stateMachineArn", types=machine,
                 accepts={"machine", "version"}, special={"alias": missing, "mapstate": map_state},
                 call=lambda a: sfn.describe_state_machine(stateMachineArn=a)),
            dict(name="UpdateStateMachine.stateMachineArn", types=machine, accepts={"machine"},
                 special={"version": missing, "alias": missing, "mapstate": map_state},
                 call=lambda a: sfn.update_state_machine(stateMachineArn=a, definition=H.wait_def())),
            dict(name="DeleteStateMachine.stateMachineArn", types=machine, accepts={"machine"}, base="doomed",
                 special={"version": qualified_delete, "alias": qualified_delete, "mapstate": map_state},
                 call=lambda a: sfn.delete_state_machine(stateMachineArn=a)),
            dict(name="StartExecution.stateMachineArn", types=machine,
                 accepts={"machine", "version", "alias"},
                 call=lambda a: sfn.start_execution(stateMachineArn=a)),
            dict(name="ListExecutions.stateMachineArn", types=machine,
                 accepts={"machine", "version", "alias"},
                 call=lambda a: sfn.list_executions(stateMachineArn=a)),
            dict(name="ListExecutions.mapRunArn", types={"mapRun"}, accepts={"maprun"},
                 call=lambda a: sfn.list_executions(mapRunArn=a)),
            dict(name="DescribeExecution.executionArn", types=standard, accepts=standard,
                 call=lambda a: sfn.describe_execution(executionArn=a)),
            dict(name="GetExecutionHistory.executionArn", types=standard, accepts=standard,
                 call=lambda a: sfn.get_execution_history(executionArn=a)),
            dict(name="DescribeStateMachineForExecution.executionArn", types=standard,
                 accepts=standard,
                 call=lambda a: sfn.describe_state_machine_for_execution(executionArn=a)),
            dict(name="ListMapRuns.executionArn", types=standard, accepts=standard,
                 call=lambda a: sfn.list_map_runs(executionArn=a)),
            dict(name="StopExecution.executionArn", types=standard, accepts=standard,
                 call=lambda a: sfn.stop_execution(executionArn=a)),
            dict(name="RedriveExecution.executionArn", types=standard, accepts=standard,
                 execution="failed", call=lambda a: sfn.redrive_execution(executionArn=a)),
            dict(name="DescribeActivity.activityArn", types=activity, accepts=set(),
                 special={"activity": no_activity},
                 call=lambda a: sfn.describe_activity(activityArn=a)),
            dict(name="DeleteActivity.activityArn", types=activity, accepts=activity,
                 call=lambda a: sfn.delete_activity(activityArn=a)),
            dict(name="GetActivityTask.activityArn", types=activity, accepts=set(),
                 special={"activity": no_activity},
                 call=lambda a: sfn.get_activity_task(activityArn=a)),
            dict(name="PublishStateMachineVersion.stateMachineArn", types=machine, accepts={"machine"},
                 special={"version": missing, "alias": missing, "mapstate": map_state},
                 call=lambda a: sfn.publish_state_machine_version(stateMachineArn=a)),
            dict(name="ListStateMachineVersions.stateMachineArn", types=machine, accepts={"machine"},
                 call=lambda a: sfn.list_state_machine_versions(stateMachineArn=a)),
            dict(name="DeleteStateMachineVersion.stateMachineVersionArn", types=machine,
                 accepts={"version"}, version_suffix=":99",
                 call=lambda a: sfn.delete_state_machine_version(stateMachineVersionArn=a)),
            dict(name="ListStateMachineAliases.stateMachineArn", types=machine,
                 accepts={"machine", "version"},
                 call=lambda a: sfn.list_state_machine_aliases(stateMachineArn=a)),
            dict(name="DescribeStateMachineAlias.stateMachineAliasArn", types=machine, accepts={"alias"},
                 call=lambda a: sfn.describe_state_machine_alias(stateMachineAliasArn=a)),
            dict(name="UpdateStateMachineAlias.stateMachineAliasArn", types=machine, accepts={"alias"},
                 call=lambda a: sfn.update_state_machine_alias(stateMachineAliasArn=a, description="d")),
            dict(name="DeleteStateMachineAlias.stateMachineAliasArn", types=machine, accepts={"alias"},
                 alias_suffix=":gone",
                 call=lambda a: sfn.delete_state_machine_alias(stateMachineAliasArn=a)),
            dict(name="CreateStateMachineAlias.routingConfiguration.stateMachineVersionArn",
                 types=set(TYPE_OF.values()), accepts={"version"}, otherwise=routing,
                 call=lambda a: sfn.create_state_machine_alias(
                     name=H.unique("a"), routingConfiguration=[{"stateMachineVersionArn": a,
                                                                "weight": 100}])),
            dict(name="DescribeMapRun.mapRunArn", types={"mapRun"}, accepts={"maprun"},
                 call=lambda a: sfn.describe_map_run(mapRunArn=a)),
            dict(name="UpdateMapRun.mapRunArn", types={"mapRun"}, accepts=set(),
                 special={"maprun": not_running},
                 call=lambda a: sfn.update_map_run(mapRunArn=a, maxConcurrency=1)),
            dict(name="TagResource.resourceArn", types={"stateMachine", "activity"}, accepts={"machine"},
                 special={"activity": tag_activity},
                 call=lambda a: sfn.tag_resource(resourceArn=a, tags=[{"key": "k", "value": "v"}])),
            dict(name="ListTagsForResource.resourceArn", types={"stateMachine", "activity"},
                 accepts={"machine"}, special={"activity": tag_activity},
                 call=lambda a: sfn.list_tags_for_resource(resourceArn=a)),
            dict(name="UntagResource.resourceArn", types={"stateMachine", "activity"},
                 accepts={"machine"}, special={"activity": tag_activity},
                 call=lambda a: sfn.untag_resource(resourceArn=a, tagKeys=["k"])),
        ]

    def test_every_form_against_every_field(self):
        cells = 0
        for field in self.fields():
            forms = self.forms(field.get("base", "main"))
            if "version_suffix" in field:
                forms["version"] = forms["machine"] + field["version_suffix"]
            if field.get("execution") == "failed":  # one a redrive accepts
                forms["execution"] = self.failed
            if "alias_suffix" in field:
                forms["alias"] = forms["machine"] + field["alias_suffix"]
            # The throwaway machine is deleted by the "machine" cell: run it last.
            order = sorted(forms, key=lambda f: f == "machine")
            for form in order:
                arn = forms[form]
                with self.subTest(field=field["name"], form=form):
                    want = self.expected(field, form, arn)
                    self.assertEqual(want, outcome(field["call"], arn))
                    cells += 1
        self.assertGreater(cells, 300)


ROLES = {
    "plain": f"arn:aws:iam::{ACCOUNT}:role/x",
    "with path": f"arn:aws:iam::{ACCOUNT}:role/service-role/my.role+=,@-1",
    "4-digit account": "arn:aws:iam::1234:role/x",
    "iam user": f"arn:aws:iam::{ACCOUNT}:user/x",
    "not an arn": "not-an-arn",
    "other partition": f"arn:aws-cn:iam::{ACCOUNT}:role/x",
    "sts assumed role": f"arn:aws:sts::{ACCOUNT}:assumed-role/x/session",
    "with a region": f"arn:aws:iam:us-east-1:{ACCOUNT}:role/x",
    "no role name": f"arn:aws:iam::{ACCOUNT}:role/",
    "space in name": f"arn:aws:iam::{ACCOUNT}:role/a b",
}
VALID_ROLES = {"plain", "with path"}
ROLE_PATTERN = r"arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+"


class RoleFields(H.ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.raw = raw_client(cls.server.endpoint, "stepfunctions", H.REGION)
        # TestState without the SDK's `sync-` host prefix.
        cls.sync = boto3.session.Session().client(
            "stepfunctions", endpoint_url=cls.server.endpoint, region_name=H.REGION,
            aws_access_key_id="t", aws_secret_access_key="t",
            config=Config(retries={"total_max_attempts": 1}, parameter_validation=False,
                          inject_host_prefix=False))
        cls.lam = raw_client(cls.server.endpoint, "lambda", H.REGION)
        cls.machine = cls.raw.create_state_machine(name=H.unique("roles"), definition=H.PASS_DEF,
                                                   roleArn=H.ROLE_ARN)["stateMachineArn"]
        cls.fn = H.unique("fn")
        cls.lam.create_function(FunctionName=cls.fn, Runtime="python3.12", Handler="app.handler",
                                Role=ROLES["plain"], Code={"ZipFile": H.make_zip({"app.py": "x = 1\n"})})

    def test_roles_against_role_fields(self):
        zip_ = H.make_zip({"app.py": "x = 1\n"})
        sfn_error = lambda role: ("InvalidArn", f"Invalid Role Arn: '{role}'")  # noqa: E731
        lambda_error = lambda role: (  # noqa: E731
            "ValidationException", f"1 validation error detected: Value '{role}' at 'role' failed to "
            f"satisfy constraint: Member must satisfy regular expression pattern: {ROLE_PATTERN}")
        fields = [
            ("CreateStateMachine.roleArn", sfn_error, VALID_ROLES,
             lambda role: self.raw.create_state_machine(name=H.unique("r"), definition=H.PASS_DEF,
                                                        roleArn=role)),
            ("UpdateStateMachine.roleArn", sfn_error, VALID_ROLES,
             lambda role: self.raw.update_state_machine(stateMachineArn=self.machine, roleArn=role)),
            ("TestState.roleArn", sfn_error, VALID_ROLES,
             lambda role: self.sync.test_state(definition='{"Type": "Pass", "End": true}', roleArn=role)),
            # Lambda's RoleArn pattern takes any aws* partition.
            ("CreateFunction.Role", lambda_error, VALID_ROLES | {"other partition"},
             lambda role: self.lam.create_function(FunctionName=H.unique("f"), Runtime="python3.12",
                                                   Handler="app.handler", Role=role,
                                                   Code={"ZipFile": zip_})),
            ("UpdateFunctionConfiguration.Role", lambda_error, VALID_ROLES | {"other partition"},
             lambda role: self.lam.update_function_configuration(FunctionName=self.fn, Role=role)),
        ]
        for name, error, valid, call in fields:
            for label, role in ROLES.items():
                with self.subTest(field=name, role=label):
                    self.assertEqual("OK" if label in valid else error(role), outcome(call, role))


FUNCTION_NAME_PATTERN = (r"(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?"
                         r"(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?")
TAGGABLE_PATTERN = (r"arn:(aws[a-zA-Z-]*):lambda:[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:"
                    r"(function:[a-zA-Z0-9-_]+(:(\$LATEST|[a-zA-Z0-9-_]+))?|code-signing-config:csc-[a-z0-9]{17}"
                    r"|event-source-mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                    r"[0-9a-fA-F]{12}|capacity-provider:[a-zA-Z0-9-_]+)")


class LambdaArnFields(H.ServerTestCase):
    """Lambda's FunctionName takes a name, a partial ARN or an ARN (each optionally qualified);
    tag operations take a function ARN only (TaggableResource)."""

    def test_function_references(self):
        lam = raw_client(self.server.endpoint, "lambda", H.REGION)
        fn = H.unique("fn")
        lam.create_function(FunctionName=fn, Runtime="python3.12", Handler="app.handler",
                            Role=ROLES["plain"], Code={"ZipFile": ECHO})
        lam.create_alias(FunctionName=fn, Name="live", FunctionVersion="$LATEST")
        arn = f"arn:aws:lambda:{H.REGION}:{ACCOUNT}:function:{fn}"
        forms = {
            "name": (fn, "OK"),
            "name:alias": (fn + ":live", "OK"),
            "partial ARN": (f"{ACCOUNT}:function:{fn}", "OK"),
            "ARN": (arn, "OK"),
            "ARN:$LATEST": (arn + ":$LATEST", "OK"),
            "ARN of the cn partition": (arn.replace("arn:aws:", "arn:aws-cn:").replace(H.REGION, "cn-north-1"), "OK"),
            "4-digit account": (arn.replace(ACCOUNT, "1234"), "pattern"),
            "state machine ARN": (f"arn:aws:states:{H.REGION}:{ACCOUNT}:stateMachine:{fn}", "pattern"),
            "IAM role": (ROLES["plain"], "pattern"),
            "space": ("a b", "pattern"),
        }
        fields = [
            ("GetFunction.FunctionName", "functionName", FUNCTION_NAME_PATTERN, set(),
             lambda ref: lam.get_function(FunctionName=ref)),
            ("Invoke.FunctionName", "functionName", FUNCTION_NAME_PATTERN, set(),
             lambda ref: lam.invoke(FunctionName=ref, Payload=b"{}")),
            ("ListTags.Resource", "resource", TAGGABLE_PATTERN, {"name", "name:alias", "partial ARN"},
             lambda ref: lam.list_tags(Resource=ref)),
        ]
        for name, member, pattern, refused, call in fields:
            for label, (ref, outcome_) in forms.items():
                with self.subTest(field=name, form=label):
                    want = "OK"
                    if outcome_ == "pattern" or label in refused:
                        want = ("ValidationException", f"1 validation error detected: Value '{ref}' at "
                                f"'{member}' failed to satisfy constraint: Member must satisfy regular "
                                f"expression pattern: {pattern}")
                    self.assertEqual(want, outcome(call, ref))


# region -> partition (botocore's partitions.json)
REGIONS = [
    ("us-east-1", "aws"), ("eu-central-1", "aws"), ("ap-southeast-2", "aws"),
    ("cn-north-1", "aws-cn"), ("cn-northwest-1", "aws-cn"),
    ("us-gov-west-1", "aws-us-gov"), ("us-gov-east-1", "aws-us-gov"),
    ("us-iso-east-1", "aws-iso"), ("us-isob-east-1", "aws-iso-b"),
]


class Partitions(H.ServerTestCase):
    def test_every_arn_written_and_read_per_region(self):
        for region, partition in REGIONS:
            with self.subTest(region=region):
                self.check_region(region, partition)

    def check_region(self, region, p):
        sfn = self.server.client(region=region)
        lam = self.server.lambda_client(region=region)
        prefix = f"arn:{p}:states:{region}:{ACCOUNT}:"
        role = f"arn:{p}:iam::{ACCOUNT}:role/r"
        name = H.unique("part")

        # Roles of another partition are refused.
        other = "arn:aws-cn:iam::%s:role/r" % ACCOUNT if p != "aws-cn" else "arn:aws:iam::%s:role/r" % ACCOUNT
        self.assertClientError("InvalidArn", f"Invalid Role Arn: '{other}'", sfn.create_state_machine,
                               name=name, definition=H.PASS_DEF, roleArn=other)

        created = sfn.create_state_machine(name=name, definition=H.PASS_DEF, roleArn=role, publish=True)
        arn = created["stateMachineArn"]
        self.assertEqual(prefix + f"stateMachine:{name}", arn)
        self.assertEqual(arn + ":1", created["stateMachineVersionArn"])
        self.assertEqual(arn, sfn.describe_state_machine(stateMachineArn=arn)["stateMachineArn"])
        alias = sfn.create_state_machine_alias(name="live", routingConfiguration=[
            {"stateMachineVersionArn": arn + ":1", "weight": 100}])["stateMachineAliasArn"]
        self.assertEqual(arn + ":live", alias)

        started = sfn.start_execution(stateMachineArn=alias, name="run")
        self.assertEqual(prefix + f"execution:{name}:run", started["executionArn"])
        d = H.wait_for_status(sfn, started["executionArn"], "SUCCEEDED", server=self.server)
        self.assertEqual(arn, d["stateMachineArn"])
        self.assertEqual(arn + ":1", d["stateMachineVersionArn"])
        self.assertEqual(alias, d["stateMachineAliasArn"])
        history = H.full_history(sfn, started["executionArn"])
        self.assertEqual(role, history[0]["executionStartedEventDetails"]["roleArn"])
        self.assertEqual(arn, sfn.describe_state_machine_for_execution(
            executionArn=started["executionArn"])["stateMachineArn"])

        # An ARN of this region in another partition names nothing here: it is malformed.
        foreign = arn.replace(f"arn:{p}:", "arn:aws-us-gov:" if p != "aws-us-gov" else "arn:aws:")
        self.assertClientError("InvalidArn", f"Invalid Arn: '{foreign}'",
                               sfn.describe_state_machine, stateMachineArn=foreign)

        express = sfn.create_state_machine(name=name + "-x", definition=H.PASS_DEF, roleArn=role,
                                           type="EXPRESS")["stateMachineArn"]
        x = sfn.start_execution(stateMachineArn=express, name="fast")["executionArn"]
        self.assertTrue(x.startswith(prefix + f"express:{name}-x:fast:"), x)

        mapper = sfn.create_state_machine(name=name + "-m", definition=DISTRIBUTED_MAP,
                                          roleArn=role)["stateMachineArn"]
        m = sfn.start_execution(stateMachineArn=mapper, input="[1]")["executionArn"]
        H.wait_for_status(sfn, m, "SUCCEEDED", server=self.server)
        run = sfn.list_map_runs(executionArn=m)["mapRuns"][0]
        self.assertTrue(run["mapRunArn"].startswith(prefix + f"mapRun:{name}-m/items:"), run)
        self.assertEqual(mapper + "/items", run["stateMachineArn"])

        # Lambda: the function's ARN, and Task resources of this partition (and not another's).
        fn = H.unique("fn")
        config = lam.create_function(FunctionName=fn, Runtime="python3.12", Handler="app.handler",
                                     Role=role, Code={"ZipFile": ECHO})
        self.assertEqual(f"arn:{p}:lambda:{region}:{ACCOUNT}:function:{fn}", config["FunctionArn"])
        alias_config = lam.create_alias(FunctionName=fn, Name="live", FunctionVersion="$LATEST")
        self.assertEqual(f"arn:{p}:lambda:{region}:{ACCOUNT}:function:{fn}:live", alias_config["AliasArn"])
        for resource, payload in ((f"arn:{p}:states:::lambda:invoke", {"FunctionName": fn, "Payload.$": "$"}),
                                  (config["FunctionArn"], None)):
            state = {"Type": "Task", "Resource": resource, "End": True}
            if payload:
                state["Parameters"] = payload
                state["OutputPath"] = "$.Payload"
            task = sfn.create_state_machine(name=H.unique("task"), definition=H.definition({"T": state}),
                                            roleArn=role)["stateMachineArn"]
            ex = sfn.start_execution(stateMachineArn=task, input='{"a": 1}')["executionArn"]
            d = H.wait_for_status(sfn, ex, server=self.server)
            self.assertEqual("SUCCEEDED", d["status"], (resource, d))
            self.assertEqual({"echo": {"a": 1}}, json.loads(d["output"]))
        wrong = "arn:aws-cn:states:::lambda:invoke" if p != "aws-cn" else "arn:aws:states:::lambda:invoke"
        task = sfn.create_state_machine(name=H.unique("wrong"), roleArn=role, definition=H.definition(
            {"T": {"Type": "Task", "Resource": wrong, "Parameters": {"FunctionName": fn}, "End": True}}))
        ex = sfn.start_execution(stateMachineArn=task["stateMachineArn"])["executionArn"]
        d = H.wait_for_status(sfn, ex, server=self.server)
        self.assertEqual("FAILED", d["status"])
        self.assertEqual("States.Runtime", d["error"])
        self.assertEqual("An error occurred while executing the state 'T' (entered at the event id #2). "
                         "The resource belongs to a different partition from the running execution.",
                         d["cause"])


if __name__ == "__main__":
    unittest.main()
