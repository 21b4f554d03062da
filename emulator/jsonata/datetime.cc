#include "emulator/jsonata/datetime.h"

#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "emulator/jsonata/integer_picture.h"
#include "emulator/jsonata/number_text.h"
#include "emulator/jsonata/utf16.h"

namespace sfn::jsonata {
namespace {

using U16 = std::u16string;
using U16View = std::u16string_view;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kMsPerDay = 86400000;

std::string Quote(std::string_view s) {
  return Json(std::string(s)).dump(-1, ' ', false, Json::error_handler_t::replace);
}

// ---------------------------------------------------------------------------
// JavaScript's Date arithmetic (ECMA-262 §21.4.1), on time values in ms.
// NaN is an invalid Date and propagates as it does in JavaScript.

int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2 ? 1 : 0;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct Civil {
  int64_t year;
  int64_t month;  // 1-12
  int64_t day;    // 1-31
};

Civil CivilFromDays(int64_t z) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp + (mp < 10 ? 3 : -9);
  return {y + (m <= 2 ? 1 : 0), m, d};
}

// V8's MakeDay: years beyond ±1,000,000 and months beyond ±10,000,000 are
// NaN.
double MakeDay(double year, double month, double date) {
  if (!std::isfinite(year) || !std::isfinite(month) || !std::isfinite(date)) return kNaN;
  year = std::trunc(year);
  month = std::trunc(month);
  if (year < -1e6 || year > 1e6 || month < -1e7 || month > 1e7) return kNaN;
  auto y = static_cast<int64_t>(year);
  auto m = static_cast<int64_t>(month);
  y += m / 12;
  m %= 12;
  if (m < 0) {
    m += 12;
    y -= 1;
  }
  return static_cast<double>(DaysFromCivil(y, m + 1, 1)) - 1 + std::trunc(date);
}

double MakeTime(double h, double m, double s, double ms) {
  if (!std::isfinite(h) || !std::isfinite(m) || !std::isfinite(s) || !std::isfinite(ms)) {
    return kNaN;
  }
  return std::trunc(h) * 3600000 + std::trunc(m) * 60000 + std::trunc(s) * 1000 + std::trunc(ms);
}

double MakeDate(double day, double time) {
  if (!std::isfinite(day) || !std::isfinite(time)) return kNaN;
  return time + day * kMsPerDay;
}

double TimeClip(double t) {
  if (!std::isfinite(t) || std::abs(t) > 8.64e15) return kNaN;
  return std::trunc(t) + 0.0;
}

// Date.UTC(year, month [, date [, hours [, minutes [, seconds [, ms]]]]]).
double DateUtc(double year, double month, double date = 1, double h = 0, double m = 0, double s = 0,
               double ms = 0) {
  if (!std::isnan(year)) {
    double yi = std::trunc(year);
    if (yi >= 0 && yi <= 99) year = 1900 + yi;
  }
  return TimeClip(MakeDate(MakeDay(year, month, date), MakeTime(h, m, s, ms)));
}

// The UTC fields of a time value (all NaN for an invalid Date).
struct DateFields {
  double year = kNaN;
  double month = kNaN;  // 0-11
  double date = kNaN;
  double hours = kNaN;
  double minutes = kNaN;
  double seconds = kNaN;
  double millis = kNaN;
  double weekday = kNaN;  // 0 is Sunday
};

DateFields FieldsOf(double t) {
  DateFields f;
  if (std::isnan(t)) return f;
  double day = std::floor(t / kMsPerDay);
  double in_day = t - day * kMsPerDay;
  Civil c = CivilFromDays(static_cast<int64_t>(day));
  f.year = static_cast<double>(c.year);
  f.month = static_cast<double>(c.month - 1);
  f.date = static_cast<double>(c.day);
  f.hours = std::floor(in_day / 3600000);
  f.minutes = std::fmod(std::floor(in_day / 60000), 60);
  f.seconds = std::fmod(std::floor(in_day / 1000), 60);
  f.millis = std::fmod(in_day, 1000);
  double wd = std::fmod(day + 4, 7);
  f.weekday = wd < 0 ? wd + 7 : wd;
  return f;
}

double WeekdayOf(double t) { return FieldsOf(t).weekday; }

// startOfFirstWeek: ISO 8601's week 1 holds the first Thursday; F&O applies
// the same rule to months.
double StartOfFirstWeek(double year, double month) {
  double jan1 = DateUtc(year, month);
  double day = WeekdayOf(jan1);
  if (day == 0) day = 7;
  return day > 4 ? jan1 + (8 - day) * kMsPerDay : jan1 - (day - 1) * kMsPerDay;
}

double DeltaWeeks(double start, double end) { return (end - start) / (kMsPerDay * 7) + 1; }

// A component's value, as getDateTimeFragment returns it: a number, a string
// ("am"/"pm", "ISO") or undefined.
struct Fragment {
  enum class Kind { kNumber, kString, kUndefined } kind = Kind::kUndefined;
  double number = kNaN;
  U16 text;

