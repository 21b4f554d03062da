// JavaScript's Date, as far as jsonata-js's date/time functions use it: time
// values (milliseconds since the epoch as a double; NaN is an invalid Date
// and propagates as in JavaScript), Date.UTC, the UTC getters, and V8's
// Date.parse for the strings $toMillis hands it (ECMA-262 §21.4). Pure
// functions; thread-safe.
#pragma once

#include <string_view>

namespace sfn::jsonata {

inline constexpr double kMsPerDay = 86400000;

// ECMA-262's MakeDay / MakeTime / MakeDate / TimeClip, with V8's limits
// (years beyond ±1,000,000 and months beyond ±10,000,000 are NaN).
double MakeDay(double year, double month, double date);
double MakeTime(double h, double m, double s, double ms);
double MakeDate(double day, double time);
double TimeClip(double t);

// Date.UTC(year, month [, date [, hours [, minutes [, seconds [, ms]]]]]):
// years 0-99 mean 1900-1999.
double DateUtc(double year, double month, double date = 1, double h = 0, double m = 0, double s = 0,
               double ms = 0);

// The UTC fields of a time value (all NaN for an invalid Date).
struct DateFields {
  double year;
  double month;  // 0-11
  double date;
  double hours;
  double minutes;
  double seconds;
  double millis;
  double weekday;  // 0 is Sunday
};
DateFields UtcFields(double t);

// V8's Date.parse (its ES5 ISO parser, then its legacy parser for what is
// left), for strings of digits and - + : . T Z, which is all that 2.0.6's
// $toMillis pattern lets through. A string without a zone is read as UTC
// (local time, and the emulator runs in UTC). Other characters are skipped
// as V8 skips unknown ones.
double V8DateParse(std::string_view text);

}  // namespace sfn::jsonata
