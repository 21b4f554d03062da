// The process's one bounded pool for work that may not run on the engine
// thread or a Beast I/O thread: a fixed number of worker threads for
// blocking jobs (talking to Lambda runtime processes, unpacking code
// uploads) and one I/O thread running an io_context for timers and outbound
// sockets (delayed stub answers, the HTTP client behind engine::HttpPort),
// so that a waiting timer or socket never holds a worker.
//
// Owned by the composition root (api/main.cc), lent by reference to the
// Lambda runtimes, the LambdaService and the HTTP client.
//
// Bounded: `workers` threads, fixed at construction. When all of them are
// busy, jobs wait in a FIFO queue, each costing only its closure (the
// payload it carries); Post and After never block, so the engine thread and
// the I/O threads may call them.
//
// Shutdown (the destructor runs it too) stops taking jobs, runs the queued
// ones and joins the workers (drained: no job is dropped half-way), then
// stops the I/O thread and destroys its io_context, which destroys, without
// running them, the handlers of timers and sockets still pending. Call it
// before destroying anything a job or handler captures, once nothing posts
// any more (the engine thread has stopped): Post and After after Shutdown
// destroy their job unrun and return false. A job running when Shutdown
// starts must end by itself; the Lambda runtimes cancel theirs first
// (Runtimes::Shutdown).
//
// Thread-safe, except that io() must not be used concurrently with or after
// Shutdown.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

namespace sfn {

class WorkerPool {
 public:
  // `workers` >= 1 threads (0 counts as 1).
  explicit WorkerPool(size_t workers);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // The default size: four per core, at least four (workers mostly wait on
  // child processes, not on the CPU).
  static size_t DefaultSize();

  size_t size() const { return size_; }

  // Runs `job` (a callable, may be move-only) on a worker; queues it when all
  // are busy. False (and `job` destroyed unrun) after Shutdown.
  template <typename Job>
  bool Post(Job&& job) {
    std::lock_guard lock(mu_);
    if (stopped_) return false;
    boost::asio::post(workers_, std::forward<Job>(job));
    return true;
  }

  // Runs `job` on the I/O thread once `delay` has passed (a steady timer, real
  // time). False (and `job` destroyed unrun) after Shutdown; a job still
  // waiting at Shutdown is destroyed unrun.
  bool After(std::chrono::milliseconds delay, std::function<void()> job);

  // The I/O thread's io_context, for sockets and timers of the pool's users.
  boost::asio::io_context& io() { return *io_; }

  // See the file comment. Idempotent; not from a job or handler of the pool.
  void Shutdown();

 private:
  const size_t size_;
  std::mutex mu_;
  bool stopped_ = false;
  boost::asio::thread_pool workers_;
  std::optional<boost::asio::io_context> io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guard_;
  std::thread io_thread_;
};

}  // namespace sfn
