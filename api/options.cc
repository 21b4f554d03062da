#include "api/options.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include "api/sfn_local_env.h"
#include "emulator/integrations/aws_endpoints.h"

namespace sfn::api {
namespace {

// A bound on --workers: each worker is a thread with its stack.
constexpr size_t kMaxWorkers = 1024;

struct Flag {
  const char* name;
  bool takes_value;
  const char* help;
};

const std::vector<Flag>& Flags() {
  static const std::vector<Flag> kFlags = {
      {"host", true, "address to bind (default 127.0.0.1)"},
      {"port", true, "port to listen on; 0 picks a free one (default 8083)"},
      {"data-dir", true, "folder of the SQLite file (default ./.sfn-emulator)"},
      {"in-memory", false, "keep everything in memory; nothing survives a restart"},
      {"account-id", true, "account in ARNs (default 123456789012)"},
      {"region", true, "region for requests without a SigV4 scope (default us-east-1)"},
      {"log-level", true, "trace|debug|info|warn|error|off (default info)"},
      {"clock", true, "real|virtual|manual (default real)"},
      {"wait-scale", true, "multiply every wait by this factor (real clock only; default 1)"},
      {"seed", true, "seed of every random choice, for reproducible runs"},
      {"max-history-events", true,
       "fail an execution whose history reaches this many events (default 25000, AWS's quota; "
       "0: no limit)"},
      {"functions", true, "JSON file of stub Lambda functions (responses, errors, delays)"},
      {"lambda-endpoint", true,
       "forward invocations of unknown functions to this Lambda endpoint (http://host:port)"},
      {"aws-endpoint", true,
       "send calls to every AWS service (SQS, SNS, DynamoDB, EventBridge, S3, aws-sdk:*) to "
       "this http:// endpoint (a LocalStack or moto)"},
      {"endpoint", true,
       "SERVICE=URL: the endpoint of one AWS service (sqs, sns, dynamodb, events, s3, states, "
       "...); repeatable, beats --aws-endpoint"},
      {"mock-config", true,
       "Step Functions Local's mock configuration file: mocked responses for Task states of "
       "executions started on <stateMachineArn>#<TestCase>"},
      {"s3-dir", true,
       "a folder standing in for Amazon S3 (one sub-folder per bucket): where a distributed "
       "Map's ItemReader reads and ResultWriter writes"},
      {"workers", true,
       "threads running Lambda handlers and code uploads; more calls queue (default 4 per "
       "core, at least 4)"},
      {"lambda-processes", true,
       "Lambda handler processes alive at once, busy or warm (default 2 per worker)"},
      {"max-connections", true,
       "client connections open at once; more wait to be accepted (default 1000)"},
      {"allowed-host", true,
       "comma-separated Host names to answer besides IP addresses, localhost and dotless "
       "names (DNS rebinding protection; * answers any)"},
      {"verify-signatures", false,
       "check the AWS Signature Version 4 of every request against --credentials"},
      {"credentials", true,
       "comma-separated ACCESS_KEY_ID:SECRET pairs for --verify-signatures (default "
       "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)"},
      {"activity-poll-seconds", true,
       "how long GetActivityTask waits for a task before it answers without one (default 60, "
       "as AWS)"},
      {"retention-days", true,
       "remove a finished execution and its history this many days after it stopped, by the "
       "execution clock (default: keep everything; AWS keeps 90 days)"},
      {"help", false, "print this help"},
      {"version", false, "print the version"},
  };
  return kFlags;
}

std::string EnvName(const std::string& flag) {
  std::string out = "SFN_EMULATOR_";
  for (char c : flag) out += c == '-' ? '_' : static_cast<char>(std::toupper(c));
  return out;
}

Status Bad(const std::string& flag, const std::string& value, const std::string& why) {
  return Status(ErrorCode::kValidationException,
                "invalid value '" + value + "' for --" + flag + ": " + why);
}

std::vector<std::string> SplitList(const std::string& value) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= value.size()) {
    size_t comma = value.find(',', start);
    if (comma == std::string::npos) comma = value.size();
    std::string item = value.substr(start, comma - start);
    while (!item.empty() && item.front() == ' ') item.erase(0, 1);
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (!item.empty()) out.push_back(item);
    start = comma + 1;
  }
  return out;
}

bool Truthy(const std::string& v) { return v == "1" || v == "true" || v == "yes" || v.empty(); }

