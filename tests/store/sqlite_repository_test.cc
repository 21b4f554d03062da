#include "store/sqlite_repository.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "store/migrations.h"
#include "tests/store/test_records.h"

namespace sfn::store {
namespace {

using testing::MachineNamed;

control::RevisionRecord RevisionOf(const control::StateMachineRecord& sm) {
  return control::RevisionOf(sm, sm.creation_date);
}

engine::ExecutionRecord Execution(const std::string& name, int64_t start_ms) {
  return testing::ExecutionOfM(name, start_ms);
}

engine::HistoryEvent Event(int64_t id, const std::string& type) {
  engine::HistoryEvent e;
  e.id = id;
  e.previous_event_id = id - 1;
  e.timestamp = FromEpochMillis(id);
  e.type = type;
  return e;
}

TEST(SqliteRepositoryTest, StateMachinesRevisionsAndTags) {
  auto repo = SqliteRepository::Open(":memory:");
  ASSERT_TRUE(repo.ok()) << repo.status().ToString();
  auto sm = MachineNamed("m");
  ASSERT_TRUE((*repo)->InsertStateMachine(sm, RevisionOf(sm), {{"team", "a"}}).ok());
  auto found = (*repo)->FindStateMachine(sm.arn);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->definition, sm.definition);
  EXPECT_EQ((*found)->encryption_configuration, sm.encryption_configuration);
  EXPECT_FALSE((*found)->revised);

  auto updated = sm;
  updated.definition = R"({"StartAt":"B","States":{"B":{"Type":"Succeed"}}})";
  updated.revision_id = "rev-2";
  updated.revised = true;
  updated.encryption_configuration = Json{{"type", "CUSTOMER_MANAGED_KMS_KEY"}, {"kmsKeyId", "k"}};
  updated.update_date = FromEpochMillis(2000);
  ASSERT_TRUE((*repo)->UpdateStateMachine(updated, RevisionOf(updated)).ok());
  auto first = (*repo)->FindRevision("rev-m");
  ASSERT_TRUE(first.ok() && first->has_value());
  EXPECT_EQ((*first)->definition, sm.definition) << "revisions are immutable";
  EXPECT_FALSE((*first)->revised);
  auto second = (*repo)->FindRevision("rev-2");
  ASSERT_TRUE(second.ok() && second->has_value());
  EXPECT_TRUE((*second)->revised);
  EXPECT_EQ((*second)->encryption_configuration, updated.encryption_configuration);
  auto head = (*repo)->FindStateMachine(sm.arn);
  EXPECT_TRUE((*head)->revised);
  EXPECT_EQ((*head)->encryption_configuration, updated.encryption_configuration);

  ASSERT_TRUE((*repo)->PutTags(sm.arn, {{"team", "b"}, {"env", "dev"}}).ok());
  auto tags = (*repo)->ListTags(sm.arn);
  ASSERT_TRUE(tags.ok());
  EXPECT_EQ(*tags, (control::Tags{{"team", "b"}, {"env", "dev"}}));
  ASSERT_TRUE((*repo)->RemoveTags(sm.arn, {"team"}).ok());
  EXPECT_EQ(*(*repo)->ListTags(sm.arn), (control::Tags{{"env", "dev"}}));

  ASSERT_TRUE((*repo)->DeleteStateMachine(sm.arn).ok());
  EXPECT_FALSE((*repo)->FindStateMachine(sm.arn)->has_value());
  EXPECT_TRUE((*repo)->FindRevision("rev-2")->has_value()) << "executions keep their revision";
}

TEST(SqliteRepositoryTest, TransitionsAreAtomicAndVersioned) {
  auto repo = SqliteRepository::Open(":memory:");
  ASSERT_TRUE(repo.ok());
  auto e = Execution("e1", 100);
  ASSERT_TRUE((*repo)->InsertExecution(e, {Event(1, "ExecutionStarted")}).ok());

  engine::Transition t;
  t.execution_arn = e.info.arn;
  t.expected_record_version = 1;
  t.state = e.state;
  t.events = {Event(2, "WaitStateEntered")};
  t.timer = FromEpochMillis(5000);
  ASSERT_TRUE((*repo)->CommitTransition(t).ok());

  // A stale record version is refused and writes nothing.
  engine::Transition stale = t;
  stale.events = {Event(3, "WaitStateExited")};
  EXPECT_FALSE((*repo)->CommitTransition(stale).ok());
  auto events = (*repo)->ListEvents(e.info.arn, false, std::nullopt, 100);
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->size(), 2u);