  static Fragment Number(double n) { return {Kind::kNumber, n, {}}; }
  static Fragment String(U16 s) { return {Kind::kString, kNaN, std::move(s)}; }
};

Fragment DateTimeFragment(double t, char16_t component) {
  DateFields f = FieldsOf(t);
  switch (component) {
    case u'Y':
      return Fragment::Number(f.year);
    case u'M':
      return Fragment::Number(f.month + 1);
    case u'D':
      return Fragment::Number(f.date);
    case u'd': {
      double today = DateUtc(f.year, f.month, f.date);
      double first_jan = DateUtc(f.year, 0);
      return Fragment::Number((today - first_jan) / kMsPerDay + 1);
    }
    case u'F':
      return Fragment::Number(f.weekday == 0 ? 7 : f.weekday);
    case u'W': {
      double start = StartOfFirstWeek(f.year, 0);
      double today = DateUtc(f.year, f.month, f.date);
      double week = DeltaWeeks(start, today);
      if (week > 52) {
        if (today >= StartOfFirstWeek(f.year + 1, 0)) week = 1;
      } else if (week < 1) {
        week = DeltaWeeks(StartOfFirstWeek(f.year - 1, 0), today);
      }
      return Fragment::Number(std::floor(week));
    }
    case u'w': {
      double start = StartOfFirstWeek(f.year, f.month);
      double today = DateUtc(f.year, f.month, f.date);
      double week = DeltaWeeks(start, today);
      if (week > 4) {
        double next_year = f.month == 11 ? f.year + 1 : f.year;
        double next_month = f.month == 11 ? 0 : f.month + 1;
        if (today >= StartOfFirstWeek(next_year, next_month)) week = 1;
      } else if (week < 1) {
        double prev_year = f.month == 0 ? f.year - 1 : f.year;
        double prev_month = f.month == 0 ? 11 : f.month - 1;
        week = DeltaWeeks(StartOfFirstWeek(prev_year, prev_month), today);
      }
      return Fragment::Number(std::floor(week));
    }
    case u'X': {
      // jsonata-js's extension: the ISO week-numbering year.
      double start = StartOfFirstWeek(f.year, 0);
      double end = StartOfFirstWeek(f.year + 1, 0);
      if (t < start) return Fragment::Number(f.year - 1);
      if (t >= end) return Fragment::Number(f.year + 1);
      return Fragment::Number(f.year);
    }
    case u'x': {
      // jsonata-js's extension: the month a week-in-month belongs to.
      double start = StartOfFirstWeek(f.year, f.month);
      double next_year = f.month == 11 ? f.year + 1 : f.year;
      double next_month = f.month == 11 ? 0 : f.month + 1;
      double end = StartOfFirstWeek(next_year, next_month);
      if (t < start) return Fragment::Number((f.month == 0 ? 11 : f.month - 1) + 1);
      if (t >= end) return Fragment::Number(next_month + 1);
      return Fragment::Number(f.month + 1);
    }
    case u'H':
      return Fragment::Number(f.hours);
    case u'h': {
      double h = std::fmod(f.hours, 12);
      return Fragment::Number(h == 0 ? 12 : h);
    }
    case u'P':
      return Fragment::String(f.hours >= 12 ? u"pm" : u"am");
    case u'm':
      return Fragment::Number(f.minutes);
    case u's':
      return Fragment::Number(f.seconds);
    case u'f':
      return Fragment::Number(f.millis);
    case u'C':
    case u'E':
      return Fragment::String(u"ISO");
    default:
      return {};  // Z and z (always UTC here) and unknown components
  }
}

// ---------------------------------------------------------------------------
// The date/time picture (analyseDateTimePicture).

struct Width {
  std::optional<double> min;  // nullopt: undefined ("*" or absent); NaN: not a number
  std::optional<double> max;
};

struct Marker {
  U16 component;  // one UTF-16 unit (or empty)
  std::optional<Width> width;
  U16 presentation1;
  std::optional<char16_t> presentation2;
  std::optional<LetterCase> names;
  std::optional<IntegerPicture> integer_format;
  std::optional<double> n;  // Y, M and D only
};

struct PicturePart {
  bool literal = false;
  U16 value;  // literal text
  Marker marker;
};

using Picture = std::vector<PicturePart>;

bool In(U16View set, char16_t c) { return set.find(c) != U16View::npos; }
bool In(U16View set, const U16& component) {
  return component.size() == 1 && In(set, component[0]);
}

std::optional<U16> DefaultPresentation(const U16& component) {
  static const std::map<char16_t, U16> kDefaults = {
      {u'Y', u"1"},     {u'M', u"1"},     {u'D', u"1"},  {u'd', u"1"},  {u'F', u"n"},
      {u'W', u"1"},     {u'w', u"1"},     {u'X', u"1"},  {u'x', u"1"},  {u'H', u"1"},
      {u'h', u"1"},     {u'P', u"n"},     {u'm', u"01"}, {u's', u"01"}, {u'f', u"1"},
      {u'Z', u"01:01"}, {u'z', u"01:01"}, {u'C', u"n"},  {u'E', u"n"}};
  if (component.size() != 1) return std::nullopt;
  auto it = kDefaults.find(component[0]);
  if (it == kDefaults.end()) return std::nullopt;
  return it->second;
}

Expected<Picture> AnalysePicture(U16View picture) {
  Picture spec;
  auto add_literal = [&](std::ptrdiff_t start, std::ptrdiff_t end) {
    if (end > start) {
      PicturePart part;
      part.literal = true;
      part.value = JsReplaceAll(JsSubstring(picture, start, end), u"]]", u"]");
      spec.push_back(std::move(part));
    }
  };
  auto len = static_cast<std::ptrdiff_t>(picture.size());
  std::ptrdiff_t start = 0;
  std::ptrdiff_t pos = 0;
  while (pos < len) {
    if (picture[static_cast<size_t>(pos)] == u'[') {
      if (JsCharAt(picture, pos + 1) == u"[") {
        add_literal(start, pos);
        PicturePart bracket;
        bracket.literal = true;
        bracket.value = u"[";
        spec.push_back(std::move(bracket));
        pos += 2;
        start = pos;
        continue;
      }
      add_literal(start, pos);
      start = pos;
      pos = JsIndexOf(picture, u"]", start);
      if (pos == -1)
        return Error{"D3135", "No matching closing bracket ']' in date/time picture string"};
      // White space inside a variable marker is ignored.
      U16 marker;
      for (char16_t c : JsSubstring(picture, start + 1, pos)) {
        if (!IsJsWhiteSpace(c)) marker.push_back(c);
      }
      Marker def;
      def.component = JsCharAt(marker, 0);
      std::ptrdiff_t comma = JsLastIndexOf(marker, u",");
      U16 pres_mod;
      if (comma != -1) {
        U16 width_mod = JsSubstring(marker, comma + 1);
        std::ptrdiff_t dash = JsIndexOf(width_mod, u"-");
        std::optional<U16> min_text;
        std::optional<U16> max_text;
        if (dash == -1) {
          min_text = width_mod;
        } else {
          min_text = JsSubstring(width_mod, 0, dash);
          max_text = JsSubstring(width_mod, dash + 1);
        }
        auto parse_width = [](const std::optional<U16>& wm) -> std::optional<double> {
          if (!wm || *wm == u"*") return std::nullopt;
          return JsParseInt(ToUtf8(*wm));
        };
        def.width = Width{parse_width(min_text), parse_width(max_text)};
        pres_mod = JsSubstring(marker, 1, comma);
      } else {
        pres_mod = JsSubstring(marker, 1);
      }
      if (pres_mod.size() == 1) {
        def.presentation1 = pres_mod;
      } else if (pres_mod.size() > 1) {
        char16_t last = pres_mod.back();
        if (In(u"atco", last)) {
          def.presentation2 = last;
          def.presentation1 = pres_mod.substr(0, pres_mod.size() - 1);
        } else {
          def.presentation1 = pres_mod;
        }
      } else {
        std::optional<U16> preset = DefaultPresentation(def.component);
        if (!preset) {
          std::string component = ToUtf8(def.component);
          return Error{
              "D3132",
              "Unknown component specifier " + Quote(component) + " in date/time picture string",
              std::nullopt, std::nullopt, Json(component)};
        }
        def.presentation1 = *preset;
      }
      if (def.presentation1[0] == u'n') {
        def.names = LetterCase::kLower;
      } else if (def.presentation1[0] == u'N') {
        def.names =
            JsCharAt(def.presentation1, 1) == u"n" ? LetterCase::kTitle : LetterCase::kUpper;
      } else if (In(u"YMDdFWwXxHhmsf", def.component)) {
        U16 integer_pattern = def.presentation1;
        if (def.presentation2) integer_pattern += U16(u";") + *def.presentation2;
        Expected<IntegerPicture> format = AnalyseIntegerPicture(integer_pattern);
        if (!format.ok()) return format.error();
        def.integer_format = std::move(format).value();
        IntegerPicture& f = *def.integer_format;
        if (def.width && def.width->min && f.mandatory_digits < *def.width->min) {
          f.mandatory_digits = *def.width->min;
        }
        if (In(u"YMD", def.component)) {
          def.n = -1;
          if (def.width && def.width->max) {
            def.n = *def.width->max;
            f.mandatory_digits = *def.n;
          } else {
            double w = f.mandatory_digits + f.optional_digits;
            if (w >= 2) def.n = w;
          }
        }
      }
      if (def.component == u"Z" || def.component == u"z") {
        Expected<IntegerPicture> format = AnalyseIntegerPicture(def.presentation1);
        if (!format.ok()) return format.error();
        def.integer_format = std::move(format).value();
      }
      PicturePart part;
      part.marker = std::move(def);
      spec.push_back(std::move(part));
      start = pos + 1;
    }
    ++pos;
  }
  add_literal(start, pos);
  return spec;
}

const Picture& Iso8601Picture() {
  static const auto* const kPicture =
      new Picture(AnalysePicture(u"[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]").value());
  return *kPicture;
}

// ---------------------------------------------------------------------------
// $fromMillis (formatDateTime).

constexpr std::array<const char16_t*, 8> kDays = {u"",         u"Monday", u"Tuesday",  u"Wednesday",
                                                  u"Thursday", u"Friday", u"Saturday", u"Sunday"};
constexpr std::array<const char16_t*, 12> kMonths = {
    u"January", u"February", u"March",     u"April",   u"May",      u"June",
    u"July",    u"August",   u"September", u"October", u"November", u"December"};

Error NameError(const Marker& m) {
  std::string component = ToUtf8(m.component);
  return Error{"D3133",
               "The 'name' modifier can only be applied to months and days in the date/time "
               "picture string, not " +
                   Quote(component),
               std::nullopt, std::nullopt, Json(component)};
}

Expected<U16> FormatInteger(double value, const std::optional<IntegerPicture>& format) {
  if (!format) return Error{"", "Cannot read properties of undefined (reading 'primary')"};
  return FormatIntegerWith(value, *format);
}

Expected<U16> FormatComponent(double t, const Marker& m, double offset_hours,
                              double offset_minutes) {
  Fragment value = m.component.empty() ? Fragment() : DateTimeFragment(t, m.component[0]);
  if (In(u"YMDdFWwXxHhms", m.component)) {
    double number = value.number;
    if (m.component == u"Y" && m.n && *m.n != -1) number = std::fmod(number, std::pow(10.0, *m.n));
    if (m.names) {
      std::optional<U16> name;
      if (m.component == u"M" || m.component == u"x") {
        if (number >= 1 && number <= 12) name = kMonths[static_cast<size_t>(number) - 1];
      } else if (m.component == u"F") {
        if (number >= 0 && number <= 7) name = kDays[static_cast<size_t>(number)];
      } else {
        return NameError(m);
      }
      // Only an invalid Date has no name; jsonata-js then trips over undefined.
      if (*m.names == LetterCase::kUpper) {
        if (!name) return Error{"", "Cannot read properties of undefined (reading 'toUpperCase')"};
        name = AsciiToUpper(*name);
      } else if (*m.names == LetterCase::kLower) {
        if (!name) return Error{"", "Cannot read properties of undefined (reading 'toLowerCase')"};
        name = AsciiToLower(*name);
      }
      if (m.width) {
        if (!name) return Error{"", "Cannot read properties of undefined (reading 'length')"};
        if (m.width->max && static_cast<double>(name->size()) > *m.width->max) {
          name = JsSubstring(*name, 0, static_cast<std::ptrdiff_t>(*m.width->max));
        }
      }
      return name ? *name : U16(u"undefined");
    }
    return FormatInteger(number, m.integer_format);
  }
  if (m.component == u"f") return FormatInteger(value.number, m.integer_format);
  if (m.component == u"Z" || m.component == u"z") {
    const IntegerPicture& format = *m.integer_format;
    double offset = offset_hours * 100 + offset_minutes;
    U16 text;
    if (format.regular) {
      Expected<U16> formatted = FormatIntegerWith(offset, format);
      if (!formatted.ok()) return formatted.error();
      text = formatted.value();
    } else {
      double digits = format.mandatory_digits;
      if (digits == 1 || digits == 2) {
        Expected<U16> hours = FormatIntegerWith(offset_hours, format);
        if (!hours.ok()) return hours.error();
        text = hours.value();
        if (offset_minutes != 0) {
          IntegerPicture two_digits = AnalyseIntegerPicture(u"00").value();
          text += u":" + FormatIntegerWith(std::floor(offset_minutes), two_digits).value();
        }
      } else if (digits == 3 || digits == 4) {
        Expected<U16> formatted = FormatIntegerWith(offset, format);
        if (!formatted.ok()) return formatted.error();
        text = formatted.value();
      } else {
        return Error{"D3134",
                     "The timezone integer format specifier cannot have more than four digits",
                     std::nullopt, std::nullopt, std::isnan(digits) ? Json() : Json(digits)};
      }
    }
    if (offset >= 0) text = u"+" + text;
    if (m.component == u"z") text = u"GMT" + text;
    if (offset == 0 && m.presentation2 == u't') text = u"Z";
    return text;
  }
  if (m.component == u"P") {
    if (m.names == LetterCase::kUpper) return AsciiToUpper(value.text);
    return value.text;
  }
  switch (value.kind) {
    case Fragment::Kind::kString:
      return value.text;
    case Fragment::Kind::kNumber:
      return ToUtf16(NumberToString(value.number));
    case Fragment::Kind::kUndefined:
      break;
  }
  return U16(u"undefined");
}

// ---------------------------------------------------------------------------
// $toMillis with a picture (parseDateTime): jsonata-js builds one regular
// expression `^(part1)(part2)...$` (flag i) from the picture and reads the
// components from its groups. The matcher below is that expression's
// backtracking search, part by part, in the order JavaScript tries them.

struct MatchPart {
  enum class Kind { kLiteral, kDigits, kLetters, kRoman, kWords, kNames, kTimezone } kind;
  U16 literal;  // kLiteral; kDigits: text a malformed {m,n} quantifier matches literally
  size_t min = 1;
  std::optional<size_t> max;          // kDigits; nullopt: unbounded
  bool ordinal = false;               // kDigits: then (?:th|st|nd|rd)
  bool gmt = false;                   // kTimezone
  std::optional<char16_t> separator;  // kTimezone
};

// JavaScript's Canonicalize for the i flag (non-Unicode mode): upper case,
// except that nothing outside ASCII maps into it. Covers ASCII, Latin-1,
// Greek and Cyrillic, which is what picture literals hold.
char16_t Canonicalize(char16_t c) {
  if (c >= u'a' && c <= u'z') return static_cast<char16_t>(c - 32);
  if ((c >= 0xE0 && c <= 0xFE && c != 0xF7) || (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2) ||
      (c >= 0x430 && c <= 0x44F)) {
    return static_cast<char16_t>(c - 32);
  }
  if (c == 0xFF) return 0x178;
  if (c == 0xB5) return 0x39C;
  if (c == 0x3C2) return 0x3A3;
  if (c >= 0x450 && c <= 0x45F) return static_cast<char16_t>(c - 80);
  return c;
}

bool IsDigit(char16_t c) { return c >= u'0' && c <= u'9'; }
bool IsLetter(char16_t c) { return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z'); }
bool IsRomanLetter(char16_t c) { return In(u"mdclxviMDCLXVI", c); }

class PictureMatcher {
 public:
  // Enough for any real picture; a pathological one that needs more is
  // reported as no match rather than tying up the engine.
  static constexpr int64_t kBudget = 2'000'000;
  static constexpr int kMaxDepth = 5'000;

  PictureMatcher(const std::vector<MatchPart>& parts, U16View text)
      : parts_(parts), text_(text), captures_(parts.size()) {}

  std::optional<std::vector<U16>> Match() {
    if (!MatchFrom(0, 0)) return std::nullopt;
    std::vector<U16> out;
    for (const auto& [from, to] : captures_) out.emplace_back(text_.substr(from, to - from));
    return out;
  }

 private:
  bool Spend() { return --budget_ >= 0; }

  bool LiteralAt(size_t pos, U16View literal) const {
    if (pos + literal.size() > text_.size()) return false;
    for (size_t i = 0; i < literal.size(); ++i) {
      if (Canonicalize(text_[pos + i]) != Canonicalize(literal[i])) return false;
    }
    return true;
  }

  size_t RunLength(size_t pos, bool (*accept)(char16_t), size_t limit) const {
    size_t n = 0;
    while (pos + n < text_.size() && n < limit && accept(text_[pos + n])) ++n;
    return n;
  }

  bool Capture(size_t i, size_t from, size_t to) {
    captures_[i] = {from, to};
    return MatchFrom(i + 1, to);
  }

  bool MatchFrom(size_t i, size_t pos) {
    if (!Spend()) return false;
    if (i == parts_.size()) return pos == text_.size();
    const MatchPart& p = parts_[i];
    switch (p.kind) {
      case MatchPart::Kind::kLiteral:
        return LiteralAt(pos, p.literal) && Capture(i, pos, pos + p.literal.size());
      case MatchPart::Kind::kDigits: {
        size_t run = RunLength(pos, IsDigit, p.max.value_or(SIZE_MAX));
        for (size_t n = run + 1; n-- > p.min;) {
          size_t end = pos + n;
          if (!p.literal.empty()) {
            if (!LiteralAt(end, p.literal)) continue;
            end += p.literal.size();
          }
          if (p.ordinal) {
            bool suffix = false;
            for (U16View s : {u"th", u"st", u"nd", u"rd"}) {
              if (LiteralAt(end, s)) {
                suffix = true;
                break;
              }
            }
            if (!suffix) continue;
            end += 2;
          }
          if (Capture(i, pos, end)) return true;
          if (budget_ < 0) return false;
        }
        return false;
      }
      case MatchPart::Kind::kLetters:
      case MatchPart::Kind::kNames:
      case MatchPart::Kind::kRoman: {
        size_t run =
            RunLength(pos, p.kind == MatchPart::Kind::kRoman ? IsRomanLetter : IsLetter, SIZE_MAX);
        for (size_t n = run; n >= 1; --n) {
          if (Capture(i, pos, pos + n)) return true;
          if (budget_ < 0) return false;
        }
        return false;
      }
      case MatchPart::Kind::kWords:
        return Words(i, pos, pos, false, 0);
      case MatchPart::Kind::kTimezone: {
        size_t at = pos;
        if (p.gmt) {
          if (!LiteralAt(at, u"GMT")) return false;
          at += 3;
        }
        if (at >= text_.size() || (text_[at] != u'-' && text_[at] != u'+')) return false;
        ++at;
        size_t run = RunLength(at, IsDigit, SIZE_MAX);
        for (size_t n = run; n >= 1; --n) {
          size_t end = at + n;
          if (!p.separator) {
            if (Capture(i, pos, end)) return true;
          } else if (end < text_.size() &&
                     (*p.separator == u'.'
                          ? text_[end] != u'\n' && text_[end] != u'\r' && text_[end] != 0x2028 &&
                                text_[end] != 0x2029
                          : Canonicalize(text_[end]) == Canonicalize(*p.separator))) {
            size_t run2 = RunLength(end + 1, IsDigit, SIZE_MAX);
            for (size_t n2 = run2; n2 >= 1; --n2) {
              if (Capture(i, pos, end + 1 + n2)) return true;
              if (budget_ < 0) return false;
            }
          }
          if (budget_ < 0) return false;
        }
        return false;
      }
    }
    return false;
  }

  // (?:word1|word2|...|and|[\-, ])+ : greedy, alternatives in order. One
  // level of recursion per word; past kMaxDepth the match gives up.
  bool Words(size_t i, size_t start, size_t pos, bool matched_once, int depth) {
    if (depth > kMaxDepth) budget_ = -1;
    if (!Spend()) return false;
    for (const U16& word : NumberWords()) {
      if (LiteralAt(pos, word) && Words(i, start, pos + word.size(), true, depth + 1)) {
        return true;
      }
      if (budget_ < 0) return false;
    }
    if (LiteralAt(pos, u"and") && Words(i, start, pos + 3, true, depth + 1)) return true;
    if (pos < text_.size() && In(u"-, ", text_[pos]) && Words(i, start, pos + 1, true, depth + 1)) {
      return true;
    }
    return matched_once && Capture(i, start, pos);
  }

  const std::vector<MatchPart>& parts_;
  U16View text_;
  std::vector<std::pair<size_t, size_t>> captures_;
  int64_t budget_ = kBudget;
};

// What a group's text is worth: a number (maybe NaN) or undefined (a name
// that is not in the lookup).
using ComponentValue = std::optional<double>;

struct Component {
  MatchPart match;
  std::optional<char16_t> component;  // markers only
  std::function<ComponentValue(const U16&)> parse;
};

Expected<std::vector<Component>> GenerateMatchers(const Picture& spec) {
  std::vector<Component> out;
  for (const PicturePart& part : spec) {
    Component c;
    if (part.literal) {
      c.match.kind = MatchPart::Kind::kLiteral;
      c.match.literal = part.value;
      out.push_back(std::move(c));
      continue;
    }
    const Marker& m = part.marker;
    c.component = m.component.empty() ? u'\0' : m.component[0];
    if (m.component == u"Z" || m.component == u"z") {
      const IntegerPicture& format = *m.integer_format;
      std::optional<U16> separator;
      if (format.regular) separator = format.separators[0].character;
      c.match.kind = MatchPart::Kind::kTimezone;
      c.match.gmt = m.component == u"z";
      if (separator && !separator->empty()) c.match.separator = (*separator)[0];
      bool gmt = c.match.gmt;
      c.parse = [gmt, separator](const U16& text) -> ComponentValue {
        U16 value = gmt ? JsSubstring(text, 3) : text;
        double hours = 0;
        double minutes = 0;
        if (separator) {
          std::ptrdiff_t at = JsIndexOf(value, *separator);
          hours = JsParseInt(ToUtf8(JsSubstring(value, 0, at)));
          minutes = JsParseInt(ToUtf8(JsSubstring(value, at + 1)));
        } else if (value.size() - 1 <= 2) {
          hours = JsParseInt(ToUtf8(value));
        } else {
          hours = JsParseInt(ToUtf8(JsSubstring(value, 0, 3)));
          minutes = JsParseInt(ToUtf8(JsSubstring(value, 3)));
        }
        return hours * 60 + minutes;
      };
    } else if (m.integer_format) {
      const IntegerPicture& format = *m.integer_format;
      switch (format.primary) {
        case IntegerPrimary::kLetters:
          c.match.kind = MatchPart::Kind::kLetters;
          break;
        case IntegerPrimary::kRoman:
          c.match.kind = MatchPart::Kind::kRoman;
          break;
        case IntegerPrimary::kWords:
          c.match.kind = MatchPart::Kind::kWords;
          break;
        case IntegerPrimary::kDecimal: {
          c.match.kind = MatchPart::Kind::kDigits;
          c.match.ordinal = format.ordinal;
          double n = m.n.value_or(kNaN);
          if (n > 0) {
            double low = format.optional_digits == 0 ? n : n - format.optional_digits;
            if (low < 0) {
              // `[0-9]{-1,2}` is no quantifier: JavaScript matches it as text.
              c.match.min = 1;
              c.match.max = 1;
              c.match.literal = ToUtf16("{" + NumberToString(low) + "," + NumberToString(n) + "}");
            } else {
              c.match.min = static_cast<size_t>(low);
              c.match.max = static_cast<size_t>(n);
            }
          }
          break;
        }
        case IntegerPrimary::kSequence:
          return FormatIntegerWith(0, format).error();  // D3130
      }
      IntegerPicture captured = format;
      c.parse = [captured](const U16& text) -> ComponentValue {
        Expected<double> v = ParseIntegerWith(text, captured);
        return v.ok() ? v.value() : kNaN;
      };
    } else {
      c.match.kind = MatchPart::Kind::kNames;
      std::vector<std::pair<U16, double>> lookup;
      std::optional<double> max;
      if (m.width && m.width->max && *m.width->max != 0 && !std::isnan(*m.width->max)) {
        max = *m.width->max;
      }
      auto add = [&lookup, max](U16View name, double v) {
        U16 key = max ? JsSubstring(name, 0, static_cast<std::ptrdiff_t>(*max)) : U16(name);
        lookup.emplace_back(std::move(key), v);
      };
      if (m.component == u"M" || m.component == u"x") {
        for (size_t i = 0; i < kMonths.size(); ++i) add(kMonths[i], static_cast<double>(i + 1));
      } else if (m.component == u"F") {
        for (size_t i = 1; i < kDays.size(); ++i) add(kDays[i], static_cast<double>(i));
      } else if (m.component == u"P") {
        lookup = {{u"am", 0}, {u"AM", 0}, {u"pm", 1}, {u"PM", 1}};
      } else {
        return NameError(m);
      }
      c.parse = [lookup](const U16& text) -> ComponentValue {
        // A later key replaces an earlier one, as in a JavaScript object.
        for (auto it = lookup.rbegin(); it != lookup.rend(); ++it) {
          if (it->first == text) return it->second;
        }
        return std::nullopt;
      };
    }
    out.push_back(std::move(c));
  }
  return out;
}

// JavaScript truthiness of a component's value.
bool Truthy(const std::map<char16_t, ComponentValue>& components, char16_t c) {
  auto it = components.find(c);
  return it != components.end() && it->second && *it->second != 0 && !std::isnan(*it->second);
}

Expected<std::optional<double>> ParseDateTime(U16View timestamp, U16View picture,
                                              double now_millis) {
  Expected<Picture> spec = AnalysePicture(picture);
  if (!spec.ok()) return spec.error();
  Expected<std::vector<Component>> matchers = GenerateMatchers(spec.value());
  if (!matchers.ok()) return matchers.error();
  std::vector<MatchPart> parts;
  for (const Component& c : matchers.value()) parts.push_back(c.match);
  std::optional<std::vector<U16>> groups = PictureMatcher(parts, timestamp).Match();
  if (!groups) return std::optional<double>();

  std::map<char16_t, ComponentValue> components;
  for (size_t i = 0; i < groups->size(); ++i) {
    const Component& c = matchers.value()[i];
    if (c.parse) components[*c.component] = c.parse((*groups)[i]);
  }
  if (components.empty()) return std::optional<double>();

  // Which of F&O's date and time combinations the picture gives, by bit
  // masks over which components are truthy (jsonata-js's scheme).
  int mask = 0;
  auto shift = [&](U16View letters) {
    mask = 0;
    for (char16_t c : letters) mask = (mask << 1) + (Truthy(components, c) ? 1 : 0);
  };
  auto is_type = [&mask](int type) { return (~type & mask) == 0 && (type & mask) != 0; };
  shift(u"YXMxWwdD");
  bool date_a = is_type(161);
  bool date_b = !date_a && is_type(130);
  bool date_c = is_type(84);
  bool date_d = !date_c && is_type(72);
  shift(u"PHhmsf");
  bool time_a = is_type(23);
  bool time_b = !time_a && is_type(47);

  U16 comps = date_b ? u"YD" : date_c ? u"XxwF" : date_d ? u"XWF" : u"YMD";
  comps += time_b ? u"Phmsf" : u"Hmsf";

  // Unspecified components before the first given one come from now, those
  // after it are their minimum; a gap between given ones is an error.
  bool start_specified = false;
  bool end_specified = false;
  for (char16_t part : comps) {
    auto it = components.find(part);
    if (it == components.end() || !it->second) {
      if (start_specified) {
        components[part] = In(u"MDd", part) ? 1.0 : 0.0;
        end_specified = true;
      } else {
        Fragment now = DateTimeFragment(now_millis, part);
        // P from now is the string "am"/"pm", never equal to 1 below.
        components[part] = now.kind == Fragment::Kind::kNumber ? now.number : kNaN;
      }
    } else {
      start_specified = true;
      if (end_specified) {
        return Error{"D3136",
                     "The date/time picture string is missing specifiers required to parse the "
                     "timestamp"};
      }
    }
  }
  auto get = [&components](char16_t c) {
    auto it = components.find(c);
    return it == components.end() || !it->second ? kNaN : *it->second;
  };
  double month = get(u'M') > 0 ? get(u'M') - 1 : 0;
  double date = get(u'D');
  if (date_b) {
    double first_jan = DateUtc(get(u'Y'), 0);
    DateFields derived = FieldsOf(TimeClip(first_jan + (get(u'd') - 1) * kMsPerDay));
    month = derived.month;
    date = derived.date;
  }
  if (date_c || date_d) {
    return Error{"D3136",
                 "The date/time picture string is missing specifiers required to parse the "
                 "timestamp"};
  }
  double hours = get(u'H');
  if (time_b) {
    hours = get(u'h') == 12 ? 0 : get(u'h');
    if (get(u'P') == 1) hours += 12;
  }
  double millis = DateUtc(get(u'Y'), month, date, hours, get(u'm'), get(u's'), get(u'f'));
  double offset = Truthy(components, u'Z') ? get(u'Z') : get(u'z');
  if (Truthy(components, u'Z') || Truthy(components, u'z')) millis -= offset * 60 * 1000;
  return std::optional<double>(millis);
}

// ---------------------------------------------------------------------------
// $toMillis without a picture: 2.0.6's ISO 8601 pattern, then V8's
// Date.parse (its ES5 ISO parser, falling back to its legacy parser for what
// the pattern admits beyond ISO, e.g. "2018.5" is 1 May 2018).

// /^\d{4}(-[01]\d)*(-[0-3]\d)*(T[0-2]\d:[0-5]\d:[0-5]\d)*(\.\d+)?([+-][0-2]\d:?[0-5]\d|Z)?$/
bool MatchesIsoPattern(std::string_view s) {
  auto digit = [s](size_t i, char lo = '0', char hi = '9') {
    return i < s.size() && s[i] >= lo && s[i] <= hi;
  };
  auto zone_then_end = [&](size_t p) {
    if (p == s.size()) return true;
    if (s[p] == 'Z') return p + 1 == s.size();
    if (s[p] != '+' && s[p] != '-') return false;
    if (!digit(p + 1, '0', '2') || !digit(p + 2)) return false;
    size_t q = p + 3;
    if (q < s.size() && s[q] == ':' && digit(q + 1, '0', '5') && digit(q + 2) &&
        q + 3 == s.size()) {
      return true;
    }
    return digit(q, '0', '5') && digit(q + 1) && q + 2 == s.size();
  };
  auto fraction_then_rest = [&](size_t p) {
    if (zone_then_end(p)) return true;
    if (p < s.size() && s[p] == '.') {
      for (size_t q = p + 1; digit(q); ++q) {
        if (zone_then_end(q + 1)) return true;
      }
    }
    return false;
  };
  auto times_then_rest = [&](size_t p) {
    while (true) {
      if (fraction_then_rest(p)) return true;
      if (p < s.size() && s[p] == 'T' && digit(p + 1, '0', '2') && digit(p + 2) &&
          p + 3 < s.size() && s[p + 3] == ':' && digit(p + 4, '0', '5') && digit(p + 5) &&
          p + 6 < s.size() && s[p + 6] == ':' && digit(p + 7, '0', '5') && digit(p + 8)) {
        p += 9;
      } else {
        return false;
      }
    }
  };
  if (!digit(0) || !digit(1) || !digit(2) || !digit(3)) return false;
  // (-[01]\d)*(-[0-3]\d)* admits exactly the runs of (-[0-3]\d).
  size_t p = 4;
  while (true) {
    if (times_then_rest(p)) return true;
    if (p < s.size() && s[p] == '-' && digit(p + 1, '0', '3') && digit(p + 2)) {
      p += 3;
    } else {
      return false;
    }
  }
}

// V8's DateParser, for the characters the pattern admits (digits - + : . T Z).
class V8DateParser {
 public:
  explicit V8DateParser(std::string_view s) : s_(s) { next_ = Scan(); }

  double Parse() {
    Token token = ParseEs5();
    if (token.kind == Token::kInvalid) return kNaN;
    bool has_read_number = day_index_ > 0;
    for (; token.kind != Token::kEnd; token = Next()) {
      if (token.kind == Token::kNumber) {
        has_read_number = true;
        int n = token.value;
        if (SkipSymbol(':')) {
          if (SkipSymbol(':')) {
            if (time_index_ != 0) return kNaN;
            TimeAdd(n);
            TimeAdd(0);
          } else {
            if (!TimeAdd(n)) return kNaN;
            if (Peek().IsSymbol('.')) Next();
          }
        } else if (SkipSymbol('.') && TimeExpecting(n)) {
          TimeAdd(n);
          if (Peek().kind != Token::kNumber) return kNaN;
          int ms = ReadMilliseconds(Next());
          if (ms < 0) return kNaN;
          TimeAddFinal(ms);
        } else if (TzExpecting(n)) {
          tz_minute_ = n;
        } else if (TimeExpecting(n)) {
          TimeAddFinal(n);
          Token peek = Peek();
          if (peek.kind != Token::kEnd && !peek.IsKeywordZ() && !peek.IsSign()) return kNaN;
        } else {
          if (!DayAdd(n)) return kNaN;
          SkipSymbol('-');
        }
      } else if (token.kind == Token::kKeyword) {
        if (token.IsKeywordZ() && has_read_number) {
          TzSet(0);
        } else {
          // Garbage words (here: a 'T' past the ISO form) after a number.
          if (has_read_number) return kNaN;
          if (Peek().kind == Token::kNumber) return kNaN;
        }
      } else if (token.IsSign() && (TzIsUtc() || time_index_ != 0)) {
        tz_sign_ = token.symbol == '+' ? 1 : -1;
        int n = 0;
        int length = 0;
        if (Peek().kind == Token::kNumber) {
          Token number = Next();
          length = number.length;
          n = number.value;
        }
        has_read_number = true;
        if (Peek().IsSymbol(':')) {
          tz_hour_ = n;
          tz_minute_ = kNone;
        } else if (length == 2 || length == 1) {
          tz_hour_ = n;
          tz_minute_ = 0;
        } else if (length == 4 || length == 3) {
          tz_hour_ = n / 100;
          tz_minute_ = n % 100;
        } else {
          return kNaN;
        }
      } else if ((token.IsSign() || token.IsSymbol(')')) && has_read_number) {
        return kNaN;
      }
    }
    return Write();
  }

 private:
  static constexpr int kNone = std::numeric_limits<int>::max();
  static constexpr int kMaxSignificantDigits = 9;

  struct Token {
    enum Kind { kNumber, kSymbol, kKeyword, kEnd, kInvalid, kUnknown } kind = kUnknown;
    int value = 0;   // number value, or 1 for 'T' / 0 for 'Z'
    int length = 0;  // characters
    char symbol = 0;

    bool IsSymbol(char c) const { return kind == kSymbol && symbol == c; }
    bool IsSign() const { return IsSymbol('+') || IsSymbol('-'); }
    bool IsFixedLengthNumber(int n) const { return kind == kNumber && length == n; }
    bool IsKeywordZ() const { return kind == kKeyword && symbol == 'z' && length == 1; }
    bool IsTimeSeparator() const { return kind == kKeyword && symbol == 't' && length == 1; }
  };

  Token Scan() {
    Token t;
    if (pos_ >= s_.size()) {
      t.kind = Token::kEnd;
      return t;
    }
    char c = s_[pos_];
    if (c >= '0' && c <= '9') {
      size_t start = pos_;
      while (pos_ < s_.size() && s_[pos_] == '0') ++pos_;
      int n = 0;
      int i = 0;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') {
        if (i < kMaxSignificantDigits) n = n * 10 + (s_[pos_] - '0');
        ++i;
        ++pos_;
      }
      t.kind = Token::kNumber;
      t.value = n;
      t.length = static_cast<int>(pos_ - start);
      return t;
    }
    if (c == ':' || c == '-' || c == '+' || c == '.' || c == ')') {
      ++pos_;
      t.kind = Token::kSymbol;
      t.symbol = c;
      return t;
    }
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      size_t start = pos_;
      while (pos_ < s_.size() &&
             ((s_[pos_] >= 'a' && s_[pos_] <= 'z') || (s_[pos_] >= 'A' && s_[pos_] <= 'Z'))) {
        ++pos_;
      }
      t.kind = Token::kKeyword;
      t.symbol = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      t.length = static_cast<int>(pos_ - start);
      return t;
    }
    ++pos_;
    return t;  // unknown
  }

