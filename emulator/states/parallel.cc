// Parallel state (Amazon States Language, "Parallel State"): every branch
// runs on the effective input; the result is the array of the branches'
// outputs in branch order; one failing branch fails the state and stops the
// others. Events as AWS writes them: ParallelStateStarted, then
// ParallelStateSucceeded, or ParallelStateFailed once, after the last retry.
#include "emulator/states/pipeline.h"
#include "emulator/states/retry_catch.h"
#include "emulator/states/runner.h"

namespace sfn::states {
namespace {

class Parallel : public StateRunner {
 public:
  bool Retriable() const override { return true; }

  Decision Run(const StateContext& ctx, const Json& raw_input) const override {
    Outcome<Json> input = PrepareInput(ctx, raw_input);
    if (!input.ok()) {
      // As a Map after a JSONata field's EvaluationFailed (map_runner.cc).
      FailState f{input.failure()};
      if (f.failure.evaluation) f.final_events.push_back(events::Bare("ParallelStateFailed"));
      return Decision::Of(std::move(f));
    }
    ForkRecord fork;
    fork.total = static_cast<int64_t>(ctx.state.branches.size());
    fork.effective_input = std::move(input).value();
    fork.results = Json::array();
    for (int64_t i = 0; i < fork.total; ++i) fork.results.push_back(nullptr);
    return Decision{{events::Bare("ParallelStateStarted")}, Fork{std::move(fork)}};
  }

  Outcome<ChildStart> StartChild(const StateContext& ctx, Json&, const ForkRecord& fork,
                                 int64_t index) const override {
    return ChildStart{
        ctx.state.branches[static_cast<size_t>(index)].get(), fork.effective_input, {}};
  }

  ChildEnd OnChildEnded(const StateContext&, ForkRecord& fork, int64_t index,
                        const Outcome<Json>& result) const override {
    if (!result.ok()) {
      fork.results[static_cast<size_t>(index)] = ErrorOutput(result.failure());
      return ChildEnd{{}, result.failure()};
    }
    fork.results[static_cast<size_t>(index)] = result.value();
    return ChildEnd{};
  }

  Decision OnForkSucceeded(const StateContext& ctx, const Json& raw_input,
                           ForkRecord& fork) const override {
    Decision d = Finish(ctx, raw_input, fork.results, /*select=*/true);
    d.events.insert(d.events.begin(), events::Bare("ParallelStateSucceeded", false));
    return d;
  }

  Decision OnForkFailed(const StateContext&, const ForkRecord&, const Failure& failure,
                        const std::vector<int64_t>&) const override {
    FailState f{failure};
    f.final_events.push_back(events::Bare("ParallelStateFailed"));
    return Decision::Of(std::move(f));
  }
};

}  // namespace

const StateRunner& ParallelRunner() {
  static const Parallel runner;
  return runner;
}

}  // namespace sfn::states
