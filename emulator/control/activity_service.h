// Activities (AWS "Activities in Step Functions"; API reference:
// CreateActivity, DescribeActivity, ListActivities, DeleteActivity,
// GetActivityTask) and the queue between activity Task states and workers.
//
// Create is idempotent by name (a repeat answers the first activity; its
// tags are not changed). The queue is the engine's ActivityPort: a
// scheduled activity task is queued per activity (in memory: after a
// restart the engine queues again every task no worker took). A worker's
// GetActivityTask takes the oldest task at once, or waits for one up to the
// poll time (AWS: 60 seconds) without holding a thread: the poll is a
// callback answered by the next task queued or by its timer. Handing a task
// out is a committed transition of its execution (ActivityStarted with the
// worker's name) before the worker gets its token; a task whose execution
// no longer waits for it (timed out, stopped) is dropped and the next one
// taken.
//
// Threading: not thread-safe; lives on the engine thread (with the store
// and the driver), whose io_context runs the poll timers.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "emulator/control/context.h"
#include "emulator/control/paging.h"
#include "emulator/control/ports.h"
#include "emulator/core/clock.h"
#include "emulator/engine/activity_port.h"
#include "emulator/engine/driver.h"

namespace sfn::control {

struct CreateActivityRequest {
  std::string name;
  Tags tags;
  std::optional<Json> encryption_configuration;
};

// GetActivityTask's answer: nothing when no task came within the poll time.
struct ActivityTaskResult {
  std::optional<std::string> task_token;
  std::string input;
};

class ActivityService : public engine::ActivityPort {
 public:
  // AWS: "the poll returns ... if no task is available within 60 seconds".
  static constexpr std::chrono::milliseconds kDefaultPollTime{60000};
  // Open polls per activity (AWS's quota of open GetActivityTask requests).
  static constexpr size_t kMaxPollers = 1000;

  ActivityService(Repository& repo, Clock& clock, boost::asio::io_context& engine_io)
      : repo_(repo), clock_(clock), engine_io_(engine_io) {}

  // The driver that hands tasks out; must outlive this.
  void Attach(engine::Driver& driver) { driver_ = &driver; }
  void SetPollTime(std::chrono::milliseconds t) { poll_time_ = t; }

  Result<ActivityRecord> Create(const RequestContext& ctx, const CreateActivityRequest& req);
  Result<ActivityRecord> Describe(const std::string& activity_arn);
  Result<Page<ActivityRecord>> List(std::optional<int> max_results,
                                    const std::optional<std::string>& next_token);
  Status Delete(const std::string& activity_arn);

  // GetActivityTask: `done` is called once, with a task, with none after
  // the poll time, or with an error (the activity does not exist, too many
  // polls); at once or later from the engine thread.
  void Poll(const std::string& activity_arn, const std::optional<std::string>& worker_name,
            std::function<void(Result<ActivityTaskResult>)> done);

  // engine::ActivityPort
  bool Exists(const std::string& activity_arn) override;
  void Enqueue(engine::ActivityTask task) override;
  void Withdraw(const std::string& token) override;

  // Polls waiting and tasks queued now (for tests and figures).
  size_t polls_waiting() const;
  size_t tasks_queued() const;

 private:
  struct Poller {
    uint64_t id = 0;
    std::optional<std::string> worker_name;
    std::function<void(Result<ActivityTaskResult>)> done;
    std::unique_ptr<boost::asio::steady_timer> timer;
  };
  struct Queue {
    std::deque<engine::ActivityTask> tasks;
    std::deque<std::shared_ptr<Poller>> pollers;
  };

  // Takes the oldest task of `activity_arn` for a worker (ActivityStarted
  // committed); nullopt when none is left. A commit failure is returned.
  Result<std::optional<engine::ActivityTask>> Take(const std::string& activity_arn,
                                                   const std::optional<std::string>& worker);
  // Serves waiting polls while tasks are queued.
  void Serve(const std::string& activity_arn);
  void Expire(const std::string& activity_arn, uint64_t poller_id);

  Repository& repo_;
  Clock& clock_;
  boost::asio::io_context& engine_io_;
  engine::Driver* driver_ = nullptr;
  std::chrono::milliseconds poll_time_ = kDefaultPollTime;
  std::unordered_map<std::string, Queue> queues_;
  uint64_t next_poller_ = 1;
  bool serving_ = false;
  std::deque<std::string> to_serve_;  // activities with new tasks, while serving
};

}  // namespace sfn::control
