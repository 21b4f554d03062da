// Per-request facts every use case needs: the region (from the SigV4
// credential scope, else --region) and the account (--account-id).
#pragma once

#include <string>

namespace sfn::control {

struct RequestContext {
  std::string region = "us-east-1";
  std::string account = "123456789012";
};

}  // namespace sfn::control
