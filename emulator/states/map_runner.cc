// Map state (Amazon States Language, "Map state"): iterations as children of
// the state's frame, inline or distributed (a map run, whose iterations
// write no events in the parent's history). The set-up (items, concurrency,
// tolerance, batches, each item's input) is in map.h; this file decides the
// events and what each iteration's end means. Events as AWS writes them:
// MapStateStarted, MapIterationStarted/Succeeded/Failed/Aborted (inline),
// MapRunStarted/Succeeded/Failed (distributed), MapStateSucceeded, or
// MapStateFailed once, after the last retry.
#include "emulator/core/arn.h"
#include "emulator/states/map.h"
#include "emulator/states/pipeline.h"
#include "emulator/states/retry_catch.h"
#include "emulator/states/runner.h"

namespace sfn::states {
namespace {

// The cause when a tolerance set on the state is exceeded (our wording: no
// recording shows AWS's).
constexpr char kToleranceExceeded[] = "The specified tolerated failure threshold was exceeded";

// arn:<partition>:states:<region>:<account>:mapRun:<machine>/<label>:<id>,
// from the state machine's ARN in $$ (<label> is the state's Label, else a
// UUID, as AWS names map runs).
std::string MapRunArn(const StateContext& ctx) {
  auto uuid = [&ctx] {
    return ctx.random ? ctx.random->Uuid() : std::to_string(ctx.entered_event_id + 1);
  };
  const Json& machine = ctx.context_object.at("StateMachine");
  std::string label = ctx.state.label ? *ctx.state.label : uuid();
  return MakeMapRunArn(machine.at("Id").get<std::string>(), label, uuid());
}

class Map : public StateRunner {
 public:
  bool Retriable() const override { return true; }

  Decision Run(const StateContext& ctx, const Json& raw_input) const override {
    Outcome<MapPlan> planned = PlanMap(ctx, raw_input);
    if (!planned.ok()) return Decision::Failed(planned.failure());
    MapPlan plan = std::move(planned).value();
    Decision d{{events::MapStateStarted(static_cast<int64_t>(plan.items.size()))}, FailState{}};
    if (std::optional<Failure> bad = ResolveTolerance(ctx, plan)) {
      d.command = FailState{*bad};
      return d;
    }
    if (std::optional<Failure> bad = BatchItems(ctx, plan)) {
      d.command = FailState{*bad};
      return d;
    }
    ForkRecord fork;
    fork.map = true;
    fork.distributed = plan.distributed;
    fork.batched = plan.batched;
    fork.total = static_cast<int64_t>(plan.items.size());
    fork.max_concurrency = plan.max_concurrency;
    fork.tolerated_count = plan.tolerated_count;
    fork.tolerated_percentage = plan.tolerated_percentage;
    fork.effective_input = std::move(plan.effective_input);
    fork.items = std::move(plan.items);
    fork.results = Json::array();
    for (int64_t i = 0; i < fork.total; ++i) fork.results.push_back(nullptr);
    if (fork.distributed) {
      fork.map_run_arn = MapRunArn(ctx);
      fork.started = ctx.now;
      d.events.push_back(events::MapRunStarted(fork.map_run_arn));
    }
    d.command = Fork{std::move(fork)};
    return d;
  }

  Outcome<ChildStart> StartChild(const StateContext& ctx, Json& context_object,
                                 const ForkRecord& fork, int64_t index) const override {
    const Json& item = fork.items[static_cast<size_t>(index)];
    // $$.Map.Item for ItemSelector, set on the shared $$ for this call only.
    context_object["Map"] = Json{{"Item", {{"Index", index}, {"Value", item}}}};
    Outcome<Json> input = IterationInput(ctx, fork.effective_input, item, index, fork.batched);
    context_object.erase("Map");
    if (!input.ok()) return input.failure();
    ChildStart start{ctx.state.item_processor.get(), std::move(input).value(), {}};
    if (!fork.distributed) {
      start.events.push_back(
          events::MapIteration("MapIterationStarted", index, ctx.state.name, true));
    }
    return start;
  }

  ChildEnd OnChildEnded(const StateContext& ctx, ForkRecord& fork, int64_t index,
                        const Outcome<Json>& result) const override {
    ChildEnd end;
    if (!fork.distributed) {
      end.events.push_back(
          events::MapIteration(result.ok() ? "MapIterationSucceeded" : "MapIterationFailed", index,
                               ctx.state.name, false));
    }
    if (result.ok()) {
      fork.results[static_cast<size_t>(index)] = result.value();
      return end;
    }
    fork.results[static_cast<size_t>(index)] = ErrorOutput(result.failure());
    ++fork.failed;
    if (ExceedsTolerance(fork.tolerated_count, fork.tolerated_percentage, fork.failed,
                         fork.total)) {
      end.fork_failure = result.failure();
      if (fork.tolerated_count || fork.tolerated_percentage) {
        end.fork_failure = Failure{"States.ExceedToleratedFailureThreshold", kToleranceExceeded};
      }
    }
    return end;
  }

  Decision OnForkSucceeded(const StateContext& ctx, const Json& raw_input,
                           ForkRecord& fork) const override {
    Json results = std::move(fork.results);
    Decision d = Finish(ctx, raw_input, results, /*select=*/true);
    std::vector<Event> ended;
    if (fork.distributed) ended.push_back(events::Bare("MapRunSucceeded", false));
    ended.push_back(events::Bare("MapStateSucceeded", false));
    d.events.insert(d.events.begin(), ended.begin(), ended.end());
    return d;
  }

  Decision OnForkFailed(const StateContext& ctx, const ForkRecord& fork, const Failure& failure,
                        const std::vector<int64_t>& running) const override {
    Decision d;
    if (!fork.distributed) {
      // The iterations still running are stopped.
      for (int64_t index : running) {
        d.events.push_back(
            events::MapIteration("MapIterationAborted", index, ctx.state.name, false));
      }
    }
    FailState f{failure};
    if (fork.distributed) f.final_events.push_back(events::MapRunFailed());
    f.final_events.push_back(events::Bare("MapStateFailed"));
    d.command = std::move(f);
    return d;
  }
};

}  // namespace

const StateRunner& MapRunner() {
  static const Map runner;
  return runner;
}

}  // namespace sfn::states
