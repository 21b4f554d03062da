#include "api/lambda_forwarder.h"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <thread>

namespace sfn::api {
namespace {

struct Target {
  std::string host, port, prefix;
};

class HttpForwarder : public lambda::Forwarder {
 public:
  explicit HttpForwarder(Target t) : t_(std::move(t)) {}

  void Invoke(const std::string& function_name, const std::optional<std::string>& qualifier,
              std::string payload, bool tail_log,
              std::function<void(engine::InvocationResult)> done) override {
    std::string path = t_.prefix + "/2015-03-31/functions/" + function_name + "/invocations";
    if (qualifier) path += "?Qualifier=" + *qualifier;
    Target t = t_;
    std::thread([t, path, payload = std::move(payload), tail_log, done = std::move(done)] {
      done(Post(t, path, payload, tail_log));
    }).detach();
  }

 private:
  static engine::InvocationResult Failed(const std::string& why) {
    engine::InvocationResult r;
    r.service_error = "ServiceException";
    r.service_message = "--lambda-endpoint: " + why;
    return r;
  }

  static engine::InvocationResult Post(const Target& t, const std::string& path,
                                       const std::string& payload, bool tail_log) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* res = nullptr;
    if (getaddrinfo(t.host.c_str(), t.port.c_str(), &hints, &res) != 0 || !res) {
      return Failed("cannot resolve " + t.host);
    }
    int fd = -1;
    for (addrinfo* a = res; a; a = a->ai_next) {
      fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
      if (fd < 0) continue;
      if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0) break;
      ::close(fd);
      fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) return Failed("cannot connect to " + t.host + ":" + t.port);
    std::string req = "POST " + path + " HTTP/1.1\r\nHost: " + t.host + ":" + t.port +
                      "\r\nContent-Type: application/json\r\nConnection: close\r\n"
                      "Authorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/"
                      "lambda/aws4_request, SignedHeaders=host, Signature=0\r\n" +
                      (tail_log ? "X-Amz-Log-Type: Tail\r\n" : "") +
                      "Content-Length: " + std::to_string(payload.size()) + "\r\n\r\n" + payload;
    for (size_t sent = 0; sent < req.size();) {
      ssize_t n = ::send(fd, req.data() + sent, req.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) {
        ::close(fd);
        return Failed("send failed");
      }
      sent += static_cast<size_t>(n);
    }
    std::string resp;
    char buf[65536];
    while (true) {
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      resp.append(buf, static_cast<size_t>(n));
    }
    ::close(fd);
    size_t head_end = resp.find("\r\n\r\n");
    if (resp.rfind("HTTP/1.", 0) != 0 || head_end == std::string::npos) {
      return Failed("not an HTTP response");
    }
    engine::InvocationResult r;
    r.status_code = std::atoi(resp.c_str() + 9);
    std::string head = resp.substr(0, head_end);
    std::string body = resp.substr(head_end + 4);
    bool chunked = false;
    size_t pos = head.find("\r\n");
    while (pos != std::string::npos && pos < head.size()) {
      size_t next = head.find("\r\n", pos + 2);
      std::string line = head.substr(pos + 2, next == std::string::npos ? std::string::npos
                                                                        : next - pos - 2);
      size_t colon = line.find(':');
      if (colon != std::string::npos) {
        std::string name = line.substr(0, colon), value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.erase(0, 1);
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (name == "x-amz-function-error") r.function_error = value;
        if (name == "x-amz-executed-version") r.executed_version = value;
        if (name == "x-amz-log-result") r.log_result = value;
        if (name == "x-amzn-errortype") r.service_error = value.substr(0, value.find(':'));
        if (name == "transfer-encoding" && value.find("chunked") != std::string::npos) {
          chunked = true;
        }
      }
      pos = next;
    }
    if (chunked) {
      std::string decoded;
      size_t p = 0;
      while (p < body.size()) {
        size_t eol = body.find("\r\n", p);
        if (eol == std::string::npos) break;
        size_t len = std::strtoul(body.substr(p, eol - p).c_str(), nullptr, 16);
        if (len == 0) break;
        decoded += body.substr(eol + 2, len);
        p = eol + 2 + len + 2;
      }
      body = decoded;
    }
    if (r.service_error) {
      Result<Json> j = ParseJson(body);
      r.service_message = j.ok() && j->is_object() && j->contains("message")
                              ? (*j)["message"].dump()
                              : body;
      if (j.ok() && j->is_object() && j->contains("message") && (*j)["message"].is_string()) {
        r.service_message = (*j)["message"].get<std::string>();
      }
    }
    r.payload = std::move(body);
    return r;
  }

  Target t_;
};

}  // namespace

Result<std::unique_ptr<lambda::Forwarder>> MakeLambdaForwarder(const std::string& url) {
  constexpr char kScheme[] = "http://";
  if (url.rfind(kScheme, 0) != 0) {
    return Status(ErrorCode::kValidationException, "--lambda-endpoint must be an http:// URL");
  }
  std::string rest = url.substr(sizeof(kScheme) - 1);
  size_t slash = rest.find('/');
  std::string hostport = rest.substr(0, slash);
  Target t;
  t.prefix = slash == std::string::npos ? "" : rest.substr(slash);
  while (!t.prefix.empty() && t.prefix.back() == '/') t.prefix.pop_back();
  size_t colon = hostport.rfind(':');
  t.host = hostport.substr(0, colon);
  t.port = colon == std::string::npos ? "80" : hostport.substr(colon + 1);
  if (t.host.empty()) return Status(ErrorCode::kValidationException, "--lambda-endpoint: no host");
  return std::unique_ptr<lambda::Forwarder>(new HttpForwarder(std::move(t)));
}

}  // namespace sfn::api
