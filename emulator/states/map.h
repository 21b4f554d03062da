// The Map state's set-up (Amazon States Language, "Map state"; "Map state
// input and output fields"): which items it iterates, how many at once, how
// many failures it tolerates, and the input of each iteration.
//
// The engine runs the iterations as child frames; this module only computes.
// Pure functions; thread-safe. Causes are AWS's texts.
#pragma once

#include <cstdint>
#include <optional>

#include "emulator/core/failure.h"
#include "emulator/core/json.h"
#include "emulator/states/fork.h"
#include "emulator/states/state_run.h"

namespace sfn::states {

// The failure of a Map whose failed iterations exceed the tolerance set on
// the state (AWS's text, recorded by TestState).
inline constexpr char kToleratedFailureThresholdExceeded[] =
    "States.ExceedToleratedFailureThreshold";
inline constexpr char kToleratedFailureThresholdCause[] =
    "The specified tolerated failure threshold was exceeded";

struct MapPlan {
  Json effective_input;         // after InputPath: `$` of ItemSelector
  Json items;                   // the array iterated
  int64_t max_concurrency = 0;  // 0: unbounded
  std::optional<int64_t> tolerated_count;
  std::optional<double> tolerated_percentage;
  bool distributed = false;
  bool batched = false;  // items are ItemBatcher batches: {"BatchInput": ..., "Items": [...]}
  // With an ItemReader: the read that gives the items (which `items` is
  // empty until), {"Arguments": <its Parameters/Arguments>, "ReaderConfig":
  // <as written, with MaxItems resolved from MaxItemsPath>}.
  std::optional<ForkCall> read;
};

// Before MapStateStarted: InputPath, ItemsPath (an array, else "Map state
// input must be an array but was: ..."), MaxConcurrency(Path), ItemReader
// (its arguments and MaxItems evaluated; ItemsPath is not used then).
Outcome<MapPlan> PlanMap(const StateContext& ctx, const Json& raw_input);

// ItemBatcher (distributed Map): groups the items, each after ItemSelector,
// into batches of at most MaxItemsPerBatch items and MaxInputBytesPerBatch
// bytes, each {"Items": [...]}, with "BatchInput" when the batcher has one.
// No-op without ItemBatcher.
std::optional<Failure> BatchItems(const StateContext& ctx, MapPlan& plan);

// After MapStateStarted: ToleratedFailureCount/Percentage and their paths.
std::optional<Failure> ResolveTolerance(const StateContext& ctx, MapPlan& plan);

// The input of iteration `index`: ItemSelector (or the legacy Parameters)
// with $$.Map.Item.{Index,Value}, else the item itself.
Outcome<Json> IterationInput(const StateContext& ctx, const Json& effective_input, const Json& item,
                             int64_t index, bool batched);

// Whether `failed` failures out of `total` items exceed the tolerance
// (without any tolerance set, one failure does).
bool ExceedsTolerance(const std::optional<int64_t>& tolerated_count,
                      const std::optional<double>& tolerated_percentage, int64_t failed,
                      int64_t total);

}  // namespace sfn::states
