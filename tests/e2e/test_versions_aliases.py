"""State machine versions and aliases end to end (issue 5): PublishStateMachineVersion,
ListStateMachineVersions, DeleteStateMachineVersion, the alias operations, publish on
Create/UpdateStateMachine, and StartExecution / ListExecutions / DescribeStateMachine on version
and alias ARNs, through boto3 and the AWS CLI. Messages are the ones AWS answers (recorded where a
recording exists)."""

import json
import os
import re
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

DEF_A = H.definition({"P": {"Type": "Pass", "Result": "A", "End": True}})
DEF_B = H.definition({"P": {"Type": "Pass", "Result": "B", "End": True}})
DEF_C = H.definition({"P": {"Type": "Pass", "Result": "C", "End": True}})
WAIT_THEN = lambda tag: H.definition({  # noqa: E731
    "W": {"Type": "Wait", "Seconds": 3600, "Next": "P"},
    "P": {"Type": "Pass", "Result": tag, "End": True}})


def routing(*pairs):
    return [{"stateMachineVersionArn": arn, "weight": w} for arn, w in pairs]


class Versions(H.ServerTestCase):
    def machine(self, definition_text=DEF_A, **kw):
        name = H.unique("ver")
        r = self.sfn.create_state_machine(name=name, definition=definition_text, roleArn=H.ROLE_ARN,
                                          **kw)
        return name, r

    def test_create_with_publish_and_describe_version(self):
        name, r = self.machine(publish=True, versionDescription="first cut")
        arn = r["stateMachineArn"]
        self.assertEqual(arn + ":1", r["stateMachineVersionArn"])
        d = self.sfn.describe_state_machine(stateMachineArn=arn + ":1")
        self.assertEqual(arn + ":1", d["stateMachineArn"])
        self.assertEqual("first cut", d["description"])
        self.assertEqual(DEF_A, d["definition"])
        self.assertEqual(name, d["name"])
        self.assertEqual("ACTIVE", d["status"])
        # Never updated: AWS shows no revisionId, on the head or its versions (recorded).
        self.assertNotIn("revisionId", d)
        head = self.sfn.describe_state_machine(stateMachineArn=arn)
        self.assertNotIn("description", head)
        self.assertNotIn("revisionId", head)

    def test_create_without_publish_has_no_version(self):
        _, r = self.machine()
        self.assertNotIn("stateMachineVersionArn", r)
        self.assertEqual([], self.sfn.list_state_machine_versions(
            stateMachineArn=r["stateMachineArn"])["stateMachineVersions"])

    def test_version_description_without_publish(self):
        self.assertClientError("ValidationException",
                               "Version description can only be set when publish is true",
                               self.sfn.create_state_machine, name=H.unique("ver"),
                               definition=DEF_A, roleArn=H.ROLE_ARN, versionDescription="x")
        _, r = self.machine()
        self.assertClientError("ValidationException",
                               "Version description can only be set when publish is true",
                               self.sfn.update_state_machine, stateMachineArn=r["stateMachineArn"],
                               definition=DEF_B, versionDescription="x")

    def test_update_with_publish_and_idempotent_publish(self):
        _, r = self.machine()
        arn = r["stateMachineArn"]
        u1 = self.sfn.update_state_machine(stateMachineArn=arn, definition=DEF_B, publish=True,
                                           versionDescription="b")
        self.assertEqual(arn + ":1", u1["stateMachineVersionArn"])
        # Publishing the unchanged revision with the same description answers the existing
        # version (AWS: "Requests with the same parameters return a successful idempotent
        # response"); without one it is another request, hence version 2, answered from then on.
        u2 = self.sfn.update_state_machine(stateMachineArn=arn, publish=True, versionDescription="b")
        self.assertEqual(arn + ":1", u2["stateMachineVersionArn"])
        p = self.sfn.publish_state_machine_version(stateMachineArn=arn, description="b")
        self.assertEqual(arn + ":1", p["stateMachineVersionArn"])
        p2 = self.sfn.publish_state_machine_version(stateMachineArn=arn, revisionId=u1["revisionId"])
        self.assertEqual(arn + ":2", p2["stateMachineVersionArn"])
        u3 = self.sfn.update_state_machine(stateMachineArn=arn, publish=True)
        self.assertEqual(arn + ":2", u3["stateMachineVersionArn"])
        self.assertEqual(2, len(self.sfn.list_state_machine_versions(
            stateMachineArn=arn)["stateMachineVersions"]))

    def test_publish_revision_precondition(self):
        _, r = self.machine()
        arn = r["stateMachineArn"]
        # INITIAL names the revision of a state machine never updated.
        self.assertEqual(arn + ":1", self.sfn.publish_state_machine_version(
            stateMachineArn=arn, revisionId="INITIAL")["stateMachineVersionArn"])
        u = self.sfn.update_state_machine(stateMachineArn=arn, definition=DEF_B)
        self.assertClientError(
            "ConflictException",
            f"Failed to publish the State Machine version for revision INITIAL. "
            f"The current State Machine revision is {u['revisionId']}.",
            self.sfn.publish_state_machine_version, stateMachineArn=arn, revisionId="INITIAL")
        self.assertClientError(
            "ConflictException",
            f"Failed to publish the State Machine version for revision stale. "
            f"The current State Machine revision is {u['revisionId']}.",
            self.sfn.publish_state_machine_version, stateMachineArn=arn, revisionId="stale")
        p = self.sfn.publish_state_machine_version(stateMachineArn=arn, revisionId=u["revisionId"],
                                                   description="second")
        self.assertEqual(arn + ":2", p["stateMachineVersionArn"])
        self.assertEqual("second", self.sfn.describe_state_machine(
            stateMachineArn=arn + ":2")["description"])

    def test_publish_errors(self):
        missing = H.sm_arn(H.unique("nope"))
        self.assertClientError("StateMachineDoesNotExist", f"State Machine Does Not Exist: '{missing}'",
                               self.sfn.publish_state_machine_version, stateMachineArn=missing)
        self.assertClientError("InvalidArn", "Invalid Arn: 'Invalid ARN prefix: nope'",
                               self.sfn.publish_state_machine_version, stateMachineArn="nope")
        _, r = self.machine()
        self.assertClientError(
            "ValidationException",
            re.compile(r"1 validation error detected: Value '.*' at 'description' failed to satisfy "
                       r"constraint: Member must have length less than or equal to 256"),
            self.sfn.publish_state_machine_version, stateMachineArn=r["stateMachineArn"],
            description="x" * 257)

    def test_list_newest_first_paging_and_numbers_never_reused(self):
        _, r = self.machine(publish=True)
        arn = r["stateMachineArn"]
        for d in (DEF_B, DEF_C):
            self.sfn.update_state_machine(stateMachineArn=arn, definition=d, publish=True)
        listed = self.sfn.list_state_machine_versions(stateMachineArn=arn)["stateMachineVersions"]
        self.assertEqual([arn + ":3", arn + ":2", arn + ":1"],
                         [v["stateMachineVersionArn"] for v in listed])
        page1 = self.sfn.list_state_machine_versions(stateMachineArn=arn, maxResults=2)
        self.assertEqual(2, len(page1["stateMachineVersions"]))
        page2 = self.sfn.list_state_machine_versions(stateMachineArn=arn, maxResults=2,
                                                     nextToken=page1["nextToken"])
        self.assertEqual([arn + ":1"], [v["stateMachineVersionArn"] for v in page2["stateMachineVersions"]])
        self.assertNotIn("nextToken", page2)
        self.assertClientError("InvalidToken", None, self.sfn.list_state_machine_versions,
                               stateMachineArn=arn, nextToken="garbage")
        # Delete the newest; the next publish takes 4, never 3 again.
        self.sfn.delete_state_machine_version(stateMachineVersionArn=arn + ":3")
        self.sfn.delete_state_machine_version(stateMachineVersionArn=arn + ":3")  # already gone: ok
        self.assertClientError("StateMachineDoesNotExist", f"State Machine Does Not Exist: '{arn}:3'",
                               self.sfn.describe_state_machine, stateMachineArn=arn + ":3")
        self.sfn.update_state_machine(stateMachineArn=arn, definition=DEF_A)
        self.assertEqual(arn + ":4", self.sfn.publish_state_machine_version(
            stateMachineArn=arn)["stateMachineVersionArn"])

    def test_delete_version_errors(self):
        self.assertClientError("InvalidArn", None, self.sfn.delete_state_machine_version,
                               stateMachineVersionArn="arn:aws:states:us-east-1:123456789012:execution:a:b")
        _, r = self.machine()
        self.assertClientError("InvalidArn", f"Invalid Arn: '{r['stateMachineArn']}'",
                               self.sfn.delete_state_machine_version,
                               stateMachineVersionArn=r["stateMachineArn"])

    def test_start_on_version_runs_its_revision(self):
        _, r = self.machine(publish=True)
        arn = r["stateMachineArn"]
        self.sfn.update_state_machine(stateMachineArn=arn, definition=DEF_B)
        on_v1 = self.sfn.start_execution(stateMachineArn=arn + ":1", name="on-v1")["executionArn"]
        latest = self.sfn.start_execution(stateMachineArn=arn, name="latest")["executionArn"]
        d1 = H.wait_for_status(self.sfn, on_v1, server=self.server)
        d2 = H.wait_for_status(self.sfn, latest, server=self.server)
        self.assertEqual('"A"', d1["output"])
        self.assertEqual(arn + ":1", d1["stateMachineVersionArn"])
        self.assertEqual(arn, d1["stateMachineArn"])
        self.assertNotIn("stateMachineAliasArn", d1)
        self.assertEqual('"B"', d2["output"])
        self.assertNotIn("stateMachineVersionArn", d2)
        started = H.full_history(self.sfn, on_v1)[0]["executionStartedEventDetails"]
        self.assertEqual(arn + ":1", started["stateMachineVersionArn"])
        self.assertEqual(DEF_A, self.sfn.describe_state_machine_for_execution(
            executionArn=on_v1)["definition"])
        by_version = self.sfn.list_executions(stateMachineArn=arn + ":1")["executions"]
        self.assertEqual([on_v1], [e["executionArn"] for e in by_version])
        self.assertEqual({on_v1, latest}, {e["executionArn"] for e in self.sfn.list_executions(
            stateMachineArn=arn)["executions"]})
        self.assertClientError("StateMachineDoesNotExist", f"State Machine Does Not Exist: '{arn}:9'",
                               self.sfn.start_execution, stateMachineArn=arn + ":9")

    def test_delete_state_machine_deletes_versions_and_aliases(self):
        name, r = self.machine(publish=True)
        arn = r["stateMachineArn"]
        self.sfn.create_state_machine_alias(name="live", routingConfiguration=routing((arn + ":1", 100)))
        self.sfn.delete_state_machine(stateMachineArn=arn)
        self.assertEqual([], self.sfn.list_state_machine_versions(stateMachineArn=arn)["stateMachineVersions"])
        self.assertClientError("ResourceNotFound", "Request references a resource that does not exist.",
                               self.sfn.describe_state_machine_alias, stateMachineAliasArn=arn + ":live")
        # Re-created under the same name, it starts afresh.
        self.sfn.create_state_machine(name=name, definition=DEF_B, roleArn=H.ROLE_ARN)
        self.assertEqual(arn + ":1", self.sfn.publish_state_machine_version(
            stateMachineArn=arn)["stateMachineVersionArn"])
        self.assertEqual([], self.sfn.list_state_machine_aliases(stateMachineArn=arn)["stateMachineAliases"])

    def test_list_state_machines_unchanged(self):
        name, r = self.machine(publish=True)
        names = [m["name"] for m in self.sfn.list_state_machines()["stateMachines"]]
        self.assertEqual(1, names.count(name))


