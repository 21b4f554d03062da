// Date/time and number-formatting functions: $now, $millis, $fromMillis,
// $toMillis, $formatNumber, $formatBase, $formatInteger, $parseInteger.
//
// $now and $millis read the evaluation's time (never the system clock).
// Picture strings come from datetime.h, number pictures from
// format_number.h.
#include <string>

#include "emulator/core/time.h"
#include "emulator/jsonata/datetime.h"
#include "emulator/jsonata/evaluator.h"
#include "emulator/jsonata/format_number.h"
#include "emulator/jsonata/functions.h"
#include "emulator/jsonata/throw.h"
#include "emulator/jsonata/value_ops.h"

namespace sfn::jsonata {

namespace {

double NowMillis(Call& c) { return static_cast<double>(ToEpochMillis(c.ev.now())); }

Value FnMillis(Call& c) { return Num(NowMillis(c)); }

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
