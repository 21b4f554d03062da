// Plain HTTP request/response values passed between the Beast server and the
// router, so that only http_server.cc includes Beast (it is slow to compile).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace sfn::api {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;

  const std::string* Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? nullptr : &it->second;
  }
};

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// Called exactly once, from any thread.
using ResponseCallback = std::function<void(HttpResponse)>;

}  // namespace sfn::api
