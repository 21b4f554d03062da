#include "emulator/control/clock_service.h"

#include <cmath>

namespace sfn::control {

ClockReading ClockService::Read() const { return ClockReading{clock_.Now(), clock_.IsVirtual()}; }

Result<ClockReading> ClockService::Advance(double seconds) {
  if (seconds > 0) {
    if (!clock_.IsVirtual()) {
      return Status(ErrorCode::kValidationException,
                    "The clock can only be advanced with --clock virtual or --clock manual");
    }
    // Checked in double before any conversion: 1e300 seconds must not wrap.
    double left_ms = static_cast<double>((kMaxTime - clock_.Now()).count());
    if (!std::isfinite(seconds) || seconds * 1000 > left_ms) {
      return Status(ErrorCode::kValidationException,
                    "The clock cannot be advanced past " + FormatIso8601(kMaxTime) + " (it is " +
                        FormatIso8601(clock_.Now()) + ")");
    }
    driver_.AdvanceClock(Millis(static_cast<int64_t>(seconds * 1000)));
  }
  return Read();
}

}  // namespace sfn::control
