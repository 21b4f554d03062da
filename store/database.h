// RAII wrappers over the SQLite C API: Database (one connection), Statement
// (a prepared statement, cached per connection and reset after use) and
// Transaction (BEGIN IMMEDIATE ... COMMIT, rolled back unless committed).
//
// SQLite errors become Status values (kInternalFailure with SQLite's
// message); nothing throws. A Database is used by one thread at a time.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "emulator/core/status.h"

namespace sfn::store {

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binding is 1-based, as in SQLite.
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, std::string_view value);
  Statement& Bind(int index, const std::optional<std::string>& value);
  Statement& Bind(int index, const std::optional<int64_t>& value);
  Statement& BindNull(int index);

  // Steps once: true with a row, false when done; errors in status().
  Result<bool> Step();
  // Runs to completion (for statements without rows).
  Status Run();
  void Reset();

  int64_t Int(int col) const;
  std::string Text(int col) const;
  std::optional<std::string> OptText(int col) const;
  std::optional<int64_t> OptInt(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class Database {
 public:
  // `path` ":memory:" opens an in-memory database. A `read_only` connection
  // neither creates nor writes the file: every write through it fails.
  static Result<std::unique_ptr<Database>> Open(const std::string& path, bool read_only = false);
  ~Database();

  Status Exec(const std::string& sql);
  // A cached prepared statement, reset and with bindings cleared.
  Result<Statement*> Prepare(const std::string& sql);
  sqlite3* handle() { return db_; }
  // Resets every statement still stepping (one whose last row was not read
  // to the end), which ends the read transaction it holds open: under WAL a
  // connection inside a read transaction keeps the log from being
  // checkpointed past its snapshot.
  void ResetStatements();

 private:
  explicit Database(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<std::string, std::unique_ptr<Statement>> cache_;
};

class Transaction {
 public:
  explicit Transaction(Database& db) : db_(db) {}
  ~Transaction();
  Status Begin();
  Status Commit();

 private:
  Database& db_;
  bool open_ = false;
};

Status SqliteError(sqlite3* db, std::string_view what);

}  // namespace sfn::store
