// The SQLite implementation of lambda::LambdaStore: tables lambda_functions,
// lambda_versions, lambda_aliases (migration 4) and lambda_concurrency (migration 5). Borrows the Database of the
// SqliteRepository (one connection); not thread-safe: engine thread only.
#pragma once

#include "emulator/lambda/store_port.h"
#include "store/database.h"

namespace sfn::store {

class SqliteLambdaStore : public lambda::LambdaStore {
 public:
  explicit SqliteLambdaStore(Database& db) : db_(db) {}

  Result<std::optional<lambda::FunctionRecord>> FindFunction(const std::string& name) override;
  Result<std::vector<lambda::FunctionRecord>> ListFunctions() override;
  Status SaveFunction(const lambda::FunctionRecord& function,
                      const std::vector<lambda::FunctionVersion>& versions) override;
  Status DeleteFunction(const std::string& name) override;
  Result<std::optional<lambda::FunctionVersion>> FindVersion(const std::string& name,
                                                             const std::string& version) override;
  Result<std::vector<lambda::FunctionVersion>> ListVersions(const std::string& name) override;
  Status DeleteVersion(const std::string& name, const std::string& version) override;
  Result<std::optional<lambda::AliasRecord>> FindAlias(const std::string& name,
                                                       const std::string& alias) override;
  Result<std::vector<lambda::AliasRecord>> ListAliases(const std::string& name) override;
  Status SaveAlias(const lambda::AliasRecord& alias) override;
  Status DeleteAlias(const std::string& name, const std::string& alias) override;
  Result<std::optional<int>> FindReservedConcurrency(const std::string& name) override;
  Status SetReservedConcurrency(const std::string& name, std::optional<int> value) override;

 private:
  Database& db_;
};

}  // namespace sfn::store
