// The date/time picture of XPath F&O 3.1 fn:format-dateTime as jsonata-js
// 2.0.6 analyses it (analyseDateTimePicture), and the component values a
// time value gives for its markers (getDateTimeFragment). $fromMillis formats
// with both, $toMillis parses with them. Pictures are JavaScript strings
// (UTF-16), as in jsonata-js. Pure functions; thread-safe.
#pragma once

#include <array>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/jsonata/error.h"
#include "emulator/jsonata/integer_picture.h"
#include "emulator/jsonata/js_date.h"

namespace sfn::jsonata {

inline constexpr std::array<const char16_t*, 8> kDayNames = {
    u"", u"Monday", u"Tuesday", u"Wednesday", u"Thursday", u"Friday", u"Saturday", u"Sunday"};
inline constexpr std::array<const char16_t*, 12> kMonthNames = {
    u"January", u"February", u"March",     u"April",   u"May",      u"June",
    u"July",    u"August",   u"September", u"October", u"November", u"December"};

// A width modifier: nullopt is jsonata-js's undefined ("*" or absent), NaN
// a width that is no number.
struct DateWidth {
  std::optional<double> min;
  std::optional<double> max;
};

// A variable marker such as [D1o] or [MNn,3-3].
struct DateMarker {
  std::u16string component;  // one UTF-16 unit (or empty)
  std::optional<DateWidth> width;
  std::u16string presentation1;
  std::optional<char16_t> presentation2;
  std::optional<LetterCase> names;
  std::optional<IntegerPicture> integer_format;
  std::optional<double> n;  // Y, M and D only: digits kept (-1: all)
};

struct DatePicturePart {
  bool literal = false;
  std::u16string value;  // literal text
  DateMarker marker;
};

using DatePicture = std::vector<DatePicturePart>;

// D3135 for a marker without its ']', D3132 for an unknown component
// without a presentation modifier, D3131 for mixed digit families.
Expected<DatePicture> AnalyseDatePicture(std::u16string_view picture);

// The default of $fromMillis:
// [Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t].
const DatePicture& Iso8601DatePicture();

// Whether `component` is one of the letters of `set`.
bool ComponentIn(std::u16string_view set, const std::u16string& component);

// A component's value, as getDateTimeFragment returns it: a number, a string
// ("am"/"pm", "ISO") or undefined (Z, z and unknown components).
struct DateFragment {
  enum class Kind { kNumber, kString, kUndefined } kind = Kind::kUndefined;
  double number = std::numeric_limits<double>::quiet_NaN();
  std::u16string text;
};

// The value of `component` at UTC time value `t` (NaN numbers for an
// invalid Date); W, w, X and x number weeks as ISO 8601 does, extended to
// months by F&O.
DateFragment DateTimeFragment(double t, char16_t component);
// The same with UtcFields(t) already computed (a picture reads several
// components of one time).
DateFragment DateTimeFragment(double t, const DateFields& fields, char16_t component);

}  // namespace sfn::jsonata
