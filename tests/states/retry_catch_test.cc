#include "emulator/states/retry_catch.h"

#include <gtest/gtest.h>

#include "emulator/asl/parser.h"

namespace sfn::states {
namespace {

struct MatchCase {
  std::vector<std::string> error_equals;
  std::string error;
  bool matches;
};

class ErrorMatchesTest : public ::testing::TestWithParam<MatchCase> {};

TEST_P(ErrorMatchesTest, Matches) {
  const MatchCase& c = GetParam();
  EXPECT_EQ(c.matches, ErrorMatches(c.error_equals, c.error));
}

INSTANTIATE_TEST_SUITE_P(
    Rules, ErrorMatchesTest,
    ::testing::Values(
        MatchCase{{"MyError"}, "MyError", true}, MatchCase{{"MyError"}, "Other", false},
        MatchCase{{"States.ALL"}, "Other", true}, MatchCase{{"States.ALL"}, "States.Timeout", true},
        MatchCase{{"States.ALL"}, "States.Runtime", false},
        MatchCase{{"States.Runtime"}, "States.Runtime", false},
        MatchCase{{"States.ALL"}, "States.DataLimitExceeded", true},
        MatchCase{{"States.DataLimitExceeded"}, "States.DataLimitExceeded", true},
        MatchCase{{"States.TaskFailed"}, "Lambda.Unknown", true},
        MatchCase{{"States.TaskFailed"}, "States.Timeout", false},
        MatchCase{{"State.ALL"}, "MyError", false}, MatchCase{{"A", "B"}, "B", true}));

asl::DefinitionPtr MapWithRetry(const std::string& retry) {
  std::string text = R"({"StartAt":"M","States":{"M":{"Type":"Map","End":true,
      "ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"Retry":)" +
                     retry + "}}}";
  auto d = asl::Parse(text);
  EXPECT_TRUE(d.ok()) << d.status().ToString();
  return d.ok() ? *d : nullptr;
}

TEST(DecideRetryTest, BackoffIsIntervalTimesRateToTheAttempt) {
  auto def = MapWithRetry(
      R"([{"ErrorEquals":["E"],"IntervalSeconds":2,"BackoffRate":3,"MaxAttempts":3}])");
  const asl::State& s = *def->body.Find("M");
  std::vector<int64_t> delays;
  for (int made = 0; made < 4; ++made) {
    auto d = DecideRetry(s, {"E", "c"}, {made}, nullptr);
    if (!d) break;
    delays.push_back(d->delay.count());
  }
  EXPECT_EQ((std::vector<int64_t>{2000, 6000, 18000}), delays);
}

TEST(DecideRetryTest, MaxDelayCapsAndDefaultsApply) {
  auto def = MapWithRetry(R"([{"ErrorEquals":["States.ALL"],"MaxDelaySeconds":3}])");
  const asl::State& s = *def->body.Find("M");
  EXPECT_EQ(1000, DecideRetry(s, {"E", ""}, {0}, nullptr)->delay.count());
  EXPECT_EQ(2000, DecideRetry(s, {"E", ""}, {1}, nullptr)->delay.count());
  EXPECT_EQ(3000, DecideRetry(s, {"E", ""}, {2}, nullptr)->delay.count());
  EXPECT_FALSE(DecideRetry(s, {"E", ""}, {3}, nullptr).has_value()) << "MaxAttempts defaults to 3";
}

TEST(DecideRetryTest, FirstMatchingRetrierDecidesEvenWhenExhausted) {
  auto def = MapWithRetry(
      R"([{"ErrorEquals":["E"],"MaxAttempts":0},{"ErrorEquals":["States.ALL"],"MaxAttempts":5}])");
  const asl::State& s = *def->body.Find("M");
  EXPECT_FALSE(DecideRetry(s, {"E", ""}, {}, nullptr).has_value());
  auto other = DecideRetry(s, {"Other", ""}, {}, nullptr);
  ASSERT_TRUE(other.has_value());
  EXPECT_EQ(1u, other->retrier);
}

TEST(DecideRetryTest, FullJitterStaysWithinTheDelay) {
  auto def = MapWithRetry(
      R"([{"ErrorEquals":["E"],"IntervalSeconds":10,"JitterStrategy":"FULL","MaxAttempts":9}])");
  const asl::State& s = *def->body.Find("M");
  Random random(7);
  for (int i = 0; i < 50; ++i) {
    auto d = DecideRetry(s, {"E", ""}, {0}, &random);
    ASSERT_TRUE(d.has_value());
    EXPECT_GE(d->delay.count(), 0);
    EXPECT_LE(d->delay.count(), 10000);
  }
}

TEST(FindCatcherTest, FirstMatchWinsAndErrorOutputHasAwsShape) {
  auto d = asl::Parse(R"({"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,
      "Branches":[{"StartAt":"X","States":{"X":{"Type":"Pass","End":true}}}],
      "Catch":[{"ErrorEquals":["A"],"Next":"One"},{"ErrorEquals":["States.ALL"],"Next":"Two"}]},
      "One":{"Type":"Pass","End":true},"Two":{"Type":"Pass","End":true}}})");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  const asl::State& s = *(*d)->body.Find("P");
  EXPECT_EQ("One", FindCatcher(s, {"A", ""})->next);
  EXPECT_EQ("Two", FindCatcher(s, {"B", ""})->next);
  EXPECT_EQ(nullptr, FindCatcher(s, {"States.Runtime", ""}));
  EXPECT_EQ(R"({"Error":"A","Cause":"c"})", DumpJson(ErrorOutput({"A", "c"})));
}

}  // namespace
}  // namespace sfn::states
