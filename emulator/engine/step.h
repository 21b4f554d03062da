// The pure step function of the durable execution loop (DESIGN.md, "Durable
// execution" and "Engine shape").
//
// Step takes an execution's state and one input (run, timer fired, stop, a
// task's answer, ...) at an explicit `now` and returns the new state, the
// history events to append, the timer to arm, the tasks to dispatch and,
// when the execution ended, its terminal result. It never reads a clock,
// sleeps, or touches storage: the driver commits the result in one
// transaction and only then acts on it. Runs states until the execution
// waits, ends, or `budget` transitions are used (so one execution's loop
// cannot starve the others; the driver calls again).
//
// The loop knows nothing about state types: each state's runner
// (`emulator/states/runner.h`) decides what happens, and Task calls go
// through the task-integration registry (`task_integration.h`). The loop
// keeps the frames, event ids and the history quota, the context object
// and variable scoping. Thread-safe given distinct states.
#pragma once

#include <optional>
#include <vector>

#include "emulator/asl/definition.h"
#include "emulator/core/random.h"
#include "emulator/engine/execution.h"
#include "emulator/engine/history_event.h"
#include "emulator/engine/map_run.h"
#include "emulator/engine/task_integration.h"

namespace sfn::engine {

// An answer to a task in flight: which frame's which scheduling it answers.
struct TaskCompletion {
  int64_t frame_id = 0;
  int64_t task_attempt = 0;
  TaskAnswer answer;
};

struct StepInput {
  // kResume: after a restart, also dispatch again every task in flight.
  // kRedrive: RedriveExecution of a failed, timed out or stopped execution
  // (its ExecutionInfo carries the new redrive count).
  enum class Kind { kRun, kTimerFired, kStop, kTaskAnswer, kResume, kUpdateMapRun, kRedrive };
  Kind kind = Kind::kRun;
  std::optional<std::string> error;          // kStop
  std::optional<std::string> cause;          // kStop
  std::optional<TaskCompletion> completion;  // kTaskAnswer
  // kUpdateMapRun: the map run and its new limits (UpdateMapRun).
  std::string map_run_arn;
  std::optional<int64_t> max_concurrency;
  std::optional<double> tolerated_failure_percentage;
  std::optional<int64_t> tolerated_failure_count;
};

// A task to send once the step's transition is committed.
struct TaskDispatch {
  int64_t frame_id = 0;
  int64_t task_attempt = 0;
  PlannedTask task;
};

// What a step may use besides the execution.
struct StepEnv {
  // States.UUID/MathRandom, retry jitter, map run ids (seeded by --seed; may be null).
  Random* random = nullptr;
  // The task integrations (may be null: then every Task fails as not emulated).
  const TaskIntegrations* integrations = nullptr;
  // AWS's quota of events per execution history; 0 lifts it.
  int64_t max_history_events = 25000;
};

struct StepResult {
  ExecutionState state;
  std::vector<HistoryEvent> events;
  std::optional<TimePoint> timer;  // wake the execution at this time
  bool run_again = false;          // budget exhausted; more work is ready
  std::optional<Terminal> terminal;
  std::vector<TaskDispatch> dispatch;  // after the commit
  std::vector<MapRunRecord> map_runs;  // distributed Map runs that changed
  // .sync tasks whose job the integration follows from now on (Await), after
  // the commit.
  std::vector<TaskDispatch> awaits;
  // Tasks dropped while in flight (the execution ended, a branch was
  // cancelled): the integration may undo them (Cancel), after the commit.
  std::vector<TaskDispatch> cancels;
  // Task tokens issued by this step, for the store's token index.
  std::vector<std::string> task_tokens;
  // The state changed without an event or a timer change (a heartbeat, an
  // early token answer): it must be committed all the same.
  bool state_changed = false;
  // The ids of the frames this step may have changed, added or removed (a
  // superset; sorted), so that a store persists only those frames; nullopt
  // when any frame may have changed (a redrive, an internal failure).
  std::optional<std::vector<int64_t>> touched_frames;
};

// The initial state of a new execution and its ExecutionStarted event.
StepResult StartExecution(const asl::Definition& definition, const ExecutionInfo& info,
                          TimePoint now);

StepResult Step(const asl::Definition& definition, const ExecutionInfo& info, ExecutionState state,
                const StepInput& input, TimePoint now, int budget = 1000, const StepEnv& env = {});

// The end of an execution whose step threw (an internal bug): FAILED with
// States.Runtime and the exception's text, after the last committed event;
// nothing of the failed step is kept.
StepResult FailInternally(const ExecutionState& state, const std::string& what, TimePoint now);

// Whether `completion` answers what `state` awaits now: the frame is still
// awaiting that scheduling of its task, and can take this kind of answer (a
// token's success or failure once, a worker's start before any answer).
// Late, repeated and stale answers are not.
bool Awaits(const ExecutionState& state, const TaskCompletion& completion);

// The completion that carries `answer` to the frame awaiting `token`, if
// any frame of `state` does.
std::optional<TaskCompletion> CompletionForToken(const ExecutionState& state,
                                                 const std::string& token, TaskAnswer answer);

// Whether `state` waits on a party outside the emulator (a task token, an
// activity worker): a virtual clock then runs at the wall clock's pace
// rather than jumping, so that the party has the time it was given.
bool AwaitsOutside(const ExecutionState& state);

// The context object ($$) a state sees (AWS "Context object").
Json MakeContextObject(const ExecutionInfo& info, const std::string& state_name,
                       TimePoint entered_time);

}  // namespace sfn::engine
