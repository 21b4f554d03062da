// The threads that serve pure reads off the engine thread (issue 16 part 4):
// DescribeExecution, ListExecutions, GetExecutionHistory, DescribeStateMachine
// and the other operations api/sfn_operations.h's IsReadOperation names.
//
// Each thread owns a Reader: control services of its own over a store
// connection of its own that can only read (a read-only SQLite connection
// under WAL, made by the composition root), so a read neither waits for the
// engine thread nor makes it wait. Read-your-writes holds because every
// write a client is answered about was committed before its answer, and a
// read sees every transaction committed before it began. The services'
// engine::Driver is never called by a read operation.
//
// Post() may be called from any thread; jobs run on one of the pool's
// threads. Stop() (and the destructor) stops the threads and joins them;
// jobs still queued are dropped unrun.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "api/sfn_operations.h"
#include "emulator/core/clock.h"
#include "emulator/core/random.h"
#include "emulator/engine/driver.h"

namespace sfn::api {

// One reader thread's services over its own repository.
class Reader {
 public:
  // `end_read` runs after every operation: it ends the read transaction the
  // operation may have left open on `repo`'s connection.
  Reader(std::unique_ptr<control::Repository> repo, std::function<void()> end_read, Clock& clock,
         engine::Driver& driver);
  Services& services() { return services_; }
  void EndRead() { end_read_(); }

 private:
  std::unique_ptr<control::Repository> repo_;
  std::function<void()> end_read_;
  Random random_;  // what the services are built with; no read draws from it
  control::VersionService versions_;
  control::AliasService aliases_;
  control::StateMachineService machines_;
  control::ExecutionService executions_;
  control::MapRunService map_runs_;
  Services services_;
};

class ReadPool {
 public:
  // One thread per reader.
  explicit ReadPool(std::vector<std::unique_ptr<Reader>> readers);
  ~ReadPool() { Stop(); }
  ReadPool(const ReadPool&) = delete;
  ReadPool& operator=(const ReadPool&) = delete;

  void Post(std::function<void(Reader&)> job);
  void Stop();
  size_t size() const { return readers_.size(); }

 private:
  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::vector<std::unique_ptr<Reader>> readers_;
  std::vector<std::thread> threads_;
};

}  // namespace sfn::api