class Aliases(H.ServerTestCase):
    def setUp(self):
        name = H.unique("al")
        r = self.sfn.create_state_machine(name=name, definition=DEF_A, roleArn=H.ROLE_ARN, publish=True)
        self.arn = r["stateMachineArn"]
        self.v1 = r["stateMachineVersionArn"]
        self.v2 = self.sfn.update_state_machine(stateMachineArn=self.arn, definition=DEF_B,
                                                publish=True)["stateMachineVersionArn"]

    def test_lifecycle(self):
        c = self.sfn.create_state_machine_alias(name="prod", description="production",
                                                routingConfiguration=routing((self.v1, 100)))
        alias = self.arn + ":prod"
        self.assertEqual(alias, c["stateMachineAliasArn"])
        # Idempotent with identical configuration.
        again = self.sfn.create_state_machine_alias(name="prod", description="production",
                                                    routingConfiguration=routing((self.v1, 100)))
        self.assertEqual(c["creationDate"], again["creationDate"])
        conflict = ("Failed to create alias because an alias with the same name and a different "
                    "routing configuration already exists.")
        self.assertClientError("ConflictException", conflict, self.sfn.create_state_machine_alias,
                               name="prod", description="production",
                               routingConfiguration=routing((self.v2, 100)))
        self.assertClientError("ConflictException", conflict, self.sfn.create_state_machine_alias,
                               name="prod", description="other",
                               routingConfiguration=routing((self.v1, 100)))
        d = self.sfn.describe_state_machine_alias(stateMachineAliasArn=alias)
        self.assertEqual("prod", d["name"])
        self.assertEqual("production", d["description"])
        self.assertEqual(routing((self.v1, 100)), d["routingConfiguration"])
        # AWS returns updateDate always: the creation date until the first update.
        self.assertEqual(d["creationDate"], d["updateDate"])
        u = self.sfn.update_state_machine_alias(stateMachineAliasArn=alias,
                                                routingConfiguration=routing((self.v1, 30), (self.v2, 70)))
        self.assertIn("updateDate", u)
        d = self.sfn.describe_state_machine_alias(stateMachineAliasArn=alias)
        self.assertEqual(routing((self.v1, 30), (self.v2, 70)), d["routingConfiguration"])
        self.assertEqual("production", d["description"])
        self.sfn.update_state_machine_alias(stateMachineAliasArn=alias, description="new")
        self.assertEqual("new", self.sfn.describe_state_machine_alias(
            stateMachineAliasArn=alias)["description"])
        self.sfn.create_state_machine_alias(name="beta", routingConfiguration=routing((self.v2, 100)))
        listed = self.sfn.list_state_machine_aliases(stateMachineArn=self.arn)["stateMachineAliases"]
        self.assertEqual([alias, self.arn + ":beta"], [a["stateMachineAliasArn"] for a in listed])
        page = self.sfn.list_state_machine_aliases(stateMachineArn=self.arn, maxResults=1)
        self.assertEqual([alias], [a["stateMachineAliasArn"] for a in page["stateMachineAliases"]])
        page2 = self.sfn.list_state_machine_aliases(stateMachineArn=self.arn, maxResults=1,
                                                    nextToken=page["nextToken"])
        self.assertEqual([self.arn + ":beta"], [a["stateMachineAliasArn"] for a in page2["stateMachineAliases"]])
        self.assertNotIn("nextToken", page2)
        # A version ARN lists the aliases routing to it.
        self.sfn.update_state_machine_alias(stateMachineAliasArn=alias,
                                            routingConfiguration=routing((self.v1, 100)))
        by_v1 = self.sfn.list_state_machine_aliases(stateMachineArn=self.v1)["stateMachineAliases"]
        self.assertEqual([alias], [a["stateMachineAliasArn"] for a in by_v1])
        # A version an alias routes to cannot be deleted.
        self.assertClientError(
            "ConflictException",
            "Version to be deleted must not be referenced by an alias. Current list of aliases "
            "referencing this version: [prod]",
            self.sfn.delete_state_machine_version, stateMachineVersionArn=self.v1)
        self.sfn.delete_state_machine_alias(stateMachineAliasArn=alias)
        self.sfn.delete_state_machine_alias(stateMachineAliasArn=alias)  # already gone: ok
        self.assertClientError("ResourceNotFound", "Request references a resource that does not exist.",
                               self.sfn.describe_state_machine_alias, stateMachineAliasArn=alias)
        self.sfn.delete_state_machine_version(stateMachineVersionArn=self.v1)

    def test_validation(self):
        v1, v2 = self.v1, self.v2
        cases = [
            (routing((v1, 70), (v2, 29)), "Sum of routing configuration weights must equal 100. Received: [70, 29]"),
            (routing((v1, 70), (v2, 31)), "Sum of routing configuration weights must equal 100. Received: [70, 31]"),
            (routing((v1, 50), (v1, 50)),
             f"Routing configuration must contain distinct state machine version ARNs. Received: [{v1}, {v1}]"),
            (routing((self.arn, 50), (v2, 50)),
             f"Routing configuration must contain state machine version ARNs. Received: [{self.arn}, {v2}]"),
            (routing((v1, 101)),
             "1 validation error detected: Value '101' at 'routingConfiguration.1.member.weight' failed to "
             "satisfy constraint: Member must have value less than or equal to 100"),
            (routing((v1, 50), (v2, 30), (self.arn + ":3", 20)),
             "1 validation error detected: Value '[RoutingConfigurationListItem(stateMachineVersionArn="
             f"{v1}, weight=50), RoutingConfigurationListItem(stateMachineVersionArn={v2}, weight=30), "
             f"RoutingConfigurationListItem(stateMachineVersionArn={self.arn}:3, weight=20)]' at "
             "'routingConfiguration' failed to satisfy constraint: Member must have length less than or "
             "equal to 2"),
        ]
        for config, message in cases:
            with self.subTest(message=message):
                self.assertClientError("ValidationException", message,
                                       self.sfn.create_state_machine_alias, name="a1",
                                       routingConfiguration=config)
        pattern = r"^(?=.*[a-zA-Z_\-\.])[a-zA-Z0-9_\-\.]+$"
        for bad in ("123", "INVALID ALIAS", "!INVALID", "ALIAS@"):
            with self.subTest(name=bad):
                self.assertClientError(
                    "ValidationException",
                    f"1 validation error detected: Value '{bad}' at 'name' failed to satisfy constraint: "
                    f"Member must satisfy regular expression pattern: {pattern}",
                    self.sfn.create_state_machine_alias, name=bad, routingConfiguration=routing((v1, 100)))
        self.assertClientError(
            "ValidationException",
            f"1 validation error detected: Value '{'A' * 81}' at 'name' failed to satisfy constraint: "
            "Member must have length less than or equal to 80",
            self.sfn.create_state_machine_alias, name="A" * 81, routingConfiguration=routing((v1, 100)))
        self.assertClientError("ResourceNotFound", "Request references a resource that does not exist.",
                               self.sfn.create_state_machine_alias, name="a1",
                               routingConfiguration=routing((self.arn + ":99", 100)))
        other = self.sfn.create_state_machine(name=H.unique("other"), definition=DEF_A, roleArn=H.ROLE_ARN,
                                              publish=True)["stateMachineVersionArn"]
        self.assertClientError("ValidationException", re.compile(r"Routing configuration must contain .*"),
                               self.sfn.create_state_machine_alias, name="a1",
                               routingConfiguration=routing((v1, 50), (other, 50)))

    def test_alias_errors(self):
        missing = self.arn + ":missing"
        not_found = "Request references a resource that does not exist."
        self.assertClientError("ResourceNotFound", not_found, self.sfn.update_state_machine_alias,
                               stateMachineAliasArn=missing, description="x")
        self.assertClientError("ResourceNotFound", not_found, self.sfn.describe_state_machine_alias,
                               stateMachineAliasArn=missing)
        self.assertClientError("InvalidArn", f"Invalid Arn: '{self.v1}'", self.sfn.describe_state_machine_alias,
                               stateMachineAliasArn=self.v1)
        self.assertClientError("InvalidArn", "Invalid Arn: 'Invalid ARN prefix: nope'",
                               self.sfn.delete_state_machine_alias, stateMachineAliasArn="nope")
        gone = H.sm_arn(H.unique("gone"))
        self.assertClientError("StateMachineDoesNotExist", f"State Machine Does Not Exist: '{gone}'",
                               self.sfn.list_state_machine_aliases, stateMachineArn=gone)
        self.sfn.create_state_machine_alias(name="e", routingConfiguration=routing((self.v1, 100)))
        self.assertClientError("ValidationException", None, self.sfn.update_state_machine_alias,
                               stateMachineAliasArn=self.arn + ":e")
        self.assertClientError("ResourceNotFound", not_found, self.sfn.update_state_machine_alias,
                               stateMachineAliasArn=self.arn + ":e",
                               routingConfiguration=routing((self.arn + ":42", 100)))
        self.assertClientError("StateMachineDoesNotExist", f"State Machine Does Not Exist: '{missing}'",
                               self.sfn.start_execution, stateMachineArn=missing)

    def test_start_through_alias(self):
        alias = self.sfn.create_state_machine_alias(
            name="live", routingConfiguration=routing((self.v1, 100)))["stateMachineAliasArn"]
        e = self.sfn.start_execution(stateMachineArn=alias, name="via-alias")["executionArn"]
        d = H.wait_for_status(self.sfn, e, server=self.server)
        self.assertEqual('"A"', d["output"])
        self.assertEqual(alias, d["stateMachineAliasArn"])
        self.assertEqual(self.v1, d["stateMachineVersionArn"])
        started = H.full_history(self.sfn, e)[0]["executionStartedEventDetails"]
        self.assertEqual(alias, started["stateMachineAliasArn"])
        self.assertEqual(self.v1, started["stateMachineVersionArn"])
        direct = self.sfn.start_execution(stateMachineArn=self.v1, name="direct")["executionArn"]
        H.wait_for_status(self.sfn, direct, server=self.server)
        by_alias = self.sfn.list_executions(stateMachineArn=alias)["executions"]
        self.assertEqual([e], [x["executionArn"] for x in by_alias])
        self.assertEqual(alias, by_alias[0]["stateMachineAliasArn"])
        by_version = self.sfn.list_executions(stateMachineArn=self.v1)["executions"]
        self.assertEqual({e, direct}, {x["executionArn"] for x in by_version})
        self.assertEqual(DEF_A, self.sfn.describe_state_machine_for_execution(executionArn=e)["definition"])


