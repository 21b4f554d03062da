// Parsing of Retry and Catch (Amazon States Language, "Error handling").
#include <algorithm>
#include <string>
#include <utility>

#include "emulator/asl/parse_context.h"

namespace sfn::asl::internal {
namespace {

constexpr char kErrorAll[] = "States.ALL";

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

}  // namespace

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
    CheckFields(object, FieldOwner::kRetrier, state.query_language, loc, ctx);
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
      retrier.max_delay_seconds = IntegerField(object.at("MaxDelaySeconds"), "MaxDelaySeconds", 1,
                                               Child(loc, "MaxDelaySeconds"), ctx);
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

void ParseCatch(const Json& value, State& state, const std::string& location, ParseContext& ctx) {
  if (!value.is_array()) {
    ctx.Error("Expected value of type: Array", location);
    return;
  }
  const QueryLanguage language = state.query_language;
  for (size_t i = 0; i < value.size(); ++i) {
    const Json& object = value[i];
    std::string loc = Indexed(location, i);
    if (!object.is_object()) {
      ctx.Error("Expected value of type: Object", loc);
      continue;
    }
    CheckFields(object, FieldOwner::kCatcher, language, loc, ctx);
    CheckRequiredFields(object, {"ErrorEquals", "Next"}, loc, ctx);
    Catcher catcher;
    catcher.error_equals = ParseErrorEquals(object, i + 1 == value.size(), loc, ctx);
    if (object.contains("Next")) {
      if (auto next = StringField(object.at("Next"), "Next", Child(loc, "Next"), ctx)) {
        catcher.next = *next;
      }
    }
    if (object.contains("ResultPath")) {
      if (auto path = CompileResultPath(object.at("ResultPath"), Child(loc, "ResultPath"), ctx)) {
        catcher.result_path = std::move(*path);
      }
    }
    // JSONata: $states.errorOutput exists in a Catch's Output and Assign,
    // and AWS names them under the catcher ("Catch[0]/Output") in causes.
    dataflow::StatesAccess caught;
    caught.error_output = true;
    std::string runtime_root = "Catch[" + std::to_string(i) + "]/";
    if (object.contains("Assign")) {
      const Json& assign = object.at("Assign");
      // A JSONPath Assign that is not an object has never been checked here.
      if (language == QueryLanguage::kJsonata || assign.is_object()) {
        catcher.assign_template = CompileValueField(
            assign, "Assign", language, Child(loc, "Assign"), ctx, caught, runtime_root + "Assign");
      }
    }
    if (object.contains("Output")) {
      catcher.output = CompileJsonataField(object.at("Output"), "Output", Child(loc, "Output"), ctx,
                                           caught, runtime_root + "Output");
    }
    state.catches.push_back(std::move(catcher));
  }
}

}  // namespace sfn::asl::internal
