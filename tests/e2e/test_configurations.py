"""What a caller sets comes back, and what AWS always returns is there (issue 15, "Response members"):
state machine logging, tracing and encryption configurations (defaults, normal forms, AWS's errors),
revision ids as AWS shows them, PublishStateMachineVersion's rule for descriptions, alias dates,
every execution's redriveCount, and the Lambda configuration members a function keeps."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

DEF_A = H.definition({"P": {"Type": "Pass", "Result": "A", "End": True}})
DEF_B = H.definition({"P": {"Type": "Pass", "Result": "B", "End": True}})
LOG_GROUP = f"arn:aws:logs:{H.REGION}:{H.ACCOUNT}:log-group:/aws/vendedlogs/states/x:*"
KEY = f"arn:aws:kms:{H.REGION}:{H.ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
DEFAULT_LOGGING = {"level": "OFF", "includeExecutionData": False}
DEFAULT_TRACING = {"enabled": False}
DEFAULT_ENCRYPTION = {"type": "AWS_OWNED_KEY"}


class StateMachineConfigurations(H.ServerTestCase):
    def describe(self, arn):
        return self.sfn.describe_state_machine(stateMachineArn=arn)

    def test_defaults_are_returned_everywhere(self):
        _, arn = self.create_sm(publish=True)
        ex = self.sfn.start_execution(stateMachineArn=arn)["executionArn"]
        for answer in (self.describe(arn), self.describe(arn + ":1"),
                       self.sfn.describe_state_machine_for_execution(executionArn=ex)):
            self.assertEqual(DEFAULT_LOGGING, answer["loggingConfiguration"])
            self.assertEqual(DEFAULT_TRACING, answer["tracingConfiguration"])
            self.assertEqual(DEFAULT_ENCRYPTION, answer["encryptionConfiguration"])

    def test_what_the_caller_sets_is_stored_and_returned(self):
        # request -> what AWS stores and returns (normal forms, recorded where a recording exists)
        cases = [
            ("logging {}", {"loggingConfiguration": {}}, "loggingConfiguration", DEFAULT_LOGGING),
            ("logging no destinations", {"loggingConfiguration": {"destinations": []}},
             "loggingConfiguration", {"level": "OFF", "includeExecutionData": False, "destinations": []}),
            ("logging ALL", {"loggingConfiguration": {
                "level": "ALL", "includeExecutionData": True,
                "destinations": [{"cloudWatchLogsLogGroup": {"logGroupArn": LOG_GROUP}}]}},
             "loggingConfiguration", {"level": "ALL", "includeExecutionData": True, "destinations": [
                 {"cloudWatchLogsLogGroup": {"logGroupArn": LOG_GROUP}}]}),
            ("logging ERROR, data left out", {"loggingConfiguration": {
                "level": "ERROR", "destinations": [{"cloudWatchLogsLogGroup": {"logGroupArn": LOG_GROUP}}]}},
             "loggingConfiguration", {"level": "ERROR", "includeExecutionData": False, "destinations": [
                 {"cloudWatchLogsLogGroup": {"logGroupArn": LOG_GROUP}}]}),
            ("tracing on", {"tracingConfiguration": {"enabled": True}}, "tracingConfiguration",
             {"enabled": True}),
            ("tracing {}", {"tracingConfiguration": {}}, "tracingConfiguration", DEFAULT_TRACING),
            ("AWS owned key", {"encryptionConfiguration": {"type": "AWS_OWNED_KEY"}},
             "encryptionConfiguration", DEFAULT_ENCRYPTION),
            ("customer key", {"encryptionConfiguration": {"type": "CUSTOMER_MANAGED_KMS_KEY", "kmsKeyId": KEY}},
             "encryptionConfiguration",
             {"type": "CUSTOMER_MANAGED_KMS_KEY", "kmsKeyId": KEY, "kmsDataKeyReusePeriodSeconds": 300}),
            ("customer key alias, 60 s", {"encryptionConfiguration": {
                "type": "CUSTOMER_MANAGED_KMS_KEY", "kmsKeyId": "alias/mine", "kmsDataKeyReusePeriodSeconds": 60}},
             "encryptionConfiguration",
             {"type": "CUSTOMER_MANAGED_KMS_KEY", "kmsKeyId": "alias/mine", "kmsDataKeyReusePeriodSeconds": 60}),
        ]
        for label, request, member, stored in cases:
            with self.subTest(case=label):
                _, arn = self.create_sm(publish=True, **request)
                ex = self.sfn.start_execution(stateMachineArn=arn)["executionArn"]
                self.assertEqual(stored, self.describe(arn)[member])
                self.assertEqual(stored, self.describe(arn + ":1")[member])
                self.assertEqual(stored, self.sfn.describe_state_machine_for_execution(executionArn=ex)[member])
                # The same configuration again is the same state machine (idempotent create).
                # Update: set on a fresh machine, the configuration makes a new revision.
                _, other = self.create_sm()
                u = self.sfn.update_state_machine(stateMachineArn=other, **request)
                changed = stored != {"loggingConfiguration": DEFAULT_LOGGING,
                                     "tracingConfiguration": DEFAULT_TRACING,
                                     "encryptionConfiguration": DEFAULT_ENCRYPTION}[member]
                self.assertEqual(changed, "revisionId" in u, u)
                self.assertEqual(stored, self.describe(other)[member])

    def test_create_is_idempotent_on_configurations(self):
        name, arn = self.create_sm(encryptionConfiguration={"type": "CUSTOMER_MANAGED_KMS_KEY", "kmsKeyId": KEY})
        again = self.sfn.create_state_machine(
            name=name, definition=H.PASS_DEF, roleArn=H.ROLE_ARN,
            encryptionConfiguration={"type": "CUSTOMER_MANAGED_KMS_KEY", "kmsKeyId": KEY})
        self.assertEqual(arn, again["stateMachineArn"])
        self.assertClientError("StateMachineAlreadyExists", f"State Machine Already Exists: '{arn}'",
                               self.sfn.create_state_machine, name=name, definition=H.PASS_DEF,
                               roleArn=H.ROLE_ARN)

    def test_aws_errors(self):
        one_destination = "Invalid Logging Configuration: Must specify exactly one Log Destination."
        destination = {"cloudWatchLogsLogGroup": {"logGroupArn": LOG_GROUP}}
        cases = [
            ({"loggingConfiguration": {"level": "ALL"}}, "InvalidLoggingConfiguration", one_destination),
            ({"loggingConfiguration": {"level": "FATAL", "destinations": []}},
             "InvalidLoggingConfiguration", one_destination),
            ({"loggingConfiguration": {"level": "ALL", "destinations": [destination, destination]}},
             "InvalidLoggingConfiguration", one_destination),
            ({"loggingConfiguration": {"level": "ALL", "destinations": [
                {"cloudWatchLogsLogGroup": {"logGroupArn": "arn:aws:logs:us-east-1:123456789012:log-group:x"}}]}},
             "InvalidLoggingConfiguration", "Invalid Logging Configuration: Log Destination not found."),
            ({"encryptionConfiguration": {"type": "CUSTOMER_MANAGED_KMS_KEY"}},
             "InvalidEncryptionConfiguration",
             "Invalid Encryption Configuration: 'kmsKeyId' is required when 'type' is 'CUSTOMER_MANAGED_KMS_KEY'"),
            ({"encryptionConfiguration": {"type": "AWS_OWNED_KEY", "kmsKeyId": KEY}},
             "InvalidEncryptionConfiguration",
             "Invalid Encryption Configuration: kmsKeyId and kmsDataKeyReusePeriodSeconds apply only to "
             "the type 'CUSTOMER_MANAGED_KMS_KEY'"),
            ({"encryptionConfiguration": {"type": "CUSTOMER_MANAGED_KMS_KEY", "kmsKeyId": KEY,
                                          "kmsDataKeyReusePeriodSeconds": 30}},
             "ValidationException",
             "1 validation error detected: Value '30' at 'encryptionConfiguration.kmsDataKeyReusePeriodSeconds' "
             "failed to satisfy constraint: Member must have value greater than or equal to 60"),
            ({"encryptionConfiguration": {"type": "PLAIN"}}, "ValidationException",
             "1 validation error detected: Value 'PLAIN' at 'encryptionConfiguration.type' failed to satisfy "
             "constraint: Member must satisfy enum value set: [AWS_OWNED_KEY, CUSTOMER_MANAGED_KMS_KEY]"),
            ({"loggingConfiguration": {"level": "LOUD"}}, "ValidationException",
             "1 validation error detected: Value 'LOUD' at 'loggingConfiguration.level' failed to satisfy "
             "constraint: Member must satisfy enum value set: [ALL, ERROR, FATAL, OFF]"),
        ]
        _, existing = self.create_sm()
        for request, code, message in cases:
            with self.subTest(request=request):
                self.assertClientError(code, message, self.raw().create_state_machine, name=H.unique("bad"),
                                       definition=H.PASS_DEF, roleArn=H.ROLE_ARN, **request)
                self.assertClientError(code, message, self.raw().update_state_machine,
                                       stateMachineArn=existing, **request)

    def raw(self):
        from botocore.config import Config
        import boto3
        if not hasattr(self, "_raw"):
            self._raw = boto3.session.Session().client(
                "stepfunctions", endpoint_url=self.server.endpoint, region_name=H.REGION,
                aws_access_key_id="t", aws_secret_access_key="t",
                config=Config(retries={"total_max_attempts": 1}, parameter_validation=False))
        return self._raw


class Revisions(H.ServerTestCase):
    """AWS shows revisionId once UpdateStateMachine has made a revision (recorded)."""

    def test_revision_ids_appear_with_the_first_revision(self):
        _, r = self.machine(publish=True)
        arn = r["stateMachineArn"]
        self.assertNotIn("revisionId", self.sfn.describe_state_machine(stateMachineArn=arn))
        self.assertNotIn("revisionId", self.sfn.describe_state_machine(stateMachineArn=arn + ":1"))
        ex = self.sfn.start_execution(stateMachineArn=arn)["executionArn"]
        self.assertNotIn("revisionId", self.sfn.describe_state_machine_for_execution(executionArn=ex))
        # An update that changes nothing answers without one and publishes the same version.
        u0 = self.sfn.update_state_machine(stateMachineArn=arn, definition=DEF_A, publish=True)
        self.assertNotIn("revisionId", u0)
        self.assertEqual(arn + ":1", u0["stateMachineVersionArn"])
        u1 = self.sfn.update_state_machine(stateMachineArn=arn, definition=DEF_B, publish=True)
        self.assertIn("revisionId", u1)
        self.assertEqual(arn + ":2", u1["stateMachineVersionArn"])
        for answer in (self.sfn.describe_state_machine(stateMachineArn=arn),
                       self.sfn.describe_state_machine(stateMachineArn=arn + ":2")):
            self.assertEqual(u1["revisionId"], answer["revisionId"])
        self.assertNotIn("revisionId", self.sfn.describe_state_machine(stateMachineArn=arn + ":1"))
        ex2 = self.sfn.start_execution(stateMachineArn=arn)["executionArn"]
        self.assertEqual(u1["revisionId"],
                         self.sfn.describe_state_machine_for_execution(executionArn=ex2)["revisionId"])

    def machine(self, **kw):
        name = H.unique("rev")
        return name, self.sfn.create_state_machine(name=name, definition=DEF_A, roleArn=H.ROLE_ARN, **kw)

    def test_publishing_follows_the_documented_idempotency(self):
        # AWS PublishStateMachineVersion: "Requests with the same parameters return a successful
        # idempotent response": the same revision and description answer the same version; an
        # unchanged revision published with another description is a new version (moto's
        # AWS-verified test describes the second version with the second description).
        _, r = self.machine(publish=True, versionDescription="first version")
        arn = r["stateMachineArn"]
        self.assertEqual(arn + ":1", r["stateMachineVersionArn"])
        again = self.sfn.create_state_machine(name=arn.split(":")[-1], definition=DEF_A, roleArn=H.ROLE_ARN,
                                              publish=True, versionDescription="first version")
        self.assertEqual(arn + ":1", again["stateMachineVersionArn"])
        u = self.sfn.update_state_machine(stateMachineArn=arn, definition=DEF_A, publish=True,
                                          versionDescription="second version")
        self.assertEqual(arn + ":2", u["stateMachineVersionArn"])
        self.assertEqual("second version",
                         self.sfn.describe_state_machine(stateMachineArn=arn + ":2")["description"])
        self.assertEqual("first version",
                         self.sfn.describe_state_machine(stateMachineArn=arn + ":1")["description"])
        p = self.sfn.publish_state_machine_version(stateMachineArn=arn, description="first version")
        self.assertEqual(arn + ":1", p["stateMachineVersionArn"])
        p = self.sfn.publish_state_machine_version(stateMachineArn=arn, description="second version",
                                                   revisionId="INITIAL")
        self.assertEqual(arn + ":2", p["stateMachineVersionArn"])
        p = self.sfn.publish_state_machine_version(stateMachineArn=arn)
        self.assertEqual(arn + ":3", p["stateMachineVersionArn"])
        self.assertNotIn("description", self.sfn.describe_state_machine(stateMachineArn=arn + ":3"))
        self.assertEqual(arn + ":3", self.sfn.publish_state_machine_version(
            stateMachineArn=arn)["stateMachineVersionArn"])
        listed = [v["stateMachineVersionArn"] for v in
                  self.sfn.list_state_machine_versions(stateMachineArn=arn)["stateMachineVersions"]]
        self.assertEqual([arn + ":3", arn + ":2", arn + ":1"], listed)


class AliasDates(H.ServerTestCase):
    def test_update_date_is_the_creation_date_until_the_first_update(self):
        r = self.sfn.create_state_machine(name=H.unique("ad"), definition=DEF_A, roleArn=H.ROLE_ARN, publish=True)
        alias = self.sfn.create_state_machine_alias(name="live", routingConfiguration=[
            {"stateMachineVersionArn": r["stateMachineVersionArn"], "weight": 100}])
        d = self.sfn.describe_state_machine_alias(stateMachineAliasArn=alias["stateMachineAliasArn"])
        self.assertEqual(alias["creationDate"], d["creationDate"])
        self.assertEqual(d["creationDate"], d["updateDate"])
        self.server.advance_clock(60)
        u = self.sfn.update_state_machine_alias(stateMachineAliasArn=alias["stateMachineAliasArn"],
                                                description="moved")
        d = self.sfn.describe_state_machine_alias(stateMachineAliasArn=alias["stateMachineAliasArn"])
        self.assertEqual(u["updateDate"], d["updateDate"])
        self.assertGreater(d["updateDate"], d["creationDate"])


class RedriveMembers(H.ServerTestCase):
    def test_every_execution_lists_its_redrive_count(self):
        _, arn = self.create_sm()
        ex = self.sfn.start_execution(stateMachineArn=arn)["executionArn"]
        H.wait_for_status(self.sfn, ex, "SUCCEEDED", server=self.server)
        items = self.sfn.list_executions(stateMachineArn=arn)["executions"]
        self.assertEqual([0], [e["redriveCount"] for e in items])
        d = self.sfn.describe_execution(executionArn=ex)
        self.assertEqual(0, d["redriveCount"])
        self.assertEqual("NOT_REDRIVABLE", d["redriveStatus"])
        self.assertEqual("Execution is SUCCEEDED and cannot be redriven", d["redriveStatusReason"])


class TraceHeader(H.ServerTestCase):
    def test_trace_header_is_stored_and_returned(self):
        _, arn = self.create_sm()
        header = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
        ex = self.sfn.start_execution(stateMachineArn=arn, traceHeader=header)["executionArn"]
        self.assertEqual(header, self.sfn.describe_execution(executionArn=ex)["traceHeader"])
        plain = self.sfn.start_execution(stateMachineArn=arn)["executionArn"]
        self.assertNotIn("traceHeader", self.sfn.describe_execution(executionArn=plain))
        self.server.restart()
        self.assertEqual(header, self.server.client().describe_execution(executionArn=ex)["traceHeader"])

    def test_trace_header_is_ascii(self):
        _, arn = self.create_sm()
        self.assertClientError(
            "ValidationException",
            "1 validation error detected: Value 'Root=é' at 'traceHeader' failed to satisfy constraint: "
            "Member must satisfy regular expression pattern: \\p{ASCII}*",
            self.sfn.start_execution, stateMachineArn=arn, traceHeader="Root=é")


ROLE = "arn:aws:iam::123456789012:role/lambda"
CODE = H.make_zip({"app.py": "def handler(event, context):\n    return event\n"})
DEFAULT_SETTINGS = {
    "Architectures": ["x86_64"],
    "EphemeralStorage": {"Size": 512},
    "TracingConfig": {"Mode": "PassThrough"},
    "SnapStart": {"ApplyOn": "None", "OptimizationStatus": "Off"},
}


class LambdaSettings(H.ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lam = cls.server.lambda_client()
        from botocore.config import Config
        import boto3
        cls.lam_raw = boto3.session.Session().client(
            "lambda", endpoint_url=cls.server.endpoint, region_name=H.REGION, aws_access_key_id="t",
            aws_secret_access_key="t", config=Config(retries={"total_max_attempts": 1}, parameter_validation=False))

    def create(self, client=None, **kw):
        name = H.unique("fn")
        return name, (client or self.lam).create_function(FunctionName=name, Runtime="python3.12", Handler="app.handler",
                                              Role=ROLE, Code={"ZipFile": CODE}, **kw)

    def test_defaults(self):
        name, c = self.create()
        for member, value in DEFAULT_SETTINGS.items():
            self.assertEqual(value, c[member], member)
        self.assertEqual({"LogFormat": "Text", "LogGroup": f"/aws/lambda/{name}"}, c["LoggingConfig"])
        self.assertRegex(c["RuntimeVersionConfig"]["RuntimeVersionArn"],
                         r"^arn:aws:lambda:us-east-1::runtime:[0-9a-f]{64}$")
        for absent in ("VpcConfig", "DeadLetterConfig", "KMSKeyArn", "Layers", "FileSystemConfigs"):
            self.assertNotIn(absent, c)

    def test_what_the_caller_sets_is_stored_and_returned(self):
        layer = "arn:aws:lambda:us-east-1:123456789012:layer:deps:3"
        given = {
            "Architectures": ["arm64"],
            "EphemeralStorage": {"Size": 2048},
            "TracingConfig": {"Mode": "Active"},
            "LoggingConfig": {"LogFormat": "JSON", "LogGroup": "/custom/group"},
            "DeadLetterConfig": {"TargetArn": "arn:aws:sqs:us-east-1:123456789012:dlq"},
            "KMSKeyArn": "arn:aws:kms:us-east-1:123456789012:key/abc",
            "VpcConfig": {"SubnetIds": ["subnet-1"], "SecurityGroupIds": ["sg-1"]},
            "Layers": [layer],
            "SnapStart": {"ApplyOn": "PublishedVersions"},
        }
        expected = {
            "Architectures": ["arm64"],
            "EphemeralStorage": {"Size": 2048},
            "TracingConfig": {"Mode": "Active"},
            "LoggingConfig": {"LogFormat": "JSON", "LogGroup": "/custom/group",
                              "ApplicationLogLevel": "INFO", "SystemLogLevel": "INFO"},
            "DeadLetterConfig": {"TargetArn": "arn:aws:sqs:us-east-1:123456789012:dlq"},
            "KMSKeyArn": "arn:aws:kms:us-east-1:123456789012:key/abc",
            "Layers": [{"Arn": layer, "CodeSize": 0}],
            "SnapStart": {"ApplyOn": "PublishedVersions", "OptimizationStatus": "Off"},
        }
        name, created = self.create(**given)
        answers = {"create": created, "get": self.lam.get_function_configuration(FunctionName=name),
                   "get-function": self.lam.get_function(FunctionName=name)["Configuration"]}
        for label, answer in answers.items():
            for member, value in expected.items():
                self.assertEqual(value, answer[member], (label, member))
            self.assertEqual(["subnet-1"], answer["VpcConfig"]["SubnetIds"])
        published = self.lam.publish_version(FunctionName=name)
        self.assertEqual({"ApplyOn": "PublishedVersions", "OptimizationStatus": "On"}, published["SnapStart"])
        self.assertEqual(["arm64"], published["Architectures"])
        # UpdateFunctionConfiguration replaces the members it names and keeps the others.
        updated = self.lam.update_function_configuration(FunctionName=name, TracingConfig={"Mode": "PassThrough"},
                                                         EphemeralStorage={"Size": 512})
        self.assertEqual({"Mode": "PassThrough"}, updated["TracingConfig"])
        self.assertEqual({"Size": 512}, updated["EphemeralStorage"])
        self.assertEqual(["arm64"], updated["Architectures"])
        # The published version kept its own copy.
        v1 = self.lam.get_function_configuration(FunctionName=name, Qualifier="1")
        self.assertEqual({"Mode": "Active"}, v1["TracingConfig"])

    def test_aws_errors(self):
        cases = [
            ({"Architectures": ["arm64", "x86_64"]}, "1 validation error detected: Value '[arm64, x86_64]' at "
             "'architectures' failed to satisfy constraint: Member must have length less than or equal to 1"),
            ({"Architectures": ["sparc"]}, "1 validation error detected: Value '[sparc]' at 'architectures' failed "
             "to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: "
             "[x86_64, arm64]]"),
            ({"EphemeralStorage": {"Size": 100}}, "1 validation error detected: Value '100' at "
             "'ephemeralStorage.size' failed to satisfy constraint: Member must have value greater than or "
             "equal to 512"),
            ({"TracingConfig": {"Mode": "Loud"}}, "1 validation error detected: Value 'Loud' at "
             "'tracingConfig.mode' failed to satisfy constraint: Member must satisfy enum value set: "
             "[Active, PassThrough]"),
            ({"Description": "d" * 257}, "1 validation error detected: Value '" + "d" * 257 + "' at "
             "'description' failed to satisfy constraint: Member must have length less than or equal to 256"),
        ]
        for request, message in cases:
            with self.subTest(request=request):
                with self.assertRaises(H.ClientError) as ctx:
                    self.create(client=self.lam_raw, **request)
                err = ctx.exception.response["Error"]
                self.assertEqual(("ValidationException", message), (err["Code"], err["Message"]))


if __name__ == "__main__":
    unittest.main()
