#include "emulator/core/clock.h"

#include <algorithm>
#include <cmath>

namespace sfn {

Result<ClockMode> ParseClockMode(const std::string& text) {
  if (text == "real") return ClockMode::kReal;
  if (text == "virtual") return ClockMode::kVirtual;
  if (text == "manual") return ClockMode::kManual;
  return Status(ErrorCode::kValidationException,
                "--clock must be one of real, virtual, manual (got '" + text + "')");
}

TimePoint RealClock::Now() const {
  return std::chrono::time_point_cast<Millis>(std::chrono::system_clock::now());
}

ScaledClock::ScaledClock(double scale) : scale_(scale), origin_(RealClock().Now()) {}

TimePoint ScaledClock::Now() const {
  Millis real = RealClock().Now() - origin_;
  return origin_ + Millis(static_cast<int64_t>(static_cast<double>(real.count()) / scale_));
}

Millis ScaledClock::RealDelay(Millis d) const {
  return Millis(static_cast<int64_t>(std::llround(static_cast<double>(d.count()) * scale_)));
}

void VirtualClock::AdvanceTo(TimePoint t) {
  int64_t target = ToEpochMillis(std::min(t, kMaxTime));
  int64_t cur = now_ms_.load();
  while (cur < target && !now_ms_.compare_exchange_weak(cur, target)) {
  }
}

std::unique_ptr<Clock> MakeClock(ClockMode mode, double wait_scale) {
  RealClock real;
  switch (mode) {
    case ClockMode::kVirtual: return std::make_unique<VirtualClock>(real.Now(), true);
    case ClockMode::kManual: return std::make_unique<VirtualClock>(real.Now(), false);
    case ClockMode::kReal: break;
  }
  if (wait_scale > 0 && wait_scale != 1.0) return std::make_unique<ScaledClock>(wait_scale);
  return std::make_unique<RealClock>();
}

}  // namespace sfn
