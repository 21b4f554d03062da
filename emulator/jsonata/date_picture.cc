#include "emulator/jsonata/date_picture.h"

#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "emulator/core/json.h"
#include "emulator/jsonata/js_date.h"
#include "emulator/jsonata/number_text.h"
#include "emulator/jsonata/utf16.h"
#include "emulator/jsonata/value_ops.h"

namespace sfn::jsonata {
namespace {

using U16 = std::u16string;
using U16View = std::u16string_view;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double WeekdayOf(double t) { return UtcFields(t).weekday; }

// startOfFirstWeek: ISO 8601's week 1 holds the first Thursday; F&O applies
// the same rule to months.
double StartOfFirstWeek(double year, double month) {
  double jan1 = DateUtc(year, month);
  double day = WeekdayOf(jan1);
  if (day == 0) day = 7;
  return day > 4 ? jan1 + (8 - day) * kMsPerDay : jan1 - (day - 1) * kMsPerDay;
}

double DeltaWeeks(double start, double end) { return (end - start) / (kMsPerDay * 7) + 1; }

DateFragment Number(double n) { return {DateFragment::Kind::kNumber, n, {}}; }
DateFragment String(std::u16string s) { return {DateFragment::Kind::kString, kNaN, std::move(s)}; }

bool In(U16View set, char16_t c) { return set.find(c) != U16View::npos; }

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

}  // namespace

bool ComponentIn(std::u16string_view set, const std::u16string& component) {
  return component.size() == 1 && In(set, component[0]);
}

DateFragment DateTimeFragment(double t, char16_t component) {
  return DateTimeFragment(t, UtcFields(t), component);
}

DateFragment DateTimeFragment(double t, const DateFields& f, char16_t component) {
  switch (component) {
    case u'Y':
      return Number(f.year);
    case u'M':
      return Number(f.month + 1);
    case u'D':
      return Number(f.date);
    case u'd': {
      double today = DateUtc(f.year, f.month, f.date);
      double first_jan = DateUtc(f.year, 0);
      return Number((today - first_jan) / kMsPerDay + 1);
    }
    case u'F':
      return Number(f.weekday == 0 ? 7 : f.weekday);
    case u'W': {
      double start = StartOfFirstWeek(f.year, 0);
      double today = DateUtc(f.year, f.month, f.date);
      double week = DeltaWeeks(start, today);
      if (week > 52) {
        if (today >= StartOfFirstWeek(f.year + 1, 0)) week = 1;
      } else if (week < 1) {
        week = DeltaWeeks(StartOfFirstWeek(f.year - 1, 0), today);
      }
      return Number(std::floor(week));
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
      return Number(std::floor(week));
    }
    case u'X': {
      // jsonata-js's extension: the ISO week-numbering year.
      double start = StartOfFirstWeek(f.year, 0);
      double end = StartOfFirstWeek(f.year + 1, 0);
      if (t < start) return Number(f.year - 1);
      if (t >= end) return Number(f.year + 1);
      return Number(f.year);
    }
    case u'x': {
      // jsonata-js's extension: the month a week-in-month belongs to.
      double start = StartOfFirstWeek(f.year, f.month);
      double next_year = f.month == 11 ? f.year + 1 : f.year;
      double next_month = f.month == 11 ? 0 : f.month + 1;
      double end = StartOfFirstWeek(next_year, next_month);
      if (t < start) return Number((f.month == 0 ? 11 : f.month - 1) + 1);
      if (t >= end) return Number(next_month + 1);
      return Number(f.month + 1);
    }
    case u'H':
      return Number(f.hours);
    case u'h': {
      double h = std::fmod(f.hours, 12);
      return Number(h == 0 ? 12 : h);
    }
    case u'P':
      return String(f.hours >= 12 ? u"pm" : u"am");
    case u'm':
      return Number(f.minutes);
    case u's':
      return Number(f.seconds);
    case u'f':
      return Number(f.millis);
    case u'C':
    case u'E':
      return String(u"ISO");
    default:
      return {};  // Z and z (always UTC here) and unknown components
  }
}

Expected<DatePicture> AnalyseDatePicture(std::u16string_view picture) {
  DatePicture spec;
  auto add_literal = [&](std::ptrdiff_t start, std::ptrdiff_t end) {
    if (end > start) {
      DatePicturePart part;
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
        DatePicturePart bracket;
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
      DateMarker def;
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
        def.width = DateWidth{parse_width(min_text), parse_width(max_text)};
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
          return Error{"D3132",
                       "Unknown component specifier " + JsonQuote(component) +
                           " in date/time picture string",
                       std::nullopt, std::nullopt, Json(component)};
        }
        def.presentation1 = *preset;
      }
      if (def.presentation1[0] == u'n') {
        def.names = LetterCase::kLower;
      } else if (def.presentation1[0] == u'N') {
        def.names =
            JsCharAt(def.presentation1, 1) == u"n" ? LetterCase::kTitle : LetterCase::kUpper;
      } else if (ComponentIn(u"YMDdFWwXxHhmsf", def.component)) {
        U16 integer_pattern = def.presentation1;
        if (def.presentation2) integer_pattern += U16(u";") + *def.presentation2;
        Expected<IntegerPicture> format = AnalyseIntegerPicture(integer_pattern);
        if (!format.ok()) return format.error();
        def.integer_format = std::move(format).value();
        IntegerPicture& f = *def.integer_format;
        if (def.width && def.width->min && f.mandatory_digits < *def.width->min) {
          f.mandatory_digits = *def.width->min;
        }
        if (ComponentIn(u"YMD", def.component)) {
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
      DatePicturePart part;
      part.marker = std::move(def);
      spec.push_back(std::move(part));
      start = pos + 1;
    }
    ++pos;
  }
  add_literal(start, pos);
  return spec;
}

const DatePicture& Iso8601DatePicture() {
  static const auto* const kPicture = new DatePicture(
      AnalyseDatePicture(u"[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]").value());
  return *kPicture;
}

}  // namespace sfn::jsonata
