"""Warm Lambda processes as a bounded pool with a queue (issue 16, part 3), through boto3 against
the live binary started with --lambda-processes 2: many concurrent invokes of one version are all
answered while at most that many handler processes exist, a Task fan-out (a Map of Lambda tasks)
completes within the same bound, and reserved concurrency still refuses the invocation past it.

No real sleeps: short polls with deadlines wait for a held handler to run."""

import json
import os
import subprocess
import sys
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

ROLE = "arn:aws:iam::123456789012:role/x"
BOUND = 2
# Answers its pid (so the test sees which process ran it) and the event's n.
PID_HANDLER = "import os\ndef handler(event, context):\n    return {'pid': os.getpid(), 'n': event.get('n')}\n"
PID_NODE = "exports.handler = async (event) => ({pid: process.pid, n: event.n});\n"
# Runs until the file $RELEASE exists, after writing $PID_FILE.
HELD_HANDLER = """\
import os, time

def handler(event, context):
    with open(os.environ["PID_FILE"], "w") as f:
        f.write(str(os.getpid()))
    while not os.path.exists(os.environ["RELEASE"]):
        time.sleep(0.01)
    return "held"
"""


def handler_processes(server_pid):
    """The warm bootstraps the emulator runs now (its direct children)."""
    out = subprocess.run(["pgrep", "-P", str(server_pid)], capture_output=True, text=True).stdout
    found = []
    for pid in out.split():
        try:
            with open(f"/proc/{pid}/cmdline") as f:
                if "bootstrap" in f.read().replace("\0", " "):
                    found.append(int(pid))
        except OSError:
            pass
    return found


class Sampler:
    """The most handler processes seen at once while a load runs."""

    def __init__(self, server_pid):
        self.pid, self.peak, self.stop = server_pid, 0, threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.stop.is_set():
            self.peak = max(self.peak, len(handler_processes(self.pid)))
            self.stop.wait(0.005)

    def done(self):
        self.stop.set()
        self.thread.join()
        return self.peak


class LambdaPool(H.ServerTestCase):
    EXTRA_ARGS = ("--lambda-processes", str(BOUND))

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lam = cls.server.lambda_client(read_timeout=120)

    def create(self, code, runtime="python3.12", filename="app.py", **kw):
        name = H.unique("pool")
        self.lam.create_function(FunctionName=name, Runtime=runtime,
                                 Handler=filename.split(".")[0] + ".handler", Role=ROLE,
                                 Code={"ZipFile": H.make_zip({filename: code})}, **kw)
        return name

    def test_many_concurrent_invokes_of_one_version_are_all_answered_within_the_bound(self):
        for runtime, filename, code in (("python3.12", "app.py", PID_HANDLER),
                                        ("nodejs20.x", "index.js", PID_NODE)):
            with self.subTest(runtime=runtime):
                name = self.create(code, runtime=runtime, filename=filename)
                sampler = Sampler(self.server.proc.pid)
                results, errors = {}, []

                def worker(k):
                    lam = self.server.lambda_client(read_timeout=120)
                    try:
                        for i in range(k, 240, 16):
                            r = lam.invoke(FunctionName=name, Payload=json.dumps({"n": i}).encode())
                            results[i] = (r.get("FunctionError"), json.loads(r["Payload"].read()))
                    except Exception as e:  # reported below
                        errors.append(e)

                threads = [threading.Thread(target=worker, args=(k,)) for k in range(16)]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
                peak = sampler.done()
                self.assertEqual([], errors)
                self.assertEqual(set(range(240)), set(results))
                for i, (error, body) in results.items():
                    self.assertIsNone(error, body)
                    self.assertEqual(i, body["n"])
                pids = {body["pid"] for _, body in results.values()}
                self.assertLessEqual(len(pids), BOUND, pids)
                self.assertLessEqual(peak, BOUND)
                self.assertLessEqual(len(handler_processes(self.server.proc.pid)), BOUND)

    def test_a_task_fan_out_runs_every_invocation_within_the_bound(self):
        name = self.create(PID_HANDLER)
        d = H.definition({"M": {
            "Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 0, "End": True,
            "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "T", "States": {
                "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                      "Parameters": {"FunctionName": name, "Payload": {"n.$": "$"}},
                      "OutputPath": "$.Payload", "End": True}}}}})
        sampler = Sampler(self.server.proc.pid)
        desc, _ = self.run_execution(d, input_text=json.dumps({"items": list(range(150))}),
                                     timeout=120)
        peak = sampler.done()
        self.assertEqual("SUCCEEDED", desc["status"], desc)
        out = json.loads(desc["output"])
        self.assertEqual(list(range(150)), [o["n"] for o in out])
        self.assertLessEqual(len({o["pid"] for o in out}), BOUND)
        self.assertLessEqual(peak, BOUND)

    def test_reserved_concurrency_refuses_the_invocation_past_it(self):
        tmp = self.server._tmp
        pid_file, release = (os.path.join(tmp, H.unique(k)) for k in ("held.pid", "release"))
        name = self.create(HELD_HANDLER, Timeout=60,
                           Environment={"Variables": {"PID_FILE": pid_file, "RELEASE": release}})
        self.lam.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=1)
        answers = []
        held = threading.Thread(target=lambda: answers.append(
            self.lam.invoke(FunctionName=name, Payload=b"{}")["Payload"].read()))
        held.start()
        H.poll_until("the held handler to run", lambda: os.path.exists(pid_file), timeout=30.0)
        other = self.server.lambda_client()
        with self.assertRaises(other.exceptions.TooManyRequestsException) as ctx:
            other.invoke(FunctionName=name, Payload=b"{}")
        self.assertEqual("ReservedFunctionConcurrentInvocationLimitExceeded",
                         ctx.exception.response.get("Reason"))
        open(release, "w").close()
        held.join(timeout=60)
        self.assertEqual([b'"held"'], answers)
        # The slot is free again: the next call runs (on the warm process).
        self.assertEqual(b'"held"', other.invoke(FunctionName=name, Payload=b"{}")["Payload"].read())


if __name__ == "__main__":
    unittest.main()
