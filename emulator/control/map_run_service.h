// Use cases on distributed Map runs (API reference: DescribeMapRun,
// ListMapRuns, UpdateMapRun). The engine records map runs with its
// transitions; UpdateMapRun goes through the Driver so the running Map sees
// its new limits at once. Results are the engine's typed records; api/
// writes AWS's shapes. Not thread-safe: runs on the engine thread.
#pragma once

#include <optional>
#include <string>

#include "emulator/control/paging.h"
#include "emulator/control/ports.h"
#include "emulator/engine/driver.h"
#include "emulator/engine/map_run.h"

namespace sfn::control {

struct UpdateMapRunRequest {
  std::string map_run_arn;
  std::optional<int64_t> max_concurrency;
  std::optional<double> tolerated_failure_percentage;
  std::optional<int64_t> tolerated_failure_count;
};

// A distributed Map run as the engine last committed it.
using MapRunRecord = engine::MapRunRecord;

class MapRunService {
 public:
  MapRunService(Repository& repo, engine::Driver& driver) : repo_(repo), driver_(driver) {}

  Result<MapRunRecord> Describe(const std::string& map_run_arn);
  Result<Page<MapRunRecord>> List(const std::string& execution_arn, std::optional<int> max_results,
                                  const std::optional<std::string>& next_token);
  Status Update(const UpdateMapRunRequest& req);

  Repository& repo_;
  engine::Driver& driver_;
};

}  // namespace sfn::control
