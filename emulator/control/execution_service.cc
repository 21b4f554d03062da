#include "emulator/control/execution_service.h"

#include <algorithm>
#include <chrono>

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
  return ExecutionSummary{e.info.arn,           e.info.state_machine_arn,
                          e.info.name,          std::string(engine::StatusName(e.status)),
                          e.info.start_time,    e.stop_date,
                          e.info.version_arn,   e.info.alias_arn,
                          e.info.redrive_count, e.redrive_date};
}

// AWS "Redriving executions": how long after its end an execution may be
// redriven, how long after its start it may still run, and how long a
// client token answers again.
constexpr auto kRedrivablePeriod = std::chrono::hours(24 * 14);
constexpr auto kMaxOpenTime = std::chrono::hours(24 * 365);
constexpr auto kClientTokenLife = std::chrono::minutes(15);

// Why RedriveExecution may not restart `e` at `now` (DescribeExecution's
// redriveStatusReason, ExecutionNotRedrivable's message), or nullopt.
std::optional<std::string> NotRedrivable(const engine::ExecutionRecord& e, TimePoint now) {
  using S = engine::ExecutionStatus;
  if (e.status != S::kFailed && e.status != S::kTimedOut && e.status != S::kAborted) {
    return "Execution is " + std::string(engine::StatusName(e.status)) + " and cannot be redriven";
  }
  if (e.not_redrivable) return e.not_redrivable;
  if (e.stop_date && now - *e.stop_date > kRedrivablePeriod) {
    return "Execution redrivable period exceeded";
  }
  if (now - e.info.start_time > kMaxOpenTime) {
    return "Execution has exceeded the max execution time";
  }
  return std::nullopt;
}

// AWS StartExecution: a repeated name with the same input while the first
// execution is still running returns the original answer; anything else is a
// conflict ("ExecutionAlreadyExists"). The same Task starting its child
// again (after a restart) gets the child. `first` is the execution already
// stored or starting under that name, `status` its status.
Result<StartExecutionResult> RepeatedStart(const engine::ExecutionInfo& first,
                                           engine::ExecutionStatus status, const std::string& input,
                                           const std::optional<engine::TaskRef>& parent) {
  if (parent && first.parent == parent) return StartExecutionResult{first.arn, first.start_time};
  if (status == engine::ExecutionStatus::kRunning && first.input == input) {
    return StartExecutionResult{first.arn, first.start_time};
  }
  return Status(ErrorCode::kExecutionAlreadyExists,
                "Execution Already Exists: '" + first.arn + "'");
}

}  // namespace

Result<PreparedStart> ExecutionService::Prepare(const StartExecutionRequest& req) {
  // Step Functions Local: `<stateMachineArn>#<TestCase>` runs the test case
  // of the mock configuration file ("Step 3: Run mocked service integration
  // tests"); a bare '#' selects none.
  std::string machine_arn = req.state_machine_arn;
  std::string test_case;
  if (size_t hash = machine_arn.find('#'); hash != std::string::npos) {
    test_case = machine_arn.substr(hash + 1);
    machine_arn.resize(hash);
  }
  // AWS StartExecution: the ARN may name the state machine (its latest
  // revision), a version, or an alias (resolved now, by weight).
  SFN_ASSIGN_OR_RETURN(ResolvedStart target,
                       start_targets_ ? start_targets_->Resolve(machine_arn, random_)
                                      : ResolveStart(repo_, machines_, random_, machine_arn));
  const StartTargetEntry& sm = *target.target;
  const StartRevision& revision = *target.revision;
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
  PreparedStart out;
  out.express = sm.type == "EXPRESS";
  engine::ExecutionInfo& info = out.info;
  // An Express execution's ARN carries an id of its own, so a name may be
  // used again (AWS: arn:...:express:<machine>:<name>:<id>).
  info.arn = out.express ? MakeExpressExecutionArn(sm.region, sm.account, sm.state_machine_name,
                                                   name, random_.Uuid())
                         : MakeExecutionArn(sm.region, sm.account, sm.state_machine_name, name);
  if (!test_case.empty()) {
    if (mocks_ == nullptr) {
      return Status(ErrorCode::kValidationException,
                    "No mock map found for test " + test_case +
                        ": no mock configuration file is loaded (start sfn-emulator with "
                        "--mock-config FILE or SFN_MOCK_CONFIG)");
    }
    SFN_ASSIGN_OR_RETURN(engine::MockCase found, mocks_->Find(sm.state_machine_name, test_case));
    out.mock = std::move(found);
  }
  info.name = name;
  info.state_machine_arn = sm.state_machine_arn;
  info.state_machine_name = sm.state_machine_name;
  info.revision_id = revision.revision_id;
  info.role_arn = revision.role_arn;
  info.version_arn = revision.version_arn;
  info.alias_arn = sm.alias_arn;
  info.input = input;
  info.trace_header = req.trace_header;
  out.definition = revision.definition;
  return out;
}

