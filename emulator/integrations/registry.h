// The task-integration registry (DESIGN.md, "Engine shape"): the one place
// that knows which Task integrations exist. The composition root builds it
// with the ports the entries need and hands it to the engine as
// engine::TaskIntegrations.
//
// Entries are matched in the order they were added: the resource's pattern
// suffix (.sync, .sync:2, .waitForTaskToken) is split off, and the first
// entry whose Matches() accepts the rest and whose Patterns() has the
// pattern serves it (engine/task_integration.h describes the patterns; an
// entry gets .waitForTaskToken by listing it). Immutable once built;
// thread-safe for lookups.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "emulator/core/random.h"
#include "emulator/engine/activity_port.h"
#include "emulator/engine/executions_port.h"
#include "emulator/engine/http_port.h"
#include "emulator/engine/lambda_port.h"
#include "emulator/engine/task_integration.h"
#include "emulator/integrations/aws_client.h"
#include "emulator/integrations/object_store.h"

namespace sfn::integrations {

class Registry : public engine::TaskIntegrations {
 public:
  void Add(std::unique_ptr<engine::TaskIntegration> entry);

  const engine::TaskIntegration* Match(std::string_view resource) const override;
  const engine::TaskIntegration* Find(std::string_view id) const override;
  std::string Unmatched(std::string_view resource) const override;

 private:
  std::vector<std::unique_ptr<engine::TaskIntegration>> entries_;
};

// What the product's entries call (each may be null: its tasks then fail as
// calls to a missing resource).
struct Ports {
  engine::LambdaPort* lambda = nullptr;  // may be null: Lambda tasks fail as missing functions
  engine::ActivityPort* activities = nullptr;
  engine::ExecutionsPort* executions = nullptr;
  const AwsClient* aws = nullptr;    // may be null: AWS service tasks fail (no endpoint)
  engine::HttpPort* http = nullptr;  // may be null: HTTP Tasks fail as States.Http.Socket
  // Where a distributed Map's ItemReader reads and ResultWriter writes (S3
  // or --s3-dir); may be null: they fail saying how to give one.
  ObjectStore* s3 = nullptr;
};

// The registry of every integration sfn-emulator runs.
std::unique_ptr<Registry> MakeRegistry(const Ports& ports);

}  // namespace sfn::integrations
