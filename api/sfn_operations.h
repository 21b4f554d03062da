// The Step Functions operations on the wire (AWS JSON 1.0): for each
// operation name, read and check the request members (RequestReader), call
// the control service, and encode its typed result in the operation's
// response shape (api/sfn_shapes.h).
//
// Not thread-safe: call on the engine thread, which owns the services.
#pragma once

#include <functional>
#include <string>

#include "emulator/control/activity_service.h"
#include "emulator/control/alias_service.h"
#include "emulator/control/callback_service.h"
#include "emulator/control/context.h"
#include "emulator/control/execution_service.h"
#include "emulator/control/map_run_service.h"
#include "emulator/control/state_machine_service.h"
#include "emulator/control/test_state_service.h"
#include "emulator/control/version_service.h"
#include "emulator/core/json.h"
#include "emulator/core/status.h"
#include "emulator/lambda/lambda_service.h"

namespace sfn::api {

struct Services {
  control::StateMachineService& machines;
  control::ExecutionService& executions;
  control::VersionService& versions;
  control::AliasService& aliases;
  control::MapRunService& map_runs;
  // The Lambda API (paths under /2015-03-31/ and /2017-03-31/tags/); null
  // leaves those paths unrouted.
  lambda::LambdaService* lambdas = nullptr;
  // Activities and task-token answers; null answers their operations as not
  // supported.
  control::ActivityService* activities = nullptr;
  control::CallbackService* callbacks = nullptr;
  // TestState; null answers it as not supported.
  control::TestStateService* test_state = nullptr;
};

// The answer of an operation: called exactly once, on the engine thread (at
// once for most operations; later for GetActivityTask, when a task comes or
// its poll time ends, and when the work ends for StartSyncExecution and
// TestState: none of them holds a thread while it waits).
using OperationDone = std::function<void(Result<Json>)>;

// Whether `operation` only reads the store and answers at once (Describe*,
// List*, GetExecutionHistory, ValidateStateMachineDefinition): such an
// operation may run on a reader thread (api/read_pool.h) with services of
// its own over a read-only store. The operations of activities stay on the
// engine thread (their service holds the engine's task queues). The flag sits
// beside each operation's handler in sfn_operations.cc's table.
bool IsReadOperation(const std::string& operation);

// kUnknownOperationException for a name the Step Functions API does not have.
void RunOperation(Services& services, const control::RequestContext& ctx,
                  const std::string& operation, const Json& body, OperationDone done);

}  // namespace sfn::api