Result<StartExecutionResult> ExecutionService::Start(const RequestContext& /*ctx*/,
                                                     const StartExecutionRequest& req) {
  SFN_ASSIGN_OR_RETURN(PreparedStart start, Prepare(req));
  return StartPrepared(std::move(start), req);
}

Result<StartExecutionResult> ExecutionService::StartPrepared(PreparedStart start,
                                                             const StartExecutionRequest& req) {
  engine::ExecutionInfo& info = start.info;
  if (!start.express) {
    // A first start still waiting for its group commit cannot be awaited
    // here (the caller needs its answer now): it counts as stored.
    if (const engine::ExecutionRecord* first = driver_.FindStarting(info.arn)) {
      return RepeatedStart(first->info, first->status, info.input, req.parent);
    }
    SFN_ASSIGN_OR_RETURN(std::optional<engine::ExecutionRecord> existing,
                         repo_.FindExecution(info.arn));
    if (existing) return RepeatedStart(existing->info, existing->status, info.input, req.parent);
  }
  info.start_time = clock_.Now();
  info.parent = req.parent;
  info.stop_with_parent = req.stop_with_parent;
  // AWS "Choosing workflow type": asynchronous Express executions run
  // at-least-once and keep no history.
  engine::StartOptions options;
  if (start.express) {
    options.persistence = engine::Persistence::kStartRecord;
    options.on_end = req.on_express_end;
  }
  options.mock = std::move(start.mock);
  SFN_RETURN_IF_ERROR(driver_.Start(info, start.definition, std::move(options)));
  return StartExecutionResult{info.arn, info.start_time};
}

void ExecutionService::StartAsync(const RequestContext& /*ctx*/, const StartExecutionRequest& req,
                                  StartDone done) {
  Result<PreparedStart> prepared = Prepare(req);
  if (!prepared.ok()) return done(prepared.status());
  PreparedStart start = std::move(prepared).value();
  // Express executions (and nested ones, which a Task starts) keep the
  // direct path.
  if (start.express || req.parent) return done(StartPrepared(std::move(start), req));
  engine::ExecutionInfo& info = start.info;
  if (const engine::ExecutionRecord* first = driver_.FindStarting(info.arn)) {
    // The first start waits for its group commit: so does this answer, which
    // then follows the first execution as stored (never one not stored).
    driver_.WhenStarted(info.arn, [first = first->info, input = info.input, parent = req.parent,
                                   done](const Status& committed, engine::ExecutionStatus status) {
      if (!committed.ok()) return done(committed);
      done(RepeatedStart(first, status, input, parent));
    });
    return;
  }
  Result<std::optional<engine::ExecutionRecord>> existing = repo_.FindExecution(info.arn);
  if (!existing.ok()) return done(existing.status());
  if (*existing) {
    return done(RepeatedStart((*existing)->info, (*existing)->status, info.input, req.parent));
  }
  info.start_time = clock_.Now();
  info.stop_with_parent = req.stop_with_parent;
  engine::StartOptions options;
  options.mock = std::move(start.mock);
  driver_.StartBatched(info, start.definition, std::move(options),
                       [done, arn = info.arn, start_time = info.start_time](
                           const Status& committed, engine::ExecutionStatus) {
                         if (!committed.ok()) return done(committed);
                         done(StartExecutionResult{arn, start_time});
                       });
}

void ExecutionService::StartSync(const RequestContext& /*ctx*/, const StartExecutionRequest& req,
                                 SyncDone done) {
  Result<PreparedStart> prepared = Prepare(req);
  if (!prepared.ok()) return done(prepared.status());
  PreparedStart start = std::move(prepared).value();
  if (!start.express) {
    // AWS: "StartSyncExecution is not available for STANDARD workflows."
    return done(Status(ErrorCode::kStateMachineTypeNotSupported,
                       "This operation is not supported by this type of state machine"));
  }
  engine::ExecutionInfo info = start.info;
  info.start_time = clock_.Now();
  SyncExecutionResult result;
  result.execution_arn = info.arn;
  result.state_machine_arn = info.state_machine_arn;
  result.name = info.name;
  result.start_date = info.start_time;
  result.input = info.input;
  engine::StartOptions options;
  // AWS: synchronous Express executions run at-most-once.
  options.persistence = engine::Persistence::kNone;
  options.mock = std::move(start.mock);
  options.on_end = [result, done](const engine::ExecutionEnd& end) mutable {
    result.stop_date = end.stop_date;
    result.status = std::string(engine::StatusName(end.terminal.status));
    result.output = end.terminal.output;
    result.error = end.terminal.error;
    result.cause = end.terminal.cause;
    auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(result.stop_date - result.start_date)
            .count();
    result.billed_duration_ms = std::max<int64_t>(100, (ms + 99) / 100 * 100);
    done(std::move(result));
  };
  Status started = driver_.Start(info, start.definition, std::move(options));
  if (!started.ok()) done(started);
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
  out.redrive_status_reason = NotRedrivable(e, clock_.Now());
  out.redrivable = !out.redrive_status_reason;
  return out;
}