Status Apply(Options& o, const std::string& flag, const std::string& value) {
  if (flag == "host") {
    o.host = value;
  } else if (flag == "port") {
    unsigned p = 0;
    auto r = std::from_chars(value.data(), value.data() + value.size(), p);
    if (r.ec != std::errc() || r.ptr != value.data() + value.size() || p > 65535) {
      return Bad(flag, value, "expected a port number 0-65535");
    }
    o.port = static_cast<uint16_t>(p);
  } else if (flag == "data-dir") {
    o.data_dir = value;
  } else if (flag == "in-memory") {
    o.in_memory = Truthy(value);
  } else if (flag == "account-id") {
    if (value.size() != 12 || value.find_first_not_of("0123456789") != std::string::npos) {
      return Bad(flag, value, "expected 12 digits");
    }
    o.account_id = value;
  } else if (flag == "region") {
    o.region = value;
  } else if (flag == "log-level") {
    static const std::vector<std::string> kLevels = {"trace", "debug",    "info", "warn",
                                                     "error", "critical", "off"};
    if (std::find(kLevels.begin(), kLevels.end(), value) == kLevels.end()) {
      return Bad(flag, value, "expected trace, debug, info, warn, error or off");
    }
    o.log_level = value;
  } else if (flag == "clock") {
    if (value != "real" && value != "virtual" && value != "manual") {
      return Bad(flag, value, "expected real, virtual or manual");
    }
    o.clock = value;
  } else if (flag == "wait-scale") {
    try {
      size_t used = 0;
      o.wait_scale = std::stod(value, &used);
      if (used != value.size() || !(o.wait_scale > 0)) throw std::invalid_argument("");
    } catch (...) {
      return Bad(flag, value, "expected a positive number");
    }
  } else if (flag == "max-history-events") {
    int64_t n = 0;
    auto r = std::from_chars(value.data(), value.data() + value.size(), n);
    if (r.ec != std::errc() || r.ptr != value.data() + value.size() || n < 0) {
      return Bad(flag, value, "expected a non-negative integer");
    }
    o.max_history_events = n;
  } else if (flag == "retention-days") {
    int64_t n = 0;
    auto r = std::from_chars(value.data(), value.data() + value.size(), n);
    // Bounded so that N days in milliseconds stays far inside int64.
    if (r.ec != std::errc() || r.ptr != value.data() + value.size() || n < 1 || n > 1000000) {
      return Bad(flag, value, "expected a whole number of days from 1 to 1000000");
    }
    o.retention_days = n;
  } else if (flag == "activity-poll-seconds") {
    try {
      size_t used = 0;
      o.activity_poll_seconds = std::stod(value, &used);
      if (used != value.size() || !(o.activity_poll_seconds > 0) ||
          o.activity_poll_seconds > 3600) {
        throw std::invalid_argument("");
      }
    } catch (...) {
      return Bad(flag, value, "expected a number of seconds above 0, at most 3600");
    }
  } else if (flag == "seed") {
    uint64_t s = 0;
    auto r = std::from_chars(value.data(), value.data() + value.size(), s);
    if (r.ec != std::errc() || r.ptr != value.data() + value.size()) {
      return Bad(flag, value, "expected a non-negative integer");
    }
    o.seed = s;
  } else if (flag == "functions") {
    o.functions_file = value;
  } else if (flag == "lambda-endpoint") {
    if (value.rfind("http://", 0) != 0) {
      return Bad(flag, value, "expected an http:// URL");
    }
    o.lambda_endpoint = value;
  } else if (flag == "aws-endpoint") {
    SFN_RETURN_IF_ERROR(integrations::AwsEndpoints::CheckUrl(value, "--aws-endpoint"));
    o.aws_endpoint = value;
  } else if (flag == "endpoint") {
    // SERVICE=URL, or several separated by commas (the variable's form).
    size_t start = 0;
    while (start <= value.size()) {
      size_t comma = value.find(',', start);
      std::string item = value.substr(start, comma == std::string::npos ? comma : comma - start);
      start = comma == std::string::npos ? value.size() + 1 : comma + 1;
      if (item.empty()) continue;
      size_t eq = item.find('=');
      if (eq == std::string::npos) return Bad(flag, item, "expected SERVICE=URL");
      std::string service = item.substr(0, eq), url = item.substr(eq + 1);
      integrations::AwsEndpoints check;
      if (Status st = check.Set(service, url); !st.ok()) return Bad(flag, item, st.message());
      o.endpoints.emplace_back(std::move(service), std::move(url));
    }
  } else if (flag == "mock-config") {
    o.mock_config = value;
  } else if (flag == "s3-dir") {
    o.s3_dir = value;
  } else if (flag == "workers") {
    size_t n = 0;
    auto r = std::from_chars(value.data(), value.data() + value.size(), n);
    if (r.ec != std::errc() || r.ptr != value.data() + value.size() || n < 1 || n > kMaxWorkers) {
      return Bad(flag, value, "expected an integer from 1 to " + std::to_string(kMaxWorkers));
    }
    o.workers = n;
  } else if (flag == "lambda-processes" || flag == "max-connections") {
    size_t n = 0;
    auto r = std::from_chars(value.data(), value.data() + value.size(), n);
    if (r.ec != std::errc() || r.ptr != value.data() + value.size() || n < 1 || n > 100000) {
      return Bad(flag, value, "expected an integer from 1 to 100000");
    }
    (flag == "max-connections" ? o.max_connections : o.lambda_processes) = n;
  } else if (flag == "allowed-host") {
    o.allowed_hosts.clear();
    for (const std::string& h : SplitList(value)) o.allowed_hosts.push_back(h);
  } else if (flag == "verify-signatures") {
    o.verify_signatures = Truthy(value);
  } else if (flag == "credentials") {
    o.credentials.clear();
    for (const std::string& pair : SplitList(value)) {
      size_t colon = pair.find(':');
      if (colon == std::string::npos || colon == 0 || colon + 1 == pair.size()) {
        return Bad(flag, value, "expected ACCESS_KEY_ID:SECRET pairs separated by commas");
      }
      o.credentials.emplace_back(pair.substr(0, colon), pair.substr(colon + 1));
    }
  } else if (flag == "help") {
    o.help = Truthy(value);
  } else if (flag == "version") {
    o.version = Truthy(value);
  }
  return Status::Ok();
}

}  // namespace

