// Use cases on executions: start, describe, list, stop, history, and the
// definition an execution ran (AWS Step Functions API reference).
//
// Starting goes through the engine Driver, which commits the execution and
// its ExecutionStarted event before StartExecution answers: a Standard
// execution's start (StartAsync) joins the driver's group commit and is
// answered after it, so that many starts share one transaction. Results are
// typed; api/ writes AWS's shapes (and leaves the payloads out of history
// events when asked to). Not thread-safe: runs on the engine thread.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "emulator/control/context.h"
#include "emulator/control/paging.h"
#include "emulator/control/ports.h"
#include "emulator/control/start_targets.h"
#include "emulator/control/state_machine_service.h"
#include "emulator/core/clock.h"
#include "emulator/core/random.h"
#include "emulator/core/time.h"
#include "emulator/engine/driver.h"
#include "emulator/engine/history_event.h"

namespace sfn::control {

struct StartExecutionRequest {
  std::string state_machine_arn;
  std::optional<std::string> name;
  std::optional<std::string> input;
  // A nested execution: the Task that starts it (see engine/executions_port.h).
  std::optional<engine::TaskRef> parent;
  bool stop_with_parent = false;
  std::optional<std::string> trace_header;
  // An Express execution's end (on the engine thread; also from within Start
  // when its first step ends it). Its start record goes when it ends, so a
  // parent waiting on it (.sync) learns of the end only here; a Standard
  // execution's end is in the store and the driver's transition notices.
  std::function<void(const engine::ExecutionEnd&)> on_express_end;
};

struct HistoryRequest {
  std::string execution_arn;
  std::optional<int> max_results;
  bool reverse_order = false;
  std::optional<std::string> next_token;
};

struct ListExecutionsRequest {
  std::string state_machine_arn;
  std::optional<std::string> status_filter;
  std::optional<std::string> redrive_filter;  // REDRIVEN | NOT_REDRIVEN
  std::optional<int> max_results;
  std::optional<std::string> next_token;
};

struct StartExecutionResult {
  std::string execution_arn;
  TimePoint start_date;
};

// StartSyncExecution's answer: an Express execution that has ended.
struct SyncExecutionResult {
  std::string execution_arn;
  std::string state_machine_arn;
  std::string name;
  TimePoint start_date;
  TimePoint stop_date;
  std::string status;  // SUCCEEDED | FAILED | TIMED_OUT
  std::string input;
  std::optional<std::string> output;  // once it succeeded
  std::optional<std::string> error;
  std::optional<std::string> cause;
  // AWS "Express Workflows pricing": the duration billed in 100 ms steps
  // (at least 100 ms) and the memory in 64 MB steps.
  int64_t billed_duration_ms = 100;
  int64_t billed_memory_mb = 64;
};

// What every listing of an execution shows (ExecutionListItem).
struct ExecutionSummary {
  std::string execution_arn;
  std::string state_machine_arn;
  std::string name;
  std::string status;  // RUNNING | SUCCEEDED | FAILED | TIMED_OUT | ABORTED
  TimePoint start_date;
  std::optional<TimePoint> stop_date;
  std::optional<std::string> state_machine_version_arn;
  std::optional<std::string> state_machine_alias_arn;
  int redrive_count = 0;
  std::optional<TimePoint> redrive_date;  // when it was last redriven
};

struct DescribeExecutionResult {
  ExecutionSummary summary;
  std::string input;
  std::optional<std::string> trace_header;
  std::optional<std::string> output;  // once it succeeded
  std::optional<std::string> error;
  std::optional<std::string> cause;
  // AWS "Redriving executions": whether RedriveExecution may restart it,
  // and why not when it may not.
  bool redrivable = false;
  std::optional<std::string> redrive_status_reason;
};

struct StopExecutionResult {
  TimePoint stop_date;
};

struct RedriveExecutionResult {
  TimePoint redrive_date;
};

// One event of GetExecutionHistory, as the engine committed it.
using HistoryEvent = engine::HistoryEvent;

// DescribeStateMachineForExecution: the revision the execution runs.
struct StateMachineForExecutionResult {
  std::string state_machine_arn;
  std::string name;
  std::string definition;
  std::string role_arn;
  TimePoint update_date;  // when the revision was made
  Json logging_configuration;
  Json tracing_configuration;
  Json encryption_configuration;
  std::optional<std::string> revision_id;  // a revision made by an update
};

// The execution a StartExecution or StartSyncExecution request names,
// checked and ready to start.
struct PreparedStart {
  engine::ExecutionInfo info;
  asl::DefinitionPtr definition;
  bool express = false;
  std::optional<engine::MockCase> mock;  // `<arn>#<TestCase>` (Step Functions Local)
};

class ExecutionService {
 public:
  ExecutionService(Repository& repo, StateMachineService& machines, engine::Driver& driver,
                   Clock& clock, Random& random)
      : repo_(repo), machines_(machines), driver_(driver), clock_(clock), random_(random) {}

