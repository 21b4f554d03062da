// Time values and their text forms.
//
// TimePoint is wall-clock time at millisecond precision (what AWS histories
// carry). Parsing follows the States Language rule for timestamps: RFC 3339
// profile of ISO 8601, uppercase `T` and `Z` (or a numeric offset), optional
// fraction of a second. Pure functions; thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sfn {

using TimePoint = std::chrono::time_point<std::chrono::system_clock, std::chrono::milliseconds>;
using Millis = std::chrono::milliseconds;

// The latest instant the emulator's clocks reach: 9999-12-31T23:59:59Z.
// Later instants have five-digit years, which the SDKs cannot parse (a
// history timestamp past it would break every call that returns one), so
// virtual clocks stop there and nothing is scheduled after it.
inline constexpr TimePoint kMaxTime{Millis(253402300799000)};

// `t` plus `seconds`, or nullopt when that is past kMaxTime (or before the
// epoch); no overflow for any int64.
std::optional<TimePoint> AddSeconds(TimePoint t, int64_t seconds);

// nullopt when `text` is not an RFC 3339 timestamp.
std::optional<TimePoint> ParseRfc3339(std::string_view text);
// "2026-11-26T22:48:44.123Z"
std::string FormatIso8601(TimePoint t);
// Seconds since the epoch with millisecond fraction, as AWS JSON 1.0 sends
// timestamps.
double ToEpochSeconds(TimePoint t);
TimePoint FromEpochMillis(int64_t ms);
int64_t ToEpochMillis(TimePoint t);

}  // namespace sfn
