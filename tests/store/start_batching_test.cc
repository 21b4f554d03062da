// Group-committed StartExecution (issue 16) over the real store: starts
// answered in one engine turn share one commit, and the rule for a repeated
// name (AWS StartExecution: the same input while the first runs answers the
// first start; anything else is ExecutionAlreadyExists) holds within a batch
// and across batches.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <memory>
#include <optional>
#include <string>

#include "emulator/control/execution_service.h"
#include "emulator/control/state_machine_service.h"
#include "emulator/control/version_service.h"
#include "emulator/core/clock.h"
#include "emulator/core/random.h"
#include "emulator/engine/driver.h"
#include "store/sqlite_repository.h"

namespace sfn::control {
namespace {

constexpr char kWait[] = R"({"StartAt":"W","States":{
  "W":{"Type":"Wait","Seconds":3600,"Next":"P"},"P":{"Type":"Pass","End":true}}})";
constexpr char kPass[] = R"({"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}})";

struct World {
  World() : repo(std::move(store::SqliteRepository::Open(":memory:")).value()) {}

  std::string Machine(const std::string& name, const std::string& definition) {
    CreateStateMachineRequest req;
    req.name = name;
    req.definition = definition;
    req.role_arn = "arn:aws:iam::123456789012:role/r";
    Result<CreateStateMachineResult> r = machines.Create(RequestContext{}, req);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->state_machine_arn : "";
  }

  // StartAsync's answer, once given.
  std::shared_ptr<std::optional<Result<StartExecutionResult>>> Start(const std::string& machine,
                                                                     const std::string& name,
                                                                     const std::string& input) {
    auto out = std::make_shared<std::optional<Result<StartExecutionResult>>>();
    StartExecutionRequest req;
    req.state_machine_arn = machine;
    req.name = name;
    req.input = input;
    executions.StartAsync(RequestContext{}, req,
                          [out](Result<StartExecutionResult> r) { *out = std::move(r); });
    return out;
  }

  boost::asio::io_context io{1};
  std::unique_ptr<store::SqliteRepository> repo;
  Random random{1};
  VirtualClock clock{FromEpochMillis(1764892800000), /*auto_advance=*/false};
  VersionService versions{*repo, clock};
  StateMachineService machines{*repo, clock, random, versions};
  engine::Driver driver{io, *repo, clock, machines, &random, nullptr};
  ExecutionService executions{*repo, machines, driver, clock, random};
};

TEST(StartBatchingTest, TwoStartsOfOneNameInOneBatch) {
  World w;
  std::string sm = w.Machine("m", kWait);
  auto first = w.Start(sm, "x", R"({"a":1})");
  w.clock.AdvanceTo(w.clock.Now() + Millis(5));  // the repeat comes later
  auto same = w.Start(sm, "x", R"({"a":1})");
  auto other = w.Start(sm, "x", R"({"a":2})");
  // Nothing is answered (nor stored) before the group commit.
  EXPECT_FALSE(first->has_value() || same->has_value() || other->has_value());
  EXPECT_FALSE(*w.repo->FindExecution("arn:aws:states:us-east-1:123456789012:execution:m:x"));
  w.io.poll();
  ASSERT_TRUE(first->has_value() && same->has_value() && other->has_value());
  ASSERT_TRUE((*first)->ok()) << (*first)->status().ToString();
  ASSERT_TRUE((*same)->ok()) << (*same)->status().ToString();
  // The first start's ARN and startDate.
  EXPECT_EQ((**same)->execution_arn, (**first)->execution_arn);
  EXPECT_EQ((**same)->start_date, (**first)->start_date);
  ASSERT_FALSE((*other)->ok());
  EXPECT_EQ((*other)->status().code(), ErrorCode::kExecutionAlreadyExists);
  EXPECT_EQ((*other)->status().message(),
            "Execution Already Exists: 'arn:aws:states:us-east-1:123456789012:execution:m:x'");
  Result<std::optional<engine::ExecutionRecord>> stored =
      w.repo->FindExecution((**first)->execution_arn);
  ASSERT_TRUE(stored.ok() && *stored);
  EXPECT_EQ((*stored)->info.input, R"({"a":1})");
  EXPECT_EQ(w.driver.running_count(), 1u);
}

TEST(StartBatchingTest, RetriesAcrossBatches) {
  World w;
  std::string sm = w.Machine("m", kWait);
  auto first = w.Start(sm, "x", "{}");
  w.io.poll();
  w.io.restart();
  ASSERT_TRUE(first->has_value() && (*first)->ok());
  w.clock.AdvanceTo(w.clock.Now() + Millis(1000));
  // The same name and input while it runs: the first start's answer.
  auto retry = w.Start(sm, "x", "{}");
  ASSERT_TRUE(retry->has_value());  // from the store, at once
  ASSERT_TRUE((*retry)->ok());
  EXPECT_EQ((**retry)->start_date, (**first)->start_date);
  auto other = w.Start(sm, "x", R"({"b":1})");
  ASSERT_TRUE(other->has_value());
  EXPECT_EQ((*other)->status().code(), ErrorCode::kExecutionAlreadyExists);
  EXPECT_EQ(w.driver.running_count(), 1u);
}

TEST(StartBatchingTest, ARepeatOfAnExecutionItsFirstStepEndedConflicts) {
  World w;
  std::string sm = w.Machine("p", kPass);
  // A one-Pass execution ends within its start: closed, so a repeat of its
  // name conflicts, in its batch as after it.
  auto first = w.Start(sm, "y", "{}");
  auto same_batch = w.Start(sm, "y", "{}");
  w.io.poll();
  w.io.restart();
  ASSERT_TRUE(first->has_value() && (*first)->ok());
  ASSERT_TRUE(same_batch->has_value());
  EXPECT_EQ((*same_batch)->status().code(), ErrorCode::kExecutionAlreadyExists);
  auto later = w.Start(sm, "y", "{}");
  ASSERT_TRUE(later->has_value());
  EXPECT_EQ((*later)->status().code(), ErrorCode::kExecutionAlreadyExists);
}

TEST(StartBatchingTest, ManyStartsShareOneCommit) {
  World w;
  std::string sm = w.Machine("m", kWait);
  std::vector<std::shared_ptr<std::optional<Result<StartExecutionResult>>>> answers;
  for (int i = 0; i < 50; ++i) answers.push_back(w.Start(sm, "e" + std::to_string(i), "{}"));
  EXPECT_EQ(w.io.poll_one(), 1u);  // one turn answers them all
  for (auto& a : answers) {
    ASSERT_TRUE(a->has_value());
    EXPECT_TRUE((*a)->ok());
  }
  EXPECT_EQ(w.driver.running_count(), 50u);
}

}  // namespace
}  // namespace sfn::control
