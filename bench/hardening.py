#!/usr/bin/env python3
"""The hostile-input probes of issue 14, with the emulator's peak RSS for each.

Usage: bench/hardening.py [BINARY] [PROBE...]
BINARY defaults to $SFN_EMULATOR_BIN or build/sfn-emulator. Each probe starts a fresh server
(--clock virtual, temp data dir) under `ulimit -v` (SFN_PROBE_MEMORY_MB, default 3072) so a
probe that would take the machine's memory ends in an allocation failure instead; it prints
what the server answered, whether it still answers (or, when it died, whether it starts again
on the same data directory), and its peak RSS (VmHWM, the server process alone). Prints
figures; asserts nothing (the regression tests are tests/e2e/test_hardening.py).
"""
import base64
import io
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "e2e"))
import harness as H  # noqa: E402

MEMORY_MB = int(os.environ.get("SFN_PROBE_MEMORY_MB", "3072"))
DEPTH = 100_000  # 200 KB of brackets: under AWS's 256 KiB input limit
DEEP_ARRAY = "[" * DEPTH + "]" * DEPTH
DEEP_OBJECT = '{"a":' * (DEPTH // 3) + "1" + "}" * (DEPTH // 3)


def wrapper(binary):
    """A script that runs `binary` under the memory limit (exec keeps the pid)."""
    fd, path = tempfile.mkstemp(prefix="sfn-probe-", suffix=".sh")
    with os.fdopen(fd, "w") as f:
        f.write(f"#!/bin/sh\nulimit -v {MEMORY_MB * 1024}\nexec {binary} \"$@\"\n")
    os.chmod(path, 0o755)
    return path


def peak_rss_mib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def short(e):
    text = (getattr(e, "response", None) or {}).get("Error", {})
    if text:
        return f"{text.get('Code')}: {text.get('Message', '')[:160]}"
    return f"{type(e).__name__}: {str(e)[:160]}"


def answers(srv):
    try:
        return srv.health().status == 200
    except OSError:
        return False


def lambda_zip(code, name="app.py"):
    return H.make_zip({name: code})


def create_function(lam, name, code, timeout=3, runtime="python3.12"):
    lam.create_function(FunctionName=name, Runtime=runtime, Handler="app.handler",
                        Role="arn:aws:iam::123456789012:role/x", Timeout=timeout,
                        Code={"ZipFile": lambda_zip(code)})


ECHO = "def handler(event, context):\n    return event\n"


def probe_invoke_deep(srv):
    lam = srv.lambda_client()
    create_function(lam, "echo", ECHO)
    r = lam.invoke(FunctionName="echo", Payload=DEEP_ARRAY.encode())
    return f"{r['StatusCode']} {r.get('FunctionError', '')} {r['Payload'].read()[:120]!r}"


def probe_start_deep(srv):
    sfn = srv.client()
    arn = sfn.create_state_machine(name="p", roleArn=H.ROLE_ARN, definition=H.PASS_DEF)["stateMachineArn"]
    sfn.start_execution(stateMachineArn=arn, input=DEEP_ARRAY)
    return "started"


def probe_create_deep(srv):
    sfn = srv.client()
    d = '{"StartAt":"P","States":{"P":{"Type":"Pass","Result":' + DEEP_OBJECT + ',"End":true}}}'
    sfn.create_state_machine(name="p", roleArn=H.ROLE_ARN, definition=d)
    return "created"


def probe_string_to_json(srv):
    sfn = srv.client()
    # The Wait commits the execution first, so a crash in the next step is one every restart
    # would resume into.
    d = H.definition({"W": {"Type": "Wait", "Seconds": 5, "Next": "P"},
                      "P": {"Type": "Pass", "Parameters": {"v.$": "States.StringToJson($.s)"},
                            "End": True}})
    arn = sfn.create_state_machine(name="p", roleArn=H.ROLE_ARN, definition=d)["stateMachineArn"]
    e = sfn.start_execution(stateMachineArn=arn, input=json.dumps({"s": DEEP_ARRAY}))["executionArn"]
    time.sleep(1)
    if not answers(srv):
        return "server died"
    d = sfn.describe_execution(executionArn=e)
    return f"{d['status']} {d.get('error', '')}: {d.get('cause', '')[:100]}"


def probe_create_deep_then_run(srv):
    # A definition the parser accepts at any depth, then run: Pass outputs its Result.
    sfn = srv.client()
    d = '{"StartAt":"P","States":{"P":{"Type":"Pass","Result":' + DEEP_OBJECT + ',"End":true}}}'
    arn = sfn.create_state_machine(name="p", roleArn=H.ROLE_ARN, definition=d)["stateMachineArn"]
    sfn.start_execution(stateMachineArn=arn)
    return "created and started"


def probe_long_input_path(srv):
    sfn = srv.client()
    path = "$" + ".a" * 50_000
    d = H.definition({"P": {"Type": "Pass", "InputPath": path, "End": True}})
    arn = sfn.create_state_machine(name="p", roleArn=H.ROLE_ARN, definition=d)["stateMachineArn"]
    e = sfn.start_execution(stateMachineArn=arn, input=json.dumps({"a": {"b": 1}}))["executionArn"]
    d = H.wait_for_status(sfn, e, timeout=120)
    return f"{d['status']} {d.get('error', '')}: {d.get('cause', '')[:100]}"


def probe_deep_scan(srv):
    sfn = srv.client()
    depth = 900
    doc = '{"a":' * depth + '"' + "x" * 100_000 + '"' + "}" * depth
    d = H.definition({"P": {"Type": "Pass", "InputPath": "$..a", "End": True}})
    arn = sfn.create_state_machine(name="p", roleArn=H.ROLE_ARN, definition=d)["stateMachineArn"]
    e = sfn.start_execution(stateMachineArn=arn, input=doc)["executionArn"]
    d = H.wait_for_status(sfn, e, timeout=120)
    return f"{d['status']} {d.get('error', '')}: {d.get('cause', '')[:100]}"


def probe_lambda_prints(srv):
    lam = srv.lambda_client()
    create_function(lam, "chatty", "import sys\ndef handler(event, context):\n"
                    "    line = 'x' * 65536 + '\\n'\n    while True:\n        sys.stdout.write(line)\n",
                    timeout=4)
    r = lam.invoke(FunctionName="chatty", Payload=b"{}", LogType="Tail")
    return f"{r['StatusCode']} {r.get('FunctionError', '')} {r['Payload'].read()[:120]!r}"


def probe_lambda_big_response(srv):
    lam = srv.lambda_client(read_timeout=120)
    create_function(lam, "big", "def handler(event, context):\n    return 'x' * 300_000_000\n",
                    timeout=60)
    r = lam.invoke(FunctionName="big", Payload=b"{}")
    body = r["Payload"].read()
    return f"{r['StatusCode']} {r.get('FunctionError', '')} {len(body)} bytes {body[:120]!r}"


def probe_fd_exhaustion(srv):
    socks = []
    try:
        for _ in range(2000):
            s = socket.create_connection(("127.0.0.1", srv.port), timeout=2)
            socks.append(s)
    except OSError:
        pass
    time.sleep(1)
    t0 = os.times()
    cpu0 = _cpu_seconds(srv.proc.pid)
    time.sleep(2)
    cpu = _cpu_seconds(srv.proc.pid) - cpu0
    for s in socks:
        s.close()
    time.sleep(0.5)
    ok = answers(srv)
    del t0
    return f"{len(socks)} connections held; server CPU {cpu / 2 * 100:.0f}% meanwhile; answers after: {ok}"


def _cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        parts = f.read().rsplit(")", 1)[1].split()
    return (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")


def probe_cross_site_post(srv):
    code = base64.b64encode(lambda_zip(ECHO)).decode()
    body = json.dumps({"FunctionName": "evil", "Runtime": "python3.12", "Handler": "app.handler",
                       "Role": "arn:aws:iam::123456789012:role/x", "Code": {"ZipFile": code}})
    r = srv.http("POST", "/2015-03-31/functions", body=body,
                 headers={"Content-Type": "text/plain", "Origin": "http://evil.example"})
    return f"{r.status} {r.body[:100]!r}"


def probe_dns_rebinding(srv):
    r = srv.http("POST", "/", body="{}", headers={"Host": f"evil.example:{srv.port}",
                                                  "X-Amz-Target": "AWSStepFunctions.ListStateMachines",
                                                  "Content-Type": "application/x-amz-json-1.0"})
    return f"{r.status} {r.body[:100]!r}"


def probe_zip_bomb(srv):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        with z.open("app.py", "w", force_zip64=True) as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(1024):
                f.write(chunk)
    lam = srv.lambda_client()
    try:
        create_function_raw(lam, "bomb", buf.getvalue())
        return f"created ({len(buf.getvalue())} bytes zipped)"
    except Exception as e:  # noqa: BLE001
        return f"{len(buf.getvalue()) // 1024} KiB zip: {short(e)}"


def create_function_raw(lam, name, zip_bytes):
    lam.create_function(FunctionName=name, Runtime="python3.12", Handler="app.handler",
                        Role="arn:aws:iam::123456789012:role/x", Code={"ZipFile": zip_bytes})


def probe_two_processes(srv):
    other = H.Server(data_dir=srv.data_dir)
    try:
        other.start()
        return "a second process started on the same data directory"
    except RuntimeError as e:
        return "second process refused: " + str(e).splitlines()[0][:160]
    finally:
        other.cleanup()


def probe_clock_9999(srv):
    sfn = srv.client()
    d = H.definition({"W": {"Type": "Wait", "Seconds": 99999999, "Next": "W2"},
                      "W2": {"Type": "Wait", "SecondsPath": "$.s", "End": True}})
    arn = sfn.create_state_machine(name="p", roleArn=H.ROLE_ARN, definition=d)["stateMachineArn"]
    e = sfn.start_execution(stateMachineArn=arn, input=json.dumps({"s": 400_000_000_000}))["executionArn"]
    time.sleep(1)
    try:
        d = sfn.describe_execution(executionArn=e)
        out = f"{d['status']} {d.get('error', '')}: {d.get('cause', '')[:100]}"
    except Exception as ex:  # noqa: BLE001
        out = "DescribeExecution failed: " + short(ex)
    r = srv.http("GET", "/_emulator/clock")
    return out + f"; clock {r.body[:60]!r}"


def probe_broken_zip(srv):
    good = lambda_zip(ECHO)
    broken = good[: len(good) // 2] + b"\0" * 64 + good[len(good) // 2 + 64:]
    lam = srv.lambda_client()
    out = []
    for name, data in (("truncated", good[:-30]), ("corrupt", broken), ("not-a-zip", b"hello")):
        try:
            create_function_raw(lam, "z" + name.replace("-", ""), data)
            r = lam.invoke(FunctionName="z" + name.replace("-", ""), Payload=b"{}")
            out.append(f"{name}: created; invoke {r.get('FunctionError', '')} {r['Payload'].read()[:80]!r}")
        except Exception as e:  # noqa: BLE001
            out.append(f"{name}: {short(e)}")
    return "; ".join(out)


PROBES = [
    ("invoke-deep", "Lambda Invoke, 200 KB of nested brackets", probe_invoke_deep),
    ("start-deep", "StartExecution, 200 KB of nested brackets", probe_start_deep),
    ("create-deep", "CreateStateMachine, a Result nested 33,333 deep", probe_create_deep),
    ("create-deep-run", "the same definition, started", probe_create_deep_then_run),
    ("string-to-json", "Wait, then States.StringToJson of 200 KB of brackets; a restart",
     probe_string_to_json),
    ("long-input-path", "InputPath of 50,000 steps", probe_long_input_path),
    ("deep-scan", "InputPath $..a over a 900-deep input with a 100 KB leaf", probe_deep_scan),
    ("lambda-prints", "a handler printing 64 KB lines for its 4 s", probe_lambda_prints),
    ("lambda-300mb", "a handler returning 300 MB", probe_lambda_big_response),
    ("fd-exhaustion", "2,000 idle connections under ulimit -n 256", probe_fd_exhaustion),
    ("cross-site-post", "text/plain CreateFunction with a foreign Origin", probe_cross_site_post),
    ("dns-rebinding", "Host: evil.example", probe_dns_rebinding),
    ("zip-bomb", "a 1 GiB file zipped", probe_zip_bomb),
    ("two-processes", "a second emulator on the same data directory", probe_two_processes),
    ("clock-9999", "Waits of 99,999,999 s and 4e11 s (virtual clock)", probe_clock_9999),
    ("broken-zip", "truncated, corrupt and non-zip code", probe_broken_zip),
]


def run(binary, name, title, fn):
    os.environ["SFN_EMULATOR_BIN"] = wrapper(binary)
    extra_env = {}
    srv = H.Server(log_level="warn", env=extra_env)
    if name == "fd-exhaustion":
        srv.command = _with_nofile(srv.command, 256)
    srv.start()
    pid = srv.proc.pid
    t0 = time.monotonic()
    try:
        result = fn(srv)
    except Exception as e:  # noqa: BLE001
        result = short(e)
    seconds = time.monotonic() - t0
    rss = peak_rss_mib(pid)
    alive = srv.proc.poll() is None and answers(srv)
    after = "up" if alive else f"DIED (rc {srv.proc.poll()})"
    if not alive:
        try:
            srv.kill9()
            srv.start()
            time.sleep(2)
            after += "; restart: " + ("up" if srv.proc.poll() is None and answers(srv)
                                      else f"died again (rc {srv.proc.poll()})")
        except Exception as e:  # noqa: BLE001
            after += "; restart failed: " + str(e).splitlines()[0][:80]
    elif name == "string-to-json":
        # What a restart finds: the execution failed, not a crash again.
        srv.restart()
        time.sleep(2)
        after += "; restart: " + ("up" if srv.proc.poll() is None and answers(srv)
                                  else f"died again (rc {srv.proc.poll()})")
    srv.cleanup()
    rss_text = f"{rss:.0f} MiB" if rss is not None else "n/a (died)"
    print(f"{name:16} | {title} | {result} | server {after} | peak RSS {rss_text} | {seconds:.1f} s",
          flush=True)


def _with_nofile(command, n):
    def cmd():
        return ["prlimit", f"--nofile={n}:{n}", "--"] + command()
    return cmd


def main():
    args = sys.argv[1:]
    binary = os.path.abspath(args.pop(0)) if args and os.path.isfile(args[0]) else os.path.abspath(
        os.environ.get("SFN_EMULATOR_BIN") or os.path.join(H.REPO_ROOT, "build", "sfn-emulator"))
    wanted = set(args)
    for name, title, fn in PROBES:
        if not wanted or name in wanted:
            run(binary, name, title, fn)


if __name__ == "__main__":
    main()
