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

std::optional<TimePoint> Frame::Wake() const {
  if (const auto* w = std::get_if<Waiting>(&phase)) return w->until;
  if (const auto* r = std::get_if<Retrying>(&phase)) return r->until;
  if (const auto* t = std::get_if<AwaitingTask>(&phase)) {
    if (t->deadline && t->heartbeat) return std::min(*t->deadline, *t->heartbeat);
    return t->deadline ? t->deadline : t->heartbeat;
  }
  return std::nullopt;
}

namespace {

// Format 3: each frame names its phase and carries that phase's record.
constexpr int kFormat = 3;

Json ForkToJson(const states::ForkRecord& f) {
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
  if (!f.failed_indexes.empty()) j["failedIdx"] = f.failed_indexes;
  if (f.call) j["call"] = Json{{"resource", f.call->resource}, {"parameters", f.call->parameters}};
  if (f.stage != 0) j["stage"] = f.stage;
  if (!f.output.is_null()) j["output"] = f.output;
  if (f.failing) j["failing"] = Json{{"error", f.failing->error}, {"cause", f.failing->cause}};
  return j;
}

states::ForkRecord ForkFromJson(const Json& j) {
  states::ForkRecord f;
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
  if (j.contains("failedIdx")) f.failed_indexes = j.at("failedIdx").get<std::vector<int64_t>>();
  if (j.contains("call")) {
    const Json& c = j.at("call");
    f.call = states::ForkCall{c.at("resource").get<std::string>(), c.at("parameters")};
  }
  f.stage = j.value("stage", int64_t{0});
  if (j.contains("output")) f.output = j.at("output");
  if (j.contains("failing")) {
    const Json& x = j.at("failing");
    f.failing = Failure{x.at("error").get<std::string>(), x.at("cause").get<std::string>()};
  }
  return f;
}

Json TaskToJson(const PlannedTask& t) {
  Json j = {{"integration", t.integration},
            {"resource", t.resource},
            {"request", t.request},
            {"target", t.target}};
  if (t.pattern != Pattern::kRequestResponse) j["pattern"] = PatternSuffix(t.pattern);
  return j;
}

Pattern PatternFromJson(const Json& j) {
  std::string suffix = j.value("pattern", "");
  for (Pattern p : {Pattern::kSync, Pattern::kSync2, Pattern::kWaitForTaskToken}) {
    if (suffix == PatternSuffix(p)) return p;
  }
  return Pattern::kRequestResponse;
}

PlannedTask TaskFromJson(const Json& j) {
  PlannedTask t;
  t.integration = j.at("integration").get<std::string>();
  t.resource = j.at("resource").get<std::string>();
  t.request = j.at("request").get<std::string>();
  t.target = j.value("target", Json());
  t.pattern = PatternFromJson(j);
  return t;
}

void SetTime(Json& j, const char* key, const std::optional<TimePoint>& t) {
  if (t) j[key] = ToEpochMillis(*t);
}

std::optional<TimePoint> GetTime(const Json& j, const char* key) {
  if (!j.contains(key)) return std::nullopt;
  return FromEpochMillis(j.at(key).get<int64_t>());
}

// The phase members of a format-3 frame.
struct PhaseWriter {
  Json& j;
  void operator()(const Entering& p) const {
    j["phase"] = "enter";
    j["data"] = p.input;
  }
  void operator()(const Running&) const { j["phase"] = "running"; }
  void operator()(const Waiting& p) const {
    j["phase"] = "wait";
    j["until"] = ToEpochMillis(p.until);
    j["output"] = p.output;
    if (p.next) j["next"] = *p.next;
    if (!p.assigned.is_null()) j["assign"] = p.assigned;
  }
  void operator()(const Retrying& p) const {
    j["phase"] = "retry";
    j["until"] = ToEpochMillis(p.until);
  }
  void operator()(const Forked& p) const {
    j["phase"] = "fork";
    j["fork"] = ForkToJson(p.fork);
    if (p.call) j["call"] = TaskToJson(*p.call);
  }
  void operator()(const AwaitingTask& p) const {
    j["phase"] = "task";
    j["task"] = TaskToJson(p.task);
    SetTime(j, "deadline", p.deadline);
    SetTime(j, "heartbeat", p.heartbeat);
    if (p.token) j["token"] = *p.token;
    if (p.heartbeat_seconds) j["hb_seconds"] = *p.heartbeat_seconds;
    if (p.submitted) j["submitted"] = true;
    if (p.early) j["early"] = p.early->ToJson();
  }
};

Phase PhaseFromJson(const Json& j) {
  const std::string& name = j.at("phase").get_ref<const std::string&>();
  if (name == "enter") return Entering{j.at("data")};
  if (name == "wait") {
    Waiting w;
    w.until = FromEpochMillis(j.at("until").get<int64_t>());
    w.output = j.at("output");
    if (j.contains("next")) w.next = j.at("next").get<std::string>();
    if (j.contains("assign")) w.assigned = j.at("assign");
    return w;
  }
  if (name == "retry") return Retrying{FromEpochMillis(j.at("until").get<int64_t>())};
  if (name == "fork") {
    Forked k{ForkFromJson(j.at("fork")), std::nullopt};
    if (j.contains("call")) k.call = TaskFromJson(j.at("call"));
    return k;
  }
  if (name == "task") {
    AwaitingTask t;
    t.task = TaskFromJson(j.at("task"));
    t.deadline = GetTime(j, "deadline");
    t.heartbeat = GetTime(j, "heartbeat");
    if (j.contains("token")) t.token = j.at("token").get<std::string>();
    if (j.contains("hb_seconds")) t.heartbeat_seconds = j.at("hb_seconds").get<int64_t>();
    t.submitted = j.value("submitted", false);
    if (j.contains("early")) t.early = TokenAnswer::FromJson(j.at("early"));
    return t;
  }
  // "running" is never committed: a row holding it is corrupt.
  throw Json::other_error::create(501, "frame phase '" + name + "' cannot be resumed", &j);
}

// Format 2 (sfn-emulator before the engine seams): a numbered phase with the
// phase's members spread over the frame.
Phase PhaseFromFormat2(const Json& j) {
  switch (j.at("phase").get<int>()) {
    case 0:  // kEnter
      return Entering{j.value("data", Json())};
    case 1: {  // kWaiting
      Waiting w;
      w.until = FromEpochMillis(j.at("wake").get<int64_t>());
      w.output = j.value("data", Json());
      if (j.contains("next")) w.next = j.at("next").get<std::string>();
      if (j.contains("assign")) w.assigned = j.at("assign");
      return w;
    }
    case 2:  // kRetrying
      return Retrying{FromEpochMillis(j.at("wake").get<int64_t>())};
    case 3:  // kForked
      return Forked{ForkFromJson(j.at("fork")), std::nullopt};
    case 4: {  // kTask: a Lambda invocation in flight
      const Json& task = j.at("task");
      AwaitingTask t;
      t.task.integration = task.at("integration").get<bool>() ? "lambda.invoke" : "lambda.function";
      t.task.resource = task.at("resource").get<std::string>();
      t.task.request = task.at("payload").get<std::string>();
      t.task.target = task.at("function");
      t.deadline = GetTime(j, "wake");
      return t;
    }
  }
  throw Json::other_error::create(501, "unknown format-2 frame phase", &j);
}

Frame FrameFromJson(const Json& j, int format) {
  Frame f;
  f.id = j.at("id").get<int64_t>();
  f.parent = j.at("parent").get<int64_t>();
  f.index = j.at("index").get<int64_t>();
  f.state_name = j.at("state").get<std::string>();
  f.entered_event_id = j.at("entered").get<int64_t>();
  f.entered_link = j.value("entered_link", int64_t{0});
  f.entered_time = FromEpochMillis(j.at("entered_at").get<int64_t>());
  f.link = j.at("link").get<int64_t>();
  f.quiet = j.value("quiet", false);
  if (j.contains("input")) f.input = j.at("input");
  if (j.contains("attempts")) f.attempts = j.at("attempts").get<std::vector<int>>();
  if (j.contains("vars")) f.variables = j.at("vars");
  f.task_attempt = j.value("task_attempt", int64_t{0});
  if (j.contains("rfork")) f.redrive_fork = ForkFromJson(j.at("rfork"));
  f.phase = format >= 3 ? PhaseFromJson(j) : PhaseFromFormat2(j);
  return f;
}

}  // namespace

