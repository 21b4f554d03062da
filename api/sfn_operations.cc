#include "api/sfn_operations.h"

#include <algorithm>
#include <functional>
#include <unordered_map>

#include "api/request_reader.h"
#include "api/sfn_shapes.h"
#include "emulator/core/arn.h"
#include "emulator/core/names.h"

namespace sfn::api {
namespace {

// Member limits from botocore's stepfunctions model (service-2.json); names'
// are core/names.h's.
constexpr size_t kArnMax = 256;
constexpr size_t kDefinitionMax = 1048576;
constexpr size_t kInputMax = 262144;
constexpr size_t kTokenMax = 1024;
constexpr size_t kErrorMax = 256;
constexpr size_t kCauseMax = 32768;
constexpr size_t kLongArnMax = 2000;
constexpr size_t kDescriptionMax = 256;
constexpr size_t kStateNameMax = 80;   // TestStateStateName
constexpr size_t kWorkerNameMax = 80;  // GetActivityTask's workerName: a Name, no resource's

using Handler =
    std::function<Result<Json>(Services&, const control::RequestContext&, RequestReader&)>;
// An operation that answers later (through `done`, exactly once).
using AsyncHandler = std::function<void(Services&, const control::RequestContext&, RequestReader&,
                                        OperationDone done)>;

Status NotSupported(const std::string& operation) {
  return Status(ErrorCode::kValidationException,
                "Operation " + operation + " is not supported by sfn-emulator yet");
}

const std::vector<std::string> kTypes = {"STANDARD", "EXPRESS"};
// In the order AWS lists the set in its ValidationException.
const std::vector<std::string> kStatuses = {"SUCCEEDED", "TIMED_OUT", "PENDING_REDRIVE",
                                            "ABORTED",   "FAILED",    "RUNNING"};

#define SFN_CHECK(reader) SFN_RETURN_IF_ERROR((reader).Finish())

// A typed result in its wire shape.
template <typename T, typename... Args>
Result<Json> Encoded(Result<T> result, Args... args) {
  if (!result.ok()) return result.status();
  return ToWire(*result, args...);
}

// The empty answer ({}) of operations whose response has no members.
Result<Json> Encoded(Status status) {
  if (!status.ok()) return status;
  return Json::object();
}

// LoggingConfiguration, TracingConfiguration and EncryptionConfiguration:
// their members' types, enums and ranges (model shapes); the rest is
// control/machine_config.h's.
std::optional<Json> LoggingConfiguration(RequestReader& r) {
  std::optional<Json> whole = r.OptObject("loggingConfiguration");
  RequestReader config = r.Struct("loggingConfiguration");
  config.OptEnum("level", {"ALL", "ERROR", "FATAL", "OFF"});
  config.OptBool("includeExecutionData");
  return whole;
}

std::optional<Json> TracingConfiguration(RequestReader& r) {
  std::optional<Json> whole = r.OptObject("tracingConfiguration");
  r.Struct("tracingConfiguration").OptBool("enabled");
  return whole;
}

std::optional<Json> EncryptionConfiguration(RequestReader& r) {
  std::optional<Json> whole = r.OptObject("encryptionConfiguration");
  if (!whole) return whole;
  RequestReader config = r.Struct("encryptionConfiguration");
  config.Require("type");
  config.OptEnum("type", {"AWS_OWNED_KEY", "CUSTOMER_MANAGED_KMS_KEY"});
  config.OptString("kmsKeyId", 1, 2048);
  config.OptInt("kmsDataKeyReusePeriodSeconds", 60, 900);
  return whole;
}

Result<Json> CreateStateMachine(Services& s, const control::RequestContext& ctx, RequestReader& r) {
  control::CreateStateMachineRequest req;
  req.name = r.RequiredName("name", NameKind::kStateMachine);
  req.definition = r.RequiredString("definition", 1, kDefinitionMax);
  req.role_arn = r.RequiredString("roleArn", 1, kArnMax);
  req.type = r.OptEnum("type", kTypes).value_or("STANDARD");
  req.logging_configuration = LoggingConfiguration(r);
  req.tracing_configuration = TracingConfiguration(r);
  req.encryption_configuration = EncryptionConfiguration(r);
  req.tags = r.Tags("tags", false);
  req.publish = r.OptBool("publish").value_or(false);
  req.version_description = r.OptString("versionDescription", 0, kDescriptionMax);
  SFN_CHECK(r);
  return Encoded(s.machines.Create(ctx, req));
}

Result<Json> DescribeStateMachine(Services& s, const control::RequestContext&, RequestReader& r) {
  std::string arn = r.RequiredString("stateMachineArn", 1, kArnMax);
  r.OptEnum("includedData", {"ALL_DATA", "METADATA_ONLY"});
  SFN_CHECK(r);
  return Encoded(s.machines.Describe(arn));
}

Result<Json> UpdateStateMachine(Services& s, const control::RequestContext&, RequestReader& r) {
  control::UpdateStateMachineRequest req;
  req.state_machine_arn = r.RequiredString("stateMachineArn", 1, kArnMax);
  req.definition = r.OptString("definition", 1, kDefinitionMax);
  req.role_arn = r.OptString("roleArn", 1, kArnMax);
  req.logging_configuration = LoggingConfiguration(r);
  req.tracing_configuration = TracingConfiguration(r);
  req.encryption_configuration = EncryptionConfiguration(r);
  req.publish = r.OptBool("publish").value_or(false);
  req.version_description = r.OptString("versionDescription", 0, kDescriptionMax);
  SFN_CHECK(r);
  return Encoded(s.machines.Update(req));
}

Result<Json> DeleteStateMachine(Services& s, const control::RequestContext&, RequestReader& r) {
  std::string arn = r.RequiredString("stateMachineArn", 1, kArnMax);
  SFN_CHECK(r);
  return Encoded(s.machines.Delete(arn));
}

Result<Json> ListStateMachines(Services& s, const control::RequestContext&, RequestReader& r) {
  auto max = r.OptInt("maxResults", 0, 1000);
  auto token = r.OptString("nextToken", 1, kTokenMax);
  SFN_CHECK(r);
  return Encoded(s.machines.List(max, token));
}

Result<Json> ValidateStateMachineDefinition(Services& s, const control::RequestContext&,
                                            RequestReader& r) {
  // The definition may be empty here: AWS answers with a diagnostic.
  std::string definition = r.OptString("definition", 0, kDefinitionMax).value_or("");
  std::string type = r.OptEnum("type", kTypes).value_or("STANDARD");
  r.OptEnum("severity", {"ERROR", "WARNING"});
  auto max = r.OptInt("maxResults", 0, 100);
  SFN_CHECK(r);
  return ToWire(s.machines.Validate(definition, type, max));
}

Result<Json> TagResource(Services& s, const control::RequestContext&, RequestReader& r) {
  std::string arn = r.RequiredString("resourceArn", 1, kArnMax);
  auto tags = r.Tags("tags", true);
  SFN_CHECK(r);
  return Encoded(s.machines.TagResource(arn, tags));
}

Result<Json> UntagResource(Services& s, const control::RequestContext&, RequestReader& r) {
  std::string arn = r.RequiredString("resourceArn", 1, kArnMax);
  auto keys = r.RequiredStringList("tagKeys");
  SFN_CHECK(r);
  return Encoded(s.machines.UntagResource(arn, keys));
}

Result<Json> ListTagsForResource(Services& s, const control::RequestContext&, RequestReader& r) {
  std::string arn = r.RequiredString("resourceArn", 1, kArnMax);
  SFN_CHECK(r);
  return Encoded(s.machines.ListTags(arn));
}

// StartExecution's and StartSyncExecution's traceHeader (TraceHeader: at
// most 256 ASCII characters).
std::optional<std::string> TraceHeader(RequestReader& r) {
  std::optional<std::string> header = r.OptString("traceHeader", 0, 256);
  if (header) {
    bool ascii = std::all_of(header->begin(), header->end(),
                             [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    r.Pattern("traceHeader", ascii, "\\p{ASCII}*");
  }
  return header;
}

// Answered after the group commit that stores the execution (a Standard
// one waits for the driver's next transaction).
void StartExecution(Services& s, const control::RequestContext& ctx, RequestReader& r,
                    OperationDone done) {
  control::StartExecutionRequest req;
  req.state_machine_arn = r.RequiredString("stateMachineArn", 1, kArnMax);
  req.name = r.OptName("name", NameKind::kExecution);
  // Oversized input is InvalidExecutionInput (checked by the service), as AWS.
  req.input = r.OptString("input", 0, SIZE_MAX);
  req.trace_header = TraceHeader(r);
  if (Status st = r.Finish(); !st.ok()) return done(st);
  s.executions.StartAsync(ctx, req, [done](Result<control::StartExecutionResult> result) {
    done(Encoded(std::move(result)));
  });
}

void StartSyncExecution(Services& s, const control::RequestContext& ctx, RequestReader& r,
                        OperationDone done) {
  control::StartExecutionRequest req;
  req.state_machine_arn = r.RequiredString("stateMachineArn", 1, kArnMax);
  req.name = r.OptName("name", NameKind::kExecution);
  // Oversized input is InvalidExecutionInput (checked by the service), as AWS.
  req.input = r.OptString("input", 0, SIZE_MAX);
  req.trace_header = TraceHeader(r);
  r.OptEnum("includedData", {"ALL_DATA", "METADATA_ONLY"});
  if (Status s = r.Finish(); !s.ok()) return done(s);
  s.executions.StartSync(ctx, req, [done](Result<control::SyncExecutionResult> result) {
    done(Encoded(std::move(result)));
  });
}

void TestState(Services& s, const control::RequestContext& ctx, RequestReader& r,
               OperationDone done) {
  control::TestStateRequest req;
  req.definition = r.RequiredString("definition", 1, kDefinitionMax);
  req.role_arn = r.OptString("roleArn", 1, kArnMax);
  req.input = r.OptString("input", 0, kInputMax);
  req.inspection_level = r.OptEnum("inspectionLevel", {"INFO", "DEBUG", "TRACE"}).value_or("INFO");
  req.reveal_secrets = r.OptBool("revealSecrets").value_or(false);
  req.variables = r.OptString("variables", 0, kInputMax);
  req.state_name = r.OptString("stateName", 1, kStateNameMax);
  req.context = r.OptString("context", 0, kInputMax);
  if (r.Has("mock")) {
    req.mock = true;
    RequestReader mock = r.Struct("mock");
    req.mock_result = mock.OptString("result", 0, kInputMax);
    if (mock.Has("errorOutput")) {
      req.mock_error = true;
      RequestReader error = mock.Struct("errorOutput");
      req.mock_error_name = error.OptString("error", 0, kErrorMax);
      req.mock_error_cause = error.OptString("cause", 0, kCauseMax);
    }
    req.field_validation_mode =
        mock.OptEnum("fieldValidationMode", {"STRICT", "PRESENT", "NONE"}).value_or("STRICT");
  }
  if (r.Has("stateConfiguration")) {
    RequestReader config = r.Struct("stateConfiguration");
    req.retrier_retry_count = config.OptInt("retrierRetryCount", 0, 2147483647);
    req.error_caused_by_state = config.OptString("errorCausedByState", 1, kStateNameMax);
    req.map_iteration_failure_count = config.OptInt("mapIterationFailureCount", 0, 2147483647);
    req.map_item_reader_data = config.OptString("mapItemReaderData", 0, kInputMax);
  }
  if (Status st = r.Finish(); !st.ok()) return done(st);
  if (s.test_state == nullptr) return done(NotSupported("TestState"));
  s.test_state->Run(ctx, req, [done](Result<engine::TestStateAnswer> answer) {
    done(Encoded(std::move(answer)));
  });
}

Result<Json> DescribeExecution(Services& s, const control::RequestContext&, RequestReader& r) {
  std::string arn = r.RequiredString("executionArn", 1, kArnMax);
  r.OptEnum("includedData", {"ALL_DATA", "METADATA_ONLY"});
  SFN_CHECK(r);
  return Encoded(s.executions.Describe(arn));
}

Result<Json> DescribeMapRun(Services& s, const control::RequestContext&, RequestReader& r) {
  std::string arn = r.RequiredString("mapRunArn", 1, 2000);
  SFN_CHECK(r);
  return Encoded(s.map_runs.Describe(arn));
}

Result<Json> ListMapRuns(Services& s, const control::RequestContext&, RequestReader& r) {
  std::string arn = r.RequiredString("executionArn", 1, kArnMax);
  auto max_results = r.OptInt("maxResults", 0, 1000);
  auto token = r.OptString("nextToken", 1, 3096);
  SFN_CHECK(r);
  return Encoded(s.map_runs.List(arn, max_results, token));
}

Result<Json> UpdateMapRun(Services& s, const control::RequestContext&, RequestReader& r) {
  control::UpdateMapRunRequest req;
  req.map_run_arn = r.RequiredString("mapRunArn", 1, 2000);
  if (auto v = r.OptInt("maxConcurrency", 0, 2147483647)) req.max_concurrency = *v;
  req.tolerated_failure_percentage = r.OptDouble("toleratedFailurePercentage", 0, 100);
  if (auto v = r.OptInt("toleratedFailureCount", 0, 2147483647)) req.tolerated_failure_count = *v;
  SFN_CHECK(r);
  return Encoded(s.map_runs.Update(req));
}

Result<Json> ListExecutions(Services& s, const control::RequestContext&, RequestReader& r) {
  control::ListExecutionsRequest req;
  auto arn = r.OptString("stateMachineArn", 1, kArnMax);
  req.status_filter = r.OptEnum("statusFilter", kStatuses);
  req.max_results = r.OptInt("maxResults", 0, 1000);
  req.next_token = r.OptString("nextToken", 1, 3096);
  auto map_run = r.OptString("mapRunArn", 1, 2000);
  req.redrive_filter = r.OptEnum("redriveFilter", {"REDRIVEN", "NOT_REDRIVEN"});
  SFN_CHECK(r);
  if (!arn && !map_run) {
    return Status(ErrorCode::kValidationException, "Must provide a StateMachine ARN or MapRun ARN");
  }
  if (!arn) {
    // A map run's items run inside this execution, not as child executions.
    SFN_RETURN_IF_ERROR(s.map_runs.Describe(*map_run).status());
    return Json{{"executions", Json::array()}};
  }
  req.state_machine_arn = *arn;
  return Encoded(s.executions.List(req));
}

Result<Json> StopExecution(Services& s, const control::RequestContext&, RequestReader& r) {
  std::string arn = r.RequiredString("executionArn", 1, kArnMax);
  auto error = r.OptString("error", 0, kErrorMax);
  auto cause = r.OptString("cause", 0, kCauseMax);
  SFN_CHECK(r);
  return Encoded(s.executions.Stop(arn, error, cause));
}

Result<Json> RedriveExecution(Services& s, const control::RequestContext&, RequestReader& r) {
  std::string arn = r.RequiredString("executionArn", 1, kArnMax);
  auto token = r.OptString("clientToken", 1, 64);
  SFN_CHECK(r);
  return Encoded(s.executions.Redrive(arn, token));
}

Result<Json> GetExecutionHistory(Services& s, const control::RequestContext&, RequestReader& r) {
  control::HistoryRequest req;
  req.execution_arn = r.RequiredString("executionArn", 1, kArnMax);
  req.max_results = r.OptInt("maxResults", 0, 1000);
  req.reverse_order = r.OptBool("reverseOrder").value_or(false);
  req.next_token = r.OptString("nextToken", 1, 3096);
  bool include_data = r.OptBool("includeExecutionData").value_or(true);
  SFN_CHECK(r);
  return Encoded(s.executions.History(req), include_data);
}

Result<Json> DescribeStateMachineForExecution(Services& s, const control::RequestContext&,
                                              RequestReader& r) {
  std::string arn = r.RequiredString("executionArn", 1, kArnMax);
  r.OptEnum("includedData", {"ALL_DATA", "METADATA_ONLY"});
  SFN_CHECK(r);
  return Encoded(s.executions.DescribeStateMachineForExecution(arn));
}

Result<Json> PublishStateMachineVersion(Services& s, const control::RequestContext&,
                                        RequestReader& r) {
  std::string arn = r.RequiredString("stateMachineArn", 1, kArnMax);
  auto revision_id = r.OptString("revisionId", 0, SIZE_MAX);
  auto description = r.OptString("description", 0, kDescriptionMax);
  SFN_CHECK(r);
  return Encoded(s.versions.Publish(arn, revision_id, description));
}

Result<Json> ListStateMachineVersions(Services& s, const control::RequestContext&,
                                      RequestReader& r) {
  std::string arn = r.RequiredString("stateMachineArn", 1, kArnMax);
  auto token = r.OptString("nextToken", 1, kTokenMax);
  auto max = r.OptInt("maxResults", 0, 1000);
  SFN_CHECK(r);
  return Encoded(s.versions.List(arn, max, token));
}

Result<Json> DeleteStateMachineVersion(Services& s, const control::RequestContext&,
                                       RequestReader& r) {
  std::string arn = r.RequiredString("stateMachineVersionArn", 1, kLongArnMax);
  SFN_CHECK(r);
  return Encoded(s.versions.Delete(arn));
}

std::vector<control::RoutingRequest> RoutingRequests(
    const std::vector<std::pair<std::string, int>>& items) {
  std::vector<control::RoutingRequest> out;
  for (const auto& [arn, weight] : items) out.push_back({arn, weight});
  return out;
}

Result<Json> CreateStateMachineAlias(Services& s, const control::RequestContext&,
                                     RequestReader& r) {
  control::CreateAliasRequest req;
  req.description = r.OptString("description", 0, kDescriptionMax);
  req.name = r.RequiredName("name", NameKind::kStateMachineAlias);
  auto routing = r.RoutingConfiguration("routingConfiguration", true);
  SFN_CHECK(r);
  req.routing = RoutingRequests(*routing);
  return Encoded(s.aliases.Create(req));
}

Result<Json> UpdateStateMachineAlias(Services& s, const control::RequestContext&,
                                     RequestReader& r) {
  control::UpdateAliasRequest req;
  req.alias_arn = r.RequiredString("stateMachineAliasArn", 1, kArnMax);
  req.description = r.OptString("description", 0, kDescriptionMax);
  auto routing = r.RoutingConfiguration("routingConfiguration", false);
  SFN_CHECK(r);
  if (routing) req.routing = RoutingRequests(*routing);
  return Encoded(s.aliases.Update(req));
}

Result<Json> DescribeStateMachineAlias(Services& s, const control::RequestContext&,
                                       RequestReader& r) {
  std::string arn = r.RequiredString("stateMachineAliasArn", 1, kArnMax);
  SFN_CHECK(r);
  return Encoded(s.aliases.Describe(arn));
}

Result<Json> ListStateMachineAliases(Services& s, const control::RequestContext&,
                                     RequestReader& r) {
  std::string arn = r.RequiredString("stateMachineArn", 1, kArnMax);
  auto token = r.OptString("nextToken", 1, kTokenMax);
  auto max = r.OptInt("maxResults", 0, 1000);
  SFN_CHECK(r);
  return Encoded(s.aliases.List(arn, max, token));
}

Result<Json> DeleteStateMachineAlias(Services& s, const control::RequestContext&,
                                     RequestReader& r) {
  std::string arn = r.RequiredString("stateMachineAliasArn", 1, kArnMax);
  SFN_CHECK(r);
  return Encoded(s.aliases.Delete(arn));
}

// --- activities and task tokens ------------------------------------------------

Result<Json> CreateActivity(Services& s, const control::RequestContext& ctx, RequestReader& r) {
  control::CreateActivityRequest req;
  req.name = r.RequiredName("name", NameKind::kActivity);
  req.tags = r.Tags("tags", false);
  req.encryption_configuration = r.OptObject("encryptionConfiguration");
  SFN_CHECK(r);
  Result<control::ActivityRecord> a = s.activities->Create(ctx, req);
  if (!a.ok()) return a.status();
  return CreateActivityWire(*a);
}

Result<Json> DescribeActivity(Services& s, const control::RequestContext&, RequestReader& r) {
  std::string arn = r.RequiredString("activityArn", 1, kArnMax);
  SFN_CHECK(r);
  Result<control::ActivityRecord> a = s.activities->Describe(arn);
  if (!a.ok()) return a.status();
  return DescribeActivityWire(*a);
}

Result<Json> ListActivities(Services& s, const control::RequestContext&, RequestReader& r) {
  auto max = r.OptInt("maxResults", 0, 1000);
  auto token = r.OptString("nextToken", 1, kTokenMax);
  SFN_CHECK(r);
  return Encoded(s.activities->List(max, token));
}

Result<Json> DeleteActivity(Services& s, const control::RequestContext&, RequestReader& r) {
  std::string arn = r.RequiredString("activityArn", 1, kArnMax);
  SFN_CHECK(r);
  return Encoded(s.activities->Delete(arn));
}

constexpr size_t kTaskTokenMax = 2048;

Result<Json> SendTaskSuccess(Services& s, const control::RequestContext&, RequestReader& r) {
  std::string token = r.RequiredString("taskToken", 1, kTaskTokenMax);
  std::string output = r.RequiredString("output", 0, kInputMax);
  SFN_CHECK(r);
  return Encoded(s.callbacks->SendSuccess(token, output));
}

Result<Json> SendTaskFailure(Services& s, const control::RequestContext&, RequestReader& r) {
  std::string token = r.RequiredString("taskToken", 1, kTaskTokenMax);
  auto error = r.OptString("error", 0, kErrorMax);
  auto cause = r.OptString("cause", 0, kCauseMax);
  SFN_CHECK(r);
  return Encoded(s.callbacks->SendFailure(token, error, cause));
}

Result<Json> SendTaskHeartbeat(Services& s, const control::RequestContext&, RequestReader& r) {
  std::string token = r.RequiredString("taskToken", 1, kTaskTokenMax);
  SFN_CHECK(r);
  return Encoded(s.callbacks->SendHeartbeat(token));
}

// GetActivityTask: the one operation that answers later (a long poll).
void GetActivityTask(Services& s, const control::RequestContext&, RequestReader& r,
                     OperationDone done) {
  std::string arn = r.RequiredString("activityArn", 1, kArnMax);
  auto worker = r.OptString("workerName", 1, kWorkerNameMax);
  if (Status st = r.Finish(); !st.ok()) return done(st);
  s.activities->Poll(arn, worker, [done = std::move(done)](Result<control::ActivityTaskResult> t) {
    if (!t.ok()) return done(t.status());
    done(ToWire(*t));
  });
}

// An operation that answers at once. `reads_only`: it only reads the store
// (Describe*, List*, GetExecutionHistory, ValidateStateMachineDefinition), so
// it may run on a reader thread (api/read_pool.h) with services of its own
// over a read-only store.
struct SyncOperation {
  Handler run;
  bool reads_only = false;
};
constexpr bool kReadsOnly = true;

const std::unordered_map<std::string, SyncOperation>& Handlers() {
  static const std::unordered_map<std::string, SyncOperation> kHandlers = {
      {"CreateStateMachine", {CreateStateMachine}},
      {"DescribeStateMachine", {DescribeStateMachine, kReadsOnly}},
      {"UpdateStateMachine", {UpdateStateMachine}},
      {"DeleteStateMachine", {DeleteStateMachine}},
      {"ListStateMachines", {ListStateMachines, kReadsOnly}},
      {"ValidateStateMachineDefinition", {ValidateStateMachineDefinition, kReadsOnly}},
      {"TagResource", {TagResource}},
      {"UntagResource", {UntagResource}},
      {"ListTagsForResource", {ListTagsForResource, kReadsOnly}},
      {"DescribeExecution", {DescribeExecution, kReadsOnly}},
      {"ListExecutions", {ListExecutions, kReadsOnly}},
      {"StopExecution", {StopExecution}},
      {"RedriveExecution", {RedriveExecution}},
      {"GetExecutionHistory", {GetExecutionHistory, kReadsOnly}},
      {"DescribeStateMachineForExecution", {DescribeStateMachineForExecution, kReadsOnly}},
      {"PublishStateMachineVersion", {PublishStateMachineVersion}},
      {"ListStateMachineVersions", {ListStateMachineVersions, kReadsOnly}},
      {"DeleteStateMachineVersion", {DeleteStateMachineVersion}},
      {"CreateStateMachineAlias", {CreateStateMachineAlias}},
      {"UpdateStateMachineAlias", {UpdateStateMachineAlias}},
      {"DescribeStateMachineAlias", {DescribeStateMachineAlias, kReadsOnly}},
      {"ListStateMachineAliases", {ListStateMachineAliases, kReadsOnly}},
      {"DeleteStateMachineAlias", {DeleteStateMachineAlias}},
      {"DescribeMapRun", {DescribeMapRun, kReadsOnly}},
      {"ListMapRuns", {ListMapRuns, kReadsOnly}},
      {"UpdateMapRun", {UpdateMapRun}},
  };
  return kHandlers;
}

// Operations that answer later (their handler gets `done`).
const std::unordered_map<std::string, AsyncHandler>& AsyncHandlers() {
  static const std::unordered_map<std::string, AsyncHandler> kHandlers = {
      {"StartExecution", StartExecution},
      {"StartSyncExecution", StartSyncExecution},
      {"TestState", TestState},
  };
  return kHandlers;
}

// Handlers served by the activity and callback services (absent without
// them, they answer as not supported). GetActivityTask answers later.
const std::unordered_map<std::string, Handler>& ActivityHandlers() {
  static const std::unordered_map<std::string, Handler> kHandlers = {
      {"CreateActivity", CreateActivity},       {"DescribeActivity", DescribeActivity},
      {"ListActivities", ListActivities},       {"DeleteActivity", DeleteActivity},
      {"SendTaskSuccess", SendTaskSuccess},     {"SendTaskFailure", SendTaskFailure},
      {"SendTaskHeartbeat", SendTaskHeartbeat},
  };
  return kHandlers;
}
const std::unordered_map<std::string, AsyncHandler>& AsyncActivityHandlers() {
  static const std::unordered_map<std::string, AsyncHandler> kHandlers = {
      {"GetActivityTask", GetActivityTask},
  };
  return kHandlers;
}

}  // namespace

bool IsReadOperation(const std::string& operation) {
  auto it = Handlers().find(operation);
  return it != Handlers().end() && it->second.reads_only;
}

void RunOperation(Services& services, const control::RequestContext& ctx,
                  const std::string& operation, const Json& body, OperationDone done) {
  const bool with_activities = services.activities && services.callbacks;
  const Handler* handler = nullptr;
  const AsyncHandler* async = nullptr;
  if (auto it = Handlers().find(operation); it != Handlers().end()) handler = &it->second.run;
  if (auto it = AsyncHandlers().find(operation); it != AsyncHandlers().end()) async = &it->second;
  if (auto it = ActivityHandlers().find(operation); it != ActivityHandlers().end()) {
    if (!with_activities) return done(NotSupported(operation));
    handler = &it->second;
  }
  if (auto it = AsyncActivityHandlers().find(operation); it != AsyncActivityHandlers().end()) {
    if (!with_activities) return done(NotSupported(operation));
    async = &it->second;
  }
  if (handler == nullptr && async == nullptr) {
    return done(Status(ErrorCode::kUnknownOperationException, "Unknown operation " + operation));
  }
  if (!body.is_object()) {
    return done(
        Status(ErrorCode::kSerializationException, "The request body must be a JSON object"));
  }
  RequestReader reader(body);
  if (handler != nullptr) return done((*handler)(services, ctx, reader));
  (*async)(services, ctx, reader, std::move(done));
}

}  // namespace sfn::api
