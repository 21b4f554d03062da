// The versioned schema (DESIGN.md, "Durable execution" tables).
//
// Migrations are numbered and applied in order inside one transaction each;
// `meta.schema_version` records the last one applied. A database written by
// a newer sfn-emulator (a higher version than this binary knows) is refused
// with a clear message and never modified.
#pragma once

#include "emulator/core/status.h"
#include "store/database.h"

namespace sfn::store {

inline constexpr int kSchemaVersion = 1;

Status Migrate(Database& db);

}  // namespace sfn::store
