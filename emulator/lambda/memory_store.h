// An in-memory LambdaStore: maps, for unit tests. Not thread-safe.
#pragma once

#include <map>
#include <utility>

#include "emulator/lambda/store_port.h"

namespace sfn::lambda {

class MemoryLambdaStore : public LambdaStore {
 public:
  Result<std::optional<FunctionRecord>> FindFunction(const std::string& name) override {
    auto it = functions_.find(name);
    if (it == functions_.end()) return std::optional<FunctionRecord>();
    return std::optional<FunctionRecord>(it->second);
  }
  Result<std::vector<FunctionRecord>> ListFunctions() override {
    std::vector<FunctionRecord> out;
    for (const auto& [_, f] : functions_) out.push_back(f);
    return out;
  }
  Status SaveFunction(const FunctionRecord& function,
                      const std::vector<FunctionVersion>& versions) override {
    functions_[function.name] = function;
    for (const FunctionVersion& v : versions) versions_[{v.function_name, Key(v.version)}] = v;
    return Status::Ok();
  }
  Status DeleteFunction(const std::string& name) override {
    concurrency_.erase(name);
    functions_.erase(name);
    std::erase_if(versions_, [&](const auto& kv) { return kv.first.first == name; });
    std::erase_if(aliases_, [&](const auto& kv) { return kv.first.first == name; });
    return Status::Ok();
  }
  Result<std::optional<FunctionVersion>> FindVersion(const std::string& name,
                                                     const std::string& version) override {
    auto it = versions_.find({name, Key(version)});
    if (it == versions_.end()) return std::optional<FunctionVersion>();
    return std::optional<FunctionVersion>(it->second);
  }
  Result<std::vector<FunctionVersion>> ListVersions(const std::string& name) override {
    std::vector<FunctionVersion> out;
    for (const auto& [k, v] : versions_) {
      if (k.first == name) out.push_back(v);
    }
    return out;
  }
  Status DeleteVersion(const std::string& name, const std::string& version) override {
    versions_.erase({name, Key(version)});
    return Status::Ok();
  }
  Result<std::optional<AliasRecord>> FindAlias(const std::string& name,
                                               const std::string& alias) override {
    auto it = aliases_.find({name, alias});
    if (it == aliases_.end()) return std::optional<AliasRecord>();
    return std::optional<AliasRecord>(it->second);
  }
  Result<std::vector<AliasRecord>> ListAliases(const std::string& name) override {
    std::vector<AliasRecord> out;
    for (const auto& [k, a] : aliases_) {
      if (k.first == name) out.push_back(a);
    }
    return out;
  }
  Status SaveAlias(const AliasRecord& alias) override {
    aliases_[{alias.function_name, alias.name}] = alias;
    return Status::Ok();
  }
  Status DeleteAlias(const std::string& name, const std::string& alias) override {
    aliases_.erase({name, alias});
    return Status::Ok();
  }
  Result<std::optional<int>> FindReservedConcurrency(const std::string& name) override {
    auto it = concurrency_.find(name);
    return it == concurrency_.end() ? std::optional<int>() : std::optional<int>(it->second);
  }
  Status SetReservedConcurrency(const std::string& name, std::optional<int> value) override {
    if (value) {
      concurrency_[name] = *value;
    } else {
      concurrency_.erase(name);
    }
    return Status::Ok();
  }

 private:
  // $LATEST sorts first (0), then numbers ascending.
  static int64_t Key(const std::string& version) {
    return version == kLatest ? 0 : std::stoll(version);
  }
  std::map<std::string, FunctionRecord> functions_;
  std::map<std::pair<std::string, int64_t>, FunctionVersion> versions_;
  std::map<std::pair<std::string, std::string>, AliasRecord> aliases_;
  std::map<std::string, int> concurrency_;
};

}  // namespace sfn::lambda
