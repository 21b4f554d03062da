// The AWS SDK for Java's error names and causes for the optimised
// integrations (optimized_tasks.h), and the resource check they share.
#include "emulator/core/arn.h"
#include "emulator/integrations/aws_task.h"
#include "emulator/integrations/optimized_tasks.h"

namespace sfn::integrations {

Failure JavaSdkFailure(const JavaSdkErrors& errors, const AwsError& error) {
  // Query-compatible services (SQS) report the query code as the error code.
  std::string code = error.query_code.empty() ? error.code : error.query_code;
  std::string exception = errors.catch_all;
  for (const auto& [modeled, name] : errors.modeled) {
    if (modeled == error.code || modeled == error.query_code) exception = name;
  }
  std::string message = error.message.empty() ? "null" : error.message;
  return Failure{errors.prefix + "." + exception,
                 message + " (Service: " + errors.service_name +
                     "; Status Code: " + std::to_string(error.status) + "; Error Code: " + code +
                     "; Request ID: " + (error.request_id.empty() ? "null" : error.request_id) +
                     "; Proxy: null)"};
}

bool IsStatesResource(std::string_view resource, std::string_view service_action) {
  std::optional<IntegrationResource> r = ParseIntegrationResource(WithoutPattern(resource));
  return r && r->pattern.empty() && r->service + ":" + r->action == service_action;
}

}  // namespace sfn::integrations