  auto running = (*repo)->LoadRunningExecutions();
  ASSERT_TRUE(running.ok());
  ASSERT_EQ(running->size(), 1u);
  EXPECT_EQ((*running)[0].timer, FromEpochMillis(5000));
  EXPECT_EQ((*running)[0].record_version, 2);

  engine::Transition end = t;
  end.expected_record_version = 2;
  end.events = {Event(3, "WaitStateExited"), Event(4, "ExecutionSucceeded")};
  end.terminal = engine::Terminal{engine::ExecutionStatus::kSucceeded, "{}", {}, {}};
  end.stop_date = FromEpochMillis(6000);
  ASSERT_TRUE((*repo)->CommitTransition(end).ok());
  EXPECT_TRUE((*repo)->LoadRunningExecutions()->empty());
  auto done = (*repo)->FindExecution(e.info.arn);
  ASSERT_TRUE(done.ok() && done->has_value());
  EXPECT_EQ((*done)->status, engine::ExecutionStatus::kSucceeded);
  EXPECT_FALSE((*done)->timer.has_value());
  auto reversed = (*repo)->ListEvents(e.info.arn, true, std::nullopt, 2);
  EXPECT_EQ((*reversed)[0].id, 4);
  EXPECT_EQ((*reversed)[1].id, 3);
}

// Issue 14: a damaged state row comes back marked, with where its history
// ends, instead of failing the whole load (and so the start-up).
TEST(SqliteRepositoryTest, ADamagedStateRowIsMarkedNotFatal) {
  auto repo = SqliteRepository::Open(":memory:");
  ASSERT_TRUE(repo.ok());
  auto good = Execution("good", 100);
  auto bad = Execution("bad", 200);
  ASSERT_TRUE((*repo)->InsertExecution(good, {Event(1, "ExecutionStarted")}).ok());
  ASSERT_TRUE(
      (*repo)
          ->InsertExecution(bad, {Event(1, "ExecutionStarted"), Event(2, "PassStateEntered")})
          .ok());
  ASSERT_TRUE((*repo)
                  ->database()
                  .Exec("UPDATE executions SET state = '{\"frames\": [' WHERE name = 'bad'")
                  .ok());
  auto running = (*repo)->LoadRunningExecutions();
  ASSERT_TRUE(running.ok()) << running.status().ToString();
  ASSERT_EQ(running->size(), 2u);
  EXPECT_FALSE((*running)[0].load_error.has_value());
  ASSERT_TRUE((*running)[1].load_error.has_value());
  EXPECT_EQ((*running)[1].state.last_event_id, 2);
  EXPECT_TRUE((*running)[1].state.frames.empty());
}

TEST(SqliteRepositoryTest, ListsExecutionsNewestFirstWithFilter) {
  auto repo = SqliteRepository::Open(":memory:");
  ASSERT_TRUE(repo.ok());
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE((*repo)->InsertExecution(Execution("e" + std::to_string(i), 100 + i), {}).ok());
  }
  const std::string m = "arn:aws:states:us-east-1:123456789012:stateMachine:m";
  // After e4 (start 104, the fifth row inserted): e3, e2.
  auto page = (*repo)->ListExecutions({m, std::nullopt, std::nullopt, std::nullopt},
                                      control::Position{104, 5}, 2);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].item.info.name, "e3");
  EXPECT_EQ((*page)[1].item.info.name, "e2");
  EXPECT_EQ((*page)[1].position, (control::Position{102, 3}));
  auto succeeded = (*repo)->ListExecutions(
      {m, std::nullopt, std::nullopt, engine::ExecutionStatus::kSucceeded}, std::nullopt, 10);
  EXPECT_TRUE(succeeded->empty());
}

// The frames of a state, each as the store keeps it (for comparisons).
std::map<int64_t, std::string> FramesOf(const engine::ExecutionState& s) {
  std::map<int64_t, std::string> out;
  for (const auto& [id, f] : s.frames) out[id] = DumpJson(f.ToJson());
  return out;
}

