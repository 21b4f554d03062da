"""Activities: CreateActivity (idempotent by name, tags), DescribeActivity, ListActivities,
DeleteActivity and GetActivityTask (a long poll answered as soon as a task comes) with AWS's errors;
activity Task states with their events, heartbeats and timeouts (a --clock manual server: the test
moves time), and workers and tasks across a kill -9."""

import json
import os
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

ROLE = "arn:aws:iam::123456789012:role/r"
# GetActivityTask's long poll, shortened for the tests that see it end without a task.
POLL_SECONDS = "0.5"


def activity_def(activity_arn, **extra):
    task = {"Type": "Task", "Resource": activity_arn, "ResultPath": "$.result", "End": True}
    task.update(extra)
    return H.definition({"Work": task})


class ActivityServer(unittest.TestCase):
    clock = "virtual"

    @classmethod
    def setUpClass(cls):
        cls.server = H.Server(clock=cls.clock, extra_args=["--activity-poll-seconds", POLL_SECONDS])
        cls.server.start()
        cls.sfn = cls.server.client()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def kill9_and_restart(self):
        """SIGKILL, then a restart on the same data directory (a new port: new clients)."""
        self.server.restart(hard=True)
        type(self).sfn = self.server.client()

    def activity(self, prefix="act"):
        return self.sfn.create_activity(name=H.unique(prefix))["activityArn"]

    def run_activity(self, definition, input_doc=None):
        sm = self.sfn.create_state_machine(name=H.unique("sm"), definition=definition,
                                           roleArn=ROLE)["stateMachineArn"]
        return self.sfn.start_execution(stateMachineArn=sm,
                                        input=json.dumps(input_doc or {"job": 1}))["executionArn"]

    def poll(self, activity_arn, worker=None, timeout=10.0):
        """GetActivityTask until a task is handed out."""
        deadline = time.monotonic() + timeout
        while True:
            kw = {"activityArn": activity_arn}
            if worker:
                kw["workerName"] = worker
            r = self.sfn.get_activity_task(**kw)
            if r.get("taskToken"):
                return r
            if time.monotonic() > deadline:
                raise AssertionError("no activity task handed out\n" + self.server.log_tail())

    def types(self, execution_arn):
        return [e["type"] for e in H.full_history(self.sfn, execution_arn)]


