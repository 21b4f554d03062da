#include "emulator/control/execution_feed.h"

#include <unordered_map>
#include <utility>

#include "emulator/engine/driver.h"

namespace sfn::control {

ExecutionFeed::ExecutionFeed(size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

void ExecutionFeed::Attach(engine::Driver& driver) {
  driver.AddTransitionObserver([this](const engine::TransitionNotice& n) {
    Record(n.execution_arn, engine::StatusName(n.status), n.last_event_id);
  });
}

void ExecutionFeed::Record(std::string_view execution_arn, std::string_view status,
                           int64_t last_event_id) {
  if (ring_.size() == capacity_) ring_.pop_front();
  ring_.push_back(ExecutionChange{next_sequence_++, std::string(execution_arn), std::string(status),
                                  last_event_id});
  if (waiters_.empty()) return;
  // A waiter may register another one: run the ones present now.
  std::map<uint64_t, Waiter> run;
  run.swap(waiters_);
  for (auto& [id, waiter] : run) waiter();
}

ExecutionFeed::Page ExecutionFeed::Since(int64_t after) const {
  Page page;
  page.cursor = cursor();
  if (after == page.cursor) return page;  // nothing new
  int64_t oldest = ring_.empty() ? next_sequence_ : ring_.front().sequence;
  // Older than the ring, or from the future (a client of an earlier run).
  if (after < oldest - 1 || after > page.cursor) {
    page.reset = true;
    return page;
  }
  // Latest change per execution, in the order of those latest changes.
  std::unordered_map<std::string_view, size_t> latest;
  size_t first = static_cast<size_t>(after + 1 - oldest);
  for (size_t i = first; i < ring_.size(); ++i) latest[ring_[i].execution_arn] = i;
  for (size_t i = first; i < ring_.size(); ++i) {
    if (latest[ring_[i].execution_arn] == i) page.changes.push_back(ring_[i]);
  }
  return page;
}

uint64_t ExecutionFeed::Wait(Waiter waiter) {
  uint64_t id = next_waiter_++;
  waiters_.emplace(id, std::move(waiter));
  return id;
}

void ExecutionFeed::Cancel(uint64_t id) { waiters_.erase(id); }

}  // namespace sfn::control
