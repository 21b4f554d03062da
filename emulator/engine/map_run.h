// A distributed Map state's run (API reference, "DescribeMapRun",
// "ListMapRuns"): its identity, status, limits and item counts
// (api/sfn_shapes.cc writes it on the wire).
//
// The step snapshots a map run whenever it changes and the driver commits
// the snapshot with the transition, so Describe/List read committed rows.
// Values; thread-safe as values are.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "emulator/core/json.h"
#include "emulator/core/time.h"

namespace sfn::engine {

struct MapRunRecord {
  std::string arn;
  std::string execution_arn;
  std::string state_machine_arn;   // arn:...:stateMachine:<machine>/<label>, as AWS lists it
  std::string status = "RUNNING";  // RUNNING, SUCCEEDED, FAILED, ABORTED
  TimePoint start;
  std::optional<TimePoint> stop;
  int64_t max_concurrency = 0;
  double tolerated_failure_percentage = 0;
  int64_t tolerated_failure_count = 0;
  int64_t pending = 0;
  int64_t running = 0;
  int64_t succeeded = 0;
  int64_t failed = 0;
  int64_t aborted = 0;
  int64_t total = 0;

  Json ToJson() const;                          // storage
  static MapRunRecord FromJson(const Json& j);  // throws Json::exception on a bad shape
};

}  // namespace sfn::engine
