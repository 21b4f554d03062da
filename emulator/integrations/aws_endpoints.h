// Where Task states reach each AWS service (README, "Service integrations"):
// `--endpoint SERVICE=URL` (and Step Functions Local's `SQS_ENDPOINT`, ...)
// for one service, `--aws-endpoint URL` for every other one (a LocalStack or
// moto), and, for Step Functions itself when neither names it, this emulator
// (so nested calls stay here, as Step Functions Local does without
// STEP_FUNCTIONS_ENDPOINT). A service with none has no endpoint: its Tasks
// fail with an error naming these settings.
//
// Filled at start-up; SetSelf is called once the server listens. Lookups are
// thread-safe (the self URL is read under a mutex).
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "emulator/core/status.h"

namespace sfn::integrations {

class AwsEndpoints {
 public:
  AwsEndpoints() = default;
  AwsEndpoints(const AwsEndpoints& other);
  AwsEndpoints& operator=(const AwsEndpoints& other);

  // kValidationException for a service the table (aws_services.h) does not
  // know or a URL that is not http://host[:port][/path].
  Status Set(std::string_view service, const std::string& url);
  Status SetDefault(const std::string& url);
  // This emulator's own URL (http://127.0.0.1:<port>).
  void SetSelf(const std::string& url);

  // The base URL of `service` (its endpoint key or an alias), without a
  // trailing slash; nullopt when none is set.
  std::optional<std::string> Find(std::string_view service) const;

  // The settings that would give `service` an endpoint, for error causes:
  // "SQS_ENDPOINT, --endpoint sqs=URL or --aws-endpoint URL".
  static std::string HowToSet(std::string_view service);

  // "sqs=http://..., default=http://..." for the start-up log.
  std::string Describe() const;

  // kValidationException unless `url` is http://host[:port][/path].
  static Status CheckUrl(const std::string& url, const std::string& what);

 private:
  std::map<std::string, std::string> endpoints_;  // by endpoint key
  std::string default_;
  mutable std::mutex self_mu_;
  std::string self_;
};

}  // namespace sfn::integrations