Json Frame::ToJson() const {
  Json j = {{"id", id},
            {"parent", parent},
            {"index", index},
            {"state", state_name},
            {"entered", entered_event_id},
            {"entered_at", ToEpochMillis(entered_time)},
            {"link", link}};
  if (quiet) j["quiet"] = true;
  if (entered_link) j["entered_link"] = entered_link;
  if (!input.is_null()) j["input"] = input;
  if (!attempts.empty()) j["attempts"] = attempts;
  if (!variables.empty()) j["vars"] = variables;
  if (task_attempt) j["task_attempt"] = task_attempt;
  if (redrive_fork) j["rfork"] = ForkToJson(*redrive_fork);
  std::visit(PhaseWriter{j}, phase);
  return j;
}

Frame Frame::FromJson(const Json& j) { return FrameFromJson(j, kFormat); }

Json ExecutionState::ToJson() const {
  Json j = ToJsonWithoutFrames();
  Json fs = Json::array();
  for (const auto& [id, f] : frames) fs.push_back(f.ToJson());
  j["frames"] = std::move(fs);
  return j;
}

Json ExecutionState::ToJsonWithoutFrames() const {
  Json j = {{"v", kFormat}, {"next_frame", next_frame_id}, {"last", last_event_id}, {"done", done}};
  if (deadline) j["deadline"] = ToEpochMillis(*deadline);
  // Absent in rows of earlier builds, which read them as empty.
  for (const auto& [key, frames_of] :
       {std::pair{"failed", &failed}, std::pair{"redrive", &redrive}}) {
    if (frames_of->empty()) continue;
    Json list = Json::array();
    for (const auto& [id, f] : *frames_of) list.push_back(f.ToJson());
    j[key] = std::move(list);
  }
  if (mock) j["mock"] = mock->ToJson();
  return j;
}

