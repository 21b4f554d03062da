"""The process: the one line it prints, flags and SFN_EMULATOR_* variables, --help/--version,
clean stops on SIGTERM and SIGINT."""

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

FLAGS = ("--host", "--port", "--data-dir", "--in-memory", "--account-id", "--region", "--log-level",
         "--clock", "--wait-scale", "--seed", "--help", "--version")


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SFN_EMULATOR_")}
    env.update(extra)
    return env


class StartLine(unittest.TestCase):
    def test_exactly_one_line_then_clean_sigterm(self):
        srv = H.Server(clock="virtual")
        try:
            srv.start()
            self.assertRegex(srv.listen_line, H.LISTEN_RE)
            self.assertEqual("127.0.0.1", srv.host)
            self.assertGreater(srv.port, 0)
            self.assertTrue(os.path.abspath(srv.data).startswith(os.path.abspath(srv.data_dir)), srv.data)
            self.assertEqual(200, srv.health().status)
            self.assertEqual(0, srv.stop(timeout=10))
            time.sleep(0.05)  # let the drain thread see EOF
            self.assertEqual([], srv.extra_stdout, "only one line may go to stdout; logs go to stderr")
        finally:
            srv.cleanup()

    def test_in_memory(self):
        srv = H.Server(in_memory=True)
        try:
            srv.start()
            self.assertEqual(":memory:", srv.data)
            self.assertFalse(os.path.exists(srv.data_dir))
            sfn = srv.client()
            sfn.create_state_machine(name="mem", definition=H.PASS_DEF, roleArn=H.ROLE_ARN)
            srv.restart()
            self.assertEqual([], srv.client().list_state_machines()["stateMachines"])
        finally:
            srv.cleanup()

    def test_sigint_stops_cleanly(self):
        srv = H.Server()
        try:
            srv.start()
            srv.proc.send_signal(signal.SIGINT)
            self.assertEqual(0, srv.proc.wait(timeout=10))
        finally:
            srv.cleanup()

    def test_account_and_region_flags(self):
        srv = H.Server(extra_args=["--account-id", "210987654321", "--region", "eu-north-1"])
        try:
            srv.start()
            r = srv.http("POST", "/", body=json.dumps({"name": "acct", "definition": H.PASS_DEF,
                                                      "roleArn": H.ROLE_ARN}),
                         headers={"Content-Type": "application/x-amz-json-1.0",
                                  "X-Amz-Target": "AWSStepFunctions.CreateStateMachine"})
            self.assertEqual(200, r.status, r)
            self.assertEqual("arn:aws:states:eu-north-1:210987654321:stateMachine:acct", r.json()["stateMachineArn"])
        finally:
            srv.cleanup()


class EnvironmentVariables(unittest.TestCase):
    def test_every_flag_as_env(self):
        with tempfile.TemporaryDirectory() as tmp:
            env = clean_env(SFN_EMULATOR_HOST="127.0.0.1", SFN_EMULATOR_PORT="0", SFN_EMULATOR_IN_MEMORY="true",
                            SFN_EMULATOR_CLOCK="manual", SFN_EMULATOR_ACCOUNT_ID="111122223333",
                            SFN_EMULATOR_REGION="sa-east-1", SFN_EMULATOR_LOG_LEVEL="warn",
                            SFN_EMULATOR_SEED="7")
            proc = subprocess.Popen([H.binary_path()], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                    stdin=subprocess.DEVNULL, env=env, cwd=tmp, preexec_fn=H._die_with_parent)
            try:
                line = proc.stdout.readline().decode().rstrip("\n")
                m = H.LISTEN_RE.match(line)
                self.assertIsNotNone(m, line)
                self.assertEqual(":memory:", m.group(4))
                self.assertFalse(os.path.exists(os.path.join(tmp, ".sfn-emulator")))
                srv = H.Endpoint(int(m.group(3)))
                t0 = srv.clock_now()
                time.sleep(0.05)
                self.assertEqual(t0, srv.clock_now(), "manual clock must not move by itself")
                t1 = srv.advance_clock(10)
                self.assertEqual(10, (t1 - t0).total_seconds())
                r = srv.http("POST", "/", body=json.dumps({"name": "envs", "definition": H.PASS_DEF,
                                                          "roleArn": H.ROLE_ARN}),
                             headers={"Content-Type": "application/x-amz-json-1.0",
                                      "X-Amz-Target": "AWSStepFunctions.CreateStateMachine"})
                self.assertEqual(200, r.status, r)
                self.assertEqual("arn:aws:states:sa-east-1:111122223333:stateMachine:envs",
                                 r.json()["stateMachineArn"])
            finally:
                proc.send_signal(signal.SIGTERM)
                self.assertEqual(0, proc.wait(timeout=10))

    def test_default_data_dir_is_relative_to_cwd(self):
        with tempfile.TemporaryDirectory() as tmp:
            proc = subprocess.Popen([H.binary_path(), "--port", "0"], stdout=subprocess.PIPE,
                                    stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=clean_env(), cwd=tmp,
                                    preexec_fn=H._die_with_parent)
            try:
                line = proc.stdout.readline().decode().rstrip("\n")
                m = H.LISTEN_RE.match(line)
                self.assertIsNotNone(m, line)
                self.assertEqual("127.0.0.1", m.group(2))
                self.assertTrue(os.path.isdir(os.path.join(tmp, ".sfn-emulator")))
            finally:
                proc.send_signal(signal.SIGTERM)
                self.assertEqual(0, proc.wait(timeout=10))


class HelpAndVersion(unittest.TestCase):
    def run_bin(self, *args):
        return subprocess.run([H.binary_path(), *args], capture_output=True, text=True, timeout=10, env=clean_env())

    def test_help_lists_every_flag(self):
        r = self.run_bin("--help")
        self.assertEqual(0, r.returncode, r)
        for flag in FLAGS:
            self.assertIn(flag, r.stdout)
        self.assertIn("SFN_EMULATOR_", r.stdout)

    def test_version(self):
        r = self.run_bin("--version")
        self.assertEqual(0, r.returncode, r)
        srv = H.Server()
        try:
            srv.start()
            self.assertIn(srv.version, r.stdout)
        finally:
            srv.cleanup()

    def test_bad_flag_fails(self):
        r = self.run_bin("--no-such-flag")
        self.assertNotEqual(0, r.returncode)
        self.assertTrue(r.stderr.strip(), "a usage error goes to stderr")
        r = self.run_bin("--clock", "sundial")
        self.assertNotEqual(0, r.returncode)


if __name__ == "__main__":
    unittest.main(verbosity=2)
