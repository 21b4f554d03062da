// JSONata errors as jsonata-js 2.0.6 reports them (its error codes S0xxx for
// syntax, T0xxx for types, D1xxx-D3xxx for dynamic evaluation errors, U1001
// for the depth guard): the code, the message with its inserts filled in,
// and where known the character position in the expression and the
// offending token or value. Plain values; thread-safe as values are.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "emulator/core/json.h"

namespace sfn::jsonata {

struct Error {
  std::string code;                 // "S0202", "T2001", "D3110", ...
  std::string message;              // jsonata-js 2.0.6's text, e.g. "Argument 1 of function ..."
  std::optional<int64_t> position;  // 1-based end position of the token, as jsonata-js
  std::optional<std::string> token;
  std::optional<Json> value;
};

// A value or a JSONata error: what everything in this module that can fail
// returns.
template <typename T>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : v_(std::move(value)) {}      // NOLINT(runtime/explicit)
  Expected(Error error) : v_(std::move(error)) {}  // NOLINT(runtime/explicit)

  bool ok() const { return v_.index() == 0; }
  const T& value() const& { return std::get<0>(v_); }
  T& value() & { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

}  // namespace sfn::jsonata
