#include "emulator/control/map_run_service.h"

#include "emulator/control/lookup.h"
#include "emulator/control/paging.h"
#include "emulator/core/arn.h"

namespace sfn::control {
Result<MapRunRecord> MapRunService::Describe(const std::string& map_run_arn) {
  SFN_RETURN_IF_ERROR(ParseStatesArn(map_run_arn, kMapRunArn).status());
  SFN_ASSIGN_OR_RETURN(std::optional<engine::MapRunRecord> run, repo_.FindMapRun(map_run_arn));
  if (!run)
    return Status(ErrorCode::kResourceNotFound, "Resource not found: '" + map_run_arn + "'");
  return *std::move(run);
}

Result<Page<MapRunRecord>> MapRunService::List(const std::string& execution_arn,
                                               std::optional<int> max_results,
                                               const std::optional<std::string>& next_token) {
  SFN_RETURN_IF_ERROR(RequireExecution(repo_, execution_arn).status());
  return FetchPage<MapRunRecord>(
      PageQuery{"ListMapRuns:" + execution_arn, max_results, next_token}, kStepFunctionsPaging,
      [&](int64_t offset, int limit) { return repo_.ListMapRuns(execution_arn, offset, limit); });
}

Status MapRunService::Update(const UpdateMapRunRequest& req) {
  if (!req.max_concurrency && !req.tolerated_failure_percentage && !req.tolerated_failure_count) {
    return Status(ErrorCode::kValidationException,
                  "Must provide at least one of maxConcurrency, toleratedFailurePercentage or "
                  "toleratedFailureCount");
  }
  SFN_ASSIGN_OR_RETURN(MapRunRecord run, Describe(req.map_run_arn));
  if (run.status != "RUNNING") {
    return Status(ErrorCode::kValidationException,
                  "Map Run is not running: '" + req.map_run_arn + "'");
  }
  engine::StepInput in;
  in.map_run_arn = req.map_run_arn;
  in.max_concurrency = req.max_concurrency;
  in.tolerated_failure_percentage = req.tolerated_failure_percentage;
  in.tolerated_failure_count = req.tolerated_failure_count;
  return driver_.UpdateMapRun(run.execution_arn, std::move(in));
}

}  // namespace sfn::control
