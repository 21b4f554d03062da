#include "emulator/engine/map_run.h"

namespace sfn::engine {

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
