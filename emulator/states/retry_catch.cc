#include "emulator/states/retry_catch.h"

#include <algorithm>
#include <cmath>

namespace sfn::states {

bool ErrorMatches(const std::vector<std::string>& error_equals, const std::string& error) {
  if (error == errors::kRuntime) return false;
  for (const std::string& name : error_equals) {
    if (name == error) return true;
    if (name == errors::kAll) return true;
    if (name == errors::kTaskFailed && error != errors::kTimeout) return true;
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

}  // namespace sfn::states