Result<Page<ExecutionSummary>> ExecutionService::List(const ListExecutionsRequest& req) {
  SFN_ASSIGN_OR_RETURN(MachineArn m, ParseMachineArn(req.state_machine_arn));
  SFN_ASSIGN_OR_RETURN(std::optional<StateMachineRecord> sm, repo_.FindStateMachine(m.unqualified));
  if (!sm) return StateMachineDoesNotExist(req.state_machine_arn);
  // AWS keeps no list of Express executions.
  if (sm->type == "EXPRESS") return StateMachineTypeNotSupported();
  // AWS ListExecutions: a version ARN lists the executions that ran it, an
  // alias ARN those started through it.
  ExecutionFilter filter{sm->arn, std::nullopt, std::nullopt, std::nullopt};
  if (m.version) filter.version_arn = MakeVersionArn(sm->arn, *m.version);
  if (m.alias) filter.alias_arn = MakeAliasArn(sm->arn, *m.alias);
  if (req.status_filter) filter.status = engine::ParseStatus(*req.status_filter);
  if (req.redrive_filter) filter.redriven = *req.redrive_filter == "REDRIVEN";
  PageQuery query{"ListExecutions:" + req.state_machine_arn + ":" + req.status_filter.value_or("") +
                      ":" + req.redrive_filter.value_or(""),
                  req.max_results, req.next_token};
  // Keyset pages (the token holds the last row's start time and sequence):
  // a deep page costs what the first does.
  return FetchKeysetPage<ExecutionSummary>(
      query, /*key_size=*/2, kStepFunctionsPaging,
      [&](const std::optional<Position>& after,
          int limit) -> Result<std::vector<Positioned<ExecutionSummary>>> {
        SFN_ASSIGN_OR_RETURN(std::vector<Positioned<engine::ExecutionRecord>> rows,
                             repo_.ListExecutions(filter, after, limit));
        std::vector<Positioned<ExecutionSummary>> items;
        items.reserve(rows.size());
        for (Positioned<engine::ExecutionRecord>& r : rows) {
          items.push_back({SummaryOf(r.item), std::move(r.position)});
        }
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
  // Keyset pages by event id, in either direction.
  return FetchKeysetPage<HistoryEvent>(
      query, /*key_size=*/1, kStepFunctionsPaging,
      [&](const std::optional<Position>& after,
          int limit) -> Result<std::vector<Positioned<HistoryEvent>>> {
        std::optional<int64_t> after_id;
        if (after) after_id = after->front();
        SFN_ASSIGN_OR_RETURN(
            std::vector<HistoryEvent> events,
            repo_.ListEvents(req.execution_arn, req.reverse_order, after_id, limit));
        std::vector<Positioned<HistoryEvent>> items;
        items.reserve(events.size());
        for (HistoryEvent& e : events) {
          int64_t id = e.id;
          items.push_back({std::move(e), Position{id}});
        }
        return items;
      });
}

Result<RedriveExecutionResult> ExecutionService::Redrive(
    const std::string& execution_arn, const std::optional<std::string>& client_token) {
  SFN_ASSIGN_OR_RETURN(engine::ExecutionRecord e, RequireExecution(repo_, execution_arn));
  TimePoint now = clock_.Now();
  if (client_token) {
    // The API reference: the same token answers the same redrive for 15
    // minutes.
    SFN_ASSIGN_OR_RETURN(std::optional<TimePoint> earlier,
                         repo_.FindRedriveToken(execution_arn, *client_token));
    if (earlier && now - *earlier <= kClientTokenLife) return RedriveExecutionResult{*earlier};
  }
  if (std::optional<std::string> why = NotRedrivable(e, now)) {
    return Status(ErrorCode::kExecutionNotRedrivable, *why);
  }
  SFN_ASSIGN_OR_RETURN(TimePoint date, driver_.Redrive(execution_arn, client_token));
  return RedriveExecutionResult{date};
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
