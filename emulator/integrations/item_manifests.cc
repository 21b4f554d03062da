#include "emulator/integrations/item_manifests.h"

namespace sfn::integrations {
namespace {

Failure ReaderFailed(std::string cause) { return Failure{kItemReaderFailed, std::move(cause)}; }

std::string_view Trim(std::string_view s) {
  size_t begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return {};
  size_t end = s.find_last_not_of(" \t\r\n");
  return s.substr(begin, end - begin + 1);
}

// An S3 inventory manifest.json (S3 user guide, "Locating your inventory
// list": sourceBucket, destinationBucket as an ARN, fileFormat, fileSchema,
// files[{key, size, MD5checksum}]).
Outcome<ManifestPlan> InventoryManifest(std::string_view body, const ReaderConfig& config) {
  Result<Json> parsed = ParseJson(body);
  if (!parsed.ok() || !parsed->is_object()) {
    return ReaderFailed("The S3 inventory manifest is not a JSON object.");
  }
  const Json& m = *parsed;
  std::string format = m.value("fileFormat", "");
  if (format != "CSV") {
    // AWS: "The output format of your Amazon S3 inventory report must be CSV."
    return ReaderFailed("The S3 inventory report's fileFormat must be CSV, not '" + format + "'.");
  }
  std::string destination = m.value("destinationBucket", "");
  constexpr std::string_view kArnPrefix = "arn:aws:s3:::";
  if (destination.rfind(kArnPrefix, 0) == 0) destination.erase(0, kArnPrefix.size());
  if (destination.empty()) {
    return ReaderFailed("The S3 inventory manifest has no destinationBucket.");
  }
  ManifestPlan plan;
  plan.data = config;
  plan.data.input_type = "CSV";
  plan.data.headers_first_row = false;
  plan.data.delimiter = ',';
  plan.data.headers.clear();
  const std::string schema_text = m.value("fileSchema", "");
  std::string_view schema = schema_text;
  while (!schema.empty()) {
    size_t comma = schema.find(',');
    plan.data.headers.emplace_back(Trim(schema.substr(0, comma)));
    schema = comma == std::string_view::npos ? std::string_view() : schema.substr(comma + 1);
  }
  if (plan.data.headers.empty()) {
    return ReaderFailed("The S3 inventory manifest has no fileSchema.");
  }
  const Json& files = m.value("files", Json::array());
  if (!files.is_array()) return ReaderFailed("The S3 inventory manifest's files must be an array.");
  for (const Json& f : files) {
    if (!f.is_object() || !f.contains("key") || !f.at("key").is_string()) {
      return ReaderFailed("Each file of the S3 inventory manifest needs a key.");
    }
    plan.files.push_back(ObjectRef{destination, f.at("key").get<std::string>()});
  }
  return plan;
}

// An Athena UNLOAD manifest: one S3 URI a line.
Outcome<ManifestPlan> AthenaManifest(std::string_view body, const ReaderConfig& config) {
  if (config.input_type != "CSV" && config.input_type != "JSONL" &&
      config.input_type != "PARQUET") {
    return ReaderFailed("With ManifestType ATHENA_DATA, InputType must be CSV, JSONL or PARQUET.");
  }
  ManifestPlan plan;
  plan.data = config;
  while (!body.empty()) {
    size_t end = body.find('\n');
    std::string_view line = Trim(body.substr(0, end));
    body = end == std::string_view::npos ? std::string_view() : body.substr(end + 1);
    if (line.empty()) continue;
    constexpr std::string_view kScheme = "s3://";
    size_t slash = line.find('/', kScheme.size());
    if (line.substr(0, kScheme.size()) != kScheme || slash == std::string_view::npos ||
        slash == kScheme.size() || slash + 1 == line.size()) {
      return ReaderFailed("The Athena manifest's line '" + std::string(line) +
                          "' is not an S3 URI (s3://bucket/key).");
    }
    plan.files.push_back(ObjectRef{std::string(line.substr(kScheme.size(), slash - kScheme.size())),
                                   std::string(line.substr(slash + 1))});
  }
  return plan;
}

}  // namespace

Outcome<ManifestPlan> ParseManifest(std::string_view body, const ReaderConfig& config) {
  if (config.manifest_type == "S3_INVENTORY") return InventoryManifest(body, config);
  if (config.manifest_type == "ATHENA_DATA") return AthenaManifest(body, config);
  return ReaderFailed("ManifestType must be S3_INVENTORY or ATHENA_DATA.");
}

}  // namespace sfn::integrations
