"""Lambda runtimes without Docker: python and nodejs handlers run by the local interpreters
(warm processes), provided.* bootstraps, AWS's error payloads (unhandled exception, timeout,
import and handler errors), logs, environment, context, and a slow handler that delays nothing
else."""

import base64
import json
import os
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

ROLE = "arn:aws:iam::123456789012:role/lambda-e2e"
ARN_PREFIX = "arn:aws:lambda:us-east-1:123456789012:function:"

PY_CONTEXT = """import os
def handler(event, context):
    print("event", event)
    return {
        "event": event,
        "function_name": context.function_name,
        "function_version": context.function_version,
        "invoked_function_arn": context.invoked_function_arn,
        "memory_limit_in_mb": context.memory_limit_in_mb,
        "request_id": context.aws_request_id,
        "remaining_ok": 0 < context.get_remaining_time_in_millis() <= 5000,
        "env": os.environ.get("GREETING"),
        "pid": os.getpid(),
    }
"""

PY_FDS = """import os
def handler(event, context):
    fds = {}
    for fd in os.listdir("/proc/self/fd"):
        try:
            fds[fd] = os.readlink("/proc/self/fd/" + fd)
        except OSError:
            pass  # the listing's own descriptor, closed by now
    return fds
"""

# The descriptors of the bootstrap's shell, as a JSON object.
PROVIDED_FDS = r"""#!/bin/sh
read -r EVENT
printf '{'
for f in /proc/$$/fd/*; do printf '"%s": "%s", ' "${f##*/}" "$(readlink "$f")"; done
printf '"end": ""}'
"""

PY_RAISE = """def handler(event, context):
    helper(event)

def helper(event):
    raise ValueError("bad input: " + str(event.get("x")))
"""

PY_SLEEP = """import time
def handler(event, context):
    time.sleep(event.get("seconds", 30))
    return "woke"
"""

PY_GARBAGE = """import sys
def handler(event, context):
    sys.stdout.write("\\x00\\x01 not json {{{ \\n")
    print('{"ok": false, "payload": "forged"}')
    sys.stderr.write("err line\\n")
    return {"fine": True}
"""

NODE_ASYNC = """exports.handler = async (event, context) => {
  console.log('node event', JSON.stringify(event));
  return {echo: event, fn: context.functionName, version: context.functionVersion,
          arn: context.invokedFunctionArn, env: process.env.GREETING,
          remaining: context.getRemainingTimeInMillis() > 0};
};
"""

NODE_THROW = """exports.handler = async (event) => { throw new TypeError('node says no'); };
"""

NODE_CALLBACK = """exports.handler = (event, context, callback) => { callback(null, {cb: event.n * 2}); };
"""

PROVIDED = """#!/bin/sh
read -r EVENT
echo "log from bootstrap" >&2
printf '{"provided": %s, "fn": "%s"}' "$EVENT" "$AWS_LAMBDA_FUNCTION_NAME"
"""

PROVIDED_FAIL = """#!/bin/sh
echo "dying" >&2
exit 3
"""


