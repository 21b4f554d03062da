#include "emulator/control/paging.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace sfn::control
