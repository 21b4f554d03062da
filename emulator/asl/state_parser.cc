// Parsing of state machine bodies and of the individual states.
#include <string>
#include <utility>

#include "emulator/asl/parse_context.h"
#include "emulator/core/time.h"
#include "emulator/dataflow/intrinsics.h"

namespace sfn::asl::internal {
namespace {

constexpr char kErrorAll[] = "States.ALL";

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

// Field names a state of `type` accepts in `language`.
void CheckStateFields(const Json& object, StateType type, QueryLanguage language,
                      const std::string& location, ParseContext& ctx) {
  const bool jsonata = language == QueryLanguage::kJsonata;
  switch (type) {
    case StateType::kPass:
      if (jsonata) {
        CheckAllowedFields(object, {"Type", "Comment", "QueryLanguage", "Next", "End", "Output",
                                    "Assign"},
                           location, ctx);
      } else {
        CheckAllowedFields(object, {"Type", "Comment", "QueryLanguage", "Next", "End",
                                    "InputPath", "OutputPath", "ResultPath", "Parameters",
                                    "Result", "Assign"},
                           location, ctx);
      }
      break;
    case StateType::kWait:
      if (jsonata) {
        CheckAllowedFields(object, {"Type", "Comment", "QueryLanguage", "Next", "End", "Output",
                                    "Assign", "Seconds", "Timestamp"},
                           location, ctx);
      } else {
        CheckAllowedFields(object, {"Type", "Comment", "QueryLanguage", "Next", "End",
                                    "InputPath", "OutputPath", "Assign", "Seconds", "Timestamp",
                                    "SecondsPath", "TimestampPath"},
                           location, ctx);
      }
      break;
    case StateType::kChoice:
      if (jsonata) {
        CheckAllowedFields(object, {"Type", "Comment", "QueryLanguage", "Choices", "Default",
                                    "Output", "Assign"},
                           location, ctx);
      } else {
        CheckAllowedFields(object, {"Type", "Comment", "QueryLanguage", "Choices", "Default",
                                    "InputPath", "OutputPath", "Assign"},
                           location, ctx);
      }
      break;
    case StateType::kSucceed:
      if (jsonata) {
        CheckAllowedFields(object, {"Type", "Comment", "QueryLanguage", "Output"}, location, ctx);
      } else {
        CheckAllowedFields(object, {"Type", "Comment", "QueryLanguage", "InputPath",
                                    "OutputPath"},
                           location, ctx);
      }
      break;
    case StateType::kFail:
      if (jsonata) {
        CheckAllowedFields(object, {"Type", "Comment", "QueryLanguage", "Error", "Cause"},
                           location, ctx);
      } else {
        CheckAllowedFields(object, {"Type", "Comment", "QueryLanguage", "Error", "ErrorPath",
                                    "Cause", "CausePath"},
                           location, ctx);
      }
      break;
    case StateType::kTask:
      if (jsonata) {
        CheckAllowedFields(object, {"Type", "Comment", "QueryLanguage", "Next", "End",
                                    "Resource", "Arguments", "Output", "Assign", "Retry",
                                    "Catch", "TimeoutSeconds", "HeartbeatSeconds",
                                    "Credentials"},
                           location, ctx);
      } else {
        CheckAllowedFields(object, {"Type", "Comment", "QueryLanguage", "Next", "End",
                                    "Resource", "InputPath", "OutputPath", "ResultPath",
                                    "Parameters", "ResultSelector", "Assign", "Retry", "Catch",
                                    "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds",
                                    "HeartbeatSecondsPath", "Credentials"},
                           location, ctx);
      }
      break;
    case StateType::kParallel:
      if (jsonata) {
        CheckAllowedFields(object, {"Type", "Comment", "QueryLanguage", "Next", "End",
                                    "Branches", "Arguments", "Output", "Assign", "Retry",
                                    "Catch"},
                           location, ctx);
      } else {
        CheckAllowedFields(object, {"Type", "Comment", "QueryLanguage", "Next", "End",
                                    "Branches", "InputPath", "OutputPath", "ResultPath",
                                    "Parameters", "ResultSelector", "Assign", "Retry", "Catch"},
                           location, ctx);
      }
      break;
    case StateType::kMap:
      if (jsonata) {
        CheckAllowedFields(object, {"Type", "Comment", "QueryLanguage", "Next", "End",
                                    "ItemProcessor", "Iterator", "Items", "ItemSelector",
                                    "ItemReader", "ItemBatcher", "ResultWriter",
                                    "MaxConcurrency", "ToleratedFailurePercentage",
                                    "ToleratedFailureCount", "Label", "Output", "Assign",
                                    "Retry", "Catch"},
                           location, ctx);
      } else {
        CheckAllowedFields(object, {"Type", "Comment", "QueryLanguage", "Next", "End",
                                    "ItemProcessor", "Iterator", "ItemsPath", "ItemSelector",
                                    "Parameters", "ItemReader", "ItemBatcher", "ResultWriter",
                                    "MaxConcurrency", "MaxConcurrencyPath",
                                    "ToleratedFailurePercentage",
                                    "ToleratedFailurePercentagePath", "ToleratedFailureCount",
                                    "ToleratedFailureCountPath", "Label", "InputPath",
                                    "OutputPath", "ResultPath", "ResultSelector", "Assign",
                                    "Retry", "Catch"},
                           location, ctx);
      }
      break;
  }
}

// ErrorEquals of one retrier/catcher; `is_last` tells whether it is the last
// in its list (States.ALL must be).
std::vector<std::string> ParseErrorEquals(const Json& object, bool is_last,
                                          const std::string& location, ParseContext& ctx) {
  std::vector<std::string> out;
  if (!object.contains("ErrorEquals")) return out;
  const Json& value = object.at("ErrorEquals");
  std::string field_location = Child(location, "ErrorEquals");
  if (!value.is_array() || value.empty()) {
    ctx.Error("ErrorEquals must be a non-empty array of error names", field_location);
    return out;
  }
  for (const Json& name : value) {
    if (!name.is_string()) {
      ctx.Error("Expected value of type: String", field_location);
      return out;
    }
    out.push_back(name.get<std::string>());
  }
  for (const std::string& name : out) {
    if (name == kErrorAll && out.size() > 1) {
      ctx.Error("Error name 'States.ALL' must appear alone in ErrorEquals", field_location);
      break;
    }
  }
  for (const std::string& name : out) {
    if (name == kErrorAll && !is_last) {
      ctx.Error("A Retrier or Catcher with 'States.ALL' in ErrorEquals must be the last one",
                field_location);
      break;
    }
  }
  return out;
}

void ParseRetry(const Json& value, State& state, const std::string& location, ParseContext& ctx) {
  if (!value.is_array()) {
    ctx.Error("Expected value of type: Array", location);
    return;
  }
  for (size_t i = 0; i < value.size(); ++i) {
    const Json& object = value[i];
    std::string loc = Indexed(location, i);
    if (!object.is_object()) {
      ctx.Error("Expected value of type: Object", loc);
      continue;
    }
    CheckAllowedFields(object, {"ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate",
                                "MaxDelaySeconds", "JitterStrategy", "Comment"},
                       loc, ctx);
    CheckRequiredFields(object, {"ErrorEquals"}, loc, ctx);
    Retrier retrier;
    retrier.error_equals = ParseErrorEquals(object, i + 1 == value.size(), loc, ctx);
    if (object.contains("IntervalSeconds")) {
      if (auto v = IntegerField(object.at("IntervalSeconds"), "IntervalSeconds", 1,
                                Child(loc, "IntervalSeconds"), ctx)) {
        retrier.interval_seconds = static_cast<double>(*v);
      }
    }
    if (object.contains("MaxAttempts")) {
      if (auto v = IntegerField(object.at("MaxAttempts"), "MaxAttempts", 0,
                                Child(loc, "MaxAttempts"), ctx)) {
        retrier.max_attempts = static_cast<int>(std::min<int64_t>(*v, 99999999));
      }
    }
    if (object.contains("BackoffRate")) {
      const Json& rate = object.at("BackoffRate");
      if (!rate.is_number() || rate.get<double>() < 1.0) {
        ctx.Error("BackoffRate must be a number greater than or equal to 1.0",
                  Child(loc, "BackoffRate"));
      } else {
        retrier.backoff_rate = rate.get<double>();
      }
    }
    if (object.contains("MaxDelaySeconds")) {
      retrier.max_delay_seconds = IntegerField(object.at("MaxDelaySeconds"), "MaxDelaySeconds",
                                               1, Child(loc, "MaxDelaySeconds"), ctx);
    }
    if (object.contains("JitterStrategy")) {
      const Json& jitter = object.at("JitterStrategy");
      if (jitter == "FULL") {
        retrier.full_jitter = true;
      } else if (jitter != "NONE") {
        ctx.Error("JitterStrategy must be one of [FULL, NONE]", Child(loc, "JitterStrategy"));
      }
    }
    state.retry.push_back(std::move(retrier));
  }
}

void ParseCatch(const Json& value, State& state, const std::string& location,
                ParseContext& ctx) {
  if (!value.is_array()) {
    ctx.Error("Expected value of type: Array", location);
    return;
  }
  const bool jsonata = state.query_language == QueryLanguage::kJsonata;
  for (size_t i = 0; i < value.size(); ++i) {
    const Json& object = value[i];
    std::string loc = Indexed(location, i);
    if (!object.is_object()) {
      ctx.Error("Expected value of type: Object", loc);
      continue;
    }
    if (jsonata) {
      CheckAllowedFields(object, {"ErrorEquals", "Next", "Output", "Assign", "Comment"}, loc,
                         ctx);
    } else {
      CheckAllowedFields(object, {"ErrorEquals", "Next", "ResultPath", "Assign", "Comment"}, loc,
                         ctx);
    }
    CheckRequiredFields(object, {"ErrorEquals", "Next"}, loc, ctx);
    Catcher catcher;
    catcher.error_equals = ParseErrorEquals(object, i + 1 == value.size(), loc, ctx);
    if (object.contains("Next")) {
      if (auto next = StringField(object.at("Next"), "Next", Child(loc, "Next"), ctx)) {
        catcher.next = *next;
      }
    }
    if (object.contains("ResultPath")) {
      CompiledIoPath path =
          CompileIoPathField(object.at("ResultPath"), "ResultPath", Child(loc, "ResultPath"), ctx);
      if (path.ok) catcher.result_path = std::move(path.io);
    }
    if (object.contains("Assign")) {
      catcher.assign = object.at("Assign");
      if (!jsonata && catcher.assign->is_object()) {
        catcher.assign_template =
            CompileTemplateField(*catcher.assign, "Assign", Child(loc, "Assign"), ctx);
      }
    }
    if (object.contains("Output")) catcher.output = object.at("Output");
    state.catches.push_back(std::move(catcher));
  }
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

// Fail's Error/ErrorPath and Cause/CausePath.
void ParseDynamicString(const Json& object, const char* field, const char* path_field,
                        bool jsonata, DynamicString& out, const std::string& location,
                        ParseContext& ctx) {
  bool has_literal = object.contains(field);
  bool has_path = !jsonata && object.contains(path_field);
  if (has_literal && has_path) {
    ctx.Error(std::string("Fields '") + field + "' and '" + path_field +
                  "' are mutually exclusive",
              location);
    return;
  }
  if (has_literal) {
    const Json& value = object.at(field);
    if (!value.is_string()) {
      ctx.Error("Expected value of type: String", Child(location, field));
    } else if (!IsJsonataExpression(value) || !jsonata) {
      out.literal = value.get<std::string>();
    }
  }
  if (has_path) {
    const Json& value = object.at(path_field);
    std::string loc = Child(location, path_field);
    if (value.is_string() &&
        dataflow::Intrinsic::LooksLikeIntrinsic(value.get_ref<const std::string&>())) {
      auto intrinsic = dataflow::Intrinsic::Parse(value.get_ref<const std::string&>());
      if (!intrinsic.ok()) {
        ctx.Error(std::string("The value for the field '") + path_field +
                      "' must be a valid JSONPath or a valid intrinsic function call",
                  loc);
      } else {
        out.intrinsic = std::move(intrinsic).value();
      }
    } else {
      CompiledPath path = CompilePathField(value, path_field, loc, ctx);
      if (path.ok) {
        if (path.var) {
          // Variable references are kept in raw; the path form is the common case.
          out.path.reset();
        } else {
          out.path = std::move(path.path);
        }
      }
    }
  }
}

// An integer field that a JSONata state may also give as an expression.
std::optional<int64_t> IntegerOrExpression(const Json& object, const char* field, int64_t min,
                                           State& state, const std::string& location,
                                           ParseContext& ctx) {
  const Json& value = object.at(field);
  if (state.query_language == QueryLanguage::kJsonata && IsJsonataExpression(value)) {
    state.expressions[field] = value.get<std::string>();
    return std::nullopt;
  }
  return IntegerField(value, field, min, Child(location, field), ctx);
}

void ParsePathInto(const Json& object, const char* field, State& state,
                   std::optional<dataflow::JsonPath>& out, const std::string& location,
                   ParseContext& ctx) {
  if (!object.contains(field)) return;
  CompiledPath path = CompilePathField(object.at(field), field, Child(location, field), ctx);
  if (!path.ok) return;
  if (path.var) {
    state.variable_refs.emplace(field, std::move(*path.var));
  } else {
    out = std::move(path.path);
  }
}

void ParseIoPathInto(const Json& object, const char* field, State& state, dataflow::IoPath& out,
                     const std::string& location, ParseContext& ctx) {
  if (!object.contains(field)) return;
  CompiledIoPath path = CompileIoPathField(object.at(field), field, Child(location, field), ctx);
  if (!path.ok) return;
  if (path.var) {
    state.variable_refs.emplace(field, std::move(*path.var));
  } else {
    out = std::move(path.io);
  }
}

void ParseWait(const Json& object, State& state, const std::string& location,
               ParseContext& ctx) {
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
      state.expressions["Timestamp"] = value.get<std::string>();
    } else if (!value.is_string() ||
               !ParseRfc3339(value.get_ref<const std::string&>()).has_value()) {
      ctx.Error("String does not match RFC3339 timestamp", loc);
    } else {
      state.timestamp = value.get<std::string>();
    }
  }
  ParsePathInto(object, "SecondsPath", state, state.seconds_path, location, ctx);
  ParsePathInto(object, "TimestampPath", state, state.timestamp_path, location, ctx);
}

void ParseCredentials(const Json& value, State& state, const std::string& location,
                      ParseContext& ctx) {
  std::string loc = Child(location, "Credentials");
  if (!value.is_object()) {
    ctx.Error("Expected value of type: Object", loc);
    return;
  }
  bool jsonata = state.query_language == QueryLanguage::kJsonata;
  if (jsonata) {
    CheckAllowedFields(value, {"RoleArn"}, loc, ctx);
  } else {
    CheckAllowedFields(value, {"RoleArn", "RoleArn.$"}, loc, ctx);
  }
  if (!value.contains("RoleArn") && !value.contains("RoleArn.$")) {
    ctx.Error("The field 'RoleArn' is required but was missing", loc);
    return;
  }
  state.credentials = value;
}

void ParseTask(const Json& object, State& state, const std::string& location,
               ParseContext& ctx) {
  const bool jsonata = state.query_language == QueryLanguage::kJsonata;
  if (object.contains("Resource")) {
    std::string loc = Child(location, "Resource");
    if (auto resource = StringField(object.at("Resource"), "Resource", loc, ctx)) {
      state.resource = *resource;
      CheckResource(*resource, loc, ctx);
    }
  }
  if (object.contains("TimeoutSeconds") && object.contains("TimeoutSecondsPath")) {
    ctx.Error("Fields 'TimeoutSeconds' and 'TimeoutSecondsPath' are mutually exclusive",
              location);
  } else if (object.contains("TimeoutSeconds")) {
    state.timeout_seconds = IntegerOrExpression(object, "TimeoutSeconds", 1, state, location, ctx);
  }
  if (object.contains("HeartbeatSeconds") && object.contains("HeartbeatSecondsPath")) {
    ctx.Error("Fields 'HeartbeatSeconds' and 'HeartbeatSecondsPath' are mutually exclusive",
              location);
  } else if (object.contains("HeartbeatSeconds")) {
    state.heartbeat_seconds =
        IntegerOrExpression(object, "HeartbeatSeconds", 1, state, location, ctx);
  }
  if (state.timeout_seconds && state.heartbeat_seconds &&
      *state.heartbeat_seconds >= *state.timeout_seconds) {
    ctx.Error("HeartbeatSeconds must be smaller than TimeoutSeconds",
              Child(location, "HeartbeatSeconds"));
  }
  ParsePathInto(object, "TimeoutSecondsPath", state, state.timeout_seconds_path, location, ctx);
  ParsePathInto(object, "HeartbeatSecondsPath", state, state.heartbeat_seconds_path, location,
                ctx);
  if (object.contains("Credentials")) ParseCredentials(object.at("Credentials"), state, location, ctx);
  (void)jsonata;
}

void ParseParallel(const Json& object, State& state, const std::string& location,
                   ParseContext& ctx) {
  if (!object.contains("Branches")) return;
  const Json& branches = object.at("Branches");
  std::string loc = Child(location, "Branches");
  if (!branches.is_array() || branches.empty()) {
    ctx.Error("Branches must be a non-empty array", loc);
    return;
  }
  for (size_t i = 0; i < branches.size(); ++i) {
    auto body = ParseBody(branches[i], Indexed(loc, i), /*item_processor=*/false, ctx);
    if (body) state.branches.push_back(std::move(body));
  }
}

void ParseMap(const Json& object, State& state, const std::string& location,
              ParseContext& ctx) {
  const bool jsonata = state.query_language == QueryLanguage::kJsonata;
  if (object.contains("ItemProcessor") && object.contains("Iterator")) {
    ctx.Error("Fields 'ItemProcessor' and 'Iterator' are mutually exclusive", location);
    return;
  }
  const char* processor_field = object.contains("Iterator") ? "Iterator" : "ItemProcessor";
  if (!object.contains(processor_field)) {
    ctx.Error("These fields are required: [ItemProcessor]", location);
  } else {
    const Json& processor = object.at(processor_field);
    std::string loc = Child(location, processor_field);
    state.item_processor = ParseBody(processor, loc, /*item_processor=*/true, ctx);
    if (processor.is_object() && processor.contains("ProcessorConfig")) {
      const Json& config = processor.at("ProcessorConfig");
      std::string config_loc = Child(loc, "ProcessorConfig");
      if (!config.is_object()) {
        ctx.Error("Expected value of type: Object", config_loc);
      } else {
        CheckAllowedFields(config, {"Mode", "ExecutionType"}, config_loc, ctx);
        if (config.contains("Mode")) {
          const Json& mode = config.at("Mode");
          if (mode != "INLINE" && mode != "DISTRIBUTED") {
            ctx.Error("Mode must be one of [INLINE, DISTRIBUTED]", Child(config_loc, "Mode"));
          } else {
            state.processor_mode = mode.get<std::string>();
          }
        }
      }
    }
  }
  if (jsonata) {
    if (object.contains("Items")) state.items = object.at("Items");
    if (object.contains("ItemSelector")) {
      // JSONata ItemSelector is a JSONata template; kept raw.
    }
  } else {
    ParsePathInto(object, "ItemsPath", state, state.items_path, location, ctx);
    if (object.contains("ItemSelector") && object.contains("Parameters")) {
      ctx.Error("Fields 'ItemSelector' and 'Parameters' are mutually exclusive", location);
    } else {
      for (const char* field : {"ItemSelector", "Parameters"}) {
        if (object.contains(field)) {
          state.item_selector = CompileTemplateField(object.at(field), field,
                                                     Child(location, field), ctx);
        }
      }
    }
    ParsePathInto(object, "MaxConcurrencyPath", state, state.max_concurrency_path, location, ctx);
    ParsePathInto(object, "ToleratedFailurePercentagePath", state,
                  state.tolerated_failure_percentage_path, location, ctx);
    ParsePathInto(object, "ToleratedFailureCountPath", state, state.tolerated_failure_count_path,
                  location, ctx);
  }
  if (object.contains("ToleratedFailureCount")) {
    state.tolerated_failure_count =
        IntegerOrExpression(object, "ToleratedFailureCount", 0, state, location, ctx);
  }
  if (object.contains("ToleratedFailurePercentage")) {
    const Json& v = object.at("ToleratedFailurePercentage");
    if (v.is_number() && v.get<double>() >= 0 && v.get<double>() <= 100) {
      state.tolerated_failure_percentage = v.get<double>();
    } else if (!(jsonata && IsJsonataExpression(v))) {
      ctx.Error("ToleratedFailurePercentage must be a number between 0 and 100",
                Child(location, "ToleratedFailurePercentage"));
    } else {
      state.expressions["ToleratedFailurePercentage"] = v.get<std::string>();
    }
  }
  if (object.contains("ItemReader")) state.item_reader = object.at("ItemReader");
  if (object.contains("ItemBatcher")) state.item_batcher = object.at("ItemBatcher");
  if (object.contains("MaxConcurrency")) {
    state.max_concurrency = IntegerOrExpression(object, "MaxConcurrency", 0, state, location, ctx);
  }
}

}  // namespace

