#include "emulator/integrations/item_formats.h"

#include <csv.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <set>

namespace sfn::integrations {
namespace {

Failure ReaderFailed(std::string cause) { return Failure{kItemReaderFailed, std::move(cause)}; }

// libcsv's callbacks collect rows of fields until MaxItems rows were kept.
struct CsvRows {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  size_t wanted = 0;  // rows to keep (the header row included)
};

void OnField(void* data, size_t len, void* sink) {
  auto* rows = static_cast<CsvRows*>(sink);
  rows->row.emplace_back(data ? static_cast<const char*>(data) : "", data ? len : 0);
}

void OnRow(int, void* sink) {
  auto* rows = static_cast<CsvRows*>(sink);
  if (rows->rows.size() < rows->wanted) rows->rows.push_back(std::move(rows->row));
  rows->row.clear();
}

// Spaces are data in AWS's CSV items (" " stays " "): nothing is trimmed.
int NoSpace(unsigned char) { return 0; }

Outcome<std::vector<std::vector<std::string>>> ReadCsv(std::string_view body, char delimiter,
                                                       size_t wanted) {
  csv_parser parser;
  if (csv_init(&parser, 0) != 0) return ReaderFailed("The CSV parser could not start.");
  csv_set_delim(&parser, static_cast<unsigned char>(delimiter));
  csv_set_space_func(&parser, NoSpace);
  CsvRows rows;
  rows.wanted = wanted;
  // In slices, so reading stops soon after MaxItems rows.
  constexpr size_t kSlice = 64 * 1024;
  size_t at = 0;
  while (at < body.size() && rows.rows.size() < wanted) {
    size_t n = std::min(kSlice, body.size() - at);
    if (csv_parse(&parser, body.data() + at, n, OnField, OnRow, &rows) != n) {
      std::string why = csv_strerror(csv_error(&parser));
      csv_free(&parser);
      return ReaderFailed("The CSV file could not be read: " + why);
    }
    at += n;
  }
  csv_fini(&parser, OnField, OnRow, &rows);
  csv_free(&parser);
  return std::move(rows.rows);
}

// Java's String.hashCode: over the UTF-16 code units, in 32-bit arithmetic.
int32_t JavaStringHash(std::string_view utf8) {
  uint32_t h = 0;
  auto add = [&h](uint32_t unit) { h = 31 * h + unit; };
  for (size_t i = 0; i < utf8.size();) {
    auto byte = [&](size_t k) { return static_cast<unsigned char>(utf8[k]); };
    unsigned char b = byte(i);
    int extra = b < 0x80           ? 0
                : (b >> 5) == 0x6  ? 1
                : (b >> 4) == 0xE  ? 2
                : (b >> 3) == 0x1E ? 3
                                   : -1;
    bool valid = extra >= 0 && i + extra < utf8.size();
    for (int k = 1; valid && k <= extra; ++k) valid = (byte(i + k) >> 6) == 0x2;
    if (!valid) {
      add(b);  // not UTF-8: the byte as is
      ++i;
      continue;
    }
    uint32_t cp = extra == 0 ? b : b & (0x3F >> extra);
    for (int k = 1; k <= extra; ++k) cp = (cp << 6) | (byte(i + k) & 0x3F);
    i += extra + 1;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      add(0xD800 + (cp >> 10));
      add(0xDC00 + (cp & 0x3FF));
    } else {
      add(cp);
    }
  }
  return static_cast<int32_t>(h);
}

// The order in which a java.util.HashMap built by inserting `keys` one after
// another (default capacity 16, load factor 0.75) iterates them: by bucket
// (hash ^ hash >>> 16, masked by the capacity), insertion order within one.
// AWS's CSV items come out in this order: the recordings show headers
// "0,True,{}" giving {"0","{}","True"} and "H1," giving {"","H1"}.
std::vector<size_t> JavaHashMapOrder(const std::vector<std::string>& keys) {
  uint32_t capacity = 16;
  while (keys.size() > capacity / 4 * 3) capacity *= 2;
  std::vector<uint32_t> bucket(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    auto h = static_cast<uint32_t>(JavaStringHash(keys[i]));
    bucket[i] = (h ^ (h >> 16)) & (capacity - 1);
  }
  std::vector<size_t> order(keys.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return bucket[a] < bucket[b]; });
  return order;
}

Outcome<Json> CsvItems(std::string_view body, const ReaderConfig& config) {
  size_t header_rows = config.headers_first_row ? 1 : 0;
  size_t wanted = static_cast<size_t>(config.max_items) + header_rows;
  Outcome<std::vector<std::vector<std::string>>> read = ReadCsv(body, config.delimiter, wanted);
  if (!read.ok()) return read.failure();
  std::vector<std::vector<std::string>>& rows = read.value();
  std::vector<std::string> headers = config.headers;
  if (config.headers_first_row) {
    if (rows.empty()) return Json::array();
    headers = rows.front();
  }
  std::set<std::string> distinct(headers.begin(), headers.end());
  if (distinct.size() != headers.size()) {
    return ReaderFailed("CSV headers cannot contain duplicates.");
  }
  std::vector<size_t> order = JavaHashMapOrder(headers);
  Json items = Json::array();
  for (size_t r = header_rows; r < rows.size(); ++r) {
    Json item = Json::object();
    // Extra fields are dropped; missing ones are empty strings.
    for (size_t i : order) {
      item[headers[i]] = i < rows[r].size() ? rows[r][i] : std::string();
    }
    items.push_back(std::move(item));
  }
  return items;
}