engine::Frame FrameAt(int64_t id, const std::string& state_name) {
  engine::Frame f;
  f.id = id;
  f.parent = id == 0 ? -1 : 0;
  f.index = id;
  f.state_name = state_name;
  return f;
}

// Issue 16: a transition writes only the frames its step touched (present:
// written, absent: removed); a load reads them all back, exactly.
TEST(SqliteRepositoryTest, TransitionsWriteOnlyTouchedFrames) {
  auto repo = SqliteRepository::Open(":memory:");
  ASSERT_TRUE(repo.ok());
  auto e = Execution("frames", 100);
  for (int64_t id = 1; id <= 4; ++id) e.state.frames[id] = FrameAt(id, "Child");
  e.state.next_frame_id = 5;
  ASSERT_TRUE((*repo)->InsertExecution(e, {Event(1, "ExecutionStarted")}).ok());

  engine::Transition t;
  t.execution_arn = e.info.arn;
  t.expected_record_version = 1;
  t.state = e.state;
  t.state.frames.erase(2);                      // ended
  t.state.frames[3].state_name = "Next";        // moved on
  t.state.frames[5] = FrameAt(5, "Child");      // started
  t.state.frames[4].state_name = "NotWritten";  // not touched: the row keeps "Child"
  t.state.next_frame_id = 6;
  t.touched_frames = std::vector<int64_t>{2, 3, 5};
  ASSERT_TRUE((*repo)->CommitTransition(t).ok());

  engine::ExecutionState want = t.state;
  want.frames[4].state_name = "Child";
  auto running = (*repo)->LoadRunningExecutions();
  ASSERT_TRUE(running.ok());
  ASSERT_EQ(running->size(), 1u);
  EXPECT_EQ(FramesOf((*running)[0].state), FramesOf(want));
  EXPECT_EQ((*running)[0].state.next_frame_id, 6);
  auto loaded = (*repo)->LoadExecution(e.info.arn);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(FramesOf(loaded->state), FramesOf(want));

  // Without touched frames every frame is written afresh.
  engine::Transition all = t;
  all.expected_record_version = 2;
  all.state.frames.erase(1);
  all.touched_frames.reset();
  ASSERT_TRUE((*repo)->CommitTransition(all).ok());
  running = (*repo)->LoadRunningExecutions();
  ASSERT_TRUE(running.ok());
  EXPECT_EQ(FramesOf((*running)[0].state), FramesOf(all.state));
}

// Rows written before frames had rows of their own keep them inline in the
// state document; they load as they did.
TEST(SqliteRepositoryTest, ReadsStatesWithInlineFrames) {
  auto repo = SqliteRepository::Open(":memory:");
  ASSERT_TRUE(repo.ok());
  auto e = Execution("inline", 100);
  e.state.frames[1] = FrameAt(1, "Child");
  ASSERT_TRUE((*repo)->InsertExecution(e, {Event(1, "ExecutionStarted")}).ok());
  Database& db = (*repo)->database();
  auto q = db.Prepare("UPDATE executions SET state = ? WHERE arn = ?");
  ASSERT_TRUE(q.ok());
  ASSERT_TRUE((*q)->Bind(1, std::string_view(DumpJson(e.state.ToJson())))
                  .Bind(2, std::string_view(e.info.arn))
                  .Run()
                  .ok());
  ASSERT_TRUE(db.Exec("DELETE FROM execution_frames").ok());
  auto running = (*repo)->LoadRunningExecutions();
  ASSERT_TRUE(running.ok());
  ASSERT_EQ(running->size(), 1u);
  EXPECT_EQ(FramesOf((*running)[0].state), FramesOf(e.state));
}