class ActivityApi(ActivityServer):
    def test_create_is_idempotent_by_name(self):
        name = H.unique("idem")
        first = self.sfn.create_activity(name=name, tags=[{"key": "team", "value": "a"}])
        self.assertEqual(first["activityArn"], f"arn:aws:states:{H.REGION}:{H.ACCOUNT}:activity:{name}")
        again = self.sfn.create_activity(name=name, tags=[{"key": "team", "value": "b"}])
        self.assertEqual((again["activityArn"], again["creationDate"]),
                         (first["activityArn"], first["creationDate"]))
        tags = self.sfn.list_tags_for_resource(resourceArn=first["activityArn"])["tags"]
        self.assertEqual(tags, [{"key": "team", "value": "a"}])
        d = self.sfn.describe_activity(activityArn=first["activityArn"])
        self.assertEqual((d["activityArn"], d["name"], d["creationDate"]),
                         (first["activityArn"], name, first["creationDate"]))

    def test_create_errors(self):
        with self.assertRaises(self.sfn.exceptions.InvalidName) as bad:
            self.sfn.create_activity(name="has space")
        self.assertIn("Invalid Name: 'has space'", str(bad.exception))
        with self.assertRaises(self.sfn.exceptions.TooManyTags):
            self.sfn.create_activity(name=H.unique("tags"),
                                     tags=[{"key": f"k{i}", "value": "v"} for i in range(51)])

    def test_describe_and_delete(self):
        arn = self.activity()
        self.sfn.tag_resource(resourceArn=arn, tags=[{"key": "k", "value": "v"}])
        self.sfn.delete_activity(activityArn=arn)
        with self.assertRaises(self.sfn.exceptions.ActivityDoesNotExist) as gone:
            self.sfn.describe_activity(activityArn=arn)
        self.assertIn(f"Activity Does Not Exist: '{arn}'", str(gone.exception))
        self.sfn.delete_activity(activityArn=arn)  # deleting again is fine
        with self.assertRaises(self.sfn.exceptions.InvalidArn):
            self.sfn.describe_activity(activityArn="arn:aws:states:us-east-1:123456789012:stateMachine:x")
        with self.assertRaises(self.sfn.exceptions.InvalidArn):
            self.sfn.delete_activity(activityArn="not-an-arn")
        with self.assertRaises(self.sfn.exceptions.ActivityDoesNotExist):
            self.sfn.get_activity_task(activityArn=arn)
        with self.assertRaises(self.sfn.exceptions.ResourceNotFound):
            self.sfn.list_tags_for_resource(resourceArn=arn)

    def test_list_pages(self):
        names = sorted(H.unique(f"list{i}") for i in range(5))
        for n in names:
            self.sfn.create_activity(name=n)
        seen, token = [], None
        while True:
            kw = {"maxResults": 2}
            if token:
                kw["nextToken"] = token
            page = self.sfn.list_activities(**kw)
            self.assertLessEqual(len(page["activities"]), 2)
            seen += [a["name"] for a in page["activities"]]
            for a in page["activities"]:
                self.assertEqual(set(a), {"activityArn", "name", "creationDate"})
            token = page.get("nextToken")
            if not token:
                break
        self.assertEqual([n for n in seen if n in names], names)
        with self.assertRaises(self.sfn.exceptions.InvalidToken):
            self.sfn.list_activities(nextToken="bogus-token")

    def test_poll_ends_without_a_task(self):
        arn = self.activity()
        t0 = time.monotonic()
        r = self.sfn.get_activity_task(activityArn=arn, workerName="w")
        self.assertGreaterEqual(time.monotonic() - t0, float(POLL_SECONDS) * 0.9)
        self.assertNotIn("taskToken", r)

    def test_cli(self):
        name = H.unique("cli")
        r = self.server.aws("stepfunctions", "create-activity", "--name", name)
        self.assertTrue(r.ok, r)
        arn = json.loads(r.stdout)["activityArn"]
        ex = self.run_activity(activity_def(arn), {"from": "cli"})
        r = self.server.aws("stepfunctions", "get-activity-task", "--activity-arn", arn,
                            "--worker-name", "cli-worker")
        self.assertTrue(r.ok, r)
        task = json.loads(r.stdout)
        self.assertEqual(json.loads(task["input"]), {"from": "cli"})
        r = self.server.aws("stepfunctions", "send-task-success", "--task-token", task["taskToken"],
                            "--task-output", '{"done": true}')
        self.assertTrue(r.ok, r)
        d = H.wait_for_status(self.sfn, ex, server=self.server)
        self.assertEqual(json.loads(d["output"])["result"], {"done": True})
        r = self.server.aws("stepfunctions", "describe-activity", "--activity-arn", arn + "-missing")
        self.assertIn("(ActivityDoesNotExist)", r.stderr)
        r = self.server.aws("stepfunctions", "list-activities", "--max-results", "1")
        self.assertTrue(r.ok, r)
        r = self.server.aws("stepfunctions", "delete-activity", "--activity-arn", arn)
        self.assertTrue(r.ok, r)


