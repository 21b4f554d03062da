// XML from AWS answers (the query and rest-xml protocols: SNS, S3, error
// documents) as JSON, through pugixml (libpugixml-dev).
//
// The mapping is the shape-free one an SDK would get from a model: an
// element with child elements is an object of its children by local name
// (namespaces dropped); a name that repeats, or one listed in `lists`,
// becomes an array; an element whose children are all `member` elements is
// the array of them (the query protocol's lists); an `entry` list of
// key/value (or Name/Value) pairs is an object (its maps); an element with
// text only is its text, an empty one "". Pure; thread-safe.
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "emulator/core/json.h"
#include "emulator/core/status.h"

namespace sfn::integrations {

// {"<RootName>": <content>}; kSerializationException for text that is not
// XML.
Result<Json> XmlToJson(std::string_view xml, const std::set<std::string>& lists = {});

// `text` with &, <, >, " and ' escaped, for XML request bodies.
std::string XmlEscape(std::string_view text);

}  // namespace sfn::integrations