std::shared_ptr<StateMachineBody> ParseBody(const Json& object, const std::string& location,
                                            bool item_processor, ParseContext& ctx) {
  if (!object.is_object()) {
    ctx.Error("Expected value of type: Object", location);
    return nullptr;
  }
  if (location != "/") {
    if (item_processor) {
      CheckAllowedFields(object, {"StartAt", "States", "Comment", "ProcessorConfig"}, location,
                         ctx);
    } else {
      CheckAllowedFields(object, {"StartAt", "States", "Comment"}, location, ctx);
    }
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
    if (name.empty() || name.size() > 80) {
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
    ctx.Error("Value is not a valid state type: " +
                  (type_value.is_string() ? type_value.get<std::string>() : DumpJson(type_value)),
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
        ctx.Error("'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state "
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
  const bool jsonata = state->query_language == QueryLanguage::kJsonata;

  size_t errors_before = ctx.error_count();
  CheckStateFields(object, state->type, state->query_language, location, ctx);
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
    if (auto comment = StringField(object.at("Comment"), "Comment", Child(location, "Comment"),
                                   ctx)) {
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

  // Input/output processing.
  if (!jsonata) {
    ParseIoPathInto(object, "InputPath", *state, state->input_path, location, ctx);
    ParseIoPathInto(object, "OutputPath", *state, state->output_path, location, ctx);
    ParseIoPathInto(object, "ResultPath", *state, state->result_path, location, ctx);
    if (object.contains("Parameters") && state->type != StateType::kMap) {
      state->parameters =
          CompileTemplateField(object.at("Parameters"), "Parameters",
                               Child(location, "Parameters"), ctx);
    }
    if (object.contains("ResultSelector")) {
      state->result_selector =
          CompileTemplateField(object.at("ResultSelector"), "ResultSelector",
                               Child(location, "ResultSelector"), ctx);
    }
    if (object.contains("Result")) state->result = object.at("Result");
  } else {
    if (object.contains("Arguments")) state->arguments = object.at("Arguments");
    if (object.contains("Output")) state->output = object.at("Output");
  }
  if (object.contains("Assign")) {
    const Json& assign = object.at("Assign");
    if (!assign.is_object()) {
      ctx.Error("Expected value of type: Object", Child(location, "Assign"));
    } else {
      state->assign = assign;
      if (state->query_language == QueryLanguage::kJsonPath) {
        state->assign_template =
            CompileTemplateField(assign, "Assign", Child(location, "Assign"), ctx);
      }
    }
  }

  switch (state->type) {
    case StateType::kWait:
      ParseWait(object, *state, location, ctx);
      break;
    case StateType::kChoice:
      if (object.contains("Choices")) {
        state->choices = ParseChoices(object.at("Choices"), state->query_language, location, ctx);
      }
      if (object.contains("Default")) {
        if (auto next = StringField(object.at("Default"), "Default", Child(location, "Default"),
                                    ctx)) {
          state->default_next = *next;
        }
      }
      break;
    case StateType::kFail:
      ParseDynamicString(object, "Error", "ErrorPath", jsonata, state->error, location, ctx);
      ParseDynamicString(object, "Cause", "CausePath", jsonata, state->cause, location, ctx);
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
  if (object.contains("Retry")) ParseRetry(object.at("Retry"), *state, Child(location, "Retry"), ctx);
  if (object.contains("Catch")) ParseCatch(object.at("Catch"), *state, Child(location, "Catch"), ctx);
  return state;
}

}  // namespace sfn::asl::internal
