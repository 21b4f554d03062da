"""State machine lifecycle through boto3: Create/Describe/Update/Delete/List/Validate/Tags."""

import datetime as dt
import json
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class CreateStateMachine(H.ServerTestCase):
    def test_create_standard_and_describe(self):
        name = H.unique("std")
        # unusual whitespace: AWS hands the definition back exactly as it was sent
        definition = '{\n  "Comment": "c",\n  "StartAt": "P",\n  "States": {"P": {"Type": "Pass", "End": true}}\n}'
        r = self.sfn.create_state_machine(name=name, definition=definition, roleArn=H.ROLE_ARN)
        self.assertEqual(H.sm_arn(name), r["stateMachineArn"])
        self.assertIsInstance(r["creationDate"], dt.datetime)
        self.assertNotIn("stateMachineVersionArn", r)

        d = self.sfn.describe_state_machine(stateMachineArn=r["stateMachineArn"])
        self.assertEqual(H.sm_arn(name), d["stateMachineArn"])
        self.assertEqual(name, d["name"])
        self.assertEqual("ACTIVE", d["status"])
        self.assertEqual(definition, d["definition"])
        self.assertEqual(H.ROLE_ARN, d["roleArn"])
        self.assertEqual("STANDARD", d["type"])
        self.assertEqual(r["creationDate"], d["creationDate"])
        self.assertEqual({"level": "OFF", "includeExecutionData": False}, d["loggingConfiguration"])
        self.assertEqual({"enabled": False}, d["tracingConfiguration"])

    def test_create_express(self):
        name, arn = self.create_sm(type_="EXPRESS")
        self.assertEqual(H.sm_arn(name), arn)
        d = self.sfn.describe_state_machine(stateMachineArn=arn)
        self.assertEqual("EXPRESS", d["type"])

    def test_region_comes_from_sigv4_scope(self):
        name = H.unique("region")
        c = self.server.client(region="ap-southeast-2")
        r = c.create_state_machine(name=name, definition=H.PASS_DEF, roleArn=H.ROLE_ARN)
        self.assertEqual(H.sm_arn(name, region="ap-southeast-2"), r["stateMachineArn"])
        self.assertEqual(name, c.describe_state_machine(stateMachineArn=r["stateMachineArn"])["name"])

    def test_identical_create_is_idempotent(self):
        name, arn = self.create_sm()
        first = self.sfn.describe_state_machine(stateMachineArn=arn)
        again = self.sfn.create_state_machine(name=name, definition=H.PASS_DEF, roleArn=H.ROLE_ARN,
                                              type="STANDARD")
        self.assertEqual(arn, again["stateMachineArn"])
        self.assertEqual(first["creationDate"], again["creationDate"])

    def test_different_role_is_still_idempotent(self):
        # AWS: idempotency looks at name, definition, type, logging and tracing; roleArn and tags
        # differences are ignored and not applied.
        name, arn = self.create_sm()
        other_role = "arn:aws:iam::123456789012:role/other"
        again = self.sfn.create_state_machine(name=name, definition=H.PASS_DEF, roleArn=other_role)
        self.assertEqual(arn, again["stateMachineArn"])
        self.assertEqual(H.ROLE_ARN, self.sfn.describe_state_machine(stateMachineArn=arn)["roleArn"])

    def test_same_name_other_definition_already_exists(self):
        name, arn = self.create_sm()
        other = H.definition({"Q": {"Type": "Pass", "End": True}})
        self.assertClientError("StateMachineAlreadyExists", f"State Machine Already Exists: '{arn}'",
                               self.sfn.create_state_machine, name=name, definition=other, roleArn=H.ROLE_ARN)

    def test_same_name_other_type_already_exists(self):
        name, arn = self.create_sm()
        self.assertClientError("StateMachineAlreadyExists", f"State Machine Already Exists: '{arn}'",
                               self.sfn.create_state_machine, name=name, definition=H.PASS_DEF,
                               roleArn=H.ROLE_ARN, type="EXPRESS")

    def test_invalid_definition_missing_states(self):
        self.assertClientError(
            "InvalidDefinition",
            "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: [States] at /'",
            self.sfn.create_state_machine, name=H.unique("bad"), roleArn=H.ROLE_ARN,
            definition='{"Comment": "no states", "StartAt": "A"}')

    def test_invalid_definition_not_json(self):
        self.assertClientError("InvalidDefinition", re.compile(r"Invalid State Machine Definition: '.+'", re.S),
                               self.sfn.create_state_machine, name=H.unique("bad"), roleArn=H.ROLE_ARN,
                               definition="not a definition")

    def test_invalid_definition_missing_transition_target(self):
        self.assertClientError(
            "InvalidDefinition", re.compile(r"Invalid State Machine Definition: '.*MISSING_TRANSITION_TARGET.*'", re.S),
            self.sfn.create_state_machine, name=H.unique("bad"), roleArn=H.ROLE_ARN,
            definition=H.definition({"A": {"Type": "Pass", "Next": "Nowhere"}}))

    def test_invalid_definition_bad_wait_timestamp(self):
        self.assertClientError(
            "InvalidDefinition",
            "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: String does not match RFC3339 "
            "timestamp at /States/WaitUntil/Timestamp'",
            self.sfn.create_state_machine, name=H.unique("bad"), roleArn=H.ROLE_ARN,
            definition=H.definition({"WaitUntil": {"Type": "Wait", "Timestamp": "2016-13-05T21:29:29Z", "End": True}}))

    def test_invalid_names(self):
        for bad in ("has space", "star*", "slash/name", "brace{", "quote\"", "colon:name"):
            with self.subTest(name=bad):
                self.assertClientError("InvalidName", f"Invalid Name: '{bad}'", self.sfn.create_state_machine,
                                       name=bad, definition=H.PASS_DEF, roleArn=H.ROLE_ARN)

    def test_invalid_role_arn(self):
        self.assertClientError("InvalidArn", "Invalid Role Arn: 'not-an-arn'", self.sfn.create_state_machine,
                               name=H.unique("role"), definition=H.PASS_DEF, roleArn="not-an-arn")

    def test_invalid_type(self):
        self.assertClientError(
            "ValidationException",
            re.compile(r"1 validation error detected: Value 'FOO' at 'type' failed to satisfy constraint: "
                       r"Member must satisfy enum value set: \[(STANDARD, EXPRESS|EXPRESS, STANDARD)\]"),
            self.sfn.create_state_machine, name=H.unique("type"), definition=H.PASS_DEF, roleArn=H.ROLE_ARN,
            type="FOO")


