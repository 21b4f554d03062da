#include "emulator/core/time.h"

#include <cstdint>

#include "emulator/core/clock.h"

#include <gtest/gtest.h>

namespace sfn {
namespace {

struct Rfc3339Case {
  const char* text;
  bool valid;
  int64_t epoch_ms;
};

class Rfc3339Test : public testing::TestWithParam<Rfc3339Case> {};

TEST_P(Rfc3339Test, Parses) {
  const Rfc3339Case& c = GetParam();
  std::optional<TimePoint> t = ParseRfc3339(c.text);
  ASSERT_EQ(t.has_value(), c.valid) << c.text;
  if (c.valid) {
    EXPECT_EQ(ToEpochMillis(*t), c.epoch_ms) << c.text;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, Rfc3339Test,
    testing::Values(Rfc3339Case{"2016-03-14T01:59:00Z", true, 1457920740000},
                    Rfc3339Case{"2016-03-14T01:59:00.250Z", true, 1457920740250},
                    Rfc3339Case{"2016-03-14T03:59:00+02:00", true, 1457920740000},
                    Rfc3339Case{"2016-03-13T23:59:00-02:00", true, 1457920740000},
                    Rfc3339Case{"2016-13-05T21:29:29Z", false, 0},
                    Rfc3339Case{"2016-12-05T25:29:29Z", false, 0},
                    Rfc3339Case{"2016-12-05 21:29:29Z", false, 0},
                    Rfc3339Case{"2016-12-05T21:29:29", false, 0},
                    Rfc3339Case{"05-12-2016T21:29:29Z", false, 0},
                    Rfc3339Case{"2016-02-30T00:00:00Z", false, 0},
                    Rfc3339Case{"", false, 0}));

TEST(TimeFormatTest, FormatsIsoWithMillis) {
  EXPECT_EQ(FormatIso8601(FromEpochMillis(1457920740250)), "2016-03-14T01:59:00.250Z");
  EXPECT_DOUBLE_EQ(ToEpochSeconds(FromEpochMillis(1500)), 1.5);
}

TEST(TimeLimitTest, AddSecondsStopsAtTheLastInstantAndNeverOverflows) {
  EXPECT_EQ(FormatIso8601(kMaxTime), "9999-12-31T23:59:59.000Z");
  TimePoint now = FromEpochMillis(1457920740250);
  EXPECT_EQ(AddSeconds(now, 60), now + std::chrono::seconds(60));
  EXPECT_FALSE(AddSeconds(now, 400'000'000'000).has_value());
  EXPECT_FALSE(AddSeconds(now, INT64_MAX).has_value());
  EXPECT_FALSE(AddSeconds(now, -1).has_value());
  EXPECT_EQ(AddSeconds(kMaxTime - std::chrono::seconds(10), 10), kMaxTime);
  EXPECT_FALSE(AddSeconds(kMaxTime - std::chrono::seconds(10), 11).has_value());
}

TEST(TimeLimitTest, AVirtualClockStopsAtTheLastInstant) {
  VirtualClock clock(FromEpochMillis(0), false);
  clock.AdvanceTo(kMaxTime + std::chrono::hours(24 * 365));
  EXPECT_EQ(clock.Now(), kMaxTime);
}

}  // namespace
}  // namespace sfn
