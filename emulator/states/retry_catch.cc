#include "emulator/states/retry_catch.h"

#include <algorithm>
#include <cmath>

#include "emulator/dataflow/io_paths.h"
#include "emulator/states/pipeline.h"

namespace sfn::states {

bool ErrorMatches(const std::vector<std::string>& error_equals, const std::string& error) {
  if (error == errors::kRuntime) return false;
  bool timeout = error == errors::kTimeout || error == errors::kHeartbeatTimeout;
  for (const std::string& name : error_equals) {
    if (name == error) return true;
    if (name == errors::kAll) return true;
    if (name == errors::kTaskFailed && !timeout) return true;
    // A heartbeat timeout is a timeout (AWS records it as States.Timeout).
    if (name == errors::kTimeout && error == errors::kHeartbeatTimeout) return true;
  }
  return false;
}

std::optional<RetryDecision> DecideRetry(const asl::State& state, const Failure& failure,
                                         const std::vector<int>& attempts, Random* random) {
  for (size_t i = 0; i < state.retry.size(); ++i) {
    const asl::Retrier& r = state.retry[i];
    if (!ErrorMatches(r.error_equals, failure.error)) continue;
    int made = i < attempts.size() ? attempts[i] : 0;
    if (made >= r.max_attempts) return std::nullopt;
    double seconds = r.interval_seconds * std::pow(r.backoff_rate, made);
    if (r.max_delay_seconds) seconds = std::min(seconds, static_cast<double>(*r.max_delay_seconds));
    seconds = std::min(seconds, 1e9);  // far beyond any execution's life
    if (r.full_jitter && random != nullptr) {
      seconds *= static_cast<double>(random->Next() % 1000001) / 1000000.0;
    }
    RetryDecision d;
    d.retrier = i;
    d.delay = std::chrono::milliseconds(static_cast<int64_t>(std::llround(seconds * 1000)));
    return d;
  }
  return std::nullopt;
}

const asl::Catcher* FindCatcher(const asl::State& state, const Failure& failure) {
  for (const asl::Catcher& c : state.catches) {
    if (ErrorMatches(c.error_equals, failure.error)) return &c;
  }
  return nullptr;
}

Json ErrorOutput(const Failure& failure) {
  return Json{{"Error", failure.error}, {"Cause", failure.cause}};
}

Decision ApplyCatcher(const StateContext& ctx, const asl::Catcher& catcher, const Json& raw_input,
                      const Failure& failure) {
  Json error_output = ErrorOutput(failure);
  const bool jsonata = ctx.state.query_language == asl::QueryLanguage::kJsonata;
  dataflow::EvalScope scope = MakeScope(ctx, jsonata ? raw_input : error_output);
  scope.states_error_output = &error_output;
  std::optional<Json> assigned;
  if (catcher.assign_template) {
    Outcome<dataflow::Value> a = EvaluateField(ctx, *catcher.assign_template, scope);
    if (!a.ok()) return Decision::Failed(a.failure());
    if (a.value()) assigned = std::move(*std::move(a).value());
  }
  Json output;
  if (!jsonata) {
    Outcome<Json> merged = dataflow::ApplyResultPath(catcher.result_path, raw_input, error_output);
    if (!merged.ok()) return Decision::Failed(InState(ctx, merged.failure()));
    output = std::move(merged).value();
  } else if (catcher.output) {
    Outcome<dataflow::Value> o = EvaluateField(ctx, *catcher.output, scope);
    if (!o.ok()) return Decision::Failed(o.failure());
    if (o.value()) output = std::move(*std::move(o).value());
  } else {
    output = std::move(error_output);
  }
  return Decision::Of(
      Advance{std::move(output), catcher.next, assigned ? std::move(*assigned) : Json()});
}

}  // namespace sfn::states
