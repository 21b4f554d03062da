"""The worker pool behind Lambda: --workers bounds how many handlers run at once (more
invocations queue), and SIGTERM while Lambda work is in flight stops cleanly: a handler
mid-invocation (through Invoke and through a Task), a stub waiting out its Delay, a code upload
being unpacked, and a call forwarded to a --lambda-endpoint that never answers. Each time the
emulator exits with status 0, promptly, with no sanitizer report in its log, and leaves no handler
process behind; an execution whose Task was cut short runs its invocation again after a restart.

No real sleeps: short polls with deadlines wait for the work to be under way."""

import json
import os
import socket
import sys
import tempfile
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

STOP_TIMEOUT_S = 10.0
UNPACK_STOP_TIMEOUT_S = 60.0

# Blocks forever after recording its pid and the pid of a child of its own.
BLOCKING_HANDLER = """\
import os, subprocess, threading

def handler(event, context):
    child = subprocess.Popen(["sleep", "3600"])
    path = os.environ["PID_FILE"]
    with open(path + ".tmp", "w") as f:
        f.write("%d %d" % (os.getpid(), child.pid))
    os.rename(path + ".tmp", path)
    threading.Event().wait()
"""


def alive(pid):
    """False once the process is gone (or a zombie nobody reaped yet)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def assert_all_gone(pids, timeout=5.0):
    """Every pid ends soon after the emulator exits. Not at once: SIGKILL is
    delivered asynchronously (kill() returns before the process is torn
    down), and a handler's own children die with its group after it."""
    H.poll_until(f"processes {pids} to end", lambda: not any(alive(p) for p in pids), timeout)


def read_pids(path):
    try:
        with open(path) as f:
            return [int(p) for p in f.read().split()]
    except (FileNotFoundError, ValueError):
        return None


def in_background(fn):
    """Runs fn on a daemon thread, swallowing the error the dying server causes."""
    def run():
        try:
            fn()
        except Exception:  # the connection drops when the server stops
            pass
    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


class ShutdownTestCase(unittest.TestCase):
    def server(self, **kw):
        srv = H.Server(**kw)
        self.addCleanup(srv.cleanup)
        srv.start()
        return srv

    def assert_clean_stop(self, srv, timeout=STOP_TIMEOUT_S):
        rc = srv.stop(timeout=timeout)  # raises after `timeout`
        with open(srv._log_path, "rb") as f:
            log = f.read().decode("utf-8", "replace")
        self.assertEqual(rc, 0, srv.log_tail())
        for needle in ("Sanitizer", "runtime error:", "terminate called"):
            self.assertNotIn(needle, log)
        self.assertIn("stopped", log)

    def create_blocking(self, lam, name, pid_file):
        lam.create_function(FunctionName=name, Runtime="python3.12", Handler="app.handler",
                            Role="arn:aws:iam::123456789012:role/x", Timeout=900,
                            Environment={"Variables": {"PID_FILE": pid_file}},
                            Code={"ZipFile": H.make_zip({"app.py": BLOCKING_HANDLER})})


# Runs until the file $RELEASE exists, then records when it finished.
HELD_HANDLER = """\
import os, time

def handler(event, context):
    with open(os.environ["PID_FILE"], "w") as f:
        f.write(str(os.getpid()))
    while not os.path.exists(os.environ["RELEASE"]):
        time.sleep(0.01)
    with open(os.environ["MARK"], "w") as f:
        f.write(repr(time.time()))
    return "held"
"""

# Records when it started.
MARK_HANDLER = """\
import os, time

def handler(event, context):
    with open(os.environ["MARK"], "w") as f:
        f.write(repr(time.time()))
    return "quick"
"""


