// One text form for a function result in the tables of the number and
// date/time tests: the string itself, a number as JavaScript's String(n)
// writes it, "undefined", or "error:<code>:<message>".
#pragma once

#include <optional>
#include <string>

#include "emulator/jsonata/error.h"
#include "emulator/jsonata/number_text.h"

namespace sfn::jsonata {

inline std::string ErrorText(const Error& e) { return "error:" + e.code + ":" + e.message; }

inline std::string ExpectedText(const Expected<std::string>& r) {
  return r.ok() ? r.value() : ErrorText(r.error());
}

inline std::string ExpectedText(const Expected<double>& r) {
  return r.ok() ? NumberToString(r.value()) : ErrorText(r.error());
}

inline std::string ExpectedText(const Expected<std::optional<double>>& r) {
  if (!r.ok()) return ErrorText(r.error());
  return r.value() ? NumberToString(*r.value()) : "undefined";
}

}  // namespace sfn::jsonata
