#!/usr/bin/env python3
"""Tests check_includes.py on made-up source trees, against the real module table.

SFN_MODULE_RULES names <build>/module_rules.txt (ctest sets it); each case writes a few files into a
temporary tree shaped like the repository and expects the checker to flag exactly the bad ones.
"""

import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import check_includes as C  # noqa: E402


def load_rules():
    path = os.environ.get("SFN_MODULE_RULES")
    if not path or not os.path.isfile(path):
        raise unittest.SkipTest("SFN_MODULE_RULES does not name module_rules.txt (run through ctest)")
    with open(path) as f:
        return C.Rules(f.read())


class CheckIncludesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.rules = load_rules()

    def run_tree(self, files):
        """files: {path: [included names]}; quoted unless the name is written <...>."""
        with tempfile.TemporaryDirectory() as root:
            # Every project header a case names exists, so it resolves as a project include.
            for path, includes in files.items():
                for inc in includes:
                    if not inc.startswith("<") and not inc.startswith("../"):
                        full = os.path.join(root, inc)
                        os.makedirs(os.path.dirname(full), exist_ok=True)
                        open(full, "a").close()
            for path, includes in files.items():
                full = os.path.join(root, path)
                os.makedirs(os.path.dirname(full), exist_ok=True)
                with open(full, "w") as f:
                    for inc in includes:
                        f.write(f"#include {inc}\n" if inc.startswith("<") else f'#include "{inc}"\n')
            _, violations = C.check(root, self.rules)
        return sorted(v.split(":", 1)[0] for v in violations)

    def test_allowed_includes_pass(self):
        self.assertEqual(self.run_tree({
            "emulator/core/a.cc": ["emulator/core/b.h", "<string>", "<nlohmann/json.hpp>"],
            "emulator/jsonata/a.cc": ["emulator/core/status.h"],
            "emulator/dataflow/a.cc": ["emulator/jsonata/error.h", "emulator/core/json.h"],
            "emulator/states/a.cc": ["emulator/asl/definition.h"],
            "emulator/engine/a.cc": ["emulator/states/pass.h"],
            "emulator/integrations/a.cc": ["emulator/engine/ports.h"],
            "emulator/lambda/a.cc": ["emulator/engine/lambda_port.h", "emulator/dataflow/template.h",
                                     "<zip.h>"],
            "emulator/control/a.cc": ["emulator/engine/driver.h"],
            "store/a.cc": ["<sqlite3.h>", "emulator/control/ports.h", "emulator/lambda/store_port.h"],
            "api/router.cc": ["emulator/control/execution_service.h", "emulator/lambda/model.h",
                              "emulator/integrations/http_port.h"],
            "api/http_server.cc": ["<boost/beast/http.hpp>", "<boost/asio.hpp>"],
            "api/http_client.cc": ["<boost/beast/core.hpp>"],
            "api/main.cc": ["store/sqlite_repository.h", "emulator/engine/driver.h"],
        }), [])

    def test_upward_includes_fail(self):
        self.assertEqual(self.run_tree({
            "emulator/core/a.cc": ["emulator/dataflow/jsonpath.h"],
            "emulator/jsonata/a.cc": ["emulator/dataflow/jsonpath.h"],
            "emulator/dataflow/a.cc": ["emulator/asl/definition.h"],
            "emulator/asl/a.cc": ["emulator/states/pass.h"],
            "emulator/states/a.cc": ["emulator/engine/driver.h"],
            "emulator/engine/a.cc": ["emulator/control/lookup.h"],
        }), ["emulator/asl/a.cc", "emulator/core/a.cc", "emulator/dataflow/a.cc",
             "emulator/engine/a.cc", "emulator/jsonata/a.cc", "emulator/states/a.cc"])

    def test_sideways_includes_fail(self):
        self.assertEqual(self.run_tree({
            "emulator/lambda/a.cc": ["emulator/control/lookup.h"],
            "emulator/lambda/b.cc": ["emulator/asl/definition.h"],
            "emulator/control/a.cc": ["emulator/lambda/model.h"],
            "emulator/integrations/a.cc": ["emulator/lambda/model.h"],
            "emulator/engine/a.cc": ["emulator/integrations/registry.h"],
            "store/a.cc": ["api/router.h"],
            "store/b.cc": ["emulator/integrations/registry.h"],
            "api/router.cc": ["store/database.h"],
        }), ["api/router.cc", "emulator/control/a.cc", "emulator/engine/a.cc",
             "emulator/integrations/a.cc", "emulator/lambda/a.cc", "emulator/lambda/b.cc",
             "store/a.cc", "store/b.cc"])

    def test_relative_include_is_resolved(self):
        self.assertEqual(self.run_tree({
            "emulator/asl/definition.h": [],
            "emulator/dataflow/a.cc": ["../asl/definition.h"],
        }), ["emulator/dataflow/a.cc"])

    def test_library_headers_only_where_allowed(self):
        self.assertEqual(self.run_tree({
            "emulator/engine/a.cc": ["<boost/beast/http.hpp>"],
            "api/router.cc": ["<boost/beast.hpp>"],
            "api/http_server.h": ["<boost/beast/core.hpp>"],
            "emulator/core/a.cc": ["<sqlite3.h>"],
            "api/b.cc": ["<sqlite3.h>"],
            "api/main.cc": ["<boost/beast/http.hpp>"],
        }), ["api/b.cc", "api/http_server.h", "api/main.cc", "api/router.cc",
             "emulator/core/a.cc", "emulator/engine/a.cc"])

    def test_every_module_folder_is_covered(self):
        folders = set(self.rules.modules.values())
        for folder in ("emulator/core", "emulator/jsonata", "emulator/dataflow", "emulator/asl",
                       "emulator/states", "emulator/engine", "emulator/integrations",
                       "emulator/lambda", "emulator/control", "store", "api"):
            self.assertIn(folder, folders)


if __name__ == "__main__":
    unittest.main()
