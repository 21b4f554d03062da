#include "emulator/integrations/query_protocol.h"

#include <utility>
#include <vector>

#include "emulator/core/sigv4.h"
#include "emulator/integrations/xml.h"

namespace sfn::integrations {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

bool IsMapMember(const std::string& name) {
  return name.size() >= 10 && name.compare(name.size() - 10, 10, "Attributes") == 0;
}

void Flatten(const std::string& prefix, const Json& value, Pairs& out) {
  if (value.is_null()) return;
  if (value.is_array()) {
    size_t i = 0;
    for (const Json& item : value) Flatten(prefix + ".member." + std::to_string(++i), item, out);
    return;
  }
  if (value.is_object()) {
    std::string leaf = prefix.substr(prefix.rfind('.') + 1);
    if (IsMapMember(leaf)) {
      bool message = leaf == "MessageAttributes";
      size_t i = 0;
      for (auto it = value.begin(); it != value.end(); ++it) {
        std::string entry = prefix + ".entry." + std::to_string(++i);
        out.emplace_back(entry + (message ? ".Name" : ".key"), it.key());
        Flatten(entry + (message ? ".Value" : ".value"), it.value(), out);
      }
      return;
    }
    for (auto it = value.begin(); it != value.end(); ++it) {
      Flatten(prefix.empty() ? it.key() : prefix + "." + it.key(), it.value(), out);
    }
    return;
  }
  if (value.is_string()) {
    out.emplace_back(prefix, value.get<std::string>());
  } else {
    out.emplace_back(prefix, DumpJson(value));  // numbers, booleans
  }
}

// An empty list or map element reads as "" from the XML: [] or {} when its
// name is a list or map member of the output shapes.
void RestoreEmptyCollections(Json& value, const QueryCollections& c) {
  if (value.is_array()) {
    for (Json& item : value) RestoreEmptyCollections(item, c);
    return;
  }
  if (!value.is_object()) return;
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (it.value().is_string() && it.value().get_ref<const std::string&>().empty()) {
      if (c.lists.count(it.key()) > 0) {
        it.value() = Json::array();
      } else if (c.maps.count(it.key()) > 0) {
        it.value() = Json::object();
      }
      continue;
    }
    RestoreEmptyCollections(it.value(), c);
  }
}

}  // namespace

const QueryCollections& QueryOutputCollections(std::string_view service) {
  static const QueryCollections kNone;
  // Every list and map member of the output shapes of botocore's sns model
  // (2010-03-31), by their XML names; none of its lists is flattened.
  static const QueryCollections kSns{
      {"Endpoints", "Failed", "NumberCapabilities", "PhoneNumbers", "PlatformApplications",
       "Subscriptions", "Successful", "Tags", "Topics", "phoneNumbers"},
      {"Attributes", "attributes"}};
  return service == "sns" ? kSns : kNone;
}

std::string QueryBody(std::string_view action, std::string_view version, const Json& parameters) {
  Pairs pairs = {{"Action", std::string(action)}, {"Version", std::string(version)}};
  if (parameters.is_object()) Flatten("", parameters, pairs);
  std::string body;
  for (const auto& [name, value] : pairs) {
    if (!body.empty()) body += '&';
    body += sigv4::UriEncode(name) + "=" + sigv4::UriEncode(value);
  }
  return body;
}

Result<Json> QueryResult(std::string_view action, std::string_view xml,
                         const QueryCollections& collections) {
  SFN_ASSIGN_OR_RETURN(Json doc, XmlToJson(xml));
  std::string response = std::string(action) + "Response";
  std::string result = std::string(action) + "Result";
  if (!doc.contains(response) || !doc.at(response).is_object()) return Json::object();
  const Json& r = doc.at(response);
  if (!r.contains(result) || !r.at(result).is_object()) return Json::object();
  Json out = r.at(result);
  RestoreEmptyCollections(out, collections);
  return out;
}

}  // namespace sfn::integrations
