// What the engine needs from durable storage (implemented by store/).
//
// Every method is one transaction. CommitTransition is the heart of the
// durable loop: the execution row (status, state, record version), its new
// history events and its timer change together or not at all. Callers use a
// store from one thread at a time (the engine thread); implementations need
// not be thread-safe beyond that.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "emulator/asl/definition.h"
#include "emulator/core/status.h"
#include "emulator/engine/execution.h"
#include "emulator/engine/history_event.h"
#include "emulator/engine/map_run.h"

namespace sfn::engine {

struct ExecutionRecord {
  ExecutionInfo info;
  ExecutionStatus status = ExecutionStatus::kRunning;
  std::optional<std::string> output;
  std::optional<std::string> error;
  std::optional<std::string> cause;
  std::optional<TimePoint> stop_date;
  ExecutionState state;
  std::optional<TimePoint> timer;  // when the execution wants to be woken
  int64_t record_version = 0;
  // Insert only: map runs the first step started and task tokens it issued
  // (never read back here).
  std::vector<MapRunRecord> map_runs;
  // LoadRunningExecutions only: why the serialised state could not be read
  // (a damaged row). `state` then holds only last_event_id, from the
  // history, so that the execution can still be ended.
  std::optional<std::string> load_error;
  std::vector<std::string> task_tokens;
  // Redrive (AWS "Redriving executions"): when it was last redriven, and why
  // it cannot be redriven when its end made that impossible.
  std::optional<TimePoint> redrive_date;
  std::optional<std::string> not_redrivable;
};

// A RedriveExecution committed with the transition that restarts the
// execution: the row is RUNNING again with these.
struct RedriveMark {
  int redrive_count = 0;
  TimePoint date;
  std::optional<std::string> client_token;  // remembered for idempotent retries
};

struct Transition {
  std::string execution_arn;
  int64_t expected_record_version = 0;  // optimistic check against lost updates
  ExecutionState state;
  std::vector<HistoryEvent> events;
  std::optional<TimePoint> timer;  // replaces any previous timer
  std::optional<Terminal> terminal;
  std::optional<TimePoint> stop_date;
  std::vector<MapRunRecord> map_runs;  // inserted or replaced
  // Task tokens issued by the transition: the token index maps each to the
  // execution (kept after the task ends, so a late answer finds it).
  std::vector<std::string> task_tokens;
  std::optional<RedriveMark> redrive;  // this transition redrives the execution
  // The frames of `state` that changed since the last committed transition
  // (StepResult::touched_frames: those present are written, those absent
  // removed); nullopt: every frame is written afresh. A store may ignore it
  // and write the whole state; per-frame writes keep a commit's cost
  // proportional to what changed (a 10,000-iteration Map has as many frames).
  std::optional<std::vector<int64_t>> touched_frames;
};

class ExecutionStore {
 public:
  virtual ~ExecutionStore() = default;
  // Inserts a new execution with its first events: RUNNING (with its timer),
  // or already ended when its first step finished it (status, output, error,
  // cause and stop date from the record).
  virtual Status InsertExecution(const ExecutionRecord& record,
                                 const std::vector<HistoryEvent>& events) = 0;
  virtual Status CommitTransition(const Transition& transition) = 0;
  // Group commit: the transitions of several executions (at most one each) in
  // one transaction, all or none. The default commits them one by one (not
  // atomic as a group; every transition still is).
  virtual Status CommitTransitions(const std::vector<const Transition*>& transitions) {
    for (const Transition* t : transitions) {
      if (Status s = CommitTransition(*t); !s.ok()) return s;
    }
    return Status::Ok();
  }
  // A new execution for CommitGroup: its record and first events, as
  // InsertExecution takes them (both owned by the caller).
  struct NewExecution {
    const ExecutionRecord* record;
    const std::vector<HistoryEvent>* events;
  };
  // Group commit of new executions (InsertExecution's writes) and of the
  // transitions of running ones (at most one each), in one transaction, all
  // or none. The default writes them one by one (not atomic as a group;
  // every execution and transition still is).
  virtual Status CommitGroup(const std::vector<NewExecution>& starts,
                             const std::vector<const Transition*>& transitions) {
    for (const NewExecution& n : starts) {
      if (Status s = InsertExecution(*n.record, *n.events); !s.ok()) return s;
    }
    return CommitTransitions(transitions);
  }
  // Every RUNNING execution, for recovery at start-up. A row whose state
  // cannot be read comes back with `load_error` set, never as an error of
  // the whole load.
  virtual Result<std::vector<ExecutionRecord>> LoadRunningExecutions() = 0;
  // Removes an execution's row and timer (an Express execution's start
  // record once it ended). A store without such records has nothing to do.
  virtual Status DeleteExecution(const std::string& /*execution_arn*/) { return Status::Ok(); }
  // One execution with its state, to redrive it; kExecutionDoesNotExist when
  // there is none.
  virtual Result<ExecutionRecord> LoadExecution(const std::string& execution_arn) {
    return Status(ErrorCode::kExecutionDoesNotExist,
                  "Execution Does Not Exist: '" + execution_arn + "'");
  }
  // The latest timestamp of any history event, so that a virtual clock
  // never runs backwards across a restart.
  virtual Result<std::optional<TimePoint>> LatestEventTime() = 0;
};

// The definition revisions executions run (implemented by control/, over the
// store): an execution names its revision, the engine loads it through this
// port when it resumes the execution. Called on the engine thread.
class DefinitionSource {
 public:
  virtual ~DefinitionSource() = default;
  // The compiled definition of `revision_id`; kStateMachineDoesNotExist (or
  // the store's error) when it cannot be loaded.
  virtual Result<asl::DefinitionPtr> Load(const std::string& revision_id) = 0;
};

}  // namespace sfn::engine
