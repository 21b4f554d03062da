#include "store/database.h"

#include <spdlog/spdlog.h>

#include <mutex>

namespace sfn::store {

Status SqliteError(sqlite3* db, std::string_view what) {
  return Status(ErrorCode::kInternalFailure,
                std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::Bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}
Statement& Statement::Bind(int index, std::string_view value) {
  sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::Bind(int index, const std::optional<std::string>& value) {
  return value ? Bind(index, std::string_view(*value)) : BindNull(index);
}
Statement& Statement::Bind(int index, const std::optional<int64_t>& value) {
  return value ? Bind(index, *value) : BindNull(index);
}
Statement& Statement::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteError(db_, "sqlite step");
}

Status Statement::Run() {
  Result<bool> r = Step();
  while (r.ok() && *r) r = Step();
  Status s = r.status();
  Reset();
  return s;
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int64_t Statement::Int(int col) const { return sqlite3_column_int64(stmt_, col); }

std::string Statement::Text(int col) const {
  const unsigned char* p = sqlite3_column_text(stmt_, col);
  int n = sqlite3_column_bytes(stmt_, col);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(n)) : std::string();
}

std::optional<std::string> Statement::OptText(int col) const {
  if (sqlite3_column_type(stmt_, col) == SQLITE_NULL) return std::nullopt;
  return Text(col);
}

std::optional<int64_t> Statement::OptInt(int col) const {
  if (sqlite3_column_type(stmt_, col) == SQLITE_NULL) return std::nullopt;
  return Int(col);
}

Result<std::unique_ptr<Database>> Database::Open(const std::string& path, bool read_only) {
  // No memory statistics (nothing reads them): with them on, every SQLite
  // allocation takes a global mutex, a few percent of a commit's time. Only
  // possible before SQLite initialises; later calls are refused, harmlessly.
  static std::once_flag no_memstatus;
  std::call_once(no_memstatus, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  sqlite3* db = nullptr;
  int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    Status s = SqliteError(db, "cannot open " + path);
    sqlite3_close(db);
    return s;
  }
  sqlite3_busy_timeout(db, 5000);
  return std::unique_ptr<Database>(new Database(db));
}

Database::~Database() {
  cache_.clear();  // finalize statements before closing
  sqlite3_close(db_);
}

void Database::ResetStatements() {
  for (sqlite3_stmt* s = sqlite3_next_stmt(db_, nullptr); s; s = sqlite3_next_stmt(db_, s)) {
    if (sqlite3_stmt_busy(s)) sqlite3_reset(s);
  }
}

Status Database::Exec(const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return Status(ErrorCode::kInternalFailure, "sqlite: " + msg);
  }
  return Status::Ok();
}

Result<Statement*> Database::Prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) {
    it->second->Reset();
    return it->second.get();
  }
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &stmt, nullptr) !=
      SQLITE_OK) {
    return SqliteError(db_, "prepare");
  }
  auto owned = std::make_unique<Statement>(db_, stmt);
  Statement* raw = owned.get();
  cache_.emplace(sql, std::move(owned));
  return raw;
}

Transaction::~Transaction() {
  if (!open_) return;
  Status rolled_back = db_.Exec("ROLLBACK");
  // SQLite rolls back by itself after some errors (SQLITE_FULL, SQLITE_IOERR,
  // ...; "Automatically rolled back transactions" on sqlite.org/c3ref/
  // get_autocommit.html), and then ROLLBACK fails with "no transaction is
  // active": nothing is left open. A connection still inside the transaction
  // is not: every later Begin fails, so say why once, here.
  if (!rolled_back.ok() && sqlite3_get_autocommit(db_.handle()) == 0) {
    spdlog::error("sqlite: the transaction could not be rolled back and stays open: {}",
                  rolled_back.message());
  }
}

Status Transaction::Begin() {
  SFN_RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
  open_ = true;
  return Status::Ok();
}

Status Transaction::Commit() {
  SFN_RETURN_IF_ERROR(db_.Exec("COMMIT"));
  open_ = false;
  return Status::Ok();
}

}  // namespace sfn::store
