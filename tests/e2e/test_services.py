"""Service integrations through real endpoints: SQS, SNS, DynamoDB, EventBridge and aws-sdk:* Task
states against moto_server (tests/e2e/moto_aws.py), the side effects checked there (the message in the
queue, the item in the table, the object in the bucket); AWS's error names; the endpoint settings
(--aws-endpoint, --endpoint SERVICE=URL, Step Functions Local's *_ENDPOINT); a service without an
endpoint or one that never answers; a call in flight across kill -9."""

import json
import os
import socket
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from moto_aws import MotoServer  # noqa: E402


def wait_until(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.02)


def task(resource, parameters, **extra):
    state = {"Type": "Task", "Resource": resource, "Parameters": parameters, "End": True}
    state.update(extra)
    return H.definition({"T": state})


class SilentServer:
    """Accepts connections and never answers (a service that hangs)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.endpoint = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.conns = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(conn)

    def close(self):
        for c in self.conns:
            c.close()
        self.sock.close()


class ServicesAgainstMoto(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.moto = MotoServer().__enter__()
        cls.server = H.Server(extra_args=["--aws-endpoint", cls.moto.endpoint])
        cls.server.start()
        cls.sfn = cls.server.client()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()
        cls.moto.__exit__(None, None, None)

    def run_sm(self, definition, input_obj=None):
        arn = self.sfn.create_state_machine(name=H.unique("svc"), definition=definition,
                                            roleArn=H.ROLE_ARN)["stateMachineArn"]
        ex = self.sfn.start_execution(stateMachineArn=arn, input=json.dumps(input_obj or {}))["executionArn"]
        d = H.wait_for_status(self.sfn, ex, timeout=30, server=self.server)
        return d, H.full_history(self.sfn, ex)

    def test_sqs_send_message_puts_the_message_in_the_queue(self):
        sqs = self.moto.client("sqs")
        url = sqs.create_queue(QueueName=H.unique("q"))["QueueUrl"]
        d, events = self.run_sm(task("arn:aws:states:::sqs:sendMessage",
                                     {"QueueUrl.$": "$.url", "MessageBody": {"order.$": "$.order"},
                                      "MessageSystemAttribute": {"x": 1}}),
                                {"url": url, "order": 42})
        self.assertEqual("SUCCEEDED", d["status"], d)
        out = json.loads(d["output"])
        got = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1)["Messages"]
        self.assertEqual([{"order": 42}], [json.loads(m["Body"]) for m in got])
        self.assertEqual(got[0]["MessageId"], out["MessageId"])
        self.assertEqual(got[0]["MD5OfBody"], out["MD5OfMessageBody"])
        self.assertEqual("106", out["SdkHttpMetadata"]["HttpHeaders"]["Content-Length"])
        self.assertEqual(200, out["SdkHttpMetadata"]["HttpStatusCode"])
        scheduled = next(e for e in events if e["type"] == "TaskScheduled")["taskScheduledEventDetails"]
        self.assertEqual({"resource": "sendMessage", "resourceType": "sqs", "region": "us-east-1"},
                         {k: scheduled[k] for k in ("resource", "resourceType", "region")})
        # The unsupported parameter is left out, as AWS does.
        self.assertEqual({"QueueUrl": url, "MessageBody": {"order": 42}}, json.loads(scheduled["parameters"]))

    def test_sqs_errors_are_aws_error_names_that_catch_matches(self):
        sqs = self.moto.client("sqs")
        url = sqs.create_queue(QueueName=H.unique("q"))["QueueUrl"]
        definition = H.definition({
            "T": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
                  "Parameters": {"QueueUrl.$": "$.url", "MessageBody.$": "$.body"},
                  "Catch": [{"ErrorEquals": ["SQS.QueueDoesNotExistException"], "ResultPath": "$.missing",
                             "Next": "Done"},
                            {"ErrorEquals": ["SQS.AmazonSQSException"], "ResultPath": "$.other", "Next": "Done"}],
                  "End": True},
            "Done": {"Type": "Pass", "End": True}})
        d, _ = self.run_sm(definition, {"url": url + "-nope", "body": "x"})
        out = json.loads(d["output"])
        self.assertEqual("SQS.QueueDoesNotExistException", out["missing"]["Error"])
        self.assertRegex(out["missing"]["Cause"], r"^The specified queue does not exist\. \(Service: AmazonSQS; "
                                                  r"Status Code: 400; Error Code: AWS\.SimpleQueueService\."
                                                  r"NonExistentQueue; Request ID: \S+; Proxy: null\)$")
        d, _ = self.run_sm(definition, {"url": url, "body": None})
        out = json.loads(d["output"])
        self.assertEqual({"Error": "SQS.AmazonSQSException",
                          "Cause": out["other"]["Cause"]}, out["other"])
        self.assertIn("The request must contain the parameter MessageBody. (Service: AmazonSQS; Status Code: 400; "
                      "Error Code: MissingParameter;", out["other"]["Cause"])

    def test_sns_publish_reaches_a_subscribed_queue(self):
        sns, sqs = self.moto.client("sns"), self.moto.client("sqs")
        topic = sns.create_topic(Name=H.unique("t"))["TopicArn"]
        url = sqs.create_queue(QueueName=H.unique("q"))["QueueUrl"]
        qarn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=qarn, Attributes={"RawMessageDelivery": "true"})
        d, _ = self.run_sm(task("arn:aws:states:::sns:publish",
                                {"TopicArn.$": "$.topic", "Message": {"hello.$": "$.who"}, "Subject": "s"}),
                           {"topic": topic, "who": "world"})
        self.assertEqual("SUCCEEDED", d["status"], d)
        out = json.loads(d["output"])
        self.assertEqual("text/xml", out["SdkHttpMetadata"]["HttpHeaders"]["Content-Type"])
        self.assertEqual("294", out["SdkHttpMetadata"]["HttpHeaders"]["Content-Length"])
        got = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1)["Messages"]
        self.assertEqual({"hello": "world"}, json.loads(got[0]["Body"]))

    def test_sns_fifo_without_group_is_an_invalid_parameter(self):
        sns = self.moto.client("sns")
        topic = sns.create_topic(Name=H.unique("t") + ".fifo", Attributes={"FifoTopic": "true"})["TopicArn"]
        d, events = self.run_sm(task("arn:aws:states:::sns:publish", {"TopicArn.$": "$.topic", "Message": "m"}),
                                {"topic": topic})
        self.assertEqual("FAILED", d["status"])
        self.assertEqual("SNS.InvalidParameterException", d["error"])
        self.assertRegex(d["cause"], r"^Invalid parameter: The MessageGroupId parameter is required for FIFO "
                                     r"topics \(Service: AmazonSNS; Status Code: 400; Error Code: InvalidParameter; "
                                     r"Request ID: \S+; Proxy: null\)$")
        self.assertEqual(["TaskScheduled", "TaskStarted", "TaskFailed"],
                         [e["type"] for e in events if e["type"].startswith("Task") and "State" not in e["type"]])

    def test_dynamodb_item_actions_change_the_table(self):
        ddb = self.moto.client("dynamodb")
        table = H.unique("tbl")
        ddb.create_table(TableName=table, KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                         BillingMode="PAY_PER_REQUEST")
        key = {"id": {"S": "a"}}
        definition = H.definition({
            "Put": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
                    "Parameters": {"TableName.$": "$.t", "Item": {"id": {"S": "a"}, "n": {"N": "1"}}},
                    "ResultPath": "$.put", "Next": "Update"},
            "Update": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:updateItem",
                       "Parameters": {"TableName.$": "$.t", "Key": key, "UpdateExpression": "SET n = n + :one",
                                      "ExpressionAttributeValues": {":one": {"N": "1"}}, "ReturnValues": "ALL_NEW"},
                       "ResultPath": "$.update", "Next": "Get"},
            "Get": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem",
                    "Parameters": {"TableName.$": "$.t", "Key": key}, "ResultPath": "$.get", "Next": "PutAgain"},
            "PutAgain": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
                         "Parameters": {"TableName.$": "$.t", "Item": key,
                                        "ConditionExpression": "attribute_not_exists(id)"},
                         "Catch": [{"ErrorEquals": ["DynamoDB.ConditionalCheckFailedException"],
                                    "ResultPath": "$.conflict", "Next": "Delete"}],
                         "Next": "Delete"},
            "Delete": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:deleteItem",
                       "Parameters": {"TableName.$": "$.t", "Key": key}, "ResultPath": "$.delete", "End": True}})
        d, _ = self.run_sm(definition, {"t": table})
        self.assertEqual("SUCCEEDED", d["status"], d)
        out = json.loads(d["output"])
        self.assertEqual({"id": {"S": "a"}, "n": {"N": "2"}}, out["update"]["Attributes"])
        self.assertEqual({"id": {"S": "a"}, "n": {"N": "2"}}, out["get"]["Item"])
        self.assertEqual("DynamoDB.ConditionalCheckFailedException", out["conflict"]["Error"])
        self.assertIn("(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ConditionalCheckFailedException;",
                      out["conflict"]["Cause"])
        self.assertEqual("2", out["put"]["SdkHttpMetadata"]["HttpHeaders"]["Content-Length"])
        self.assertNotIn("Item", ddb.get_item(TableName=table, Key=key))

    def test_eventbridge_put_events_reaches_a_rule_target(self):
        events, sqs = self.moto.client("events"), self.moto.client("sqs")
        url = sqs.create_queue(QueueName=H.unique("q"))["QueueUrl"]
        qarn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        rule = H.unique("r")
        events.put_rule(Name=rule, EventPattern=json.dumps({"source": ["sfn.e2e"]}))
        events.put_targets(Rule=rule, Targets=[{"Id": "q", "Arn": qarn}])
        d, _ = self.run_sm(task("arn:aws:states:::events:putEvents",
                                {"Entries": [{"Source": "sfn.e2e", "DetailType": "t", "Detail": {"n.$": "$.n"}}]}),
                           {"n": 7})
        self.assertEqual("SUCCEEDED", d["status"], d)
        self.assertEqual(0, json.loads(d["output"])["FailedEntryCount"])
        got = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1)["Messages"]
        event = json.loads(got[0]["Body"])
        self.assertEqual({"n": 7}, event["detail"])
        # Step Functions adds the state machine and the execution to the event's resources.
        self.assertEqual(2, len(event["resources"]))
        self.assertIn(":stateMachine:", event["resources"][0])
        self.assertEqual(d["executionArn"], event["resources"][1])

    def test_eventbridge_failed_entries_fail_the_task(self):
        d, _ = self.run_sm(task("arn:aws:states:::events:putEvents",
                                {"Entries": [{"DetailType": "t", "Detail": "{}"}]}))
        self.assertEqual("FAILED", d["status"])
        self.assertEqual("EventBridge.FailedEntry", d["error"])
        self.assertEqual(1, json.loads(d["cause"])["FailedEntryCount"])

    def test_aws_sdk_s3_dynamodb_sqs_sns(self):
        s3 = self.moto.client("s3")
        bucket = H.unique("bkt")
        s3.create_bucket(Bucket=bucket)
        # A topic, so that the list has a member (an empty one: test_aws_sdk_sns_empty_lists_are_empty_lists).
        self.moto.client("sns").create_topic(Name=H.unique("topic"))
        self.moto.client("sqs").create_queue(QueueName=H.unique("q"))  # AWS leaves out an empty QueueUrls
        definition = H.definition({
            "Put": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:putObject",
                    "Parameters": {"Bucket.$": "$.b", "Key": "dir/a b.txt", "Body": "text data",
                                   "ContentType": "text/plain"}, "ResultPath": "$.put", "Next": "Get"},
            "Get": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
                    "Parameters": {"Bucket.$": "$.b", "Key": "dir/a b.txt"}, "ResultPath": "$.get", "Next": "List"},
            "List": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:listObjectsV2",
                     "Parameters": {"Bucket.$": "$.b", "Prefix": "dir/"}, "ResultPath": "$.list", "Next": "Missing"},
            "Missing": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
                        "Parameters": {"Bucket.$": "$.b", "Key": "nope"},
                        "Catch": [{"ErrorEquals": ["S3.NoSuchKeyException"], "ResultPath": "$.missing",
                                   "Next": "Topics"}], "End": True},
            "Topics": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sns:listTopics",
                       "Parameters": {}, "ResultPath": "$.topics", "Next": "Tables"},
            "Tables": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:dynamodb:listTables",
                       "Parameters": {}, "ResultPath": "$.tables", "Next": "Queues"},
            "Queues": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sqs:listQueues",
                       "Parameters": {}, "ResultPath": "$.queues", "End": True}})
        d, _ = self.run_sm(definition, {"b": bucket})
        self.assertEqual("SUCCEEDED", d["status"], d)
        out = json.loads(d["output"])
        self.assertEqual("text data", out["get"]["Body"])
        self.assertEqual(9, out["get"]["ContentLength"])
        self.assertEqual("text/plain", out["get"]["ContentType"])
        self.assertEqual("AES256", out["get"]["ServerSideEncryption"])
        self.assertEqual(out["put"]["ETag"], out["get"]["ETag"])
        self.assertNotIn("SdkHttpMetadata", out["get"])
        self.assertEqual(["dir/a b.txt"], [c["Key"] for c in out["list"]["Contents"]])
        self.assertEqual(1, out["list"]["KeyCount"])
        self.assertIs(False, out["list"]["IsTruncated"])
        self.assertEqual("S3.NoSuchKeyException", out["missing"]["Error"])
        self.assertRegex(out["missing"]["Cause"], r"^The specified key does not exist\. \(Service: S3, Status Code: "
                                                  r"404, Request ID: \S+, Extended Request ID: \S+\)$")
        self.assertIsInstance(out["topics"]["Topics"], list)
        self.assertIsInstance(out["tables"]["TableNames"], list)
        self.assertIn("QueueUrls", out["queues"])
        self.assertEqual(b"text data", s3.get_object(Bucket=bucket, Key="dir/a b.txt")["Body"].read())

    def test_aws_sdk_sns_empty_lists_are_empty_lists(self):
        # The query protocol writes an empty list as <Tags/>: an SDK reads [] (the model says it is a
        # list), so the task's result has [] too, not "".
        arn = self.moto.client("sns").create_topic(Name=H.unique("topic"))["TopicArn"]
        d, _ = self.run_sm(H.definition({
            "Tags": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sns:listTagsForResource",
                     "Parameters": {"ResourceArn.$": "$.arn"}, "ResultPath": "$.tags", "Next": "Subs"},
            "Subs": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sns:listSubscriptionsByTopic",
                     "Parameters": {"TopicArn.$": "$.arn"}, "ResultPath": "$.subs", "End": True}}),
            {"arn": arn})
        self.assertEqual("SUCCEEDED", d["status"], d)
        out = json.loads(d["output"])
        self.assertEqual([], out["tags"]["Tags"])
        self.assertEqual([], out["subs"]["Subscriptions"])

    def test_aws_sdk_sfn_calls_stay_in_this_emulator(self):
        child = self.sfn.create_state_machine(name=H.unique("child"), definition=H.PASS_DEF,
                                              roleArn=H.ROLE_ARN)["stateMachineArn"]
        d, _ = self.run_sm(H.definition({
            "Start": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sfn:startExecution",
                      "Parameters": {"StateMachineArn.$": "$.child", "Input": "{\"a\":1}"},
                      "ResultPath": "$.started", "Next": "Describe"},
            "Describe": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sfn:describeStateMachine",
                         "Parameters": {"StateMachineArn.$": "$.child"}, "ResultPath": "$.described",
                         "Next": "Missing"},
            "Missing": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sfn:describeExecution",
                        "Parameters": {"ExecutionArn.$": "States.Format('{}x', $.started.ExecutionArn)"},
                        "Catch": [{"ErrorEquals": ["Sfn.ExecutionDoesNotExistException"], "ResultPath": "$.missing",
                                   "Next": "Done"}], "End": True},
            "Done": {"Type": "Pass", "End": True}}), {"child": child})
        self.assertEqual("SUCCEEDED", d["status"], d)
        out = json.loads(d["output"])
        self.assertTrue(out["started"]["ExecutionArn"].startswith(child.replace(":stateMachine:", ":execution:")))
        self.assertEqual(child, out["described"]["StateMachineArn"])
        self.assertEqual("Sfn.ExecutionDoesNotExistException", out["missing"]["Error"])
        child_run = H.wait_for_status(self.sfn, out["started"]["ExecutionArn"])
        self.assertEqual("SUCCEEDED", child_run["status"])


class EndpointSettings(unittest.TestCase):
    def run_one(self, srv, definition, input_obj=None, timeout=30):
        sfn = srv.client()
        arn = sfn.create_state_machine(name=H.unique("ep"), definition=definition,
                                       roleArn=H.ROLE_ARN)["stateMachineArn"]
        ex = sfn.start_execution(stateMachineArn=arn, input=json.dumps(input_obj or {}))["executionArn"]
        return H.wait_for_status(sfn, ex, timeout=timeout, server=srv)

    def test_no_endpoint_is_a_catchable_error_naming_the_setting(self):
        with H.Server() as srv:
            d = self.run_one(srv, H.definition({
                "T": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
                      "Parameters": {"QueueUrl": "q", "MessageBody": "m"},
                      "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}], "End": True},
                "Caught": {"Type": "Pass", "End": True}}))
            self.assertEqual("SUCCEEDED", d["status"])
            out = json.loads(d["output"])
            self.assertEqual("SQS.SdkClientException", out["Error"])
            self.assertEqual("sfn-emulator has no endpoint for sqs: set SQS_ENDPOINT, --endpoint sqs=URL or "
                             "--aws-endpoint URL, or mock this state with a mock configuration file "
                             "(SFN_MOCK_CONFIG).", out["Cause"])

    def test_a_service_endpoint_beats_the_default_and_local_variables_work(self):
        with MotoServer() as moto:
            sqs = moto.client("sqs")
            url = sqs.create_queue(QueueName=H.unique("q"))["QueueUrl"]
            silent = SilentServer()
            try:
                definition = task("arn:aws:states:::sqs:sendMessage", {"QueueUrl.$": "$.url", "MessageBody": "m"})
                # --aws-endpoint would hang; --endpoint sqs=... wins.
                with H.Server(extra_args=["--aws-endpoint", silent.endpoint,
                                          "--endpoint", f"sqs={moto.endpoint}"]) as srv:
                    self.assertEqual("SUCCEEDED", self.run_one(srv, definition, {"url": url})["status"])
                # Step Functions Local's variable.
                with H.Server(env={"SQS_ENDPOINT": moto.endpoint}) as srv:
                    self.assertEqual("SUCCEEDED", self.run_one(srv, definition, {"url": url})["status"])
                self.assertEqual(2, len(sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10,
                                                            WaitTimeSeconds=1)["Messages"]))
            finally:
                silent.close()

    def test_a_service_that_never_answers_fails_by_timeout_seconds(self):
        silent = SilentServer()
        try:
            with H.Server(extra_args=["--endpoint", f"sqs={silent.endpoint}"]) as srv:
                d = self.run_one(srv, task("arn:aws:states:::sqs:sendMessage", {"QueueUrl": "q", "MessageBody": "m"},
                                           TimeoutSeconds=1))
                self.assertEqual("FAILED", d["status"])
                self.assertEqual("States.Timeout", d["error"], d)
        finally:
            silent.close()

    def test_a_call_in_flight_is_sent_again_after_kill_9(self):
        with MotoServer() as moto:
            sqs = moto.client("sqs")
            url = sqs.create_queue(QueueName=H.unique("q"))["QueueUrl"]
            silent = SilentServer()
            srv = H.Server(extra_args=["--endpoint", f"sqs={silent.endpoint}"])
            try:
                srv.start()
                sfn = srv.client()
                arn = sfn.create_state_machine(
                    name="inflight", roleArn=H.ROLE_ARN,
                    definition=task("arn:aws:states:::sqs:sendMessage",
                                    {"QueueUrl.$": "$.url", "MessageBody": "again"}))["stateMachineArn"]
                ex = sfn.start_execution(stateMachineArn=arn, input=json.dumps({"url": url}))["executionArn"]
                wait_until(lambda: len(silent.conns) >= 1, timeout=10)
                srv.kill9()
                srv.extra_args = ["--endpoint", f"sqs={moto.endpoint}"]
                srv.start()
                d = H.wait_for_status(srv.client(), ex, timeout=30, server=srv)
                self.assertEqual("SUCCEEDED", d["status"], d)
                got = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1)["Messages"]
                self.assertEqual(["again"], [m["Body"] for m in got])
            finally:
                srv.cleanup()
                silent.close()


if __name__ == "__main__":
    unittest.main()
