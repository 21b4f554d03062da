#include "emulator/engine/map_run.h"

namespace sfn::engine {

Json MapRunRecord::ToDescribe() const {
  // Every item of a map run is one child execution here, so the execution
  // counts equal the item counts.
  Json counts = {{"pending", pending}, {"running", running},  {"succeeded", succeeded},
                 {"failed", failed},   {"timedOut", 0},       {"aborted", aborted},
                 {"total", total},     {"resultsWritten", 0}, {"failuresNotRedrivable", 0},
                 {"pendingRedrive", 0}};
  Json j = {{"mapRunArn", arn},
            {"executionArn", execution_arn},
            {"status", status},
            {"startDate", ToEpochSeconds(start)}};
  if (stop) j["stopDate"] = ToEpochSeconds(*stop);
  j["maxConcurrency"] = max_concurrency;
  j["toleratedFailurePercentage"] = tolerated_failure_percentage;
  j["toleratedFailureCount"] = tolerated_failure_count;
  j["itemCounts"] = counts;
  j["executionCounts"] = counts;
  j["redriveCount"] = 0;
  return j;
}

Json MapRunRecord::ToListItem() const {
  Json j = {{"executionArn", execution_arn},
            {"mapRunArn", arn},
            {"stateMachineArn", state_machine_arn},
            {"startDate", ToEpochSeconds(start)}};
  if (stop) j["stopDate"] = ToEpochSeconds(*stop);
  return j;
}

Json MapRunRecord::ToJson() const {
  Json j = {{"arn", arn},
            {"execution", execution_arn},
            {"machine", state_machine_arn},
            {"status", status},
            {"start", ToEpochMillis(start)},
            {"maxc", max_concurrency},
            {"tp", tolerated_failure_percentage},
            {"tc", tolerated_failure_count},
            {"pending", pending},
            {"running", running},
            {"succeeded", succeeded},
            {"failed", failed},
            {"aborted", aborted},
            {"total", total}};
  if (stop) j["stop"] = ToEpochMillis(*stop);
  return j;
}

MapRunRecord MapRunRecord::FromJson(const Json& j) {
  MapRunRecord r;
  r.arn = j.at("arn").get<std::string>();
  r.execution_arn = j.at("execution").get<std::string>();
  r.state_machine_arn = j.at("machine").get<std::string>();
  r.status = j.at("status").get<std::string>();
  r.start = FromEpochMillis(j.at("start").get<int64_t>());
  if (j.contains("stop")) r.stop = FromEpochMillis(j.at("stop").get<int64_t>());
  r.max_concurrency = j.at("maxc").get<int64_t>();
  r.tolerated_failure_percentage = j.at("tp").get<double>();
  r.tolerated_failure_count = j.at("tc").get<int64_t>();
  r.pending = j.at("pending").get<int64_t>();
  r.running = j.at("running").get<int64_t>();
  r.succeeded = j.at("succeeded").get<int64_t>();
  r.failed = j.at("failed").get<int64_t>();
  r.aborted = j.at("aborted").get<int64_t>();
  r.total = j.at("total").get<int64_t>();
  return r;
}

}  // namespace sfn::engine
