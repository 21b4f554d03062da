#include "emulator/engine/execution.h"

namespace sfn::engine {

std::string_view StatusName(ExecutionStatus s) {
  switch (s) {
    case ExecutionStatus::kRunning: return "RUNNING";
    case ExecutionStatus::kSucceeded: return "SUCCEEDED";
    case ExecutionStatus::kFailed: return "FAILED";
    case ExecutionStatus::kTimedOut: return "TIMED_OUT";
    case ExecutionStatus::kAborted: return "ABORTED";
  }
  return "RUNNING";
}

std::optional<ExecutionStatus> ParseStatus(std::string_view name) {
  for (auto s : {ExecutionStatus::kRunning, ExecutionStatus::kSucceeded, ExecutionStatus::kFailed,
                 ExecutionStatus::kTimedOut, ExecutionStatus::kAborted}) {
    if (StatusName(s) == name) return s;
  }
  return std::nullopt;
}

Json ExecutionState::ToJson() const {
  Json j = {{"phase", static_cast<int>(phase)},
            {"state", state_name},
            {"data", data},
            {"entered", entered_event_id},
            {"until", ToEpochMillis(wait_until)},
            {"last", last_event_id}};
  if (next) j["next"] = *next;
  return j;
}

Result<ExecutionState> ExecutionState::FromJson(const Json& j) {
  try {
    ExecutionState s;
    s.phase = static_cast<Phase>(j.at("phase").get<int>());
    s.state_name = j.at("state").get<std::string>();
    s.data = j.at("data");
    s.entered_event_id = j.at("entered").get<int64_t>();
    s.wait_until = FromEpochMillis(j.at("until").get<int64_t>());
    s.last_event_id = j.at("last").get<int64_t>();
    if (j.contains("next")) s.next = j.at("next").get<std::string>();
    return s;
  } catch (const Json::exception& e) {
    return Status(ErrorCode::kInternalFailure, std::string("corrupt execution state: ") + e.what());
  }
}

}  // namespace sfn::engine
