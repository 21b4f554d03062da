// The AWS SDK for Java's error names and causes for the optimised
// integrations (optimized_tasks.h), and the resource check they share.
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
  std::string_view base = WithoutPattern(resource);
  constexpr std::string_view kStates = ":states:::";
  if (base.rfind("arn:", 0) != 0) return false;
  size_t at = base.find(kStates);
  if (at == std::string_view::npos || base.find(':', 4) != at) return false;
  return base.substr(at + kStates.size()) == service_action;
}

}  // namespace sfn::integrations
