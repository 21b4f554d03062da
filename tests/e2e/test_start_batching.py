"""Group-committed StartExecution (issue 16): many clients start executions at once; each answer
comes after the execution is stored (describable at once, and after a kill -9), and repeated names
follow AWS's rule whether the first start shares the answer's commit or not: the same name and input
while the first runs answers the first start's ARN and startDate, a different input answers
ExecutionAlreadyExists. --clock manual keeps the Wait states waiting."""

import json
import os
import sys
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

THREADS = 16


def run_threads(fn, n=THREADS):
    """Runs fn(i) on n threads released together; returns their results (or exceptions) by i."""
    results = [None] * n
    barrier = threading.Barrier(n)

    def body(i):
        barrier.wait()
        try:
            results[i] = fn(i)
        except Exception as e:  # noqa: BLE001 - handed back to the test
            results[i] = e
    threads = [threading.Thread(target=body, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results


class StartBatching(unittest.TestCase):
    def setUp(self):
        self.server = H.Server(clock="manual")
        self.addCleanup(self.server.cleanup)
        self.server.start()
        # One client per thread (botocore clients are not to be shared across threads).
        self.clients = [self.server.client() for _ in range(THREADS)]
        self.sfn = self.clients[0]

    def create(self, definition_text):
        name = H.unique("batch")
        arn = self.sfn.create_state_machine(name=name, definition=definition_text,
                                            roleArn="arn:aws:iam::123456789012:role/r")["stateMachineArn"]
        return name, arn

    def test_concurrent_starts_are_stored_before_they_are_answered(self):
        sm_name, sm = self.create(H.wait_def(3600))
        per_thread = 20

        def starts(i):
            out = []
            c = self.clients[i]
            for k in range(per_thread):
                r = c.start_execution(stateMachineArn=sm, name=f"t{i}-{k}", input=json.dumps({"i": i, "k": k}))
                # Stored before answered: describable at once, RUNNING, with its input.
                d = c.describe_execution(executionArn=r["executionArn"])
                out.append((r, d))
            return out
        results = run_threads(starts)
        for i, res in enumerate(results):
            self.assertNotIsInstance(res, Exception, res)
            for k, (r, d) in enumerate(res):
                self.assertEqual(H.exec_arn(sm_name, f"t{i}-{k}"), r["executionArn"])
                self.assertEqual("RUNNING", d["status"])
                self.assertEqual(r["startDate"], d["startDate"])
                self.assertEqual({"i": i, "k": k}, json.loads(d["input"]))
        listed = H.all_executions(self.sfn, stateMachineArn=sm, maxResults=1000)
        self.assertEqual(THREADS * per_thread, len(listed))
        # Every answered start survives a kill -9, with its first events.
        self.server.restart(hard=True)
        sfn = self.server.client()
        for i in (0, THREADS - 1):
            arn = H.exec_arn(sm_name, f"t{i}-{per_thread - 1}")
            self.assertEqual("RUNNING", sfn.describe_execution(executionArn=arn)["status"])
            types = [e["type"] for e in H.full_history(sfn, arn)]
            self.assertEqual(["ExecutionStarted", "WaitStateEntered"], types)

    def test_one_name_started_by_many_clients_at_once(self):
        sm_name, sm = self.create(H.wait_def(3600))

        def same(i):
            return self.clients[i].start_execution(stateMachineArn=sm, name="shared", input='{"a": 1}')
        results = run_threads(same)
        for r in results:
            self.assertNotIsInstance(r, Exception, r)
        # Every client gets the one execution's ARN and startDate.
        self.assertEqual({H.exec_arn(sm_name, "shared")}, {r["executionArn"] for r in results})
        self.assertEqual(1, len({r["startDate"] for r in results}))
        self.assertEqual(1, len(self.sfn.list_executions(stateMachineArn=sm)["executions"]))
        # A later repeat (another commit) answers the same; another input conflicts.
        again = self.sfn.start_execution(stateMachineArn=sm, name="shared", input='{"a": 1}')
        self.assertEqual(results[0]["startDate"], again["startDate"])
        arn = H.exec_arn(sm_name, "shared")
        with self.assertRaises(self.sfn.exceptions.ExecutionAlreadyExists) as ctx:
            self.sfn.start_execution(stateMachineArn=sm, name="shared", input='{"a": 2}')
        self.assertEqual(f"Execution Already Exists: '{arn}'", ctx.exception.response["Error"]["Message"])

    def test_one_name_with_different_inputs_at_once(self):
        sm_name, sm = self.create(H.wait_def(3600))

        def different(i):
            try:
                return self.clients[i].start_execution(stateMachineArn=sm, name="contested",
                                                       input=json.dumps({"i": i}))
            except self.clients[i].exceptions.ExecutionAlreadyExists as e:
                return e.response["Error"]["Message"]
        results = run_threads(different)
        arn = H.exec_arn(sm_name, "contested")
        won = [r for r in results if isinstance(r, dict)]
        lost = [r for r in results if not isinstance(r, dict)]
        # Exactly one start stored; every other one is told the execution exists.
        self.assertEqual(1, len(won), results)
        self.assertEqual([f"Execution Already Exists: '{arn}'"] * (THREADS - 1), lost)
        d = self.sfn.describe_execution(executionArn=arn)
        self.assertEqual(won[0]["startDate"], d["startDate"])
        winner = results.index(won[0])
        self.assertEqual({"i": winner}, json.loads(d["input"]))

    def test_short_executions_started_at_once_all_finish(self):
        sm_name, sm = self.create(H.definition({"P": {"Type": "Pass", "End": True}}))

        def starts(i):
            return [self.clients[i].start_execution(stateMachineArn=sm, name=f"p{i}-{k}")["executionArn"]
                    for k in range(10)]
        results = run_threads(starts)
        for res in results:
            self.assertNotIsInstance(res, Exception, res)
            for arn in res:
                # A one-Pass execution ends within its start's commit.
                d = self.sfn.describe_execution(executionArn=arn)
                self.assertEqual("SUCCEEDED", d["status"])
                types = [e["type"] for e in H.full_history(self.sfn, arn)]
                self.assertEqual(["ExecutionStarted", "PassStateEntered", "PassStateExited",
                                  "ExecutionSucceeded"], types)
        # A closed execution's name answers ExecutionAlreadyExists, as AWS does.
        arn = results[0][0]
        with self.assertRaises(self.sfn.exceptions.ExecutionAlreadyExists):
            self.sfn.start_execution(stateMachineArn=sm, name=arn.rsplit(":", 1)[1])


if __name__ == "__main__":
    unittest.main()