class ActivityTasks(ActivityServer):
    def test_worker_succeeds(self):
        arn = self.activity()
        ex = self.run_activity(activity_def(arn, TimeoutSeconds=300, HeartbeatSeconds=60))
        task = self.poll(arn, worker="worker-1")
        self.assertEqual(json.loads(task["input"]), {"job": 1})
        self.sfn.send_task_heartbeat(taskToken=task["taskToken"])
        self.sfn.send_task_success(taskToken=task["taskToken"], output='{"sum": 3}')
        d = H.wait_for_status(self.sfn, ex, server=self.server)
        self.assertEqual(json.loads(d["output"]), {"job": 1, "result": {"sum": 3}})
        history = H.full_history(self.sfn, ex)
        self.assertEqual([e["type"] for e in history], [
            "ExecutionStarted", "TaskStateEntered", "ActivityScheduled", "ActivityStarted",
            "ActivitySucceeded", "TaskStateExited", "ExecutionSucceeded"])
        scheduled = history[2]["activityScheduledEventDetails"]
        self.assertEqual((scheduled["resource"], json.loads(scheduled["input"]),
                          scheduled["timeoutInSeconds"], scheduled["heartbeatInSeconds"]),
                         (arn, {"job": 1}, 300, 60))
        self.assertEqual(history[3]["activityStartedEventDetails"], {"workerName": "worker-1"})
        self.assertEqual(history[4]["activitySucceededEventDetails"]["output"], '{"sum": 3}')
        with self.assertRaises(self.sfn.exceptions.TaskTimedOut):
            self.sfn.send_task_success(taskToken=task["taskToken"], output="{}")

    def test_a_waiting_poll_is_answered_when_the_task_comes(self):
        arn = self.activity()
        got = {}

        def worker():
            got["task"] = self.server.client().get_activity_task(activityArn=arn)

        t = threading.Thread(target=worker)
        t.start()
        time.sleep(0.1)  # the poll is waiting (it would end empty after POLL_SECONDS)
        ex = self.run_activity(activity_def(arn))
        t.join(10)
        self.assertIn("taskToken", got["task"])
        started = H.full_history(self.sfn, ex)[3]
        self.assertEqual(started["type"], "ActivityStarted")
        self.assertEqual(started["activityStartedEventDetails"], {})
        self.sfn.send_task_failure(taskToken=got["task"]["taskToken"], error="Bad", cause="why")
        d = H.wait_for_status(self.sfn, ex, server=self.server)
        self.assertEqual((d["status"], d["error"], d["cause"]), ("FAILED", "Bad", "why"))
        failed = H.full_history(self.sfn, ex)[4]
        self.assertEqual((failed["type"], failed["activityFailedEventDetails"]),
                         ("ActivityFailed", {"error": "Bad", "cause": "why"}))

    def test_tasks_are_handed_out_oldest_first_once(self):
        arn = self.activity()
        runs = [self.run_activity(activity_def(arn), {"n": i}) for i in range(3)]
        inputs = [json.loads(self.poll(arn)["input"])["n"] for _ in runs]
        self.assertEqual(inputs, [0, 1, 2])
        self.assertNotIn("taskToken", self.sfn.get_activity_task(activityArn=arn))

    def test_stopped_executions_tasks_are_withdrawn_or_refused(self):
        arn = self.activity()
        taken = self.run_activity(activity_def(arn), {"which": "taken"})
        task = self.poll(arn)
        queued = self.run_activity(activity_def(arn), {"which": "queued"})
        self.sfn.stop_execution(executionArn=queued)
        self.sfn.stop_execution(executionArn=taken)
        # The queued task is no longer handed out; the taken one's answer comes too late.
        self.assertNotIn("taskToken", self.sfn.get_activity_task(activityArn=arn))
        with self.assertRaises(self.sfn.exceptions.TaskTimedOut):
            self.sfn.send_task_success(taskToken=task["taskToken"], output="{}")
        with self.assertRaises(self.sfn.exceptions.TaskTimedOut):
            self.sfn.send_task_heartbeat(taskToken=task["taskToken"])
        self.assertEqual(self.types(queued)[-2:], ["ActivityScheduled", "ExecutionAborted"])

    def test_missing_activity_fails_the_execution(self):
        arn = f"arn:aws:states:{H.REGION}:{H.ACCOUNT}:activity:{H.unique('missing')}"
        ex = self.run_activity(activity_def(arn))
        d = H.wait_for_status(self.sfn, ex, server=self.server)
        self.assertEqual((d["status"], d["error"]), ("FAILED", "States.Runtime"))
        self.assertIn(f"The activity {arn} does not exist.", d["cause"])


class VirtualClockPace(ActivityServer):
    """With --clock virtual, time keeps the wall clock's pace while a worker holds a task: a timer
    counts from when its execution set it, whatever other executions' timers did meanwhile. (This
    is about wall time, so it waits on it, briefly.)"""

    def test_a_later_tasks_timeout_counts_from_its_own_start(self):
        first, second = self.activity("first"), self.activity("second")
        b = self.run_activity(activity_def(first, TimeoutSeconds=2))  # nobody takes it
        started = time.monotonic()
        time.sleep(1.2)
        a = self.run_activity(activity_def(second, TimeoutSeconds=2))
        task = self.poll(second, worker="w")
        d = H.wait_for_status(self.sfn, b, server=self.server)
        self.assertEqual((d["status"], d["error"]), ("FAILED", "States.Timeout"))
        self.assertGreaterEqual(time.monotonic() - started, 1.9)
        # B's timeout fired 2 s after B's start; A's is due 2 s after A's, 1.2 s later.
        self.assertEqual("RUNNING", self.sfn.describe_execution(executionArn=a)["status"],
                         self.types(a))
        self.sfn.send_task_success(taskToken=task["taskToken"], output='{"ok": true}')
        self.assertEqual("SUCCEEDED", H.wait_for_status(self.sfn, a, server=self.server)["status"])
        events = H.full_history(self.sfn, a)
        scheduled = next(e for e in events if e["type"] == "ActivityScheduled")["timestamp"]
        succeeded = next(e for e in events if e["type"] == "ActivitySucceeded")["timestamp"]
        self.assertLess((succeeded - scheduled).total_seconds(), 2)


