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
