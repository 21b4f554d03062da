// The web console's routes (issue 13), taken before the Router's own:
//   GET /, GET /_emulator/console/[file]   the console (embedded files)
//   GET /_emulator/changes?after=N&wait=S  the live channel (long polling)
//   GET /_emulator/lambda/invocations      recent Lambda invocations with logs
// and the rule for every /_emulator/ write: a method other than GET/HEAD
// needs the header X-Sfn-Emulator (any value), which a cross-site HTML form
// cannot send; without it the request is refused (403) before any handler.
//
// The page reads everything else through the public Step Functions and
// Lambda APIs on the same port. Console responses carry a
// Content-Security-Policy that allows nothing from outside the origin.
//
// Long polls hold no thread: a poll with nothing new registers a one-shot
// waiter with the ExecutionFeed and a timer, both on the engine executor,
// and answers from whichever fires first.
//
// Threading: Handle() may be called from any thread (the I/O threads); feed
// access and poll state live on the engine executor; the invocation log is
// thread-safe. Borrows the io_context, the feed and the log: they must
// outlive it. Destroy it before the I/O io_context (it drops unanswered
// polls, whose callbacks belong to that context's connections).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "api/http_types.h"
#include "emulator/control/execution_feed.h"
#include "emulator/lambda/invocation_log.h"

namespace sfn::api {

// The header /_emulator/ writes must carry.
inline constexpr char kEmulatorWriteHeader[] = "X-Sfn-Emulator";

class ConsoleRoutes {
 public:
  // `invocations` may be null (no Lambda service): the endpoint answers [].
  ConsoleRoutes(boost::asio::io_context& engine_io, control::ExecutionFeed& feed,
                const lambda::InvocationLog* invocations);
  ~ConsoleRoutes();
  ConsoleRoutes(const ConsoleRoutes&) = delete;
  ConsoleRoutes& operator=(const ConsoleRoutes&) = delete;

  // Answers `request` through `done` and returns true when it is the
  // console's (or a refused write); returns false, leaving `done`, otherwise.
  bool Handle(const HttpRequest& request, ResponseCallback& done);

  // Longest wait a poll may ask for (seconds).
  static constexpr int kMaxWaitSeconds = 30;

 private:
  struct Poll {
    Poll(boost::asio::io_context& io, ResponseCallback done, int64_t after)
        : timer(io), done(std::move(done)), after(after) {}
    boost::asio::steady_timer timer;
    ResponseCallback done;
    int64_t after;
    uint64_t waiter = 0;
  };

  void ServeFile(const HttpRequest& request, std::string_view path, ResponseCallback& done);
  void StartPoll(int64_t after, int wait_seconds, ResponseCallback done);  // engine thread
  void FinishPoll(uint64_t id);                                            // engine thread
  void ServeInvocations(const HttpRequest& request, ResponseCallback& done);

  boost::asio::io_context& engine_io_;
  control::ExecutionFeed& feed_;
  const lambda::InvocationLog* invocations_;
  std::map<uint64_t, std::unique_ptr<Poll>> polls_;  // engine thread
  uint64_t next_poll_ = 1;
};

}  // namespace sfn::api
