#include "emulator/control/execution_service.h"

#include "emulator/control/lookup.h"
#include "emulator/control/paging.h"
#include "emulator/core/arn.h"
#include "emulator/core/json_syntax.h"
#include "emulator/core/names.h"

namespace sfn::control {
namespace {

// AWS's maximum input size: 256 KiB of UTF-8.
constexpr size_t kMaxPayloadBytes = 256 * 1024;

ExecutionSummary SummaryOf(const engine::ExecutionRecord& e) {
  return ExecutionSummary{e.info.arn,
                          e.info.state_machine_arn,
                          e.info.name,
                          std::string(engine::StatusName(e.status)),
                          e.info.start_time,
                          e.stop_date,
                          e.info.version_arn,
                          e.info.alias_arn,
                          static_cast<int>(e.info.redrive_count)};
}

}  // namespace

Result<StartExecutionResult> ExecutionService::Start(const RequestContext& /*ctx*/,
                                                     const StartExecutionRequest& req) {
  // AWS StartExecution: the ARN may name the state machine (its latest
  // revision), a version, or an alias (resolved now, by weight).
  SFN_ASSIGN_OR_RETURN(StartTarget target,
                       ResolveStartTarget(repo_, random_, req.state_machine_arn));
  const StateMachineRecord& sm = target.head;
  std::string name = req.name ? *req.name : random_.Uuid();
  SFN_RETURN_IF_ERROR(CheckName(NameKind::kExecution, name));
  std::string input = req.input.value_or("{}");
  if (input.size() > kMaxPayloadBytes) {
    return Status(ErrorCode::kInvalidExecutionInput,
                  "Invalid State Machine Execution Input: 'The input size of " +
                      std::to_string(input.size()) + " bytes exceeds the maximum of " +
                      std::to_string(kMaxPayloadBytes) + " bytes'");
  }
  if (input.empty()) {
    return Status(ErrorCode::kInvalidExecutionInput,
                  "Invalid State Machine Execution Input: 'Invalid execution input.'");
  }
  if (std::optional<JsonSyntaxError> bad = FindJsonSyntaxError(input)) {
    return Status(ErrorCode::kInvalidExecutionInput,
                  "Invalid State Machine Execution Input: '" + bad->message + "'");
  }
  SFN_ASSIGN_OR_RETURN(StatesArn machine, ParseStatesArn(sm.arn, kStateMachineArn));
  std::string arn =
      sm.type == "EXPRESS"
          ? MakeExpressExecutionArn(machine.region, machine.account, sm.name, name, random_.Uuid())
          : MakeExecutionArn(machine.region, machine.account, sm.name, name);

  SFN_ASSIGN_OR_RETURN(std::optional<engine::ExecutionRecord> existing, repo_.FindExecution(arn));
  if (existing) {
    // AWS: a repeated name with the same input while the first is still
    // running returns the original answer; anything else is a conflict.
    if (existing->status == engine::ExecutionStatus::kRunning && existing->info.input == input) {
      return StartExecutionResult{arn, existing->info.start_time};
    }
    return Status(ErrorCode::kExecutionAlreadyExists, "Execution Already Exists: '" + arn + "'");
  }

  SFN_ASSIGN_OR_RETURN(asl::DefinitionPtr def,
                       machines_.LoadDefinition(target.revision.revision_id));
  engine::ExecutionInfo info;
  info.arn = arn;
  info.name = name;
  info.state_machine_arn = sm.arn;
  info.state_machine_name = sm.name;
  info.revision_id = target.revision.revision_id;
  info.role_arn = target.revision.role_arn;
  info.version_arn = target.version_arn;
  info.alias_arn = target.alias_arn;
  info.input = input;
  info.trace_header = req.trace_header;
  info.start_time = clock_.Now();
  SFN_RETURN_IF_ERROR(driver_.Start(info, def));
  return StartExecutionResult{arn, info.start_time};
}

Result<DescribeExecutionResult> ExecutionService::Describe(const std::string& execution_arn) {
  SFN_ASSIGN_OR_RETURN(engine::ExecutionRecord e, RequireExecution(repo_, execution_arn));
  DescribeExecutionResult out;
  out.summary = SummaryOf(e);
  out.input = e.info.input;
  out.trace_header = e.info.trace_header;
  out.output = e.output;
  out.error = e.error;
  out.cause = e.cause;
  // AWS "Redriving executions": a FAILED, TIMED_OUT or ABORTED execution may
  // be redriven.
  using S = engine::ExecutionStatus;
  out.redrivable = e.status == S::kFailed || e.status == S::kTimedOut || e.status == S::kAborted;
  if (!out.redrivable) {
    out.redrive_status_reason =
        "Execution is " + std::string(engine::StatusName(e.status)) + " and cannot be redriven";
  }
  return out;
}

Result<Page<ExecutionSummary>> ExecutionService::List(const ListExecutionsRequest& req) {
  SFN_ASSIGN_OR_RETURN(MachineArn m, ParseMachineArn(req.state_machine_arn));
  SFN_ASSIGN_OR_RETURN(std::optional<StateMachineRecord> sm, repo_.FindStateMachine(m.unqualified));
  if (!sm) return StateMachineDoesNotExist(req.state_machine_arn);
  // AWS ListExecutions: a version ARN lists the executions that ran it, an
  // alias ARN those started through it.
  ExecutionFilter filter{sm->arn, std::nullopt, std::nullopt, std::nullopt};
  if (m.version) filter.version_arn = MakeVersionArn(sm->arn, *m.version);
  if (m.alias) filter.alias_arn = MakeAliasArn(sm->arn, *m.alias);
  if (req.status_filter) filter.status = engine::ParseStatus(*req.status_filter);
  PageQuery query{"ListExecutions:" + req.state_machine_arn + ":" + req.status_filter.value_or(""),
                  req.max_results, req.next_token};
  return FetchPage<ExecutionSummary>(
      query, kStepFunctionsPaging,
      [&](int64_t offset, int limit) -> Result<std::vector<ExecutionSummary>> {
        SFN_ASSIGN_OR_RETURN(std::vector<engine::ExecutionRecord> page,
                             repo_.ListExecutions(filter, offset, limit));
        std::vector<ExecutionSummary> items;
        for (const engine::ExecutionRecord& e : page) items.push_back(SummaryOf(e));
        return items;
      });
}

Result<StopExecutionResult> ExecutionService::Stop(const std::string& execution_arn,
                                                   const std::optional<std::string>& error,
                                                   const std::optional<std::string>& cause) {
  SFN_ASSIGN_OR_RETURN(engine::ExecutionRecord e, RequireExecution(repo_, execution_arn));
  if (e.status != engine::ExecutionStatus::kRunning) {
    return StopExecutionResult{e.stop_date.value_or(clock_.Now())};
  }
  TimePoint stop_date = clock_.Now();
  SFN_RETURN_IF_ERROR(driver_.Stop(execution_arn, error, cause, &stop_date));
  return StopExecutionResult{stop_date};
}

Result<Page<HistoryEvent>> ExecutionService::History(const HistoryRequest& req) {
  SFN_RETURN_IF_ERROR(RequireExecution(repo_, req.execution_arn).status());
  PageQuery query{"GetExecutionHistory:" + req.execution_arn + (req.reverse_order ? ":r" : ""),
                  req.max_results, req.next_token};
  return FetchPage<HistoryEvent>(query, kStepFunctionsPaging, [&](int64_t offset, int limit) {
    return repo_.ListEvents(req.execution_arn, req.reverse_order, offset, limit);
  });
}

Result<StateMachineForExecutionResult> ExecutionService::DescribeStateMachineForExecution(
    const std::string& execution_arn) {
  SFN_ASSIGN_OR_RETURN(engine::ExecutionRecord e, RequireExecution(repo_, execution_arn));
  SFN_ASSIGN_OR_RETURN(std::optional<RevisionRecord> rev, repo_.FindRevision(e.info.revision_id));
  if (!rev) {
    return Status(ErrorCode::kInternalFailure, "definition revision of the execution is missing");
  }
  StateMachineForExecutionResult out{rev->state_machine_arn,
                                     rev->name,
                                     rev->definition,
                                     rev->role_arn,
                                     rev->created,
                                     rev->logging_configuration,
                                     rev->tracing_configuration,
                                     rev->encryption_configuration,
                                     std::nullopt};
  if (rev->revised) out.revision_id = rev->revision_id;
  return out;
}

}  // namespace sfn::control
