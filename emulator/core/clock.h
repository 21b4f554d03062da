// Injected time (DESIGN.md, "Time").
//
// Nothing in the tree reads the system clock directly; it asks a Clock.
//  - RealClock: wall time.
//  - ScaledClock: time that runs 1/scale times as fast as wall time from the
//    moment it is made, so every wait takes `scale` of its length in real
//    time (Step Functions Local's WAIT_TIME_SCALE) and histories show the
//    durations the definition asked for.
//  - VirtualClock: a settable time. In `auto_advance` mode the driver jumps it
//    to the next due timer whenever nothing else is runnable, so a Wait of a
//    year ends at once with history timestamps a year apart; in manual mode it
//    moves only through Advance() (the admin endpoint).
// All implementations are thread-safe.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "emulator/core/status.h"
#include "emulator/core/time.h"

namespace sfn {

enum class ClockMode { kReal, kVirtual, kManual };
Result<ClockMode> ParseClockMode(const std::string& text);

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
  // How long the driver really waits for a timer `d` into the future.
  virtual Millis RealDelay(Millis d) const { return d; }
  // Virtual clocks only: time moves only when the driver or admin moves it.
  virtual bool IsVirtual() const { return false; }
  // Virtual clocks with auto-advance: the driver jumps to the next timer.
  virtual bool AutoAdvance() const { return false; }
  // Moves a virtual clock forward (never backward, never past kMaxTime);
  // no-op for real clocks.
  virtual void AdvanceTo(TimePoint) {}
};

class RealClock : public Clock {
 public:
  TimePoint Now() const override;
};

class ScaledClock : public Clock {
 public:
  explicit ScaledClock(double scale);
  TimePoint Now() const override;
  Millis RealDelay(Millis d) const override;

 private:
  double scale_;
  TimePoint origin_;
};

class VirtualClock : public Clock {
 public:
  VirtualClock(TimePoint start, bool auto_advance)
      : now_ms_(ToEpochMillis(start)), auto_advance_(auto_advance) {}
  TimePoint Now() const override { return FromEpochMillis(now_ms_.load()); }
  bool IsVirtual() const override { return true; }
  bool AutoAdvance() const override { return auto_advance_; }
  void AdvanceTo(TimePoint t) override;

 private:
  std::atomic<int64_t> now_ms_;
  bool auto_advance_;
};

std::unique_ptr<Clock> MakeClock(ClockMode mode, double wait_scale);

}  // namespace sfn
