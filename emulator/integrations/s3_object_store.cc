#include "emulator/integrations/s3_object_store.h"

#include <memory>

#include "emulator/core/time.h"
#include "emulator/integrations/url_encoding.h"
#include "emulator/integrations/xml.h"

namespace sfn::integrations {
namespace {

// /bucket/key with each segment percent-encoded, the slashes kept.
std::string ObjectPath(const std::string& bucket, const std::string& key) {
  std::string path = "/" + PercentEncode(bucket) + "/";
  size_t start = 0;
  while (true) {
    size_t slash = key.find('/', start);
    path += PercentEncode(std::string_view(key).substr(start, slash - start));
    if (slash == std::string::npos) break;
    path += '/';
    start = slash + 1;
  }
  return path;
}

// The cause of a call that failed: S3's error code and message, or why no
// answer came.
std::optional<Failure> CallFailure(const Result<engine::HttpAnswer>& answer) {
  if (!answer.ok()) {
    std::string cause = answer.status().message();
    // No S3 endpoint is configured: say the other way too.
    if (answer.status().code() == ErrorCode::kResourceNotFound) {
      cause += " (or start sfn-emulator with --s3-dir DIR, a folder with one sub-folder per bucket)";
    }
    return Failure{"ServiceUnavailable", std::move(cause)};
  }
  if (std::optional<AwsError> e = ParseAwsError(*answer)) {
    return Failure{e->code, e->code + ": " + e->message};
  }
  return std::nullopt;
}

// One <Contents> of a listing as the ItemReader's item.
Json ListItem(const Json& c) {
  auto number = [](const Json& v) -> int64_t {
    try {
      return v.is_string() ? std::stoll(v.get<std::string>()) : v.get<int64_t>();
    } catch (...) {
      return 0;
    }
  };
  std::optional<TimePoint> modified = ParseRfc3339(c.value("LastModified", ""));
  return Json{{"Etag", c.value("ETag", "")},
              {"Key", c.value("Key", "")},
              {"LastModified", modified ? ToEpochMillis(*modified) / 1000 : 0},
              {"Size", number(c.value("Size", Json("0")))},
              {"StorageClass", c.value("StorageClass", "STANDARD")}};
}

}  // namespace

void S3ObjectStore::Get(std::string bucket, std::string key,
                        std::function<void(Outcome<std::string>)> done) {
  AwsRequest request;
  request.service = "s3";
  request.region = region_;
  request.method = "GET";
  request.path = ObjectPath(bucket, key);
  aws_.Send(request, [this, done = std::move(done)](Result<engine::HttpAnswer> answer) mutable {
    pool_.Post([answer = std::move(answer), done = std::move(done)]() {
      if (std::optional<Failure> failed = CallFailure(answer)) return done(*failed);
      done(std::string(answer->body));
    });
  });
}

void S3ObjectStore::List(std::string bucket, std::string prefix,
                         std::function<void(Outcome<Json>)> done) {
  ListPage(std::move(bucket), std::move(prefix), "", Json::array(), std::move(done));
}

void S3ObjectStore::ListPage(std::string bucket, std::string prefix, std::string token,
                             Json items, std::function<void(Outcome<Json>)> done) {
  AwsRequest request;
  request.service = "s3";
  request.region = region_;
  request.method = "GET";
  request.path = "/" + PercentEncode(bucket);
  request.query = "list-type=2&prefix=" + PercentEncode(prefix);
  if (!token.empty()) request.query += "&continuation-token=" + PercentEncode(token);
  aws_.Send(request, [this, bucket, prefix, items = std::move(items),
                      done = std::move(done)](Result<engine::HttpAnswer> answer) mutable {
    pool_.Post([this, bucket = std::move(bucket), prefix = std::move(prefix),
                items = std::move(items), answer = std::move(answer),
                done = std::move(done)]() mutable {
      if (std::optional<Failure> failed = CallFailure(answer)) return done(*failed);
      Result<Json> xml = XmlToJson(answer->body, {"Contents"});
      if (!xml.ok()) return done(Failure{"InternalError", xml.status().message()});
      const Json& result = xml->value("ListBucketResult", Json::object());
      for (const Json& c : result.value("Contents", Json::array())) items.push_back(ListItem(c));
      if (result.value("IsTruncated", "false") == "true") {
        ListPage(std::move(bucket), std::move(prefix), result.value("NextContinuationToken", ""),
                 std::move(items), std::move(done));
        return;
      }
      done(std::move(items));
    });
  });
}

void S3ObjectStore::Put(std::string bucket, std::string key, std::string body,
                        std::function<void(Outcome<Json>)> done) {
  AwsRequest request;
  request.service = "s3";
  request.region = region_;
  request.method = "PUT";
  request.path = ObjectPath(bucket, key);
  request.body = std::move(body);
  aws_.Send(request, [this, done = std::move(done)](Result<engine::HttpAnswer> answer) mutable {
    pool_.Post([answer = std::move(answer), done = std::move(done)]() {
      if (std::optional<Failure> failed = CallFailure(answer)) return done(*failed);
      done(Json());
    });
  });
}

}  // namespace sfn::integrations
