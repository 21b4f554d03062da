// Wait state (Amazon States Language, "Wait State"): computes the time to
// resume from its Seconds or Timestamp field (literal, `...Path` or JSONata:
// one compiled field each). The engine makes the wait a durable timer;
// nothing here sleeps. Error texts are AWS's.
#include "emulator/states/pipeline.h"
#include "emulator/states/runner.h"

namespace sfn::states {
namespace {

std::string ValueText(const Json& v) { return v.is_string() ? v.get<std::string>() : DumpJson(v); }

Failure Runtime(const StateContext& ctx, std::string cause) {
  return InState(ctx, {errors::kRuntime, std::move(cause)});
}

// A wait that would end after the last instant the clock reaches (core/
// time.h: five-digit years break every SDK). Our wording; AWS's execution
// quota (a year) would end such an execution long before.
Failure PastMaxTime(const StateContext& ctx, const dataflow::Field& field, const Json& value) {
  return Runtime(ctx, "The " + field.name() + " parameter references a time after " +
                          FormatIso8601(kMaxTime) + ", the latest this emulator can wait for: " +
                          field.text() + " == " + ValueText(value));
}

Outcome<TimePoint> SecondsFrom(const StateContext& ctx, const dataflow::Field& field,
                               const Json& input) {
  Outcome<dataflow::Value> v = EvaluateField(ctx, field, MakeScope(ctx, input));
  if (!v.ok()) return v.failure();
  const std::string& name = field.name();
  if (!v.value()) {
    return Runtime(
        ctx, "The " + name + " parameter does not reference an existing value: " + field.text());
  }
  const Json& value = *v.value();
  if (field.IsJsonata() && !value.is_number_integer()) {
    return JsonataTypeFailure(ctx, field, "integer", value);
  }
  if (!value.is_number_integer()) {
    return Runtime(ctx, "The " + name + " parameter cannot be parsed as a long value: " +
                            field.text() + " == " + ValueText(value));
  }
  int64_t secs = value.get<int64_t>();
  if (secs < 0) {
    return FieldValueFailure(ctx, field,
                             "The " + name + " parameter references a negative value: " +
                                 field.text() + " == " + ValueText(value));
  }
  std::optional<TimePoint> until = AddSeconds(ctx.now, secs);
  if (!until) return PastMaxTime(ctx, field, value);
  return *until;
}

Outcome<TimePoint> TimestampFrom(const StateContext& ctx, const dataflow::Field& field,
                                 const Json& input) {
  Outcome<dataflow::Value> v = EvaluateField(ctx, field, MakeScope(ctx, input));
  if (!v.ok()) return v.failure();
  std::optional<TimePoint> t;
  if (v.value() && v.value()->is_string()) t = ParseRfc3339(v.value()->get<std::string>());
  if (t && *t > kMaxTime) return PastMaxTime(ctx, field, *v.value());
  if (t) return *t;
  std::string value = v.value() ? ValueText(*v.value()) : std::string("null");
  if (field.kind() == dataflow::ExpressionKind::kPath) {
    return Runtime(ctx, "The " + field.name() +
                            " parameter does not reference a valid ISO-8601 extended offset "
                            "date-time format string: " +
                            field.text() + " == " + value);
  }
  // In a JSONata state this is States.QueryEvaluationError at the field.
  return FieldValueFailure(ctx, field,
                           "The Timestamp field cannot be parsed as an ISO-8601 extended offset "
                           "date-time format string: " +
                               value);
}

Decision RunWait(const StateContext& ctx, const Json& raw_input) {
  const asl::State& s = ctx.state;
  Outcome<Json> effective = PrepareInput(ctx, raw_input);
  if (!effective.ok()) return Decision::Failed(effective.failure());
  const Json& input = effective.value();

  Outcome<TimePoint> until = ctx.now;
  if (s.seconds) {
    until = SecondsFrom(ctx, *s.seconds, input);
  } else if (s.timestamp) {
    until = TimestampFrom(ctx, *s.timestamp, input);
  }
  if (!until.ok()) return Decision::Failed(until.failure());

  std::optional<Json> assigned;
  if (s.assign_template) {
    Outcome<Json> a = EvaluateAssign(ctx, *s.assign_template, input);
    if (!a.ok()) return Decision::Failed(a.failure());
    assigned = std::move(a).value();
  }
  Outcome<Json> output = ApplyOutput(ctx, input);
  if (!output.ok()) return Decision::Failed(output.failure());
  return Decision::Of(WaitUntil{until.value(), std::move(output).value(), s.next,
                                assigned ? std::move(*assigned) : Json()});
}

class Wait : public StateRunner {
 public:
  Decision Run(const StateContext& ctx, const Json& raw_input) const override {
    return RunWait(ctx, raw_input);
  }
};

}  // namespace

const StateRunner& WaitRunner() {
  static const Wait runner;
  return runner;
}

}  // namespace sfn::states