class ActivityTimers(ActivityServer):
    clock = "manual"

    def test_no_worker_before_the_timeout(self):
        arn = self.activity()
        ex = self.run_activity(activity_def(arn, TimeoutSeconds=5))
        self.server.advance_clock(6)
        d = H.wait_for_status(self.sfn, ex, server=self.server)
        self.assertEqual((d["status"], d["error"]), ("FAILED", "States.Timeout"))
        self.assertEqual(self.types(ex)[-3:], ["ActivityScheduled", "ActivityTimedOut", "ExecutionFailed"])
        timed_out = H.full_history(self.sfn, ex)[-2]
        self.assertEqual(timed_out["activityTimedOutEventDetails"], {"error": "States.Timeout"})
        # The task is no longer handed out.
        self.assertNotIn("taskToken", self.sfn.get_activity_task(activityArn=arn))

    def test_heartbeat_timeout_counts_from_the_workers_start(self):
        arn = self.activity()
        ex = self.run_activity(activity_def(arn, HeartbeatSeconds=10, TimeoutSeconds=1000))
        self.server.advance_clock(30)  # no worker yet: the heartbeat clock has not started
        task = self.poll(arn, worker="slow")
        self.server.advance_clock(9)
        self.sfn.send_task_heartbeat(taskToken=task["taskToken"])
        self.server.advance_clock(9)
        self.assertEqual(self.sfn.describe_execution(executionArn=ex)["status"], "RUNNING")
        self.server.advance_clock(2)
        d = H.wait_for_status(self.sfn, ex, server=self.server)
        self.assertEqual((d["status"], d["error"]), ("FAILED", "States.Timeout"))
        self.assertEqual(self.types(ex)[-2:], ["ActivityTimedOut", "ExecutionFailed"])
        with self.assertRaises(self.sfn.exceptions.TaskTimedOut):
            self.sfn.send_task_heartbeat(taskToken=task["taskToken"])


class ActivitiesAcrossRestarts(ActivityServer):
    def test_tasks_and_workers_survive_kill9(self):
        arn = self.activity()
        started = self.run_activity(activity_def(arn), {"which": "started"})
        task = self.poll(arn, worker="before")
        queued = self.run_activity(activity_def(arn), {"which": "queued"})
        # A worker is polling while the emulator dies.
        polling = {}

        def worker():
            try:
                polling["r"] = self.server.client().get_activity_task(activityArn=arn + "-other")
            except Exception as e:  # noqa: the connection drops with the process
                polling["error"] = e

        self.sfn.create_activity(name=arn.rsplit(":", 1)[1] + "-other")
        t = threading.Thread(target=worker)
        t.start()
        time.sleep(0.1)
        self.kill9_and_restart()
        t.join(10)
        self.assertIn("error", polling)
        # The task a worker took before the kill: its token still answers.
        self.sfn.send_task_success(taskToken=task["taskToken"], output='{"ok": "started"}')
        self.assertEqual(H.wait_for_status(self.sfn, started, server=self.server)["status"], "SUCCEEDED")
        # The task still queued at the kill is handed out again.
        again = self.poll(arn, worker="after")
        self.assertEqual(json.loads(again["input"]), {"which": "queued"})
        self.sfn.send_task_success(taskToken=again["taskToken"], output='{"ok": "queued"}')
        d = H.wait_for_status(self.sfn, queued, server=self.server)
        self.assertEqual(json.loads(d["output"])["result"], {"ok": "queued"})
        self.assertEqual([e for e in self.types(queued) if e.startswith("Activity")],
                         ["ActivityScheduled", "ActivityStarted", "ActivitySucceeded"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
