// A distributed Map's Amazon S3 calls, as registry entries the Map's fork
// calls go through (they write no task events; emulator/states/fork.h):
//
//  - S3ItemReader, `arn:aws:states:::s3:getObject` (one object: JSON array,
//    JSON Lines or CSV, per ReaderConfig) and `arn:aws:states:::s3:listObjectsV2`
//    (the objects under a Prefix). Reading and parsing run off the engine
//    thread; the items answer as the Map's, and are kept in its fork record
//    from then on (a read still in flight at a restart is sent again).
//    Failures are States.ItemReaderFailed.
//  - S3ResultWriter, `arn:aws:states:::s3:putObject`: the children's records
//    (emulator/states/map_results.h) as AWS's files under
//    <Prefix>/<map run id>/ (SUCCEEDED_0.json, FAILED_0.json, PENDING_0.json
//    for the statuses that have children, JSON or JSON Lines per
//    WriterConfig.OutputType, Transformation applied) and manifest.json
//    listing them; answers the Map's output {"MapRunArn",
//    "ResultWriterDetails": {"Bucket", "Key"}}. Failures are
//    States.ResultWriterFailed.
//
// Both use an ObjectStore (S3 or --s3-dir); without one they fail saying so.
// Immutable; thread-safe.
#pragma once

#include "emulator/engine/task_integration.h"
#include "emulator/integrations/object_store.h"

namespace sfn::integrations {

class S3ItemReader : public engine::TaskIntegration {
 public:
  explicit S3ItemReader(ObjectStore* store) : store_(store) {}
  std::string_view Id() const override { return "s3.itemReader"; }
  bool Matches(std::string_view resource) const override;
  engine::EventFamily Events() const override { return engine::EventFamily::kTask; }
  Outcome<engine::PlannedTask> Plan(const engine::TaskCall& call,
                                    const engine::TaskEnv& env) const override;
  std::optional<Failure> Bind(const engine::TaskCall&, const engine::TaskEnv&,
                              engine::PlannedTask&) const override {
    return std::nullopt;
  }
  void Dispatch(const engine::PlannedTask& task,
                std::function<void(engine::TaskAnswer)> done) const override;
  Outcome<Json> Interpret(const engine::PlannedTask& task, const engine::TaskAnswer& answer,
                          const engine::TaskEnv& env) const override;

 private:
  ObjectStore* store_;  // may be null
};

class S3ResultWriter : public engine::TaskIntegration {
 public:
  explicit S3ResultWriter(ObjectStore* store) : store_(store) {}
  std::string_view Id() const override { return "s3.resultWriter"; }
  bool Matches(std::string_view resource) const override;
  engine::EventFamily Events() const override { return engine::EventFamily::kTask; }
  Outcome<engine::PlannedTask> Plan(const engine::TaskCall& call,
                                    const engine::TaskEnv& env) const override;
  std::optional<Failure> Bind(const engine::TaskCall&, const engine::TaskEnv&,
                              engine::PlannedTask&) const override {
    return std::nullopt;
  }
  void Dispatch(const engine::PlannedTask& task,
                std::function<void(engine::TaskAnswer)> done) const override;
  Outcome<Json> Interpret(const engine::PlannedTask& task, const engine::TaskAnswer& answer,
                          const engine::TaskEnv& env) const override;

 private:
  ObjectStore* store_;  // may be null
};

}  // namespace sfn::integrations
