#include "emulator/control/child_executions.h"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <memory>
#include <vector>

namespace sfn::control {

engine::ExecutionEnded EndedOf(const engine::ExecutionRecord& r) {
  engine::ExecutionEnded e;
  e.execution_arn = r.info.arn;
  e.state_machine_arn = r.info.state_machine_arn;
  e.name = r.info.name;
  e.status = std::string(engine::StatusName(r.status));
  e.input = r.info.input;
  e.output = r.output;
  e.error = r.error;
  e.cause = r.cause;
  e.start_date = r.info.start_time;
  e.stop_date = r.stop_date.value_or(r.info.start_time);
  return e;
}

void ChildExecutions::Attach(ExecutionService& executions, engine::Driver& driver) {
  executions_ = &executions;
  driver.AddTransitionObserver([this](const engine::TransitionNotice& n) {
    if (n.status != engine::ExecutionStatus::kRunning && watchers_.count(n.execution_arn) > 0) {
      Ended(n.execution_arn);
    }
  });
}

Result<std::optional<engine::ExecutionRecord>> ChildExecutions::ChildOf(
    const engine::TaskRef& parent) {
  SFN_ASSIGN_OR_RETURN(std::vector<engine::ExecutionRecord> children,
                       repo_.ListExecutionsStartedBy(parent.execution_arn));
  for (engine::ExecutionRecord& child : children) {
    if (child.info.parent == parent)
      return std::optional<engine::ExecutionRecord>(std::move(child));
  }
  return std::optional<engine::ExecutionRecord>();
}

void ChildExecutions::Start(const engine::ChildStart& start,
                            std::function<void(engine::ExecutionStarted)> done) {
  boost::asio::post(engine_io_, [this, start, done = std::move(done)] {
    engine::ExecutionStarted answer;
    Result<std::optional<engine::ExecutionRecord>> existing = ChildOf(start.parent);
    if (existing.ok() && *existing) {
      answer.execution_arn = (*existing)->info.arn;
      answer.start_date = (*existing)->info.start_time;
      done(std::move(answer));
      return;
    }
    if (executions_ == nullptr) {
      answer.status = Status(ErrorCode::kInternalFailure, "nested executions are not wired");
      done(std::move(answer));
      return;
    }
    StartExecutionRequest req;
    req.state_machine_arn = start.state_machine_arn;
    req.name = start.name;
    req.input = start.input;
    req.parent = start.parent;
    req.stop_with_parent = start.stop_with_parent;
    // The parent waits (.sync): an Express child's end comes only here. It
    // may come from within Start (its first step ended it), so it is
    // answered from a later turn, once its ARN is known.
    auto ended = std::make_shared<engine::ExecutionEnded>();
    if (start.stop_with_parent) {
      req.on_express_end = [this, parent = start.parent, ended](const engine::ExecutionEnd& end) {
        ended->status = std::string(engine::StatusName(end.terminal.status));
        ended->output = end.terminal.output;
        ended->error = end.terminal.error;
        ended->cause = end.terminal.cause;
        ended->stop_date = end.stop_date;
        boost::asio::post(engine_io_, [this, parent, ended] { ExpressEnded(parent, *ended); });
      };
    }
    Result<StartExecutionResult> started =
        executions_->Start(RequestContext{start.region, start.account}, req);
    if (started.ok()) {
      answer.execution_arn = started->execution_arn;
      answer.start_date = started->start_date;
      ended->execution_arn = started->execution_arn;
      ended->state_machine_arn = start.state_machine_arn;
      ended->name = started->execution_arn.substr(started->execution_arn.rfind(':') + 1);
      ended->input = start.input;
      ended->start_date = started->start_date;
    } else {
      answer.status = started.status();
    }
    done(std::move(answer));
  });
}

void ChildExecutions::Watch(const engine::TaskRef& parent,
                            std::function<void(engine::ExecutionEnded)> done) {
  boost::asio::post(engine_io_, [this, parent, done = std::move(done)]() mutable {
    Result<std::optional<engine::ExecutionRecord>> child = ChildOf(parent);
    if (child.ok() && !*child) {
      // No record: a .sync Express child that has ended (or is ending: its
      // end is posted after its start record goes).
      std::string key = parent.execution_arn + "#" + parent.TaskKey();
      auto kept = express_ended_.find(key);
      if (kept != express_ended_.end()) {
        engine::ExecutionEnded ended = std::move(kept->second);
        express_ended_.erase(kept);
        done(std::move(ended));
      } else {
        spdlog::debug("no record of the child execution of {} (frame {}): waiting for its end",
                      parent.execution_arn, parent.frame_id);
        parent_watchers_.emplace(std::move(key), std::move(done));
      }
      return;
    }
    if (!child.ok()) {
      spdlog::warn("cannot read the child execution of {} (frame {}): {}", parent.execution_arn,
                   parent.frame_id, child.status().ToString());
      return;
    }
    const engine::ExecutionRecord& rec = **child;
    if (rec.status != engine::ExecutionStatus::kRunning) {
      done(EndedOf(rec));
      return;
    }
    watchers_.emplace(rec.info.arn, std::move(done));
  });
}

void ChildExecutions::Ended(const std::string& execution_arn) {
  Result<std::optional<engine::ExecutionRecord>> rec = repo_.FindExecution(execution_arn);
  auto [first, last] = watchers_.equal_range(execution_arn);
  std::vector<std::function<void(engine::ExecutionEnded)>> run;
  for (auto it = first; it != last; ++it) run.push_back(std::move(it->second));
  watchers_.erase(first, last);
  if (!rec.ok() || !*rec) return;
  engine::ExecutionEnded ended = EndedOf(**rec);
  for (auto& done : run) done(ended);
}

void ChildExecutions::ExpressEnded(const engine::TaskRef& parent,
                                   const engine::ExecutionEnded& ended) {
  std::string key = parent.execution_arn + "#" + parent.TaskKey();
  std::vector<std::function<void(engine::ExecutionEnded)>> run;
  auto [first, last] = watchers_.equal_range(ended.execution_arn);
  for (auto it = first; it != last; ++it) run.push_back(std::move(it->second));
  watchers_.erase(first, last);
  auto [pfirst, plast] = parent_watchers_.equal_range(key);
  for (auto it = pfirst; it != plast; ++it) run.push_back(std::move(it->second));
  parent_watchers_.erase(pfirst, plast);
  if (run.empty()) {
    express_ended_[key] = ended;
    return;
  }
  for (auto& done : run) done(ended);
}

void ChildExecutions::StopStartedBy(const engine::TaskRef& parent) {
  boost::asio::post(engine_io_, [this, parent] {
    Result<std::optional<engine::ExecutionRecord>> child = ChildOf(parent);
    if (!child.ok() || !*child || (*child)->status != engine::ExecutionStatus::kRunning) return;
    if (executions_ == nullptr) return;
    Result<StopExecutionResult> stopped =
        executions_->Stop((*child)->info.arn, std::nullopt, std::nullopt);
    if (!stopped.ok()) {
      spdlog::warn("could not stop child execution {}: {}", (*child)->info.arn,
                   stopped.status().ToString());
    }
  });
}

Status ChildExecutions::Reconcile() {
  SFN_ASSIGN_OR_RETURN(std::vector<engine::ExecutionRecord> children, repo_.ListRunningChildren());
  for (const engine::ExecutionRecord& child : children) {
    SFN_ASSIGN_OR_RETURN(std::optional<engine::ExecutionRecord> parent,
                         repo_.FindExecution(child.info.parent->execution_arn));
    if (parent && parent->status == engine::ExecutionStatus::kRunning) continue;
    if (executions_ == nullptr) continue;
    SFN_RETURN_IF_ERROR(executions_->Stop(child.info.arn, std::nullopt, std::nullopt).status());
  }
  return Status::Ok();
}

}  // namespace sfn::control