class StartsAfterChanges(H.ServerTestCase):
    """StartExecution caches what an ARN starts (control/start_targets.h): a start right after
    UpdateStateMachine, PublishStateMachineVersion, an alias's create / update / delete, or
    DeleteStateMachine and a new machine of the same name, runs what the change made. Every ARN
    is started once before each change, so the change must replace what was cached."""

    def run_on(self, arn, name):
        e = self.sfn.start_execution(stateMachineArn=arn, name=name)["executionArn"]
        return H.wait_for_status(self.sfn, e, server=self.server)

    def test_start_right_after_each_change(self):
        name = H.unique("changes")
        r = self.sfn.create_state_machine(name=name, definition=DEF_A, roleArn=H.ROLE_ARN, publish=True)
        arn, v1 = r["stateMachineArn"], r["stateMachineVersionArn"]
        alias = self.sfn.create_state_machine_alias(
            name="live", routingConfiguration=routing((v1, 100)))["stateMachineAliasArn"]
        self.assertEqual('"A"', self.run_on(arn, "head-1")["output"])
        self.assertEqual('"A"', self.run_on(v1, "v1-1")["output"])
        self.assertEqual('"A"', self.run_on(alias, "alias-1")["output"])

        # UpdateStateMachine: the head runs the new definition (and role) at once; v1 stays.
        role2 = H.ROLE_ARN + "-2"
        self.sfn.update_state_machine(stateMachineArn=arn, definition=DEF_B, roleArn=role2)
        head = self.run_on(arn, "head-2")
        self.assertEqual('"B"', head["output"])
        started = H.full_history(self.sfn, head["executionArn"])[0]["executionStartedEventDetails"]
        self.assertEqual(role2, started["roleArn"])
        self.assertEqual(DEF_B, self.sfn.describe_state_machine_for_execution(
            executionArn=head["executionArn"])["definition"])
        self.assertEqual('"A"', self.run_on(v1, "v1-2")["output"])
        self.assertEqual('"A"', self.run_on(alias, "alias-2")["output"])

        # PublishStateMachineVersion: version 2 starts at once (it did not exist before).
        self.assertClientError("StateMachineDoesNotExist", f"State Machine Does Not Exist: '{arn}:2'",
                               self.sfn.start_execution, stateMachineArn=arn + ":2")
        v2 = self.sfn.publish_state_machine_version(stateMachineArn=arn)["stateMachineVersionArn"]
        self.assertEqual(arn + ":2", v2)
        on_v2 = self.run_on(v2, "v2-1")
        self.assertEqual('"B"', on_v2["output"])
        self.assertEqual(v2, on_v2["stateMachineVersionArn"])

        # UpdateStateMachineAlias: the alias routes to v2 from the next start.
        self.sfn.update_state_machine_alias(stateMachineAliasArn=alias, routingConfiguration=routing((v2, 100)))
        via = self.run_on(alias, "alias-3")
        self.assertEqual('"B"', via["output"])
        self.assertEqual(v2, via["stateMachineVersionArn"])
        self.assertEqual(alias, via["stateMachineAliasArn"])

        # Update with publish: the head and the new version 3 at once.
        v3 = self.sfn.update_state_machine(stateMachineArn=arn, definition=DEF_C,
                                           publish=True)["stateMachineVersionArn"]
        self.assertEqual('"C"', self.run_on(arn, "head-3")["output"])
        self.assertEqual('"C"', self.run_on(v3, "v3-1")["output"])

        # DeleteStateMachineAlias: starting through it fails at once; a new alias of the same
        # name routes where it says.
        self.sfn.delete_state_machine_alias(stateMachineAliasArn=alias)
        self.assertClientError("StateMachineDoesNotExist", f"State Machine Does Not Exist: '{alias}'",
                               self.sfn.start_execution, stateMachineArn=alias)
        self.sfn.create_state_machine_alias(name="live", routingConfiguration=routing((v3, 100)))
        self.assertEqual('"C"', self.run_on(alias, "alias-4")["output"])

        # DeleteStateMachine, then a new machine of the same name: nothing of the old one starts.
        self.sfn.delete_state_machine(stateMachineArn=arn)
        for gone in (arn, v1, v2, alias):
            self.assertClientError("StateMachineDoesNotExist", f"State Machine Does Not Exist: '{gone}'",
                                   self.sfn.start_execution, stateMachineArn=gone)
        self.sfn.create_state_machine(name=name, definition=DEF_B, roleArn=H.ROLE_ARN)
        self.assertEqual('"B"', self.run_on(arn, "head-4")["output"])
        self.assertClientError("StateMachineDoesNotExist", f"State Machine Does Not Exist: '{v1}'",
                               self.sfn.start_execution, stateMachineArn=v1)


