// JSONata's date/time functions, as jsonata-js 2.0.6 implements them:
//   $fromMillis(millis [, picture [, timezone]])
//   $toMillis(timestamp [, picture])
//   $now([picture [, timezone]])  is FromMillis of the evaluation's time
//   $millis()                     is the evaluation's time itself
// Pictures follow XPath F&O 3.1 fn:format-dateTime as jsonata-js reads them:
// variable markers `[Y0001]`, `[M01]`, `[MNn]`, `[D1o]`, `[d]`, `[F]`,
// `[FNn,3-3]`, `[W]`, `[w]`, `[X]`, `[x]`, `[H01]`, `[h]`, `[P]`, `[m01]`,
// `[s01]`, `[f001]`, `[Z]`, `[z]`, `[C]`, `[E]` with presentation and width
// modifiers, literal text, and `[[` / `]]` for literal brackets. Times are
// UTC shifted by the timezone argument (`±HHMM`).
//
// An undefined first argument makes the jsonata-js functions return
// undefined; that is the caller's job. Errors carry 2.0.6's codes and texts
// (D3110, D3130-D3136). Where 2.0.6 fails with a JavaScript TypeError the
// Error has an empty code and V8's message. Pure functions; no global
// mutable state; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "emulator/jsonata/error.h"

namespace sfn::jsonata {

// $fromMillis / $now. Without a picture the result is ISO 8601 with
// milliseconds, "2018-02-01T12:34:56.789Z" (or "+05:30" style with a
// timezone). `millis` is truncated to an integer as JavaScript's Date does;
// beyond ±8.64e15 ms (an invalid Date) every component prints "NaN", as in
// 2.0.6. A timezone is read with JavaScript's parseInt and split into hours
// and minutes the way 2.0.6 does (so "-0530" is six and a half hours behind).
Expected<std::string> FromMillis(double millis, std::optional<std::string_view> picture = {},
                                 std::optional<std::string_view> timezone = {});

// $toMillis. Without a picture the timestamp must match 2.0.6's ISO 8601
// pattern (else D3110) and is read as JavaScript's Date.parse reads it
// (date-only and offset-less forms as UTC; the emulator runs in UTC); the
// result can be NaN for a string the pattern admits but Date.parse rejects
// ("2018-13-01"). With a picture, components missing before the first given
// one come from `now_millis` (the evaluation's time, what $now() returns),
// later ones default to their minimum. The result is nullopt (undefined)
// when the timestamp does not match the picture or the picture has no
// variable marker. The match is the backtracking search of the regular
// expression jsonata-js builds from the picture (flag i: literal text
// compares case-insensitively over ASCII, Latin-1, Greek and Cyrillic), with
// a step budget: a pathological picture that would backtrack for minutes
// counts as no match.
Expected<std::optional<double>> ToMillis(std::string_view timestamp,
                                         std::optional<std::string_view> picture,
                                         double now_millis);

}  // namespace sfn::jsonata