class DescribeStateMachineErrors(H.ServerTestCase):
    def test_does_not_exist(self):
        arn = H.sm_arn(H.unique("nope"))
        self.assertClientError("StateMachineDoesNotExist", f"State Machine Does Not Exist: '{arn}'",
                               self.sfn.describe_state_machine, stateMachineArn=arn)

    def test_invalid_arn(self):
        self.assertClientError("InvalidArn", "Invalid Arn: 'Invalid ARN prefix: not_a_valid_arn'",
                               self.sfn.describe_state_machine, stateMachineArn="not_a_valid_arn")


class UpdateStateMachine(H.ServerTestCase):
    def test_update_makes_new_revision(self):
        name, arn = self.create_sm()
        created = self.sfn.describe_state_machine(stateMachineArn=arn)

        def1 = H.definition({"P": {"Type": "Pass", "Result": {"Arg1": "AfterUpdate1"}, "End": True}})
        u1 = self.sfn.update_state_machine(stateMachineArn=arn, definition=def1)
        self.assertRegex(u1["revisionId"], UUID_RE)
        self.assertIsInstance(u1["updateDate"], dt.datetime)
        self.assertGreaterEqual(u1["updateDate"], created["creationDate"])
        d1 = self.sfn.describe_state_machine(stateMachineArn=arn)
        self.assertEqual(def1, d1["definition"])
        self.assertEqual(u1["revisionId"], d1["revisionId"])
        self.assertEqual(created["creationDate"], d1["creationDate"])
        self.assertEqual(H.ROLE_ARN, d1["roleArn"])

        role2 = "arn:aws:iam::123456789012:role/second"
        def2 = H.definition({"P": {"Type": "Pass", "Result": {"Arg1": "AfterUpdate2"}, "End": True}})
        u2 = self.sfn.update_state_machine(stateMachineArn=arn, definition=def2, roleArn=role2)
        self.assertRegex(u2["revisionId"], UUID_RE)
        self.assertNotEqual(u1["revisionId"], u2["revisionId"])
        self.assertGreaterEqual(u2["updateDate"], u1["updateDate"])
        d2 = self.sfn.describe_state_machine(stateMachineArn=arn)
        self.assertEqual(def2, d2["definition"])
        self.assertEqual(role2, d2["roleArn"])
        self.assertEqual(u2["revisionId"], d2["revisionId"])

    def test_update_with_same_parameters_keeps_revision(self):
        name, arn = self.create_sm()
        role = "arn:aws:iam::123456789012:role/t1"
        u1 = self.sfn.update_state_machine(stateMachineArn=arn, roleArn=role)
        u2 = self.sfn.update_state_machine(stateMachineArn=arn, roleArn=role)
        self.assertEqual(u1["revisionId"], u2["revisionId"])
        self.assertEqual(u1["revisionId"], self.sfn.describe_state_machine(stateMachineArn=arn)["revisionId"])

    def test_update_without_changes_is_rejected(self):
        _, arn = self.create_sm()
        self.assertClientError(
            "MissingRequiredParameter",
            "Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified",
            self.sfn.update_state_machine, stateMachineArn=arn)

    def test_update_invalid_definition(self):
        _, arn = self.create_sm()
        self.assertClientError(
            "InvalidDefinition",
            "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: [States] at /'",
            self.sfn.update_state_machine, stateMachineArn=arn, definition='{"StartAt": "A"}')
        self.assertEqual(H.PASS_DEF, self.sfn.describe_state_machine(stateMachineArn=arn)["definition"])

    def test_update_missing_state_machine(self):
        arn = H.sm_arn(H.unique("nope"))
        self.assertClientError("StateMachineDoesNotExist", f"State Machine Does Not Exist: '{arn}'",
                               self.sfn.update_state_machine, stateMachineArn=arn, definition=H.PASS_DEF)


