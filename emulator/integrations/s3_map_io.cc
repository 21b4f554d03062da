#include "emulator/integrations/s3_map_io.h"

#include <memory>
#include <vector>

#include "emulator/core/arn.h"
#include "emulator/integrations/gzip.h"
#include "emulator/integrations/item_formats.h"
#include "emulator/integrations/item_manifests.h"
#include "emulator/states/map_results.h"

namespace sfn::integrations {
namespace {

// arn:<partition>:states:::s3:<action> (core/arn.h), in any partition (the
// step loop refuses one that is not the execution's).
bool IsS3Action(std::string_view resource, std::string_view action) {
  std::optional<IntegrationResource> r = ParseIntegrationResource(resource);
  return r && r->service == "s3" && r->action == action && r->pattern.empty();
}

constexpr char kResultWriterFailed[] = "States.ResultWriterFailed";

constexpr char kNoStore[] =
    "sfn-emulator has no Amazon S3 to use: start it with an S3 endpoint (--aws-endpoint URL, "
    "--endpoint s3=URL) or with --s3-dir DIR (a folder with one sub-folder per bucket).";

Failure Failed(const char* error, std::string cause) { return Failure{error, std::move(cause)}; }

std::string StringField(const Json& object, const char* name) {
  auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

engine::TaskAnswer Computed(Outcome<Json> outcome) {
  return engine::ComputedAnswer{std::move(outcome)};
}

Outcome<Json> ComputedOutcome(const engine::TaskAnswer& answer) {
  if (const auto* computed = std::get_if<engine::ComputedAnswer>(&answer)) {
    return computed->outcome;
  }
  return Failure{errors::kRuntime, "An S3 call of a Map received an answer of another kind."};
}

// The files of one status: JSON (an array) or JSON Lines.
std::string FileText(const Json& records, bool json_lines) {
  if (!json_lines) return DumpJson(records);
  std::string out;
  for (const Json& r : records) out += DumpJson(r) + "\n";
  return out;
}

// Puts the files one after another, then the manifest, then answers.
struct WriteJob {
  ObjectStore* store;
  std::string bucket;
  std::vector<std::pair<std::string, std::string>> files;  // key, body; the manifest last
  Json answer;
  std::function<void(engine::TaskAnswer)> done;
  size_t next = 0;

  static void Step(std::shared_ptr<WriteJob> job) {
    if (job->next == job->files.size()) {
      job->done(Computed(job->answer));
      return;
    }
    auto& [key, body] = job->files[job->next++];
    std::string where = "s3://" + job->bucket + "/" + key;
    job->store->Put(job->bucket, key, body, [job, where](Outcome<Json> put) {
      if (!put.ok()) {
        job->done(Computed(
            Failed(kResultWriterFailed, "Writing " + where + " failed: " + put.failure().cause)));
        return;
      }
      Step(job);
    });
  }
};

// An object's text, inflated first when it is gzip'd (S3 inventory files).
Outcome<std::string> InflatedText(std::string body, const std::string& where) {
  if (!IsGzip(body)) return body;
  Result<std::string> inflated = Gunzip(body);
  if (!inflated.ok()) {
    return Failed(kItemReaderFailed,
                  "Reading " + where + " failed: " + inflated.status().message());
  }
  return std::move(inflated).value();
}

// A manifest's data objects, read one after another until MaxItems items
// were kept; parsing happens on the store's worker thread.
struct ManifestReadJob {
  ObjectStore* store;
  ManifestPlan plan;
  std::function<void(engine::TaskAnswer)> done;
  Json items = Json::array();
  size_t next = 0;

  static void Step(std::shared_ptr<ManifestReadJob> job) {
    const int64_t wanted = job->plan.data.max_items;
    if (job->next == job->plan.files.size() || static_cast<int64_t>(job->items.size()) >= wanted) {
      job->done(Computed(std::move(job->items)));
      return;
    }
    const ObjectRef& file = job->plan.files[job->next++];
    std::string where = "s3://" + file.bucket + "/" + file.key;
    job->store->Get(file.bucket, file.key, [job, where](Outcome<std::string> body) {
      if (!body.ok()) {
        return job->done(Computed(
            Failed(kItemReaderFailed, "Reading " + where + " failed: " + body.failure().cause)));
      }
      Outcome<std::string> text = InflatedText(std::move(body).value(), where);
      if (!text.ok()) return job->done(Computed(text.failure()));
      Outcome<Json> items = ParseItems(text.value(), job->RemainingConfig());
      if (!items.ok()) return job->done(Computed(items.failure()));
      for (Json& item : items.value()) job->items.push_back(std::move(item));
      Step(job);
    });
  }

  ReaderConfig RemainingConfig() const {
    ReaderConfig c = plan.data;
    c.max_items -= static_cast<int64_t>(items.size());
    return c;
  }
};

}  // namespace

// --- ItemReader ---------------------------------------------------------------

bool S3ItemReader::Matches(std::string_view resource) const {
  return IsS3Action(resource, "getObject") || IsS3Action(resource, "listObjectsV2");
}

Outcome<engine::PlannedTask> S3ItemReader::Plan(const engine::TaskCall& call,
                                                const engine::TaskEnv&) const {
  const Json& p = call.parameters;
  if (!p.is_object() || !p.contains("ReaderConfig")) {
    return Failure{errors::kRuntime,
                   "The resource '" + call.resource + "' can only be a Map's ItemReader."};
  }
  Outcome<ReaderConfig> config = ParseReaderConfig(p.at("ReaderConfig"));
  if (!config.ok()) return config.failure();
  const Json& args = p.value("Arguments", Json::object());
  std::string bucket = StringField(args, "Bucket");
  if (bucket.empty()) {
    return Failed(kItemReaderFailed, "The ItemReader's field 'Bucket' must be a string.");
  }
  Json request{{"Bucket", bucket}, {"ReaderConfig", p.at("ReaderConfig")}};
  if (IsS3Action(call.resource, "getObject")) {
    std::string key = StringField(args, "Key");
    if (key.empty()) {
      return Failed(kItemReaderFailed, "The ItemReader's field 'Key' must be a string.");
    }
    if (config.value().input_type.empty() && config.value().manifest_type != "S3_INVENTORY") {
      return Failed(kItemReaderFailed,
                    "The ItemReader's ReaderConfig.InputType is required for s3:getObject.");
    }
    request["Key"] = key;
  } else {
    request["Prefix"] = StringField(args, "Prefix");
  }
  engine::PlannedTask task;
  task.integration = std::string(Id());
  task.resource = call.resource;
  task.request = DumpJson(request);
  return task;
}

void S3ItemReader::Dispatch(const engine::PlannedTask& task,
                            std::function<void(engine::TaskAnswer)> done) const {
  Result<Json> request =
      ParseJson(task.request, ErrorCode::kSerializationException, kMaxStoredJsonDepth);
  if (!request.ok()) return done(Computed(Failed(kItemReaderFailed, "unreadable request")));
  if (store_ == nullptr) return done(Computed(Failed(kItemReaderFailed, kNoStore)));
  Outcome<ReaderConfig> config = ParseReaderConfig(request->at("ReaderConfig"));
  if (!config.ok()) return done(Computed(config.failure()));
  std::string bucket = request->value("Bucket", "");
  if (IsS3Action(task.resource, "listObjectsV2")) {
    std::string where = "s3://" + bucket + "/" + request->value("Prefix", "");
    int64_t max_items = config.value().max_items;
    store_->List(
        bucket, request->value("Prefix", ""),
        [done = std::move(done), where, max_items](Outcome<Json> listed) {
          if (!listed.ok()) {
            return done(Computed(Failed(
                kItemReaderFailed, "Listing " + where + " failed: " + listed.failure().cause)));
          }
          Json items = std::move(listed).value();
          LimitItems(items, max_items);
          done(Computed(std::move(items)));
        });
    return;
  }
  std::string key = request->value("Key", "");
  std::string where = "s3://" + bucket + "/" + key;
  if (!config.value().manifest_type.empty()) {
    store_->Get(
        bucket, key,
        [store = store_, done = std::move(done), where,
         c = config.value()](Outcome<std::string> body) mutable {
          if (!body.ok()) {
            return done(Computed(Failed(kItemReaderFailed,
                                        "Reading " + where + " failed: " + body.failure().cause)));
          }
          Outcome<std::string> text = InflatedText(std::move(body).value(), where);
          if (!text.ok()) return done(Computed(text.failure()));
          Outcome<ManifestPlan> plan = ParseManifest(text.value(), c);
          if (!plan.ok()) return done(Computed(plan.failure()));
          auto job = std::make_shared<ManifestReadJob>();
          job->store = store;
          job->plan = std::move(plan).value();
          job->done = std::move(done);
          ManifestReadJob::Step(std::move(job));
        });
    return;
  }
  store_->Get(
      bucket, key, [done = std::move(done), where, c = config.value()](Outcome<std::string> body) {
        if (!body.ok()) {
          return done(Computed(
              Failed(kItemReaderFailed, "Reading " + where + " failed: " + body.failure().cause)));
        }
        // Parsed here, on the store's worker thread.
        done(Computed(ParseItems(body.value(), c)));
      });
}

Outcome<Json> S3ItemReader::Interpret(const engine::PlannedTask&, const engine::TaskAnswer& answer,
                                      const engine::TaskEnv&) const {
  return ComputedOutcome(answer);
}

// --- ResultWriter -------------------------------------------------------------

bool S3ResultWriter::Matches(std::string_view resource) const {
  return IsS3Action(resource, "putObject");
}

Outcome<engine::PlannedTask> S3ResultWriter::Plan(const engine::TaskCall& call,
                                                  const engine::TaskEnv&) const {
  const Json& p = call.parameters;
  if (!p.is_object() || !p.contains("Children")) {
    return Failure{errors::kRuntime,
                   "The resource '" + call.resource + "' can only be a Map's ResultWriter."};
  }
  const Json& args = p.value("Arguments", Json::object());
  std::string bucket = StringField(args, "Bucket");
  if (bucket.empty()) {
    return Failed(kResultWriterFailed, "The ResultWriter's field 'Bucket' must be a string.");
  }
  const Json& config = p.value("WriterConfig", Json::object());
  std::string transformation = config.value("Transformation", "NONE");
  std::string output_type = config.value("OutputType", "JSON");
  if (transformation != "NONE" && transformation != "COMPACT" && transformation != "FLATTEN") {
    return Failed(kResultWriterFailed,
                  "WriterConfig.Transformation must be one of NONE, COMPACT or FLATTEN.");
  }
  if (output_type != "JSON" && output_type != "JSONL") {
    return Failed(kResultWriterFailed, "WriterConfig.OutputType must be JSON or JSONL.");
  }
  std::string arn = p.value("MapRunArn", "");
  std::string dir = StringField(args, "Prefix");
  if (!dir.empty() && dir.back() != '/') dir += '/';
  dir += arn.substr(arn.rfind(':') + 1) + "/";
  // The files and the manifest, computed once: a dispatch repeated after a
  // restart writes the same objects again.
  Json files = Json::array();
  Json result_files{
      {"FAILED", Json::array()}, {"PENDING", Json::array()}, {"SUCCEEDED", Json::array()}};
  for (const char* kind : {"SUCCEEDED", "FAILED", "PENDING"}) {
    const Json& records = p.at("Children").value(kind, Json::array());
    if (records.empty()) continue;
    std::string key = dir + kind + "_0.json";
    std::string body =
        FileText(states::TransformRecords(records, kind, transformation), output_type == "JSONL");
    result_files[kind].push_back(Json{{"Key", key}, {"Size", static_cast<int64_t>(body.size())}});
    files.push_back(Json::array({key, std::move(body)}));
  }
  Json manifest{{"DestinationBucket", bucket}, {"MapRunArn", arn}, {"ResultFiles", result_files}};
  std::string manifest_key = dir + "manifest.json";
  files.push_back(Json::array({manifest_key, DumpJson(manifest)}));
  Json request{
      {"Bucket", bucket},
      {"Files", std::move(files)},
      {"Answer",
       {{"MapRunArn", arn}, {"ResultWriterDetails", {{"Bucket", bucket}, {"Key", manifest_key}}}}}};
  engine::PlannedTask task;
  task.integration = std::string(Id());
  task.resource = call.resource;
  task.request = DumpJson(request);
  return task;
}

void S3ResultWriter::Dispatch(const engine::PlannedTask& task,
                              std::function<void(engine::TaskAnswer)> done) const {
  Result<Json> request =
      ParseJson(task.request, ErrorCode::kSerializationException, kMaxStoredJsonDepth);
  if (!request.ok()) return done(Computed(Failed(kResultWriterFailed, "unreadable request")));
  if (store_ == nullptr) return done(Computed(Failed(kResultWriterFailed, kNoStore)));
  auto job = std::make_shared<WriteJob>();
  job->store = store_;
  job->bucket = request->value("Bucket", "");
  for (const Json& f : request->at("Files")) {
    job->files.emplace_back(f[0].get<std::string>(), f[1].get<std::string>());
  }
  job->answer = request->at("Answer");
  job->done = std::move(done);
  WriteJob::Step(std::move(job));
}

Outcome<Json> S3ResultWriter::Interpret(const engine::PlannedTask&,
                                        const engine::TaskAnswer& answer,
                                        const engine::TaskEnv&) const {
  return ComputedOutcome(answer);
}

}  // namespace sfn::integrations
