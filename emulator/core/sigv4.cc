#include "emulator/core/sigv4.h"

#include <algorithm>
#include <cctype>
#include <ctime>

#include "emulator/core/hash.h"

namespace sfn::sigv4 {
namespace {

constexpr char kAlgorithm[] = "AWS4-HMAC-SHA256";

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Leading and trailing blanks removed, inner runs of blanks made one space.
std::string Trimmed(std::string_view v) {
  std::string out;
  bool space = false;
  for (char c : v) {
    if (c == ' ' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes `s` ('+' stays as is: AWS query strings encode spaces as %20).
std::string UriDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int hi = HexValue(s[i + 1]);
      int lo = HexValue(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

// The canonical query string: each name and value decoded and encoded
// again with UriEncode, sorted by name then value.
std::string CanonicalQuery(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> params;
  size_t start = 0;
  while (!query.empty()) {
    size_t amp = query.find('&', start);
    std::string_view part =
        query.substr(start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
    if (!part.empty()) {
      size_t eq = part.find('=');
      std::string name(part.substr(0, eq));
      std::string value = eq == std::string_view::npos ? "" : std::string(part.substr(eq + 1));
      params.emplace_back(UriEncode(UriDecode(name)), UriEncode(UriDecode(value)));
    }
    if (amp == std::string_view::npos) break;
    start = amp + 1;
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    out += name + "=" + value;
  }
  return out;
}

// Services other than S3 sign the path encoded a second time (each segment
// of the already-encoded path goes through UriEncode again).
std::string CanonicalPath(std::string_view path, std::string_view service) {
  if (path.empty()) return "/";
  if (service == "s3") return std::string(path);
  return UriEncode(path, /*keep_slash=*/true);
}

}  // namespace

std::string UriEncode(std::string_view text, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' ||
        (keep_slash && c == '/')) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

std::string AmzDate(TimePoint now) {
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

Signature Compute(const Request& request, const Credentials& credentials, std::string_view region,
                  std::string_view service, std::string_view amz_date) {
  // Canonical headers: lower-case names, trimmed values, sorted by name;
  // repeated names joined with commas.
  std::vector<std::pair<std::string, std::string>> headers;
  for (const auto& [name, value] : request.headers) {
    std::string lower = Lower(name);
    if (lower == "user-agent") continue;
    headers.emplace_back(std::move(lower), Trimmed(value));
  }
  std::stable_sort(headers.begin(), headers.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string canonical_headers, signed_headers;
  for (size_t i = 0; i < headers.size(); ++i) {
    if (i > 0 && headers[i].first == headers[i - 1].first) {
      canonical_headers.pop_back();  // the newline
      canonical_headers += "," + headers[i].second + "\n";
      continue;
    }
    canonical_headers += headers[i].first + ":" + headers[i].second + "\n";
    if (!signed_headers.empty()) signed_headers += ';';
    signed_headers += headers[i].first;
  }
  std::string payload_hash;
  for (const auto& [name, value] : headers) {
    if (name == "x-amz-content-sha256") payload_hash = value;
  }
  if (payload_hash.empty()) payload_hash = DigestHex(HashAlgorithm::kSha256, request.body);

  Signature s;
  s.canonical_request = request.method + "\n" + CanonicalPath(request.path, service) + "\n" +
                        CanonicalQuery(request.query) + "\n" + canonical_headers + "\n" +
                        signed_headers + "\n" + payload_hash;
  std::string date(amz_date.substr(0, 8));
  std::string scope =
      date + "/" + std::string(region) + "/" + std::string(service) + "/aws4_request";
  s.string_to_sign = std::string(kAlgorithm) + "\n" + std::string(amz_date) + "\n" + scope + "\n" +
                     DigestHex(HashAlgorithm::kSha256, s.canonical_request);
  std::string key = Hmac(HashAlgorithm::kSha256, "AWS4" + credentials.secret_access_key, date);
  key = Hmac(HashAlgorithm::kSha256, key, region);
  key = Hmac(HashAlgorithm::kSha256, key, service);
  key = Hmac(HashAlgorithm::kSha256, key, "aws4_request");
  std::string signature = HexOf(Hmac(HashAlgorithm::kSha256, key, s.string_to_sign));
  s.authorization = std::string(kAlgorithm) + " Credential=" + credentials.access_key_id + "/" +
                    scope + ", SignedHeaders=" + signed_headers + ", Signature=" + signature;
  return s;
}

Signature Sign(Request& request, const Credentials& credentials, std::string_view region,
               std::string_view service, TimePoint now) {
  std::string amz_date = AmzDate(now);
  request.headers.emplace_back("X-Amz-Date", amz_date);
  if (!credentials.session_token.empty()) {
    request.headers.emplace_back("X-Amz-Security-Token", credentials.session_token);
  }
  if (service == "s3") {
    request.headers.emplace_back("X-Amz-Content-Sha256",
                                 DigestHex(HashAlgorithm::kSha256, request.body));
  }
  Signature s = Compute(request, credentials, region, service, amz_date);
  request.headers.emplace_back("Authorization", s.authorization);
  return s;
}

}  // namespace sfn::sigv4