class LambdaRuntimes(H.ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lam = cls.server.lambda_client(read_timeout=60)

    def create(self, files, runtime="python3.12", handler="app.handler", executable=(), **kw):
        name = H.unique("rt")
        self.lam.create_function(FunctionName=name, Runtime=runtime, Handler=handler, Role=ROLE,
                                 Code={"ZipFile": H.make_zip(files, executable)}, **kw)
        return name

    def invoke(self, name, event=None, **kw):
        r = self.lam.invoke(FunctionName=name, Payload=json.dumps(event or {}).encode(), **kw)
        return r, json.loads(r["Payload"].read() or b"null")

    def test_python_context_env_logs_and_warm_reuse(self):
        name = self.create({"app.py": PY_CONTEXT}, Timeout=5, MemorySize=256,
                           Environment={"Variables": {"GREETING": "hello"}})
        r, body = self.invoke(name, {"a": 1}, LogType="Tail")
        self.assertEqual(r["StatusCode"], 200)
        self.assertNotIn("FunctionError", r)
        self.assertEqual(r["ExecutedVersion"], "$LATEST")
        self.assertEqual(body["event"], {"a": 1})
        self.assertEqual(body["function_name"], name)
        self.assertEqual(body["function_version"], "$LATEST")
        self.assertEqual(body["invoked_function_arn"], ARN_PREFIX + name)
        self.assertEqual(body["memory_limit_in_mb"], 256)
        self.assertTrue(body["remaining_ok"])
        self.assertEqual(body["env"], "hello")
        log = base64.b64decode(r["LogResult"]).decode()
        self.assertIn("START RequestId: " + body["request_id"], log)
        self.assertIn("event {'a': 1}", log)
        self.assertIn("REPORT RequestId:", log)
        _, again = self.invoke(name, {"a": 2})
        self.assertEqual(again["pid"], body["pid"], "the warm process is reused")
        self.assertNotEqual(again["request_id"], body["request_id"])

    def test_handler_processes_inherit_no_server_descriptors(self):
        # A warm handler process must not hold the server's listening socket, its connections or
        # its SQLite files (it could keep the port after the server stops): only its own pipes.
        for files, runtime, handler in (({"app.py": PY_FDS}, "python3.12", "app.handler"),
                                        ({"bootstrap": PROVIDED_FDS}, "provided.al2023", "unused")):
            with self.subTest(runtime=runtime):
                name = self.create(files, runtime=runtime, handler=handler,
                                   executable=("bootstrap",) if runtime.startswith("provided") else ())
                r, fds = self.invoke(name)
                self.assertNotIn("FunctionError", r, fds)
                leaked = {fd: target for fd, target in fds.items()
                          if target.startswith("socket:") or ".db" in target or "sqlite" in target}
                self.assertEqual({}, leaked, fds)

    def test_python_unhandled_exception_payload(self):
        name = self.create({"app.py": PY_RAISE})
        r, body = self.invoke(name, {"x": 5})
        self.assertEqual(r["StatusCode"], 200)
        self.assertEqual(r["FunctionError"], "Unhandled")
        self.assertEqual(list(body), ["errorMessage", "errorType", "requestId", "stackTrace"])
        self.assertEqual(body["errorMessage"], "bad input: 5")
        self.assertEqual(body["errorType"], "ValueError")
        self.assertEqual(len(body["stackTrace"]), 2)
        self.assertRegex(body["stackTrace"][0], r'^  File ".*app.py", line 2, in handler\n    helper\(event\)\n$')
        self.assertIn('raise ValueError("bad input: " + str(event.get("x")))', body["stackTrace"][1])

    def test_handler_and_module_not_found(self):
        name = self.create({"app.py": "x = 1\n"})
        r, body = self.invoke(name)
        self.assertEqual(r["FunctionError"], "Unhandled")
        self.assertEqual(body["errorType"], "Runtime.HandlerNotFound")
        self.assertEqual(body["errorMessage"], "Handler 'handler' missing on module 'app'")
        name = self.create({"other.py": "x = 1\n"})
        r, body = self.invoke(name)
        self.assertEqual(body["errorType"], "Runtime.ImportModuleError")
        self.assertEqual(body["errorMessage"], "Unable to import module 'app': No module named 'app'")

    def test_timeout(self):
        name = self.create({"app.py": PY_SLEEP}, Timeout=1)
        started = time.monotonic()
        r, body = self.invoke(name, {"seconds": 30})
        self.assertLess(time.monotonic() - started, 10)
        self.assertEqual(r["FunctionError"], "Unhandled")
        self.assertEqual(body["errorType"], "Sandbox.Timedout")
        self.assertRegex(body["errorMessage"],
                         r"^RequestId: [0-9a-f-]{36} Error: Task timed out after 1\.00 seconds$")
        # The next call gets a fresh process and works.
        r, body = self.invoke(name, {"seconds": 0})
        self.assertEqual(body, "woke")

    def test_garbage_output_is_only_log(self):
        name = self.create({"app.py": PY_GARBAGE})
        r, body = self.invoke(name, LogType="Tail")
        self.assertNotIn("FunctionError", r)
        self.assertEqual(body, {"fine": True})
        log = base64.b64decode(r["LogResult"]).decode(errors="replace")
        self.assertIn("not json {{{", log)
        self.assertIn("err line", log)

    def test_process_death(self):
        name = self.create({"app.py": "import os, signal\ndef handler(e, c):\n"
                                      "    if e.get('kill'):\n        os.kill(os.getpid(), signal.SIGKILL)\n"
                                      "    os._exit(4)\n"})
        r, body = self.invoke(name, {"kill": True})
        self.assertEqual(r["FunctionError"], "Unhandled")
        self.assertEqual(body["errorType"], "Runtime.ExitError")
        self.assertRegex(body["errorMessage"],
                         r"^RequestId: [0-9a-f-]{36} Error: Runtime exited with error: signal: killed$")
        r, body = self.invoke(name)
        self.assertTrue(body["errorMessage"].endswith("Runtime exited with error: exit status 4"), body)

    def test_handler_forging_the_protocol_cannot_hurt_the_server(self):
        name = self.create({"app.py": "import os\ndef handler(e, c):\n"
                                      "    if e.get('forge'):\n        os.write(3, b'{\"ok\": 1}\\n')\n"
                                      "    return 'fine'\n"})
        r, body = self.invoke(name, {"forge": True})
        self.assertEqual(r["FunctionError"], "Unhandled")
        self.assertEqual(body["errorType"], "Runtime.InvalidResponse")
        self.assertEqual(self.invoke(name)[1], "fine")
        self.assertEqual(self.server.health().status, 200)

    def test_unserialisable_result(self):
        name = self.create({"app.py": "def handler(e, c):\n    return {1, 2}\n"})
        r, body = self.invoke(name)
        self.assertEqual(r["FunctionError"], "Unhandled")
        self.assertEqual(body["errorType"], "Runtime.MarshalError")
        self.assertEqual(body["errorMessage"],
                         "Unable to marshal response: Object of type set is not JSON serializable")

    def test_nodejs(self):
        name = self.create({"index.js": NODE_ASYNC}, runtime="nodejs20.x", handler="index.handler",
                           Environment={"Variables": {"GREETING": "hi"}})
        r, body = self.invoke(name, {"n": 1}, LogType="Tail")
        self.assertNotIn("FunctionError", r)
        self.assertEqual(body, {"echo": {"n": 1}, "fn": name, "version": "$LATEST",
                                "arn": ARN_PREFIX + name, "env": "hi", "remaining": True})
        self.assertIn('node event {"n":1}', base64.b64decode(r["LogResult"]).decode())
        cb = self.create({"index.js": NODE_CALLBACK}, runtime="nodejs20.x", handler="index.handler")
        self.assertEqual(self.invoke(cb, {"n": 21})[1], {"cb": 42})
        bad = self.create({"index.js": NODE_THROW}, runtime="nodejs20.x", handler="index.handler")
        r, body = self.invoke(bad)
        self.assertEqual(r["FunctionError"], "Unhandled")
        self.assertEqual(body["errorType"], "TypeError")
        self.assertEqual(body["errorMessage"], "node says no")
        self.assertEqual(body["trace"][0], "TypeError: node says no")

    def test_provided_bootstrap(self):
        name = self.create({"bootstrap": PROVIDED}, runtime="provided.al2023", handler="unused",
                           executable=("bootstrap",))
        r, body = self.invoke(name, {"k": "v"}, LogType="Tail")
        self.assertEqual(body, {"provided": {"k": "v"}, "fn": name})
        self.assertIn("log from bootstrap", base64.b64decode(r["LogResult"]).decode())
        bad = self.create({"bootstrap": PROVIDED_FAIL}, runtime="provided.al2023", handler="x",
                          executable=("bootstrap",))
        r, body = self.invoke(bad)
        self.assertEqual(r["FunctionError"], "Unhandled")
        self.assertEqual(body["errorType"], "Runtime.ExitError")
        self.assertIn("exit status 3", body["errorMessage"])

    def test_busy_process_means_another_one(self):
        name = self.create({"app.py": "import os, time\ndef handler(e, c):\n"
                                      "    time.sleep(e['s'])\n    return os.getpid()\n"}, Timeout=10)
        clients = [self.server.lambda_client() for _ in range(3)]
        pids = [None] * 3

        def call(i):
            r = clients[i].invoke(FunctionName=name, Payload=b'{"s": 1.0}')
            pids[i] = json.loads(r["Payload"].read())

        threads = [threading.Thread(target=call, args=(i,)) for i in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        self.assertEqual(len(set(pids)), 3, pids)
        # Afterwards the warm processes are reused.
        self.assertIn(self.invoke(name, {"s": 0})[1], pids)

    def test_slow_handler_delays_nothing_else(self):
        slow = self.create({"app.py": PY_SLEEP}, Timeout=20)
        fast = self.create({"app.py": "def handler(e, c):\n    return 'fast'\n"})
        self.invoke(fast)  # warm
        done = threading.Event()
        client = self.server.lambda_client(read_timeout=60)

        def call_slow():
            client.invoke(FunctionName=slow, Payload=json.dumps({"seconds": 3}).encode())
            done.set()

        t = threading.Thread(target=call_slow)
        t.start()
        try:
            started = time.monotonic()
            for _ in range(5):
                self.assertEqual(self.invoke(fast)[1], "fast")
                self.lam.list_functions()
                self.sfn.list_state_machines()
            self.assertFalse(done.is_set(), "the slow handler should still be running")
            self.assertLess(time.monotonic() - started, 2.5)
        finally:
            t.join(timeout=30)


if __name__ == "__main__":
    unittest.main()
