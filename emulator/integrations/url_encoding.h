// URL encoding as the HTTP Task applies it (Step Functions developer guide,
// "Call HTTPS APIs in Step Functions workflows": QueryParameters, and
// "Applying URL-encoding on request body"): percent-encoding of names and
// values, and JSON objects turned into form data with nested objects as
// `outer[inner]` and arrays in one of the four ArrayFormat styles.
//
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "emulator/core/json.h"

namespace sfn::integrations {

// RFC 3986 percent-encoding: everything but the unreserved characters
// (A-Z a-z 0-9 - _ . ~) as %XX, upper-case hex; a space is %20.
std::string PercentEncode(std::string_view text);

// How arrays in a form body are written (RequestEncodingOptions.ArrayFormat),
// for {"array": ["a", "b"]}:
//   kIndices   array[0]=a&array[1]=b   (AWS's default)
//   kRepeat    array=a&array=b
//   kCommas    array=a,b
//   kBrackets  array[]=a&array[]=b
enum class ArrayFormat { kIndices, kRepeat, kCommas, kBrackets };

// "INDICES", "REPEAT", "COMMAS", "BRACKETS"; nullopt for anything else.
std::optional<ArrayFormat> ParseArrayFormat(std::string_view name);

// The text of a scalar in a URL: a string as is, other JSON as its text
// (numbers, true/false), null as nothing.
std::string ScalarText(const Json& value);

// `application/x-www-form-urlencoded` text of an object's members, in their
// order; nested objects as `name[member]`, arrays per `format` (names and
// values percent-encoded, brackets included).
std::string FormEncode(const Json& object, ArrayFormat format);

}  // namespace sfn::integrations
