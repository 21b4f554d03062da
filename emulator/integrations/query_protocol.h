// The AWS query protocol (botocore's "query" serializer and parser; SNS):
// a request is a form body `Action=<Operation>&Version=<api version>&...`
// with nested parameters flattened (`Tags.member.1.Key`,
// `MessageAttributes.entry.1.Name`), the answer an XML
// `<Operation>Response><Operation>Result>` document. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "emulator/core/json.h"
#include "emulator/core/status.h"

namespace sfn::integrations {

// The form body of `action` with `parameters` (an object): lists as
// `.member.N` (from 1), maps as `.entry.N.Name/Value` for MessageAttributes
// and `.entry.N.key/value` for other *Attributes maps, structures as `.Member`;
// booleans as true/false, numbers as their JSON text.
std::string QueryBody(std::string_view action, std::string_view version, const Json& parameters);

// The content of <ActionResult> (an object; {} when the answer has none).
Result<Json> QueryResult(std::string_view action, std::string_view xml);

}  // namespace sfn::integrations
