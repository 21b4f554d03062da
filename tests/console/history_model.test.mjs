// The console's history model (api/console/lib/history_model.js) on recorded histories:
//   node --test tests/console/
import {test} from "node:test";
import assert from "node:assert/strict";
import {HistoryModel, mergeStatuses} from "../../api/console/lib/history_model.js";
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

test("a tail model (the newest page, read first) colours what it holds; merged, the head's", () => {
  // The console reads the oldest and the newest page at once; until the pages between are in, the
  // graph shows both ends: MAP's events 1-8 (iteration 0) and its tail from event 12.
  const head = new HistoryModel();
  head.add(MAP.slice(0, 8));
  const tail = new HistoryModel(null, 12);
  tail.add(MAP.slice(11));
  assert.equal(tail.lastId, MAP.length);
  assert.equal(tail.stateOfEvent(13), "Bad");
  // I and M were entered before the tail: their exits alone say they ended (how, the head tells).
  assert.deepEqual(statuses(tail), {I: "succeeded", Bad: "failed", M: "succeeded", After: "succeeded"});
  const merged = Object.fromEntries([...mergeStatuses(head.stateStatuses(), tail.stateStatuses())]
    .map(([k, v]) => [k, v.status]));
  // The head's M is running (its iterations go on there): the tail's word replaces it.
  assert.deepEqual(merged, {M: "succeeded", I: "succeeded", Ok: "succeeded", Bad: "failed", After: "succeeded"});
  // The whole history, once the streams meet, is exact.
  head.add(MAP.slice(8));
  assert.deepEqual(statuses(head), {M: "caught", I: "succeeded", Ok: "succeeded", Bad: "failed", After: "succeeded"});
  tail.add(MAP.slice(11));  // seen: ignored
  assert.equal(tail.events.length, MAP.length - 11);
});

test("a redriven execution: the state that failed and then succeeded is succeeded", () => {
  // Recorded from the emulator (RedriveExecution after a Lambda fix): ExecutionRedriven, then the
  // failed state is entered again.
  const ev = (id, prev, type, details) => ({id, previousEventId: prev, type, timestamp: 1796442836 + id, ...details});
  const entered = (name) => ({stateEnteredEventDetails: {name, input: "{}"}});
  const exited = (name) => ({stateExitedEventDetails: {name, output: "{}"}});
  const failed = {lambdaFunctionFailedEventDetails: {error: "RuntimeError", cause: "inventory service down"}};
  const m = new HistoryModel();
  m.add([
    ev(1, 0, "ExecutionStarted", {executionStartedEventDetails: {input: "{}"}}),
    ev(2, 0, "PassStateEntered", entered("Validate")), ev(3, 2, "PassStateExited", exited("Validate")),
    ev(4, 3, "TaskStateEntered", entered("Reserve")), ev(5, 4, "LambdaFunctionScheduled", {}),
    ev(6, 5, "LambdaFunctionStarted", {}), ev(7, 6, "LambdaFunctionFailed", failed),
    ev(8, 7, "ExecutionFailed", {executionFailedEventDetails: {error: "RuntimeError", cause: "inventory service down"}}),
  ]);
  assert.deepEqual(statuses(m), {Validate: "succeeded", Reserve: "failed"});
  m.add([
    ev(9, 8, "ExecutionRedriven", {executionRedrivenEventDetails: {redriveCount: 1}}),
    ev(10, 9, "TaskStateEntered", entered("Reserve")), ev(11, 10, "LambdaFunctionScheduled", {}),
  ]);
  assert.deepEqual(statuses(m), {Validate: "succeeded", Reserve: "running"});
  assert.equal(m.ended, null);
  m.add([
    ev(12, 11, "LambdaFunctionStarted", {}), ev(13, 12, "LambdaFunctionSucceeded", {}),
    ev(14, 13, "TaskStateExited", exited("Reserve")), ev(15, 14, "SucceedStateEntered", entered("Done")),
    ev(16, 15, "SucceedStateExited", exited("Done")), ev(17, 16, "ExecutionSucceeded", {executionSucceededEventDetails: {}}),
  ]);
  assert.deepEqual(statuses(m), {Validate: "succeeded", Reserve: "succeeded", Done: "succeeded"});
  assert.equal(m.stateStatuses().get("Reserve").count, 2);
  assert.deepEqual(m.visitsOf("Reserve").map((v) => [v.run, m.status(v)]), [[0, "failed"], [1, "succeeded"]]);
  assert.equal(m.visitsOf("Reserve")[0].failure.error, "RuntimeError");
});

