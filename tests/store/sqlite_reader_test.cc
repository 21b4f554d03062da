// SqliteRepository::OpenReader: the read-only connections that serve reads
// off the engine thread (api/read_pool.h).
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "store/sqlite_repository.h"

namespace sfn::store {
namespace {

class SqliteReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("sfn-reader-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "db.sqlite").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
  std::string path_;
};

control::StateMachineRecord Machine(const std::string& name) {
  control::StateMachineRecord sm;
  sm.arn = "arn:aws:states:us-east-1:123456789012:stateMachine:" + name;
  sm.name = name;
  sm.type = "STANDARD";
  sm.role_arn = "arn:aws:iam::123456789012:role/r";
  sm.definition = R"({"StartAt":"A","States":{"A":{"Type":"Succeed"}}})";
  sm.revision_id = "rev-" + name;
  sm.logging_configuration = Json{{"level", "OFF"}};
  sm.tracing_configuration = Json{{"enabled", false}};
  sm.encryption_configuration = Json{{"type", "AWS_OWNED_KEY"}};
  sm.creation_date = FromEpochMillis(1000);
  return sm;
}

control::RevisionRecord RevisionOf(const control::StateMachineRecord& sm) {
  return {sm.revision_id,
          sm.arn,
          sm.name,
          sm.type,
          sm.role_arn,
          sm.definition,
          sm.logging_configuration,
          sm.tracing_configuration,
          sm.encryption_configuration,
          sm.creation_date,
          sm.revised};
}

TEST_F(SqliteReaderTest, SeesEveryCommitBeforeItsRead) {
  auto writer = SqliteRepository::Open(path_);
  ASSERT_TRUE(writer.ok());
  auto reader = SqliteRepository::OpenReader(path_);
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  for (const char* name : {"a", "b", "c"}) {
    auto sm = Machine(name);
    ASSERT_TRUE((*writer)->InsertStateMachine(sm, RevisionOf(sm), {{"k", name}}).ok());
    auto found = (*reader)->FindStateMachine(sm.arn);
    ASSERT_TRUE(found.ok());
    ASSERT_TRUE(found->has_value()) << name;
    EXPECT_EQ((*found)->definition, sm.definition);
    auto tags = (*reader)->ListTags(sm.arn);
    ASSERT_TRUE(tags.ok());
    EXPECT_EQ(*tags, (control::Tags{{"k", name}}));
    (*reader)->EndRead();
  }
  auto all = (*reader)->ListStateMachines(0, 10);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 3u);
  ASSERT_TRUE((*writer)->DeleteStateMachine(Machine("b").arn).ok());
  EXPECT_FALSE((*reader)->FindStateMachine(Machine("b").arn)->has_value());
}

TEST_F(SqliteReaderTest, RefusesWrites) {
  auto writer = SqliteRepository::Open(path_);
  ASSERT_TRUE(writer.ok());
  auto reader = SqliteRepository::OpenReader(path_);
  ASSERT_TRUE(reader.ok());
  auto sm = Machine("w");
  EXPECT_FALSE((*reader)->InsertStateMachine(sm, RevisionOf(sm), {}).ok());
  EXPECT_FALSE((*writer)->FindStateMachine(sm.arn)->has_value());
}

TEST_F(SqliteReaderTest, EndReadLetsTheLogBeCheckpointed) {
  auto writer = SqliteRepository::Open(path_);
  ASSERT_TRUE(writer.ok());
  auto reader = SqliteRepository::OpenReader(path_);
  ASSERT_TRUE(reader.ok());
  for (int i = 0; i < 3; ++i) {
    auto sm = Machine("m" + std::to_string(i));
    ASSERT_TRUE((*writer)->InsertStateMachine(sm, RevisionOf(sm), {}).ok());
  }
  // A page smaller than the table leaves its statement stepping: a read
  // transaction stays open on the reader's connection until EndRead.
  ASSERT_TRUE((*reader)->ListStateMachines(0, 1).ok());
  ASSERT_TRUE((*reader)->FindStateMachine(Machine("m0").arn).ok());
  (*reader)->EndRead();
  auto sm = Machine("later");
  ASSERT_TRUE((*writer)->InsertStateMachine(sm, RevisionOf(sm), {}).ok());
  int log = -1;
  int done = -1;
  EXPECT_EQ(sqlite3_wal_checkpoint_v2((*writer)->database().handle(), nullptr,
                                      SQLITE_CHECKPOINT_TRUNCATE, &log, &done),
            SQLITE_OK);
  EXPECT_EQ(log, 0);  // the log was reset: no reader held it
}

TEST_F(SqliteReaderTest, NeedsADatabaseThatExists) {
  EXPECT_FALSE(SqliteRepository::OpenReader((dir_ / "missing.sqlite").string()).ok());
}

}  // namespace
}  // namespace sfn::store
