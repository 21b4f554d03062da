// The parts of a REST-JSON request target (an RFC 3986 origin form such as
// "/2015-03-31/functions/f%3A1/aliases?Marker=x"): its percent-decoded path
// segments and query parameters (Boost.URL), and the matching of a path
// against a route's URI pattern as AWS's service models write them
// ("/2015-03-31/functions/{FunctionName}/aliases/{Name}"; a label "{Name+}"
// takes the rest of the path). Pure functions; thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sfn::api {

struct RestTarget {
  std::vector<std::string> segments;              // decoded; empty ones skipped
  std::multimap<std::string, std::string> query;  // decoded; '+' stays '+'
};

// nullopt when `target` is not an origin form.
std::optional<RestTarget> ParseRestTarget(std::string_view target);

// Label name -> its decoded value.
using PathLabels = std::map<std::string, std::string>;

// The labels of `segments` when they match `pattern`, else nullopt.
std::optional<PathLabels> MatchPath(std::string_view pattern,
                                    const std::vector<std::string>& segments);

}  // namespace sfn::api
