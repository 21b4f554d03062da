// The driver of the durable execution loop (DESIGN.md, "Durable execution").
//
// For every input of an execution (start, timer fired, stop, a task's
// answer, UpdateMapRun) the driver runs
// the pure Step, commits its result through ExecutionStore in one
// transaction, and only after the commit arms the timer or schedules more
// work. Running executions are kept in memory as a cache of the committed
// rows; after a restart Recover() rebuilds it from the store: overdue timers
// fire at once, executions that were mid-run continue.
//
// Group commit: scheduled inputs wait in a ready queue; one engine-loop turn
// steps up to kBatch executions (one input each) and commits all their
// transitions in one store transaction. Nothing of a transition is acted on
// (timers, invocations, the next step, the in-memory state) before that
// commit; if the group commit fails, each transition is committed on its own.
//
// Threading: a Driver lives on one Asio executor (the engine thread) and all
// of its methods must be called there. Transitions of all executions are thus
// serialised; no thread ever waits on a timer (Asio timers wake the loop).
// With a virtual auto-advancing clock, when no work is queued the driver
// jumps the clock to the next due timer.
//
// Faults: an exception escaping a step (an internal bug) fails that one
// execution with a clear error, logged; the others and the server go on.
// Every step runs under a FatalSignalScope naming its execution, so that a
// crash (a signal, not an exception) is recorded; Recover() then fails that
// execution instead of stepping it into the same crash again, and fails
// executions whose rows are damaged instead of refusing to start.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "emulator/asl/definition.h"
#include "emulator/core/clock.h"
#include "emulator/engine/ports.h"
#include "emulator/engine/step.h"

namespace sfn::engine {

// What one committed transition changed, for observers (the console's live
// channel): the execution, its status after the commit and the id of its
// last history event.
struct TransitionNotice {
  const std::string& execution_arn;
  ExecutionStatus status;
  int64_t last_event_id;
};
// Called on the engine thread right after a transition that wrote events has
// committed; it must not call back into the driver.
using TransitionObserver = std::function<void(const TransitionNotice&)>;

// How much of an execution the store keeps (AWS "Choosing workflow type").
enum class Persistence {
  // Standard: every transition with its history events (DESIGN.md, "Durable
  // execution").
  kDurable,
  // Asynchronous Express (at-least-once): a start record only, no history;
  // after a restart the execution runs again from its start. The record is
  // removed when the execution ends.
  kStartRecord,
  // Synchronous Express (StartSyncExecution, at-most-once): nothing at all; a
  // restart forgets it (its caller's connection was cut).
  kNone,
};

// How an execution ended, for the caller that waits for it.
struct ExecutionEnd {
  Terminal terminal;
  TimePoint stop_date;
};

struct StartOptions {
  Persistence persistence = Persistence::kDurable;
  // Called once on the engine thread when the execution ends (also from
  // within Start when its first step ends it); must not call back into the
  // driver.
  std::function<void(const ExecutionEnd&)> on_end;
  // The mock test case the execution runs (task_mocks.h), if any.
  std::optional<MockCase> mock;
};

// A group-committed start's answer (StartBatched, WhenStarted), called once
// on the engine thread after the commit that stored the execution, or after
// that commit failed (then nothing of the execution was stored): the
// commit's status, and the execution's status after its first step.
using StartCommitted = std::function<void(const Status& committed, ExecutionStatus status)>;

class Driver {
 public:
  // `definitions` gives the revision each resumed execution runs; `random`
  // (may be null) feeds States.UUID/MathRandom and retry jitter;
  // `integrations` (may be null: every Task fails as not emulated) serve
  // Task states. Answers are posted back to `io`; a virtual clock does not
  // jump while any task is in flight.
  Driver(boost::asio::io_context& io, ExecutionStore& store, Clock& clock,
         DefinitionSource& definitions, Random* random = nullptr,
         const TaskIntegrations* integrations = nullptr);

  // AWS's quota of events per execution history (25,000); 0 lifts it.
  void SetMaxHistoryEvents(int64_t n) { env_.max_history_events = n; }

  // Adds an observer of committed transitions (none by default); observers
  // are called in the order they were added.
  void AddTransitionObserver(TransitionObserver observer) {
    observers_.push_back(std::move(observer));
  }

  // Resumes every RUNNING execution found in the store. Each execution in
  // `crashed` (by ARN: why the process died while stepping it), each whose
  // state row cannot be read and each whose definition cannot be loaded is
  // failed instead (States.Runtime, logged) and the others resume. An error
  // only when the store cannot be read or written at all.
  Status Recover(const std::map<std::string, std::string>& crashed = {});