class DeleteStateMachine(H.ServerTestCase):
    def test_delete(self):
        name, arn = self.create_sm()
        r = self.sfn.delete_state_machine(stateMachineArn=arn)
        self.assertEqual(200, r["ResponseMetadata"]["HTTPStatusCode"])
        self.assertClientError("StateMachineDoesNotExist", f"State Machine Does Not Exist: '{arn}'",
                               self.sfn.describe_state_machine, stateMachineArn=arn)
        names = [m["name"] for m in self.sfn.list_state_machines(maxResults=1000)["stateMachines"]]
        self.assertNotIn(name, names)
        # the name can be used again
        again = self.sfn.create_state_machine(name=name, definition=H.PASS_DEF, roleArn=H.ROLE_ARN)
        self.assertEqual(arn, again["stateMachineArn"])

    def test_delete_nonexistent_is_ok(self):
        r = self.sfn.delete_state_machine(stateMachineArn=H.sm_arn(H.unique("never")))
        self.assertEqual(200, r["ResponseMetadata"]["HTTPStatusCode"])

    def test_delete_invalid_arn(self):
        self.assertClientError("InvalidArn", "Invalid Arn: 'Invalid ARN prefix: not_a_valid_arn'",
                               self.sfn.delete_state_machine, stateMachineArn="not_a_valid_arn")


