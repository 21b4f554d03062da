#include "emulator/control/map_run_service.h"

#include "emulator/control/lookup.h"
#include "emulator/control/paging.h"
#include "emulator/core/arn.h"

namespace sfn::control {
namespace {

// arn:<partition>:states:<region>:<account>:mapRun:<machine>/<label>:<id>
bool LooksLikeMapRunArn(const std::string& arn) {
  size_t at = arn.find(":mapRun:");
  return arn.rfind("arn:", 0) == 0 && arn.find(":states:") != std::string::npos &&
         at != std::string::npos && arn.find('/', at) != std::string::npos;
}

}  // namespace

Result<engine::MapRunRecord> MapRunService::Require(const std::string& map_run_arn) {
  if (!LooksLikeMapRunArn(map_run_arn)) {
    return Status(ErrorCode::kInvalidArn, "Invalid Arn: '" + map_run_arn + "'");
  }
  SFN_ASSIGN_OR_RETURN(std::optional<engine::MapRunRecord> run, repo_.FindMapRun(map_run_arn));
  if (!run)
    return Status(ErrorCode::kResourceNotFound, "Resource not found: '" + map_run_arn + "'");
  return *std::move(run);
}

Result<Json> MapRunService::Describe(const std::string& map_run_arn) {
  SFN_ASSIGN_OR_RETURN(engine::MapRunRecord run, Require(map_run_arn));
  return run.ToDescribe();
}

Result<Json> MapRunService::List(const std::string& execution_arn, std::optional<int> max_results,
                                 const std::optional<std::string>& next_token) {
  SFN_RETURN_IF_ERROR(RequireExecution(repo_, execution_arn).status());
  std::string scope = "ListMapRuns:" + execution_arn;
  SFN_ASSIGN_OR_RETURN(int64_t offset, DecodeToken(scope, next_token));
  int limit = PageSize(max_results);
  SFN_ASSIGN_OR_RETURN(std::vector<engine::MapRunRecord> page,
                       repo_.ListMapRuns(execution_arn, offset, limit + 1));
  Json items = Json::array();
  for (size_t i = 0; i < page.size() && i < static_cast<size_t>(limit); ++i) {
    items.push_back(page[i].ToListItem());
  }
  Json out = {{"mapRuns", std::move(items)}};
  if (page.size() > static_cast<size_t>(limit))
    out["nextToken"] = EncodeToken(scope, offset + limit);
  return out;
}

Result<Json> MapRunService::Update(const UpdateMapRunRequest& req) {
  if (!req.max_concurrency && !req.tolerated_failure_percentage && !req.tolerated_failure_count) {
    return Status(ErrorCode::kValidationException,
                  "Must provide at least one of maxConcurrency, toleratedFailurePercentage or "
                  "toleratedFailureCount");
  }
  SFN_ASSIGN_OR_RETURN(engine::MapRunRecord run, Require(req.map_run_arn));
  if (run.status != "RUNNING") {
    return Status(ErrorCode::kValidationException,
                  "Map Run is not running: '" + req.map_run_arn + "'");
  }
  engine::StepInput in;
  in.map_run_arn = req.map_run_arn;
  in.max_concurrency = req.max_concurrency;
  in.tolerated_failure_percentage = req.tolerated_failure_percentage;
  in.tolerated_failure_count = req.tolerated_failure_count;
  SFN_RETURN_IF_ERROR(driver_.UpdateMapRun(run.execution_arn, std::move(in)));
  return Json::object();
}

}  // namespace sfn::control
