#include "emulator/control/paging.h"

#include <gtest/gtest.h>

#include <cctype>

namespace sfn::control {
namespace {

TEST(PagingTest, RoundTripsAndRejectsForeignTokens) {
  std::string token = EncodeToken("ListStateMachines", 200);
  Result<int64_t> offset = DecodeToken("ListStateMachines", token);
  ASSERT_TRUE(offset.ok());
  EXPECT_EQ(*offset, 200);
  EXPECT_EQ(*DecodeToken("ListStateMachines", std::nullopt), 0);
  Result<int64_t> foreign = DecodeToken("ListExecutions:x", token);
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.status().code(), ErrorCode::kInvalidToken);
  EXPECT_FALSE(DecodeToken("ListStateMachines", std::string("garbage")).ok());
}

// A bad token is each API's own error: Step Functions' InvalidToken,
// Lambda's InvalidParameterValueException.
TEST(PagingTest, BadTokensAnswerEachApisError) {
  struct Case {
    const char* what;
    std::string token;
  };
  std::string good = EncodeToken("L", 3);
  std::string tampered = good;
  tampered[10] = tampered[10] == '0' ? '1' : '0';
  const std::vector<Case> cases = {
      {"garbage", "garbage"},
      {"empty", ""},
      {"right length, wrong prefix", "xxxxxxxx" + good.substr(8)},
      {"not hex", "sfnpage1" + std::string(16, 'z') + good.substr(24)},
      {"offset changed", tampered},
      {"another listing's", EncodeToken("Other", 3)},
  };
  for (const Case& c : cases) {
    Result<int64_t> sfn = DecodeToken("L", c.token, kStepFunctionsPaging);
    ASSERT_FALSE(sfn.ok()) << c.what;
    EXPECT_EQ(sfn.status().code(), ErrorCode::kInvalidToken) << c.what;
    EXPECT_EQ(sfn.status().message(), "Invalid Token: '" + c.token + "'") << c.what;
    Result<int64_t> lambda = DecodeToken("L", c.token, kLambdaPaging);
    ASSERT_FALSE(lambda.ok()) << c.what;
    EXPECT_EQ(lambda.status().code(), ErrorCode::kInvalidParameterValueException) << c.what;
    EXPECT_EQ(lambda.status().message(), "Invalid Marker") << c.what;
  }
}

TEST(PagingTest, PageSizesPerApi) {
  EXPECT_EQ(PageSize(std::nullopt, kStepFunctionsPaging), 100);
  EXPECT_EQ(PageSize(0, kStepFunctionsPaging), 100);  // maxResults 0: the default
  EXPECT_EQ(PageSize(7, kStepFunctionsPaging), 7);
  EXPECT_EQ(PageSize(std::nullopt, kLambdaPaging), 50);
  EXPECT_EQ(PageSize(1000, kLambdaPaging), 1000);
}

std::vector<int> Numbers(int n) {
  std::vector<int> out;
  for (int i = 0; i < n; ++i) out.push_back(i);
  return out;
}

TEST(PagingTest, PagesThroughAListingInMemory) {
  std::vector<int> seen;
  PageQuery query{"Numbers", 2, std::nullopt};
  int pages = 0;
  for (;; ++pages) {
    Result<Page<int>> page = PageOf(Numbers(5), query, kLambdaPaging);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    seen.insert(seen.end(), page->items.begin(), page->items.end());
    if (!page->next_token) break;
    query.token = page->next_token;
  }
  EXPECT_EQ(pages, 2);
  EXPECT_EQ(seen, Numbers(5));
  // A page that ends exactly at the end has no next token.
  Result<Page<int>> exact =
      PageOf(Numbers(4), PageQuery{"Numbers", 4, std::nullopt}, kStepFunctionsPaging);
  ASSERT_TRUE(exact.ok());
  EXPECT_EQ(exact->items.size(), 4u);
  EXPECT_FALSE(exact->next_token);
}

TEST(PagingTest, FetchPageAsksTheStoreForOneMore) {
  std::vector<std::pair<int64_t, int>> calls;
  auto fetch = [&](int64_t offset, int limit) -> Result<std::vector<int>> {
    calls.emplace_back(offset, limit);
    std::vector<int> out;
    for (int64_t i = offset; i < 25 && i < offset + limit; ++i) out.push_back(static_cast<int>(i));
    return out;
  };
  Result<Page<int>> first =
      FetchPage<int>(PageQuery{"S", 10, std::nullopt}, kStepFunctionsPaging, fetch);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->items.size(), 10u);
  ASSERT_TRUE(first->next_token);
  Result<Page<int>> third =
      FetchPage<int>(PageQuery{"S", 10, EncodeToken("S", 20)}, kStepFunctionsPaging, fetch);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->items, (std::vector<int>{20, 21, 22, 23, 24}));
  EXPECT_FALSE(third->next_token);
  EXPECT_EQ(calls, (std::vector<std::pair<int64_t, int>>{{0, 11}, {20, 11}}));
  // A bad token answers before the store is asked.
  Result<Page<int>> bad =
      FetchPage<int>(PageQuery{"S", 10, std::string("nope")}, kStepFunctionsPaging, fetch);
  EXPECT_EQ(bad.status().code(), ErrorCode::kInvalidToken);
  EXPECT_EQ(calls.size(), 2u);
}

