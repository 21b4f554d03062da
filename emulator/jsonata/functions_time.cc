// Date/time and number-formatting functions: $now, $millis, $fromMillis,
// $toMillis, $formatNumber, $formatBase, $formatInteger, $parseInteger.
//
// $now and $millis read the evaluation's time (never the system clock).
// Picture strings and number pictures come from datetime.h and
// format_number.h (written alongside this module); until those land, the
// forms that need them fail with U1002 and the ISO 8601 forms work.
#include <cmath>
#include <cstdio>
#include <string>

#include "emulator/core/time.h"
#include "emulator/jsonata/evaluator.h"
#if __has_include("emulator/jsonata/datetime.h") && \
                  __has_include("emulator/jsonata/format_number.h")
#include "emulator/jsonata/datetime.h"
#include "emulator/jsonata/format_number.h"
#endif
#include "emulator/jsonata/functions.h"
#include "emulator/jsonata/throw.h"
#include "emulator/jsonata/value_ops.h"

namespace sfn::jsonata {

namespace {

Value FnMillis(Call& c) { return Num(static_cast<double>(ToEpochMillis(c.ev.now()))); }

#if __has_include("emulator/jsonata/datetime.h") && \
                  __has_include("emulator/jsonata/format_number.h")

double NowMillis(Call& c) { return static_cast<double>(ToEpochMillis(c.ev.now())); }

std::optional<std::string_view> OptString(const Value& v) {
  if (v.IsString()) return v.AsString();
  return std::nullopt;
}

template <typename T>
T Take(Expected<T> r) {
  if (!r.ok()) Rethrow(r.error());
  return std::move(r).value();
}

Value FnNow(Call& c) {
  return Value::String(Take(FromMillis(NowMillis(c), OptString(c.Arg(0)), OptString(c.Arg(1)))));
}

Value FnFromMillis(Call& c) {
  Value ms = c.Arg(0);
  if (ms.IsUndefined()) return Value();
  return Value::String(Take(FromMillis(ms.AsNumber(), OptString(c.Arg(1)), OptString(c.Arg(2)))));
}

Value FnToMillis(Call& c) {
  Value ts = c.Arg(0);
  if (ts.IsUndefined()) return Value();
  auto ms = Take(ToMillis(ts.AsString(), OptString(c.Arg(1)), NowMillis(c)));
  return ms ? Num(*ms) : Value();
}

Value FnFormatNumber(Call& c) {
  Value v = c.Arg(0);
  if (v.IsUndefined()) return Value();
  Json options;
  const Json* opts = nullptr;
  if (c.Arg(2).IsDefined()) {
    options = c.Arg(2).ToJson();
    opts = &options;
  }
  return Value::String(Take(FormatNumber(v.AsNumber(), c.Arg(1).AsString(), opts)));
}

Value FnFormatBase(Call& c) {
  Value v = c.Arg(0);
  if (v.IsUndefined()) return Value();
  std::optional<double> radix;
  if (c.Arg(1).IsNumber()) radix = c.Arg(1).AsNumber();
  return Value::String(Take(FormatBase(v.AsNumber(), radix)));
}

Value FnFormatInteger(Call& c) {
  Value v = c.Arg(0);
  if (v.IsUndefined()) return Value();
  return Value::String(Take(FormatInteger(v.AsNumber(), c.Arg(1).AsString())));
}

Value FnParseInteger(Call& c) {
  Value v = c.Arg(0);
  if (v.IsUndefined()) return Value();
  return Num(Take(ParseInteger(v.AsString(), c.Arg(1).AsString())));
}

#else  // the helpers have not landed: the ISO 8601 forms only

[[noreturn]] void NotYet(const char* fn) {
  ErrorInfo e;
  e.code = "U1002";
  e.message = std::string("$") + fn + "() with this argument is not supported yet";
  Throw(std::move(e));
}

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t yy = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = yy + (*m <= 2);
}

// Date.prototype.toISOString.
std::string IsoFromMillis(double ms) {
  auto total = static_cast<int64_t>(std::floor(ms));
  int64_t days = total >= 0 ? total / 86400000 : -((-total + 86399999) / 86400000);
  int64_t rem = total - days * 86400000;
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ",
                static_cast<long long>(y), m, d, static_cast<long long>(rem / 3600000),
                static_cast<long long>((rem / 60000) % 60),
                static_cast<long long>((rem / 1000) % 60), static_cast<long long>(rem % 1000));
  return buf;
}

