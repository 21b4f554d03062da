// What the engine needs from the activities of the Step Functions API
// (AWS "Activities in Step Functions"): implemented by control/, which keeps
// the activities (CreateActivity, ...) and the queue GetActivityTask polls.
//
// A Task state whose resource is an activity ARN queues its task when the
// transition that scheduled it is committed (and again after a restart, for
// a task no worker took yet); a worker's GetActivityTask takes the oldest
// task of the activity, which reaches the frame as WorkerStarted through
// Driver::CompleteToken before the worker gets the token. Called on the
// engine thread; never blocks.
#pragma once

#include <string>

namespace sfn::engine {

// A task waiting for a worker.
struct ActivityTask {
  std::string activity_arn;
  std::string execution_arn;
  std::string token;
  std::string input;  // JSON text: what GetActivityTask hands out
};

class ActivityPort {
 public:
  virtual ~ActivityPort() = default;
  // Whether the activity exists now.
  virtual bool Exists(const std::string& activity_arn) = 0;
  // Queues `task` for the activity's workers.
  virtual void Enqueue(ActivityTask task) = 0;
  // Drops the task of `token` if no worker took it yet.
  virtual void Withdraw(const std::string& token) = 0;
};

}  // namespace sfn::engine