class Workers(ShutdownTestCase):
    def test_bad_worker_counts_refuse_to_start(self):
        for args, env in ((["--workers", "0"], None), ([], {"SFN_EMULATOR_WORKERS": "lots"})):
            srv = H.Server(extra_args=args, env=env)
            self.addCleanup(srv.cleanup)
            with self.assertRaises(RuntimeError) as ctx:
                srv.start()
            self.assertIn("--workers", str(ctx.exception))

    def test_with_one_worker_a_second_invocation_waits_for_the_first(self):
        srv = self.server(extra_args=["--workers", "1"])
        lam = srv.lambda_client(read_timeout=120)
        sfn = srv.client()
        tmp = srv._tmp
        files = {k: os.path.join(tmp, k) for k in ("held.pid", "release", "held.mark", "quick.mark")}
        role = "arn:aws:iam::123456789012:role/x"
        lam.create_function(FunctionName="held", Runtime="python3.12", Handler="app.handler",
                            Role=role, Timeout=60,
                            Environment={"Variables": {"PID_FILE": files["held.pid"],
                                                       "RELEASE": files["release"],
                                                       "MARK": files["held.mark"]}},
                            Code={"ZipFile": H.make_zip({"app.py": HELD_HANDLER})})
        lam.create_function(FunctionName="quick", Runtime="python3.12", Handler="app.handler",
                            Role=role, Environment={"Variables": {"MARK": files["quick.mark"]}},
                            Code={"ZipFile": H.make_zip({"app.py": MARK_HANDLER})})
        held = in_background(lambda: lam.invoke(FunctionName="held", Payload=b"{}"))
        H.poll_until("the held handler to run", lambda: os.path.exists(files["held.pid"]))
        # The quick one is dispatched (TaskStarted commits with the dispatch) while the only
        # worker is busy: it waits in the queue.
        arn = sfn.create_state_machine(
            name="quick", roleArn=H.ROLE_ARN,
            definition=H.definition({"T": {"Type": "Task", "End": True, "Resource":
                                           f"arn:aws:lambda:us-east-1:{H.ACCOUNT}:function:quick"}}),
        )["stateMachineArn"]
        ex = sfn.start_execution(stateMachineArn=arn, input="{}")["executionArn"]
        H.poll_until("the quick invocation to be dispatched", lambda: any(
            e["type"] == "LambdaFunctionStarted" for e in H.full_history(sfn, ex)))
        self.assertFalse(os.path.exists(files["quick.mark"]))
        # The control plane answers meanwhile.
        self.assertIn("quick", [f["FunctionName"] for f in lam.list_functions()["Functions"]])
        open(files["release"], "w").close()
        d = H.wait_for_status(sfn, ex, timeout=60, server=srv)
        self.assertEqual((d["status"], json.loads(d["output"])), ("SUCCEEDED", "quick"))
        held.join(timeout=60)
        with open(files["held.mark"]) as f:
            held_done = float(f.read())
        with open(files["quick.mark"]) as f:
            quick_started = float(f.read())
        self.assertGreaterEqual(quick_started, held_done)
        self.assert_clean_stop(srv)


class HandlerMidInvocation(ShutdownTestCase):
    def test_sigterm_during_an_invoke_kills_the_handler_and_its_children(self):
        srv = self.server()
        lam = srv.lambda_client(read_timeout=600)
        pid_file = os.path.join(srv._tmp, "invoke.pid")
        self.create_blocking(lam, "blocker", pid_file)
        in_background(lambda: lam.invoke(FunctionName="blocker", Payload=b"{}"))
        pids = H.poll_until("the handler to run", lambda: read_pids(pid_file))
        self.assertTrue(all(alive(p) for p in pids), pids)
        self.assert_clean_stop(srv)
        assert_all_gone(pids)

    def test_sigterm_during_a_task_then_the_restart_invokes_again(self):
        srv = self.server()
        lam = srv.lambda_client(read_timeout=600)
        sfn = srv.client()
        pid_file = os.path.join(srv._tmp, "task.pid")
        self.create_blocking(lam, "task-blocker", pid_file)
        arn = sfn.create_state_machine(
            name="blocked", roleArn=H.ROLE_ARN,
            definition=H.definition({"T": {"Type": "Task", "End": True, "Resource":
                                           f"arn:aws:lambda:us-east-1:{H.ACCOUNT}:function:task-blocker"}}),
        )["stateMachineArn"]
        ex = sfn.start_execution(stateMachineArn=arn, input="{}")["executionArn"]
        pids = H.poll_until("the handler to run", lambda: read_pids(pid_file))
        os.remove(pid_file)
        self.assert_clean_stop(srv)
        assert_all_gone(pids)

        srv.start()  # same data dir: the execution resumes and invokes again
        sfn = srv.client()
        self.assertEqual(sfn.describe_execution(executionArn=ex)["status"], "RUNNING")
        again = H.poll_until("the handler to run again", lambda: read_pids(pid_file))
        self.assertNotEqual(again, pids)
        self.assert_clean_stop(srv)
        assert_all_gone(again)


