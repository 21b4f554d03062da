// What the engine knows about one execution.
//
// ExecutionInfo is fixed at start (identity, input, the revision it runs).
// ExecutionState is the resumable position of the interpreter; it is
// serialised into the `executions` row with every committed transition, so a
// restarted process continues exactly where the last commit left off.
// Values; not shared between threads.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "emulator/core/json.h"
#include "emulator/core/status.h"
#include "emulator/core/time.h"

namespace sfn::engine {

enum class ExecutionStatus { kRunning, kSucceeded, kFailed, kTimedOut, kAborted };
std::string_view StatusName(ExecutionStatus s);  // "RUNNING", ...
std::optional<ExecutionStatus> ParseStatus(std::string_view name);

struct ExecutionInfo {
  std::string arn;
  std::string name;
  std::string state_machine_arn;  // unqualified
  std::string state_machine_name;
  std::string revision_id;
  std::string role_arn;
  std::string input;  // the text the client sent (or "{}")
  TimePoint start_time;
  std::optional<std::string> version_arn;
  std::optional<std::string> alias_arn;
  int redrive_count = 0;
};

// A Parallel or Map state that is running its branches or iterations.
struct Fork {
  bool map = false;
  bool distributed = false;     // Map with ProcessorConfig.Mode DISTRIBUTED
  bool batched = false;         // `items` are ItemBatcher batches
  int64_t total = 0;            // branches or items
  int64_t next_index = 0;       // the next branch/item to start
  int64_t running = 0;          // started, not finished
  int64_t failed = 0;           // iterations failed (tolerated so far)
  int64_t max_concurrency = 0;  // 0: unbounded
  std::optional<int64_t> tolerated_count;
  std::optional<double> tolerated_percentage;
  Json effective_input;     // Parallel: every branch's input; Map: $ of ItemSelector
  Json items;               // Map: the items
  Json results;             // one slot per branch/item
  std::string map_run_arn;  // distributed Map
  TimePoint started;        // distributed Map: the map run's start
};

// One thread of control: the top level (id 0), a Parallel branch or a Map
// iteration. Frames of one execution run interleaved inside the pure step;
// children report to their parent frame when they end.
struct Frame {
  enum class Phase {
    kEnter,     // enter `state_name` with `data` as raw input
    kWaiting,   // a Wait state: exit with `data` towards `next` at `wake`
    kRetrying,  // back-off before running the state again at `wake`
    kForked,    // a Parallel/Map state waiting for its children
    kTask,      // a Task state waiting for its invocation (timeout at `wake`)
  };
  int64_t id = 0;
  int64_t parent = -1;  // the frame whose Parallel/Map started this one
  int64_t index = 0;    // branch or item index in the parent's fork
  bool quiet = false;   // a distributed Map iteration: no events in this history
  Phase phase = Phase::kEnter;
  std::string state_name;
  Json data;                        // kEnter: raw input; kWaiting: the output
  Json input;                       // the current state's raw input (kRetrying/kForked/kTask)
  std::optional<std::string> next;  // kWaiting
  int64_t entered_event_id = 0;
  TimePoint entered_time;
  std::optional<TimePoint> wake;
  int64_t link = 0;                 // previousEventId of this frame's next event
  std::vector<int> attempts;        // retries made per retrier of the current state
  Json variables = Json::object();  // variables assigned in this scope
  Json pending_assign;              // kWaiting: variables assigned at exit (or null)
  Fork fork;                        // kForked
  Json task;  // kTask: what was scheduled (resource, resolved function, payload, ...)
  int64_t task_attempt = 0;  // increases per scheduling; stale results are ignored

  Json ToJson() const;
  static Frame FromJson(const Json& j);  // throws Json::exception on a bad shape
};

struct ExecutionState {
  std::map<int64_t, Frame> frames;  // live frames; 0 is the top level
  int64_t next_frame_id = 1;
  int64_t last_event_id = 0;
  bool done = false;
  std::optional<TimePoint> deadline;  // the definition's TimeoutSeconds

  Json ToJson() const;
  static Result<ExecutionState> FromJson(const Json& j);
};

// The final status and payload of a finished execution.
struct Terminal {
  ExecutionStatus status = ExecutionStatus::kSucceeded;
  std::optional<std::string> output;
  std::optional<std::string> error;
  std::optional<std::string> cause;
};

}  // namespace sfn::engine
