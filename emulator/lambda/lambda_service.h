// The Lambda service: the control plane (functions, $LATEST, versions,
// aliases, tags) and invocation, behind the REST API (api/lambda_operations)
// and the engine's LambdaPort (DESIGN.md, "Lambda: versioned local
// functions").
//
// A reference is resolved at the moment of each call: unqualified ->
// $LATEST as it is then; ":N" -> version N; ":alias" -> the alias as it is
// then, a weighted alias drawing from the Random (seeded by --seed). The
// version that ran is reported (ExecutedVersion).
//
// Functions come from the store (created through the API) and from the
// stubs file (--functions); an unknown function is forwarded to the
// Lambda-compatible endpoint when one is configured (--lambda-endpoint).
//
// Threading: every method, Invoke and Resolve included, must be called on
// the engine thread (it owns the store). Handlers run on the Runtimes' warm
// process pool (runtimes.h), code unpacking as jobs of the WorkerPool, a stub's Delay
// is a timer on the pool's I/O thread and the forwarder's HTTP calls are
// asynchronous; each reports through its callback from there, and nothing
// here waits for a handler. Borrows everything it is given; they must
// outlive it, and the pool must be shut down before the service goes.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "emulator/core/clock.h"
#include "emulator/core/random.h"
#include "emulator/core/worker_pool.h"
#include "emulator/engine/lambda_port.h"
#include "emulator/lambda/code_store.h"
#include "emulator/lambda/function_ref.h"
#include "emulator/lambda/invocation_log.h"
#include "emulator/lambda/runtimes.h"
#include "emulator/lambda/store_port.h"
#include "emulator/lambda/stubs.h"

namespace sfn::lambda {

// Forwards invocations of unknown functions to another endpoint (Step
// Functions Local's LAMBDA_ENDPOINT). Implemented in api/ (an HTTP client).
class Forwarder {
 public:
  virtual ~Forwarder() = default;
  // Invokes `function_name` (qualified by `qualifier` when set) there;
  // `done` once, from any thread; never blocks the caller.
  virtual void Invoke(const std::string& function_name, const std::optional<std::string>& qualifier,
                      std::string payload, bool tail_log,
                      std::function<void(engine::InvocationResult)> done) = 0;
};

struct CreateFunctionInput {
  std::string function_name;
  std::string runtime;
  std::string handler;
  std::string role;
  std::string description;
  std::optional<int> timeout;
  std::optional<int> memory_size;
  Json environment = Json::object();
  std::string zip;  // decoded bytes
  bool has_zip = false;
  bool publish = false;
  std::map<std::string, std::string> tags;
  Json settings = Json::object();  // lambda/settings.h's members, as given
};

struct UpdateConfigurationInput {
  std::optional<std::string> runtime, handler, role, description;
  std::optional<int> timeout, memory_size;
  std::optional<Json> environment;
  std::optional<std::string> revision_id;
  Json settings = Json::object();  // lambda/settings.h's members given, replacing
};

struct AliasInput {
  std::string name;
  std::optional<std::string> function_version;
  std::optional<std::string> description;
  std::optional<std::map<std::string, double>> weights;
  std::optional<std::string> revision_id;
};

enum class InvocationType { kRequestResponse, kEvent, kDryRun };

// What an invocation answered: status code, payload, executed version,
// function or service error (the engine's record of one call).
using InvokeResult = engine::InvocationResult;

struct InvokeInput {
  std::string function_name;  // the FunctionName parameter
  std::optional<std::string> qualifier;
  std::string payload;
  InvocationType type = InvocationType::kRequestResponse;
  bool tail_log = false;
  std::string region;
};

class LambdaService : public engine::LambdaPort {
 public:
  LambdaService(LambdaStore& store, CodeStore& code, Runtimes& runtimes, WorkerPool& pool,
                Random& random, Clock& clock, std::string account);

  // Optional collaborators (stubs from --functions, --lambda-endpoint).
  void SetStubs(std::unique_ptr<Stubs> stubs) { stubs_ = std::move(stubs); }
  void SetForwarder(std::unique_ptr<Forwarder> forwarder) { forwarder_ = std::move(forwarder); }
  // How to get back onto the owning (engine) thread: with it, code uploads
  // are unpacked by a job of the pool (the *Async calls); without it, inline.
  using Poster = std::function<void(std::function<void()>)>;
  void SetOwnerPoster(Poster post) { post_ = std::move(post); }