class StubWaitingOutItsDelay(ShutdownTestCase):
    def test_sigterm_while_a_delayed_stub_is_pending(self):
        path = os.path.join(tempfile.mkdtemp(prefix="sfn-stubs-"), "functions.json")
        self.addCleanup(lambda: os.path.exists(path) and os.remove(path))
        with open(path, "w") as f:
            json.dump({"slow": {"$LATEST": {"Response": "late", "Delay": 3600 * 1000}}}, f)
        srv = self.server(extra_args=["--functions", path])
        sfn = srv.client()
        arn = sfn.create_state_machine(
            name="slow-stub", roleArn=H.ROLE_ARN,
            definition=H.definition({"T": {"Type": "Task", "End": True, "Resource":
                                           "arn:aws:states:::lambda:invoke",
                                           "Parameters": {"FunctionName": "slow"}}}),
        )["stateMachineArn"]
        ex = sfn.start_execution(stateMachineArn=arn, input="{}")["executionArn"]
        # TaskStarted is committed in the turn that dispatches the invocation: once it is
        # visible, the stub's timer is pending.
        H.poll_until("the invocation to start", lambda: any(
            e["type"] == "TaskStarted" for e in H.full_history(sfn, ex)))
        self.assertEqual(sfn.describe_execution(executionArn=ex)["status"], "RUNNING")
        self.assert_clean_stop(srv)


class CodeUploadBeingUnpacked(ShutdownTestCase):
    def test_sigterm_while_a_zip_unpacks(self):
        srv = self.server()
        lam = srv.lambda_client(read_timeout=600)
        # Thousands of small files: unpacking takes a noticeable while.
        files = {f"pkg/m{i}.py": f"x = {i}\n" for i in range(4000)}
        files["app.py"] = "def handler(e, c):\n    return 'ok'\n"
        zip_bytes = H.make_zip(files)
        in_background(lambda: lam.create_function(
            FunctionName="big", Runtime="python3.12", Handler="app.handler",
            Role="arn:aws:iam::123456789012:role/x", Code={"ZipFile": zip_bytes}))
        code_dir = os.path.join(srv.data_dir, "lambda", "big")
        H.poll_until("the upload to be unpacking", lambda: os.path.isdir(code_dir))
        # The pool drains: the unpacking finishes (within its own 60 s deadline), then the
        # emulator exits.
        self.assert_clean_stop(srv, timeout=UNPACK_STOP_TIMEOUT_S)
        # Nothing unpacks on behind the emulator's back.
        leftovers = []
        for pid in os.listdir("/proc"):
            if pid.isdigit():
                try:
                    with open(f"/proc/{pid}/cmdline", "rb") as f:
                        if code_dir.encode() in f.read() and alive(int(pid)):
                            leftovers.append(pid)
                except OSError:
                    pass
        self.assertEqual(leftovers, [])

        # The upload did not answer, so it may not have happened: creating it again works.
        srv.start()
        lam = srv.lambda_client()
        try:
            lam.get_function(FunctionName="big")
        except lam.exceptions.ResourceNotFoundException:
            lam.create_function(FunctionName="big", Runtime="python3.12", Handler="app.handler",
                                Role="arn:aws:iam::123456789012:role/x",
                                Code={"ZipFile": zip_bytes})
        r = lam.invoke(FunctionName="big", Payload=b"{}")
        self.assertEqual(json.loads(r["Payload"].read()), "ok")
        self.assert_clean_stop(srv)


class ForwardedCallWaiting(ShutdownTestCase):
    def test_sigterm_while_the_lambda_endpoint_is_silent(self):
        # A Lambda endpoint that reads the request and never answers.
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        self.addCleanup(listener.close)
        received = threading.Event()
        held = []

        def accept():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            held.append(conn)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                data += chunk
            received.set()

        threading.Thread(target=accept, daemon=True).start()
        self.addCleanup(lambda: [c.close() for c in held])
        port = listener.getsockname()[1]
        srv = self.server(env={"LAMBDA_ENDPOINT": f"http://127.0.0.1:{port}"})
        lam = srv.lambda_client(read_timeout=600)
        in_background(lambda: lam.invoke(FunctionName="elsewhere", Payload=b"{}"))
        H.poll_until("the forwarded request", received.is_set)
        self.assert_clean_stop(srv)


if __name__ == "__main__":
    unittest.main()