test("a redriven Map: the new run's iterations, by index, are that run's alone", () => {
  // Recorded from the emulator: iteration 1 fails, its siblings are aborted; redriven, all three
  // run again (none had succeeded) and succeed.
  const ev = (id, prev, type, details = {}) => ({id, previousEventId: prev, type, timestamp: 1796442836 + id, ...details});
  const it = (kind, index) => ({[`mapIteration${kind}EventDetails`]: {name: "Each", index}});
  const work = (n) => ({stateEnteredEventDetails: {name: "Work", input: `{"n":${n}}`}});
  const done = (n) => ({stateExitedEventDetails: {name: "Work", output: `${n * 10}`}});
  const m = new HistoryModel();
  m.add([
    ev(1, 0, "ExecutionStarted"), ev(2, 0, "MapStateEntered", {stateEnteredEventDetails: {name: "Each", input: "{}"}}),
    ev(3, 2, "MapStateStarted", {mapStateStartedEventDetails: {length: 3}}),
    ev(4, 3, "MapIterationStarted", it("Started", 0)), ev(5, 4, "MapIterationStarted", it("Started", 1)),
    ev(6, 5, "MapIterationStarted", it("Started", 2)),
    ev(7, 4, "TaskStateEntered", work(1)), ev(8, 5, "TaskStateEntered", work(2)), ev(9, 6, "TaskStateEntered", work(3)),
    ev(10, 8, "LambdaFunctionFailed", {lambdaFunctionFailedEventDetails: {error: "RuntimeError", cause: "item 2 broke"}}),
    ev(11, 10, "MapIterationFailed", it("Failed", 1)), ev(12, 10, "MapIterationAborted", it("Aborted", 0)),
    ev(13, 10, "MapIterationAborted", it("Aborted", 2)), ev(14, 10, "MapStateFailed"),
    ev(15, 14, "ExecutionFailed", {executionFailedEventDetails: {error: "RuntimeError", cause: "item 2 broke"}}),
    ev(16, 15, "ExecutionRedriven", {executionRedrivenEventDetails: {redriveCount: 1}}),
    ev(17, 16, "MapStateEntered", {stateEnteredEventDetails: {name: "Each", input: "{}"}}),
    ev(18, 17, "MapStateStarted", {mapStateStartedEventDetails: {length: 3}}),
    ev(19, 18, "MapIterationStarted", it("Started", 0)), ev(20, 19, "MapIterationStarted", it("Started", 1)),
    ev(21, 20, "MapIterationStarted", it("Started", 2)),
    ev(22, 19, "TaskStateEntered", work(1)), ev(23, 20, "TaskStateEntered", work(2)), ev(24, 21, "TaskStateEntered", work(3)),
    ev(25, 22, "TaskStateExited", done(1)), ev(26, 25, "MapIterationSucceeded", it("Succeeded", 0)),
    ev(27, 23, "TaskStateExited", done(2)), ev(28, 27, "MapIterationSucceeded", it("Succeeded", 1)),
    ev(29, 24, "TaskStateExited", done(3)), ev(30, 29, "MapIterationSucceeded", it("Succeeded", 2)),
    ev(31, 30, "MapStateSucceeded"), ev(32, 31, "MapStateExited", {stateExitedEventDetails: {name: "Each", output: "[10,20,30]"}}),
    ev(33, 32, "ExecutionSucceeded", {executionSucceededEventDetails: {output: "[10,20,30]"}}),
  ]);
  assert.deepEqual(statuses(m), {Each: "succeeded", Work: "succeeded"});
  const [first, again] = m.visitsOf("Each");
  assert.deepEqual([first.run, again.run], [0, 1]);
  assert.deepEqual([...first.iterations.values()], ["aborted", "failed", "aborted"]);
  assert.deepEqual([...again.iterations.values()], ["succeeded", "succeeded", "succeeded"]);
  // Iteration 1 of the redriven Map: its one visit of Work, not the first run's.
  const visits = m.visitsOf("Work", {map: again.i, index: 1});
  assert.deepEqual(visits.map((v) => [v.run, v.input]), [[1, '{"n":2}']]);
  assert.deepEqual(statuses(m, {map: again.i, index: 1}), {Each: "succeeded", Work: "succeeded"});
  // And iteration 1 of the first run: its failure (the Map state itself shows its latest run).
  assert.deepEqual(statuses(m, {map: first.i, index: 1}), {Each: "succeeded", Work: "failed"});
});
