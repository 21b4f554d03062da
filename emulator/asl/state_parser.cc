// Parsing of state machine bodies and of the individual states: the fields
// every state shares (type, query language, transition, input and output,
// Assign) and those of Wait, Choice, Fail, Task and Parallel; Map's are in
// map_parser.cc, Retry and Catch in retry_catch_parser.cc. Which fields a
// state may have is field_table.h's to say.
#include <string>
#include <utility>

#include "emulator/asl/parse_context.h"
#include "emulator/core/text.h"
#include "emulator/core/time.h"

namespace sfn::asl::internal {
namespace {

std::optional<StateType> StateTypeFromName(const std::string& name) {
  static const std::pair<const char*, StateType> kTypes[] = {
      {"Pass", StateType::kPass},         {"Wait", StateType::kWait},
      {"Choice", StateType::kChoice},     {"Succeed", StateType::kSucceed},
      {"Fail", StateType::kFail},         {"Task", StateType::kTask},
      {"Parallel", StateType::kParallel}, {"Map", StateType::kMap},
  };
  for (const auto& [text, type] : kTypes) {
    if (name == text) return type;
  }
  return std::nullopt;
}

void ParseTransition(const Json& object, State& state, const std::string& location,
                     ParseContext& ctx) {
  bool has_next = object.contains("Next");
  bool has_end = object.contains("End");
  if (has_end) {
    const Json& end = object.at("End");
    if (!end.is_boolean()) {
      ctx.Error("Expected value of type: Boolean", Child(location, "End"));
      return;
    }
    state.end = end.get<bool>();
  }
  if (has_next) {
    if (auto next = StringField(object.at("Next"), "Next", Child(location, "Next"), ctx)) {
      state.next = *next;
    }
  }
  if (has_next && state.end) {
    ctx.Error("Only one of 'Next' or 'End' can be set", location);
  } else if (!has_next && !state.end) {
    ctx.Error("Either 'Next' or 'End' must be set", location);
  }
}

// InputPath, Parameters, ResultSelector, ResultPath, OutputPath, Result
// (JSONPath); Arguments, Output (JSONata); Assign (both).
void ParseInputOutput(const Json& object, State& state, const std::string& location,
                      ParseContext& ctx) {
  auto compile = [&](const char* field, auto compiler) -> std::optional<Field> {
    if (!object.contains(field)) return std::nullopt;
    return compiler(object.at(field), field, Child(location, field), ctx);
  };
  if (state.query_language == QueryLanguage::kJsonPath) {
    state.input_path = compile("InputPath", CompileIoPathField);
    state.output_path = compile("OutputPath", CompileIoPathField);
    if (object.contains("ResultPath")) {
      if (auto path =
              CompileResultPath(object.at("ResultPath"), Child(location, "ResultPath"), ctx)) {
        state.result_path = std::move(*path);
      }
    }
    // A Map's Parameters is its ItemSelector (map_parser.cc).
    if (state.type != StateType::kMap)
      state.parameters = compile("Parameters", CompileTemplateField);
    state.result_selector = compile("ResultSelector", CompileTemplateField);
    if (object.contains("Result")) state.result = object.at("Result");
  }
  // JSONata: $states.result exists in the Output and Assign of the states
  // that produce a result (AWS "Reserved variable: $states").
  dataflow::StatesAccess after_work;
  after_work.result = state.type == StateType::kTask || state.type == StateType::kParallel ||
                      state.type == StateType::kMap;
  if (state.query_language == QueryLanguage::kJsonata) {
    for (const char* field : {"Arguments", "Output"}) {
      if (!object.contains(field)) continue;
      std::optional<Field>& slot =
          std::string_view(field) == "Arguments" ? state.parameters : state.output;
      slot = CompileJsonataField(
          object.at(field), field, Child(location, field), ctx,
          std::string_view(field) == "Output" ? after_work : dataflow::StatesAccess{});
    }
  }
  if (object.contains("Assign")) {
    const Json& assign = object.at("Assign");
    if (!assign.is_object()) {
      ctx.Error("Expected value of type: Object", Child(location, "Assign"));
    } else {
      state.assign_template = CompileValueField(assign, "Assign", state.query_language,
                                                Child(location, "Assign"), ctx, after_work);
    }
  }
}

void ParseWait(const Json& object, State& state, const std::string& location, ParseContext& ctx) {
  const bool jsonata = state.query_language == QueryLanguage::kJsonata;
  int count = 0;
  for (const char* field : {"Seconds", "Timestamp", "SecondsPath", "TimestampPath"}) {
    if (object.contains(field)) ++count;
  }
  if (count != 1) {
    ctx.Error(jsonata ? "Exactly one of these fields must be set: [Seconds, Timestamp]"
                      : "Exactly one of these fields must be set: [Seconds, Timestamp, "
                        "SecondsPath, TimestampPath]",
              location);
    return;
  }
  if (object.contains("Seconds")) {
    state.seconds = IntegerOrExpression(object, "Seconds", 0, state, location, ctx);
  }
  if (object.contains("Timestamp")) {
    const Json& value = object.at("Timestamp");
    std::string loc = Child(location, "Timestamp");
    if (jsonata && IsJsonataExpression(value)) {
      state.timestamp = CompileJsonataField(value, "Timestamp", loc, ctx);
    } else if (!value.is_string() ||
               !ParseRfc3339(value.get_ref<const std::string&>()).has_value()) {
      ctx.Error("String does not match RFC3339 timestamp", loc);
    } else {
      state.timestamp = LiteralField("Timestamp", value);
    }
  }
  ParsePathInto(object, "SecondsPath", state.seconds, location, ctx);
  ParsePathInto(object, "TimestampPath", state.timestamp, location, ctx);
}

void ParseChoice(const Json& object, State& state, const std::string& location, ParseContext& ctx) {
  if (object.contains("Choices")) {
    state.choices = ParseChoices(object.at("Choices"), state.query_language, location, ctx);
  }
  if (object.contains("Default")) {
    if (auto next = StringField(object.at("Default"), "Default", Child(location, "Default"), ctx)) {
      state.default_next = *next;
    }
  }
}

// Fail's Error/ErrorPath and Cause/CausePath: one field, whichever spelling.
std::optional<Field> ParseFailString(const Json& object, const char* field, const char* path_field,
                                     bool jsonata, const std::string& location, ParseContext& ctx) {
  bool has_literal = object.contains(field);
  bool has_path = !jsonata && object.contains(path_field);
  if (has_literal && has_path) {
    ctx.Error(std::string("Fields '") + field + "' and '" + path_field + "' are mutually exclusive",
              location);
    return std::nullopt;
  }
  if (has_literal) {
    const Json& value = object.at(field);
    if (!value.is_string()) {
      ctx.Error("Expected value of type: String", Child(location, field));
      return std::nullopt;
    }
    if (jsonata) return CompileJsonataField(value, field, Child(location, field), ctx);
    return LiteralField(field, value);
  }
  if (has_path) {
    return CompilePathOrIntrinsicField(object.at(path_field), path_field,
                                       Child(location, path_field), ctx);
  }
  return std::nullopt;
}

void ParseFail(const Json& object, State& state, const std::string& location, ParseContext& ctx) {
  const bool jsonata = state.query_language == QueryLanguage::kJsonata;
  state.error = ParseFailString(object, "Error", "ErrorPath", jsonata, location, ctx);
  state.cause = ParseFailString(object, "Cause", "CausePath", jsonata, location, ctx);
}

// The literal integer a field holds, if it is one.
std::optional<int64_t> LiteralInteger(const std::optional<Field>& field) {
  if (!field || !field->IsLiteral()) return std::nullopt;
  const Json empty;
  Outcome<dataflow::Value> v = field->Evaluate(dataflow::EvalScope{empty, empty});
  if (!v.ok() || !v.value() || !v.value()->is_number_integer()) return std::nullopt;
  return v.value()->get<int64_t>();
}

void ParseCredentials(const Json& value, State& state, const std::string& location,
                      ParseContext& ctx) {
  std::string loc = Child(location, "Credentials");
  if (!value.is_object()) {
    ctx.Error("Expected value of type: Object", loc);
    return;
  }
  CheckFields(value, FieldOwner::kCredentials, state.query_language, loc, ctx);
  if (!value.contains("RoleArn") && !value.contains("RoleArn.$")) {
    ctx.Error("The field 'RoleArn' is required but was missing", loc);
    return;
  }
  state.credentials = CompileValueField(value, "Credentials", state.query_language, loc, ctx);
}

// TimeoutSeconds or HeartbeatSeconds, in any spelling, into `out`.
void ParseTaskSeconds(const Json& object, const char* field, State& state,
                      std::optional<Field>& out, const std::string& location, ParseContext& ctx) {
  std::string path_field = std::string(field) + "Path";
  if (object.contains(field) && object.contains(path_field)) {
    ctx.Error(std::string("Fields '") + field + "' and '" + path_field + "' are mutually exclusive",
              location);
  } else if (object.contains(field)) {
    out = IntegerOrExpression(object, field, 1, state, location, ctx);
  }
}

void ParseTask(const Json& object, State& state, const std::string& location, ParseContext& ctx) {
  if (object.contains("Resource")) {
    std::string loc = Child(location, "Resource");
    if (auto resource = StringField(object.at("Resource"), "Resource", loc, ctx)) {
      state.resource = *resource;
      CheckResource(*resource, loc, ctx);
    }
  }
  ParseTaskSeconds(object, "TimeoutSeconds", state, state.timeout_seconds, location, ctx);
  ParseTaskSeconds(object, "HeartbeatSeconds", state, state.heartbeat_seconds, location, ctx);
  std::optional<int64_t> timeout = LiteralInteger(state.timeout_seconds);
  std::optional<int64_t> heartbeat = LiteralInteger(state.heartbeat_seconds);
  if (timeout && heartbeat && *heartbeat >= *timeout) {
    ctx.Error("HeartbeatSeconds must be smaller than TimeoutSeconds",
              Child(location, "HeartbeatSeconds"));
  }
  // With both spellings present (reported above) the path is still checked.
  std::optional<Field> timeout_path, heartbeat_path;
  ParsePathInto(object, "TimeoutSecondsPath", timeout_path, location, ctx);
  ParsePathInto(object, "HeartbeatSecondsPath", heartbeat_path, location, ctx);
  if (!state.timeout_seconds) state.timeout_seconds = std::move(timeout_path);
  if (!state.heartbeat_seconds) state.heartbeat_seconds = std::move(heartbeat_path);
  if (object.contains("Credentials"))
    ParseCredentials(object.at("Credentials"), state, location, ctx);
}

void ParseParallel(const Json& object, State& state, const std::string& location,
                   ParseContext& ctx) {
  if (!object.contains("Branches")) return;
  const Json& branches = object.at("Branches");
  std::string loc = Child(location, "Branches");
  if (!branches.is_array()) {
    ctx.Error("Expected value of type: Array", loc);
    return;
  }
  if (branches.empty()) {
    ctx.Error("Value cannot be empty", loc);  // AWS's text (recorded by TestState)
    return;
  }
  for (size_t i = 0; i < branches.size(); ++i) {
    auto body = ParseBody(branches[i], Indexed(loc, i), /*item_processor=*/false, ctx);
    if (body) state.branches.push_back(std::move(body));
  }
}

}  // namespace

std::optional<Field> IntegerOrExpression(const Json& object, const char* field, int64_t min,
                                         const State& state, const std::string& location,
                                         ParseContext& ctx) {
  const Json& value = object.at(field);
  std::string loc = Child(location, field);
  if (state.query_language == QueryLanguage::kJsonata && IsJsonataExpression(value)) {
    return CompileJsonataField(value, field, loc, ctx);
  }
  std::optional<int64_t> v = IntegerField(value, field, min, loc, ctx);
  if (!v) return std::nullopt;
  return LiteralField(field, Json(*v));
}

void ParsePathInto(const Json& object, const char* field, std::optional<Field>& out,
                   const std::string& location, ParseContext& ctx) {
  if (!object.contains(field)) return;
  if (auto path = CompilePathField(object.at(field), field, Child(location, field), ctx)) {
    out = std::move(path);
  }
}

std::shared_ptr<StateMachineBody> ParseBody(const Json& object, const std::string& location,
                                            bool item_processor, ParseContext& ctx) {
  if (!object.is_object()) {
    ctx.Error("Expected value of type: Object", location);
    return nullptr;
  }
  if (location != "/") {
    CheckFields(object, item_processor ? FieldOwner::kProcessor : FieldOwner::kBody,
                QueryLanguage::kJsonPath, location, ctx);
  }
  auto body = std::make_shared<StateMachineBody>();
  if (!CheckRequiredFields(object, {"States", "StartAt"}, location, ctx)) {
    return body;
  }
  if (auto start = StringField(object.at("StartAt"), "StartAt", Child(location, "StartAt"), ctx)) {
    body->start_at = *start;
  }
  const Json& states = object.at("States");
  std::string states_loc = Child(location, "States");
  if (!states.is_object()) {
    ctx.Error("Expected value of type: Object", states_loc);
    return body;
  }
  if (states.empty()) {
    ctx.Error("States must not be empty", states_loc);
    return body;
  }
  for (auto it = states.begin(); it != states.end(); ++it) {
    const std::string& name = it.key();
    std::string state_loc = Child(states_loc, name);
    if (name.empty() || Utf16Length(name) > 80) {
      ctx.Error("State name must be between 1 and 80 characters long", state_loc,
                "INVALID_STATE_NAME");
    }
    auto state = ParseState(name, it.value(), state_loc, ctx);
    if (!state) continue;
    body->order.push_back(name);
    body->states[name] = std::move(state);
  }
  return body;
}

std::shared_ptr<State> ParseState(const std::string& name, const Json& object,
                                  const std::string& location, ParseContext& ctx) {
  if (!object.is_object()) {
    ctx.Error("Expected value of type: Object", location);
    return nullptr;
  }
  auto state = std::make_shared<State>();
  state->name = name;
  state->raw = object;
  if (!CheckRequiredFields(object, {"Type"}, location, ctx)) return nullptr;
  const Json& type_value = object.at("Type");
  std::optional<StateType> type;
  if (type_value.is_string()) type = StateTypeFromName(type_value.get<std::string>());
  if (!type) {
    // AWS's text (recorded by TestState's parity tests).
    ctx.Error(
        "The field 'Type' should have one of these values: [Task, Wait, Pass, Succeed, Fail, "
        "Choice, Parallel, Map]",
        Child(location, "Type"));
    return nullptr;
  }
  state->type = *type;

  state->query_language = ctx.top_level_language;
  if (object.contains("QueryLanguage")) {
    const Json& ql = object.at("QueryLanguage");
    if (ql == "JSONata") {
      state->query_language = QueryLanguage::kJsonata;
    } else if (ql == "JSONPath") {
      if (ctx.top_level_language == QueryLanguage::kJsonata) {
        ctx.Error(
            "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state "
            "machine",
            location);
        return state;
      }
      state->query_language = QueryLanguage::kJsonPath;
    } else {
      ctx.Error("QueryLanguage must be one of [JSONPath, JSONata]",
                Child(location, "QueryLanguage"));
      return state;
    }
  }

  size_t errors_before = ctx.error_count();
  CheckFields(object, FieldOwner::kState, state->query_language, location, ctx, state->type);
  switch (state->type) {
    case StateType::kTask:
      CheckRequiredFields(object, {"Resource"}, location, ctx);
      break;
    case StateType::kChoice:
      CheckRequiredFields(object, {"Choices"}, location, ctx);
      break;
    case StateType::kParallel:
      CheckRequiredFields(object, {"Branches"}, location, ctx);
      break;
    default:
      break;
  }
  if (ctx.error_count() != errors_before) return state;

  if (object.contains("Comment")) {
    if (auto comment =
            StringField(object.at("Comment"), "Comment", Child(location, "Comment"), ctx)) {
      state->comment = *comment;
    }
  }
  switch (state->type) {
    case StateType::kPass:
    case StateType::kWait:
    case StateType::kTask:
    case StateType::kParallel:
    case StateType::kMap:
      ParseTransition(object, *state, location, ctx);
      break;
    default:
      break;
  }
  ParseInputOutput(object, *state, location, ctx);

  switch (state->type) {
    case StateType::kWait:
      ParseWait(object, *state, location, ctx);
      break;
    case StateType::kChoice:
      ParseChoice(object, *state, location, ctx);
      break;
    case StateType::kFail:
      ParseFail(object, *state, location, ctx);
      break;
    case StateType::kTask:
      ParseTask(object, *state, location, ctx);
      break;
    case StateType::kParallel:
      ParseParallel(object, *state, location, ctx);
      break;
    case StateType::kMap:
      ParseMap(object, *state, location, ctx);
      break;
    default:
      break;
  }
  if (object.contains("Retry"))
    ParseRetry(object.at("Retry"), *state, Child(location, "Retry"), ctx);
  if (object.contains("Catch"))
    ParseCatch(object.at("Catch"), *state, Child(location, "Catch"), ctx);
  return state;
}

}  // namespace sfn::asl::internal
