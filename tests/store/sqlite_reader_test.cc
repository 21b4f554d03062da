// SqliteRepository::OpenReader: the read-only connections that serve reads
// off the engine thread (api/read_pool.h).
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "store/sqlite_repository.h"
#include "tests/store/test_records.h"

namespace sfn::store {
namespace {

class SqliteReaderTest : public ::testing::Test {
 protected:
  testing::TempDir dir_;
  std::string path_ = dir_.File("db.sqlite");
};

using testing::MachineNamed;

control::RevisionRecord RevisionOf(const control::StateMachineRecord& sm) {
  return control::RevisionOf(sm, sm.creation_date);
}

TEST_F(SqliteReaderTest, SeesEveryCommitBeforeItsRead) {
  auto writer = SqliteRepository::Open(path_);
  ASSERT_TRUE(writer.ok());
  auto reader = SqliteRepository::OpenReader(path_);
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  for (const char* name : {"a", "b", "c"}) {
    auto sm = MachineNamed(name);
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
  ASSERT_TRUE((*writer)->DeleteStateMachine(MachineNamed("b").arn).ok());
  EXPECT_FALSE((*reader)->FindStateMachine(MachineNamed("b").arn)->has_value());
}

TEST_F(SqliteReaderTest, RefusesWrites) {
  auto writer = SqliteRepository::Open(path_);
  ASSERT_TRUE(writer.ok());
  auto reader = SqliteRepository::OpenReader(path_);
  ASSERT_TRUE(reader.ok());
  auto sm = MachineNamed("w");
  EXPECT_FALSE((*reader)->InsertStateMachine(sm, RevisionOf(sm), {}).ok());
  EXPECT_FALSE((*writer)->FindStateMachine(sm.arn)->has_value());
}

TEST_F(SqliteReaderTest, EndReadLetsTheLogBeCheckpointed) {
  auto writer = SqliteRepository::Open(path_);
  ASSERT_TRUE(writer.ok());
  auto reader = SqliteRepository::OpenReader(path_);
  ASSERT_TRUE(reader.ok());
  for (int i = 0; i < 3; ++i) {
    auto sm = MachineNamed("m" + std::to_string(i));
    ASSERT_TRUE((*writer)->InsertStateMachine(sm, RevisionOf(sm), {}).ok());
  }
  // A page smaller than the table leaves its statement stepping: a read
  // transaction stays open on the reader's connection until EndRead.
  ASSERT_TRUE((*reader)->ListStateMachines(0, 1).ok());
  ASSERT_TRUE((*reader)->FindStateMachine(MachineNamed("m0").arn).ok());
  (*reader)->EndRead();
  auto sm = MachineNamed("later");
  ASSERT_TRUE((*writer)->InsertStateMachine(sm, RevisionOf(sm), {}).ok());
  int log = -1;
  int done = -1;
  EXPECT_EQ(sqlite3_wal_checkpoint_v2((*writer)->database().handle(), nullptr,
                                      SQLITE_CHECKPOINT_TRUNCATE, &log, &done),
            SQLITE_OK);
  EXPECT_EQ(log, 0);  // the log was reset: no reader held it
}

TEST_F(SqliteReaderTest, NeedsADatabaseThatExists) {
  EXPECT_FALSE(SqliteRepository::OpenReader(dir_.File("missing.sqlite")).ok());
}

}  // namespace
}  // namespace sfn::store
