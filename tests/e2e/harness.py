"""End-to-end harness: runs the real sfn-emulator binary and talks to it like a user would.

    with Server() as srv:                      # --port 0, temp --data-dir, --clock virtual
        sfn = srv.client()                     # boto3 stepfunctions client (dummy creds, us-east-1)
        out = srv.aws("stepfunctions", "list-state-machines")   # AWS CLI, parsed JSON
        srv.kill9(); srv.start()               # same data dir, new port
        srv.advance_clock(60)                  # POST /_emulator/clock (virtual/manual clocks)

The binary is $SFN_EMULATOR_BIN, else <repo>/build/sfn-emulator. Only python3's stdlib, boto3
and the AWS CLI are needed. Nothing here sleeps on real time except short polls with deadlines.
"""

import atexit
import ctypes
import datetime as dt
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import uuid

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ACCOUNT = "123456789012"
REGION = "us-east-1"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/sfn-e2e"
LISTEN_RE = re.compile(r"^sfn-emulator (\S+) listening on http://(\S+):(\d+) data (.+)$")
START_TIMEOUT_S = 20.0
# /_emulator/ writes need this header (a cross-site form cannot send it).
EMULATOR_WRITE_HEADER = "X-Sfn-Emulator"

# Step Functions Local's variables, which the binary honours (api/sfn_local_env.cc): kept from the
# server's environment unless a test sets them, so a developer's AWS_DEFAULT_REGION changes nothing.
SFN_LOCAL_VARIABLES = frozenset((
    "AWS_ACCOUNT_ID", "AWS_DEFAULT_REGION", "WAIT_TIME_SCALE", "LAMBDA_ENDPOINT", "BATCH_ENDPOINT",
    "DYNAMODB_ENDPOINT", "ECS_ENDPOINT", "GLUE_ENDPOINT", "SAGE_MAKER_ENDPOINT", "SQS_ENDPOINT",
    "SNS_ENDPOINT", "STEP_FUNCTIONS_ENDPOINT", "EKS_ENDPOINT", "DATABRICKS_ENDPOINT",
    "SFN_MOCK_CONFIG"))

_live_servers = []


def binary_path():
    path = os.path.abspath(os.environ.get("SFN_EMULATOR_BIN") or os.path.join(REPO_ROOT, "build", "sfn-emulator"))
    if not os.path.isfile(path) or not os.access(path, os.X_OK):
        raise RuntimeError(f"sfn-emulator binary not found at {path!r}: build it first "
                           f"(scripts/test does), or set SFN_EMULATOR_BIN")
    return path


def _die_with_parent():
    """preexec_fn: the server gets SIGKILL if the test process dies, so nothing is left behind."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def sm_arn(name, region=REGION):
    return f"arn:aws:states:{region}:{ACCOUNT}:stateMachine:{name}"


def exec_arn(sm_name, name, region=REGION):
    return f"arn:aws:states:{region}:{ACCOUNT}:execution:{sm_name}:{name}"


def unique(prefix="e2e"):
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def cli_env(extra=None):
    """Environment for the AWS CLI: dummy credentials, no user config, no pager. Retries keep the
    CLI's defaults, so error messages print exactly as a user sees them."""
    env = dict(os.environ)
    for k in list(env):
        if k.startswith("AWS_"):
            del env[k]
    nowhere = os.path.join(tempfile.gettempdir(), "sfn-e2e-no-aws-config")
    env.update({
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_CONFIG_FILE": nowhere,
        "AWS_SHARED_CREDENTIALS_FILE": nowhere,
        "AWS_PAGER": "",
        "AWS_EC2_METADATA_DISABLED": "true",
    })
    if extra:
        env.update(extra)
    return env


class CliResult:
    def __init__(self, args, proc):
        self.args = args
        self.returncode = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr
        self.json = None
        if self.returncode == 0 and self.stdout.strip():
            self.json = json.loads(self.stdout)

    @property
    def ok(self):
        return self.returncode == 0

    def __repr__(self):
        return (f"CliResult(rc={self.returncode}, args={self.args!r}, stdout={self.stdout[-2000:]!r}, "
                f"stderr={self.stderr[-2000:]!r})")


class HttpResponse:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # dict with lower-cased names
        self.body = body        # bytes

    def json(self):
        return json.loads(self.body)

    def __repr__(self):
        return f"HttpResponse({self.status}, {self.headers!r}, {self.body[:500]!r})"


