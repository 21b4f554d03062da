#include "emulator/integrations/sdk_metadata.h"

#include <boost/crc.hpp>
#include <cctype>
#include <ctime>
#include <utility>
#include <vector>

#include "emulator/integrations/aws_client.h"

namespace sfn::integrations {
namespace {

bool IsUuid(const std::string& s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

}  // namespace

std::string HttpDate(TimePoint t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

std::string IsoFromHttpDate(const std::string& http_date) {
  std::tm tm{};
  const char* end = strptime(http_date.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return "";
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string UuidRequestId(const engine::HttpAnswer& answer, const std::string& fallback) {
  std::string id = RequestIdOf(answer);
  return IsUuid(id) ? id : fallback;
}

void AddSdkMetadata(Json& output, const SdkMetadataInput& in) {
  std::string date;
  if (in.answer != nullptr) {
    if (const std::string* d = in.answer->Header("date")) date = *d;
  }
  if (date.empty()) date = HttpDate(in.now);
  std::string length = std::to_string(in.body.size());
  std::vector<std::pair<std::string, std::string>> headers;
  switch (in.style) {
    case SdkMetadataStyle::kSqs:
      headers = {{"x-amzn-RequestId", in.request_id},
                 {"connection", "keep-alive"},
                 {"Content-Length", length},
                 {"Date", date},
                 {"Content-Type", "application/x-amz-json-1.0"}};
      break;
    case SdkMetadataStyle::kSns:
      headers = {{"x-amzn-RequestId", in.request_id},
                 {"connection", "keep-alive"},
                 {"Content-Length", length},
                 {"Date", date},
                 {"Content-Type", "text/xml"}};
      break;
    case SdkMetadataStyle::kDynamoDb: {
      boost::crc_32_type crc;
      crc.process_bytes(in.body.data(), in.body.size());
      headers = {{"Server", "Server"},
                 {"Date", date},
                 {"Content-Type", "application/x-amz-json-1.0"},
                 {"Content-Length", length},
                 {"Connection", "keep-alive"},
                 {"x-amzn-RequestId", in.request_id},
                 {"x-amz-crc32", std::to_string(crc.checksum())}};
      break;
    }
  }
  Json all = Json::object();
  Json plain = Json::object();
  for (const auto& [name, value] : headers) {
    all[name] = Json::array({value});
    plain[name] = value;
  }
  output["SdkHttpMetadata"] = Json{{"AllHttpHeaders", std::move(all)},
                                   {"HttpHeaders", std::move(plain)},
                                   {"HttpStatusCode", in.answer ? in.answer->status : 200}};
  output["SdkResponseMetadata"] = Json{{"RequestId", in.request_id}};
}

}  // namespace sfn::integrations