// Retention (--retention-days): finished executions that stopped before the
// cutoff go, oldest first and `limit` at a time, with their events, frames
// and tokens; running ones, recent ones and a finished child whose parent
// still runs stay.
TEST(SqliteRepositoryTest, RetentionRemovesExpiredFinishedExecutionsInBatches) {
  auto repo = SqliteRepository::Open(":memory:");
  ASSERT_TRUE(repo.ok()) << repo.status().ToString();
  auto finished = [](const std::string& name, int64_t stop_ms) {
    engine::ExecutionRecord e = Execution(name, stop_ms - 10);
    e.status = engine::ExecutionStatus::kSucceeded;
    e.stop_date = FromEpochMillis(stop_ms);
    e.output = "{}";
    e.task_tokens = {"token-" + name};
    return e;
  };
  for (int i = 0; i < 5; ++i) {  // old: stopped at 1000..1004
    ASSERT_TRUE(
        (*repo)
            ->InsertExecution(finished("old" + std::to_string(i), 1000 + i),
                              {Event(1, "ExecutionStarted"), Event(2, "ExecutionSucceeded")})
            .ok());
  }
  ASSERT_TRUE(
      (*repo)->InsertExecution(finished("recent", 5000), {Event(1, "ExecutionStarted")}).ok());
  engine::ExecutionRecord running = Execution("running", 10);
  ASSERT_TRUE((*repo)->InsertExecution(running, {Event(1, "ExecutionStarted")}).ok());
  engine::ExecutionRecord child = finished("child", 900);
  child.info.parent = engine::TaskRef{running.info.arn, 0, 1};
  ASSERT_TRUE((*repo)->InsertExecution(child, {Event(1, "ExecutionStarted")}).ok());
  auto exists = [&](const std::string& name) {
    auto found = (*repo)->FindExecution(Execution(name, 0).info.arn);
    return found.ok() && found->has_value();
  };

  auto first = (*repo)->DeleteExecutionsStoppedBefore(FromEpochMillis(2000), 2);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(*first, 2);
  EXPECT_FALSE(exists("old0"));  // oldest first
  EXPECT_FALSE(exists("old1"));
  EXPECT_TRUE(exists("old2"));
  auto events = (*repo)->ListEvents(Execution("old0", 0).info.arn, false, std::nullopt, 100);
  ASSERT_TRUE(events.ok());
  EXPECT_TRUE(events->empty());
  auto token = (*repo)->FindTaskToken("token-old0");
  ASSERT_TRUE(token.ok());
  EXPECT_FALSE(token->has_value());
  token = (*repo)->FindTaskToken("token-old2");
  ASSERT_TRUE(token.ok());
  EXPECT_TRUE(token->has_value());

  auto rest = (*repo)->DeleteExecutionsStoppedBefore(FromEpochMillis(2000), 2);
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(*rest, 2);
  rest = (*repo)->DeleteExecutionsStoppedBefore(FromEpochMillis(2000), 2);
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(*rest, 1);
  rest = (*repo)->DeleteExecutionsStoppedBefore(FromEpochMillis(2000), 2);
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(*rest, 0);
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(exists("old" + std::to_string(i)));
  EXPECT_TRUE(exists("recent"));
  EXPECT_TRUE(exists("running"));
  EXPECT_TRUE(exists("child")) << "its parent still runs";
  events = (*repo)->ListEvents(Execution("recent", 0).info.arn, false, std::nullopt, 100);
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->size(), 1u);
}