  // Step Functions Local's mock configuration file (may stay unset). With
  // it, StartExecution on `<stateMachineArn>#<TestCase>` runs that test case.
  void SetMockCases(const engine::MockCases* mocks) { mocks_ = mocks; }
  // The cache of resolved start targets (control/start_targets.h); without
  // one every start resolves its ARN from the store. It must outlive this.
  void SetStartTargets(StartTargets* targets) { start_targets_ = targets; }

  // Starts an execution and answers once it is committed (a nested
  // execution's Task, an Express execution: at once).
  Result<StartExecutionResult> Start(const RequestContext& ctx, const StartExecutionRequest& req);
  // StartExecution: calls `done` (on the engine thread) once the execution
  // is committed, or with the request's error. A Standard execution joins the
  // driver's group commit (Driver::StartBatched); a repeated name is answered
  // by the rule of Start (the first execution's ARN and start date, or
  // ExecutionAlreadyExists), also while the first one waits for its commit.
  // Holds no thread.
  using StartDone = std::function<void(Result<StartExecutionResult>)>;
  void StartAsync(const RequestContext& ctx, const StartExecutionRequest& req, StartDone done);
  // StartSyncExecution: runs an Express execution and calls `done` (on the
  // engine thread) when it ends, or at once with the request's error. The
  // execution keeps nothing in the store while it runs (at-most-once) and
  // holds no thread.
  using SyncDone = std::function<void(Result<SyncExecutionResult>)>;
  void StartSync(const RequestContext& ctx, const StartExecutionRequest& req, SyncDone done);
  Result<DescribeExecutionResult> Describe(const std::string& execution_arn);
  Result<Page<ExecutionSummary>> List(const ListExecutionsRequest& req);
  Result<StopExecutionResult> Stop(const std::string& execution_arn,
                                   const std::optional<std::string>& error,
                                   const std::optional<std::string>& cause);
  Result<Page<HistoryEvent>> History(const HistoryRequest& req);
  // RedriveExecution (AWS "Redriving executions"): restarts a FAILED,
  // TIMED_OUT or ABORTED Standard execution from the states that did not
  // succeed. A `client_token` seen in the last 15 minutes answers that
  // redrive's date again without a new redrive.
  Result<RedriveExecutionResult> Redrive(const std::string& execution_arn,
                                         const std::optional<std::string>& client_token);
  Result<StateMachineForExecutionResult> DescribeStateMachineForExecution(
      const std::string& execution_arn);

 private:
  // The state machine (version, alias) resolved, the name and input checked.
  Result<PreparedStart> Prepare(const StartExecutionRequest& req);
  // Start() once prepared.
  Result<StartExecutionResult> StartPrepared(PreparedStart start, const StartExecutionRequest& req);

  Repository& repo_;
  StateMachineService& machines_;
  engine::Driver& driver_;
  Clock& clock_;
  Random& random_;
  const engine::MockCases* mocks_ = nullptr;
  StartTargets* start_targets_ = nullptr;
};

}  // namespace sfn::control