  Token Next() {
    Token t = next_;
    next_ = Scan();
    return t;
  }
  const Token& Peek() const { return next_; }
  bool SkipSymbol(char c) {
    if (!next_.IsSymbol(c)) return false;
    Next();
    return true;
  }

  static bool Between(int x, int lo, int hi) { return x >= lo && x <= hi; }
  static bool IsMonth(int x) { return Between(x, 1, 12); }
  static bool IsDay(int x) { return Between(x, 1, 31); }
  static bool IsHour(int x) { return Between(x, 0, 23); }
  static bool IsMinute(int x) { return Between(x, 0, 59); }
  static bool IsSecond(int x) { return Between(x, 0, 59); }
  static bool IsMillisecond(int x) { return Between(x, 0, 999); }

  static int ReadMilliseconds(const Token& number) {
    int n = number.value;
    int length = number.length;
    if (length == 1) {
      n *= 100;
    } else if (length == 2) {
      n *= 10;
    } else if (length > 3) {
      if (length > kMaxSignificantDigits) length = kMaxSignificantDigits;
      int factor = 1;
      do {
        factor *= 10;
        --length;
      } while (length > 3);
      n /= factor;
    }
    return n;
  }

  bool DayAdd(int n) {
    if (day_index_ >= 3) return false;
    day_[day_index_++] = n;
    return true;
  }
  bool TimeAdd(int n) {
    if (time_index_ >= 4) return false;
    time_[time_index_++] = n;
    return true;
  }
  bool TimeAddFinal(int n) {
    if (!TimeAdd(n)) return false;
    while (time_index_ < 4) time_[time_index_++] = 0;
    return true;
  }
  bool TimeExpecting(int n) const {
    return (time_index_ == 1 && IsMinute(n)) || (time_index_ == 2 && IsSecond(n)) ||
           (time_index_ == 3 && IsMillisecond(n));
  }
  void TzSet(int offset) {
    tz_sign_ = offset < 0 ? -1 : 1;
    tz_hour_ = std::abs(offset) / 60;
    tz_minute_ = std::abs(offset) % 60;
  }
  bool TzIsUtc() const { return tz_hour_ == 0 && tz_minute_ == 0; }
  bool TzExpecting(int n) const { return tz_hour_ != kNone && tz_minute_ == kNone && IsMinute(n); }