Result<Options> ParseOptions(const std::vector<std::string>& args, const EnvLookup& env) {
  Options o;
  SFN_RETURN_IF_ERROR(ApplySfnLocalEnv(env, o));  // Step Functions Local's variables, lowest
  if (std::optional<std::string> v = env("LAMBDA_ENDPOINT")) {
    SFN_RETURN_IF_ERROR(Apply(o, "lambda-endpoint", *v));
  }
  for (const Flag& f : Flags()) {
    if (std::optional<std::string> v = env(EnvName(f.name))) {
      SFN_RETURN_IF_ERROR(Apply(o, f.name, *v));
    }
  }
  for (size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    if (arg == "-h") arg = "--help";
    if (arg.rfind("--", 0) != 0) {
      return Status(ErrorCode::kValidationException, "unexpected argument '" + arg + "'");
    }
    std::string name = arg.substr(2), value;
    bool has_value = false;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_value = true;
    }
    const Flag* flag = nullptr;
    for (const Flag& f : Flags()) {
      if (name == f.name) flag = &f;
    }
    if (!flag) return Status(ErrorCode::kValidationException, "unknown flag '--" + name + "'");
    if (flag->takes_value && !has_value) {
      if (i + 1 >= args.size()) {
        return Status(ErrorCode::kValidationException, "--" + name + " needs a value");
      }
      value = args[++i];
    }
    SFN_RETURN_IF_ERROR(Apply(o, name, value));
  }
  // The SDKs' own variables (and Step Functions Local's) give the credentials
  // --verify-signatures checks when --credentials does not.
  if (o.credentials.empty()) {
    std::optional<std::string> id = env("AWS_ACCESS_KEY_ID");
    std::optional<std::string> secret = env("AWS_SECRET_ACCESS_KEY");
    if (id && secret && !id->empty() && !secret->empty()) o.credentials.emplace_back(*id, *secret);
  }
  if (o.verify_signatures && o.credentials.empty()) {
    return Status(ErrorCode::kValidationException,
                  "--verify-signatures needs credentials: --credentials ACCESS_KEY_ID:SECRET, or "
                  "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment");
  }
  return o;
}

std::string UsageText() {
  std::string out =
      "Usage: sfn-emulator [flags]\n"
      "A local AWS Step Functions emulator. Point the AWS CLI or an SDK at it with\n"
      "--endpoint-url http://127.0.0.1:8083.\n\nFlags (each also as the environment variable "
      "SFN_EMULATOR_<FLAG>):\n";
  for (const Flag& f : Flags()) {
    std::string left = std::string("  --") + f.name + (f.takes_value ? " VALUE" : "");
    left.resize(std::max<size_t>(left.size() + 2, 26), ' ');
    out += left + f.help + "\n";
  }
  return out;
}

}  // namespace sfn::api
