// The feed of execution changes behind the console's live channel
// (GET /_emulator/changes): every transition the engine commits becomes one
// change {sequence, execution ARN, status, last event id}, kept in a bounded
// ring so that a client that polls with the sequence it last saw (its
// cursor) gets what changed since, one entry per execution (the latest).
// A client whose cursor fell out of the ring is told to reload (`reset`).
//
// Waiters are one-shot callbacks run by the next Record (long polling): the
// API registers one when nothing changed yet, so that no thread waits.
//
// Threading: not thread-safe. Lives on the engine thread, like the driver
// that feeds it (Attach); every method must be called there.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sfn::engine {
class Driver;
}

namespace sfn::control {

struct ExecutionChange {
  int64_t sequence = 0;
  std::string execution_arn;
  std::string status;  // "RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"
  int64_t last_event_id = 0;
};

class ExecutionFeed {
 public:
  static constexpr size_t kDefaultCapacity = 4096;

  explicit ExecutionFeed(size_t capacity = kDefaultCapacity);

  // Makes `driver` record every committed transition here. The feed must
  // outlive the driver's use of it (the observer borrows it).
  void Attach(engine::Driver& driver);

  // One committed transition; runs (and forgets) the waiters.
  void Record(std::string_view execution_arn, std::string_view status, int64_t last_event_id);

  struct Page {
    int64_t cursor = 0;  // the sequence of the latest change (pass it back)
    bool reset = false;  // `after` is not in the ring (too old, or unknown): reload
    std::vector<ExecutionChange> changes;  // after `after`, latest per execution, in order
  };
  Page Since(int64_t after) const;

  // The sequence of the latest change (0 before the first).
  int64_t cursor() const { return next_sequence_ - 1; }

  // Registers a one-shot waiter run by the next Record; returns its id.
  using Waiter = std::function<void()>;
  uint64_t Wait(Waiter waiter);
  // Forgets a waiter that has not run (no-op otherwise).
  void Cancel(uint64_t id);
  size_t waiting() const { return waiters_.size(); }

 private:
  size_t capacity_;
  std::deque<ExecutionChange> ring_;
  int64_t next_sequence_ = 1;
  uint64_t next_waiter_ = 1;
  std::map<uint64_t, Waiter> waiters_;
};

}  // namespace sfn::control