  // ParseES5DateTime: [yyyy[-MM[-DD]]][THH:mm[:ss[.sss]][Z|(+|-)hh:mm|(+|-)hhmm]].
  Token ParseEs5() {
    if (Peek().IsFixedLengthNumber(4)) {
      DayAdd(Next().value);
    } else {
      return Next();
    }
    if (SkipSymbol('-')) {
      if (!Peek().IsFixedLengthNumber(2) || !IsMonth(Peek().value)) return Next();
      DayAdd(Next().value);
      if (SkipSymbol('-')) {
        if (!Peek().IsFixedLengthNumber(2) || !IsDay(Peek().value)) return Next();
        DayAdd(Next().value);
      }
    }
    Token invalid;
    invalid.kind = Token::kInvalid;
    if (!Peek().IsTimeSeparator()) {
      if (Peek().kind != Token::kEnd) return Next();
    } else {
      Next();
      if (!Peek().IsFixedLengthNumber(2) || !Between(Peek().value, 0, 24)) return invalid;
      bool hour_is_24 = Peek().value == 24;
      TimeAdd(Next().value);
      if (!SkipSymbol(':')) return invalid;
      if (!Peek().IsFixedLengthNumber(2) || !IsMinute(Peek().value) ||
          (hour_is_24 && Peek().value > 0)) {
        return invalid;
      }
      TimeAdd(Next().value);
      if (SkipSymbol(':')) {
        if (!Peek().IsFixedLengthNumber(2) || !IsSecond(Peek().value) ||
            (hour_is_24 && Peek().value > 0)) {
          return invalid;
        }
        TimeAdd(Next().value);
        if (SkipSymbol('.')) {
          if (Peek().kind != Token::kNumber || (hour_is_24 && Peek().value > 0)) return invalid;
          TimeAdd(ReadMilliseconds(Next()));
        }
      }
      if (Peek().IsKeywordZ()) {
        Next();
        TzSet(0);
      } else if (Peek().IsSign()) {
        tz_sign_ = Next().symbol == '+' ? 1 : -1;
        if (Peek().IsFixedLengthNumber(4)) {
          int hourmin = Next().value;
          int hour = hourmin / 100;
          int min = hourmin % 100;
          if (!IsHour(hour) || !IsMinute(min)) return invalid;
          tz_hour_ = hour;
          tz_minute_ = min;
        } else {
          if (!Peek().IsFixedLengthNumber(2) || !IsHour(Peek().value)) return invalid;
          tz_hour_ = Next().value;
          if (!SkipSymbol(':')) return invalid;
          if (!Peek().IsFixedLengthNumber(2) || !IsMinute(Peek().value)) return invalid;
          tz_minute_ = Next().value;
        }
      }
      if (Peek().kind != Token::kEnd) return invalid;
    }
    if (tz_sign_ == kNone && time_index_ == 0) TzSet(0);
    iso_date_ = true;
    Token end;
    end.kind = Token::kEnd;
    return end;
  }

