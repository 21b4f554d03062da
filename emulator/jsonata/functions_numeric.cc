// Aggregation ($sum, $count, $max, $min, $average) and numeric functions
// ($number, $floor, $ceil, $round, $abs, $sqrt, $power, $random) of
// jsonata-js 2.0.6; $random takes AWS's optional seed.
#include <cmath>
#include <cstdlib>
#include <limits>
#include <random>
#include <string>

#include "emulator/jsonata/evaluator.h"
#include "emulator/jsonata/functions.h"
#include "emulator/jsonata/number_text.h"
#include "emulator/jsonata/throw.h"
#include "emulator/jsonata/value_ops.h"

namespace sfn::jsonata {

namespace {

Value FnSum(Call& c) {
  Value a = c.Arg(0);
  if (a.IsUndefined()) return Value();
  double total = 0;
  size_t n = a.Size();
  for (size_t i = 0; i < n; ++i) total += a.At(i).AsNumber();
  return Num(total);
}

Value FnCount(Call& c) {
  Value a = c.Arg(0);
  if (a.IsUndefined()) return Num(0.0);
  return Num(a.Size());
}

Value Extreme(Call& c, bool max) {
  Value a = c.Arg(0);
  if (a.IsUndefined() || a.Size() == 0) return Value();
  double best =
      max ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  size_t n = a.Size();
  for (size_t i = 0; i < n; ++i) {
    double v = a.At(i).AsNumber();
    if (std::isnan(v)) return Num(v);
    best = max ? std::max(best, v) : std::min(best, v);
  }
  return Num(best);
}

Value FnMax(Call& c) { return Extreme(c, true); }
Value FnMin(Call& c) { return Extreme(c, false); }

Value FnAverage(Call& c) {
  Value a = c.Arg(0);
  if (a.IsUndefined() || a.Size() == 0) return Value();
  double total = 0;
  size_t n = a.Size();
  for (size_t i = 0; i < n; ++i) total += a.At(i).AsNumber();
  return Num(total / static_cast<double>(n));
}

bool MatchesDecimal(std::string_view s) {
  // /^-?[0-9]+(\.[0-9]+)?([Ee][-+]?[0-9]+)?$/
  size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  size_t d = i;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  if (i == d) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    size_t f = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i == f) return false;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    size_t e = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i == e) return false;
  }
  return i == s.size();
}

Value FnNumber(Call& c) {
  Value arg = c.Arg(0);
  if (arg.IsUndefined()) return Value();
  if (arg.IsNumber()) return arg;
  if (arg.IsString()) {
    std::string s(arg.AsString());
    if (MatchesDecimal(s)) {
      double d = std::strtod(s.c_str(), nullptr);
      if (std::isfinite(d)) return Num(d);
    }
    // /^(0[xX][0-9A-Fa-f]+)|(0[oO][0-7]+)|(0[bB][0-1]+)$/ (the first
    // alternative is anchored only at the start, as in jsonata-js).
    if (s.size() > 2 && s[0] == '0') {
      char k = static_cast<char>(std::tolower(static_cast<unsigned char>(s[1])));
      int base = k == 'x' ? 16 : k == 'o' ? 8 : k == 'b' ? 2 : 0;
      if (base != 0) {
        std::string digits = s.substr(2);
        bool ok = !digits.empty();
        for (char ch : digits) {
          int v = std::isdigit(static_cast<unsigned char>(ch)) ? ch - '0'
                  : std::isalpha(static_cast<unsigned char>(ch))
                      ? std::tolower(static_cast<unsigned char>(ch)) - 'a' + 10
                      : 99;
          if (v >= base) ok = false;
        }
        if (ok) {
          double v = 0;
          for (char ch : digits) {
            int dv = std::isdigit(static_cast<unsigned char>(ch))
                         ? ch - '0'
                         : std::tolower(static_cast<unsigned char>(ch)) - 'a' + 10;
            v = v * base + dv;
          }
          return Num(v);
        }
      }
    }
  } else if (arg.IsBool()) {
    return Num(arg.AsBool() ? 1.0 : 0.0);
  }
  ErrorInfo e;
  e.code = "D3030";
  e.value = arg;
  e.index = 1;
  Throw(std::move(e));
}

