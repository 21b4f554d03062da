#include "emulator/core/worker_pool.h"

#include <algorithm>
#include <boost/asio/steady_timer.hpp>
#include <memory>

namespace sfn {

namespace asio = boost::asio;

WorkerPool::WorkerPool(size_t workers)
    : size_(std::max<size_t>(1, workers)), workers_(size_), io_(std::in_place, 1) {
  guard_.emplace(asio::make_work_guard(*io_));
  io_thread_ = std::thread([this] { io_->run(); });
}

WorkerPool::~WorkerPool() { Shutdown(); }

size_t WorkerPool::DefaultSize() {
  return std::max<size_t>(4, 4 * static_cast<size_t>(std::thread::hardware_concurrency()));
}

bool WorkerPool::After(std::chrono::milliseconds delay, std::function<void()> job) {
  std::lock_guard lock(mu_);
  if (stopped_) return false;
  // The timer lives as long as its wait: the handler owns it.
  auto timer = std::make_shared<asio::steady_timer>(*io_, delay);
  timer->async_wait([timer, job = std::move(job)](const boost::system::error_code& ec) {
    if (!ec) job();
  });
  return true;
}

void WorkerPool::Shutdown() {
  {
    std::lock_guard lock(mu_);
    if (stopped_) return;
    stopped_ = true;
  }
  // Drain: join() without stop() waits until the queue is empty and every
  // running job has returned.
  workers_.join();
  guard_.reset();
  io_->stop();
  if (io_thread_.joinable()) io_thread_.join();
  // Destroys the pending handlers (timers, sockets) now, while what they
  // capture is still alive, instead of whenever the pool itself goes.
  io_.reset();
}

}  // namespace sfn
