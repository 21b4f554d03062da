#include "emulator/engine/test_state.h"

#include <cmath>
#include <utility>
#include <vector>

#include "emulator/states/map.h"
#include "emulator/states/retry_catch.h"
#include "emulator/states/runner.h"

namespace sfn::engine {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

// TestState runs no execution: AWS's answers carry no "An error occurred
// while executing the state '...' (entered at the event id #N). " before a
// cause.
std::string WithoutStatePrefix(std::string cause) {
  static const std::string kStart = "An error occurred while executing the state '";
  static const std::string kEntered = "' (entered at the event id #";
  if (cause.rfind(kStart, 0) != 0) return cause;
  size_t entered = cause.find(kEntered, kStart.size());
  size_t end = entered == std::string::npos ? entered : cause.find("). ", entered);
  return end == std::string::npos ? cause : cause.substr(end + 3);
}

}  // namespace

TestStateRun::TestStateRun(TestStateSpec spec, const TaskIntegrations* integrations, Random* random,
                           TimePoint now)
    : spec_(std::move(spec)),
      state_(*spec_.state),
      integrations_(integrations),
      random_(random),
      now_(now) {}

states::StateContext TestStateRun::Ctx() {
  states::StateContext ctx{state_,  spec_.context_object, now_, 0, &spec_.variables,
                           random_, &inspection_};
  if (spec_.map_item_reader_data) ctx.item_reader_data = &*spec_.map_item_reader_data;
  return ctx;
}

TaskEnv TestStateRun::Env() const { return TaskEnv{spec_.region, spec_.account, now_, random_, 0}; }

std::optional<TestStateAnswer> TestStateRun::Start() {
  return Apply(states::RunnerFor(state_.type).Run(Ctx(), spec_.input));
}

std::optional<TestStateAnswer> TestStateRun::Apply(states::Decision d) {
  return std::visit(Overloaded{
                        [&](states::Advance& a) -> std::optional<TestStateAnswer> {
                          if (a.assigned.is_object()) {
                            for (auto it = a.assigned.begin(); it != a.assigned.end(); ++it) {
                              spec_.variables[it.key()] = *it;
                            }
                          }
                          TestStateAnswer out = Answer("SUCCEEDED");
                          out.output = TextOf(a.output);
                          out.next_state = a.next;
                          return out;
                        },
                        [&](states::FailState& f) -> std::optional<TestStateAnswer> {
                          if (!f.final_state) return HandleFailure(f.failure);
                          // A Fail state: no Retry or Catch, absent fields left out.
                          TestStateAnswer out = Answer("FAILED");
                          if (!f.error_absent) out.error = f.failure.error;
                          if (!f.cause_absent) out.cause = WithoutStatePrefix(f.failure.cause);
                          return out;
                        },
                        [&](states::WaitUntil& w) -> std::optional<TestStateAnswer> {
                          // TestState does not wait.
                          TestStateAnswer out = Answer("SUCCEEDED");
                          out.output = TextOf(w.output);
                          out.next_state = w.next;
                          return out;
                        },
                        [&](states::Invoke& i) { return Invoke(std::move(i)); },
                        [&](states::Fork& k) { return Fork(std::move(k.record)); },
                    },
                    d.command);
}

std::optional<TestStateAnswer> TestStateRun::Invoke(states::Invoke invoke) {
  if (spec_.mock_error) return HandleFailure(*spec_.mock_error);
  if (spec_.mock_result) return Result(*spec_.mock_result);
  const TaskIntegration* integration =
      integrations_ ? integrations_->Match(invoke.resource) : nullptr;
  if (integration == nullptr) {
    return HandleFailure({errors::kRuntime, integrations_
                                                ? integrations_->Unmatched(invoke.resource)
                                                : "The resource '" + invoke.resource +
                                                      "' is not emulated by sfn-emulator."});
  }
  TaskCall call{std::move(invoke.resource), std::move(invoke.parameters), invoke.timeout_seconds,
                invoke.heartbeat_seconds};
  Outcome<PlannedTask> planned = integration->Plan(call, Env());
  if (!planned.ok()) return HandleFailure(planned.failure());
  PlannedTask task = std::move(planned).value();
  if (std::optional<Failure> unbound = integration->Bind(call, Env(), task)) {
    return HandleFailure(*unbound);
  }
  pending_ = std::move(task);
  integration_ = integration;
  return std::nullopt;
}

TestStateAnswer TestStateRun::OnAnswer(const TaskAnswer& answer) {
  return Result(integration_->Interpret(*pending_, answer, Env()));
}

TestStateAnswer TestStateRun::Result(const Outcome<Json>& result) {
  if (!result.ok()) return HandleFailure(result.failure());
  std::optional<TestStateAnswer> out =
      Apply(states::RunnerFor(state_.type).OnTaskResult(Ctx(), spec_.input, result.value()));
  if (out) return *std::move(out);
  return HandleFailure({errors::kRuntime, "The state asked for a second call."});
}

