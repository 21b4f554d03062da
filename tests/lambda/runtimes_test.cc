// The warm process pool of Runtimes (issue 16, part 3): reuse, queueing
// under the process bound, pipelining (no spawn while the warm process
// drains the queue quickly), and a timed-out or crashed process replaced.
// Real python handlers; no test sleeps (futures with generous deadlines).
#include "emulator/lambda/runtimes.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace sfn::lambda {
namespace {

namespace fs = std::filesystem;
using std::chrono::seconds;

// Answers {"pid": <its pid>, "n": event.n}; exits when asked to crash and
// sleeps past its timeout when asked to.
constexpr const char* kHandler =
    "import os, time\n"
    "def handler(event, context):\n"
    "    if event.get('crash'):\n"
    "        os._exit(3)\n"
    "    if event.get('hang'):\n"
    "        time.sleep(600)\n"
    "    return {'pid': os.getpid(), 'n': event.get('n')}\n";

class RuntimesTest : public testing::Test {
 protected:
  RuntimesTest()
      : root_(fs::temp_directory_path() / ("sfn-runtimes-test-" + std::to_string(::getpid()))),
        pool_(4) {
    fs::create_directories(root_ / "code");
    std::ofstream(root_ / "code" / "app.py") << kHandler;
  }
  ~RuntimesTest() override {
    if (runtimes_) runtimes_->Shutdown();
    pool_.Shutdown();
    runtimes_.reset();
    std::error_code ec;
    fs::remove_all(root_, ec);
  }

  Runtimes& Make(size_t max_processes, size_t max_running = 0) {
    RuntimeOptions options{"python3", "node", (root_ / ".runtime").string()};
    options.max_processes = max_processes;
    options.max_running = max_running;
    runtimes_ = std::make_unique<Runtimes>(options, pool_);
    return *runtimes_;
  }

  InvocationRequest Request(const std::string& event, int timeout = 30) {
    InvocationRequest r;
    r.fn.function_name = "pool";
    r.fn.version = "$LATEST";
    r.fn.runtime = "python3.12";
    r.fn.handler = "app.handler";
    r.fn.revision_id = "r1";
    r.fn.code_dir = (root_ / "code").string();
    r.fn.timeout = timeout;
    r.invoked_arn = "arn:aws:lambda:us-east-1:123456789012:function:pool";
    r.request_id = "req-" + std::to_string(++requests_);
    r.payload = event;
    r.region = "us-east-1";
    return r;
  }

  // Invokes `count` times at once; the answers, in order.
  std::vector<engine::InvocationResult> InvokeMany(const std::vector<std::string>& events,
                                                   int timeout = 30) {
    std::vector<std::promise<engine::InvocationResult>> promises(events.size());
    for (size_t i = 0; i < events.size(); ++i) {
      runtimes_->Invoke(Request(events[i], timeout), [&promises, i](engine::InvocationResult r) {
        promises[i].set_value(std::move(r));
      });
    }
    std::vector<engine::InvocationResult> out;
    for (auto& p : promises) {
      auto f = p.get_future();
      EXPECT_EQ(f.wait_for(seconds(120)), std::future_status::ready);
      out.push_back(f.get());
    }
    return out;
  }

  engine::InvocationResult InvokeOne(const std::string& event, int timeout = 30) {
    return InvokeMany({event}, timeout).front();
  }

  static int PidOf(const engine::InvocationResult& r) {
    Result<Json> j = ParseJson(r.payload);
    if (!j.ok() || !j->is_object() || !j->contains("pid")) return -1;
    return (*j)["pid"].get<int>();
  }

