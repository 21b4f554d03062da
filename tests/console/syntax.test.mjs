// Every module of the console parses (the pages themselves run in tests/browser/, which skip
// where Chromium cannot be had).
import {test} from "node:test";
import assert from "node:assert/strict";
import {spawnSync} from "node:child_process";
import {readdirSync, readFileSync, statSync} from "node:fs";
import {join, dirname, relative} from "node:path";
import {fileURLToPath} from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "api", "console");

function modules(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return modules(path);
    return name.endsWith(".js") ? [path] : [];
  });
}

test("every console module parses", () => {
  const files = modules(root);
  assert.ok(files.length > 10);
  for (const file of files) {
    const r = spawnSync(process.execPath, ["--check", file], {encoding: "utf8"});
    assert.equal(r.status, 0, `${file}: ${r.stderr}`);
  }
});

test("index.html preloads every module (the page's imports load at once, not level by level)", () => {
  const html = readFileSync(join(root, "index.html"), "utf8");
  const preloaded = new Set([...html.matchAll(/<link rel="modulepreload" href="\/_emulator\/console\/([^"]+)">/g)].map((m) => m[1]));
  const files = modules(root).map((f) => relative(root, f)).filter((f) => f !== "app.js");
  assert.deepEqual([...preloaded].sort(), files.sort());
});
