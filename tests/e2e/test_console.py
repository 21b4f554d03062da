"""The web console's server side (issue 13): the embedded page and its headers, the live channel
(/_emulator/changes long polling), the recent Lambda invocations, and the header /_emulator/
writes need. The page itself is driven in a real browser by tests/browser/."""

import json
import os
import re
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

STUBS = {"quote": {"$LATEST": {"Response": {"price": 42}}},
         "broken": {"*": {"Error": "Boom", "Cause": "it broke"}}}


class ConsolePage(H.ServerTestCase):
    CLOCK = "manual"

    def test_root_and_console_path_serve_the_page_with_a_strict_csp(self):
        for path in ("/", "/_emulator/console", "/_emulator/console/"):
            with self.subTest(path=path):
                r = self.server.http("GET", path)
                self.assertEqual(200, r.status, r)
                self.assertEqual("text/html; charset=utf-8", r.headers["content-type"])
                self.assertIn(b'<script type="module" src="/_emulator/console/app.js">', r.body)
                csp = r.headers["content-security-policy"]
                self.assertIn("default-src 'none'", csp)
                self.assertIn("script-src 'self'", csp)
                self.assertIn("connect-src 'self'", csp)
                self.assertIn("frame-ancestors 'none'", csp)
                self.assertNotRegex(csp, r"https?:|\*|unsafe")
                self.assertEqual("nosniff", r.headers["x-content-type-options"])

    def test_assets_have_types_etags_and_nothing_from_elsewhere(self):
        r = self.server.http("GET", "/_emulator/console/app.js")
        self.assertEqual(200, r.status, r)
        self.assertEqual("text/javascript; charset=utf-8", r.headers["content-type"])
        etag = r.headers["etag"]
        again = self.server.http("GET", "/_emulator/console/app.js", headers={"If-None-Match": etag})
        self.assertEqual(304, again.status, again)
        self.assertEqual(b"", again.body)
        for path in ("style.css", "lib/graph_view.js", "vendor/dagre.esm.js", "vendor/dagre.LICENSE.txt"):
            with self.subTest(path=path):
                r = self.server.http("GET", "/_emulator/console/" + path)
                self.assertEqual(200, r.status, r)
                # No URL to another host in any asset (the licence names none either).
                text = r.body.decode()
                self.assertIsNone(re.search(r"""(src|href)\s*=\s*["']?https?://""", text), path)
                self.assertNotIn("import(\"http", text)

    def test_unknown_asset_is_404_and_post_root_is_still_step_functions(self):
        r = self.server.http("GET", "/_emulator/console/../../etc/passwd")
        self.assertEqual(404, r.status, r)
        r = self.server.http("GET", "/_emulator/console/nope.js")
        self.assertEqual(404, r.status, r)
        self.assertEqual("ResourceNotFoundException", r.json()["__type"].split("#")[-1])
        # AWS clients on POST / are unaffected.
        self.assertIn("stateMachines", self.sfn.list_state_machines())
        r = self.server.http("POST", "/", body="{}", headers={"Content-Type": "application/x-amz-json-1.0"})
        self.assertEqual(400, r.status, r)
        self.assertIn("UnknownOperationException", r.json()["__type"])

    def test_emulator_writes_need_the_header(self):
        r = self.server.http("POST", "/_emulator/clock", body='{"advance": 1}',
                             headers={"Content-Type": "text/plain"})
        self.assertEqual(403, r.status, r)
        self.assertIn("X-Sfn-Emulator", r.json()["message"])
        t0 = self.server.clock_now()
        r = self.server.http("POST", "/_emulator/clock", body='{"advance": 1}',
                             headers={"Content-Type": "text/plain", H.EMULATOR_WRITE_HEADER: "1"})
        self.assertEqual(200, r.status, r)
        self.assertEqual(1, (self.server.clock_now() - t0).total_seconds())
        r = self.server.http("DELETE", "/_emulator/console/")
        self.assertEqual(403, r.status, r)


