// AWS Step Functions' own JSONata functions ("Transforming data with
// JSONata in Step Functions"): $partition, $range, $hash, $uuid and $parse
// ($random with its seed is with the numeric functions). They stand in for
// the JSONPath intrinsics States.ArrayPartition, States.ArrayRange,
// States.Hash, States.UUID and States.StringToJson.
#include <cmath>
#include <string>

#include "emulator/core/hash.h"
#include "emulator/jsonata/evaluator.h"
#include "emulator/jsonata/functions.h"
#include "emulator/jsonata/throw.h"
#include "emulator/jsonata/value_ops.h"

namespace sfn::jsonata {

namespace {

[[noreturn]] void FailWith(const char* code, std::string message, Value value = Value()) {
  ErrorInfo e;
  e.code = code;
  e.message = std::move(message);
  if (value.IsDefined()) e.value = value;
  Throw(std::move(e));
}

bool IsWhole(double d) { return std::isfinite(d) && std::floor(d) == d; }

// $partition(array, size): chunks of `size` items, the last one shorter.
Value FnPartition(Call& c) {
  Value arr = c.Arg(0);
  if (arr.IsUndefined()) return Value();
  double size = c.Arg(1).AsNumber();
  if (!IsWhole(size) || size <= 0) {
    FailWith("D3150", "The chunk size of $partition must be a positive integer", c.Arg(1));
  }
  Values items = ItemsOf(arr);
  Values out;
  auto chunk = static_cast<size_t>(size);
  for (size_t i = 0; i < items.size(); i += chunk) {
    Values part(items.begin() + static_cast<std::ptrdiff_t>(i),
                items.begin() + static_cast<std::ptrdiff_t>(std::min(items.size(), i + chunk)));
    out.push_back(MakeArray(std::move(part)));
  }
  return MakeArray(std::move(out));
}

// $range(start, end, step): start, start+step, ... up to and including end.
Value FnRange(Call& c) {
  double start = c.Arg(0).AsNumber();
  double end = c.Arg(1).AsNumber();
  double step = c.Arg(2).IsDefined() ? c.Arg(2).AsNumber() : 1;
  if (!IsWhole(start) || !IsWhole(end) || !IsWhole(step)) {
    FailWith("D3151", "The arguments of $range must be integers");
  }
  if (step == 0) FailWith("D3151", "The step of $range must not be zero", c.Arg(2));
  Values out;
  double count = std::floor((end - start) / step) + 1;
  if (count > 1e7) {
    ErrorInfo e;
    e.code = "D2014";
    e.value = Num(count);
    Throw(std::move(e));
  }
  for (double v = start; step > 0 ? v <= end : v >= end; v += step) out.push_back(Num(v));
  return MakeArray(std::move(out));
}

// $hash(value, algorithm): the lowercase hex digest of the string's UTF-8
// bytes, algorithm one of States.Hash's MD5, SHA-1, SHA-256, SHA-384, SHA-512.
Value FnHash(Call& c) {
  if (c.Arg(0).IsUndefined()) return Value();
  std::string_view name = c.Arg(1).AsString();
  HashAlgorithm algorithm;
  if (name == "MD5") {
    algorithm = HashAlgorithm::kMd5;
  } else if (name == "SHA-1") {
    algorithm = HashAlgorithm::kSha1;
  } else if (name == "SHA-256") {
    algorithm = HashAlgorithm::kSha256;
  } else if (name == "SHA-384") {
    algorithm = HashAlgorithm::kSha384;
  } else if (name == "SHA-512") {
    algorithm = HashAlgorithm::kSha512;
  } else {
    FailWith("D3153",
             "The hash algorithm " + JsonQuote(name) +
                 " is not one of MD5, SHA-1, SHA-256, SHA-384, SHA-512",
             c.Arg(1));
  }
  return Value::String(DigestHex(algorithm, c.Arg(0).AsString()));
}

Value FnUuid(Call& c) { return Value::String(c.ev.random()->Uuid()); }

// $parse(text): the JSON value the string holds.
Value FnParse(Call& c) {
  Value text = c.Arg(0);
  if (text.IsUndefined()) return Value();
  auto parsed = ParseJson(text.AsString());
  if (!parsed.ok()) FailWith("D3152", "The argument of $parse must be a JSON text", text);
  return Value::FromJson(parsed.value());
}

}  // namespace

std::vector<BuiltinSpec> AwsFunctions() {
  return {
      {"partition", "<an:a>", FnPartition, 2}, {"range", "<nnn?:a>", FnRange, 3},
      {"hash", "<s-s:s>", FnHash, 2},          {"uuid", "<:s>", FnUuid, 0},
      {"parse", "<s-:x>", FnParse, 1},
  };
}

}  // namespace sfn::jsonata
