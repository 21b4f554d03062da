#include "emulator/core/clock.h"

#include <gtest/gtest.h>

#include "emulator/core/random.h"

namespace sfn {
namespace {

TEST(ClockTest, VirtualClockMovesOnlyForward) {
  VirtualClock clock(FromEpochMillis(1000), /*auto_advance=*/false);
  EXPECT_TRUE(clock.IsVirtual());
  EXPECT_FALSE(clock.AutoAdvance());
  clock.AdvanceTo(FromEpochMillis(5000));
  EXPECT_EQ(ToEpochMillis(clock.Now()), 5000);
  clock.AdvanceTo(FromEpochMillis(2000));
  EXPECT_EQ(ToEpochMillis(clock.Now()), 5000);
}

TEST(ClockTest, ScaledClockShortensRealDelays) {
  ScaledClock clock(0.01);
  EXPECT_EQ(clock.RealDelay(Millis(60000)).count(), 600);
}

TEST(ClockTest, ParsesModes) {
  EXPECT_EQ(*ParseClockMode("virtual"), ClockMode::kVirtual);
  EXPECT_EQ(*ParseClockMode("manual"), ClockMode::kManual);
  EXPECT_FALSE(ParseClockMode("fast").ok());
}

TEST(RandomTest, SeededIsReproducible) {
  Random a(42), b(42);
  EXPECT_EQ(a.Uuid(), b.Uuid());
  std::string u = a.Uuid();
  EXPECT_EQ(u.size(), 36u);
  EXPECT_EQ(u[14], '4');
}

}  // namespace
}  // namespace sfn
