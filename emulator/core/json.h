// The one JSON type of the tree (DESIGN.md, "Values and errors").
//
// `Json` keeps object keys in insertion order, as AWS keeps them in outputs.
// ParseJson is the only way text becomes Json at a boundary: it never throws.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "emulator/core/status.h"

namespace sfn {

using Json = nlohmann::ordered_json;

// Parses `text`; on failure returns `code` with the parser's message.
Result<Json> ParseJson(std::string_view text,
                       ErrorCode code = ErrorCode::kSerializationException);

// Compact text as AWS writes JSON payloads (no spaces).
std::string DumpJson(const Json& value);

// Short type names used in AWS messages ("string", "number", "object", ...).
std::string_view JsonTypeName(const Json& value);

}  // namespace sfn
