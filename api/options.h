// Command-line flags of the sfn-emulator binary, each also settable through
// an environment variable SFN_EMULATOR_<NAME> (flag name upper-cased, dashes
// to underscores). A flag beats its variable; --endpoint may repeat (its
// variable takes a comma-separated list). LAMBDA_ENDPOINT (Step Functions
// Local's name) also sets --lambda-endpoint, below SFN_EMULATOR_LAMBDA_ENDPOINT. Pure parsing;
// thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "emulator/core/status.h"

namespace sfn::api {

struct Options {
  std::string host = "127.0.0.1";
  uint16_t port = 8083;
  std::string data_dir = "./.sfn-emulator";
  bool in_memory = false;
  std::string account_id = "123456789012";
  std::string region = "us-east-1";
  std::string log_level = "info";
  std::string clock = "real";
  double wait_scale = 1.0;
  std::optional<uint64_t> seed;
  int64_t max_history_events = 25000;  // AWS's quota; 0 lifts it (benchmarks)
  std::string functions_file;          // declarative stub functions (--functions)
  std::string lambda_endpoint;         // forward unknown functions here (--lambda-endpoint)
  size_t workers = 0;                  // the WorkerPool's size; 0: WorkerPool::DefaultSize()
  size_t lambda_processes = 0;         // handler processes alive at once; 0: 2 x workers
  size_t max_connections = 1000;       // open client connections (more wait to be accepted)
  std::vector<std::string> allowed_hosts;  // Host names answered besides IPs and localhost
  bool verify_signatures = false;          // check SigV4 on every request
  // Access key id and secret pairs for --verify-signatures (--credentials,
  // else AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY).
  std::vector<std::pair<std::string, std::string>> credentials;
  std::string s3_dir;                  // a folder standing in for S3 (--s3-dir)
  // AWS service endpoints: --aws-endpoint for every service, --endpoint
  // SERVICE=URL (and Step Functions Local's SQS_ENDPOINT, ...) for one; in
  // the order given, a later one for the same service wins.
  std::string aws_endpoint;
  std::vector<std::pair<std::string, std::string>> endpoints;
  std::string mock_config;  // Step Functions Local's mock file (--mock-config, SFN_MOCK_CONFIG)
  // Credentials that sign calls to AWS endpoints (AWS_ACCESS_KEY_ID, ...).
  std::string aws_access_key_id = "test";
  std::string aws_secret_access_key = "test";
  std::string aws_session_token;
  // Finished executions are removed this many days after they stopped (by
  // the execution clock); nullopt keeps them all.
  std::optional<int64_t> retention_days;
  double activity_poll_seconds = 60;  // GetActivityTask's long poll (AWS: 60 s)
  bool help = false;
  bool version = false;
};

using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

// kValidationException with a message naming the bad flag.
Result<Options> ParseOptions(const std::vector<std::string>& args, const EnvLookup& env);

std::string UsageText();

}  // namespace sfn::api
