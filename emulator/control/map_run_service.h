// Use cases on distributed Map runs (API reference: DescribeMapRun,
// ListMapRuns, UpdateMapRun). The engine records map runs with its
// transitions; UpdateMapRun goes through the Driver so the running Map sees
// its new limits at once. Not thread-safe: runs on the engine thread.
#pragma once

#include <optional>
#include <string>

#include "emulator/control/ports.h"
#include "emulator/engine/driver.h"

namespace sfn::control {

struct UpdateMapRunRequest {
  std::string map_run_arn;
  std::optional<int64_t> max_concurrency;
  std::optional<double> tolerated_failure_percentage;
  std::optional<int64_t> tolerated_failure_count;
};

class MapRunService {
 public:
  MapRunService(Repository& repo, engine::Driver& driver) : repo_(repo), driver_(driver) {}

  Result<Json> Describe(const std::string& map_run_arn);
  Result<Json> List(const std::string& execution_arn, std::optional<int> max_results,
                    const std::optional<std::string>& next_token);
  Result<Json> Update(const UpdateMapRunRequest& req);

 private:
  Result<engine::MapRunRecord> Require(const std::string& map_run_arn);

  Repository& repo_;
  engine::Driver& driver_;
};

}  // namespace sfn::control