  // --- control plane (REST operations) -------------------------------------
  Result<FunctionVersion> CreateFunction(const CreateFunctionInput& in);
  // As CreateFunction / UpdateFunctionCode, unpacking the zip in a job of the
  // pool; `done` runs on the owning thread (posted through the Poster).
  void CreateFunctionAsync(CreateFunctionInput in,
                           std::function<void(Result<FunctionVersion>)> done);
  void UpdateFunctionCodeAsync(std::string ref, std::string zip, bool publish,
                               std::optional<std::string> revision_id,
                               std::function<void(Result<FunctionVersion>)> done);
  // The configuration of the version `ref` (with `qualifier`) names; an
  // alias qualifier gives its primary version's.
  Result<FunctionVersion> GetFunction(const std::string& ref,
                                      const std::optional<std::string>& qualifier);
  // Every function's $LATEST, by name.
  Result<std::vector<FunctionVersion>> ListFunctions();
  Result<FunctionVersion> UpdateFunctionCode(const std::string& ref, const std::string& zip,
                                             bool publish,
                                             const std::optional<std::string>& revision_id);
  Result<FunctionVersion> UpdateFunctionConfiguration(const std::string& ref,
                                                      const UpdateConfigurationInput& in);
  Status DeleteFunction(const std::string& ref, const std::optional<std::string>& qualifier);
  Result<FunctionVersion> PublishVersion(const std::string& ref,
                                         const std::optional<std::string>& code_sha256,
                                         const std::optional<std::string>& description,
                                         const std::optional<std::string>& revision_id);
  Result<std::vector<FunctionVersion>> ListVersions(const std::string& ref);
  Result<AliasRecord> CreateAlias(const std::string& ref, const AliasInput& in);
  Result<AliasRecord> UpdateAlias(const std::string& ref, const AliasInput& in);
  Result<AliasRecord> GetAlias(const std::string& ref, const std::string& name);
  Result<std::vector<AliasRecord>> ListAliases(const std::string& ref,
                                               const std::optional<std::string>& version);
  Status DeleteAlias(const std::string& ref, const std::string& name);
  // Reserved concurrency (Lambda API PutFunctionConcurrency,
  // GetFunctionConcurrency, DeleteFunctionConcurrency): at most that many
  // invocations of the function run at once; one more answers
  // TooManyRequestsException ("Rate Exceeded.", reason
  // ReservedFunctionConcurrentInvocationLimitExceeded), which a Task sees as
  // Lambda.TooManyRequestsException; 0 throttles every invocation.
  Result<int> PutFunctionConcurrency(const std::string& ref, int reserved);
  Result<std::optional<int>> GetFunctionConcurrency(const std::string& ref);
  Status DeleteFunctionConcurrency(const std::string& ref);

  Result<std::map<std::string, std::string>> ListTags(const std::string& arn);
  Status TagResource(const std::string& arn, const std::map<std::string, std::string>& tags);
  Status UntagResource(const std::string& arn, const std::vector<std::string>& keys);

  // --- invocation ----------------------------------------------------------
  // The Invoke operation: resolves now, then runs in the pool.
  // `done` once; a Status for errors before the function ran
  // (ResourceNotFoundException, InvalidRequestContentException, ...).
  void InvokeFunction(InvokeInput in, std::function<void(Result<engine::InvocationResult>)> done);

  // engine::LambdaPort
  Result<engine::ResolvedFunction> Resolve(const std::string& function_ref,
                                           const std::string& region,
                                           const std::string& account) override;
  void Invoke(const engine::ResolvedFunction& fn, std::string payload,
              std::function<void(engine::InvocationResult)> done) override;

  const std::string& account() const { return account_; }
  // The recent invocations (thread-safe; the console reads it).
  const InvocationLog& invocations() const { return invocations_; }

 private:
  struct Target {
    std::string name;
    std::string version;         // resolved
    std::string invoked_arn;     // what the caller named
    std::optional<FunctionVersion> config;  // nullopt for stubs and forwarded calls
    bool stub = false;
    bool forward = false;
    std::optional<std::string> qualifier;
    std::optional<int> reserved_concurrency;  // functions of the store only
  };
  // Invocations running per function, against reserved concurrency; shared
  // with the completions, which come from worker threads.
  struct Running {
    std::mutex mu;
    std::map<std::string, int> count;
  };
  Result<Target> ResolveTarget(const std::string& ref, const std::optional<std::string>& qualifier,
                               const std::string& region);
  void Run(const Target& target, std::string payload, bool tail_log, const std::string& region,
           std::string_view source, std::function<void(engine::InvocationResult)> done);
  Result<std::string> NameOf(const std::string& ref);
  Result<FunctionRef> CheckCreate(const CreateFunctionInput& in);
  Result<FunctionVersion> FinishCreate(const CreateFunctionInput& in, const std::string& name,
                                       const StoredCode& code);
  Result<FunctionVersion> FinishUpdateCode(const std::string& ref, bool publish,
                                           const std::optional<std::string>& revision_id,
                                           const StoredCode& code);
  Result<FunctionRecord> LoadFunction(const std::string& name);
  Result<FunctionVersion> LoadVersion(const std::string& name, const std::string& version);
  Result<FunctionVersion> Publish(FunctionRecord fn, const FunctionVersion& latest,
                                  const std::optional<std::string>& description);
  Status CheckAliasTargets(const std::string& name, const AliasRecord& alias);
  std::string NotFound(const std::string& name, const std::string& qualifier = "") const;
  std::string Now() const;

  LambdaStore& store_;
  CodeStore& code_;
  Runtimes& runtimes_;
  WorkerPool& pool_;
  Random& random_;
  Clock& clock_;
  std::string account_;
  std::string region_ = "us-east-1";  // for messages without a request region
  std::unique_ptr<Stubs> stubs_;
  std::unique_ptr<Forwarder> forwarder_;
  Poster post_;
  InvocationLog invocations_;
  std::shared_ptr<Running> running_ = std::make_shared<Running>();
};

}  // namespace sfn::lambda