class AliasMoveInFlight(H.ServerTestCase):
    """An execution started through an alias keeps its version when the alias moves, and across a
    restart (manual clock, so the Wait stays pending until the test advances time)."""

    CLOCK = "manual"

    def test_execution_stays_on_its_version(self):
        name = H.unique("move")
        r = self.sfn.create_state_machine(name=name, definition=WAIT_THEN("blue"), roleArn=H.ROLE_ARN,
                                          publish=True)
        arn, v1 = r["stateMachineArn"], r["stateMachineVersionArn"]
        v2 = self.sfn.update_state_machine(stateMachineArn=arn, definition=WAIT_THEN("green"),
                                           publish=True)["stateMachineVersionArn"]
        alias = self.sfn.create_state_machine_alias(
            name="live", routingConfiguration=routing((v1, 100)))["stateMachineAliasArn"]
        blue = self.sfn.start_execution(stateMachineArn=alias, name="blue")["executionArn"]
        self.assertEqual("RUNNING", self.sfn.describe_execution(executionArn=blue)["status"])
        self.sfn.update_state_machine_alias(stateMachineAliasArn=alias, routingConfiguration=routing((v2, 100)))
        green = self.sfn.start_execution(stateMachineArn=alias, name="green")["executionArn"]
        # Both stay on their versions across a kill -9 and restart mid-wait.
        self.server.restart(hard=True)
        sfn = self.server.client()
        self.server.advance_clock(3600)
        d_blue = H.wait_for_status(sfn, blue, server=self.server)
        d_green = H.wait_for_status(sfn, green, server=self.server)
        self.assertEqual('"blue"', d_blue["output"])
        self.assertEqual(v1, d_blue["stateMachineVersionArn"])
        self.assertEqual('"green"', d_green["output"])
        self.assertEqual(v2, d_green["stateMachineVersionArn"])
        self.assertEqual(alias, d_blue["stateMachineAliasArn"])


