#include "emulator/control/activity_service.h"

#include "emulator/core/arn.h"
#include "emulator/core/names.h"

namespace sfn::control {
namespace {

constexpr size_t kMaxTags = 50;

Status ActivityDoesNotExist(const std::string& arn) {
  return Status(ErrorCode::kActivityDoesNotExist, "Activity Does Not Exist: '" + arn + "'");
}

// kInvalidArn unless `arn` names an activity (AWS's texts: core/arn.h).
Status CheckActivityArn(const std::string& arn) {
  return ParseStatesArn(arn, kActivityArn).status();
}

}  // namespace

Result<ActivityRecord> ActivityService::Create(const RequestContext& ctx,
                                               const CreateActivityRequest& req) {
  SFN_RETURN_IF_ERROR(CheckName(NameKind::kActivity, req.name));
  if (req.tags.size() > kMaxTags) {
    return Status(ErrorCode::kTooManyTags,
                  "Too many tags: " + std::to_string(req.tags.size()) + " (at most 50)");
  }
  ActivityRecord a;
  a.arn = MakeActivityArn(ctx.region, ctx.account, req.name);
  a.name = req.name;
  a.creation_date = clock_.Now();
  if (req.encryption_configuration) a.encryption_configuration = *req.encryption_configuration;
  SFN_ASSIGN_OR_RETURN(std::optional<ActivityRecord> existing, repo_.FindActivity(a.arn));
  if (existing) {
    // AWS CreateActivity: "idempotent ... based on the activity name": a
    // repeat answers the first one and leaves its tags as they are. Its
    // encryption configuration cannot change.
    if (req.encryption_configuration &&
        *req.encryption_configuration != existing->encryption_configuration) {
      return Status(ErrorCode::kActivityAlreadyExists,
                    "Activity already exists. EncryptionConfiguration may not be updated.");
    }
    return *existing;
  }
  SFN_RETURN_IF_ERROR(repo_.InsertActivity(a, req.tags));
  return a;
}

Result<ActivityRecord> ActivityService::Describe(const std::string& activity_arn) {
  SFN_RETURN_IF_ERROR(CheckActivityArn(activity_arn));
  SFN_ASSIGN_OR_RETURN(std::optional<ActivityRecord> a, repo_.FindActivity(activity_arn));
  if (!a) return ActivityDoesNotExist(activity_arn);
  return *a;
}

Result<Page<ActivityRecord>> ActivityService::List(std::optional<int> max_results,
                                                   const std::optional<std::string>& next_token) {
  PageQuery query{"ListActivities", max_results, next_token};
  return FetchPage<ActivityRecord>(query, kStepFunctionsPaging, [&](int64_t offset, int limit) {
    return repo_.ListActivities(offset, limit);
  });
}

Status ActivityService::Delete(const std::string& activity_arn) {
  SFN_RETURN_IF_ERROR(CheckActivityArn(activity_arn));
  SFN_RETURN_IF_ERROR(repo_.DeleteActivity(activity_arn));
  // Waiting polls end empty; queued tasks stay until their executions stop
  // waiting for them (AWS: they time out).
  auto it = queues_.find(activity_arn);
  if (it != queues_.end()) {
    std::deque<std::shared_ptr<Poller>> pollers = std::move(it->second.pollers);
    it->second.pollers.clear();
    for (auto& p : pollers) {
      p->timer->cancel();
      p->done(ActivityTaskResult{});
    }
  }
  return Status::Ok();
}

bool ActivityService::Exists(const std::string& activity_arn) {
  Result<std::optional<ActivityRecord>> a = repo_.FindActivity(activity_arn);
  return a.ok() && a->has_value();
}

void ActivityService::Enqueue(engine::ActivityTask task) {
  std::string arn = task.activity_arn;
  queues_[arn].tasks.push_back(std::move(task));
  Serve(arn);
}

void ActivityService::Withdraw(const std::string& token) {
  for (auto& [arn, q] : queues_) {
    for (auto it = q.tasks.begin(); it != q.tasks.end(); ++it) {
      if (it->token == token) {
        q.tasks.erase(it);
        return;
      }
    }
  }
}

Result<std::optional<engine::ActivityTask>> ActivityService::Take(
    const std::string& activity_arn, const std::optional<std::string>& worker) {
  while (true) {
    auto it = queues_.find(activity_arn);
    if (it == queues_.end() || it->second.tasks.empty()) {
      return std::optional<engine::ActivityTask>();
    }
    engine::ActivityTask task = std::move(it->second.tasks.front());
    it->second.tasks.pop_front();
    if (driver_ == nullptr) return std::optional<engine::ActivityTask>();
    // The start is committed (ActivityStarted) before the worker sees the
    // token. `it` may be invalid from here: the step may queue more tasks.
    Status s =
        driver_->CompleteToken(task.execution_arn, task.token, engine::WorkerStarted{worker});
    if (s.ok()) return std::optional<engine::ActivityTask>(std::move(task));
    if (s.code() == ErrorCode::kTaskTimedOut || s.code() == ErrorCode::kExecutionDoesNotExist) {
      continue;  // its execution no longer waits for it
    }
    queues_[activity_arn].tasks.push_front(std::move(task));  // nothing happened
    return s;
  }
}

void ActivityService::Poll(const std::string& activity_arn,
                           const std::optional<std::string>& worker_name,
                           std::function<void(Result<ActivityTaskResult>)> done) {
  if (Status s = CheckActivityArn(activity_arn); !s.ok()) return done(s);
  if (!Exists(activity_arn)) return done(ActivityDoesNotExist(activity_arn));
  Queue& q = queues_[activity_arn];
  if (q.pollers.empty() && !q.tasks.empty()) {
    Result<std::optional<engine::ActivityTask>> task = Take(activity_arn, worker_name);
    if (!task.ok()) return done(task.status());
    if (*task) return done(ActivityTaskResult{(*task)->token, (*task)->input});
  }
  Queue& waiting = queues_[activity_arn];
  if (waiting.pollers.size() >= kMaxPollers) {
    return done(Status(ErrorCode::kActivityWorkerLimitExceeded,
                       "The maximum number of workers concurrently polling for activity tasks "
                       "has been reached."));
  }
  auto poller = std::make_shared<Poller>();
  poller->id = next_poller_++;
  poller->worker_name = worker_name;
  poller->done = std::move(done);
  poller->timer = std::make_unique<boost::asio::steady_timer>(engine_io_);
  poller->timer->expires_after(poll_time_);
  uint64_t id = poller->id;
  poller->timer->async_wait([this, activity_arn, id](const boost::system::error_code& ec) {
    if (!ec) Expire(activity_arn, id);
  });
  waiting.pollers.push_back(std::move(poller));
}

void ActivityService::Expire(const std::string& activity_arn, uint64_t poller_id) {
  auto it = queues_.find(activity_arn);
  if (it == queues_.end()) return;
  auto& pollers = it->second.pollers;
  for (auto p = pollers.begin(); p != pollers.end(); ++p) {
    if ((*p)->id == poller_id) {
      std::shared_ptr<Poller> expired = std::move(*p);
      pollers.erase(p);
      expired->done(ActivityTaskResult{});
      return;
    }
  }
}

void ActivityService::Serve(const std::string& activity_arn) {
  // Take() steps executions, whose commits may queue more tasks (and call
  // Serve again): one loop at a time drains them all.
  to_serve_.push_back(activity_arn);
  if (serving_) return;
  serving_ = true;
  while (!to_serve_.empty()) {
    std::string arn = std::move(to_serve_.front());
    to_serve_.pop_front();
    while (true) {
      auto it = queues_.find(arn);
      if (it == queues_.end() || it->second.pollers.empty() || it->second.tasks.empty()) break;
      std::shared_ptr<Poller> poller = it->second.pollers.front();
      it->second.pollers.pop_front();
      Result<std::optional<engine::ActivityTask>> task = Take(arn, poller->worker_name);
      if (!task.ok() || !*task) {
        queues_[arn].pollers.push_front(std::move(poller));
        break;
      }
      poller->timer->cancel();
      poller->done(ActivityTaskResult{(*task)->token, (*task)->input});
    }
  }
  serving_ = false;
}

size_t ActivityService::polls_waiting() const {
  size_t n = 0;
  for (const auto& [arn, q] : queues_) n += q.pollers.size();
  return n;
}

size_t ActivityService::tasks_queued() const {
  size_t n = 0;
  for (const auto& [arn, q] : queues_) n += q.tasks.size();
  return n;
}

}  // namespace sfn::control
