// Answers to task tokens (AWS API reference: SendTaskSuccess,
// SendTaskFailure, SendTaskHeartbeat), for callback tasks
// (.waitForTaskToken) and activity workers alike.
//
// A token finds its execution through the store's token index and its
// frame through the frame's record; the answer is one committed transition
// of that execution before the call returns. AWS's errors: a string that is
// not a token is InvalidToken; a token the emulator never issued is
// TaskDoesNotExist; a token whose task no longer waits (answered already,
// timed out, its execution stopped or ended, also across a restart) is
// TaskTimedOut; an output that is not JSON is InvalidOutput. Not
// thread-safe: runs on the engine thread.
#pragma once

#include <optional>
#include <string>

#include "emulator/control/ports.h"
#include "emulator/engine/driver.h"

namespace sfn::control {

class CallbackService {
 public:
  CallbackService(Repository& repo, engine::Driver& driver) : repo_(repo), driver_(driver) {}

  Status SendSuccess(const std::string& token, const std::string& output);
  Status SendFailure(const std::string& token, const std::optional<std::string>& error,
                     const std::optional<std::string>& cause);
  Status SendHeartbeat(const std::string& token);

 private:
  Status Send(const std::string& token, engine::TokenAnswer answer);

  Repository& repo_;
  engine::Driver& driver_;
};

}  // namespace sfn::control
