// ListExecutions over the store (issue 16 part 5): every filter combination
// returns the same rows, in the same order and pages, as a filter applied to
// the whole list; a status filter reads through executions_by_status
// (migration 10), also in a database migrated from schema version 9.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "emulator/control/ports.h"
#include "emulator/core/time.h"
#include "store/database.h"
#include "store/sqlite_repository.h"
#include "tests/store/test_records.h"

namespace sfn::store {
namespace {

const std::string kMachine = testing::kMachineArn;
const std::string kVersion = kMachine + ":1";
const std::string kAlias = kMachine + ":live";

constexpr engine::ExecutionStatus kStatuses[] = {
    engine::ExecutionStatus::kRunning, engine::ExecutionStatus::kSucceeded,
    engine::ExecutionStatus::kFailed, engine::ExecutionStatus::kAborted};

// Execution i: statuses cycle; every third ran version 1, every fifth came
// through the alias, every fourth was redriven; start times collide in pairs
// so the order also rests on seq (insertion order).
engine::ExecutionRecord Execution(int i) {
  engine::ExecutionRecord e = testing::ExecutionOfM("e" + std::to_string(i), 1000 + i / 2);
  if (i % 3 == 0) e.info.version_arn = kVersion;
  if (i % 5 == 0) e.info.alias_arn = kAlias;
  if (i % 4 == 0) e.info.redrive_count = 1;
  e.status = kStatuses[i % 4 == 0 ? 1 : i % 7 % 4];
  return e;
}

constexpr int kCount = 60;

bool Matches(const engine::ExecutionRecord& e, const control::ExecutionFilter& f) {
  if (f.status && e.status != *f.status) return false;
  if (f.version_arn && e.info.version_arn != f.version_arn) return false;
  if (f.alias_arn && e.info.alias_arn != f.alias_arn) return false;
  if (f.redriven && (e.info.redrive_count > 0) != *f.redriven) return false;
  return true;
}

// Names newest first (start time, then insertion order), as AWS lists them.
std::vector<std::string> Expected(const control::ExecutionFilter& f) {
  std::vector<std::string> out;
  for (int i = kCount - 1; i >= 0; --i) {
    engine::ExecutionRecord e = Execution(i);
    if (Matches(e, f)) out.push_back(e.info.name);
  }
  return out;
}

std::vector<control::ExecutionFilter> AllFilters() {
  std::vector<control::ExecutionFilter> out;
  std::vector<std::optional<engine::ExecutionStatus>> statuses = {std::nullopt};
  for (auto s : kStatuses) statuses.emplace_back(s);
  for (const auto& status : statuses) {
    for (std::optional<std::string> version :
         {std::optional<std::string>(), std::optional(kVersion)}) {
      for (std::optional<std::string> alias :
           {std::optional<std::string>(), std::optional(kAlias)}) {
        for (std::optional<bool> redriven :
             {std::optional<bool>(), std::optional(true), std::optional(false)}) {
          out.push_back({kMachine, version, alias, status, redriven});
        }
      }
    }
  }
  return out;
}

void Fill(SqliteRepository& repo) {
  for (int i = 0; i < kCount; ++i) ASSERT_TRUE(repo.InsertExecution(Execution(i), {}).ok());
  // Another machine's executions never show.
  engine::ExecutionRecord other = Execution(0);
  other.info.arn += "-other";
  other.info.state_machine_arn += "-other";
  ASSERT_TRUE(repo.InsertExecution(other, {}).ok());
}

// Every filter, paged by 1, 7 and all at once (each page after the previous
// page's last position), matches the filtered list.
void ExpectListsMatch(SqliteRepository& repo) {
  for (const control::ExecutionFilter& f : AllFilters()) {
    std::vector<std::string> want = Expected(f);
    for (int limit : {1, 7, kCount + 1}) {
      std::vector<std::string> got;
      std::optional<control::Position> after;
      while (true) {
        auto page = repo.ListExecutions(f, after, limit);
        ASSERT_TRUE(page.ok()) << page.status().message();
        for (const auto& e : *page) got.push_back(e.item.info.name);
        if (page->size() < static_cast<size_t>(limit)) break;
        after = page->back().position;
      }
      EXPECT_EQ(got, want) << "status " << (f.status ? engine::StatusName(*f.status) : "-")
                           << " version " << f.version_arn.has_value() << " alias "
                           << f.alias_arn.has_value() << " redriven "
                           << (f.redriven ? (*f.redriven ? "1" : "0") : "-") << " limit " << limit;
    }
  }
}

using testing::PlanOf;

using testing::TempDir;

TEST(ListExecutionsTest, EveryFilterCombinationPagesLikeTheFilteredList) {
  auto repo = SqliteRepository::Open(":memory:");
  ASSERT_TRUE(repo.ok());
  Fill(**repo);
  ExpectListsMatch(**repo);
}

// The statements ListExecutions runs (store/sqlite_repository.cc), first
// page and a deep one: each reads one index in the listing's order (no
// sort), and a deep page seeks to its position through the index (the
// "start_ms<?" range of the row value) instead of stepping over the rows
// before it as OFFSET did (issue 16 part 5).
TEST(ListExecutionsTest, PagesSeekThroughTheirIndex) {
  TempDir dir;
  std::string path = dir.File("db.sqlite");
  {
    auto repo = SqliteRepository::Open(path);
    ASSERT_TRUE(repo.ok());
  }
  auto db = Database::Open(path);
  ASSERT_TRUE(db.ok());
  struct Case {
    const char* where;
    const char* index;
  };
  const Case cases[] = {
      {"", "executions_by_machine (state_machine_arn=?)"},
      {" AND (e.start_ms, e.seq) < (?6, ?7)",
       "executions_by_machine (state_machine_arn=? AND start_ms<?)"},
      {" AND e.status = ?2", "executions_by_status (state_machine_arn=? AND status=?)"},
      {" AND e.status = ?2 AND (e.start_ms, e.seq) < (?6, ?7)",
       "executions_by_status (state_machine_arn=? AND status=? AND start_ms<?)"},
  };
  for (const Case& c : cases) {
    std::string plan = PlanOf(**db, std::string("SELECT e.arn FROM executions e LEFT JOIN timers t "
                                                "ON t.execution_arn = e.arn WHERE "
                                                "e.state_machine_arn = ?1") +
                                        c.where + " ORDER BY e.start_ms DESC, e.seq DESC LIMIT ?5");
    EXPECT_NE(plan.find(std::string("SEARCH e USING INDEX ") + c.index), std::string::npos)
        << c.where << "\n"
        << plan;
    EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << c.where << "\n" << plan;
  }
}

// A database written at schema version 9 (no executions_by_status, nor the
// retention indexes of migration 11) gains the indexes when opened, and lists
// as before.
TEST(ListExecutionsTest, MigratesFromVersionNine) {
  TempDir dir;
  std::string path = dir.File("db.sqlite");
  {
    auto repo = SqliteRepository::Open(path);
    ASSERT_TRUE(repo.ok());
    Fill(**repo);
  }
  {
    auto db = Database::Open(path);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->Exec("DROP INDEX executions_by_status").ok());
    ASSERT_TRUE((*db)->Exec("DROP INDEX executions_by_stop").ok());
    ASSERT_TRUE((*db)->Exec("DROP INDEX task_tokens_by_execution").ok());
    ASSERT_TRUE((*db)->Exec("UPDATE meta SET value = '9' WHERE key = 'schema_version'").ok());
  }
  auto repo = SqliteRepository::Open(path);
  ASSERT_TRUE(repo.ok()) << repo.status().message();
  ExpectListsMatch(**repo);
  auto db = Database::Open(path);
  ASSERT_TRUE(db.ok());
  auto q = (*db)->Prepare(
      "SELECT (SELECT value FROM meta WHERE key = 'schema_version'), "
      "(SELECT count(*) FROM sqlite_master WHERE name IN ('executions_by_status', "
      "'executions_by_stop', 'task_tokens_by_execution'))");
  ASSERT_TRUE(q.ok());
  ASSERT_TRUE(*(*q)->Step());
  EXPECT_EQ((*q)->Text(0), "12");
  EXPECT_EQ((*q)->Int(1), 3);
}

}  // namespace
}  // namespace sfn::store