  // Creates and starts an execution: its row, ExecutionStarted and its first
  // step (at most kStartBudget transitions) are committed in one transaction
  // before this returns; the rest then runs asynchronously. Express
  // executions keep less (`options.persistence`); their steps never wait for
  // a commit. `options.mock`: the mock test case it runs (task_mocks.h).
  Status Start(const ExecutionInfo& info, asl::DefinitionPtr definition, StartOptions options = {});

  // Start() for a durable (Standard) execution, group-committed: its first
  // step runs now, and its row, ExecutionStarted and that step's events join
  // the next engine-loop turn's transaction with the other starts and the
  // transitions of that turn (one commit for all). `done` is called after
  // that commit; only then does the execution run on, or is it visible in
  // the store. Until then it is starting: FindStarting() shows it. If the
  // group commit fails, it is committed on its own, and `done` gets that
  // commit's outcome.
  void StartBatched(const ExecutionInfo& info, asl::DefinitionPtr definition, StartOptions options,
                    StartCommitted done);

  // The row of the execution of that ARN waiting for its start's commit
  // (StartBatched; its status is the one after its first step), or nullptr.
  // Valid until control returns to the engine loop.
  const ExecutionRecord* FindStarting(const std::string& execution_arn) const;

  // Calls `done` with the outcome of the start's commit of the starting
  // execution `execution_arn` (a repeated StartExecution waits for the
  // first); false (and `done` dropped) when no such execution is starting.
  bool WhenStarted(const std::string& execution_arn, StartCommitted done);

  // Stops a running execution (ABORTED). kExecutionDoesNotExist when it is
  // not running in this driver.
  Status Stop(const std::string& execution_arn, const std::optional<std::string>& error,
              const std::optional<std::string>& cause, TimePoint* stop_date);

  // Changes a running distributed Map's limits (UpdateMapRun); the input
  // names the map run. kResourceNotFound when its execution is not running.
  Status UpdateMapRun(const std::string& execution_arn, StepInput input);

  // RedriveExecution of an ended execution (the caller checked that it may
  // be redriven): its row RUNNING again with its redrive count raised, its
  // ExecutionRedriven event and its first step are committed in one
  // transaction before this returns the redrive date; the rest then runs
  // asynchronously.
  Result<TimePoint> Redrive(const std::string& execution_arn,
                            const std::optional<std::string>& client_token);

  // An external completion of a task in flight (an activity worker's
  // start, a task token's answer or heartbeat). Stepped and committed like
  // every other input before this returns. kExecutionDoesNotExist when the
  // execution is not running; kTaskTimedOut ("Provided task does not exist
  // anymore", as AWS answers a late or repeated callback) when the frame no
  // longer awaits that scheduling or cannot take this answer (Awaits).
  Status Complete(const std::string& execution_arn, TaskCompletion completion);

  // Complete() for the frame of `execution_arn` that awaits `token`;
  // kTaskTimedOut when none does (or the execution is not running).
  Status CompleteToken(const std::string& execution_arn, const std::string& token,
                       TaskAnswer answer);

  // Moves a virtual clock forward by `delta` and fires what became due.
  void AdvanceClock(Millis delta);

  size_t running_count() const { return live_.size(); }

 private:
  // A new execution stepped and waiting for the commit of its row (Start,
  // StartBatched).
  struct Starting {
    ExecutionInfo info;
    asl::DefinitionPtr definition;
    Persistence persistence = Persistence::kDurable;
    std::function<void(const ExecutionEnd&)> on_end;
    bool write = false;      // `record` and `events` go to the store
    ExecutionRecord record;  // holds the first step's state while written
    std::vector<HistoryEvent> events;
    StepResult result;  // the first step (its events are in `events`)
    std::vector<StartCommitted> waiters;
  };
  struct Live {
    ExecutionInfo info;
    asl::DefinitionPtr definition;
    ExecutionState state;
    std::optional<TimePoint> timer;
    int64_t record_version = 0;
    Persistence persistence = Persistence::kDurable;
    std::function<void(const ExecutionEnd&)> on_end;
    bool outside = false;  // awaits a task token or a worker (AwaitsOutside)
    // The next commit writes every frame (Transition::touched_frames unset):
    // the stored row may predate per-frame rows (resumed after a restart).
    bool rewrite_frames = false;
  };

