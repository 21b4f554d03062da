"""examples/approval/run: the approval story must end with every outcome as told (exit 0)."""

import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402


class ApprovalExample(unittest.TestCase):
    def test_story_runs_with_its_own_emulator(self):
        script = os.path.join(H.REPO_ROOT, "examples", "approval", "run")
        env = dict(os.environ, SFN_EMULATOR_BIN=H.binary_path())
        p = subprocess.run(["bash", script], env=env, capture_output=True, text=True, timeout=600)
        print(p.stdout)
        self.assertEqual(0, p.returncode, p.stdout + p.stderr)
        self.assertNotIn("    UNEXPECTED:", p.stdout)
        self.assertIn("worker: approved r-1 (250)", p.stdout)
        self.assertIn("worker: rejected r-2 (5000)", p.stdout)
        self.assertIn("ok: report-4 = SUCCEEDED", p.stdout)
        self.assertIn("ok: report-5 output", p.stdout)
        self.assertIn("Every outcome matched", p.stdout)


if __name__ == "__main__":
    unittest.main()