class LiveChannel(H.ServerTestCase):
    CLOCK = "manual"

    def changes(self, after=None, wait=None, timeout=40):
        q = []
        if after is not None:
            q.append(f"after={after}")
        if wait is not None:
            q.append(f"wait={wait}")
        r = self.server.http("GET", "/_emulator/changes" + ("?" + "&".join(q) if q else ""), timeout=timeout)
        self.assertEqual(200, r.status, r)
        self.assertEqual("application/json", r.headers["content-type"])
        return r.json()

    def test_a_poll_answers_when_a_transition_commits(self):
        start = self.changes()
        self.assertEqual([], start["changes"])
        self.assertFalse(start["reset"])
        cursor = start["cursor"]
        _, sm = self.create_sm(definition_text=H.wait_def(60))
        got = {}

        def poll():
            got["page"] = self.changes(after=cursor, wait=20)
            got["at"] = time.monotonic()

        t = threading.Thread(target=poll)
        t.start()
        time.sleep(0.2)  # the poll is waiting: nothing has changed yet
        self.assertNotIn("page", got)
        started = time.monotonic()
        arn = self.sfn.start_execution(stateMachineArn=sm)["executionArn"]
        t.join(20)
        self.assertFalse(t.is_alive(), "the poll did not answer")
        self.assertLess(got["at"] - started, 5)
        page = got["page"]
        self.assertGreater(page["cursor"], cursor)
        change = [c for c in page["changes"] if c["executionArn"] == arn]
        self.assertEqual(1, len(change), page)
        self.assertEqual("RUNNING", change[0]["status"])
        # ExecutionStarted and WaitStateEntered were committed with the start.
        self.assertEqual(len(H.full_history(self.sfn, arn)), change[0]["lastEventId"])
        # The end of the execution is the next change.
        cursor = page["cursor"]
        self.server.advance_clock(60)
        page = self.changes(after=cursor, wait=20)
        done = [c for c in page["changes"] if c["executionArn"] == arn]
        self.assertEqual("SUCCEEDED", done[-1]["status"])
        events = H.full_history(self.sfn, arn)
        self.assertEqual(events[-1]["id"], done[-1]["lastEventId"])

    def test_nothing_new_answers_empty_after_the_wait(self):
        cursor = self.changes()["cursor"]
        t0 = time.monotonic()
        page = self.changes(after=cursor, wait=1)
        self.assertGreaterEqual(time.monotonic() - t0, 0.9)
        self.assertEqual([], page["changes"])
        self.assertEqual(cursor, page["cursor"])
        self.assertEqual([], self.changes(after=cursor, wait=0)["changes"])

    def test_a_cursor_from_another_run_asks_for_a_reset_and_bad_input_is_rejected(self):
        page = self.changes(after=10**9, wait=0)
        self.assertTrue(page["reset"])
        r = self.server.http("GET", "/_emulator/changes?after=soon")
        self.assertEqual(400, r.status, r)
        self.assertIn("integer", r.json()["message"])

    def test_many_waiting_polls_hold_no_thread(self):
        # More waiting polls than the server has threads: other requests still answer at once.
        cursor = self.changes()["cursor"]
        threads = [threading.Thread(target=self.changes, kwargs={"after": cursor, "wait": 3}) for _ in range(8)]
        for t in threads:
            t.start()
        time.sleep(0.2)
        t0 = time.monotonic()
        self.sfn.list_state_machines()
        self.assertEqual(200, self.server.health().status)
        self.assertLess(time.monotonic() - t0, 1.0)
        for t in threads:
            t.join(10)


class StopWhilePolling(unittest.TestCase):
    def test_the_server_stops_cleanly_with_polls_waiting(self):
        srv = H.Server(clock="manual")
        try:
            srv.start()
            cursor = srv.http("GET", "/_emulator/changes").json()["cursor"]
            results = []

            def poll():
                try:
                    results.append(srv.http("GET", f"/_emulator/changes?after={cursor}&wait=30", timeout=40).status)
                except Exception as e:  # noqa: BLE001 (the connection closes with the server)
                    results.append(type(e).__name__)

            threads = [threading.Thread(target=poll) for _ in range(3)]
            for t in threads:
                t.start()
            time.sleep(0.3)
            t0 = time.monotonic()
            self.assertEqual(0, srv.stop())
            self.assertLess(time.monotonic() - t0, 5)
            for t in threads:
                t.join(10)
            self.assertEqual(3, len(results))
        finally:
            srv.cleanup()


class RecentInvocations(H.ServerTestCase):
    @classmethod
    def setUpClass(cls):
        cls._dir = H.tempfile.mkdtemp(prefix="sfn-console-")
        path = os.path.join(cls._dir, "functions.json")
        with open(path, "w") as f:
            json.dump(STUBS, f)
        cls.EXTRA_ARGS = ("--functions", path)
        super().setUpClass()

    def invocations(self, query=""):
        r = self.server.http("GET", "/_emulator/lambda/invocations" + query)
        self.assertEqual(200, r.status, r)
        return r.json()["invocations"]

    def test_invocations_from_the_api_and_from_tasks_with_logs(self):
        lam = self.server.lambda_client()
        lam.create_function(FunctionName="echo", Runtime="python3.12", Handler="app.handler", Role=H.ROLE_ARN,
                            Code={"ZipFile": H.make_zip({"app.py": "def handler(e, c):\n    print('hello from echo')\n    return e\n"})})
        r = lam.invoke(FunctionName="echo", Payload=b'{"a": 1}')
        self.assertNotIn("LogResult", r)  # not asked for: not given, though the console keeps it
        definition = H.definition({
            "Q": {"Type": "Task", "Resource": f"arn:aws:lambda:{H.REGION}:{H.ACCOUNT}:function:quote", "Next": "B"},
            "B": {"Type": "Task", "Resource": f"arn:aws:lambda:{H.REGION}:{H.ACCOUNT}:function:broken", "End": True}})
        d, _ = self.run_execution(definition)
        self.assertEqual("FAILED", d["status"])
        got = self.invocations()
        self.assertEqual(["broken", "quote", "echo"], [i["functionName"] for i in got[:3]])
        broken, quote, echo = got[:3]
        self.assertEqual("Unhandled", broken["status"])
        self.assertEqual("Boom", broken["errorType"])
        self.assertEqual("it broke", broken["errorMessage"])
        self.assertEqual("Task", broken["source"])
        self.assertEqual("Succeeded", quote["status"])
        self.assertEqual("$LATEST", quote["version"])
        self.assertEqual("Invoke", echo["source"])
        self.assertIn("hello from echo", echo["log"])
        self.assertRegex(echo["log"], r"^START RequestId: \S+ Version: \$LATEST\n")
        self.assertIn("REPORT RequestId:", echo["log"])
        self.assertGreater(echo["sequence"], 0)
        self.assertGreaterEqual(echo["durationMs"], 0)
        H.parse_iso(echo["start"])
        only = self.invocations("?functionName=echo&limit=5")
        self.assertEqual({"echo"}, {i["functionName"] for i in only})
        self.assertEqual(1, len(self.invocations("?limit=1")))
        r = self.server.http("GET", "/_emulator/lambda/invocations?limit=lots")
        self.assertEqual(400, r.status, r)


if __name__ == "__main__":
    unittest.main(verbosity=2)
