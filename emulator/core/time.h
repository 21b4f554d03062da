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