def weighted_split(seed):
    """Starts 40 named executions through a 50/50 alias on a fresh server with --seed; returns
    the version each ran."""
    srv = H.Server(extra_args=["--seed", str(seed)])
    try:
        srv.start()
        sfn = srv.client()
        r = sfn.create_state_machine(name="split", definition=DEF_A, roleArn=H.ROLE_ARN, publish=True)
        v2 = sfn.update_state_machine(stateMachineArn=r["stateMachineArn"], definition=DEF_B,
                                      publish=True)["stateMachineVersionArn"]
        alias = sfn.create_state_machine_alias(
            name="canary", routingConfiguration=routing((r["stateMachineVersionArn"], 50), (v2, 50)))
        out = []
        for i in range(40):
            e = sfn.start_execution(stateMachineArn=alias["stateMachineAliasArn"], name=f"e{i}")
            out.append(sfn.describe_execution(executionArn=e["executionArn"])["stateMachineVersionArn"])
        srv.stop()
        return out
    finally:
        srv.cleanup()


class SeededSplit(unittest.TestCase):
    def test_same_seed_same_split(self):
        first = weighted_split(1234)
        second = weighted_split(1234)
        self.assertEqual(first, second)
        # Both versions get traffic (40 fair draws all landing on one side: p < 1e-11).
        self.assertEqual(2, len(set(first)))


