#include "emulator/integrations/s3_operations.h"

#include <array>
#include <cctype>
#include <utility>
#include <vector>

#include "emulator/core/sigv4.h"
#include "emulator/integrations/aws_task.h"
#include "emulator/integrations/sdk_metadata.h"
#include "emulator/integrations/xml.h"

namespace sfn::integrations {
namespace {

struct Binding {
  const char* member;
  const char* wire;  // header or query name
};

// Object headers shared by GetObject and HeadObject answers (botocore's
// GetObjectOutput members bound to headers).
constexpr std::array<Binding, 13> kObjectHeaders = {{
    {"AcceptRanges", "accept-ranges"},
    {"CacheControl", "cache-control"},
    {"ContentDisposition", "content-disposition"},
    {"ContentEncoding", "content-encoding"},
    {"ContentLanguage", "content-language"},
    {"ContentRange", "content-range"},
    {"ContentType", "content-type"},
    {"ETag", "etag"},
    {"Expires", "expires"},
    {"ServerSideEncryption", "x-amz-server-side-encryption"},
    {"StorageClass", "x-amz-storage-class"},
    {"VersionId", "x-amz-version-id"},
    {"WebsiteRedirectLocation", "x-amz-website-redirect-location"},
}};

// PutObject's members sent as headers.
constexpr std::array<Binding, 11> kPutHeaders = {{
    {"ACL", "x-amz-acl"},
    {"CacheControl", "Cache-Control"},
    {"ContentDisposition", "Content-Disposition"},
    {"ContentEncoding", "Content-Encoding"},
    {"ContentLanguage", "Content-Language"},
    {"ContentType", "Content-Type"},
    {"Expires", "Expires"},
    {"ServerSideEncryption", "x-amz-server-side-encryption"},
    {"StorageClass", "x-amz-storage-class"},
    {"Tagging", "x-amz-tagging"},
    {"WebsiteRedirectLocation", "x-amz-website-redirect-location"},
}};

constexpr std::array<Binding, 7> kListV2Query = {{
    {"ContinuationToken", "continuation-token"},
    {"Delimiter", "delimiter"},
    {"EncodingType", "encoding-type"},
    {"FetchOwner", "fetch-owner"},
    {"MaxKeys", "max-keys"},
    {"Prefix", "prefix"},
    {"StartAfter", "start-after"},
}};

std::string Text(const Json& v) { return v.is_string() ? v.get<std::string>() : DumpJson(v); }

bool Has(const Json& p, const char* member) {
  return p.contains(member) && !p.at(member).is_null();
}

void AddQuery(std::string& query, const std::string& name, const std::string& value) {
  if (!query.empty()) query += '&';
  query += sigv4::UriEncode(name) + "=" + sigv4::UriEncode(value);
}

void HeadersToMembers(const engine::HttpAnswer& a, Json& out) {
  for (const Binding& b : kObjectHeaders) {
    if (const std::string* v = a.Header(b.wire)) out[b.member] = *v;
  }
  if (const std::string* v = a.Header("content-length")) {
    try {
      out["ContentLength"] = std::stoll(*v);
    } catch (...) {
    }
  }
  if (const std::string* v = a.Header("last-modified")) {
    std::string iso = IsoFromHttpDate(*v);
    out["LastModified"] = iso.empty() ? *v : iso;
  }
  if (const std::string* v = a.Header("x-amz-delete-marker")) out["DeleteMarker"] = *v == "true";
  Json metadata = Json::object();
  constexpr std::string_view kMeta = "x-amz-meta-";
  for (const auto& [name, value] : a.headers) {
    if (name.rfind(kMeta, 0) == 0) metadata[name.substr(kMeta.size())] = value;
  }
  out["Metadata"] = std::move(metadata);
}

int64_t Integer(const Json& v) {
  if (v.is_number_integer()) return v.get<int64_t>();
  try {
    return v.is_string() ? std::stoll(v.get<std::string>()) : 0;
  } catch (...) {
    return 0;
  }
}

// ListObjectsV2's XML members as the SDK types them.
Json ListV2Output(const std::string& xml) {
  Result<Json> doc = XmlToJson(xml, {"Contents", "CommonPrefixes"});
  if (!doc.ok() || !doc->contains("ListBucketResult")) return Json::object();
  Json r = doc->at("ListBucketResult");
  if (!r.is_object()) return Json::object();
  if (r.contains("IsTruncated")) r["IsTruncated"] = r.at("IsTruncated") == "true";
  for (const char* n : {"KeyCount", "MaxKeys"}) {
    if (r.contains(n)) r[n] = Integer(r.at(n));
  }
  if (r.contains("Contents")) {
    for (Json& c : r["Contents"]) {
      if (c.is_object() && c.contains("Size")) c["Size"] = Integer(c.at("Size"));
    }
  }
  return r;
}

}  // namespace

std::string S3ObjectPath(std::string_view bucket, std::string_view key) {
  return "/" + sigv4::UriEncode(bucket) + "/" + sigv4::UriEncode(key, /*keep_slash=*/true);
}

bool IsS3Operation(std::string_view action) {
  for (const char* a :
       {"getObject", "headObject", "putObject", "deleteObject", "copyObject", "listObjectsV2",
        "listBuckets", "createBucket", "deleteBucket", "headBucket"}) {
    if (action == a) return true;
  }
  return false;
}

Outcome<AwsRequest> S3Request(std::string_view action, const Json& parameters) {
  const Json p = ParametersObject(parameters);
  std::string resource = "aws-sdk:s3:" + std::string(action);
  auto required = [&](const char* member) -> std::optional<Failure> {
    if (Has(p, member) && p.at(member).is_string()) return std::nullopt;
    return Failure{errors::kRuntime, "The parameter '" + std::string(member) + "' is required by " +
                                         resource + " and must be a string."};
  };
  AwsRequest r;
  r.service = "s3";
  bool object = action == "getObject" || action == "headObject" || action == "putObject" ||
                action == "deleteObject" || action == "copyObject";
  if (action != "listBuckets") {
    if (auto f = required("Bucket")) return *f;
  }
  if (object) {
    if (auto f = required("Key")) return *f;
    r.path = S3ObjectPath(p.at("Bucket").get<std::string>(), p.at("Key").get<std::string>());
  } else if (action != "listBuckets") {
    r.path = "/" + sigv4::UriEncode(p.at("Bucket").get<std::string>());
  }
  if (action == "getObject" || action == "headObject") {
    r.method = action == "getObject" ? "GET" : "HEAD";
    if (Has(p, "VersionId")) AddQuery(r.query, "versionId", Text(p.at("VersionId")));
    if (Has(p, "PartNumber")) AddQuery(r.query, "partNumber", Text(p.at("PartNumber")));
    if (Has(p, "Range")) r.headers.emplace_back("Range", Text(p.at("Range")));
  } else if (action == "putObject") {
    r.method = "PUT";
    for (const Binding& b : kPutHeaders) {
      if (Has(p, b.member)) r.headers.emplace_back(b.wire, Text(p.at(b.member)));
    }
    if (Has(p, "Metadata") && p.at("Metadata").is_object()) {
      for (auto it = p.at("Metadata").begin(); it != p.at("Metadata").end(); ++it) {
        r.headers.emplace_back("x-amz-meta-" + it.key(), Text(it.value()));
      }
    }
    if (Has(p, "Body")) r.body = Text(p.at("Body"));
  } else if (action == "deleteObject") {
    r.method = "DELETE";
    if (Has(p, "VersionId")) AddQuery(r.query, "versionId", Text(p.at("VersionId")));
  } else if (action == "copyObject") {
    r.method = "PUT";
    if (auto f = required("CopySource")) return *f;
    r.headers.emplace_back("x-amz-copy-source",
                           sigv4::UriEncode(p.at("CopySource").get<std::string>(), true));
    if (Has(p, "MetadataDirective")) {
      r.headers.emplace_back("x-amz-metadata-directive", Text(p.at("MetadataDirective")));
    }
  } else if (action == "listObjectsV2") {
    r.method = "GET";
    AddQuery(r.query, "list-type", "2");
    for (const Binding& b : kListV2Query) {
      if (Has(p, b.member)) AddQuery(r.query, b.wire, Text(p.at(b.member)));
    }
  } else if (action == "listBuckets") {
    r.method = "GET";
    r.path = "/";
  } else if (action == "createBucket") {
    r.method = "PUT";
    if (Has(p, "CreateBucketConfiguration") && p.at("CreateBucketConfiguration").is_object() &&
        p.at("CreateBucketConfiguration").contains("LocationConstraint")) {
      r.body =
          "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
          "<LocationConstraint>" +
          XmlEscape(Text(p.at("CreateBucketConfiguration").at("LocationConstraint"))) +
          "</LocationConstraint></CreateBucketConfiguration>";
    }
    if (Has(p, "ACL")) r.headers.emplace_back("x-amz-acl", Text(p.at("ACL")));
  } else if (action == "deleteBucket") {
    r.method = "DELETE";
  } else if (action == "headBucket") {
    r.method = "HEAD";
  } else {
    return Failure{errors::kRuntime, "sfn-emulator does not implement " + resource + "."};
  }
  return r;
}

Json S3Output(std::string_view action, const engine::HttpAnswer& answer) {
  Json out = Json::object();
  if (action == "getObject" || action == "headObject") {
    HeadersToMembers(answer, out);
    if (action == "getObject") out["Body"] = ValidUtf8(answer.body);
  } else if (action == "putObject") {
    for (const char* h : {"etag", "x-amz-server-side-encryption", "x-amz-version-id"}) {
      if (const std::string* v = answer.Header(h)) {
        std::string member = std::string(h) == "etag"               ? "ETag"
                             : std::string(h) == "x-amz-version-id" ? "VersionId"
                                                                    : "ServerSideEncryption";
        out[member] = *v;
      }
    }
  } else if (action == "deleteObject") {
    if (const std::string* v = answer.Header("x-amz-delete-marker")) {
      out["DeleteMarker"] = *v == "true";
    }
    if (const std::string* v = answer.Header("x-amz-version-id")) out["VersionId"] = *v;
  } else if (action == "copyObject") {
    if (Result<Json> doc = XmlToJson(answer.body); doc.ok() && doc->contains("CopyObjectResult")) {
      out["CopyObjectResult"] = doc->at("CopyObjectResult");
    }
    if (const std::string* v = answer.Header("x-amz-version-id")) out["VersionId"] = *v;
  } else if (action == "listObjectsV2") {
    out = ListV2Output(answer.body);
  } else if (action == "listBuckets") {
    Result<Json> doc = XmlToJson(answer.body, {"Bucket"});
    if (doc.ok() && doc->contains("ListAllMyBucketsResult")) {
      const Json& r = doc->at("ListAllMyBucketsResult");
      Json buckets = Json::array();
      if (r.contains("Buckets") && r.at("Buckets").is_object() &&
          r.at("Buckets").contains("Bucket")) {
        buckets = r.at("Buckets").at("Bucket");
      }
      out["Buckets"] = std::move(buckets);
      if (r.contains("Owner")) out["Owner"] = r.at("Owner");
    }
  } else if (action == "createBucket") {
    if (const std::string* v = answer.Header("location")) out["Location"] = *v;
  } else if (action == "headBucket") {
    if (const std::string* v = answer.Header("x-amz-bucket-region")) out["BucketRegion"] = *v;
  }
  return out;
}

}  // namespace sfn::integrations
