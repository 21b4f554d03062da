#include "emulator/integrations/item_formats.h"

#include <csv.h>

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
  Json items = Json::array();
  for (size_t r = header_rows; r < rows.size(); ++r) {
    Json item = Json::object();
    // Extra fields are dropped; missing ones are empty strings.
    for (size_t i = 0; i < headers.size(); ++i) {
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
    if (!parsed->is_array()) return ReaderFailed("Attempting to map over non-iterable node.");
    Json items = std::move(parsed).value();
    LimitItems(items, config.max_items);
    return items;
  }
  return ReaderFailed("InputType '" + config.input_type +
                      "' is not supported by sfn-emulator's ItemReader (JSON, JSONL or CSV).");
}

void LimitItems(Json& items, int64_t max_items) {
  if (items.is_array() && static_cast<int64_t>(items.size()) > max_items) {
    items.erase(items.begin() + max_items, items.end());
  }
}

}  // namespace sfn::integrations
