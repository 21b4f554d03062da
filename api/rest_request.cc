#include "api/rest_request.h"

// Boost.URL, header-only: its definitions are compiled here, in this one
// translation unit of the program.
#include <boost/url/parse.hpp>
#include <boost/url/src.hpp>
#include <boost/url/url_view.hpp>

namespace sfn::api {
namespace {

std::vector<std::string_view> PatternSegments(std::string_view pattern) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= pattern.size()) {
    size_t slash = pattern.find('/', start);
    std::string_view seg = pattern.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (!seg.empty()) out.push_back(seg);
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

}  // namespace

std::optional<RestTarget> ParseRestTarget(std::string_view target) {
  boost::system::result<boost::urls::url_view> url = boost::urls::parse_origin_form(target);
  if (!url) return std::nullopt;
  RestTarget out;
  for (std::string segment : url->segments()) {
    if (!segment.empty()) out.segments.push_back(std::move(segment));
  }
  // AWS SDKs percent-encode every reserved character of a query value, so
  // '+' is a plus sign here, not a form-encoded space.
  for (const boost::urls::param& p : url->params(boost::urls::encoding_opts(false, false, false))) {
    out.query.emplace(p.key, p.has_value ? p.value : "");
  }
  return out;
}

std::optional<PathLabels> MatchPath(std::string_view pattern,
                                    const std::vector<std::string>& segments) {
  std::vector<std::string_view> parts = PatternSegments(pattern);
  PathLabels labels;
  size_t i = 0;
  for (std::string_view part : parts) {
    bool label = part.size() > 2 && part.front() == '{' && part.back() == '}';
    if (label && part[part.size() - 2] == '+') {
      // A greedy label: at least one segment, the rest joined by '/'.
      if (i >= segments.size()) return std::nullopt;
      std::string rest;
      for (; i < segments.size(); ++i) rest += (rest.empty() ? "" : "/") + segments[i];
      labels[std::string(part.substr(1, part.size() - 3))] = std::move(rest);
      continue;
    }
    if (i >= segments.size()) return std::nullopt;
    if (label) {
      labels[std::string(part.substr(1, part.size() - 2))] = segments[i];
    } else if (part != segments[i]) {
      return std::nullopt;
    }
    ++i;
  }
  if (i != segments.size()) return std::nullopt;
  return labels;
}

}  // namespace sfn::api
