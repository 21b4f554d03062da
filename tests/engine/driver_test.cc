// Driver: group commit of ready executions, and its fallback to one commit
// per transition when a group commit fails. A fake store records the calls.
#include "emulator/engine/driver.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <map>

#include "emulator/asl/parser.h"

namespace sfn::engine {
namespace {

class FakeStore : public ExecutionStore {
 public:
  Status InsertExecution(const ExecutionRecord& record,
                         const std::vector<HistoryEvent>& events) override {
    for (const HistoryEvent& e : events) ids[record.info.arn].push_back(e.id);
    status[record.info.arn] = record.status;
    return Status::Ok();
  }
  Status CommitTransition(const Transition& t) override {
    ++single_commits;
    Apply(t);
    return Status::Ok();
  }
  Status CommitTransitions(const std::vector<const Transition*>& ts) override {
    ++group_commits;
    if (fail_groups) return Status(ErrorCode::kInternalFailure, "injected");
    largest_group = std::max(largest_group, ts.size());
    for (const Transition* t : ts) Apply(*t);
    return Status::Ok();
  }
  Result<std::vector<ExecutionRecord>> LoadRunningExecutions() override {
    return std::vector<ExecutionRecord>{};
  }
  Result<std::optional<TimePoint>> LatestEventTime() override { return std::optional<TimePoint>(); }

  void Apply(const Transition& t) {
    for (const HistoryEvent& e : t.events) ids[t.execution_arn].push_back(e.id);
    if (t.terminal) status[t.execution_arn] = t.terminal->status;
  }

  bool fail_groups = false;
  int group_commits = 0;
  int single_commits = 0;
  size_t largest_group = 0;
  std::map<std::string, std::vector<int64_t>> ids;
  std::map<std::string, ExecutionStatus> status;
};

// Every revision is the same definition.
struct OneDefinition : DefinitionSource {
  explicit OneDefinition(asl::DefinitionPtr d) : def(std::move(d)) {}
  Result<asl::DefinitionPtr> Load(const std::string&) override { return def; }
  asl::DefinitionPtr def;
};

constexpr char kWaitThenPass[] = R"({"StartAt":"W","States":{
  "W":{"Type":"Wait","Seconds":60,"Next":"P"},
  "P":{"Type":"Pass","End":true}}})";

ExecutionInfo Info(int i, TimePoint now) {
  ExecutionInfo info;
  info.name = "e" + std::to_string(i);
  info.arn = "arn:aws:states:us-east-1:123456789012:execution:m:" + info.name;
  info.state_machine_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:m";
  info.state_machine_name = "m";
  info.revision_id = "r";
  info.input = "{}";
  info.start_time = now;
  return info;
}

void RunMany(FakeStore& store, int n) {
  auto def = asl::Parse(kWaitThenPass);
  ASSERT_TRUE(def.ok());
  VirtualClock clock(FromEpochMillis(1'700'000'000'000), /*auto_advance=*/true);
  boost::asio::io_context io(1);
  OneDefinition definitions{*def};
  Driver driver(io, store, clock, definitions);
  for (int i = 0; i < n; ++i) ASSERT_TRUE(driver.Start(Info(i, clock.Now()), *def).ok());
  io.run();
  EXPECT_EQ(driver.running_count(), 0u);
  ASSERT_EQ(store.status.size(), static_cast<size_t>(n));
  for (const auto& [arn, s] : store.status) {
    EXPECT_EQ(s, ExecutionStatus::kSucceeded) << arn;
    const std::vector<int64_t>& ids = store.ids[arn];
    for (size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(ids[i], static_cast<int64_t>(i + 1)) << arn;
  }
}

TEST(DriverTest, ExecutionsWokenTogetherShareOneCommit) {
  FakeStore store;
  RunMany(store, 40);
  // All 40 timers fall due at the same virtual instant: one turn, one commit.
  EXPECT_EQ(store.group_commits, 1);
  EXPECT_EQ(store.largest_group, 40u);
  EXPECT_EQ(store.single_commits, 0);
}

TEST(DriverTest, AFailedGroupCommitFallsBackToOneCommitEach) {
  FakeStore store;
  store.fail_groups = true;
  RunMany(store, 10);
  EXPECT_EQ(store.single_commits, 10);
}

}  // namespace
}  // namespace sfn::engine