  double Write() {
    // DayComposer::Write
    if (day_index_ < 1) return kNaN;
    while (day_index_ < 3) day_[day_index_++] = 1;
    int year = 0;
    int month = 0;
    int day = 0;
    if (iso_date_ || !IsDay(day_[0])) {
      year = day_[0];
      month = day_[1];
      day = day_[2];
    } else {
      month = day_[0];
      day = day_[1];
      year = day_[2];
    }
    if (!iso_date_) {
      if (Between(year, 0, 49)) {
        year += 2000;
      } else if (Between(year, 50, 99)) {
        year += 1900;
      }
    }
    if (!IsMonth(month) || !IsDay(day)) return kNaN;
    // TimeComposer::Write
    while (time_index_ < 4) time_[time_index_++] = 0;
    int hour = time_[0];
    int minute = time_[1];
    int second = time_[2];
    int millisecond = time_[3];
    if (!IsHour(hour) || !IsMinute(minute) || !IsSecond(second) || !IsMillisecond(millisecond)) {
      if (hour != 24 || minute != 0 || second != 0 || millisecond != 0) return kNaN;
    }
    // TimeZoneComposer::Write; no zone means local time, which is UTC here.
    double offset_seconds = 0;
    if (tz_sign_ != kNone) {
      int h = tz_hour_ == kNone ? 0 : tz_hour_;
      int m = tz_minute_ == kNone ? 0 : tz_minute_;
      offset_seconds = tz_sign_ * (h * 3600.0 + m * 60.0);
    }
    double date =
        MakeDate(MakeDay(year, month - 1, day), MakeTime(hour, minute, second, millisecond));
    date -= offset_seconds * 1000;
    if (std::abs(date) > 8.64e15) return kNaN;
    return TimeClip(date);
  }

