#include "api/sfn_shapes.h"

#include "emulator/core/time.h"

namespace sfn::api {
namespace {

// AWS JSON 1.0 timestamps: seconds since the epoch, millisecond fraction.
Json Date(TimePoint t) { return ToEpochSeconds(t); }

template <typename T>
void SetIf(Json& out, const char* key, const std::optional<T>& value) {
  if (value) out[key] = *value;
}

void SetIf(Json& out, const char* key, const std::optional<TimePoint>& value) {
  if (value) out[key] = Date(*value);
}

// A List* answer: the items under `key`, then nextToken when more follow.
template <typename T, typename Item>
Json ListShape(const control::Page<T>& page, const char* key, Item item) {
  Json items = Json::array();
  for (const T& t : page.items) items.push_back(item(t));
  Json out = {{key, std::move(items)}};
  SetIf(out, "nextToken", page.next_token);
  return out;
}

// The members of a HistoryEvent's details that carry execution data
// (GetExecutionHistory's includeExecutionData).
bool IsExecutionData(const std::string& key) {
  return key == "input" || key == "output" || key == "inputDetails" || key == "outputDetails" ||
         key == "assignedVariables" || key == "assignedVariablesDetails" || key == "parameters";
}

// ExecutionListItem: the members DescribeExecution starts with too.
Json Summary(const control::ExecutionSummary& e) {
  Json out = {{"executionArn", e.execution_arn},
              {"stateMachineArn", e.state_machine_arn},
              {"name", e.name},
              {"status", e.status},
              {"startDate", Date(e.start_date)}};
  SetIf(out, "stopDate", e.stop_date);
  SetIf(out, "stateMachineVersionArn", e.state_machine_version_arn);
  SetIf(out, "stateMachineAliasArn", e.state_machine_alias_arn);
  // Recorded on AWS: every execution lists its redriveCount, 0 included.
  out["redriveCount"] = e.redrive_count;
  return out;
}

// ExecutionListItem: a redriven execution also shows its redrive date
// (Summary gives every execution its redriveCount).
Json ListItem(const control::ExecutionSummary& e) {
  Json out = Summary(e);
  if (e.redrive_count > 0) SetIf(out, "redriveDate", e.redrive_date);
  return out;
}

// MapRunItemCounts / MapRunExecutionCounts. Every item of a map run is one
// child execution here, so the execution counts equal the item counts.
Json MapRunCounts(const control::MapRunRecord& r) {
  return Json{{"pending", r.pending}, {"running", r.running}, {"succeeded", r.succeeded},
              {"failed", r.failed},   {"timedOut", 0},        {"aborted", r.aborted},
              {"total", r.total},     {"resultsWritten", 0},  {"failuresNotRedrivable", 0},
              {"pendingRedrive", 0}};
}

}  // namespace

// --- state machines ----------------------------------------------------------

Json ToWire(const control::CreateStateMachineResult& r) {
  Json out = {{"stateMachineArn", r.state_machine_arn}, {"creationDate", Date(r.creation_date)}};
  SetIf(out, "stateMachineVersionArn", r.state_machine_version_arn);
  return out;
}

Json ToWire(const control::DescribeStateMachineResult& r) {
  Json out = {{"stateMachineArn", r.state_machine_arn},
              {"name", r.name},
              {"status", r.status},
              {"definition", r.definition},
              {"roleArn", r.role_arn},
              {"type", r.type},
              {"creationDate", Date(r.creation_date)},
              {"loggingConfiguration", r.logging_configuration},
              {"tracingConfiguration", r.tracing_configuration}};
  SetIf(out, "revisionId", r.revision_id);
  SetIf(out, "description", r.description);
  out["encryptionConfiguration"] = r.encryption_configuration;
  SetIf(out, "variableReferences", r.variable_references);
  return out;
}

Json ToWire(const control::UpdateStateMachineResult& r) {
  Json out = {{"updateDate", Date(r.update_date)}};
  SetIf(out, "revisionId", r.revision_id);
  SetIf(out, "stateMachineVersionArn", r.state_machine_version_arn);
  return out;
}

Json ToWire(const control::Page<control::StateMachineListItem>& page) {
  return ListShape(page, "stateMachines", [](const control::StateMachineListItem& sm) {
    return Json{{"stateMachineArn", sm.state_machine_arn},
                {"name", sm.name},
                {"type", sm.type},
                {"creationDate", Date(sm.creation_date)}};
  });
}

Json ToWire(const control::ValidateDefinitionResult& r) {
  Json diagnostics = Json::array();
  for (const asl::Diagnostic& d : r.diagnostics) {
    Json j = {{"severity", d.severity}, {"code", d.code}, {"message", d.message}};
    SetIf(j, "location", d.location);
    diagnostics.push_back(std::move(j));
  }
  return Json{{"result", r.ok ? "OK" : "FAIL"},
              {"diagnostics", std::move(diagnostics)},
              {"truncated", r.truncated}};
}

Json ToWire(const control::Tags& tags) {
  Json list = Json::array();
  for (const auto& [k, v] : tags) list.push_back({{"key", k}, {"value", v}});
  return Json{{"tags", std::move(list)}};
}

// --- activities --------------------------------------------------------------

Json CreateActivityWire(const control::ActivityRecord& a) {
  return Json{{"activityArn", a.arn}, {"creationDate", Date(a.creation_date)}};
}

Json DescribeActivityWire(const control::ActivityRecord& a) {
  Json out = {{"activityArn", a.arn}, {"name", a.name}, {"creationDate", Date(a.creation_date)}};
  if (!a.encryption_configuration.is_null()) {
    out["encryptionConfiguration"] = a.encryption_configuration;
  }
  return out;
}

Json ToWire(const control::Page<control::ActivityRecord>& page) {
  return ListShape(page, "activities", [](const control::ActivityRecord& a) {
    return Json{{"activityArn", a.arn}, {"name", a.name}, {"creationDate", Date(a.creation_date)}};
  });
}

Json ToWire(const control::ActivityTaskResult& r) {
  // No task within the poll time: an answer without a token (AWS: "the
  // poll returns a taskToken with a null string").
  if (!r.task_token) return Json::object();
  return Json{{"taskToken", *r.task_token}, {"input", r.input}};
}

// --- executions --------------------------------------------------------------

Json ToWire(const control::StartExecutionResult& r) {
  return Json{{"executionArn", r.execution_arn}, {"startDate", Date(r.start_date)}};
}

Json ToWire(const control::SyncExecutionResult& r) {
  // AWS's recordings: outputDetails is there even when the execution failed
  // and has no output.
  Json out = {{"executionArn", r.execution_arn},
              {"stateMachineArn", r.state_machine_arn},
              {"name", r.name},
              {"startDate", Date(r.start_date)},
              {"stopDate", Date(r.stop_date)},
              {"status", r.status}};
  SetIf(out, "error", r.error);
  SetIf(out, "cause", r.cause);
  out["input"] = r.input;
  out["inputDetails"] = {{"included", true}};
  SetIf(out, "output", r.output);
  out["outputDetails"] = {{"included", true}};
  out["billingDetails"] = {{"billedMemoryUsedInMB", r.billed_memory_mb},
                           {"billedDurationInMilliseconds", r.billed_duration_ms}};
  return out;
}

Json ToWire(const control::DescribeExecutionResult& r) {
  // Payloads are always included here: they are at most 256 KiB, under the
  // size at which AWS leaves them out (inputDetails.included = false).
  Json out = Summary(r.summary);
  out["input"] = r.input;
  out["inputDetails"] = {{"included", true}};
  if (r.output) {
    out["output"] = *r.output;
    out["outputDetails"] = {{"included", true}};
  }
  SetIf(out, "traceHeader", r.trace_header);
  SetIf(out, "error", r.error);
  SetIf(out, "cause", r.cause);
  SetIf(out, "redriveDate", r.summary.redrive_date);
  out["redriveStatus"] = r.redrivable ? "REDRIVABLE" : "NOT_REDRIVABLE";
  SetIf(out, "redriveStatusReason", r.redrive_status_reason);
  return out;
}

Json ToWire(const control::Page<control::ExecutionSummary>& page) {
  return ListShape(page, "executions", ListItem);
}

Json ToWire(const control::StopExecutionResult& r) { return Json{{"stopDate", Date(r.stop_date)}}; }

Json ToWire(const control::RedriveExecutionResult& r) {
  return Json{{"redriveDate", Date(r.redrive_date)}};
}

Json ToWire(const control::StateMachineForExecutionResult& r) {
  Json out = {{"stateMachineArn", r.state_machine_arn},
              {"name", r.name},
              {"definition", r.definition},
              {"roleArn", r.role_arn},
              {"updateDate", Date(r.update_date)},
              {"loggingConfiguration", r.logging_configuration},
              {"tracingConfiguration", r.tracing_configuration}};
  SetIf(out, "revisionId", r.revision_id);
  out["encryptionConfiguration"] = r.encryption_configuration;
  return out;
}

Json ToWire(const control::HistoryEvent& e, bool include_data) {
  Json out = Json::object();
  out["timestamp"] = Date(e.timestamp);
  out["type"] = e.type;
  out["id"] = e.id;
  out["previousEventId"] = e.previous_event_id;
  if (e.details_key.empty()) return out;
  if (include_data) {
    out[e.details_key] = e.details;
    return out;
  }
  Json details = Json::object();
  for (auto it = e.details.begin(); it != e.details.end(); ++it) {
    if (!IsExecutionData(it.key())) details[it.key()] = it.value();
  }
  out[e.details_key] = std::move(details);
  return out;
}

Json ToWire(const control::Page<control::HistoryEvent>& page, bool include_data) {
  return ListShape(page, "events", [include_data](const control::HistoryEvent& e) {
    return ToWire(e, include_data);
  });
}

// --- versions and aliases ----------------------------------------------------

Json ToWire(const control::PublishVersionResult& r) {
  return Json{{"creationDate", Date(r.creation_date)},
              {"stateMachineVersionArn", r.state_machine_version_arn}};
}

Json ToWire(const control::Page<control::VersionListItem>& page) {
  return ListShape(page, "stateMachineVersions", [](const control::VersionListItem& v) {
    return Json{{"stateMachineVersionArn", v.state_machine_version_arn},
                {"creationDate", Date(v.creation_date)}};
  });
}

Json ToWire(const control::CreateAliasResult& r) {
  return Json{{"stateMachineAliasArn", r.state_machine_alias_arn},
              {"creationDate", Date(r.creation_date)}};
}

Json ToWire(const control::UpdateAliasResult& r) {
  return Json{{"updateDate", Date(r.update_date)}};
}

Json ToWire(const control::DescribeAliasResult& r) {
  Json out = {{"stateMachineAliasArn", r.state_machine_alias_arn}, {"name", r.name}};
  SetIf(out, "description", r.description);
  Json routing = Json::array();
  for (const control::AliasRoute& route : r.routing_configuration) {
    routing.push_back(
        {{"stateMachineVersionArn", route.state_machine_version_arn}, {"weight", route.weight}});
  }
  out["routingConfiguration"] = std::move(routing);
  out["creationDate"] = Date(r.creation_date);
  out["updateDate"] = Date(r.update_date);
  return out;
}

Json ToWire(const control::Page<control::AliasListItem>& page) {
  return ListShape(page, "stateMachineAliases", [](const control::AliasListItem& a) {
    return Json{{"stateMachineAliasArn", a.state_machine_alias_arn},
                {"creationDate", Date(a.creation_date)}};
  });
}

// --- TestState ---------------------------------------------------------------

Json ToWire(const engine::TestStateAnswer& r) {
  Json out = Json::object();
  SetIf(out, "output", r.output);
  SetIf(out, "error", r.error);
  SetIf(out, "cause", r.cause);
  if (r.inspection_data) out["inspectionData"] = *r.inspection_data;
  SetIf(out, "nextState", r.next_state);
  out["status"] = r.status;
  return out;
}

// --- map runs ----------------------------------------------------------------

Json ToWire(const control::MapRunRecord& r) {
  Json out = {{"mapRunArn", r.arn},
              {"executionArn", r.execution_arn},
              {"status", r.status},
              {"startDate", Date(r.start)}};
  SetIf(out, "stopDate", r.stop);
  out["maxConcurrency"] = r.max_concurrency;
  out["toleratedFailurePercentage"] = r.tolerated_failure_percentage;
  out["toleratedFailureCount"] = r.tolerated_failure_count;
  out["itemCounts"] = MapRunCounts(r);
  out["executionCounts"] = MapRunCounts(r);
  out["redriveCount"] = 0;
  return out;
}

Json ToWire(const control::Page<control::MapRunRecord>& page) {
  return ListShape(page, "mapRuns", [](const control::MapRunRecord& r) {
    Json out = {{"executionArn", r.execution_arn},
                {"mapRunArn", r.arn},
                {"stateMachineArn", r.state_machine_arn},
                {"startDate", Date(r.start)}};
    SetIf(out, "stopDate", r.stop);
    return out;
  });
}

}  // namespace sfn::api
