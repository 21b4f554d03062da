// Each Step Functions encoder: a typed control result -> the exact JSON text
// AWS sends (member order, epoch seconds, absent members left out).
#include "api/sfn_shapes.h"

#include <gtest/gtest.h>

#include <cctype>
#include <ostream>

namespace sfn::api {
namespace {

// 2024-01-01T00:00:00.250Z and ten seconds later.
const TimePoint kT0 = FromEpochMillis(1704067200250);
const TimePoint kT1 = FromEpochMillis(1704067210000);
const char kSm[] = "arn:aws:states:us-east-1:123456789012:stateMachine:m";
const char kEx[] = "arn:aws:states:us-east-1:123456789012:execution:m:e";

struct Case {
  const char* what;
  Json encoded;
  const char* expected;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.what; }

class SfnShapesTest : public testing::TestWithParam<Case> {};

TEST_P(SfnShapesTest, EncodesAsAws) {
  EXPECT_EQ(DumpJson(GetParam().encoded), GetParam().expected) << GetParam().what;
}

control::DescribeStateMachineResult Described() {
  control::DescribeStateMachineResult r;
  r.state_machine_arn = kSm;
  r.name = "m";
  r.definition = "{}";
  r.role_arn = "arn:aws:iam::123456789012:role/r";
  r.type = "STANDARD";
  r.creation_date = kT0;
  r.logging_configuration = Json{{"level", "OFF"}};
  r.tracing_configuration = Json{{"enabled", false}};
  r.revision_id = "rev";
  r.encryption_configuration = Json{{"type", "AWS_OWNED_KEY"}};
  return r;
}

control::ExecutionSummary Summary() {
  return control::ExecutionSummary{kEx, kSm,          "e",          "RUNNING",
                                   kT0, std::nullopt, std::nullopt, std::nullopt};
}

control::DescribeExecutionResult Execution() {
  control::DescribeExecutionResult r;
  r.summary = Summary();
  r.input = "{\"a\":1}";
  r.redrive_status_reason = "Execution is RUNNING and cannot be redriven";
  return r;
}

control::HistoryEvent Event() {
  control::HistoryEvent e;
  e.id = 2;
  e.previous_event_id = 1;
  e.timestamp = kT1;
  e.type = "PassStateExited";
  e.details_key = "stateExitedEventDetails";
  e.details = Json{{"name", "P"},
                   {"output", "{}"},
                   {"outputDetails", {{"truncated", false}}},
                   {"assignedVariables", {{"x", "1"}}},
                   {"assignedVariablesDetails", {{"truncated", false}}}};
  return e;
}

control::MapRunRecord MapRun() {
  control::MapRunRecord r;
  r.arn = "arn:aws:states:us-east-1:123456789012:mapRun:m/l:id";
  r.execution_arn = kEx;
  r.state_machine_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:m/l";
  r.start = kT0;
  r.max_concurrency = 2;
  r.pending = 3;
  r.running = 2;
  r.total = 5;
  return r;
}

std::vector<Case> Cases() {
  std::vector<Case> cases;
  cases.push_back({"CreateStateMachine",
                   ToWire(control::CreateStateMachineResult{kSm, kT0, std::nullopt}),
                   R"({"stateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:m",)"
                   R"("creationDate":1704067200.25})"});
  cases.push_back({"CreateStateMachine published",
                   ToWire(control::CreateStateMachineResult{kSm, kT0, std::string(kSm) + ":1"}),
                   R"({"stateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:m",)"
                   R"("creationDate":1704067200.25,"stateMachineVersionArn":)"
                   R"("arn:aws:states:us-east-1:123456789012:stateMachine:m:1"})"});
  cases.push_back(
      {"DescribeStateMachine", ToWire(Described()),
       R"({"stateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:m","name":"m",)"
       R"("status":"ACTIVE","definition":"{}","roleArn":"arn:aws:iam::123456789012:role/r",)"
       R"("type":"STANDARD","creationDate":1704067200.25,"loggingConfiguration":{"level":"OFF"},)"
       R"("tracingConfiguration":{"enabled":false},"revisionId":"rev",)"
       R"("encryptionConfiguration":{"type":"AWS_OWNED_KEY"}})"});
  control::DescribeStateMachineResult full = Described();
  full.description = "d";
  full.variable_references = Json{{"B", {"v"}}};
  cases.push_back(
      {"DescribeStateMachine with description and variableReferences", ToWire(full),
       R"({"stateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:m","name":"m",)"
       R"("status":"ACTIVE","definition":"{}","roleArn":"arn:aws:iam::123456789012:role/r",)"
       R"("type":"STANDARD","creationDate":1704067200.25,"loggingConfiguration":{"level":"OFF"},)"
       R"("tracingConfiguration":{"enabled":false},"revisionId":"rev","description":"d",)"
       R"("encryptionConfiguration":{"type":"AWS_OWNED_KEY"},)"
       R"("variableReferences":{"B":["v"]}})"});
  cases.push_back({"UpdateStateMachine",
                   ToWire(control::UpdateStateMachineResult{kT1, "rev2", std::nullopt}),
                   R"({"updateDate":1704067210.0,"revisionId":"rev2"})"});
  cases.push_back({"ListStateMachines, another page follows",
                   ToWire(control::Page<control::StateMachineListItem>{{{kSm, "m", "EXPRESS", kT0}},
                                                                       std::string("tok")}),
                   R"({"stateMachines":[{"stateMachineArn":)"
                   R"("arn:aws:states:us-east-1:123456789012:stateMachine:m","name":"m",)"
                   R"("type":"EXPRESS","creationDate":1704067200.25}],"nextToken":"tok"})"});
  cases.push_back({"ListStateMachines, empty",
                   ToWire(control::Page<control::StateMachineListItem>{}),
                   R"({"stateMachines":[]})"});
  asl::Diagnostic d1{"ERROR", "SCHEMA_VALIDATION_FAILED", "bad", std::string("/States")};
  asl::Diagnostic d2{"WARNING", "W", "meh", std::nullopt};
  cases.push_back({"ValidateStateMachineDefinition",
                   ToWire(control::ValidateDefinitionResult{false, {d1, d2}, true}),
                   R"({"result":"FAIL","diagnostics":[{"severity":"ERROR","code":)"
                   R"("SCHEMA_VALIDATION_FAILED","message":"bad","location":"/States"},)"
                   R"({"severity":"WARNING","code":"W","message":"meh"}],"truncated":true})"});
  cases.push_back({"ValidateStateMachineDefinition OK", ToWire(control::ValidateDefinitionResult{}),
                   R"({"result":"OK","diagnostics":[],"truncated":false})"});
  cases.push_back({"ListTagsForResource", ToWire(control::Tags{{"a", "1"}, {"b", ""}}),
                   R"({"tags":[{"key":"a","value":"1"},{"key":"b","value":""}]})"});
  cases.push_back({"StartExecution", ToWire(control::StartExecutionResult{kEx, kT0}),
                   R"({"executionArn":"arn:aws:states:us-east-1:123456789012:execution:m:e",)"
                   R"("startDate":1704067200.25})"});
  cases.push_back(
      {"DescribeExecution running", ToWire(Execution()),
       R"({"executionArn":"arn:aws:states:us-east-1:123456789012:execution:m:e",)"
       R"("stateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:m","name":"e",)"
       R"("status":"RUNNING","startDate":1704067200.25,"redriveCount":0,"input":"{\"a\":1}",)"
       R"("inputDetails":{"included":true},"redriveStatus":"NOT_REDRIVABLE",)"
       R"("redriveStatusReason":"Execution is RUNNING and cannot be redriven"})"});
  control::DescribeExecutionResult failed = Execution();
  failed.summary.status = "FAILED";
  failed.summary.stop_date = kT1;
  failed.summary.state_machine_version_arn = std::string(kSm) + ":1";
  failed.summary.state_machine_alias_arn = std::string(kSm) + ":prod";
  failed.output = "null";
  failed.error = "Boom";
  failed.cause = "because";
  failed.summary.redrive_count = 1;
  failed.redrivable = true;
  failed.redrive_status_reason.reset();
  cases.push_back(
      {"DescribeExecution with every optional member", ToWire(failed),
       R"({"executionArn":"arn:aws:states:us-east-1:123456789012:execution:m:e",)"
       R"("stateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:m","name":"e",)"
       R"("status":"FAILED","startDate":1704067200.25,"stopDate":1704067210.0,)"
       R"("stateMachineVersionArn":"arn:aws:states:us-east-1:123456789012:stateMachine:m:1",)"
       R"("stateMachineAliasArn":"arn:aws:states:us-east-1:123456789012:stateMachine:m:prod",)"
       R"("redriveCount":1,"input":"{\"a\":1}","inputDetails":{"included":true},"output":"null",)"
       R"("outputDetails":{"included":true},"error":"Boom","cause":"because",)"
       R"("redriveStatus":"REDRIVABLE"})"});
  cases.push_back({"ListExecutions",
                   ToWire(control::Page<control::ExecutionSummary>{{Summary()}, std::nullopt}),
                   R"({"executions":[{"executionArn":)"
                   R"("arn:aws:states:us-east-1:123456789012:execution:m:e","stateMachineArn":)"
                   R"("arn:aws:states:us-east-1:123456789012:stateMachine:m","name":"e",)"
                   R"("status":"RUNNING","startDate":1704067200.25,"redriveCount":0}]})"});
  cases.push_back(
      {"StopExecution", ToWire(control::StopExecutionResult{kT1}), R"({"stopDate":1704067210.0})"});
  cases.push_back(
      {"DescribeStateMachineForExecution",
       ToWire(control::StateMachineForExecutionResult{kSm, "m", "{}", "role", kT0, Json::object(),
                                                      Json{{"enabled", true}},
                                                      Json{{"type", "AWS_OWNED_KEY"}}, "rev"}),
       R"({"stateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:m","name":"m",)"
       R"("definition":"{}","roleArn":"role","updateDate":1704067200.25,)"
       R"("loggingConfiguration":{},"tracingConfiguration":{"enabled":true},"revisionId":"rev",)"
       R"("encryptionConfiguration":{"type":"AWS_OWNED_KEY"}})"});
  cases.push_back({"HistoryEvent with execution data", ToWire(Event(), true),
                   R"({"timestamp":1704067210.0,"type":"PassStateExited","id":2,)"
                   R"("previousEventId":1,"stateExitedEventDetails":{"name":"P","output":"{}",)"
                   R"("outputDetails":{"truncated":false},"assignedVariables":{"x":"1"},)"
                   R"("assignedVariablesDetails":{"truncated":false}}})"});
  cases.push_back({"HistoryEvent without execution data", ToWire(Event(), false),
                   R"({"timestamp":1704067210.0,"type":"PassStateExited","id":2,)"
                   R"("previousEventId":1,"stateExitedEventDetails":{"name":"P"}})"});
  control::HistoryEvent bare;
  bare.id = 3;
  bare.previous_event_id = 2;
  bare.timestamp = kT1;
  bare.type = "MapStateSucceeded";
  cases.push_back({"HistoryEvent without details", ToWire(bare, false),
                   R"({"timestamp":1704067210.0,"type":"MapStateSucceeded","id":3,)"
                   R"("previousEventId":2})"});
  cases.push_back({"GetExecutionHistory",
                   ToWire(control::Page<control::HistoryEvent>{{bare}, std::string("t")}, true),
                   R"({"events":[{"timestamp":1704067210.0,"type":"MapStateSucceeded","id":3,)"
                   R"("previousEventId":2}],"nextToken":"t"})"});
  cases.push_back({"PublishStateMachineVersion",
                   ToWire(control::PublishVersionResult{kT0, std::string(kSm) + ":3"}),
                   R"({"creationDate":1704067200.25,"stateMachineVersionArn":)"
                   R"("arn:aws:states:us-east-1:123456789012:stateMachine:m:3"})"});
  cases.push_back(
      {"ListStateMachineVersions",
       ToWire(control::Page<control::VersionListItem>{
           {{std::string(kSm) + ":2", kT1}, {std::string(kSm) + ":1", kT0}}, std::nullopt}),
       R"({"stateMachineVersions":[{"stateMachineVersionArn":)"
       R"("arn:aws:states:us-east-1:123456789012:stateMachine:m:2",)"
       R"("creationDate":1704067210.0},{"stateMachineVersionArn":)"
       R"("arn:aws:states:us-east-1:123456789012:stateMachine:m:1",)"
       R"("creationDate":1704067200.25}]})"});
  cases.push_back({"CreateStateMachineAlias",
                   ToWire(control::CreateAliasResult{std::string(kSm) + ":prod", kT0}),
                   R"({"stateMachineAliasArn":)"
                   R"("arn:aws:states:us-east-1:123456789012:stateMachine:m:prod",)"
                   R"("creationDate":1704067200.25})"});
  cases.push_back({"UpdateStateMachineAlias", ToWire(control::UpdateAliasResult{kT1}),
                   R"({"updateDate":1704067210.0})"});
  control::DescribeAliasResult alias{std::string(kSm) + ":prod",
                                     "prod",
                                     std::nullopt,
                                     {{std::string(kSm) + ":1", 90}, {std::string(kSm) + ":2", 10}},
                                     kT0,
                                     kT0};
  cases.push_back({"DescribeStateMachineAlias", ToWire(alias),
                   R"({"stateMachineAliasArn":)"
                   R"("arn:aws:states:us-east-1:123456789012:stateMachine:m:prod","name":"prod",)"
                   R"("routingConfiguration":[{"stateMachineVersionArn":)"
                   R"("arn:aws:states:us-east-1:123456789012:stateMachine:m:1","weight":90},)"
                   R"({"stateMachineVersionArn":)"
                   R"("arn:aws:states:us-east-1:123456789012:stateMachine:m:2","weight":10}],)"
                   R"("creationDate":1704067200.25,"updateDate":1704067200.25})"});
  alias.description = "d";
  alias.routing_configuration.pop_back();
  alias.update_date = kT1;
  cases.push_back({"DescribeStateMachineAlias updated, with a description", ToWire(alias),
                   R"({"stateMachineAliasArn":)"
                   R"("arn:aws:states:us-east-1:123456789012:stateMachine:m:prod","name":"prod",)"
                   R"("description":"d","routingConfiguration":[{"stateMachineVersionArn":)"
                   R"("arn:aws:states:us-east-1:123456789012:stateMachine:m:1","weight":90}],)"
                   R"("creationDate":1704067200.25,"updateDate":1704067210.0})"});
  cases.push_back({"ListStateMachineAliases",
                   ToWire(control::Page<control::AliasListItem>{{{std::string(kSm) + ":prod", kT0}},
                                                                std::nullopt}),
                   R"({"stateMachineAliases":[{"stateMachineAliasArn":)"
                   R"("arn:aws:states:us-east-1:123456789012:stateMachine:m:prod",)"
                   R"("creationDate":1704067200.25}]})"});
  cases.push_back(
      {"DescribeMapRun", ToWire(MapRun()),
       R"({"mapRunArn":"arn:aws:states:us-east-1:123456789012:mapRun:m/l:id",)"
       R"("executionArn":"arn:aws:states:us-east-1:123456789012:execution:m:e",)"
       R"("status":"RUNNING","startDate":1704067200.25,"maxConcurrency":2,)"
       R"("toleratedFailurePercentage":0.0,"toleratedFailureCount":0,"itemCounts":{"pending":3,)"
       R"("running":2,"succeeded":0,"failed":0,"timedOut":0,"aborted":0,"total":5,)"
       R"("resultsWritten":0,"failuresNotRedrivable":0,"pendingRedrive":0},)"
       R"("executionCounts":{"pending":3,"running":2,"succeeded":0,"failed":0,"timedOut":0,)"
       R"("aborted":0,"total":5,"resultsWritten":0,"failuresNotRedrivable":0,)"
       R"("pendingRedrive":0},"redriveCount":0})"});
  control::MapRunRecord stopped = MapRun();
  stopped.status = "SUCCEEDED";
  stopped.stop = kT1;
  cases.push_back({"ListMapRuns",
                   ToWire(control::Page<control::MapRunRecord>{{stopped}, std::nullopt}),
                   R"({"mapRuns":[{"executionArn":)"
                   R"("arn:aws:states:us-east-1:123456789012:execution:m:e","mapRunArn":)"
                   R"("arn:aws:states:us-east-1:123456789012:mapRun:m/l:id","stateMachineArn":)"
                   R"("arn:aws:states:us-east-1:123456789012:stateMachine:m/l",)"
                   R"("startDate":1704067200.25,"stopDate":1704067210.0}]})"});
  return cases;
}

// Test names from each case's description ("DescribeExecution running" ->
// DescribeExecution_running).
std::string CaseName(const testing::TestParamInfo<Case>& info) {
  std::string name = info.param.what;
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(AllShapes, SfnShapesTest, testing::ValuesIn(Cases()), CaseName);

}  // namespace
}  // namespace sfn::api