class Endpoint:
    """Wire helpers for a server listening on 127.0.0.1:<port>."""

    def __init__(self, port=None):
        self.port = port

    # -- clients -----------------------------------------------------------------------------
    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    def client(self, region=REGION, service="stepfunctions"):
        cfg = Config(retries={"total_max_attempts": 1}, connect_timeout=5, read_timeout=30,
                     max_pool_connections=16)
        return boto3.session.Session().client(service, endpoint_url=self.endpoint, region_name=region,
                                              aws_access_key_id="test", aws_secret_access_key="test",
                                              config=cfg)

    def lambda_client(self, region=REGION, read_timeout=30):
        """boto3 Lambda client (REST-JSON under /2015-03-31/ on the same port)."""
        cfg = Config(retries={"total_max_attempts": 1}, connect_timeout=5, read_timeout=read_timeout,
                     max_pool_connections=16)
        return boto3.session.Session().client("lambda", endpoint_url=self.endpoint, region_name=region,
                                              aws_access_key_id="test", aws_secret_access_key="test",
                                              config=cfg)

    def aws(self, *args, region=REGION, env=None, timeout=60):
        """Runs `aws --endpoint-url <ep> --region <r> --output json <args...>`; never raises on rc != 0."""
        cmd = ["aws", "--endpoint-url", self.endpoint, "--region", region, "--output", "json", *args]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=cli_env(env), timeout=timeout)
        return CliResult(cmd, proc)

    def http(self, method, path, body=None, headers=None, timeout=10):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            r = conn.getresponse()
            return HttpResponse(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
        finally:
            conn.close()

    # -- admin surface -----------------------------------------------------------------------
    def health(self):
        return self.http("GET", "/_emulator/health")

    def clock_now(self):
        r = self.http("GET", "/_emulator/clock")
        if r.status != 200:
            raise AssertionError(f"GET /_emulator/clock: {r!r}")
        return parse_iso(r.json()["now"])

    def advance_clock(self, seconds):
        r = self.http("POST", "/_emulator/clock", body=json.dumps({"advance": seconds}),
                      headers={"Content-Type": "application/json", EMULATOR_WRITE_HEADER: "1"})
        if r.status != 200:
            raise AssertionError(f"POST /_emulator/clock: {r!r}")
        return parse_iso(r.json()["now"])
class Server(Endpoint):

    """One sfn-emulator process on an ephemeral port with its own data directory."""

    def __init__(self, clock="virtual", data_dir=None, in_memory=False, extra_args=(), env=None,
                 log_level=None):
        super().__init__()
        self.clock = clock
        self.in_memory = in_memory
        self.extra_args = list(extra_args)
        self.extra_env = dict(env or {})
        self.log_level = log_level or os.environ.get("SFN_E2E_LOG_LEVEL", "info")
        self._tmp = tempfile.mkdtemp(prefix="sfn-e2e-")
        self._owns_data_dir = data_dir is None
        self.data_dir = data_dir or os.path.join(self._tmp, "data")
        self.proc = None
        self.version = None
        self.host = None
        self.port = None
        self.data = None
        self.listen_line = None
        self.extra_stdout = []
        self._log_file = None
        self._log_path = os.path.join(self._tmp, "server.log")
        self._starts = 0
        _live_servers.append(self)

    # -- lifecycle ---------------------------------------------------------------------------
    def command(self):
        cmd = [binary_path(), "--host", "127.0.0.1", "--port", "0", "--clock", self.clock,
               "--log-level", self.log_level]
        cmd += ["--in-memory"] if self.in_memory else ["--data-dir", self.data_dir]
        return cmd + self.extra_args

    def start(self):
        if self.proc is not None and self.proc.poll() is None:
            raise RuntimeError("server already running")
        self._starts += 1
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("SFN_EMULATOR_") and k not in SFN_LOCAL_VARIABLES}
        env.update(self.extra_env)
        self._log_file = open(self._log_path, "ab")
        self._log_file.write(f"---- start #{self._starts}: {' '.join(self.command())}\n".encode())
        self._log_file.flush()
        self.proc = subprocess.Popen(self.command(), stdout=subprocess.PIPE, stderr=self._log_file,
                                     stdin=subprocess.DEVNULL, env=env, cwd=self._tmp,
                                     preexec_fn=_die_with_parent)
        line = self._read_first_line()
        m = LISTEN_RE.match(line)
        if not m:
            self.stop()
            raise RuntimeError(f"unexpected first line on stdout: {line!r}\n{self.log_tail()}")
        self.listen_line = line
        self.version, self.host, self.port, self.data = m.group(1), m.group(2), int(m.group(3)), m.group(4)
        self.extra_stdout = []
        threading.Thread(target=self._drain_stdout, args=(self.proc, self.extra_stdout), daemon=True).start()
        return self

    def _read_first_line(self):
        result = {}

        def reader(proc=self.proc):
            result["line"] = proc.stdout.readline()

        t = threading.Thread(target=reader, daemon=True)
        t.start()
        t.join(START_TIMEOUT_S)
        if t.is_alive():
            self.kill9()
            raise RuntimeError(f"server printed no line within {START_TIMEOUT_S}s\n{self.log_tail()}")
        line = result.get("line", b"")
        if not line:
            rc = self.proc.wait(timeout=5)
            raise RuntimeError(f"server exited (rc={rc}) before printing its address\n{self.log_tail()}")
        return line.decode("utf-8", "replace").rstrip("\r\n")

    @staticmethod
    def _drain_stdout(proc, sink):
        for line in proc.stdout:
            sink.append(line.decode("utf-8", "replace").rstrip("\n"))

    def stop(self, timeout=15.0):
        """SIGTERM and wait; returns the exit code (SIGKILL after the timeout)."""
        if self.proc is None:
            return None
        rc = self.proc.poll()
        if rc is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                rc = self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                rc = self.proc.wait()
                self._close_log()
                raise RuntimeError(f"server did not stop within {timeout}s of SIGTERM\n{self.log_tail()}")
        self._close_log()
        return rc

    def kill9(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()
        self._close_log()

    def restart(self, hard=False):
        """Stops (SIGTERM, or SIGKILL when hard) and starts again on the same data directory."""
        if hard:
            self.kill9()
        else:
            self.stop()
        return self.start()

    def _close_log(self):
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    def cleanup(self):
        try:
            self.kill9()
        finally:
            shutil.rmtree(self._tmp, ignore_errors=True)
            if self in _live_servers:
                _live_servers.remove(self)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.cleanup()

    def log_tail(self, lines=40):
        try:
            with open(self._log_path, "rb") as f:
                text = f.read().decode("utf-8", "replace")
        except OSError:
            return "(no server log)"
        tail = text.splitlines()[-lines:]
        return "---- server log (last %d lines) ----\n%s" % (len(tail), "\n".join(tail))

@atexit.register
def _cleanup_all():
    for s in list(_live_servers):
        s.cleanup()


# -- helpers ------------------------------------------------------------------------------------
def make_zip(files, executable=()):
    """A zip archive (bytes) of {name: text}; names in `executable` get mode 0755."""
    import io
    import zipfile
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (0o755 if name in executable else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text)
    return buf.getvalue()


def parse_iso(text):
    t = text.strip()
    if t.endswith("Z"):
        t = t[:-1] + "+00:00"
    return dt.datetime.fromisoformat(t)


def iso_z(when):
    return when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def definition(states, start_at=None, **top):
    d = {"StartAt": start_at or next(iter(states)), "States": states}
    d.update(top)
    return json.dumps(d)


PASS_DEF = definition({"P": {"Type": "Pass", "Result": {"Arg1": "argument1"}, "End": True}})


def wait_def(seconds=3600):
    return definition({"W": {"Type": "Wait", "Seconds": seconds, "Next": "Done"},
                       "Done": {"Type": "Pass", "End": True}})


def wait_for_status(sfn, execution_arn, statuses=("SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"),
                    timeout=15.0, server=None):
    """Polls DescribeExecution until status is in `statuses`; short real-time polls only."""
    if isinstance(statuses, str):
        statuses = (statuses,)
    deadline = time.monotonic() + timeout
    delay = 0.01
    while True:
        d = sfn.describe_execution(executionArn=execution_arn)
        if d["status"] in statuses:
            return d
        if time.monotonic() > deadline:
            extra = ("\n" + server.log_tail()) if server else ""
            raise AssertionError(f"{execution_arn} is {d['status']} after {timeout}s, "
                                 f"expected one of {statuses}{extra}")
        time.sleep(delay)
        delay = min(delay * 2, 0.2)


def poll_until(what, check, timeout=20.0):
    """Calls check() until it returns something true, and returns that; short real-time polls
    only, an AssertionError naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    delay = 0.01
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(delay)
        delay = min(delay * 2, 0.1)


def all_executions(sfn, **kw):
    """Every page of ListExecutions(**kw), following nextToken."""
    executions, token = [], None
    while True:
        args = dict(kw)
        if token:
            args["nextToken"] = token
        page = sfn.list_executions(**args)
        executions.extend(page["executions"])
        token = page.get("nextToken")
        if not token:
            return executions


def full_history(sfn, execution_arn, **kw):
    events, token = [], None
    while True:
        args = dict(executionArn=execution_arn, **kw)
        if token:
            args["nextToken"] = token
        page = sfn.get_execution_history(**args)
        events.extend(page["events"])
        token = page.get("nextToken")
        if not token:
            return events


def strip_event(e):
    """An event without its timestamp, details' JSON strings parsed, for exact comparison."""
    out = {k: v for k, v in e.items() if k != "timestamp"}
    for k, v in list(out.items()):
        if k.endswith("EventDetails") and isinstance(v, dict):
            v = dict(v)
            for field in ("input", "output"):
                if isinstance(v.get(field), str):
                    v[field] = json.loads(v[field])
            out[k] = v
    return out


def error_of(ctx):
    """(code, message) of a botocore ClientError caught with assertRaises."""
    err = ctx.exception.response.get("Error", {})
    return err.get("Code"), err.get("Message")


class ServerTestCase(unittest.TestCase):
    """One server per test class (started in setUpClass, removed in tearDownClass)."""

    CLOCK = "virtual"
    EXTRA_ARGS = ()
    IN_MEMORY = False  # --in-memory instead of a data directory

    @classmethod
    def setUpClass(cls):
        cls.server = Server(clock=cls.CLOCK, extra_args=cls.EXTRA_ARGS, in_memory=cls.IN_MEMORY)
        try:
            cls.server.start()
        except Exception:
            cls.server.cleanup()
            raise
        cls.sfn = cls.server.client()

    @classmethod
    def tearDownClass(cls):
        srv = cls.server
        try:
            rc = srv.stop()
            if rc not in (0, None):
                sys.stderr.write(f"server exited with {rc} on SIGTERM\n{srv.log_tail()}\n")
        finally:
            srv.cleanup()

    # -- conveniences ------------------------------------------------------------------------
    def create_sm(self, name=None, definition_text=PASS_DEF, type_="STANDARD", **kw):
        name = name or unique("sm")
        r = self.sfn.create_state_machine(name=name, definition=definition_text, roleArn=ROLE_ARN,
                                          type=type_, **kw)
        return name, r["stateMachineArn"]

    def run_execution(self, definition_text, input_text="{}", name=None, timeout=15.0):
        """Creates a state machine, starts it, waits for the end; returns (describe, history)."""
        _, arn = self.create_sm(definition_text=definition_text)
        kw = {"stateMachineArn": arn, "input": input_text}
        if name:
            kw["name"] = name
        start = self.sfn.start_execution(**kw)
        d = wait_for_status(self.sfn, start["executionArn"], timeout=timeout, server=self.server)
        return d, full_history(self.sfn, start["executionArn"])

    def assertClientError(self, code, message, fn, *args, **kwargs):
        """Calls fn, expects a ClientError with `code`; `message` is a string (exact) or a regex
        pattern compiled with re.compile (matched with fullmatch), or None (not checked)."""
        with self.assertRaises(ClientError) as ctx:
            fn(*args, **kwargs)
        got_code, got_msg = error_of(ctx)
        self.assertEqual(code, got_code, f"error code; message was {got_msg!r}")
        if isinstance(message, re.Pattern):
            self.assertRegex(got_msg or "", message)
            self.assertIsNotNone(message.fullmatch(got_msg or ""), f"message {got_msg!r} !~ {message.pattern}")
        elif message is not None:
            self.assertEqual(message, got_msg)
        self.assertEqual(400, ctx.exception.response["ResponseMetadata"]["HTTPStatusCode"])
        return ctx.exception

    def assertHistoryChain(self, events):
        """ids are 1..N without gaps or duplicates, previousEventId points backwards."""
        ids = [e["id"] for e in events]
        self.assertEqual(list(range(1, len(events) + 1)), ids, "event ids must be 1..N")
        for e in events:
            self.assertLess(e["previousEventId"], e["id"])
            self.assertGreaterEqual(e["previousEventId"], 0)
        ts = [e["timestamp"] for e in events]
        self.assertEqual(sorted(ts), ts, "timestamps must not go backwards")
