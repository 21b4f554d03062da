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
#include "emulator/states/map_results.h"
#include "emulator/states/pipeline.h"
#include "emulator/states/retry_catch.h"
#include "emulator/states/runner.h"

namespace sfn::states {
namespace {

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

// The Map's own set-up failed. AWS records MapStateFailed after the
// EvaluationFailed of a JSONata field (Items, MaxConcurrency, ...), not after
// a JSONPath path's States.Runtime.
FailState SetUpFailed(Failure failure) {
  FailState f{std::move(failure)};
  if (f.failure.evaluation) f.final_events.push_back(events::Bare("MapStateFailed"));
  return f;
}

// How far a Map's own calls got (ForkRecord::stage).
enum Stage : int64_t { kReading = 0, kItemsRead = 1, kResultsWritten = 2 };

// Every item's input, as its iteration gets it.
Outcome<std::vector<Json>> IterationInputs(const StateContext& ctx, const ForkRecord& fork) {
  std::vector<Json> inputs;
  Json context_object = ctx.context_object;
  for (int64_t i = 0; i < fork.total; ++i) {
    const Json& item = fork.items[static_cast<size_t>(i)];
    context_object["Map"] = Json{{"Item", {{"Index", i}, {"Value", item}}}};
    StateContext with_item{ctx.state,     context_object, ctx.now, ctx.entered_event_id,
                           ctx.variables, ctx.random};
    Outcome<Json> input = IterationInput(with_item, fork.effective_input, item, i, fork.batched);
    if (!input.ok()) return input.failure();
    inputs.push_back(std::move(input).value());
  }
  return inputs;
}

class Map : public StateRunner {
 public:
  bool Retriable() const override { return true; }

  Decision Run(const StateContext& ctx, const Json& raw_input) const override {
    Outcome<MapPlan> planned = PlanMap(ctx, raw_input);
    if (!planned.ok()) return Decision::Of(SetUpFailed(planned.failure()));
    MapPlan plan = std::move(planned).value();
    Decision d{{events::MapStateStarted(static_cast<int64_t>(plan.items.size()))}, FailState{}};
    if (std::optional<Failure> bad = ResolveTolerance(ctx, plan)) {
      d.command = SetUpFailed(*bad);
      return d;
    }
    if (std::optional<Failure> bad = plan.read ? std::nullopt : BatchItems(ctx, plan)) {
      d.command = SetUpFailed(*bad);
      return d;
    }
    ForkRecord fork;
    if (plan.read) {
      // The items come from the ItemReader, read once the map run started.
      fork.call = std::move(plan.read);
      fork.stage = kReading;
    } else {
      fork.stage = kItemsRead;
    }
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
    fork.failed_indexes.push_back(index);
    if (ExceedsTolerance(fork.tolerated_count, fork.tolerated_percentage, fork.failed,
                         fork.total)) {
      end.fork_failure = result.failure();
      if (fork.tolerated_count || fork.tolerated_percentage) {
        end.fork_failure =
            Failure{kToleratedFailureThresholdExceeded, kToleratedFailureThresholdCause};
      }
    }
    return end;
  }

  // The ItemReader's items, or the ResultWriter's details.
  std::optional<Failure> OnForkCall(const StateContext& ctx, ForkRecord& fork,
                                    const Outcome<Json>& answer) const override {
    if (fork.stage == kReading) {
      fork.stage = kItemsRead;
      if (!answer.ok()) return answer.failure();
      MapPlan plan;
      plan.effective_input = fork.effective_input;
      plan.items = answer.value().is_array() ? answer.value() : Json::array();
      if (std::optional<Failure> bad = BatchItems(ctx, plan)) return bad;
      fork.items = std::move(plan.items);
      fork.batched = plan.batched;
      fork.total = static_cast<int64_t>(fork.items.size());
      fork.results = Json::array();
      for (int64_t i = 0; i < fork.total; ++i) fork.results.push_back(nullptr);
      return std::nullopt;
    }
    fork.stage = kResultsWritten;
    if (!answer.ok()) return answer.failure();
    fork.output = answer.value();
    return std::nullopt;
  }

  // A ResultWriter with a Resource writes every child's record once the
  // children ended, whether the map run succeeded or failed (then with its
  // failed, aborted and pending children), unless the items were never read.
  void BeforeForkEnds(const StateContext& ctx, ForkRecord& fork, const Failure*,
                      const std::vector<int64_t>& running) const override {
    const std::optional<asl::ResultWriter>& writer = ctx.state.result_writer;
    if (!writer || writer->resource.empty() || fork.stage != kItemsRead) return;
    fork.stage = kResultsWritten;  // asked once, whatever its answer
    Json arguments = Json::object();
    if (writer->arguments) {
      Outcome<dataflow::Value> v =
          EvaluateField(ctx, *writer->arguments, MakeScope(ctx, fork.effective_input));
      if (v.ok() && v.value()) arguments = std::move(*std::move(v).value());
    }
    Outcome<std::vector<Json>> inputs = IterationInputs(ctx, fork);
    if (!inputs.ok()) return;
    ChildOutcomes outcomes{&fork, std::move(inputs).value(), running, ctx.now, ctx.random};
    fork.call = ForkCall{writer->resource, Json{{"Arguments", std::move(arguments)},
                                                {"WriterConfig", writer->writer_config},
                                                {"MapRunArn", fork.map_run_arn},
                                                {"Children", ChildRecords(outcomes)}}};
  }

  Decision OnForkSucceeded(const StateContext& ctx, const Json& raw_input,
                           ForkRecord& fork) const override {
    Json results = std::move(fork.results);
    if (!fork.output.is_null()) {
      results = std::move(fork.output);  // the ResultWriter's details
    } else if (ctx.state.result_writer) {
      // WriterConfig alone: the results transformed, as the state's output.
      std::string transformation =
          ctx.state.result_writer->writer_config.value("Transformation", "COMPACT");
      if (transformation == "FLATTEN") {
        Json flat = Json::array();
        for (Json& r : results) {
          if (r.is_array()) {
            for (Json& v : r) flat.push_back(std::move(v));
          } else {
            flat.push_back(std::move(r));
          }
        }
        results = std::move(flat);
      } else if (transformation == "NONE") {
        fork.results = results;
        Outcome<std::vector<Json>> inputs = IterationInputs(ctx, fork);
        if (inputs.ok()) {
          ChildOutcomes outcomes{&fork, std::move(inputs).value(), {}, ctx.now, ctx.random};
          Json records = ChildRecords(outcomes);
          results = std::move(records["SUCCEEDED"]);
        }
      }
    }
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
    if (fork.distributed) f.final_events.push_back(events::MapRunFailed(failure));
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
