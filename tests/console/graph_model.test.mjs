// The console's graph model and layout (api/console/lib/graph_model.js, graph_layout.js):
//   node --test tests/console/
import {test} from "node:test";
import assert from "node:assert/strict";
import {buildModel, ruleText} from "../../api/console/lib/graph_model.js";
import {layoutModel} from "../../api/console/lib/graph_layout.js";

const ORDER = {StartAt: "Check", States: {
  Check: {Type: "Choice", Choices: [{Variable: "$.n", NumericGreaterThan: 3, Next: "Fan"}], Default: "Done"},
  Fan: {Type: "Parallel", Next: "Each", Catch: [{ErrorEquals: ["States.ALL"], Next: "Done"}], Branches: [
    {StartAt: "A", States: {A: {Type: "Pass", End: true}}},
    {StartAt: "B", States: {B: {Type: "Wait", Seconds: 1, Next: "B2"}, B2: {Type: "Succeed"}}}]},
  Each: {Type: "Map", Next: "Done", ItemProcessor: {StartAt: "Item", States: {Item: {Type: "Pass", End: true}}}},
  Done: {Type: "Succeed"}}};

test("scopes, edges and their kinds", () => {
  const m = buildModel(ORDER);
  assert.equal(m.count, 8);
  const top = m.root;
  assert.deepEqual(top.states.map((s) => s.name), ["Start", "Check", "Fan", "Each", "Done", "End"]);
  const kinds = top.edges.map((e) => `${e.from.split("/").pop()}>${e.to.split("/").pop()}:${e.kind}`);
  assert.deepEqual(kinds.sort(), ["Check>Done:default", "Check>Fan:choice", "Done>__end:end", "Each>Done:next",
                                  "Fan>Done:catch", "Fan>Each:next", "__start>Check:next"]);
  const fan = m.byName.get("Fan")[0];
  assert.equal(fan.kind, "parallel");
  assert.equal(fan.children.length, 2);
  assert.deepEqual(fan.children[1].edges.map((e) => e.kind), ["next"]);
  assert.equal(m.byName.get("Each")[0].children[0].states[0].name, "Item");
});

test("choice rules read as short labels", () => {
  assert.equal(ruleText({Variable: "$.n", NumericGreaterThan: 3}), "$.n > 3");
  assert.equal(ruleText({Variable: "$.s", StringEqualsPath: "$.t"}), "$.s == $.t");
  assert.equal(ruleText({And: [{Variable: "$.a", IsPresent: true}, {Not: {Variable: "$.b", BooleanEquals: false}}]}),
               "$.a IsPresent and not ($.b == false)");
  assert.equal(ruleText({Condition: "{% $x > 1 %}"}), "$x > 1");
  assert.ok(ruleText({Variable: "$.x", StringEquals: "a".repeat(100)}).endsWith("…"));
});

test("layout nests branches inside their Parallel and keeps nodes apart", () => {
  const lay = layoutModel(buildModel(ORDER));
  const fan = lay.nodes.find((n) => n.node.name === "Fan");
  assert.equal(fan.inner.length, 2);
  for (const b of fan.inner) {
    assert.ok(b.dx >= 0 && b.dx + b.w <= fan.w + 0.5, "branch inside its box");
    assert.ok(b.dy + b.h <= fan.h + 0.5);
  }
  const boxes = lay.nodes;
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
      assert.ok(apart, `${a.node.name} overlaps ${b.node.name}`);
    }
  }
  for (const e of lay.edges) assert.ok(e.points.length >= 2);
});

// bench/console.py's 500-state definition (a Choice fan-out every 10 states, a Task with a Catch
// every 50), with a Parallel and a Map among them.
function wideDefinition(n) {
  const name = (i) => `S${String(i).padStart(3, "0")}`;
  const states = {};
  for (let i = 0; i < n; i++) {
    const next = i + 1 < n ? {Next: name(i + 1)} : {End: true};
    if (i % 10 === 0 && i + 10 < n) {
      states[name(i)] = {Type: "Choice", Default: name(i + 1), Choices: [
        {Variable: "$.x", NumericEquals: i, Next: name(i + 5)},
        {Variable: "$.y", StringEquals: `v${i}`, Next: name(i + 9)}]};
    } else if (i % 50 === 7) {
      states[name(i)] = {Type: "Task", Resource: "arn:aws:lambda:us-east-1:123456789012:function:f", ...next,
                         Catch: [{ErrorEquals: ["States.ALL"], Next: name(Math.min(n - 1, i + 3))}]};
    } else if (i === 123) {
      states[name(i)] = {Type: "Parallel", ...next, Branches: [
        {StartAt: "P1", States: {P1: {Type: "Pass", End: true}}},
        {StartAt: "P2", States: {P2: {Type: "Pass", Next: "P3"}, P3: {Type: "Succeed"}}}]};
    } else if (i === 321) {
      states[name(i)] = {Type: "Map", ...next, ItemProcessor: {StartAt: "M1", States: {M1: {Type: "Pass", End: true}}}};
    } else {
      states[name(i)] = {Type: "Pass", ...next};
    }
  }
  return {StartAt: name(0), States: states};
}

test("a 500-state definition lays out legibly: every state placed, none overlapping, names whole", () => {
  const model = buildModel(wideDefinition(500));
  const t = performance.now();
  const lay = layoutModel(model);
  console.log(`500 states laid out in ${(performance.now() - t).toFixed(0)} ms: ${lay.width.toFixed(0)} x ${lay.height.toFixed(0)} px`);
  const placed = lay.nodes.filter((p) => !p.node.pseudo);
  assert.equal(placed.length, 500);
  for (let i = 0; i < lay.nodes.length; i++) {
    for (let j = i + 1; j < lay.nodes.length; j++) {
      const a = lay.nodes[i], b = lay.nodes[j];
      const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
      assert.ok(apart, `${a.node.name} overlaps ${b.node.name}`);
    }
  }
  // Each box is wide enough for its name and type at the console's 13px text.
  for (const p of placed) assert.ok(p.w >= 120 && p.w >= p.node.name.length * 7.2, p.node.name);
  // Every transition is drawn, the Catch edges among them.
  assert.equal(lay.edges.filter((e) => e.kind === "catch").length, 10);
  for (const e of lay.edges) assert.ok(e.points.length >= 2 && e.points.every((q) => Number.isFinite(q.x) && Number.isFinite(q.y)));
  // Readable at the size it opens at (GraphView.fit never goes below 0.45): no wider than a few
  // screens, so panning down the flow, not sideways, finds every state.
  assert.ok(lay.width * 0.45 < 3 * 1500, `width ${lay.width}`);
  // The nested scopes are laid out inside their boxes.
  const par = placed.find((p) => p.node.name === "S123");
  assert.equal(par.inner.length, 2);
  const map = placed.find((p) => p.node.name === "S321");
  assert.equal(map.inner.length, 1);
});
