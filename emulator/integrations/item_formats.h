// The items a distributed Map's ItemReader makes of what it read (Step
// Functions developer guide, "ItemReader (Map)" and "Parsing input CSV
// files"): a JSON array, JSON Lines, CSV with its header row or the headers
// given in ReaderConfig, with the delimiters AWS offers, at most MaxItems of
// them. Failures are States.ItemReaderFailed with AWS's causes where
// recordings show them ("Attempting to map over non-iterable node.", "CSV
// headers cannot contain duplicates.", "field MaxItems must be positive").
//
// CSV is parsed by libcsv (RFC 4180 quoting). Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/core/failure.h"
#include "emulator/core/json.h"

namespace sfn::integrations {

inline constexpr char kItemReaderFailed[] = "States.ItemReaderFailed";
// AWS's limit on MaxItems ("ReaderConfig": up to 100,000,000); 0 means it.
inline constexpr int64_t kMaxItemsLimit = 100'000'000;

struct ReaderConfig {
  std::string input_type;  // JSON, JSONL, CSV, PARQUET (empty: none given)
  // S3_INVENTORY (also for InputType MANIFEST) or ATHENA_DATA: the object is
  // a manifest naming the data objects (item_manifests.h); empty otherwise.
  std::string manifest_type;
  bool headers_first_row = true;     // CSVHeaderLocation FIRST_ROW, else GIVEN
  std::vector<std::string> headers;  // CSVHeaders (GIVEN)
  char delimiter = ',';              // CSVDelimiter COMMA, PIPE, SEMICOLON, SPACE, TAB
  int64_t max_items = kMaxItemsLimit;
  // ItemsPointer (InputType JSON): a JSON Pointer (RFC 6901) to the array
  // inside the file; empty: the file's top level.
  std::string items_pointer;
};

// ReaderConfig as written (MaxItems already resolved from MaxItemsPath).
Outcome<ReaderConfig> ParseReaderConfig(const Json& config);

// The items of one object's text.
Outcome<Json> ParseItems(std::string_view body, const ReaderConfig& config);

// Items after the MaxItems limit (e.g. a listing).
void LimitItems(Json& items, int64_t max_items);

}  // namespace sfn::integrations
