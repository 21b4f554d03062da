// Keyset pages over the store (issue 16 part 5): ListExecutions and
// GetExecutionHistory read each page after the position of the previous
// page's last row (control/paging.h's FetchKeysetPage, the way
// ExecutionService pages them). Pages come out as the whole listing cut in
// pieces, ties on the start time included, in both history directions; the
// last page has no token; a malformed, foreign or pre-upgrade (offset) token
// is InvalidToken; history pages seek through the primary key.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "emulator/control/paging.h"
#include "emulator/control/ports.h"
#include "emulator/core/time.h"
#include "store/database.h"
#include "store/sqlite_repository.h"
#include "tests/store/test_records.h"

namespace sfn::store {
namespace {

using control::FetchKeysetPage;
using control::Page;
using control::PageQuery;
using control::Position;
using control::Positioned;

const std::string kMachine = testing::kMachineArn;

// Execution i starts at 1000 + i / 4: runs of four share a start time, so
// the order within a run rests on insertion order alone.
engine::ExecutionRecord Execution(int i) {
  engine::ExecutionRecord e = testing::ExecutionOfM("e" + std::to_string(i), 1000 + i / 4);
  e.status = i % 2 == 0 ? engine::ExecutionStatus::kSucceeded : engine::ExecutionStatus::kFailed;
  return e;
}

constexpr int kExecutions = 23;
constexpr int kEvents = 17;

engine::HistoryEvent Event(int64_t id) {
  engine::HistoryEvent ev;
  ev.id = id;
  ev.previous_event_id = id - 1;
  ev.timestamp = FromEpochMillis(1000 + id);
  ev.type = "PassStateEntered";
  ev.details_key = "stateEnteredEventDetails";
  ev.details = Json::object();
  return ev;
}

class KeysetPagingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto repo = SqliteRepository::Open(":memory:");
    ASSERT_TRUE(repo.ok());
    repo_ = std::move(repo).value();
    for (int i = 0; i < kExecutions; ++i) {
      std::vector<engine::HistoryEvent> events;
      if (i == 0) {
        for (int id = 1; id <= kEvents; ++id) events.push_back(Event(id));
      }
      ASSERT_TRUE(repo_->InsertExecution(Execution(i), events).ok());
    }
  }

  // One ListExecutions page, as ExecutionService::List reads it.
  Result<Page<std::string>> ExecutionsPage(const PageQuery& query,
                                           std::optional<engine::ExecutionStatus> status) {
    control::ExecutionFilter filter{kMachine, std::nullopt, std::nullopt, status};
    return FetchKeysetPage<std::string>(
        query, 2, control::kStepFunctionsPaging,
        [&](const std::optional<Position>& after,
            int limit) -> Result<std::vector<Positioned<std::string>>> {
          SFN_ASSIGN_OR_RETURN(auto rows, repo_->ListExecutions(filter, after, limit));
          std::vector<Positioned<std::string>> out;
          for (auto& r : rows) out.push_back({r.item.info.name, r.position});
          return out;
        });
  }

  // One GetExecutionHistory page, as ExecutionService::History reads it.
  Result<Page<int64_t>> HistoryPage(const PageQuery& query, bool reverse) {
    return FetchKeysetPage<int64_t>(
        query, 1, control::kStepFunctionsPaging,
        [&](const std::optional<Position>& after,
            int limit) -> Result<std::vector<Positioned<int64_t>>> {
          std::optional<int64_t> after_id;
          if (after) after_id = after->front();
          SFN_ASSIGN_OR_RETURN(auto events,
                               repo_->ListEvents(Execution(0).info.arn, reverse, after_id, limit));
          std::vector<Positioned<int64_t>> out;
          for (const auto& e : events) out.push_back({e.id, Position{e.id}});
          return out;
        });
  }

  // Every page of a listing; `pages` counts them and checks that only the
  // last has no token.
  template <typename T, typename Read>
  std::vector<T> All(PageQuery query, Read read, int* pages) {
    std::vector<T> out;
    *pages = 0;
    while (true) {
      Result<Page<T>> page = read(query);
      EXPECT_TRUE(page.ok()) << page.status().ToString();
      if (!page.ok()) break;
      ++*pages;
      out.insert(out.end(), page->items.begin(), page->items.end());
      if (!page->next_token) break;
      EXPECT_FALSE(page->items.empty());
      query.token = page->next_token;
    }
    return out;
  }

  std::unique_ptr<SqliteRepository> repo_;
};

