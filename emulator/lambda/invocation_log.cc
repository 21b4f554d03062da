#include "emulator/lambda/invocation_log.h"

#include <chrono>
#include <utility>

#include "emulator/core/base64.h"
#include "emulator/core/json.h"
#include "emulator/lambda/runtimes.h"

namespace sfn::lambda {

InvocationLog::InvocationLog(size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

void InvocationLog::Add(InvocationEntry entry) {
  std::lock_guard lock(mu_);
  entry.sequence = next_sequence_++;
  if (ring_.size() == capacity_) ring_.pop_front();
  ring_.push_back(std::move(entry));
}

std::vector<InvocationEntry> InvocationLog::Recent(const std::optional<std::string>& function_name,
                                                   size_t limit) const {
  std::vector<InvocationEntry> out;
  std::lock_guard lock(mu_);
  for (auto it = ring_.rbegin(); it != ring_.rend() && out.size() < limit; ++it) {
    if (function_name && it->function_name != *function_name) continue;
    out.push_back(*it);
  }
  return out;
}

std::function<void(engine::InvocationResult)> RecordInvocation(
    InvocationLog& log, InvocationEntry entry, bool keep_log_result,
    std::function<void(engine::InvocationResult)> done) {
  auto t0 = std::chrono::steady_clock::now();
  return [&log, entry = std::move(entry), keep_log_result, done = std::move(done),
          t0](engine::InvocationResult r) mutable {
    entry.duration_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    if (r.service_error) {
      entry.status = "Error";
      entry.error_type = *r.service_error;
      entry.error_message = r.service_message;
    } else if (r.function_error) {
      entry.status = *r.function_error;
      // AWS's error payload: {"errorType": ..., "errorMessage": ...}.
      Result<Json> payload = ParseJson(r.payload);
      if (payload.ok() && payload->is_object()) {
        if (auto it = payload->find("errorType"); it != payload->end() && it->is_string()) {
          entry.error_type = it->get<std::string>();
        }
        if (auto it = payload->find("errorMessage"); it != payload->end() && it->is_string()) {
          entry.error_message = it->get<std::string>();
        }
      }
    } else {
      entry.status = "Succeeded";
    }
    if (!r.executed_version.empty()) entry.version = r.executed_version;
    if (!r.request_id.empty()) entry.request_id = r.request_id;
    std::optional<std::string> text;
    if (r.log_result) text = Base64Decode(*r.log_result, Base64Mode::kLenient);
    if (!text) {
      text = Base64Decode(TailLog(entry.request_id, entry.version, "", entry.duration_ms, 128));
    }
    entry.log = std::move(*text);
    if (!keep_log_result) r.log_result.reset();
    log.Add(std::move(entry));
    done(std::move(r));
  };
}

}  // namespace sfn::lambda
