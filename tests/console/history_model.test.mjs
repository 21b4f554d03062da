// The console's history model (api/console/lib/history_model.js) on recorded histories:
//   node --test tests/console/
import {test} from "node:test";
import assert from "node:assert/strict";
import {HistoryModel} from "../../api/console/lib/history_model.js";
import {CATCH, PARALLEL, MAP} from "./fixtures.mjs";

const statuses = (m, it) => Object.fromEntries([...m.stateStatuses(it)].map(([k, v]) => [k, v.status]));

test("a retried then caught Task is caught, with its error and one retry", () => {
  const m = new HistoryModel();
  m.add(CATCH);
  assert.deepEqual(statuses(m), {Charge: "caught", Refund: "succeeded"});
  const [charge] = m.visitsOf("Charge");
  assert.equal(charge.retries, 1);
  assert.equal(charge.attempts, 2);
  assert.equal(charge.failure.error, "CardDeclined");
  assert.equal(charge.failures.length, 2);
  assert.equal(m.stateOfEvent(5), "Charge");
  assert.equal(m.stateOfEvent(1), "");
});

test("events added in pieces give the same visits (live updates)", () => {
  const m = new HistoryModel();
  m.add(CATCH.slice(0, 5));
  assert.deepEqual(statuses(m), {Charge: "failed"});  // failed for now: the retry is pending
  m.add(CATCH.slice(5, 7));
  assert.deepEqual(statuses(m), {Charge: "running"});
  m.add(CATCH.slice(3));  // overlapping pages are ignored
  assert.deepEqual(statuses(m), {Charge: "caught", Refund: "succeeded"});
  assert.equal(m.lastId, CATCH.length);
});

test("Parallel branches are children; a failing branch's Fail state and the caught Parallel", () => {
  const m = new HistoryModel((name) => (name === "B" ? {error: "BErr", cause: "b failed"} : null));
  m.add(PARALLEL);
  assert.deepEqual(statuses(m), {P: "caught", A: "succeeded", A2: "succeeded", B: "failed", M: "failed"});
  const [p] = m.visitsOf("P");
  for (const name of ["A", "A2", "B"]) assert.equal(m.visitsOf(name)[0].parent, p.i);
  assert.equal(p.failure.error, "BErr");  // ParallelStateFailed has none: the branch's
  assert.equal(m.visitsOf("M")[0].failure.error, "States.Runtime");
  assert.equal(m.ended.type, "ExecutionFailed");
});

test("Map iterations by index, also when an iteration follows another's last event", () => {
  const m = new HistoryModel((name) => (name === "Bad" ? {error: "Two"} : null));
  m.add(MAP);
  const [map] = m.visitsOf("M");
  assert.equal(map.length, 3);
  assert.deepEqual([...map.iterations], [[0, "succeeded"], [1, "failed"]]);
  assert.deepEqual(statuses(m), {M: "caught", I: "succeeded", Ok: "succeeded", Bad: "failed", After: "succeeded"});
  assert.deepEqual(statuses(m, {map: map.i, index: 0}), {M: "caught", I: "succeeded", Ok: "succeeded", After: "succeeded"});
  assert.deepEqual(statuses(m, {map: map.i, index: 1}), {M: "caught", I: "succeeded", Bad: "failed", After: "succeeded"});
  assert.deepEqual(m.visitsOf("I").map((v) => v.index), [0, 1]);
  assert.equal(m.visitsOf("I", {map: map.i, index: 1}).length, 1);
});

test("a JSONata state's EvaluationFailed belongs to the state it names", () => {
  // Recorded on AWS: EvaluationFailed links to the event before the state's entry.
  const cause = "The JSONata expression '$x' specified for the field 'Output' returned nothing (undefined).";
  const m = new HistoryModel();
  m.add([
    {id: 1, previousEventId: 0, type: "ExecutionStarted", executionStartedEventDetails: {}},
    {id: 2, previousEventId: 0, type: "PassStateEntered", stateEnteredEventDetails: {name: "S", input: "{}"}},
    {id: 3, previousEventId: 0, type: "EvaluationFailed",
     evaluationFailedEventDetails: {state: "S", error: "States.QueryEvaluationError", cause, location: "Output"}},
    {id: 4, previousEventId: 3, type: "ExecutionFailed",
     executionFailedEventDetails: {error: "States.QueryEvaluationError", cause}},
  ]);
  assert.deepEqual(statuses(m), {S: "failed"});
  assert.equal(m.visitsOf("S")[0].failure.error, "States.QueryEvaluationError");
  assert.equal(m.stateOfEvent(3), "S");
});