class ListStateMachines(H.ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.prefix = H.unique("lst")
        # created out of name order
        cls.names = [f"{cls.prefix}-{s}" for s in ("c", "a", "e", "b", "d")]
        for n in cls.names:
            cls.sfn.create_state_machine(name=n, definition=H.PASS_DEF, roleArn=H.ROLE_ARN)

    def all_pages(self, page_size):
        items, token, pages = [], None, 0
        while True:
            kw = {"maxResults": page_size}
            if token:
                kw["nextToken"] = token
            r = self.sfn.list_state_machines(**kw)
            pages += 1
            self.assertLessEqual(len(r["stateMachines"]), page_size)
            items += r["stateMachines"]
            token = r.get("nextToken")
            if not token:
                return items, pages

    def test_items_have_aws_shape(self):
        items, _ = self.all_pages(1000)
        mine = [i for i in items if i["name"].startswith(self.prefix)]
        self.assertEqual(5, len(mine))
        for i in mine:
            self.assertEqual({"stateMachineArn", "name", "type", "creationDate"}, set(i))
            self.assertEqual(H.sm_arn(i["name"]), i["stateMachineArn"])
            self.assertEqual("STANDARD", i["type"])

    def test_sorted_by_name(self):
        items, _ = self.all_pages(1000)
        mine = [i["name"] for i in items if i["name"].startswith(self.prefix)]
        self.assertEqual(sorted(self.names), mine)

    def test_paging(self):
        full, _ = self.all_pages(1000)
        paged, pages = self.all_pages(2)
        self.assertEqual([i["stateMachineArn"] for i in full], [i["stateMachineArn"] for i in paged])
        self.assertGreaterEqual(pages, 3)
        first = self.sfn.list_state_machines(maxResults=2)
        self.assertEqual(2, len(first["stateMachines"]))
        self.assertIn("nextToken", first)

    def test_bad_token(self):
        self.assertClientError("InvalidToken", None, self.sfn.list_state_machines,
                               nextToken="this-is-not-a-token")

    def test_max_results_too_large(self):
        self.assertClientError(
            "ValidationException",
            "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: "
            "Member must have value less than or equal to 1000",
            self.sfn.list_state_machines, maxResults=1001)


class ValidateDefinition(H.ServerTestCase):
    def test_valid(self):
        r = self.sfn.validate_state_machine_definition(definition=H.PASS_DEF, type="STANDARD")
        self.assertEqual("OK", r["result"])
        self.assertEqual([], r["diagnostics"])
        self.assertFalse(r["truncated"])

    def test_missing_start_at(self):
        r = self.sfn.validate_state_machine_definition(
            definition='{"States": {"StartState": {"Type": "Pass", "End": true}}}', type="EXPRESS")
        self.assertEqual("FAIL", r["result"])
        self.assertFalse(r["truncated"])
        self.assertEqual([{"severity": "ERROR", "code": "SCHEMA_VALIDATION_FAILED",
                           "message": "These fields are required: [StartAt]", "location": "/"}], r["diagnostics"])

    def test_empty_object(self):
        r = self.sfn.validate_state_machine_definition(definition="{}")
        self.assertEqual("FAIL", r["result"])
        self.assertEqual([{"severity": "ERROR", "code": "SCHEMA_VALIDATION_FAILED",
                           "message": "These fields are required: [States, StartAt]", "location": "/"}],
                         r["diagnostics"])

    def test_validate_does_not_create(self):
        before = self.sfn.list_state_machines(maxResults=1000)["stateMachines"]
        self.sfn.validate_state_machine_definition(definition=H.PASS_DEF)
        self.assertEqual(before, self.sfn.list_state_machines(maxResults=1000)["stateMachines"])


class Tags(H.ServerTestCase):
    def test_tag_list_untag(self):
        _, arn = self.create_sm()
        self.assertEqual([], self.sfn.list_tags_for_resource(resourceArn=arn)["tags"])
        self.sfn.tag_resource(resourceArn=arn, tags=[{"key": "k1", "value": "v1"}, {"key": "k2", "value": "v2"}])
        tags = self.sfn.list_tags_for_resource(resourceArn=arn)["tags"]
        self.assertEqual([{"key": "k1", "value": "v1"}, {"key": "k2", "value": "v2"}],
                         sorted(tags, key=lambda t: t["key"]))
        # re-tagging a key replaces its value
        self.sfn.tag_resource(resourceArn=arn, tags=[{"key": "k1", "value": "new"}])
        tags = self.sfn.list_tags_for_resource(resourceArn=arn)["tags"]
        self.assertEqual([{"key": "k1", "value": "new"}, {"key": "k2", "value": "v2"}],
                         sorted(tags, key=lambda t: t["key"]))
        self.sfn.untag_resource(resourceArn=arn, tagKeys=["k1", "not-there"])
        self.assertEqual([{"key": "k2", "value": "v2"}], self.sfn.list_tags_for_resource(resourceArn=arn)["tags"])

    def test_empty_value(self):
        _, arn = self.create_sm()
        self.sfn.tag_resource(resourceArn=arn, tags=[{"key": "key1", "value": ""}])
        self.assertEqual([{"key": "key1", "value": ""}], self.sfn.list_tags_for_resource(resourceArn=arn)["tags"])

    def test_tags_at_create(self):
        _, arn = self.create_sm(tags=[{"key": "team", "value": "blue"}])
        self.assertEqual([{"key": "team", "value": "blue"}], self.sfn.list_tags_for_resource(resourceArn=arn)["tags"])

    def test_unknown_resource(self):
        arn = H.sm_arn(H.unique("nope"))
        self.assertClientError("ResourceNotFound", f"Resource not found: '{arn}'", self.sfn.tag_resource,
                               resourceArn=arn, tags=[{"key": "k", "value": "v"}])
        self.assertClientError("ResourceNotFound", f"Resource not found: '{arn}'",
                               self.sfn.list_tags_for_resource, resourceArn=arn)


if __name__ == "__main__":
    unittest.main(verbosity=2)
