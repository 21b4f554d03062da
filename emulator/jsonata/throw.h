// Internal: how the engine raises a JSONata error while parsing or evaluating.
//
// Inside the module an error unwinds as a C++ exception (JsonataThrow) so the
// evaluator reads as jsonata-js does; Expression::Compile and
// Expression::Evaluate catch it once and return it as an Error value
// (DESIGN.md: exceptions are caught once at library edges). Never seen
// outside emulator/jsonata/.
#pragma once

#include <cstdint>
#include <exception>
#include <optional>
#include <string>

#include "emulator/jsonata/error.h"
#include "emulator/jsonata/value.h"

namespace sfn::jsonata {

// jsonata-js's error object before its message is filled in: the code and
// the inserts its message template names.
struct ErrorInfo {
  std::string code;
  std::optional<int64_t> position;
  std::optional<std::string> token;
  std::optional<Value> value;
  std::optional<Value> value2;
  std::optional<int64_t> index;
  std::optional<std::string> type;
  std::optional<std::string> message;  // D3137 ($error), D3141 ($assert)
  std::optional<std::string> function_name;
  std::optional<Value> exp;
  // The whole message, already written (errors from the formatting and
  // date/time helpers, which return finished Error values).
  std::optional<std::string> final_message;
};

struct JsonataThrow : std::exception {
  ErrorInfo info;
  explicit JsonataThrow(ErrorInfo i) : info(std::move(i)) {}
  const char* what() const noexcept override { return info.code.c_str(); }
};

[[noreturn]] inline void Throw(ErrorInfo info) { throw JsonataThrow(std::move(info)); }
[[noreturn, gnu::noinline, gnu::cold]] void Throw(std::string code,
                                                  std::optional<int64_t> position = std::nullopt);

// Raises `code` with its inserts; kept out of line so that the evaluator's
// recursive functions keep small stack frames.
[[noreturn, gnu::noinline, gnu::cold]] void Fail(const char* code, std::optional<int64_t> position,
                                                 const Value& value, const char* token = nullptr,
                                                 const Value& value2 = Value(),
                                                 const char* message = nullptr);

// Raises an Error a helper returned (its code, message and value as they are).
[[noreturn]] void Rethrow(const Error& error);

// The public Error with jsonata-js 2.0.6's message text.
Error ToError(const ErrorInfo& info);

}  // namespace sfn::jsonata