Result<ExecutionState> ExecutionState::FromJson(const Json& j) {
  try {
    ExecutionState s;
    int format = j.value("v", 0);
    if (format < 2) {
      // Written by sfn-emulator 0.1 (one flat position): the top frame.
      Frame top;
      int phase = j.at("phase").get<int>();
      s.done = phase == 2;
      if (phase == 1) {
        Waiting w;
        w.until = FromEpochMillis(j.at("until").get<int64_t>());
        w.output = j.at("data");
        if (j.contains("next")) w.next = j.at("next").get<std::string>();
        top.phase = std::move(w);
      } else {
        top.phase = Entering{j.at("data")};
      }
      top.state_name = j.at("state").get<std::string>();
      top.entered_event_id = j.at("entered").get<int64_t>();
      top.link = j.at("last").get<int64_t>();
      s.last_event_id = top.link;
      if (!s.done) s.frames.emplace(0, std::move(top));
      return s;
    }
    if (format > kFormat) {
      return Status(ErrorCode::kInternalFailure, "execution state of format " +
                                                     std::to_string(format) +
                                                     " was written by a newer sfn-emulator");
    }
    // Absent when the store keeps the frames in rows of their own.
    if (j.contains("frames")) {
      for (const Json& f : j.at("frames")) {
        Frame frame = FrameFromJson(f, format);
        s.frames.emplace(frame.id, std::move(frame));
      }
    }
    s.next_frame_id = j.at("next_frame").get<int64_t>();
    s.last_event_id = j.at("last").get<int64_t>();
    s.done = j.at("done").get<bool>();
    if (j.contains("deadline")) s.deadline = FromEpochMillis(j.at("deadline").get<int64_t>());
    for (const auto& [key, frames_of] :
         {std::pair{"failed", &s.failed}, std::pair{"redrive", &s.redrive}}) {
      if (!j.contains(key)) continue;
      for (const Json& f : j.at(key)) {
        Frame frame = FrameFromJson(f, format);
        frames_of->emplace(frame.id, std::move(frame));
      }
    }
    if (j.contains("mock")) s.mock = MockCase::FromJson(j.at("mock"));
    return s;
  } catch (const Json::exception& e) {
    return Status(ErrorCode::kInternalFailure, std::string("corrupt execution state: ") + e.what());
  }
}

}  // namespace sfn::engine
