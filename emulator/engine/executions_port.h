// What the engine needs to start and follow executions from a Task state
// (Step Functions developer guide, "Start a new AWS Step Functions state
// machine from a running execution"): implemented by control/ over the
// execution service and the driver.
//
// A child execution records the Task that started it (`TaskRef`), so a
// start repeated after a restart finds the child it already started instead
// of failing with ExecutionAlreadyExists, and the children of a stopped
// parent can be found and stopped. Every method is called on the engine
// thread and never blocks; callbacks run later on the engine thread (never
// inside the call).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "emulator/core/status.h"
#include "emulator/core/time.h"

namespace sfn::engine {

// One scheduling of a Task state: its execution, frame and task attempt
// (what a child execution records as the Task that started it).
struct TaskRef {
  std::string execution_arn;
  int64_t frame_id = 0;
  int64_t task_attempt = 0;
  bool operator==(const TaskRef&) const = default;
  // "<frame>/<attempt>", as the store keeps it beside the parent's ARN.
  std::string TaskKey() const {
    return std::to_string(frame_id) + "/" + std::to_string(task_attempt);
  }
};

struct ChildStart {
  std::string state_machine_arn;  // a state machine, version or alias ARN
  std::string name;
  std::string input;  // JSON text
  TaskRef parent;
  // The parent waits for the child's end (.sync, .sync:2): stopping the
  // parent stops the child.
  bool stop_with_parent = false;
  std::string region;  // the parent's, for the StartExecution call
  std::string account;
};

// StartExecution's answer (or its error: the API's exception and message).
struct ExecutionStarted {
  Status status;
  std::string execution_arn;
  TimePoint start_date;
  std::string request_id;
};

// An execution that ended, as DescribeExecution shows it.
struct ExecutionEnded {
  std::string execution_arn;
  std::string state_machine_arn;
  std::string name;
  std::string status;  // SUCCEEDED, FAILED, TIMED_OUT, ABORTED
  std::string input;
  std::optional<std::string> output;
  std::optional<std::string> error;
  std::optional<std::string> cause;
  TimePoint start_date;
  TimePoint stop_date;
};

class ExecutionsPort {
 public:
  virtual ~ExecutionsPort() = default;
  // Starts `start` like StartExecution, recording its parent. When an
  // execution of that name exists and was started by that same parent task,
  // answers with it (the start was repeated after a restart).
  virtual void Start(const ChildStart& start, std::function<void(ExecutionStarted)> done) = 0;
  // Calls `done` once the execution `parent` started has ended (soon, when
  // it already has; never when there is none).
  virtual void Watch(const TaskRef& parent, std::function<void(ExecutionEnded)> done) = 0;
  // Stops the running executions `parent` started (StopExecution).
  virtual void StopStartedBy(const TaskRef& parent) = 0;
};

}  // namespace sfn::engine