// Date.parse of the ISO 8601 forms jsonata-js's toMillis admits; timestamps
// without an offset are read as UTC.
std::optional<double> ParseIso(std::string_view s) {
  auto digits = [&](size_t at, size_t n, int* out) {
    if (at + n > s.size()) return false;
    int v = 0;
    for (size_t i = 0; i < n; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(s[at + i]))) return false;
      v = v * 10 + (s[at + i] - '0');
    }
    *out = v;
    return true;
  };
  int year = 0, month = 1, day = 1, hh = 0, mm = 0, ss = 0;
  double frac = 0;
  size_t p = 0;
  if (!digits(0, 4, &year)) return std::nullopt;
  p = 4;
  if (p < s.size() && s[p] == '-') {
    if (!digits(p + 1, 2, &month)) return std::nullopt;
    p += 3;
    if (p < s.size() && s[p] == '-') {
      if (!digits(p + 1, 2, &day)) return std::nullopt;
      p += 3;
    }
  }
  if (p < s.size() && s[p] == 'T') {
    if (!digits(p + 1, 2, &hh) || p + 3 >= s.size() || s[p + 3] != ':' || !digits(p + 4, 2, &mm) ||
        p + 6 >= s.size() || s[p + 6] != ':' || !digits(p + 7, 2, &ss)) {
      return std::nullopt;
    }
    p += 9;
    if (p < s.size() && s[p] == '.') {
      size_t q = p + 1;
      double scale = 0.1;
      while (q < s.size() && std::isdigit(static_cast<unsigned char>(s[q]))) {
        frac += (s[q] - '0') * scale;
        scale /= 10;
        ++q;
      }
      p = q;
    }
  }
  int offset_minutes = 0;
  if (p < s.size()) {
    if (s[p] == 'Z') {
      ++p;
    } else if (s[p] == '+' || s[p] == '-') {
      int oh = 0, om = 0;
      if (!digits(p + 1, 2, &oh)) return std::nullopt;
      size_t q = p + 3;
      if (q < s.size() && s[q] == ':') ++q;
      if (!digits(q, 2, &om)) return std::nullopt;
      offset_minutes = (oh * 60 + om) * (s[p] == '-' ? -1 : 1);
      p = q + 2;
    }
  }
  if (p != s.size()) return std::nullopt;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hh > 24 || mm > 59 || ss > 59)
    return std::nullopt;
  double days = static_cast<double>(
      DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)));
  double ms = days * 86400000.0 + hh * 3600000.0 + mm * 60000.0 + ss * 1000.0 +
              std::floor(frac * 1000 + 1e-9);
  return ms - offset_minutes * 60000.0;
}

Value FnNow(Call& c) {
  if (c.Arg(0).IsDefined() || c.Arg(1).IsDefined()) NotYet("now");
  return Value::String(IsoFromMillis(static_cast<double>(ToEpochMillis(c.ev.now()))));
}

Value FnFromMillis(Call& c) {
  Value ms = c.Arg(0);
  if (ms.IsUndefined()) return Value();
  if (c.Arg(1).IsDefined() || c.Arg(2).IsDefined()) NotYet("fromMillis");
  return Value::String(IsoFromMillis(ms.AsNumber()));
}

Value FnToMillis(Call& c) {
  Value ts = c.Arg(0);
  if (ts.IsUndefined()) return Value();
  if (c.Arg(1).IsDefined()) NotYet("toMillis");
  auto ms = ParseIso(ts.AsString());
  if (!ms) {
    ErrorInfo e;
    e.code = "D3110";
    e.value = ts;
    Throw(std::move(e));
  }
  return Num(*ms);
}

Value FnFormatNumber(Call&) { NotYet("formatNumber"); }
Value FnFormatInteger(Call&) { NotYet("formatInteger"); }
Value FnParseInteger(Call&) { NotYet("parseInteger"); }
Value FnFormatBase(Call&) { NotYet("formatBase"); }

#endif

}  // namespace

std::vector<BuiltinSpec> TimeFunctions() {
  return {
      {"now", "<s?s?:s>", FnNow, 2},
      {"millis", "<:n>", FnMillis, 0},
      {"fromMillis", "<n-s?s?:s>", FnFromMillis, 3},
      {"toMillis", "<s-s?:n>", FnToMillis, 2},
      {"formatNumber", "<n-so?:s>", FnFormatNumber, 3},
      {"formatBase", "<n-n?:s>", FnFormatBase, 2},
      {"formatInteger", "<n-s:s>", FnFormatInteger, 2},
      {"parseInteger", "<s-s:n>", FnParseInteger, 2},
  };
}

}  // namespace sfn::jsonata
