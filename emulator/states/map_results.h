// A distributed Map's results as its ResultWriter exports them (Step
// Functions developer guide, "ResultWriter (Map)"): one record per child
// workflow execution, grouped by status into what become the SUCCEEDED_n,
// FAILED_n and PENDING_n files, and the WriterConfig Transformation applied
// to them (NONE: the records with the child's metadata; COMPACT: only the
// outputs; FLATTEN: the outputs, arrays flattened into one; a failed child
// stays a whole record whatever the transformation, as AWS documents).
//
// Iterations of sfn-emulator's distributed Map run inside the parent
// execution, so each record's ExecutionArn and Name are made up for it, and
// StartDate/StopDate are the map run's start and end (README, "Deviations
// from AWS"). Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/core/failure.h"
#include "emulator/core/json.h"
#include "emulator/core/random.h"
#include "emulator/core/time.h"
#include "emulator/states/fork.h"

namespace sfn::states {

// What the records are made of: each child's input (after ItemSelector or
// batching), the fork's results and failures, and the children that were
// still running when the map run failed (those count as failed: aborted).
struct ChildOutcomes {
  const ForkRecord* fork = nullptr;
  std::vector<Json> inputs;      // one per item, in index order
  std::vector<int64_t> running;  // stopped by the map run's failure
  TimePoint stopped;             // the map run's end
  Random* random = nullptr;      // names the child executions (may be null)
};

// {"SUCCEEDED": [...], "FAILED": [...], "PENDING": [...]} of NONE records.
Json ChildRecords(const ChildOutcomes& outcomes);

// Applies a Transformation ("NONE", "COMPACT", "FLATTEN") to the records of
// one status; kind is "SUCCEEDED", "FAILED" or "PENDING".
Json TransformRecords(const Json& records, std::string_view kind, std::string_view transformation);

}  // namespace sfn::states
