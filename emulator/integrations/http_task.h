// The HTTP Task, `arn:aws:states:::http:invoke` (Step Functions developer
// guide, "Call HTTPS APIs in Step Functions workflows"): a registry entry
// that calls any HTTP endpoint through the engine's HttpPort.
//
// Plan checks the parameters as AWS documents them (ApiEndpoint, Method,
// Authentication.ConnectionArn or InvocationConfig.ConnectionArn, Headers
// without the headers AWS forbids, QueryParameters, RequestBody and its
// Transform) and writes the whole request, so a dispatch repeated after a
// restart sends exactly the same one. The connection ARN is required but
// not looked up: no EventBridge connection is emulated, so no credentials
// are added (README, "Deviations from AWS"). Interpret shapes the answer as
// AWS does ({Headers, ResponseBody, StatusCode, StatusText}) and fails with
// States.Http.StatusCode.<code> for a status outside 2xx, States.Http.Socket
// when no answer came within the 60 seconds AWS allows.
//
// Immutable; thread-safe.
#pragma once

#include "emulator/engine/http_port.h"
#include "emulator/engine/task_integration.h"

namespace sfn::integrations {

class HttpTask : public engine::TaskIntegration {
 public:
  explicit HttpTask(engine::HttpPort* http) : http_(http) {}

  std::string_view Id() const override { return "http.invoke"; }
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
  engine::HttpPort* http_;  // may be null: every call fails as States.Http.Socket
};

}  // namespace sfn::integrations