std::optional<TestStateAnswer> TestStateRun::Fork(states::ForkRecord fork) {
  if (fork.map) {
    map_settings_["maxConcurrency"] = fork.max_concurrency;
    if (fork.tolerated_count) map_settings_["toleratedFailureCount"] = *fork.tolerated_count;
    if (fork.tolerated_percentage) {
      map_settings_["toleratedFailurePercentage"] = *fork.tolerated_percentage;
    }
  }
  if (spec_.mock_error) return HandleFailure(*spec_.mock_error);
  if (!spec_.mock_result) {
    return HandleFailure({errors::kRuntime, "A Parallel or Map state needs a mocked result."});
  }
  fork.results = *spec_.mock_result;
  // stateConfiguration.mapIterationFailureCount: that many iterations
  // failed; it matters against a tolerance the state sets.
  if (fork.map && spec_.map_iteration_failure_count &&
      (fork.tolerated_count || fork.tolerated_percentage) &&
      states::ExceedsTolerance(fork.tolerated_count, fork.tolerated_percentage,
                               *spec_.map_iteration_failure_count,
                               static_cast<int64_t>(fork.results.size()))) {
    return HandleFailure(
        {states::kToleratedFailureThresholdExceeded, states::kToleratedFailureThresholdCause});
  }
  return Apply(states::RunnerFor(state_.type).OnForkSucceeded(Ctx(), spec_.input, fork));
}

TestStateAnswer TestStateRun::HandleFailure(const Failure& raised) {
  Failure failure = raised;
  failure.cause = WithoutStatePrefix(std::move(failure.cause));
  auto failed = [&](const Failure& f, const char* status) {
    TestStateAnswer out = Answer(status);
    out.error = f.error;
    out.cause = f.cause;
    return out;
  };
  if (!states::RunnerFor(state_.type).Retriable()) return failed(failure, "FAILED");
  // The first retrier whose ErrorEquals matches decides (with the retries
  // stateConfiguration.retrierRetryCount says were made): RETRIABLE while it
  // has attempts left.
  for (size_t i = 0; i < state_.retry.size(); ++i) {
    if (!states::ErrorMatches(state_.retry[i].error_equals, failure.error)) continue;
    error_details_["retryIndex"] = i;
    std::vector<int> attempts(i + 1, 0);
    attempts[i] = spec_.retrier_retry_count.value_or(0);
    if (auto retry = states::DecideRetry(state_, failure, attempts, nullptr)) {
      error_details_["retryBackoffIntervalSeconds"] =
          static_cast<int64_t>(std::llround(static_cast<double>(retry->delay.count()) / 1000));
      return failed(failure, "RETRIABLE");
    }
    break;
  }
  if (const asl::Catcher* catcher = states::FindCatcher(state_, failure)) {
    error_details_ = Json{{"catchIndex", catcher - state_.catches.data()}};
    states::Decision caught = states::ApplyCatcher(Ctx(), *catcher, spec_.input, failure);
    if (auto* a = std::get_if<states::Advance>(&caught.command)) {
      if (a->assigned.is_object()) {
        for (auto it = a->assigned.begin(); it != a->assigned.end(); ++it) {
          spec_.variables[it.key()] = *it;
        }
      }
      TestStateAnswer out = failed(failure, "CAUGHT_ERROR");
      out.output = TextOf(a->output);
      out.next_state = a->next;
      return out;
    }
    Failure f = std::get<states::FailState>(caught.command).failure;
    f.cause = WithoutStatePrefix(std::move(f.cause));
    return failed(f, "FAILED");
  }
  return failed(failure, "FAILED");
}

TestStateAnswer TestStateRun::Answer(std::string status) {
  TestStateAnswer out;
  out.status = std::move(status);
  if (spec_.level == InspectionLevel::kInfo) return out;
  // AWS's recordings: which steps of the data flow a state type shows.
  Json d = Json::object();
  d["input"] = spec_.input_text;
  auto put = [&](const char* key, const std::optional<Json>& value) {
    if (value) d[key] = TextOf(*value);
  };
  const states::Inspection& i = inspection_;
  if (state_.query_language == asl::QueryLanguage::kJsonPath) {
    switch (state_.type) {
      case asl::StateType::kPass:
        if (state_.result) {
          put("result", i.result);
        } else {
          put("afterInputPath", i.after_input_path);
          put("afterParameters", i.after_parameters);
        }
        put("afterResultSelector", i.after_result_selector);
        put("afterResultPath", i.after_result_path);
        break;
      case asl::StateType::kTask:
        put("afterInputPath", i.after_input_path);
        put("afterParameters", i.after_parameters);
        put("result", i.result);
        put("afterResultSelector", i.after_result_selector);
        put("afterResultPath", i.after_result_path);
        break;
      case asl::StateType::kMap:
        put("afterInputPath", i.after_input_path);
        put("afterResultSelector", i.after_result_selector);
        put("afterResultPath", i.after_result_path);
        break;
      case asl::StateType::kParallel:
        put("afterResultSelector", i.after_result_selector);
        put("afterResultPath", i.after_result_path);
        break;
      case asl::StateType::kFail:
        d["afterInputPath"] = spec_.input_text;
        break;
      case asl::StateType::kChoice:
      case asl::StateType::kSucceed:
      case asl::StateType::kWait:
        put("afterInputPath", i.after_input_path);
        break;
    }
  } else if (state_.type == asl::StateType::kTask) {
    put("afterArguments", i.after_arguments);
  }
  for (auto it = map_settings_.begin(); it != map_settings_.end(); ++it) d[it.key()] = *it;
  if (!spec_.variables.empty()) d["variables"] = DumpJson(spec_.variables);
  if (!error_details_.empty()) d["errorDetails"] = error_details_;
  out.inspection_data = std::move(d);
  return out;
}

std::string TestStateRun::TextOf(const Json& value) const {
  if (value == spec_.input) return spec_.input_text;
  if (spec_.mock_result && value == *spec_.mock_result) return spec_.mock_result_text;
  return DumpJson(value);
}

}  // namespace sfn::engine
