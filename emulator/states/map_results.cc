#include "emulator/states/map_results.h"

#include <algorithm>

namespace sfn::states {
namespace {

// arn:<p>:states:<r>:<a>:mapRun:<machine>/<label>:<id> -> the part before
// ":mapRun:" and "<machine>/<label>".
struct RunName {
  std::string prefix;
  std::string machine_label;
};

RunName SplitRun(const std::string& map_run_arn) {
  size_t at = map_run_arn.find(":mapRun:");
  size_t last = map_run_arn.rfind(':');
  if (at == std::string::npos || last <= at + 8) return {map_run_arn, ""};
  return {map_run_arn.substr(0, at), map_run_arn.substr(at + 8, last - at - 8)};
}

bool Contains(const std::vector<int64_t>& v, int64_t x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

Json ChildRecords(const ChildOutcomes& o) {
  const ForkRecord& fork = *o.fork;
  RunName run = SplitRun(fork.map_run_arn);
  std::string machine_arn = run.prefix + ":stateMachine:" + run.machine_label;
  std::string start = FormatIso8601(fork.started);
  std::string stop = FormatIso8601(o.stopped);
  Json out{{"SUCCEEDED", Json::array()}, {"FAILED", Json::array()}, {"PENDING", Json::array()}};
  for (int64_t i = 0; i < fork.total; ++i) {
    const Json& input = o.inputs[static_cast<size_t>(i)];
    bool started = i < fork.next_index;
    bool failed = Contains(fork.failed_indexes, i);
    bool aborted = Contains(o.running, i);
    if (!started) {
      out["PENDING"].push_back(Json{{"Input", DumpJson(input)},
                                    {"InputDetails", {{"Included", true}}},
                                    {"Status", "PENDING"}});
      continue;
    }
    std::string name = o.random ? o.random->Uuid() : fork.map_run_arn + "-" + std::to_string(i);
    Json r{{"ExecutionArn", run.prefix + ":execution:" + run.machine_label + ":" + name},
           {"Input", DumpJson(input)},
           {"InputDetails", {{"Included", true}}},
           {"Name", name}};
    std::string status = "SUCCEEDED";
    const Json& result = fork.results[static_cast<size_t>(i)];
    if (failed || aborted) {
      status = aborted ? "ABORTED" : "FAILED";
      if (failed) {
        r["Error"] = result.value("Error", "");
        r["Cause"] = result.value("Cause", "");
      }
    } else {
      r["Output"] = DumpJson(result);
      r["OutputDetails"] = {{"Included", true}};
    }
    r["RedriveCount"] = 0;
    r["RedriveStatus"] = "NOT_REDRIVABLE";
    r["RedriveStatusReason"] = "Execution is " + status + " and cannot be redriven";
    r["StartDate"] = start;
    r["StateMachineArn"] = machine_arn;
    r["Status"] = status;
    r["StopDate"] = stop;
    out[status == "SUCCEEDED" ? "SUCCEEDED" : "FAILED"].push_back(std::move(r));
  }
  return out;
}

Json TransformRecords(const Json& records, std::string_view kind, std::string_view transformation) {
  // A failed or pending child is always written whole (AWS: "If a child
  // workflow execution fails, Step Functions returns its execution result
  // unchanged").
  if (kind != "SUCCEEDED" || transformation == "NONE") return records;
  Json out = Json::array();
  for (const Json& r : records) {
    Result<Json> output = ParseJson(r.value("Output", "null"));
    Json value = output.ok() ? std::move(output).value() : Json();
    if (transformation == "FLATTEN" && value.is_array()) {
      for (Json& v : value) out.push_back(std::move(v));
    } else {
      out.push_back(std::move(value));
    }
  }
  return out;
}

}  // namespace sfn::states
