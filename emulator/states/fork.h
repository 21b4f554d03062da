// A Parallel or Map state's children in flight: the typed record the engine
// keeps (and persists) in the frame of a forked state.
//
// The engine owns the scheduling counters (`next_index`, `running`) because
// it creates and ends the child frames; the state's runner owns the rest
// (results, failures and the tolerance they are measured against). Values;
// not shared between threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "emulator/core/failure.h"
#include "emulator/core/json.h"
#include "emulator/core/time.h"

namespace sfn::states {

// A call a fork makes itself, besides running its children: a distributed
// Map's ItemReader before they start, its ResultWriter after they end. It
// goes through the task-integration registry like a Task's call, but writes
// no task events (the Map's own events tell its story).
struct ForkCall {
  std::string resource;
  Json parameters;
};

struct ForkRecord {
  bool map = false;             // Map (items) rather than Parallel (branches)
  bool distributed = false;     // Map with ProcessorConfig.Mode DISTRIBUTED
  bool batched = false;         // `items` are ItemBatcher batches
  int64_t total = 0;            // branches or items
  int64_t next_index = 0;       // the next branch/item to start
  int64_t running = 0;          // started, not finished
  int64_t failed = 0;           // iterations failed (tolerated so far)
  int64_t max_concurrency = 0;  // 0: unbounded
  std::optional<int64_t> tolerated_count;
  std::optional<double> tolerated_percentage;
  Json effective_input;     // Parallel: every branch's input; Map: $ of ItemSelector
  Json items;               // Map: the items
  Json results;             // one slot per branch/item
  std::string map_run_arn;  // distributed Map: its map run, published by the engine
  TimePoint started;        // distributed Map: the map run's start

  // The children that failed (tolerated so far), in order.
  std::vector<int64_t> failed_indexes;

  // The fork's own calls. The runner sets `call` (from Run, OnForkCall or
  // BeforeForkEnds); the engine plans and sends it, clears it, holds back
  // the children and the fork's end until it is answered, and hands the
  // answer to the runner's OnForkCall. `stage` and `output` are the
  // runner's: how far its calls got, and the output they made (a Map's
  // ResultWriter details), which replaces `results` when not null.
  std::optional<ForkCall> call;
  int64_t stage = 0;
  Json output;
  // The engine's: the failure the fork ends with once the call the runner
  // asked for at that failure (e.g. writing the results) is answered.
  std::optional<Failure> failing;

  bool CanStartMore() const {
    return next_index < total && (max_concurrency == 0 || running < max_concurrency);
  }
  bool AllDone() const { return running == 0 && next_index >= total; }
};

}  // namespace sfn::states