class Restart(unittest.TestCase):
    def test_versions_and_aliases_survive_restart(self):
        srv = H.Server()
        self.addCleanup(srv.cleanup)
        srv.start()
        sfn = srv.client()
        r = sfn.create_state_machine(name="kept", definition=DEF_A, roleArn=H.ROLE_ARN, publish=True,
                                     versionDescription="v1")
        arn, v1 = r["stateMachineArn"], r["stateMachineVersionArn"]
        sfn.update_state_machine(stateMachineArn=arn, definition=DEF_B, publish=True)
        sfn.delete_state_machine_version(stateMachineVersionArn=arn + ":2")
        sfn.create_state_machine_alias(name="live", description="d", routingConfiguration=routing((v1, 100)))
        before = sfn.describe_state_machine_alias(stateMachineAliasArn=arn + ":live")
        srv.restart(hard=True)
        sfn = srv.client()
        self.assertEqual([v1], [v["stateMachineVersionArn"] for v in
                                sfn.list_state_machine_versions(stateMachineArn=arn)["stateMachineVersions"]])
        self.assertEqual("v1", sfn.describe_state_machine(stateMachineArn=v1)["description"])
        after = sfn.describe_state_machine_alias(stateMachineAliasArn=arn + ":live")
        strip = lambda d: {k: v for k, v in d.items() if k != "ResponseMetadata"}  # noqa: E731
        self.assertEqual(strip(before), strip(after))
        e = sfn.start_execution(stateMachineArn=arn + ":live", name="after-restart")["executionArn"]
        self.assertEqual('"A"', H.wait_for_status(sfn, e, server=srv)["output"])
        # The deleted number 2 stays retired across the restart.
        self.assertEqual(arn + ":3", sfn.publish_state_machine_version(stateMachineArn=arn)["stateMachineVersionArn"])


