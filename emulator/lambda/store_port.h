// What the Lambda module needs from storage (implemented in
// store/sqlite_lambda_store.h; an in-memory one is in memory_store.h for
// tests and --in-memory is served by SQLite's :memory:).
//
// Not thread-safe: the LambdaService calls it on the engine thread only.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "emulator/core/status.h"
#include "emulator/lambda/model.h"

namespace sfn::lambda {

class LambdaStore {
 public:
  virtual ~LambdaStore() = default;

  virtual Result<std::optional<FunctionRecord>> FindFunction(const std::string& name) = 0;
  // Ordered by name.
  virtual Result<std::vector<FunctionRecord>> ListFunctions() = 0;
  // Upserts `function` and `versions` in one transaction.
  virtual Status SaveFunction(const FunctionRecord& function,
                              const std::vector<FunctionVersion>& versions) = 0;
  // Deletes the function, its versions and aliases.
  virtual Status DeleteFunction(const std::string& name) = 0;

  virtual Result<std::optional<FunctionVersion>> FindVersion(const std::string& name,
                                                             const std::string& version) = 0;
  // $LATEST first, then published versions in ascending number.
  virtual Result<std::vector<FunctionVersion>> ListVersions(const std::string& name) = 0;
  virtual Status DeleteVersion(const std::string& name, const std::string& version) = 0;

  virtual Result<std::optional<AliasRecord>> FindAlias(const std::string& name,
                                                       const std::string& alias) = 0;
  // Ordered by alias name.
  virtual Result<std::vector<AliasRecord>> ListAliases(const std::string& name) = 0;
  virtual Status SaveAlias(const AliasRecord& alias) = 0;
  virtual Status DeleteAlias(const std::string& name, const std::string& alias) = 0;

  // A function's reserved concurrency (PutFunctionConcurrency); nullopt
  // when none is set. DeleteFunction removes it too.
  virtual Result<std::optional<int>> FindReservedConcurrency(const std::string& name) = 0;
  virtual Status SetReservedConcurrency(const std::string& name, std::optional<int> value) = 0;
};

}  // namespace sfn::lambda
