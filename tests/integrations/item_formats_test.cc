// The items an ItemReader makes of an object's text, table-driven: JSON,
// JSON Lines and CSV as AWS's recorded cases show them (headers from the
// first row or given, extra fields dropped, missing ones empty, spaces kept,
// quoted fields, delimiters, MaxItems, keys in AWS's order), and its failures.
#include "emulator/integrations/item_formats.h"

#include <gtest/gtest.h>

namespace sfn::integrations {
namespace {

struct Case {
  const char* name;
  const char* config;  // ReaderConfig as JSON
  const char* body;
  const char* items;  // expected items as JSON, or null when it fails
  const char* cause;  // expected failure cause (when items is null)
};

const Case kCases[] = {
    {"json_array", R"({"InputType":"JSON"})", R"([{"a":1},2,"x"])", R"([{"a":1},2,"x"])", nullptr},
    {"json_max_items", R"({"InputType":"JSON","MaxItems":2})", "[1,2,3]", "[1,2]", nullptr},
    {"json_max_items_zero_is_all", R"({"InputType":"JSON","MaxItems":0})", "[1,2,3]", "[1,2,3]",
     nullptr},
    {"json_object", R"({"InputType":"JSON"})", R"({"Hello":"world"})", nullptr,
     "Attempting to map over non-iterable node."},
    {"json_items_pointer", R"({"InputType":"JSON","ItemsPointer":"/inventory/products"})",
     R"({"inventory":{"products":[{"a":1},{"b":2}]}})", R"([{"a":1},{"b":2}])", nullptr},
    {"json_items_pointer_to_an_object", R"({"InputType":"JSON","ItemsPointer":"/inventory"})",
     R"({"inventory":{"products":[]}})", nullptr, "Attempting to map over non-iterable node."},
    {"json_items_pointer_nowhere", R"({"InputType":"JSON","ItemsPointer":"/nope"})", R"({})",
     nullptr, "The ItemsPointer '/nope' does not point to a node of the JSON file."},
    {"json_items_pointer_malformed", R"({"InputType":"JSON","ItemsPointer":"nope"})", R"({})",
     nullptr, "The ItemsPointer 'nope' does not point to a node of the JSON file."},
    {"json_lines", R"({"InputType":"JSONL"})", "{\"a\":1}\r\n\n[2]\n\"s\"", R"([{"a":1},[2],"s"])",
     nullptr},
    {"json_lines_max", R"({"InputType":"JSONL","MaxItems":1})", "1\nnot json", "[1]", nullptr},
    {"csv_first_row", R"({"InputType":"CSV","CSVHeaderLocation":"FIRST_ROW"})",
     "Col1,Col2,Col3\nValue1,Value2,Value3\n,,,\ntrue,1,'HelloWorld'\nNull,None,\n   \n",
     R"([{"Col1":"Value1","Col2":"Value2","Col3":"Value3"},{"Col1":"","Col2":"","Col3":""},)"
     R"({"Col1":"true","Col2":"1","Col3":"'HelloWorld'"},{"Col1":"Null","Col2":"None","Col3":""},)"
     R"({"Col1":"   ","Col2":"","Col3":""}])",
     nullptr},
    {"csv_first_row_empty_header", R"({"InputType":"CSV"})", "H1,\nValue4,Value5,Value6\n",
     R"([{"":"Value5","H1":"Value4"}])", nullptr},
    // Keys in java.util.HashMap's order, as AWS gives them (recorded:
    // test_map_item_reader_csv_headers_first_row_typed_headers).
    {"csv_keys_in_java_hash_map_order", R"({"InputType":"CSV"})",
     "0,True,{}\nValue4,Value5,Value6\n", R"([{"0":"Value4","{}":"Value6","True":"Value5"}])",
     nullptr},
    {"csv_keys_beyond_one_table", R"({"InputType":"CSV"})",
     "k0,k1,k2,k3,k4,k5,k6,k7,k8,k9,k10,k11,k12\n0,1,2,3,4,5,6,7,8,9,10,11,12\n",
     R"([{"k0":"0","k1":"1","k2":"2","k3":"3","k4":"4","k5":"5","k11":"11","k6":"6","k10":"10",)"
     R"("k7":"7","k8":"8","k12":"12","k9":"9"}])",
     nullptr},
    {"csv_non_ascii_keys", R"({"InputType":"CSV"})", "\xc3\xa9,\xf0\x9f\x98\x80,b\n1,2,3\n",
     "[{\"b\":\"3\",\"\xf0\x9f\x98\x80\":\"2\",\"\xc3\xa9\":\"1\"}]", nullptr},
    {"csv_given", R"({"InputType":"CSV","CSVHeaderLocation":"GIVEN","CSVHeaders":["H1"]})",
     "a,b\nc\n", R"([{"H1":"a"},{"H1":"c"}])", nullptr},
    {"csv_quoted", R"({"InputType":"CSV"})", "a,b\n\"x, y\",\"say \"\"hi\"\"\"\n",
     R"([{"a":"x, y","b":"say \"hi\""}])", nullptr},
    {"csv_tab_max_items", R"({"InputType":"CSV","CSVDelimiter":"TAB","MaxItems":1})",
     "a\tb\n1\t2\n3\t4\n", R"([{"a":"1","b":"2"}])", nullptr},
    {"csv_duplicate_headers",
     R"({"InputType":"CSV","CSVHeaderLocation":"GIVEN","CSVHeaders":["H1","H1"]})", "a,b\n",
     nullptr, "CSV headers cannot contain duplicates."},
    {"negative_max_items", R"({"InputType":"JSON","MaxItems":-1})", "[]", nullptr,
     "field MaxItems must be positive"},
    {"bad_delimiter", R"({"InputType":"CSV","CSVDelimiter":"COLON"})", "", nullptr,
     "CSVDelimiter must be one of COMMA, PIPE, SEMICOLON, SPACE or TAB"},
};

class ItemFormats : public testing::TestWithParam<Case> {};

TEST_P(ItemFormats, Parses) {
  const Case& c = GetParam();
  Outcome<ReaderConfig> config = ParseReaderConfig(ParseJson(c.config).value());
  Outcome<Json> items =
      config.ok() ? ParseItems(c.body, config.value()) : Outcome<Json>(config.failure());
  if (c.items == nullptr) {
    ASSERT_FALSE(items.ok());
    EXPECT_EQ(kItemReaderFailed, items.failure().error);
    EXPECT_EQ(c.cause, items.failure().cause);
    return;
  }
  ASSERT_TRUE(items.ok()) << items.failure().cause;
  // As text: the order of an item's keys is part of what AWS gives.
  EXPECT_EQ(DumpJson(ParseJson(c.items).value()), DumpJson(items.value()));
}

INSTANTIATE_TEST_SUITE_P(Cases, ItemFormats, testing::ValuesIn(kCases),
                         [](const testing::TestParamInfo<Case>& info) { return info.param.name; });

TEST(ItemFormats, MaxItemsAboveTheLimitIsTheLimit) {
  Outcome<ReaderConfig> c =
      ParseReaderConfig(ParseJson(R"({"InputType":"CSV","MaxItems":100000001})").value());
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(kMaxItemsLimit, c.value().max_items);
}

}  // namespace
}  // namespace sfn::integrations