TEST(PagingTest, KeysetTokensRoundTripAndRefuseOthers) {
  const Position pos{1733400000000, -7};  // negative values survive too
  std::string token = EncodeKeysetToken("ListExecutions:m", pos);
  Result<std::optional<Position>> back = DecodeKeysetToken("ListExecutions:m", token, 2);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(**back, pos);
  EXPECT_FALSE(DecodeKeysetToken("ListExecutions:m", std::nullopt, 2)->has_value());
  std::string tampered = token;
  tampered[9] = tampered[9] == '0' ? '1' : '0';
  std::string upper = token;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  struct Case {
    const char* what;
    std::string token;
  };
  const std::vector<Case> cases = {
      {"another listing's", EncodeKeysetToken("ListExecutions:other", pos)},
      {"another key size", EncodeKeysetToken("ListExecutions:m", Position{5})},
      {"an offset token", EncodeToken("ListExecutions:m", 100)},
      {"position edited", tampered},
      {"upper-case hex", upper},
      {"garbage", "sfnpage2zz"},
  };
  for (const Case& c : cases) {
    Result<std::optional<Position>> sfn = DecodeKeysetToken("ListExecutions:m", c.token, 2);
    ASSERT_FALSE(sfn.ok()) << c.what;
    EXPECT_EQ(sfn.status().code(), ErrorCode::kInvalidToken) << c.what;
    Result<std::optional<Position>> lambda =
        DecodeKeysetToken("ListExecutions:m", c.token, 2, kLambdaPaging);
    ASSERT_FALSE(lambda.ok()) << c.what;
    EXPECT_EQ(lambda.status().code(), ErrorCode::kInvalidParameterValueException) << c.what;
  }
  // Nor does an offset listing take a keyset token.
  EXPECT_FALSE(DecodeToken("ListExecutions:m", token).ok());
}

TEST(PagingTest, FetchKeysetPageAsksForOneMoreAndTokensTheLastRow) {
  std::vector<std::pair<std::optional<Position>, int>> calls;
  // Rows 0..24, position {i}, read after a position.
  auto fetch = [&](const std::optional<Position>& after,
                   int limit) -> Result<std::vector<Positioned<int>>> {
    calls.emplace_back(after, limit);
    std::vector<Positioned<int>> out;
    for (int i = after ? static_cast<int>(after->front()) + 1 : 0;
         i < 25 && static_cast<int>(out.size()) < limit; ++i) {
      out.push_back({i, Position{i}});
    }
    return out;
  };
  std::vector<int> seen;
  PageQuery query{"S", 10, std::nullopt};
  int pages = 0;
  while (true) {
    Result<Page<int>> page = FetchKeysetPage<int>(query, 1, kStepFunctionsPaging, fetch);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    ++pages;
    seen.insert(seen.end(), page->items.begin(), page->items.end());
    if (!page->next_token) break;
    query.token = page->next_token;
  }
  EXPECT_EQ(pages, 3);
  std::vector<int> all;
  for (int i = 0; i < 25; ++i) all.push_back(i);
  EXPECT_EQ(seen, all);
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[0], (std::pair<std::optional<Position>, int>{std::nullopt, 11}));
  EXPECT_EQ(calls[1], (std::pair<std::optional<Position>, int>{Position{9}, 11}));
  EXPECT_EQ(calls[2], (std::pair<std::optional<Position>, int>{Position{19}, 11}));
  // A listing that ends on the page boundary has no token on its last page.
  Result<Page<int>> exact =
      FetchKeysetPage<int>(PageQuery{"S", 25, std::nullopt}, 1, kStepFunctionsPaging, fetch);
  ASSERT_TRUE(exact.ok());
  EXPECT_EQ(exact->items.size(), 25u);
  EXPECT_FALSE(exact->next_token);
  // A bad token answers before the store is asked.
  size_t asked = calls.size();
  Result<Page<int>> bad =
      FetchKeysetPage<int>(PageQuery{"S", 10, std::string("nope")}, 1, kStepFunctionsPaging, fetch);
  EXPECT_EQ(bad.status().code(), ErrorCode::kInvalidToken);
  EXPECT_EQ(calls.size(), asked);
}

}  // namespace
}  // namespace sfn::control
