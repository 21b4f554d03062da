// The Lambda data model (DESIGN.md, "Lambda: versioned local functions").
//
// A function has one mutable `$LATEST` and immutable published versions
// "1", "2", ... (each a FunctionVersion snapshot of code and configuration),
// plus aliases naming one version, optionally with a second weighted one
// (RoutingConfig.AdditionalVersionWeights). Plain values; thread-safe as any
// value is.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "emulator/core/json.h"

namespace sfn::lambda {

inline constexpr char kLatest[] = "$LATEST";

// One version of a function: `$LATEST` or a published number.
struct FunctionVersion {
  std::string function_name;
  std::string version = kLatest;
  std::string runtime;      // "python3.12", "nodejs20.x", "provided.al2023", ...
  std::string handler;      // "app.handler"
  std::string role;
  std::string description;
  int timeout = 3;          // seconds (AWS default)
  int memory_size = 128;    // MB (AWS default)
  Json environment = Json::object();  // Environment.Variables
  std::string code_sha256;  // base64 of the SHA-256 of the zip, as AWS reports it
  int64_t code_size = 0;
  std::string code_dir;     // where the zip is unpacked (immutable per sha)
  std::string revision_id;
  std::string last_modified;  // "2026-01-01T00:00:00.000+0000"
  // The configuration members a caller sets that the emulator keeps and
  // returns without acting on them (lambda/settings.h): Architectures,
  // EphemeralStorage, TracingConfig, LoggingConfig, ...; absent ones have
  // AWS's defaults.
  Json settings = Json::object();
};

// The function itself: the version counter (numbers are never reused, even
// after a version is deleted) and its tags.
struct FunctionRecord {
  std::string name;
  int64_t last_version = 0;
  // The RevisionId $LATEST had when the last version was published: while
  // $LATEST keeps it, PublishVersion returns that version instead of a new one.
  std::string published_revision;
  std::map<std::string, std::string> tags;
  int64_t created_ms = 0;
};

struct AliasRecord {
  std::string function_name;
  std::string name;
  std::string function_version;
  std::string description;
  std::map<std::string, double> additional_weights;  // version -> weight in [0, 1]
  std::string revision_id;
};

}  // namespace sfn::lambda
