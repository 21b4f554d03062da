// `arn:aws:states:::events:putEvents` (developer guide, "Add EventBridge
// events with Step Functions"), over EventBridge's JSON protocol.
#include "emulator/integrations/aws_task.h"
#include "emulator/integrations/optimized_tasks.h"

namespace sfn::integrations {
namespace {

const JavaSdkErrors& EventBridgeErrors() {
  static const JavaSdkErrors kErrors{"EventBridge",
                                     "AmazonEventBridge",
                                     "AmazonEventBridgeException",
                                     {{"InternalException", "InternalException"}}};
  return kErrors;
}

class EventBridgePutEvents : public AwsTask {
 public:
  using AwsTask::AwsTask;
  std::string_view Id() const override { return "events.putEvents"; }
  bool Matches(std::string_view resource) const override {
    return IsStatesResource(resource, "events:putEvents");
  }

 protected:
  Outcome<Built> Build(const engine::TaskCall& call, const engine::TaskEnv& env) const override {
    Json params = ParametersObject(call.parameters);
    Json body = Json::object();
    if (params.contains("Entries")) {
      Json entries = params.at("Entries");
      if (entries.is_array()) {
        for (Json& entry : entries) {
          if (!entry.is_object()) continue;
          // A Detail that is a JSON object is sent as its text; and the
          // state machine and the execution are added to each entry's
          // Resources ("Add EventBridge events": "the execution ARN and the
          // state machine ARN are automatically appended").
          if (entry.contains("Detail") && entry.at("Detail").is_object()) {
            entry["Detail"] = DumpJson(entry.at("Detail"));
          }
          Json resources = entry.contains("Resources") && entry.at("Resources").is_array()
                               ? entry.at("Resources")
                               : Json::array();
          resources.push_back(env.state_machine_arn);
          resources.push_back(env.origin.execution_arn);
          entry["Resources"] = std::move(resources);
        }
      }
      body["Entries"] = std::move(entries);
    }
    Built b;
    b.request.service = "events";
    b.request.headers = {{"Content-Type", "application/x-amz-json-1.1"},
                         {"X-Amz-Target", "AWSEvents.PutEvents"}};
    b.request.body = DumpJson(body);
    Json shown = Json::object();
    if (params.contains("Entries")) shown["Entries"] = params.at("Entries");
    b.shown_parameters = std::move(shown);
    return b;
  }

  Outcome<Json> Decode(const engine::HttpAnswer& answer, const engine::PlannedTask&,
                       const engine::TaskEnv&) const override {
    Result<Json> parsed = ParseJson(answer.body);
    Json output = parsed.ok() && parsed->is_object() ? *parsed : Json::object();
    // A PutEvents with failed entries fails the task with its whole answer
    // as the cause.
    if (output.contains("FailedEntryCount") && output.at("FailedEntryCount").is_number() &&
        output.at("FailedEntryCount").get<double>() > 0) {
      return Failure{"EventBridge.FailedEntry", DumpJson(output)};
    }
    return output;
  }

  Failure ServiceFailure(const AwsError& error, const engine::PlannedTask&) const override {
    return JavaSdkFailure(EventBridgeErrors(), error);
  }
  std::string ClientErrorName(const engine::PlannedTask&) const override {
    return "EventBridge.SdkClientException";
  }
  std::string ServiceOf(const engine::PlannedTask&) const override { return "events"; }
};

}  // namespace

std::unique_ptr<engine::TaskIntegration> MakeEventBridgePutEvents(const AwsClient* aws) {
  return std::make_unique<EventBridgePutEvents>(aws);
}

}  // namespace sfn::integrations
