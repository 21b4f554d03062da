// The emulator's clock as its admin surface shows and moves it
// (GET/POST /_emulator/clock): reading the time, and advancing a virtual or
// manual clock, which fires the timers (Wait states, retries, task timeouts)
// that become due. The way api/ reaches the driver's clock without knowing
// the engine. Not thread-safe: runs on the engine thread, which owns the
// driver.
#pragma once

#include "emulator/core/clock.h"
#include "emulator/core/status.h"
#include "emulator/core/time.h"
#include "emulator/engine/driver.h"

namespace sfn::control {

struct ClockReading {
  TimePoint now;
  bool is_virtual = false;  // --clock virtual or manual: only admin moves it
};

class ClockService {
 public:
  ClockService(Clock& clock, engine::Driver& driver) : clock_(clock), driver_(driver) {}

  ClockReading Read() const;
  // Moves the clock forward by `seconds` (>= 0, millisecond precision) and
  // runs what became due; a real clock cannot be moved (kValidationException
  // unless `seconds` is 0), nor any clock past kMaxTime (kValidationException).
  Result<ClockReading> Advance(double seconds);

 private:
  Clock& clock_;
  engine::Driver& driver_;
};

}  // namespace sfn::control