  fs::path root_;
  WorkerPool pool_;
  std::unique_ptr<Runtimes> runtimes_;
  int requests_ = 0;
};

TEST_F(RuntimesTest, ReusesOneWarmProcessForSequentialCalls) {
  Runtimes& rt = Make(8);
  std::set<int> pids;
  for (int i = 0; i < 20; ++i) {
    engine::InvocationResult r = InvokeOne("{\"n\": " + std::to_string(i) + "}");
    ASSERT_FALSE(r.service_error) << r.service_message;
    ASSERT_FALSE(r.function_error) << r.payload;
    pids.insert(PidOf(r));
  }
  EXPECT_EQ(pids.size(), 1u);
  EXPECT_EQ(rt.SpawnCount(), 1u);
  EXPECT_EQ(rt.ProcessCount(), 1u);
}

TEST_F(RuntimesTest, ManyConcurrentCallsQueueWithinTheBound) {
  Runtimes& rt = Make(/*max_processes=*/2);
  std::vector<std::string> events;
  for (int i = 0; i < 200; ++i) events.push_back("{\"n\": " + std::to_string(i) + "}");
  std::vector<engine::InvocationResult> got = InvokeMany(events);
  std::set<int> pids;
  for (size_t i = 0; i < got.size(); ++i) {
    ASSERT_FALSE(got[i].service_error) << got[i].service_message;
    EXPECT_EQ(got[i].payload.find("\"n\": " + std::to_string(i) + "}") != std::string::npos, true)
        << got[i].payload;
    pids.insert(PidOf(got[i]));
  }
  EXPECT_LE(pids.size(), 2u);
  EXPECT_LE(rt.ProcessCount(), 2u);
  EXPECT_LE(rt.SpawnCount(), 2u);
}

// Once a warm process is known to answer quickly, a burst queues for it
// instead of spawning one process per waiting call.
TEST_F(RuntimesTest, PipelinesABurstToTheWarmProcess) {
  Runtimes& rt = Make(16);
  for (int i = 0; i < 5; ++i) ASSERT_FALSE(InvokeOne("{}").service_error);
  ASSERT_EQ(rt.SpawnCount(), 1u);
  std::vector<std::string> events(50, "{}");
  for (const engine::InvocationResult& r : InvokeMany(events)) {
    ASSERT_FALSE(r.service_error) << r.service_message;
    ASSERT_FALSE(r.function_error) << r.payload;
  }
  // A loaded machine may start one more (the oldest waited longer than a
  // start); never one per call.
  EXPECT_LE(rt.SpawnCount(), 3u);
}

TEST_F(RuntimesTest, ATimedOutProcessIsKilledAndReplaced) {
  Runtimes& rt = Make(4);
  engine::InvocationResult first = InvokeOne("{}");
  int before = PidOf(first);
  ASSERT_GT(before, 0) << first.payload;
  engine::InvocationResult hung = InvokeOne("{\"hang\": true}", /*timeout=*/1);
  EXPECT_EQ(hung.function_error, std::optional<std::string>("Unhandled"));
  EXPECT_NE(hung.payload.find("Sandbox.Timedout"), std::string::npos) << hung.payload;
  EXPECT_NE(hung.payload.find("Task timed out after 1.00 seconds"), std::string::npos);
  EXPECT_EQ(::kill(before, 0), -1);  // killed and reaped
  engine::InvocationResult after = InvokeOne("{}");
  EXPECT_GT(PidOf(after), 0) << after.payload;
  EXPECT_NE(PidOf(after), before);
  EXPECT_EQ(rt.SpawnCount(), 2u);
  EXPECT_EQ(rt.ProcessCount(), 1u);
}

TEST_F(RuntimesTest, ACrashedProcessIsReplacedWhileOthersQueue) {
  Runtimes& rt = Make(/*max_processes=*/1);
  int before = PidOf(InvokeOne("{}"));
  ASSERT_GT(before, 0);
  // The crash and the calls queued behind it: each answered, the ones after
  // the crash by a new process.
  std::vector<engine::InvocationResult> got =
      InvokeMany({"{\"crash\": true}", "{\"n\": 1}", "{\"n\": 2}"});
  EXPECT_EQ(got[0].function_error, std::optional<std::string>("Unhandled"));
  EXPECT_NE(got[0].payload.find("Runtime.ExitError"), std::string::npos) << got[0].payload;
  EXPECT_NE(got[0].payload.find("exit status 3"), std::string::npos) << got[0].payload;
  for (int i = 1; i < 3; ++i) {
    ASSERT_FALSE(got[i].function_error) << got[i].payload;
    EXPECT_NE(PidOf(got[i]), before);
    EXPECT_GT(PidOf(got[i]), 0);
  }
  EXPECT_EQ(rt.SpawnCount(), 2u);
  EXPECT_EQ(rt.ProcessCount(), 1u);
}

TEST_F(RuntimesTest, ShutdownAnswersQueuedCallsAndEndsTheProcesses) {
  Runtimes& rt = Make(/*max_processes=*/1);
  int pid = PidOf(InvokeOne("{}"));
  ASSERT_GT(pid, 0);
  std::vector<std::promise<engine::InvocationResult>> promises(3);
  runtimes_->Invoke(Request("{\"hang\": true}", 600),
                    [&](engine::InvocationResult r) { promises[0].set_value(std::move(r)); });
  for (int i = 1; i < 3; ++i) {
    runtimes_->Invoke(Request("{}"), [&promises, i](engine::InvocationResult r) {
      promises[i].set_value(std::move(r));
    });
  }
  rt.Shutdown();
  for (auto& p : promises) {
    auto f = p.get_future();
    ASSERT_EQ(f.wait_for(seconds(30)), std::future_status::ready);
    EXPECT_EQ(f.get().service_error, std::optional<std::string>("ServiceException"));
  }
  EXPECT_EQ(::kill(pid, 0), -1);
  EXPECT_EQ(rt.ProcessCount(), 0u);
}

}  // namespace
}  // namespace sfn::lambda
