#include "emulator/engine/execution.h"

namespace sfn::engine {

std::string_view StatusName(ExecutionStatus s) {
  switch (s) {
    case ExecutionStatus::kRunning:
      return "RUNNING";
    case ExecutionStatus::kSucceeded:
      return "SUCCEEDED";
    case ExecutionStatus::kFailed:
      return "FAILED";
    case ExecutionStatus::kTimedOut:
      return "TIMED_OUT";
    case ExecutionStatus::kAborted:
      return "ABORTED";
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

namespace {

Json ForkToJson(const Fork& f) {
  Json j = {{"map", f.map},
            {"dist", f.distributed},
            {"total", f.total},
            {"next", f.next_index},
            {"running", f.running},
            {"failed", f.failed},
            {"maxc", f.max_concurrency},
            {"input", f.effective_input},
            {"items", f.items},
            {"results", f.results}};
  if (f.tolerated_count) j["tc"] = *f.tolerated_count;
  if (f.tolerated_percentage) j["tp"] = *f.tolerated_percentage;
  if (!f.map_run_arn.empty()) {
    j["run"] = f.map_run_arn;
    j["started"] = ToEpochMillis(f.started);
  }
  if (f.batched) j["batched"] = true;
  return j;
}

Fork ForkFromJson(const Json& j) {
  Fork f;
  f.map = j.at("map").get<bool>();
  f.distributed = j.at("dist").get<bool>();
  f.total = j.at("total").get<int64_t>();
  f.next_index = j.at("next").get<int64_t>();
  f.running = j.at("running").get<int64_t>();
  f.failed = j.at("failed").get<int64_t>();
  f.max_concurrency = j.at("maxc").get<int64_t>();
  f.effective_input = j.at("input");
  f.items = j.at("items");
  f.results = j.at("results");
  if (j.contains("tc")) f.tolerated_count = j.at("tc").get<int64_t>();
  if (j.contains("tp")) f.tolerated_percentage = j.at("tp").get<double>();
  if (j.contains("run")) {
    f.map_run_arn = j.at("run").get<std::string>();
    f.started = FromEpochMillis(j.at("started").get<int64_t>());
  }
  f.batched = j.value("batched", false);
  return f;
}

}  // namespace

Json Frame::ToJson() const {
  Json j = {{"id", id},
            {"parent", parent},
            {"index", index},
            {"phase", static_cast<int>(phase)},
            {"state", state_name},
            {"entered", entered_event_id},
            {"entered_at", ToEpochMillis(entered_time)},
            {"link", link}};
  if (quiet) j["quiet"] = true;
  if (!data.is_null()) j["data"] = data;
  if (!input.is_null()) j["input"] = input;
  if (next) j["next"] = *next;
  if (wake) j["wake"] = ToEpochMillis(*wake);
  if (!attempts.empty()) j["attempts"] = attempts;
  if (!variables.empty()) j["vars"] = variables;
  if (!pending_assign.is_null()) j["assign"] = pending_assign;
  if (phase == Phase::kForked) j["fork"] = ForkToJson(fork);
  if (!task.is_null()) j["task"] = task;
  if (task_attempt) j["task_attempt"] = task_attempt;
  return j;
}

Frame Frame::FromJson(const Json& j) {
  Frame f;
  f.id = j.at("id").get<int64_t>();
  f.parent = j.at("parent").get<int64_t>();
  f.index = j.at("index").get<int64_t>();
  f.phase = static_cast<Phase>(j.at("phase").get<int>());
  f.state_name = j.at("state").get<std::string>();
  f.entered_event_id = j.at("entered").get<int64_t>();
  f.entered_time = FromEpochMillis(j.at("entered_at").get<int64_t>());
  f.link = j.at("link").get<int64_t>();
  f.quiet = j.value("quiet", false);
  if (j.contains("data")) f.data = j.at("data");
  if (j.contains("input")) f.input = j.at("input");
  if (j.contains("next")) f.next = j.at("next").get<std::string>();
  if (j.contains("wake")) f.wake = FromEpochMillis(j.at("wake").get<int64_t>());
  if (j.contains("attempts")) f.attempts = j.at("attempts").get<std::vector<int>>();
  if (j.contains("vars")) f.variables = j.at("vars");
  if (j.contains("assign")) f.pending_assign = j.at("assign");
  if (j.contains("fork")) f.fork = ForkFromJson(j.at("fork"));
  if (j.contains("task")) f.task = j.at("task");
  f.task_attempt = j.value("task_attempt", int64_t{0});
  return f;
}

Json ExecutionState::ToJson() const {
  Json fs = Json::array();
  for (const auto& [id, f] : frames) fs.push_back(f.ToJson());
  Json j = {{"v", 2},
            {"frames", std::move(fs)},
            {"next_frame", next_frame_id},
            {"last", last_event_id},
            {"done", done}};
  if (deadline) j["deadline"] = ToEpochMillis(*deadline);
  return j;
}

Result<ExecutionState> ExecutionState::FromJson(const Json& j) {
  try {
    ExecutionState s;
    if (j.value("v", 0) != 2) {
      // Written by sfn-emulator 0.1 (one flat position): the top frame.
      Frame top;
      int phase = j.at("phase").get<int>();
      s.done = phase == 2;
      top.phase = phase == 1 ? Frame::Phase::kWaiting : Frame::Phase::kEnter;
      top.state_name = j.at("state").get<std::string>();
      top.data = j.at("data");
      top.entered_event_id = j.at("entered").get<int64_t>();
      top.link = j.at("last").get<int64_t>();
      if (phase == 1) top.wake = FromEpochMillis(j.at("until").get<int64_t>());
      if (j.contains("next")) top.next = j.at("next").get<std::string>();
      s.last_event_id = top.link;
      if (!s.done) s.frames.emplace(0, std::move(top));
      return s;
    }
    for (const Json& f : j.at("frames")) {
      Frame frame = Frame::FromJson(f);
      s.frames.emplace(frame.id, std::move(frame));
    }
    s.next_frame_id = j.at("next_frame").get<int64_t>();
    s.last_event_id = j.at("last").get<int64_t>();
    s.done = j.at("done").get<bool>();
    if (j.contains("deadline")) s.deadline = FromEpochMillis(j.at("deadline").get<int64_t>());
    return s;
  } catch (const Json::exception& e) {
    return Status(ErrorCode::kInternalFailure, std::string("corrupt execution state: ") + e.what());
  }
}

}  // namespace sfn::engine