  std::string_view s_;
  size_t pos_ = 0;
  Token next_;
  int day_[3] = {0, 0, 0};
  int day_index_ = 0;
  bool iso_date_ = false;
  int time_[4] = {0, 0, 0, 0};
  int time_index_ = 0;
  int tz_sign_ = kNone;
  int tz_hour_ = kNone;
  int tz_minute_ = kNone;
};

}  // namespace

Expected<std::string> FromMillis(double millis, std::optional<std::string_view> picture,
                                 std::optional<std::string_view> timezone) {
  double offset_hours = 0;
  double offset_minutes = 0;
  if (timezone) {
    // jsonata-js assumes ±HHMM and splits the integer it reads.
    double offset = JsParseInt(*timezone);
    offset_hours = std::floor(offset / 100);
    offset_minutes = std::fmod(offset, 100);
  }
  Picture analysed;
  const Picture* spec = &Iso8601Picture();
  if (picture) {
    Expected<Picture> parsed = AnalysePicture(ToUtf16(*picture));
    if (!parsed.ok()) return parsed.error();
    analysed = std::move(parsed).value();
    spec = &analysed;
  }
  double offset_millis = (60 * offset_hours + offset_minutes) * 60 * 1000;
  double t = TimeClip(millis + offset_millis);
  U16 result;
  for (const PicturePart& part : *spec) {
    if (part.literal) {
      result += part.value;
      continue;
    }
    Expected<U16> text = FormatComponent(t, part.marker, offset_hours, offset_minutes);
    if (!text.ok()) return text.error();
    result += text.value();
  }
  return ToUtf8(result);
}

Expected<std::optional<double>> ToMillis(std::string_view timestamp,
                                         std::optional<std::string_view> picture,
                                         double now_millis) {
  if (picture) return ParseDateTime(ToUtf16(timestamp), ToUtf16(*picture), now_millis);
  if (!MatchesIsoPattern(timestamp)) {
    return Error{"D3110",
                 "The argument of the toMillis function must be an ISO 8601 formatted timestamp. "
                 "Given " +
                     Quote(timestamp),
                 std::nullopt, std::nullopt, Json(std::string(timestamp))};
  }
  return std::optional<double>(V8DateParser(timestamp).Parse());
}

}  // namespace sfn::jsonata