// Migration 12 turns history_events and execution_frames from WITHOUT ROWID
// tables into rowid tables with a unique index: a database written at
// version 11 keeps every event and frame, in order, large ones included.
TEST(SqliteRepositoryTest, MigratesEventsAndFramesFromVersionEleven) {
  auto dir =
      std::filesystem::temp_directory_path() / ("sfn-store-v11-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "db.sqlite").string();
  auto e = Execution("old", 100);
  for (int64_t id = 1; id <= 3; ++id) e.state.frames[id] = FrameAt(id, "Child");
  e.state.frames[2].input = Json(std::string(20000, 'f'));  // spills onto overflow pages
  e.state.next_frame_id = 4;
  std::vector<engine::HistoryEvent> events = {Event(1, "ExecutionStarted"),
                                              Event(2, "PassStateEntered")};
  events[0].details_key = "executionStartedEventDetails";
  events[0].details = Json{{"input", std::string(30000, 'i')}};
  {
    auto repo = SqliteRepository::Open(path);
    ASSERT_TRUE(repo.ok());
    ASSERT_TRUE((*repo)->InsertExecution(e, events).ok());
  }
  {
    // Back to version 11's layout, rows kept.
    auto db = Database::Open(path);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)
                    ->Exec(R"sql(
CREATE TABLE he11 (execution_arn TEXT NOT NULL, id INTEGER NOT NULL, previous_id INTEGER NOT NULL,
  ts_ms INTEGER NOT NULL, type TEXT NOT NULL, details_key TEXT NOT NULL, details TEXT NOT NULL,
  PRIMARY KEY (execution_arn, id)) WITHOUT ROWID;
INSERT INTO he11 SELECT execution_arn, id, previous_id, ts_ms, type, details_key, details
  FROM history_events;
DROP TABLE history_events;
ALTER TABLE he11 RENAME TO history_events;
CREATE TABLE ef11 (execution_arn TEXT NOT NULL, frame_id INTEGER NOT NULL, body TEXT NOT NULL,
  PRIMARY KEY (execution_arn, frame_id)) WITHOUT ROWID;
INSERT INTO ef11 SELECT execution_arn, frame_id, body FROM execution_frames;
DROP TABLE execution_frames;
ALTER TABLE ef11 RENAME TO execution_frames;
UPDATE meta SET value = '11' WHERE key = 'schema_version';
)sql")
                    .ok());
  }
  {
    auto repo = SqliteRepository::Open(path);
    ASSERT_TRUE(repo.ok()) << repo.status().message();
    auto loaded = (*repo)->LoadExecution(e.info.arn);
    ASSERT_TRUE(loaded.ok());
    EXPECT_EQ(FramesOf(loaded->state), FramesOf(e.state));
    auto read = (*repo)->ListEvents(e.info.arn, false, 0, 100);
    ASSERT_TRUE(read.ok());
    ASSERT_EQ(read->size(), 2u);
    EXPECT_EQ((*read)[0].details, events[0].details);
    EXPECT_EQ((*read)[1].type, "PassStateEntered");
    // New rows go in under the unique index; a repeated event id is refused.
    ASSERT_TRUE(
        (*repo)->InsertExecution(Execution("new", 200), {Event(1, "ExecutionStarted")}).ok());
    Database& db = (*repo)->database();
    auto q = db.Prepare(
        "SELECT (SELECT value FROM meta WHERE key = 'schema_version'), "
        "(SELECT count(*) FROM sqlite_master WHERE name IN ('history_events', 'execution_frames') "
        "AND sql NOT LIKE '%WITHOUT ROWID%'), "
        "(SELECT count(*) FROM sqlite_master WHERE name IN ('history_events_by_execution', "
        "'execution_frames_by_execution')), (SELECT count(*) FROM history_events)");
    ASSERT_TRUE(q.ok());
    ASSERT_TRUE(*(*q)->Step());
    EXPECT_EQ((*q)->Text(0), "12");
    EXPECT_EQ((*q)->Int(1), 2);
    EXPECT_EQ((*q)->Int(2), 2);
    EXPECT_EQ((*q)->Int(3), 3);
    (*q)->Reset();
    EXPECT_FALSE(db.Exec("INSERT INTO history_events VALUES ('" + e.info.arn +
                         "', 1, 0, 0, 'ExecutionStarted', 'k', '{}')")
                     .ok());
  }
  std::filesystem::remove_all(dir);
}

TEST(SqliteRepositoryTest, SurvivesReopenAndRefusesNewerSchema) {
  auto dir =
      std::filesystem::temp_directory_path() / ("sfn-store-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "db.sqlite").string();
  {
    auto repo = SqliteRepository::Open(path);
    ASSERT_TRUE(repo.ok());
    auto sm = MachineNamed("kept");
    ASSERT_TRUE((*repo)->InsertStateMachine(sm, RevisionOf(sm), {}).ok());
  }
  {
    auto repo = SqliteRepository::Open(path);
    ASSERT_TRUE(repo.ok());
    EXPECT_TRUE((*repo)->FindStateMachine(MachineNamed("kept").arn)->has_value());
  }
  {
    auto db = Database::Open(path);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->Exec("UPDATE meta SET value = '999' WHERE key = 'schema_version'").ok());
  }
  auto refused = SqliteRepository::Open(path);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("newer sfn-emulator"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sfn::store
