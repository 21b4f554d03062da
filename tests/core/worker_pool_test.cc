#include "emulator/core/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace sfn {
namespace {

// A gate the test opens: jobs that wait on it keep their worker busy.
class Gate {
 public:
  void Wait() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return open_; });
  }
  void Open() {
    std::lock_guard lock(mu_);
    open_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
};

TEST(WorkerPoolTest, DefaultSizeIsFourPerCoreAndAtLeastFour) {
  EXPECT_GE(WorkerPool::DefaultSize(), 4u);
  EXPECT_GE(WorkerPool::DefaultSize(), 4u * std::thread::hardware_concurrency());
  EXPECT_EQ(WorkerPool(0).size(), 1u);
}

TEST(WorkerPoolTest, AtMostSizeJobsRunAtOnceTheRestQueue) {
  WorkerPool pool(2);
  Gate gate;
  std::atomic<int> running{0}, peak{0}, done{0};
  for (int i = 0; i < 6; ++i) {
    ASSERT_TRUE(pool.Post([&] {
      int now = ++running;
      int seen = peak.load();
      while (now > seen && !peak.compare_exchange_weak(seen, now)) {
      }
      gate.Wait();
      --running;
      ++done;
    }));
  }
  while (running.load() < 2) std::this_thread::yield();
  EXPECT_EQ(done.load(), 0);  // two run (and wait), four wait in the queue
  gate.Open();
  pool.Shutdown();  // drains: every queued job ran
  EXPECT_EQ(done.load(), 6);
  EXPECT_LE(peak.load(), 2);
}

TEST(WorkerPoolTest, MoveOnlyJobsAndNothingAfterShutdown) {
  WorkerPool pool(1);
  std::promise<int> got;
  auto value = std::make_unique<int>(7);
  ASSERT_TRUE(pool.Post([value = std::move(value), &got] { got.set_value(*value); }));
  EXPECT_EQ(got.get_future().get(), 7);
  pool.Shutdown();
  pool.Shutdown();  // idempotent
  auto witness = std::make_shared<int>(0);
  EXPECT_FALSE(pool.Post([witness] { ++*witness; }));
  EXPECT_FALSE(pool.After(std::chrono::milliseconds(0), [witness] { ++*witness; }));
  EXPECT_EQ(*witness, 0);
  EXPECT_EQ(witness.use_count(), 1);  // the refused jobs are gone, not parked
}

TEST(WorkerPoolTest, TimersRunOnTheIoThreadWithoutHoldingAWorker) {
  WorkerPool pool(1);
  Gate gate;
  std::promise<std::thread::id> worker_id;
  ASSERT_TRUE(pool.Post([&] {
    worker_id.set_value(std::this_thread::get_id());
    gate.Wait();  // the only worker stays busy
  }));
  std::thread::id worker = worker_id.get_future().get();
  std::promise<std::thread::id> timer_id;
  auto t0 = std::chrono::steady_clock::now();
  ASSERT_TRUE(pool.After(std::chrono::milliseconds(20),
                         [&] { timer_id.set_value(std::this_thread::get_id()); }));
  std::thread::id on = timer_id.get_future().get();
  EXPECT_GE(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(20));
  EXPECT_NE(on, worker);
  gate.Open();
}

TEST(WorkerPoolTest, ShutdownDropsPendingTimersWithoutRunningThem) {
  auto witness = std::make_shared<int>(0);
  auto t0 = std::chrono::steady_clock::now();
  {
    WorkerPool pool(1);
    ASSERT_TRUE(pool.After(std::chrono::hours(1), [witness] { ++*witness; }));
    EXPECT_EQ(witness.use_count(), 2);
    pool.Shutdown();
    EXPECT_EQ(witness.use_count(), 1);  // destroyed at Shutdown, not later
  }
  EXPECT_EQ(*witness, 0);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(10));
}

TEST(WorkerPoolTest, PostingFromManyThreadsRunsEveryJobOnce) {
  WorkerPool pool(3);
  std::atomic<int> count{0};
  std::vector<std::thread> posters;
  for (int t = 0; t < 4; ++t) {
    posters.emplace_back([&] {
      for (int i = 0; i < 250; ++i) EXPECT_TRUE(pool.Post([&] { ++count; }));
    });
  }
  for (std::thread& t : posters) t.join();
  pool.Shutdown();
  EXPECT_EQ(count.load(), 1000);
}

}  // namespace
}  // namespace sfn
