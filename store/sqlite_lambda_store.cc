#include "store/sqlite_lambda_store.h"

#include "store/read_all.h"

namespace sfn::store {
namespace {

using lambda::AliasRecord;
using lambda::FunctionRecord;
using lambda::FunctionVersion;

constexpr char kFunctionColumns[] = "name, last_version, published_revision, tags, created_ms";
constexpr char kVersionColumns[] =
    "function_name, version_num, runtime, handler, role, description, timeout, memory_size, "
    "environment, code_sha256, code_size, code_dir, revision_id, last_modified, settings";
constexpr char kAliasColumns[] =
    "function_name, name, function_version, description, weights, revision_id";

int64_t VersionNum(const std::string& version) {
  return version == lambda::kLatest ? 0 : std::stoll(version);
}

Json ParseOr(const std::string& text, Json fallback) {
  Result<Json> j = ParseJson(text);
  return j.ok() ? std::move(j).value() : std::move(fallback);
}

FunctionRecord ReadFunction(const Statement& q) {
  FunctionRecord f;
  f.name = q.Text(0);
  f.last_version = q.Int(1);
  f.published_revision = q.Text(2);
  Json tags = ParseOr(q.Text(3), Json::object());
  for (const auto& [k, v] : tags.items()) {
    if (v.is_string()) f.tags[k] = v.get<std::string>();
  }
  f.created_ms = q.Int(4);
  return f;
}

FunctionVersion ReadVersion(const Statement& q) {
  FunctionVersion v;
  v.function_name = q.Text(0);
  int64_t num = q.Int(1);
  v.version = num == 0 ? std::string(lambda::kLatest) : std::to_string(num);
  v.runtime = q.Text(2);
  v.handler = q.Text(3);
  v.role = q.Text(4);
  v.description = q.Text(5);
  v.timeout = static_cast<int>(q.Int(6));
  v.memory_size = static_cast<int>(q.Int(7));
  v.environment = ParseOr(q.Text(8), Json::object());
  v.code_sha256 = q.Text(9);
  v.code_size = q.Int(10);
  v.code_dir = q.Text(11);
  v.revision_id = q.Text(12);
  v.last_modified = q.Text(13);
  v.settings = ParseOr(q.Text(14), Json::object());
  return v;
}

AliasRecord ReadAlias(const Statement& q) {
  AliasRecord a;
  a.function_name = q.Text(0);
  a.name = q.Text(1);
  a.function_version = q.Text(2);
  a.description = q.Text(3);
  Json w = ParseOr(q.Text(4), Json::object());
  for (const auto& [k, v] : w.items()) {
    if (v.is_number()) a.additional_weights[k] = v.get<double>();
  }
  a.revision_id = q.Text(5);
  return a;
}

template <typename T>
Result<std::optional<T>> First(Result<std::vector<T>> rows) {
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<T>();
  return std::optional<T>(std::move(rows->front()));
}

}  // namespace

Result<std::optional<FunctionRecord>> SqliteLambdaStore::FindFunction(const std::string& name) {
  SFN_ASSIGN_OR_RETURN(Statement * q,
                       db_.Prepare(std::string("SELECT ") + kFunctionColumns +
                                   " FROM lambda_functions WHERE name = ?"));
  q->Bind(1, std::string_view(name));
  return First(ReadAll<FunctionRecord>(q, ReadFunction));
}

Result<std::vector<FunctionRecord>> SqliteLambdaStore::ListFunctions() {
  SFN_ASSIGN_OR_RETURN(Statement * q,
                       db_.Prepare(std::string("SELECT ") + kFunctionColumns +
                                   " FROM lambda_functions ORDER BY name"));
  return ReadAll<FunctionRecord>(q, ReadFunction);
}

Status SqliteLambdaStore::SaveFunction(const FunctionRecord& f,
                                       const std::vector<FunctionVersion>& versions) {
  Transaction tx(db_);
  SFN_RETURN_IF_ERROR(tx.Begin());
  SFN_ASSIGN_OR_RETURN(
      Statement * q,
      db_.Prepare("INSERT OR REPLACE INTO lambda_functions(" + std::string(kFunctionColumns) +
                  ") VALUES (?,?,?,?,?)"));
  Json tags = Json::object();
  for (const auto& [k, v] : f.tags) tags[k] = v;
  q->Bind(1, std::string_view(f.name))
      .Bind(2, f.last_version)
      .Bind(3, std::string_view(f.published_revision))
      .Bind(4, std::string_view(DumpJson(tags)))
      .Bind(5, f.created_ms);
  SFN_RETURN_IF_ERROR(q->Run());
  for (const FunctionVersion& v : versions) {
    SFN_ASSIGN_OR_RETURN(Statement * w, db_.Prepare("INSERT OR REPLACE INTO lambda_versions(" +
                                                    std::string(kVersionColumns) +
                                                    ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    w->Bind(1, std::string_view(v.function_name))
        .Bind(2, VersionNum(v.version))
        .Bind(3, std::string_view(v.runtime))
        .Bind(4, std::string_view(v.handler))
        .Bind(5, std::string_view(v.role))
        .Bind(6, std::string_view(v.description))
        .Bind(7, int64_t{v.timeout})
        .Bind(8, int64_t{v.memory_size})
        .Bind(9, std::string_view(DumpJson(v.environment)))
        .Bind(10, std::string_view(v.code_sha256))
        .Bind(11, v.code_size)
        .Bind(12, std::string_view(v.code_dir))
        .Bind(13, std::string_view(v.revision_id))
        .Bind(14, std::string_view(v.last_modified))
        .Bind(15, std::string_view(DumpJson(v.settings)));
    SFN_RETURN_IF_ERROR(w->Run());
  }
  return tx.Commit();
}

Status SqliteLambdaStore::DeleteFunction(const std::string& name) {
  Transaction tx(db_);
  SFN_RETURN_IF_ERROR(tx.Begin());
  for (const char* sql : {"DELETE FROM lambda_functions WHERE name = ?",
                          "DELETE FROM lambda_versions WHERE function_name = ?",
                          "DELETE FROM lambda_aliases WHERE function_name = ?",
                          "DELETE FROM lambda_concurrency WHERE function_name = ?"}) {
    SFN_ASSIGN_OR_RETURN(Statement * q, db_.Prepare(sql));
    SFN_RETURN_IF_ERROR(q->Bind(1, std::string_view(name)).Run());
  }
  return tx.Commit();
}

Result<std::optional<FunctionVersion>> SqliteLambdaStore::FindVersion(
    const std::string& name, const std::string& version) {
  if (version != lambda::kLatest &&
      (version.empty() || version.size() > 18 ||
       version.find_first_not_of("0123456789") != std::string::npos)) {
    return std::optional<FunctionVersion>();
  }
  SFN_ASSIGN_OR_RETURN(Statement * q,
                       db_.Prepare(std::string("SELECT ") + kVersionColumns +
                                   " FROM lambda_versions WHERE function_name = ? AND "
                                   "version_num = ?"));
  q->Bind(1, std::string_view(name)).Bind(2, VersionNum(version));
  return First(ReadAll<FunctionVersion>(q, ReadVersion));
}

Result<std::vector<FunctionVersion>> SqliteLambdaStore::ListVersions(const std::string& name) {
  SFN_ASSIGN_OR_RETURN(Statement * q,
                       db_.Prepare(std::string("SELECT ") + kVersionColumns +
                                   " FROM lambda_versions WHERE function_name = ? ORDER BY "
                                   "version_num"));
  q->Bind(1, std::string_view(name));
  return ReadAll<FunctionVersion>(q, ReadVersion);
}

Status SqliteLambdaStore::DeleteVersion(const std::string& name, const std::string& version) {
  SFN_ASSIGN_OR_RETURN(
      Statement * q,
      db_.Prepare("DELETE FROM lambda_versions WHERE function_name = ? AND version_num = ?"));
  return q->Bind(1, std::string_view(name)).Bind(2, VersionNum(version)).Run();
}

Result<std::optional<AliasRecord>> SqliteLambdaStore::FindAlias(const std::string& name,
                                                                const std::string& alias) {
  SFN_ASSIGN_OR_RETURN(Statement * q,
                       db_.Prepare(std::string("SELECT ") + kAliasColumns +
                                   " FROM lambda_aliases WHERE function_name = ? AND name = ?"));
  q->Bind(1, std::string_view(name)).Bind(2, std::string_view(alias));
  return First(ReadAll<AliasRecord>(q, ReadAlias));
}

Result<std::vector<AliasRecord>> SqliteLambdaStore::ListAliases(const std::string& name) {
  SFN_ASSIGN_OR_RETURN(Statement * q,
                       db_.Prepare(std::string("SELECT ") + kAliasColumns +
                                   " FROM lambda_aliases WHERE function_name = ? ORDER BY name"));
  q->Bind(1, std::string_view(name));
  return ReadAll<AliasRecord>(q, ReadAlias);
}

Status SqliteLambdaStore::SaveAlias(const AliasRecord& a) {
  SFN_ASSIGN_OR_RETURN(
      Statement * q,
      db_.Prepare("INSERT OR REPLACE INTO lambda_aliases(" + std::string(kAliasColumns) +
                  ") VALUES (?,?,?,?,?,?)"));
  Json weights = Json::object();
  for (const auto& [k, v] : a.additional_weights) weights[k] = v;
  return q->Bind(1, std::string_view(a.function_name))
      .Bind(2, std::string_view(a.name))
      .Bind(3, std::string_view(a.function_version))
      .Bind(4, std::string_view(a.description))
      .Bind(5, std::string_view(DumpJson(weights)))
      .Bind(6, std::string_view(a.revision_id))
      .Run();
}

Status SqliteLambdaStore::DeleteAlias(const std::string& name, const std::string& alias) {
  SFN_ASSIGN_OR_RETURN(
      Statement * q, db_.Prepare("DELETE FROM lambda_aliases WHERE function_name = ? AND name = ?"));
  return q->Bind(1, std::string_view(name)).Bind(2, std::string_view(alias)).Run();
}

Result<std::optional<int>> SqliteLambdaStore::FindReservedConcurrency(const std::string& name) {
  SFN_ASSIGN_OR_RETURN(
      Statement * q,
      db_.Prepare("SELECT reserved FROM lambda_concurrency WHERE function_name = ?"));
  q->Bind(1, std::string_view(name));
  SFN_ASSIGN_OR_RETURN(bool row, q->Step());
  std::optional<int> out;
  if (row) out = static_cast<int>(q->Int(0));
  q->Reset();
  return out;
}

Status SqliteLambdaStore::SetReservedConcurrency(const std::string& name,
                                                 std::optional<int> value) {
  if (!value) {
    SFN_ASSIGN_OR_RETURN(Statement * d,
                         db_.Prepare("DELETE FROM lambda_concurrency WHERE function_name = ?"));
    return d->Bind(1, std::string_view(name)).Run();
  }
  SFN_ASSIGN_OR_RETURN(Statement * q,
                       db_.Prepare("INSERT OR REPLACE INTO lambda_concurrency(function_name, "
                                   "reserved) VALUES (?, ?)"));
  return q->Bind(1, std::string_view(name)).Bind(2, int64_t{*value}).Run();
}

}  // namespace sfn::store