Outcome<Json> JsonLinesItems(std::string_view body, int64_t max_items) {
  Json items = Json::array();
  size_t start = 0;
  int64_t line_number = 0;
  while (start < body.size() && static_cast<int64_t>(items.size()) < max_items) {
    size_t end = body.find('\n', start);
    std::string_view line = body.substr(start, end == std::string_view::npos ? end : end - start);
    start = end == std::string_view::npos ? body.size() : end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    Result<Json> item = ParseJson(line);
    if (!item.ok()) {
      return ReaderFailed("Line " + std::to_string(line_number) +
                          " of the JSON Lines file is not valid JSON: " + item.status().message());
    }
    items.push_back(std::move(item).value());
  }
  return items;
}

}  // namespace

Outcome<ReaderConfig> ParseReaderConfig(const Json& config) {
  ReaderConfig c;
  if (!config.is_object()) return c;
  c.input_type = config.value("InputType", "");
  c.manifest_type = config.value("ManifestType", "");
  if (auto pointer = config.find("ItemsPointer"); pointer != config.end()) {
    if (!pointer->is_string()) return ReaderFailed("ItemsPointer must be a string");
    c.items_pointer = pointer->get<std::string>();
  }
  if (!c.manifest_type.empty() && c.manifest_type != "S3_INVENTORY" &&
      c.manifest_type != "ATHENA_DATA") {
    return ReaderFailed("ManifestType must be S3_INVENTORY or ATHENA_DATA");
  }
  // Developer guide, "ItemReader (Map)": "If you specify ManifestType is
  // S3_INVENTORY then InputType cannot be specified."; InputType MANIFEST is
  // the older way to say S3_INVENTORY.
  if (c.manifest_type == "S3_INVENTORY" && !c.input_type.empty()) {
    return ReaderFailed("InputType cannot be specified when ManifestType is S3_INVENTORY");
  }
  if (c.input_type == "MANIFEST") {
    if (!c.manifest_type.empty()) {
      return ReaderFailed("InputType MANIFEST cannot be combined with a ManifestType");
    }
    c.manifest_type = "S3_INVENTORY";
    c.input_type.clear();
  }
  if (auto max = config.find("MaxItems"); max != config.end()) {
    if (!max->is_number_integer()) return ReaderFailed("field MaxItems must be an integer");
    int64_t n = max->get<int64_t>();
    if (n < 0) return ReaderFailed("field MaxItems must be positive");
    c.max_items = n == 0 || n > kMaxItemsLimit ? kMaxItemsLimit : n;
  }
  std::string location = config.value("CSVHeaderLocation", "FIRST_ROW");
  if (location != "FIRST_ROW" && location != "GIVEN") {
    return ReaderFailed("CSVHeaderLocation must be FIRST_ROW or GIVEN");
  }
  c.headers_first_row = location == "FIRST_ROW";
  if (!c.headers_first_row) {
    const Json& headers = config.value("CSVHeaders", Json::array());
    for (const Json& h : headers) {
      if (!h.is_string()) return ReaderFailed("CSVHeaders must be strings");
      c.headers.push_back(h.get<std::string>());
    }
  }
  std::string delimiter = config.value("CSVDelimiter", "COMMA");
  if (delimiter == "COMMA") {
    c.delimiter = ',';
  } else if (delimiter == "PIPE") {
    c.delimiter = '|';
  } else if (delimiter == "SEMICOLON") {
    c.delimiter = ';';
  } else if (delimiter == "SPACE") {
    c.delimiter = ' ';
  } else if (delimiter == "TAB") {
    c.delimiter = '\t';
  } else {
    return ReaderFailed("CSVDelimiter must be one of COMMA, PIPE, SEMICOLON, SPACE or TAB");
  }
  return c;
}

Outcome<Json> ParseItems(std::string_view body, const ReaderConfig& config) {
  if (config.input_type == "CSV") return CsvItems(body, config);
  if (config.input_type == "JSONL") return JsonLinesItems(body, config.max_items);
  if (config.input_type == "JSON") {
    Result<Json> parsed = ParseJson(body);
    if (!parsed.ok()) {
      return ReaderFailed("The JSON file could not be parsed: " + parsed.status().message());
    }
    Json items = std::move(parsed).value();
    if (!config.items_pointer.empty()) {
      // Developer guide, "ItemReader (Map)": ItemsPointer selects the node
      // holding the items in a nested JSON file.
      try {
        Json node = items.at(Json::json_pointer(config.items_pointer));
        items = std::move(node);
      } catch (const Json::exception&) {
        return ReaderFailed("The ItemsPointer '" + config.items_pointer +
                            "' does not point to a node of the JSON file.");
      }
    }
    if (!items.is_array()) return ReaderFailed("Attempting to map over non-iterable node.");
    LimitItems(items, config.max_items);
    return items;
  }
  if (config.input_type == "PARQUET") {
    return ReaderFailed(
        "InputType PARQUET is not supported by sfn-emulator (JSON, JSONL, CSV and "
        "the S3 inventory and Athena manifests are).");
  }
  return ReaderFailed("InputType '" + config.input_type +
                      "' is not one of CSV, JSON, JSONL, MANIFEST or PARQUET.");
}

void LimitItems(Json& items, int64_t max_items) {
  if (items.is_array() && static_cast<int64_t>(items.size()) > max_items) {
    items.erase(items.begin() + max_items, items.end());
  }
}

}  // namespace sfn::integrations