  // A stepped input waiting for its commit.
  struct Pending {
    std::string arn;
    StepResult result;
    std::optional<Transition> transition;  // nullopt: nothing to write
    TimePoint stop_date;                   // when the result ends the execution
  };

  // Runs a new execution's first step (Start, StartBatched).
  Starting PrepareStart(const ExecutionInfo& info, asl::DefinitionPtr definition,
                        StartOptions options);
  // A new execution's row is committed (or needs none): it runs on. The
  // caller arms the wakeup timer afterwards.
  Status Launch(Starting& start);
  // Commits the starting executions with `writes` (Turn); a failed group
  // commit falls back to one commit each. Launches the starts committed and
  // answers their waiters; returns whether `writes` were committed.
  bool CommitTurn(const std::vector<const Transition*>& writes);
  void PostTurn();
  // Ends an execution that cannot be resumed (Recover) with `cause`.
  Status FailAtRecovery(ExecutionRecord& rec, const std::string& cause);
  void Schedule(const std::string& arn, StepInput::Kind kind);
  void Turn();
  void RunOne(const std::string& arn, StepInput input);
  // Steps `live`; an exception escaping the step fails the execution.
  StepResult SafeStep(Live& live, const StepInput& input, TimePoint now, int budget);
  // A durable execution's step threw or its commit failed: `live` takes back
  // its last committed state from the store (SafeStep moved it into the step).
  void Restore(Live& live);
  // Steps `live` with `input`, commits, and queues more work when the step
  // ran out of budget. The commit's failure is returned, nothing happened.
  Status StepNow(Live& live, const StepInput& input, TimePoint now);
  void Dispatch(const std::string& arn, std::vector<TaskDispatch> dispatch);
  void Await(const std::string& arn, std::vector<TaskDispatch> awaits);
  void Cancel(const std::string& arn, const std::vector<TaskDispatch>& cancels);
  // Keeps `outside_` in step with `live.state`.
  void CountOutside(Live& live, bool outside);
  // Work under way outside the engine (invocations, callbacks, workers): a
  // virtual clock then keeps the wall clock's pace instead of jumping.
  bool Busy() const { return in_flight_ > 0 || outside_ > 0; }
  // The engine's time. With an auto-advancing virtual clock it is paced
  // first: while Busy() the virtual clock runs with the wall clock (not only
  // from timer to timer), so a timer set now counts from now rather than
  // from when another execution's timer last moved time, and fires after its
  // real length (the conformance run's activity timed out early when a
  // second execution's timer caught time up).
  TimePoint Now();
  // Around every change of in_flight_ or outside_: time up to the change
  // runs at the pace that held before it.
  void BeforeBusyChange();
  void AfterBusyChange();
  Status Apply(Live& live, StepResult result);
  Pending Prepare(Live& live, StepResult result);
  void Committed(Live& live, Pending& pending);
  // An execution ended: its waiting caller is told, an Express start record
  // removed. `live` is gone afterwards.
  void Ended(Live& live, const Terminal& terminal, TimePoint stop_date);
  void Notify(const std::string& arn, const std::vector<HistoryEvent>& events,
              const std::optional<Terminal>& terminal);
  void SetTimer(const std::string& arn, std::optional<TimePoint> at);
  void ArmWakeup();
  void OnWakeup();
  void FireDue();
  void MaybeAutoAdvance();

  boost::asio::io_context& io_;
  ExecutionStore& store_;
  Clock& clock_;
  DefinitionSource& definitions_;
  StepEnv env_;
  std::unordered_map<std::string, Live> live_;
  std::set<std::pair<TimePoint, std::string>> timers_;
  boost::asio::steady_timer wakeup_;
  std::deque<std::pair<std::string, StepInput::Kind>> ready_;  // scheduled inputs
  // Group-committed starts waiting for the next turn's commit, in order, and
  // their index by ARN.
  std::vector<Starting> starting_;
  std::unordered_map<std::string, size_t> starting_index_;
  bool turn_posted_ = false;
  size_t queued_ = 0;     // scheduled inputs not yet run (ready_.size())
  size_t in_flight_ = 0;  // tasks dispatched and not answered
  size_t outside_ = 0;    // executions awaiting a task token or a worker
  bool auto_advance_posted_ = false;
  bool paced_ = false;  // Busy() with an auto-advancing clock: Now() follows the wall clock
  std::chrono::steady_clock::time_point paced_since_;  // wall time Now() has caught up to
  std::vector<TransitionObserver> observers_;
};

}  // namespace sfn::engine