class Cli(H.ServerTestCase):
    def test_blue_green_flow_through_the_cli(self):
        srv = self.server
        name = H.unique("cli")
        created = srv.aws("stepfunctions", "create-state-machine", "--name", name, "--definition", DEF_A,
                          "--role-arn", H.ROLE_ARN, "--publish", "--version-description", "blue")
        self.assertTrue(created.ok, created)
        arn, v1 = created.json["stateMachineArn"], created.json["stateMachineVersionArn"]
        updated = srv.aws("stepfunctions", "update-state-machine", "--state-machine-arn", arn,
                          "--definition", DEF_B)
        self.assertTrue(updated.ok, updated)
        published = srv.aws("stepfunctions", "publish-state-machine-version", "--state-machine-arn", arn,
                            "--revision-id", updated.json["revisionId"], "--description", "green")
        self.assertTrue(published.ok, published)
        v2 = published.json["stateMachineVersionArn"]
        self.assertEqual(arn + ":2", v2)
        alias = srv.aws("stepfunctions", "create-state-machine-alias", "--name", "prod",
                        "--routing-configuration", json.dumps(routing((v1, 100))))
        self.assertTrue(alias.ok, alias)
        alias_arn = alias.json["stateMachineAliasArn"]
        moved = srv.aws("stepfunctions", "update-state-machine-alias", "--state-machine-alias-arn", alias_arn,
                        "--routing-configuration", f"stateMachineVersionArn={v2},weight=100")
        self.assertTrue(moved.ok, moved)
        described = srv.aws("stepfunctions", "describe-state-machine-alias", "--state-machine-alias-arn",
                            alias_arn)
        self.assertEqual(routing((v2, 100)), described.json["routingConfiguration"])
        started = srv.aws("stepfunctions", "start-execution", "--state-machine-arn", alias_arn, "--name", "run")
        self.assertTrue(started.ok, started)
        d = H.wait_for_status(self.sfn, started.json["executionArn"], server=srv)
        self.assertEqual('"B"', d["output"])
        versions = srv.aws("stepfunctions", "list-state-machine-versions", "--state-machine-arn", arn)
        self.assertEqual([v2, v1], [v["stateMachineVersionArn"] for v in versions.json["stateMachineVersions"]])
        aliases = srv.aws("stepfunctions", "list-state-machine-aliases", "--state-machine-arn", arn)
        self.assertEqual([alias_arn], [a["stateMachineAliasArn"] for a in aliases.json["stateMachineAliases"]])
        blocked = srv.aws("stepfunctions", "delete-state-machine-version", "--state-machine-version-arn", v2)
        self.assertFalse(blocked.ok)
        self.assertIn("An error occurred (ConflictException) when calling the DeleteStateMachineVersion "
                      "operation: Version to be deleted must not be referenced by an alias. Current list of "
                      "aliases referencing this version: [prod]", blocked.stderr)
        self.assertTrue(srv.aws("stepfunctions", "delete-state-machine-alias", "--state-machine-alias-arn",
                                alias_arn).ok)
        self.assertTrue(srv.aws("stepfunctions", "delete-state-machine-version", "--state-machine-version-arn",
                                v2).ok)


if __name__ == "__main__":
    unittest.main()
