#include "emulator/integrations/xml.h"

#include <pugixml.hpp>

namespace sfn::integrations {
namespace {

std::string LocalName(const pugi::xml_node& n) {
  std::string name = n.name();
  size_t colon = name.find(':');
  return colon == std::string::npos ? name : name.substr(colon + 1);
}

bool HasElementChildren(const pugi::xml_node& n) {
  for (pugi::xml_node c : n.children()) {
    if (c.type() == pugi::node_element) return true;
  }
  return false;
}

Json Convert(const pugi::xml_node& n, const std::set<std::string>& lists);

// The query protocol's map entries: <entry><key>k</key><value>v</value></entry>
// (or Name/Value).
bool IsEntryMap(const pugi::xml_node& n) {
  bool any = false;
  for (pugi::xml_node c : n.children()) {
    if (c.type() != pugi::node_element) continue;
    if (LocalName(c) != "entry") return false;
    bool keyed = c.child("key") || c.child("Name");
    if (!keyed) return false;
    any = true;
  }
  return any;
}

Json Convert(const pugi::xml_node& n, const std::set<std::string>& lists) {
  if (!HasElementChildren(n)) return std::string(n.text().get());
  bool all_members = true;
  for (pugi::xml_node c : n.children()) {
    if (c.type() == pugi::node_element && LocalName(c) != "member") all_members = false;
  }
  if (all_members) {
    Json arr = Json::array();
    for (pugi::xml_node c : n.children()) {
      if (c.type() == pugi::node_element) arr.push_back(Convert(c, lists));
    }
    return arr;
  }
  if (IsEntryMap(n)) {
    Json map = Json::object();
    for (pugi::xml_node c : n.children()) {
      if (c.type() != pugi::node_element) continue;
      pugi::xml_node key = c.child("key") ? c.child("key") : c.child("Name");
      pugi::xml_node value = c.child("value") ? c.child("value") : c.child("Value");
      map[key.text().get()] = value ? Convert(value, lists) : Json("");
    }
    return map;
  }
  Json obj = Json::object();
  for (pugi::xml_node c : n.children()) {
    if (c.type() != pugi::node_element) continue;
    std::string name = LocalName(c);
    Json value = Convert(c, lists);
    auto it = obj.find(name);
    if (it == obj.end()) {
      obj[name] = lists.count(name) > 0 ? Json::array({std::move(value)}) : std::move(value);
    } else {
      if (!it->is_array() || lists.count(name) == 0) {
        if (!it->is_array()) *it = Json::array({*it});
      }
      it->push_back(std::move(value));
    }
  }
  return obj;
}

}  // namespace

Result<Json> XmlToJson(std::string_view xml, const std::set<std::string>& lists) {
  pugi::xml_document doc;
  pugi::xml_parse_result parsed = doc.load_buffer(xml.data(), xml.size());
  if (!parsed) {
    return Status(ErrorCode::kSerializationException, std::string("malformed XML: ") +
                                                          parsed.description() + " at offset " +
                                                          std::to_string(parsed.offset));
  }
  pugi::xml_node root = doc.document_element();
  if (!root) return Status(ErrorCode::kSerializationException, "malformed XML: no element");
  Json out = Json::object();
  out[LocalName(root)] = Convert(root, lists);
  return out;
}

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace sfn::integrations
