// Use cases on executions: start, describe, list, stop, history, and the
// definition an execution ran (AWS Step Functions API reference).
//
// Starting goes through the engine Driver, which commits the execution and
// its ExecutionStarted event before StartExecution answers. Responses are
// AWS response shapes as Json. Not thread-safe: runs on the engine thread.
#pragma once

#include <optional>
#include <string>

#include "emulator/control/context.h"
#include "emulator/control/ports.h"
#include "emulator/control/state_machine_service.h"
#include "emulator/core/clock.h"
#include "emulator/core/random.h"
#include "emulator/engine/driver.h"

namespace sfn::control {

struct StartExecutionRequest {
  std::string state_machine_arn;
  std::optional<std::string> name;
  std::optional<std::string> input;
};

struct HistoryRequest {
  std::string execution_arn;
  std::optional<int> max_results;
  bool reverse_order = false;
  std::optional<std::string> next_token;
  bool include_execution_data = true;
};

struct ListExecutionsRequest {
  std::string state_machine_arn;
  std::optional<std::string> status_filter;
  std::optional<int> max_results;
  std::optional<std::string> next_token;
};

class ExecutionService {
 public:
  ExecutionService(Repository& repo, StateMachineService& machines, engine::Driver& driver,
                   Clock& clock, Random& random)
      : repo_(repo), machines_(machines), driver_(driver), clock_(clock), random_(random) {}

  Result<Json> Start(const RequestContext& ctx, const StartExecutionRequest& req);
  Result<Json> Describe(const std::string& execution_arn);
  Result<Json> List(const ListExecutionsRequest& req);
  Result<Json> Stop(const std::string& execution_arn, const std::optional<std::string>& error,
                    const std::optional<std::string>& cause);
  Result<Json> History(const HistoryRequest& req);
  Result<Json> DescribeStateMachineForExecution(const std::string& execution_arn);

 private:

  Repository& repo_;
  StateMachineService& machines_;
  engine::Driver& driver_;
  Clock& clock_;
  Random& random_;
};

}  // namespace sfn::control
