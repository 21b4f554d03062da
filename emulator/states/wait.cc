// Wait state (Amazon States Language, "Wait State"): computes the time to
// resume from Seconds, Timestamp, SecondsPath or TimestampPath. The engine
// makes the wait a durable timer; nothing here sleeps. Error texts are AWS's.
#include "emulator/states/pipeline.h"
#include "emulator/states/runner.h"

namespace sfn::states {
namespace {

std::string ValueText(const Json& v) { return v.is_string() ? v.get<std::string>() : DumpJson(v); }

Decision Runtime(const StateContext& ctx, std::string cause) {
  return Decision::Failed(InState(ctx, {errors::kRuntime, std::move(cause)}));
}

Decision RunWait(const StateContext& ctx, const Json& raw_input) {
  const asl::State& s = ctx.state;
  Outcome<Json> effective = PrepareInput(ctx, raw_input);
  if (!effective.ok()) return Decision::Failed(effective.failure());
  const Json& input = effective.value();

  TimePoint until = ctx.now;
  if (s.seconds) {
    until = ctx.now + std::chrono::seconds(*s.seconds);
  } else if (s.timestamp) {
    std::optional<TimePoint> t = ParseRfc3339(*s.timestamp);
    if (!t) {
      return Runtime(ctx,
                     "The Timestamp field cannot be parsed as an ISO-8601 extended offset "
                     "date-time format string: " +
                         *s.timestamp);
    }
    until = *t;
  } else if (HasPathField(ctx, "SecondsPath", s.seconds_path)) {
    std::string path = PathFieldText(ctx, "SecondsPath", s.seconds_path);
    std::optional<Json> v = ReadPathField(ctx, "SecondsPath", s.seconds_path, input);
    if (!v)
      return Runtime(ctx,
                     "The SecondsPath parameter does not reference an existing value: " + path);
    if (!v->is_number_integer()) {
      return Runtime(ctx, "The SecondsPath parameter cannot be parsed as a long value: " + path +
                              " == " + ValueText(*v));
    }
    int64_t secs = v->get<int64_t>();
    if (secs < 0) {
      return Runtime(ctx, "The SecondsPath parameter references a negative value: " + path +
                              " == " + ValueText(*v));
    }
    until = ctx.now + std::chrono::seconds(secs);
  } else if (HasPathField(ctx, "TimestampPath", s.timestamp_path)) {
    std::string path = PathFieldText(ctx, "TimestampPath", s.timestamp_path);
    std::optional<Json> v = ReadPathField(ctx, "TimestampPath", s.timestamp_path, input);
    std::optional<TimePoint> t;
    if (v && v->is_string()) t = ParseRfc3339(v->get<std::string>());
    if (!t) {
      return Runtime(ctx,
                     "The TimestampPath parameter does not reference a valid ISO-8601 extended "
                     "offset date-time format string: " +
                         path + " == " + (v ? ValueText(*v) : std::string("null")));
    }
    until = *t;
  }

  Json assigned;
  if (s.assign_template) {
    Outcome<Json> a = EvaluateAssign(ctx, *s.assign_template, input);
    if (!a.ok()) return Decision::Failed(a.failure());
    assigned = std::move(a).value();
  }
  Outcome<Json> output = ApplyOutput(ctx, input);
  if (!output.ok()) return Decision::Failed(output.failure());
  return Decision::Of(WaitUntil{until, std::move(output).value(), s.next, std::move(assigned)});
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
