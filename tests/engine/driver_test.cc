// Driver: group commit of ready executions, and its fallback to one commit
// per transition when a group commit fails. A fake store records the calls.
#include "emulator/engine/driver.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <map>
#include <set>

#include "emulator/asl/parser.h"

namespace sfn::engine {
namespace {

class FakeStore : public ExecutionStore {
 public:
  Status InsertExecution(const ExecutionRecord& record,
                         const std::vector<HistoryEvent>& events) override {
    ++single_inserts;
    if (fail_inserts.count(record.info.arn) > 0) {
      return Status(ErrorCode::kInternalFailure, "injected insert failure");
    }
    Insert(record, events);
    return Status::Ok();
  }
  Status CommitTransition(const Transition& t) override {
    ++single_commits;
    Apply(t);
    return Status::Ok();
  }
  Status CommitGroup(const std::vector<NewExecution>& starts,
                     const std::vector<const Transition*>& ts) override {
    ++group_commits;
    if (fail_groups) return Status(ErrorCode::kInternalFailure, "injected");
    largest_group = std::max(largest_group, ts.size());
    largest_start_group = std::max(largest_start_group, starts.size());
    for (const NewExecution& n : starts) Insert(*n.record, *n.events);
    for (const Transition* t : ts) Apply(*t);
    return Status::Ok();
  }

  void Insert(const ExecutionRecord& record, const std::vector<HistoryEvent>& events) {
    for (const HistoryEvent& e : events) ids[record.info.arn].push_back(e.id);
    status[record.info.arn] = record.status;
  }
  Result<std::vector<ExecutionRecord>> LoadRunningExecutions() override { return running; }
  Result<std::optional<TimePoint>> LatestEventTime() override { return std::optional<TimePoint>(); }

  void Apply(const Transition& t) {
    for (const HistoryEvent& e : t.events) ids[t.execution_arn].push_back(e.id);
    if (t.terminal) status[t.execution_arn] = t.terminal->status;
    if (t.terminal && t.terminal->cause) causes[t.execution_arn] = *t.terminal->cause;
  }

