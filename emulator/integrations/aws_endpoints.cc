#include "emulator/integrations/aws_endpoints.h"

#include "emulator/integrations/aws_services.h"

namespace sfn::integrations {
namespace {

std::string WithoutTrailingSlash(std::string url) {
  while (url.size() > 7 && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

AwsEndpoints::AwsEndpoints(const AwsEndpoints& other)
    : endpoints_(other.endpoints_), default_(other.default_) {
  std::lock_guard lock(other.self_mu_);
  self_ = other.self_;
}

AwsEndpoints& AwsEndpoints::operator=(const AwsEndpoints& other) {
  if (this == &other) return *this;
  endpoints_ = other.endpoints_;
  default_ = other.default_;
  std::string self;
  {
    std::lock_guard lock(other.self_mu_);
    self = other.self_;
  }
  std::lock_guard lock(self_mu_);
  self_ = std::move(self);
  return *this;
}

Status AwsEndpoints::CheckUrl(const std::string& url, const std::string& what) {
  // The outbound client speaks plain http (engine/http_port.h).
  constexpr std::string_view kScheme = "http://";
  if (url.rfind(kScheme, 0) != 0 || url.size() == kScheme.size() || url[kScheme.size()] == '/' ||
      url[kScheme.size()] == ':') {
    return Status(ErrorCode::kValidationException,
                  "invalid " + what + " '" + url + "': expected http://host[:port]");
  }
  return Status::Ok();
}

Status AwsEndpoints::Set(std::string_view service, const std::string& url) {
  const AwsService* s = FindAwsService(service);
  if (s == nullptr) {
    std::string known;
    for (const AwsService& k : AwsServices()) known += (known.empty() ? "" : ", ") + k.name;
    return Status(ErrorCode::kValidationException,
                  "unknown service '" + std::string(service) + "' (known: " + known + ")");
  }
  SFN_RETURN_IF_ERROR(CheckUrl(url, "endpoint for " + s->name));
  endpoints_[s->name] = WithoutTrailingSlash(url);
  return Status::Ok();
}

Status AwsEndpoints::SetDefault(const std::string& url) {
  SFN_RETURN_IF_ERROR(CheckUrl(url, "AWS endpoint"));
  default_ = WithoutTrailingSlash(url);
  return Status::Ok();
}

void AwsEndpoints::SetSelf(const std::string& url) {
  std::lock_guard lock(self_mu_);
  self_ = WithoutTrailingSlash(url);
}

std::optional<std::string> AwsEndpoints::Find(std::string_view service) const {
  const AwsService* s = FindAwsService(service);
  if (s == nullptr) return std::nullopt;
  if (auto it = endpoints_.find(s->name); it != endpoints_.end()) return it->second;
  // Step Functions Local: without STEP_FUNCTIONS_ENDPOINT, nested calls go
  // to the emulator itself, before any catch-all endpoint.
  if (s->name == "states") {
    std::lock_guard lock(self_mu_);
    if (!self_.empty()) return self_;
  }
  if (!default_.empty()) return default_;
  return std::nullopt;
}

std::string AwsEndpoints::HowToSet(std::string_view service) {
  const AwsService* s = FindAwsService(service);
  std::string name = s ? s->name : std::string(service);
  std::string out;
  if (s && !s->local_variable.empty()) out += s->local_variable + ", ";
  out += "--endpoint " + name + "=URL or --aws-endpoint URL";
  return out;
}

std::string AwsEndpoints::Describe() const {
  std::string out;
  for (const auto& [name, url] : endpoints_) out += (out.empty() ? "" : ", ") + name + "=" + url;
  if (!default_.empty()) out += (out.empty() ? "" : ", ") + std::string("default=") + default_;
  return out.empty() ? "none" : out;
}

}  // namespace sfn::integrations
