#include "api/request_guard.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstring>

#include "api/error_table.h"
#include "api/lambda_operations.h"

namespace sfn::api {
namespace {

constexpr char kAlgorithm[] = "AWS4-HMAC-SHA256";
// AWS refuses a signature dated more than 15 minutes from its clock.
constexpr auto kMaxSkew = std::chrono::minutes(15);

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string PathOf(const std::string& target) {
  size_t q = target.find('?');
  return q == std::string::npos ? target : target.substr(0, q);
}

// The host part of a Host header: without the port, brackets or a final dot.
std::string HostName(const std::string& header) {
  std::string h = Lower(header);
  if (!h.empty() && h.front() == '[') {
    size_t close = h.find(']');
    return close == std::string::npos ? h : h.substr(1, close - 1);
  }
  size_t colon = h.find(':');
  if (colon != std::string::npos && h.find(':', colon + 1) == std::string::npos) {
    h = h.substr(0, colon);
  }
  if (!h.empty() && h.back() == '.') h.pop_back();
  return h;
}

bool IsIpAddress(const std::string& host) {
  unsigned char buf[sizeof(struct in6_addr)];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

bool IsReadMethod(const std::string& method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

// The error answer in the shape of the API the request addressed.
HttpResponse Refuse(const HttpRequest& request, ErrorCode code, const std::string& message) {
  Status status(code, message);
  return IsLambdaPath(PathOf(request.target)) ? LambdaErrorResponse(status)
                                              : JsonErrorResponse(status);
}

bool IsJsonContentType(const std::string* value) {
  if (value == nullptr) return false;
  std::string type = Lower(value->substr(0, value->find(';')));
  type.erase(std::remove_if(type.begin(), type.end(), [](char c) { return c == ' '; }), type.end());
  return type == "application/json" || type.rfind("application/x-amz-json-", 0) == 0;
}

// The parts of "AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request,
// SignedHeaders=a;b, Signature=hex".
struct Authorization {
  std::string access_key_id, date, region, service, signed_headers, signature;
};

std::optional<Authorization> ParseAuthorization(const std::string& header) {
  if (header.rfind(kAlgorithm, 0) != 0) return std::nullopt;
  Authorization a;
  std::string credential;
  size_t pos = sizeof kAlgorithm - 1;
  while (pos < header.size()) {
    while (pos < header.size() && (header[pos] == ' ' || header[pos] == ',')) ++pos;
    size_t eq = header.find('=', pos);
    if (eq == std::string::npos) break;
    size_t end = header.find(',', eq);
    if (end == std::string::npos) end = header.size();
    std::string key = header.substr(pos, eq - pos);
    std::string value = header.substr(eq + 1, end - eq - 1);
    while (!value.empty() && value.back() == ' ') value.pop_back();
    if (key == "Credential") credential = value;
    if (key == "SignedHeaders") a.signed_headers = value;
    if (key == "Signature") a.signature = value;
    pos = end;
  }
  // AKID / date / region / service / aws4_request
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t slash; (slash = credential.find('/', start)) != std::string::npos;) {
    parts.push_back(credential.substr(start, slash - start));
    start = slash + 1;
  }
  parts.push_back(credential.substr(start));
  if (parts.size() != 5 || parts[4] != "aws4_request" || a.signed_headers.empty() ||
      a.signature.empty()) {
    return std::nullopt;
  }
  a.access_key_id = parts[0];
  a.date = parts[1];
  a.region = parts[2];
  a.service = parts[3];
  return a;
}

// "20260101T000000Z" as a time; nullopt when it is not one.
std::optional<TimePoint> ParseAmzDate(const std::string& text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  std::string iso = text.substr(0, 4) + "-" + text.substr(4, 2) + "-" + text.substr(6, 2) + "T" +
                    text.substr(9, 2) + ":" + text.substr(11, 2) + ":" + text.substr(13, 2) + "Z";
  return ParseRfc3339(iso);
}

bool ConstantTimeEqual(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return diff == 0;
}

}  // namespace

bool IsLoopbackHost(const std::string& host) {
  std::string h = HostName(host);
  if (h == "localhost" || (h.size() > 10 && h.ends_with(".localhost"))) return true;
  if (h == "::1") return true;
  struct in_addr v4;
  if (inet_pton(AF_INET, h.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  return false;
}

RequestGuard::RequestGuard(GuardOptions options) : options_(std::move(options)) {
  for (std::string& h : options_.allowed_hosts) h = HostName(h);
}

bool RequestGuard::HostAllowed(const std::string& header) const {
  std::string host = HostName(header);
  // StartSyncExecution: the SDKs put "sync-" before the endpoint's host
  // (botocore's endpoint "hostPrefix"), so sync-127.0.0.1 and sync-localhost
  // stand for the host they prefix.
  if (host.rfind("sync-", 0) == 0 && host.size() > 5) host.erase(0, 5);
  if (host.empty() || IsIpAddress(host) || IsLoopbackHost(host)) return true;
  // A name without a dot cannot be an attacker's DNS name: a container or
  // compose service (`sfn`), a machine on the local network.
  if (host.find('.') == std::string::npos) return true;
  if (host == HostName(options_.bind_host)) return true;
  for (const std::string& allowed : options_.allowed_hosts) {
    if (allowed == "*" || allowed == host) return true;
  }
  return false;
}

std::optional<HttpResponse> RequestGuard::Check(const HttpRequest& request, TimePoint now) const {
  const std::string* host = request.Header("host");
  if (host != nullptr && !HostAllowed(*host)) {
    return Refuse(request, ErrorCode::kAccessDeniedException,
                  "The Host '" + HostName(*host) +
                      "' is not one this emulator answers for (an IP address, localhost, the "
                      "bind address, or a name given with --allowed-host): start it with "
                      "--allowed-host " +
                      HostName(*host) + " to allow it");
  }
  if (!IsReadMethod(request.method)) {
    if (const std::string* origin = request.Header("origin")) {
      std::string own = host != nullptr ? "http://" + Lower(*host) : std::string();
      if (Lower(*origin) != own) {
        return Refuse(request, ErrorCode::kAccessDeniedException,
                      "Cross-origin requests are refused: Origin '" + *origin +
                          "' is not this emulator's own");
      }
    }
  }
  std::string path = PathOf(request.target);
  if (request.method == "POST" && IsLambdaPath(path) &&
      !IsJsonContentType(request.Header("content-type")) && !request.Header("authorization")) {
    return Refuse(request, ErrorCode::kAccessDeniedException,
                  "The Lambda API needs a JSON content type (application/json) or a signed "
                  "request");
  }
  if (options_.verify_signatures) {
    bool open_read = IsReadMethod(request.method) &&
                     (path.rfind("/_emulator/", 0) == 0 || path == "/" || path == "/index.html" ||
                      path == "/favicon.ico" || path == "/favicon.svg");
    if (!open_read) return CheckSignature(request, now);
  }
  return std::nullopt;
}

std::optional<HttpResponse> RequestGuard::CheckSignature(const HttpRequest& request,
                                                         TimePoint now) const {
  const std::string* header = request.Header("authorization");
  std::optional<Authorization> auth = header ? ParseAuthorization(*header) : std::nullopt;
  if (!auth) {
    return Refuse(request, ErrorCode::kMissingAuthenticationToken, "Missing Authentication Token");
  }
  const sigv4::Credentials* credentials = nullptr;
  for (const sigv4::Credentials& c : options_.credentials) {
    if (c.access_key_id == auth->access_key_id) credentials = &c;
  }
  if (credentials == nullptr) {
    return Refuse(request, ErrorCode::kUnrecognizedClientException,
                  "The security token included in the request is invalid.");
  }
  const std::string* amz_date = request.Header("x-amz-date");
  std::optional<TimePoint> signed_at = amz_date ? ParseAmzDate(*amz_date) : std::nullopt;
  if (!signed_at || amz_date->substr(0, 8) != auth->date) {
    return Refuse(request, ErrorCode::kInvalidSignatureException,
                  "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' "
                  "header.");
  }
  if (*signed_at < now - kMaxSkew || *signed_at > now + kMaxSkew) {
    std::string bound = sigv4::AmzDate(*signed_at < now ? now - kMaxSkew : now + kMaxSkew);
    return Refuse(request, ErrorCode::kInvalidSignatureException,
                  "Signature expired: " + *amz_date + " is now " +
                      (*signed_at < now ? "earlier" : "later") + " than " + bound + " (" +
                      sigv4::AmzDate(now) + (*signed_at < now ? " - " : " + ") + "15 min.)");
  }
  // The request as the client signed it: the listed headers only.
  sigv4::Request signed_request;
  signed_request.method = request.method;
  size_t q = request.target.find('?');
  signed_request.path = request.target.substr(0, q);
  signed_request.query = q == std::string::npos ? "" : request.target.substr(q + 1);
  signed_request.body = request.body;
  size_t start = 0;
  while (start <= auth->signed_headers.size()) {
    size_t end = auth->signed_headers.find(';', start);
    if (end == std::string::npos) end = auth->signed_headers.size();
    std::string name = Lower(auth->signed_headers.substr(start, end - start));
    const std::string* value = request.Header(name);
    signed_request.headers.emplace_back(name, value ? *value : "");
    start = end + 1;
  }
  sigv4::Signature expected =
      sigv4::Compute(signed_request, *credentials, auth->region, auth->service, *amz_date);
  std::string expected_signature = expected.authorization.substr(
      expected.authorization.rfind("Signature=") + sizeof "Signature=" - 1);
  if (!ConstantTimeEqual(expected_signature, auth->signature)) {
    return Refuse(request, ErrorCode::kInvalidSignatureException,
                  "The request signature we calculated does not match the signature you "
                  "provided. Check your AWS Secret Access Key and signing method. Consult the "
                  "service documentation for details.");
  }
  return std::nullopt;
}

}  // namespace sfn::api