Value Unary(Call& c, double (*f)(double)) {
  Value a = c.Arg(0);
  if (a.IsUndefined()) return Value();
  return Num(f(a.AsNumber()));
}

double JsRound(double x) { return std::floor(x + 0.5); }

// +(mantissa + 'e' + (exp + shift)): a decimal shift without binary error.
double Shift(double v, double shift) {
  std::string text = NumberToString(v);
  size_t e = text.find('e');
  std::string mantissa = e == std::string::npos ? text : text.substr(0, e);
  double exp = e == std::string::npos ? 0 : std::strtod(text.c_str() + e + 1, nullptr);
  std::string shifted = mantissa + "e" + NumberToString(exp + shift);
  return std::strtod(shifted.c_str(), nullptr);
}

Value FnRound(Call& c) {
  Value a = c.Arg(0);
  if (a.IsUndefined()) return Value();
  double arg = a.AsNumber();
  double precision = c.Arg(1).IsNumber() ? c.Arg(1).AsNumber() : 0;
  if (precision != 0 && !std::isnan(precision)) arg = Shift(arg, precision);
  double result = JsRound(arg);
  double diff = result - arg;
  if (std::fabs(diff) == 0.5 && std::fabs(std::fmod(result, 2)) == 1) result -= 1;
  if (precision != 0 && !std::isnan(precision)) result = Shift(result, -precision);
  if (result == 0) result = 0;  // no -0
  return Num(result);
}

Value FnSqrt(Call& c) {
  Value a = c.Arg(0);
  if (a.IsUndefined()) return Value();
  if (a.AsNumber() < 0) {
    ErrorInfo e;
    e.code = "D3060";
    e.index = 1;
    e.value = a;
    Throw(std::move(e));
  }
  return Num(std::sqrt(a.AsNumber()));
}

Value FnPower(Call& c) {
  Value a = c.Arg(0);
  if (a.IsUndefined()) return Value();
  double r = std::pow(a.AsNumber(), c.Arg(1).AsNumber());
  if (!std::isfinite(r)) {
    ErrorInfo e;
    e.code = "D3061";
    e.index = 1;
    e.value = a;
    e.exp = c.Arg(1);
    Throw(std::move(e));
  }
  return Num(r);
}

double UnitFrom(uint64_t bits) { return static_cast<double>(bits >> 11) * 0x1.0p-53; }

// AWS: $random([seed]); with a seed the same number every time.
Value FnRandom(Call& c) {
  Value seed = c.Arg(0);
  if (seed.IsNumber()) {
    std::mt19937_64 gen(static_cast<uint64_t>(static_cast<int64_t>(seed.AsNumber())));
    return Num(UnitFrom(gen()));
  }
  return Num(UnitFrom(c.ev.random()->Next()));
}

}  // namespace

std::vector<BuiltinSpec> AggregateFunctions() {
  return {
      {"sum", "<a<n>:n>", FnSum, 1},         {"count", "<a:n>", FnCount, 1},
      {"max", "<a<n>:n>", FnMax, 1},         {"min", "<a<n>:n>", FnMin, 1},
      {"average", "<a<n>:n>", FnAverage, 1},
  };
}

std::vector<BuiltinSpec> NumericFunctions() {
  return {
      {"number", "<(nsb)-:n>", FnNumber, 1},
      {"floor", "<n-:n>", [](Call& c) { return Unary(c, [](double d) { return std::floor(d); }); },
       1},
      {"ceil", "<n-:n>", [](Call& c) { return Unary(c, [](double d) { return std::ceil(d); }); },
       1},
      {"round", "<n-n?:n>", FnRound, 2},
      {"abs", "<n-:n>", [](Call& c) { return Unary(c, [](double d) { return std::fabs(d); }); }, 1},
      {"sqrt", "<n-:n>", FnSqrt, 1},
      {"power", "<n-n:n>", FnPower, 2},
      {"random", "<n?:n>", FnRandom, 0},
  };
}

}  // namespace sfn::jsonata