TEST_F(KeysetPagingTest, ExecutionPagesKeepTheOrderThroughTiesOnStartTime) {
  for (std::optional<engine::ExecutionStatus> status :
       {std::optional<engine::ExecutionStatus>(),
        std::optional(engine::ExecutionStatus::kSucceeded)}) {
    std::vector<std::string> want;  // newest first; within a start time, last inserted first
    for (int i = kExecutions - 1; i >= 0; --i) {
      if (!status || Execution(i).status == *status) want.push_back(Execution(i).info.name);
    }
    for (int size : {1, 2, 3, 4, 5, 100}) {
      int pages = 0;
      std::vector<std::string> got = All<std::string>(
          PageQuery{"ListExecutions:m", size, std::nullopt},
          [&](const PageQuery& q) { return ExecutionsPage(q, status); }, &pages);
      EXPECT_EQ(got, want) << "page size " << size;
      // A listing that ends on a page boundary has no empty page after it.
      EXPECT_EQ(pages, (static_cast<int>(want.size()) + size - 1) / size) << "page size " << size;
    }
  }
}

TEST_F(KeysetPagingTest, HistoryPagesInBothDirections) {
  std::vector<int64_t> forward, backward;
  for (int64_t id = 1; id <= kEvents; ++id) forward.push_back(id);
  backward.assign(forward.rbegin(), forward.rend());
  for (bool reverse : {false, true}) {
    for (int size : {1, 4, kEvents, 100}) {
      int pages = 0;
      std::vector<int64_t> got = All<int64_t>(
          PageQuery{reverse ? "GetExecutionHistory:x:r" : "GetExecutionHistory:x", size,
                    std::nullopt},
          [&](const PageQuery& q) { return HistoryPage(q, reverse); }, &pages);
      EXPECT_EQ(got, reverse ? backward : forward) << "reverse " << reverse << " size " << size;
      EXPECT_EQ(pages, (kEvents + size - 1) / size) << "reverse " << reverse << " size " << size;
    }
  }
}

TEST_F(KeysetPagingTest, BadTokensAreInvalidToken) {
  Result<Page<std::string>> first =
      ExecutionsPage(PageQuery{"ListExecutions:m", 5, std::nullopt}, std::nullopt);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(first->next_token);
  std::string good = *first->next_token;
  std::string tampered = good;
  tampered[12] = tampered[12] == '0' ? '1' : '0';
  Result<Page<int64_t>> history =
      HistoryPage(PageQuery{"GetExecutionHistory:x", 5, std::nullopt}, false);
  ASSERT_TRUE(history.ok() && history->next_token);
  struct Case {
    const char* what;
    std::string token;
  };
  const std::vector<Case> cases = {
      {"malformed", "not-a-token"},
      {"empty", ""},
      {"position edited", tampered},
      {"truncated", good.substr(0, good.size() - 1)},
      {"another listing's (another status filter)",
       control::EncodeKeysetToken("ListExecutions:m:SUCCEEDED:", Position{1005, 21})},
      {"a history token", *history->next_token},
      {"an offset token from before the upgrade", control::EncodeToken("ListExecutions:m", 5)},
  };
  for (const Case& c : cases) {
    Result<Page<std::string>> page =
        ExecutionsPage(PageQuery{"ListExecutions:m", 5, c.token}, std::nullopt);
    ASSERT_FALSE(page.ok()) << c.what;
    EXPECT_EQ(page.status().code(), ErrorCode::kInvalidToken) << c.what;
    EXPECT_EQ(page.status().message(), "Invalid Token: '" + c.token + "'") << c.what;
  }
  // The other direction of the same history is another listing.
  Result<Page<int64_t>> reversed =
      HistoryPage(PageQuery{"GetExecutionHistory:x:r", 5, history->next_token}, true);
  ASSERT_FALSE(reversed.ok());
  EXPECT_EQ(reversed.status().code(), ErrorCode::kInvalidToken);
  // And the good token still reads its page.
  EXPECT_TRUE(ExecutionsPage(PageQuery{"ListExecutions:m", 5, good}, std::nullopt).ok());
}

// The statements ListEvents runs (store/sqlite_repository.cc) seek through
// the (execution, id) index of migration 12 in both directions.
TEST_F(KeysetPagingTest, HistoryPagesSeekThroughTheExecutionIndex) {
  for (const char* sql :
       {"SELECT id, type, details FROM history_events WHERE execution_arn = ? AND id > ? "
        "ORDER BY id ASC LIMIT ?",
        "SELECT id, type, details FROM history_events WHERE execution_arn = ? AND id < ? "
        "ORDER BY id DESC LIMIT ?"}) {
    std::string plan = testing::PlanOf(repo_->database(), sql);
    const char* range = std::string(sql).find("id >") != std::string::npos ? "id>?" : "id<?";
    EXPECT_NE(plan.find(std::string("SEARCH history_events USING INDEX history_events_by_execution "
                                    "(execution_arn=? AND ") +
                        range + ")"),
              std::string::npos)
        << plan;
    EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << plan;
  }
}

}  // namespace
}  // namespace sfn::store
