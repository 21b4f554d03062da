// The AWS query protocol (botocore's "query" serializer and parser; SNS):
// a request is a form body `Action=<Operation>&Version=<api version>&...`
// with nested parameters flattened (`Tags.member.1.Key`,
// `MessageAttributes.entry.1.Name`), the answer an XML
// `<Operation>Response><Operation>Result>` document. Pure; thread-safe.
#pragma once

#include <functional>
#include <set>
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

// The names of the list and map members of a query service's output shapes
// (botocore's model): their empty elements (`<Topics/>`) decode as [] and {}
// rather than "", as an SDK reads them.
struct QueryCollections {
  std::set<std::string, std::less<>> lists;
  std::set<std::string, std::less<>> maps;
};

// SNS's (its output shapes' list and map members, botocore's sns model
// 2010-03-31); an empty table for other services.
const QueryCollections& QueryOutputCollections(std::string_view service);

// The content of <ActionResult> (an object; {} when the answer has none),
// the empty elements named in `collections` as [] or {} at any depth.
Result<Json> QueryResult(std::string_view action, std::string_view xml,
                         const QueryCollections& collections = {});

}  // namespace sfn::integrations
