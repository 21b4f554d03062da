// LambdaService: resolving a reference at the moment of a call and running
// the invocation (API Invoke and the engine's LambdaPort).
#include <spdlog/spdlog.h>

#include "emulator/lambda/alias_routing.h"
#include "emulator/lambda/lambda_service.h"

namespace sfn::lambda {
namespace {

// Invoke's payload limits (Lambda quotas): 6 MB synchronous, 1 MB for an
// asynchronous (Event) invocation since October 2025.
constexpr size_t kMaxPayload = 6 * 1024 * 1024;
constexpr size_t kMaxEventPayload = 1024 * 1024;

}  // namespace

Result<LambdaService::Target> LambdaService::ResolveTarget(
    const std::string& ref_text, const std::optional<std::string>& qualifier,
    const std::string& region) {
  SFN_ASSIGN_OR_RETURN(FunctionRef ref, ParseFunctionRef(ref_text));
  SFN_ASSIGN_OR_RETURN(std::optional<std::string> q, MergeQualifier(ref, qualifier));
  std::string rgn = ref.region.value_or(region.empty() ? region_ : region);
  Target t;
  t.name = ref.name;
  t.qualifier = q;
  t.invoked_arn = q ? QualifiedArn(rgn, account_, ref.name, *q) : FunctionArn(rgn, account_, ref.name);
  SFN_ASSIGN_OR_RETURN(std::optional<FunctionRecord> fn, store_.FindFunction(ref.name));
  if (!fn) {
    if (stubs_ && stubs_->HasFunction(ref.name)) {
      t.version = q.value_or(kLatest);
      if (!stubs_->HasVersion(ref.name, t.version)) {
        return Status(ErrorCode::kResourceNotFoundException, NotFound(ref.name, t.version));
      }
      t.stub = true;
      return t;
    }
    if (forwarder_) {
      t.version = q.value_or(kLatest);
      t.forward = true;
      return t;
    }
    // Invoke names the version it looked for, $LATEST when unqualified (as
    // Step Functions relays it: "Function not found: ...:function:f:$LATEST").
    return Status(ErrorCode::kResourceNotFoundException,
                  "Function not found: " + QualifiedArn(rgn, account_, ref.name, q.value_or(kLatest)));
  }
  std::string version = kLatest;
  switch (KindOf(q)) {
    case QualifierKind::kLatest: break;
    case QualifierKind::kVersion: version = *q; break;
    case QualifierKind::kAlias: {
      SFN_ASSIGN_OR_RETURN(std::optional<AliasRecord> alias, store_.FindAlias(ref.name, *q));
      if (!alias) {
        return Status(ErrorCode::kResourceNotFoundException,
                      "Function not found: " + t.invoked_arn);
      }
      version = PickVersion(*alias, UniformDraw(random_));
      break;
    }
  }
  SFN_ASSIGN_OR_RETURN(std::optional<FunctionVersion> v, store_.FindVersion(ref.name, version));
  if (!v) return Status(ErrorCode::kResourceNotFoundException, "Function not found: " + t.invoked_arn);
  t.version = version;
  t.config = std::move(*v);
  SFN_ASSIGN_OR_RETURN(t.reserved_concurrency, store_.FindReservedConcurrency(ref.name));
  return t;
}

void LambdaService::Run(const Target& t, std::string payload, bool tail_log,
                        const std::string& region, std::string_view source,
                        std::function<void(engine::InvocationResult)> done) {
  if (t.reserved_concurrency) {
    // Reserved concurrency: counted from here to the answer.
    std::shared_ptr<Running> running = running_;
    {
      std::lock_guard lock(running->mu);
      int& n = running->count[t.name];
      if (n >= *t.reserved_concurrency) {
        engine::InvocationResult throttled;
        throttled.status_code = 429;
        throttled.service_error = "TooManyRequestsException";
        throttled.service_message = "Rate Exceeded.";
        done(std::move(throttled));
        return;
      }
      ++n;
    }
    done = [running, name = t.name, done = std::move(done)](engine::InvocationResult r) {
      {
        std::lock_guard lock(running->mu);
        if (--running->count[name] <= 0) running->count.erase(name);
      }
      done(std::move(r));
    };
  }
  std::string request_id = random_.Uuid();
  // Every invocation goes to the recent-invocations ring with its log (the
  // runtimes are always asked for the tail; the caller gets it only when it
  // asked). Forwarded calls keep the caller's LogType.
  done = RecordInvocation(invocations_,
                          InvocationEntry{0, t.name, t.version, t.invoked_arn, request_id,
                                          std::string(source), clock_.Now()},
                          tail_log, std::move(done));
  if (t.forward) {
    forwarder_->Invoke(t.name, t.qualifier, std::move(payload), tail_log, std::move(done));
    return;
  }
  if (t.stub) {
    Result<Json> event = ParseJson(payload);
    Json context = {{"FunctionName", t.name},
                    {"FunctionVersion", t.version},
                    {"InvokedFunctionArn", t.invoked_arn},
                    {"AwsRequestId", request_id}};
    StubAnswer answer = stubs_->Answer(t.name, t.version, event.ok() ? *event : Json(nullptr),
                                       context);
    if (answer.delay_ms <= 0) {
      done(std::move(answer.result));
      return;
    }
    // A timer on the pool's I/O thread, not a sleeping thread. Real
    // milliseconds whatever the clock mode (as before): with the virtual
    // clock the driver keeps virtual time at least at real pace while an
    // invocation is in flight, so a Task's TimeoutSeconds still races it.
    pool_.After(std::chrono::milliseconds(answer.delay_ms),
                [result = std::move(answer.result), done = std::move(done)]() mutable {
                  done(std::move(result));
                });
    return;
  }
  InvocationRequest r;
  r.fn = *t.config;
  r.invoked_arn = t.invoked_arn;
  r.request_id = request_id;
  r.payload = std::move(payload);
  r.region = region.empty() ? region_ : region;
  r.tail_log = true;
  runtimes_.Invoke(std::move(r), std::move(done));
}

void LambdaService::InvokeFunction(InvokeInput in,
                                   std::function<void(Result<engine::InvocationResult>)> done) {
  if (in.payload.size() > kMaxPayload) {
    done(Status(ErrorCode::kRequestTooLargeException,
                "Request must be smaller than 6291456 bytes for the InvokeFunction operation"));
    return;
  }
  if (in.type == InvocationType::kEvent && in.payload.size() > kMaxEventPayload) {
    done(Status(ErrorCode::kRequestTooLargeException,
                "Request must be smaller than " + std::to_string(kMaxEventPayload) +
                    " bytes for the InvokeAsync operation"));
    return;
  }
  std::string payload = "{}";
  if (in.payload.find_first_not_of(" \t\r\n") != std::string::npos) {
    Result<Json> parsed = ParseJson(in.payload, ErrorCode::kInvalidRequestContentException);
    if (!parsed.ok()) {
      done(Status(ErrorCode::kInvalidRequestContentException,
                  "Could not parse request body into json: Could not parse payload into json: " +
                      parsed.status().message()));
      return;
    }
    payload = DumpJson(*parsed);
  }
  Result<Target> t = ResolveTarget(in.function_name, in.qualifier, in.region);
  if (!t.ok()) {
    done(t.status());
    return;
  }
  if (in.type == InvocationType::kDryRun) {
    engine::InvocationResult r;
    r.status_code = 204;
    r.executed_version = t->version;
    done(std::move(r));
    return;
  }
  if (in.type == InvocationType::kEvent) {
    engine::InvocationResult r;
    r.status_code = 202;
    r.executed_version = t->version;
    // Accepted even when throttled; AWS would retry it later, this emulator
    // drops it (logged).
    Run(*t, std::move(payload), false, in.region, "Invoke",
        [name = t->name](engine::InvocationResult result) {
          if (result.service_error) {
            spdlog::warn("asynchronous invocation of {} dropped: {}: {}", name,
                         *result.service_error, result.service_message);
          }
        });
    done(std::move(r));
    return;
  }
  Run(*t, std::move(payload), in.tail_log, in.region, "Invoke",
      [done = std::move(done)](engine::InvocationResult r) {
        if (r.service_error && *r.service_error == "TooManyRequestsException") {
          done(Status(ErrorCode::kTooManyRequestsException, r.service_message));
          return;
        }
        done(std::move(r));
      });
}

Result<engine::ResolvedFunction> LambdaService::Resolve(const std::string& function_ref,
                                                        const std::string& region,
                                                        const std::string& account) {
  (void)account;  // one account per emulator
  SFN_ASSIGN_OR_RETURN(Target t, ResolveTarget(function_ref, std::nullopt, region));
  std::string rgn = region.empty() ? region_ : region;
  return engine::ResolvedFunction{t.name, FunctionArn(rgn, account_, t.name), t.version};
}

void LambdaService::Invoke(const engine::ResolvedFunction& fn, std::string payload,
                           std::function<void(engine::InvocationResult)> done) {
  // Exactly the resolved version: `name:N` or `name:$LATEST`, never the alias
  // again (the draw happened in Resolve).
  Result<Target> t = ResolveTarget(fn.function_arn, fn.version, "");
  if (!t.ok()) {
    engine::InvocationResult r;
    r.service_error = std::string(ErrorName(t.status().code()));
    r.service_message = t.status().message();
    done(std::move(r));
    return;
  }
  // The runtimes' protocol carries the event on one line: compact it (the
  // engine may hand over any JSON text).
  Result<Json> event = ParseJson(payload.empty() ? std::string("{}") : payload);
  if (!event.ok()) {
    engine::InvocationResult r;
    r.service_error = "InvalidRequestContentException";
    r.service_message = "Could not parse request body into json: " + event.status().message();
    done(std::move(r));
    return;
  }
  std::string region;
  if (Result<FunctionRef> ref = ParseFunctionRef(fn.function_arn); ref.ok() && ref->region) {
    region = *ref->region;
  }
  Run(*t, DumpJson(*event), false, region, "Task", std::move(done));
}

}  // namespace sfn::lambda
