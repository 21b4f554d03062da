#include "emulator/core/json.h"

namespace sfn {

Result<Json> ParseJson(std::string_view text, ErrorCode code) {
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::exception& e) {
    return Status(code, e.what());
  }
}

std::string DumpJson(const Json& value) {
  // `replace` keeps invalid UTF-8 from throwing out of the dump.
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string_view JsonTypeName(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return "boolean";
    case Json::value_t::string: return "string";
    case Json::value_t::object: return "object";
    case Json::value_t::array: return "array";
    default: return "number";
  }
}

}  // namespace sfn
