#include "emulator/control/clock_service.h"

namespace sfn::control {

ClockReading ClockService::Read() const { return ClockReading{clock_.Now(), clock_.IsVirtual()}; }

Result<ClockReading> ClockService::Advance(double seconds) {
  if (seconds > 0) {
    if (!clock_.IsVirtual()) {
      return Status(ErrorCode::kValidationException,
                    "The clock can only be advanced with --clock virtual or --clock manual");
    }
    driver_.AdvanceClock(Millis(static_cast<int64_t>(seconds * 1000)));
  }
  return Read();
}

}  // namespace sfn::control
