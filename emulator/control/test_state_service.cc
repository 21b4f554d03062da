#include "emulator/control/test_state_service.h"

#include <utility>

#include "emulator/asl/parser.h"
#include "emulator/control/mock_validation.h"
#include "emulator/core/arn.h"
#include "emulator/core/json_syntax.h"
#include "emulator/states/runner.h"

namespace sfn::control {
namespace {

Status Invalid(std::string message) {
  return Status(ErrorCode::kValidationException, std::move(message));
}

// The state named `name` anywhere in `body` (also inside a Parallel branch
// or a Map's processor).
const asl::State* FindState(const asl::StateMachineBody& body, const std::string& name) {
  if (const asl::State* s = body.Find(name)) return s;
  for (const std::string& n : body.order) {
    const asl::State& st = *body.states.at(n);
    for (const auto& branch : st.branches) {
      if (const asl::State* s = FindState(*branch, name)) return s;
    }
    if (st.item_processor) {
      if (const asl::State* s = FindState(*st.item_processor, name)) return s;
    }
  }
  return nullptr;
}

bool TakesMock(asl::StateType t) {
  return t == asl::StateType::kTask || t == asl::StateType::kMap || t == asl::StateType::kParallel;
}

// A Task calling with `.sync` or `.waitForTaskToken`: the only states whose
// context object may hold `Task` (its token).
bool WaitsForCompletion(const asl::State& s) {
  if (s.type != asl::StateType::kTask || !s.resource) return false;
  const std::string& r = *s.resource;
  auto ends_with = [&r](std::string_view tail) {
    return r.size() >= tail.size() && r.compare(r.size() - tail.size(), tail.size(), tail) == 0;
  };
  return ends_with(".sync") || ends_with(".waitForTaskToken") ||
         r.find(".sync:") != std::string::npos;
}

// A JSON text of the request, or the Status `bad` answers with.
Result<Json> ParseText(const std::string& text, Status bad) {
  Result<Json> j = ParseJson(text);
  if (!j.ok()) return bad;
  return j;
}

// The context object of a TestState run (AWS's recordings: an Express
// execution of a state machine, both with generated names; the state is
// always "StateName").
Json MakeContext(const RequestContext& ctx, const TestStateRequest& req, const asl::State& state,
                 const Json& input, TimePoint now, Random& random) {
  auto name = [&random] {
    std::string id = random.Uuid();
    std::string out;
    for (char c : id) {
      if (c != '-') out += c;
    }
    return out;
  };
  std::string machine = name();
  std::string execution = name();
  std::string machine_arn = MakeStateMachineArn(ctx.region, ctx.account, machine);
  std::string execution_arn =
      BuildArn("states", ctx.region, ctx.account, "express:" + machine + ":" + execution);
  Json state_object = {{"EnteredTime", FormatIso8601(now)}, {"Name", asl::kSingleStateName}};
  if (states::RunnerFor(state.type).Retriable()) {
    state_object["RetryCount"] = req.retrier_retry_count.value_or(0);
  }
  return Json{{"Execution",
               {{"Id", execution_arn},
                {"Input", input},
                {"Name", execution},
                {"RoleArn", req.role_arn ? Json(*req.role_arn) : Json()},
                {"StartTime", FormatIso8601(now)}}},
              {"State", std::move(state_object)},
              {"StateMachine", {{"Id", machine_arn}, {"Name", machine}}}};
}

}  // namespace

Result<engine::TestStateSpec> TestStateService::Prepare(const RequestContext& ctx,
                                                        const TestStateRequest& req) {
  engine::TestStateSpec spec;
  // The definition: one state, or a whole machine and the state to run.
  if (req.state_name) {
    SFN_ASSIGN_OR_RETURN(spec.definition, asl::Parse(req.definition));
    spec.state = FindState(spec.definition->body, *req.state_name);
    if (spec.state == nullptr) return Invalid("State not found in definition");
  } else {
    SFN_ASSIGN_OR_RETURN(spec.definition, asl::ParseSingleState(req.definition));
    spec.state = spec.definition->body.Find(asl::kSingleStateName);
  }
  const asl::State& state = *spec.state;
  const std::string type(asl::StateTypeName(state.type));
  const bool fork = state.type == asl::StateType::kMap || state.type == asl::StateType::kParallel;

  // What the API reference rules out, in the order AWS checks it.
  if (req.mock && req.reveal_secrets) {
    return Invalid("TestState does not support RevealSecrets when a mock is specified.");
  }
  if (req.mock && !TakesMock(state.type)) {
    return Invalid("State type '" + type + "' is not supported when a mock is specified");
  }
  if (req.map_iteration_failure_count && !req.mock) {
    return Invalid(
        "TestState does not support MapIterationFailureCount when a mock is not "
        "specified.");
  }
  if (req.context && !req.mock) {
    return Invalid("TestState does not support Context when a mock is not specified.");
  }
  if (fork && !req.mock) {
    return Status(ErrorCode::kInvalidDefinition,
                  "TestState API does not support Map or Parallel states. Supported state types "
                  "include: [Task, Wait, Pass, Succeed, Fail, Choice]");
  }
  // Every roleArn of the API has one rule (core/arn.h; CreateStateMachine's).
  if (req.role_arn) SFN_RETURN_IF_ERROR(CheckRoleArn(*req.role_arn, PartitionOf(ctx.region)));
  if (state.type == asl::StateType::kTask && !req.mock && !req.role_arn) {
    return Invalid("RoleArn must be specified when testing a Task state");
  }
  if (req.mock) {
    if (req.mock_result && req.mock_error) {
      return Invalid("A mock may have a result or an errorOutput, not both.");
    }
    if (!req.mock_result && !req.mock_error) {
      return Invalid("A mock must have a result or an errorOutput.");
    }
  }
  if (req.mock_result) {
    SFN_ASSIGN_OR_RETURN(Json result,
                         ParseText(*req.mock_result, Invalid("Mocked result must be valid JSON")));
    if (state.type == asl::StateType::kMap && state.raw.contains("ResultWriter")) {
      if (!result.is_object()) return Invalid("Mocked result must be a JSON object.");
    } else if (fork && !result.is_array()) {
      return Invalid("Mocked result must be an array.");
    }
    if (req.map_iteration_failure_count && result.is_array() &&
        static_cast<size_t>(*req.map_iteration_failure_count) > result.size()) {
      return Invalid(
          "Map iteration failure count must be less than or equal to the number of "
          "Map iterations");
    }
    if (state.type == asl::StateType::kTask && state.resource) {
      SFN_RETURN_IF_ERROR(ValidateMockResult(*state.resource, result, req.field_validation_mode));
    }
    spec.mock_result = std::move(result);
    spec.mock_result_text = *req.mock_result;
  }
  if (req.mock_error) {
    spec.mock_error = Failure{req.mock_error_name.value_or(""), req.mock_error_cause.value_or("")};
  }

  // The input, the variables and the context object.
  if (req.input) {
    if (std::optional<JsonSyntaxError> bad = FindJsonSyntaxError(*req.input)) {
      return Status(ErrorCode::kInvalidExecutionInput,
                    "Invalid State Machine Execution Input: '" + bad->message + "'");
    }
    SFN_ASSIGN_OR_RETURN(spec.input, ParseJson(*req.input, ErrorCode::kInvalidExecutionInput));
    spec.input_text = *req.input;
  }
  if (req.variables) {
    SFN_ASSIGN_OR_RETURN(spec.variables,
                         ParseText(*req.variables, Invalid("Variables must be a JSON object.")));
    if (!spec.variables.is_object()) return Invalid("Variables must be a JSON object.");
  }
  TimePoint now = clock_.Now();
  if (req.context) {
    SFN_ASSIGN_OR_RETURN(
        spec.context_object,
        ParseText(*req.context, Invalid("Invalid Context object provided: the context object must "
                                        "be a JSON object")));
    if (!spec.context_object.is_object()) {
      return Invalid("Invalid Context object provided: the context object must be a JSON object");
    }
    if (spec.context_object.contains("Task") && !WaitsForCompletion(state)) {
      return Invalid(
          "Invalid Context object provided: Context object contains 'Task' when state is not a "
          "Task state with a '.sync' or '.waitForTaskToken' service integration pattern");
    }
  } else {
    spec.context_object = MakeContext(ctx, req, state, spec.input, now, random_);
  }

  if (req.inspection_level == "DEBUG") spec.level = engine::InspectionLevel::kDebug;
  if (req.inspection_level == "TRACE") spec.level = engine::InspectionLevel::kTrace;
  spec.retrier_retry_count = req.retrier_retry_count;
  if (req.map_iteration_failure_count) {
    spec.map_iteration_failure_count = *req.map_iteration_failure_count;
  }
  if (req.map_item_reader_data) {
    SFN_ASSIGN_OR_RETURN(Json items,
                         ParseText(*req.map_item_reader_data,
                                   Invalid("The Map item reader data must be valid JSON.")));
    spec.map_item_reader_data = std::move(items);
  }
  spec.region = ctx.region;
  spec.account = ctx.account;
  return spec;
}

void TestStateService::Run(const RequestContext& ctx, const TestStateRequest& req, Done done) {
  Result<engine::TestStateSpec> spec = Prepare(ctx, req);
  if (!spec.ok()) return done(spec.status());
  auto run = std::make_shared<engine::TestStateRun>(std::move(spec).value(), integrations_,
                                                    &random_, clock_.Now());
  if (std::optional<engine::TestStateAnswer> answer = run->Start()) return done(*std::move(answer));
  // A Task without a mock: its call runs off this thread; the answer comes
  // back here.
  run->integration().Dispatch(run->pending(), [run, done, post = post_](engine::TaskAnswer a) {
    post([run, done, a = std::move(a)] { done(run->OnAnswer(a)); });
  });
}

}  // namespace sfn::control