  bool fail_groups = false;
  std::set<std::string> fail_inserts;  // ARNs whose InsertExecution fails
  int group_commits = 0;
  int single_commits = 0;
  int single_inserts = 0;
  size_t largest_group = 0;
  size_t largest_start_group = 0;
  std::map<std::string, std::vector<int64_t>> ids;
  std::map<std::string, ExecutionStatus> status;
  std::map<std::string, std::string> causes;
  std::vector<ExecutionRecord> running;  // what LoadRunningExecutions answers
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

// Issue 14, no poisoned restarts: an execution the last process crashed in
// and one whose row is damaged are failed; the others resume.
TEST(DriverTest, RecoverFailsCrashedAndDamagedExecutionsAndResumesTheOthers) {
  auto def = asl::Parse(kWaitThenPass);
  ASSERT_TRUE(def.ok());
  VirtualClock clock(FromEpochMillis(1'700'000'000'000), /*auto_advance=*/true);
  FakeStore store;
  // Three executions waiting in W, as a previous process left them.
  for (int i = 0; i < 3; ++i) {
    ExecutionInfo info = Info(i, clock.Now());
    ExecutionRecord rec;
    rec.info = info;
    rec.record_version = 1;
    rec.state.last_event_id = 3;
    rec.state.frames[0].id = 0;
    rec.state.frames[0].state_name = "W";
    rec.state.frames[0].link = 2;
    rec.state.frames[0].phase = Waiting{clock.Now() + Millis(60000), Json::object(), "P", Json()};
    rec.timer = clock.Now() + Millis(60000);
    if (i == 1) {
      rec.state = ExecutionState{};
      rec.state.last_event_id = 3;
      rec.load_error = "[json.exception.parse_error.101] syntax error";
    }
    store.running.push_back(rec);
  }
  boost::asio::io_context io(1);
  OneDefinition definitions{*def};
  Driver driver(io, store, clock, definitions);
  std::string crashed_arn = Info(0, clock.Now()).arn;
  ASSERT_TRUE(
      driver.Recover({{crashed_arn, "the emulator crashed (SIGSEGV) while running it"}}).ok());
  EXPECT_EQ(driver.running_count(), 1u);
  io.run();
  EXPECT_EQ(store.status[crashed_arn], ExecutionStatus::kFailed);
  EXPECT_EQ(store.causes[crashed_arn],
            "sfn-emulator failed internally while running this execution (please report it): "
            "the emulator crashed (SIGSEGV) while running it");
  std::string damaged = Info(1, clock.Now()).arn;
  EXPECT_EQ(store.status[damaged], ExecutionStatus::kFailed);
  EXPECT_NE(store.causes[damaged].find("its saved state could not be read"), std::string::npos);
  // Both end after the history they had: ExecutionFailed is event 4.
  EXPECT_EQ(store.ids[crashed_arn].back(), 4);
  EXPECT_EQ(store.ids[damaged].back(), 4);
  EXPECT_EQ(store.status[Info(2, clock.Now()).arn], ExecutionStatus::kSucceeded);
}

// Group-committed starts (issue 16): what one StartBatched answer saw.
struct Answer {
  bool called = false;
  Status committed;
  ExecutionStatus status = ExecutionStatus::kRunning;
};
StartCommitted Record(Answer& a) {
  return [&a](const Status& committed, ExecutionStatus status) {
    EXPECT_FALSE(a.called) << "answered twice";
    a.called = true;
    a.committed = committed;
    a.status = status;
  };
}

struct StartWorld {
  StartWorld() : def(*asl::Parse(kWaitThenPass)), definitions(def) {}
  asl::DefinitionPtr def;
  VirtualClock clock{FromEpochMillis(1'700'000'000'000), /*auto_advance=*/true};
  boost::asio::io_context io{1};
  FakeStore store;
  OneDefinition definitions;
  Driver driver{io, store, clock, definitions};
};

TEST(DriverTest, StartsOfOneTurnShareOneCommitAndAreAnsweredAfterIt) {
  StartWorld w;
  std::vector<Answer> answers(20);
  for (int i = 0; i < 20; ++i) {
    w.driver.StartBatched(Info(i, w.clock.Now()), w.def, {}, Record(answers[i]));
  }
  // Nothing stored, nothing answered, nothing running before the commit.
  EXPECT_TRUE(w.store.status.empty());
  EXPECT_FALSE(answers[0].called);
  EXPECT_EQ(w.driver.running_count(), 0u);
  ASSERT_NE(w.driver.FindStarting(Info(3, w.clock.Now()).arn), nullptr);
  EXPECT_EQ(w.driver.FindStarting(Info(3, w.clock.Now()).arn)->info.input, "{}");
  w.io.run_one();  // the turn: one commit for all 20 starts
  EXPECT_EQ(w.store.group_commits, 1);
  EXPECT_EQ(w.store.largest_start_group, 20u);
  EXPECT_EQ(w.store.single_inserts, 0);
  for (int i = 0; i < 20; ++i) {
    EXPECT_TRUE(answers[i].called) << i;
    EXPECT_TRUE(answers[i].committed.ok()) << i;
    EXPECT_EQ(answers[i].status, ExecutionStatus::kRunning) << i;  // waiting in W
  }
  EXPECT_EQ(w.driver.FindStarting(Info(3, w.clock.Now()).arn), nullptr);
  EXPECT_EQ(w.driver.running_count(), 20u);
  w.io.run();
  EXPECT_EQ(w.driver.running_count(), 0u);
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(w.store.status[Info(i, w.clock.Now()).arn], ExecutionStatus::kSucceeded) << i;
  }
}

TEST(DriverTest, ARepeatedStartWaitsForTheFirstStartsCommit) {
  StartWorld w;
  Answer first, second;
  std::string arn = Info(0, w.clock.Now()).arn;
  EXPECT_FALSE(w.driver.WhenStarted(arn, Record(second)));  // nothing starting yet
  w.driver.StartBatched(Info(0, w.clock.Now()), w.def, {}, Record(first));
  EXPECT_TRUE(w.driver.WhenStarted(arn, Record(second)));
  EXPECT_FALSE(second.called);
  w.io.run_one();
  EXPECT_TRUE(first.called && second.called);
  EXPECT_TRUE(second.committed.ok());
  EXPECT_EQ(second.status, ExecutionStatus::kRunning);
  // Once committed it is no longer starting: a later repeat reads the store.
  EXPECT_FALSE(w.driver.WhenStarted(arn, Record(second)));
  w.io.run();
}

TEST(DriverTest, AFailedGroupCommitAnswersEachStartItsOwnCommit) {
  StartWorld w;
  w.store.fail_groups = true;
  w.store.fail_inserts.insert(Info(2, w.clock.Now()).arn);
  std::vector<Answer> answers(4);
  Answer repeat_of_failed;
  for (int i = 0; i < 4; ++i) {
    w.driver.StartBatched(Info(i, w.clock.Now()), w.def, {}, Record(answers[i]));
  }
  ASSERT_TRUE(w.driver.WhenStarted(Info(2, w.clock.Now()).arn, Record(repeat_of_failed)));
  w.io.run_one();
  EXPECT_EQ(w.store.single_inserts, 4);  // each start retried on its own
  for (int i : {0, 1, 3}) {
    EXPECT_TRUE(answers[i].committed.ok()) << i;
  }
  // The start that could not be stored is answered with its error (so is a
  // repeat waiting on it), and never runs.
  EXPECT_TRUE(answers[2].called);
  EXPECT_FALSE(answers[2].committed.ok());
  EXPECT_TRUE(repeat_of_failed.called);
  EXPECT_FALSE(repeat_of_failed.committed.ok());
  EXPECT_EQ(w.driver.running_count(), 3u);
  EXPECT_EQ(w.store.status.count(Info(2, w.clock.Now()).arn), 0u);
  w.store.fail_groups = false;
  w.io.run();
  EXPECT_EQ(w.driver.running_count(), 0u);
  EXPECT_EQ(w.store.status.size(), 3u);
}

}  // namespace
}  // namespace sfn::engine
