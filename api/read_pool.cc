#include "api/read_pool.h"

#include <boost/asio/post.hpp>

namespace sfn::api {
namespace {

// The reader of the pool thread running this code (null elsewhere).
thread_local Reader* current_reader = nullptr;

}  // namespace

Reader::Reader(std::unique_ptr<control::Repository> repo, std::function<void()> end_read,
               Clock& clock, engine::Driver& driver)
    : repo_(std::move(repo)),
      end_read_(std::move(end_read)),
      versions_(*repo_, clock),
      aliases_(*repo_, clock),
      machines_(*repo_, clock, random_, versions_),
      executions_(*repo_, machines_, driver, clock, random_),
      map_runs_(*repo_, driver),
      services_{machines_, executions_, versions_, aliases_, map_runs_} {}

ReadPool::ReadPool(std::vector<std::unique_ptr<Reader>> readers)
    : io_(static_cast<int>(readers.size())),
      work_(boost::asio::make_work_guard(io_)),
      readers_(std::move(readers)) {
  for (std::unique_ptr<Reader>& reader : readers_) {
    threads_.emplace_back([this, r = reader.get()] {
      current_reader = r;
      io_.run();
    });
  }
}

void ReadPool::Post(std::function<void(Reader&)> job) {
  boost::asio::post(io_, [job = std::move(job)] { job(*current_reader); });
}

void ReadPool::Stop() {
  work_.reset();
  io_.stop();
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

}  // namespace sfn::api
