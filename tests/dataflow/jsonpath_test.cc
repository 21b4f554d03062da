#include "emulator/dataflow/jsonpath.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sfn::dataflow {
namespace {

Json J(const char* text) { return Json::parse(text); }

const char* kStore = R"({
  "store": {
    "book": [
      {"category": "reference", "author": "Nigel Rees", "title": "Sayings", "price": 8.95},
      {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword", "price": 12.99},
      {"category": "fiction", "author": "Herman Melville", "title": "Moby Dick",
       "isbn": "0-553-21311-3", "price": 8.99},
      {"category": "fiction", "author": "J. R. R. Tolkien", "title": "The Lord",
       "isbn": "0-395-19395-8", "price": 22.99}
    ],
    "bicycle": {"color": "red", "price": 19.95}
  },
  "users": [
    {"name": "a", "status": 0, "age": 30},
    {"name": "b", "status": 1, "age": 17},
    {"name": "c", "status": 0, "age": 45, "admin": true}
  ],
  "a b": {"c-d": 5},
  "n": null,
  "int": 1,
  "float": 1.5,
  "arr": [0, 1, 2, 3, 4, 5]
})";

struct EvalCase {
  const char* path;
  const char* expected;  // JSON text, or nullptr when nothing matches
};

class JsonPathEvalTest : public ::testing::TestWithParam<EvalCase> {};

TEST_P(JsonPathEvalTest, Evaluates) {
  const auto& c = GetParam();
  auto path = JsonPath::Compile(c.path);
  ASSERT_TRUE(path.ok()) << path.status().ToString();
  auto value = path->Evaluate(J(kStore)).value();
  if (c.expected == nullptr) {
    EXPECT_FALSE(value.has_value()) << DumpJson(*value);
  } else {
    ASSERT_TRUE(value.has_value());
    EXPECT_EQ(DumpJson(*value), DumpJson(J(c.expected)));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Paths, JsonPathEvalTest,
    ::testing::Values(
        EvalCase{"$.int", "1"}, EvalCase{"$.float", "1.5"}, EvalCase{"$.n", "null"},
        EvalCase{"$.missing", nullptr}, EvalCase{"$.int.deeper", nullptr},
        EvalCase{"$.store.bicycle.color", R"("red")"},
        EvalCase{"$['store']['bicycle']['color']", R"("red")"},
        EvalCase{"$[\"store\"].bicycle", R"({"color":"red","price":19.95})"},
        EvalCase{"$['a b']['c-d']", "5"}, EvalCase{"$.arr[0]", "0"}, EvalCase{"$.arr[-1]", "5"},
        EvalCase{"$.arr[-6]", "0"}, EvalCase{"$.arr[6]", nullptr}, EvalCase{"$.arr[-7]", nullptr},
        EvalCase{"$.arr[1:]", "[1,2,3,4,5]"}, EvalCase{"$.arr[:1]", "[0]"},
        EvalCase{"$.arr[1:3]", "[1,2]"}, EvalCase{"$.arr[-2:]", "[4,5]"},
        EvalCase{"$.arr[::2]", "[0,2,4]"}, EvalCase{"$.arr[10:]", "[]"},
        EvalCase{"$.arr[0,2,-1]", "[0,2,5]"}, EvalCase{"$.arr[*]", "[0,1,2,3,4,5]"},
        EvalCase{"$.store.bicycle[*]", R"(["red",19.95])"},
        EvalCase{"$.store.bicycle.*", R"(["red",19.95])"},
        EvalCase{"$.store.book[*].author",
                 R"(["Nigel Rees","Evelyn Waugh","Herman Melville","J. R. R. Tolkien"])"},
        EvalCase{"$..isbn", R"(["0-553-21311-3","0-395-19395-8"])"},
        EvalCase{"$..bicycle.color", R"(["red"])"},
        EvalCase{"$.store..price", "[8.95,12.99,8.99,22.99,19.95]"},
        EvalCase{"$.store.book[?(@.isbn)].title", R"(["Moby Dick","The Lord"])"},
        EvalCase{"$.store.book[?(@.price < 10)].title", R"(["Sayings","Moby Dick"])"},
        EvalCase{"$.store.book[?(@.price <= 8.99)].title", R"(["Sayings","Moby Dick"])"},
        EvalCase{"$.store.book[?(@.category == 'reference')].author", R"(["Nigel Rees"])"},
        EvalCase{"$.store.book[?(@.category != \"fiction\")].author", R"(["Nigel Rees"])"},
        EvalCase{"$.users[?(@.status == 0)].name", R"(["a","c"])"},
        EvalCase{"$.users[?(@.status == 0 && @.age > 40)].name", R"(["c"])"},
        EvalCase{"$.users[?(@.age < 18 || @.admin == true)].name", R"(["b","c"])"},
        EvalCase{"$.users[?(@.age >= 30)].name", R"(["a","c"])"},
        EvalCase{"$.users[?(!(@.admin))].name", R"(["a","b"])"},
        EvalCase{"$.users[?(@.status == '0')].name", "[]"},
        EvalCase{"$.users[?(@.name > 'a')].name", R"(["b","c"])"},
        EvalCase{"$.users[?(@.age > $.int)].name", R"(["a","b","c"])"},
        EvalCase{"$.users[?(@.missing)]", "[]"},
        EvalCase{"$.store['bicycle','missing']", R"([{"color":"red","price":19.95}])"},
        EvalCase{"$.nothing[*]", "[]"}, EvalCase{"$.nothing..x", "[]"}));

TEST(JsonPathTest, RootReturnsWholeDocument) {
  auto path = JsonPath::Compile("$");
  ASSERT_TRUE(path.ok());
  Json doc = J(kStore);
  EXPECT_EQ(*path->Evaluate(doc).value(), doc);
  EXPECT_TRUE(path->IsDefinite());
  EXPECT_FALSE(path->IsContextPath());
}

TEST(JsonPathTest, IntegersStayIntegers) {
  auto path = JsonPath::Compile("$.a");
  // By reference: a copy of the optional out of the temporary Result makes
  // GCC 12 warn (-Wmaybe-uninitialized, a false positive) under -Werror.
  auto result = path->Evaluate(J(R"({"a": 1, "b": 1.0})"));
  ASSERT_TRUE(result.ok());
  const auto& value = result.value();
  ASSERT_TRUE(value.has_value());
  EXPECT_TRUE(value->is_number_integer());
  EXPECT_EQ(DumpJson(*JsonPath::Compile("$.b")->Evaluate(J(R"({"b": 1.0})")).value()), "1.0");
}

TEST(JsonPathTest, KeyOrderIsKept) {
  auto path = JsonPath::Compile("$.o");
  auto value = path->Evaluate(J(R"({"o": {"z": 1, "a": 2, "m": 3}})")).value();
  EXPECT_EQ(DumpJson(*value), R"({"z":1,"a":2,"m":3})");
}

TEST(JsonPathTest, ContextPaths) {
  auto path = JsonPath::Compile("$$.Execution.Id");
  ASSERT_TRUE(path.ok());
  EXPECT_TRUE(path->IsContextPath());
  EXPECT_EQ(*path->Evaluate(J(R"({"Execution": {"Id": "x"}})")).value(), "x");
  EXPECT_TRUE(JsonPath::Compile("$$")->IsContextPath());
  EXPECT_TRUE(JsonPath::Compile("$$['Map']")->IsContextPath());
  EXPECT_FALSE(JsonPath::Compile("$.x")->IsContextPath());
}

struct DefiniteCase {
  const char* path;
  bool definite;
};

class JsonPathDefiniteTest : public ::testing::TestWithParam<DefiniteCase> {};

TEST_P(JsonPathDefiniteTest, Classifies) {
  auto path = JsonPath::Compile(GetParam().path);
  ASSERT_TRUE(path.ok()) << GetParam().path;
  EXPECT_EQ(path->IsDefinite(), GetParam().definite) << GetParam().path;
}

INSTANTIATE_TEST_SUITE_P(
    Paths, JsonPathDefiniteTest,
    ::testing::Values(DefiniteCase{"$", true}, DefiniteCase{"$.a.b", true},
                      DefiniteCase{"$.a[0]", true}, DefiniteCase{"$.a[-1]", true},
                      DefiniteCase{"$['a']", true}, DefiniteCase{"$.a[*]", false},
                      DefiniteCase{"$.*", false}, DefiniteCase{"$..a", false},
                      DefiniteCase{"$.a[0,1]", false}, DefiniteCase{"$['a','b']", false},
                      DefiniteCase{"$.a[1:]", false}, DefiniteCase{"$.a[?(@.x)]", false}));

class JsonPathInvalidTest : public ::testing::TestWithParam<const char*> {};

TEST_P(JsonPathInvalidTest, Rejects) {
  auto path = JsonPath::Compile(GetParam());
  ASSERT_FALSE(path.ok()) << GetParam();
  EXPECT_EQ(path.status().code(), ErrorCode::kInvalidDefinition);
  EXPECT_NE(path.status().message().find(GetParam()), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Paths, JsonPathInvalidTest,
                         ::testing::Values("", "a", "x.$", "$a", "$.", "$..", "$.a.", "$[", "$[0",
                                           "$['a'", "$['a]", "$[abc]", "$.a[?(@.x ==)]",
                                           "$.a[?@.x]", "$.a[::0]", " $.a", "$.a]"));

TEST(JsonPathTest, BackslashInQuotedNameIsLiteralUnlessItEscapesTheQuote) {
  // From the ESCAPE_SEQUENCES_JSONPATH conformance case.
  Json doc = J(R"({"Test\\\"\"Name\"": "Value\"\\", "it's": 1})");
  auto path = JsonPath::Compile(R"($['Test\""Name"'])");
  ASSERT_TRUE(path.ok());
  EXPECT_EQ(*path->Evaluate(doc).value(), "Value\"\\");
  EXPECT_EQ(*JsonPath::Compile(R"($['it\'s'])")->Evaluate(doc).value(), 1);
}

TEST(JsonPathTest, FilterEqualityIgnoresKeyOrder) {
  Json doc = J(R"({"l": [{"o": {"a": 1, "b": 2}}, {"o": {"a": 2}}]})");
  auto path = JsonPath::Compile("$.l[?(@.o.a == 1)].o.b");
  EXPECT_EQ(DumpJson(*path->Evaluate(doc).value()), "[2]");
}

TEST(JsonPathTest, NormalizedForm) {
  EXPECT_EQ(JsonPath::Compile("$.a.b[0]")->Normalized(), "$['a']['b'][0]");
  EXPECT_EQ(JsonPath::Compile("$['x y']")->Normalized(), "$['x y']");
  EXPECT_EQ(JsonPath::Compile("$")->Normalized(), "$");
}

struct AssignCase {
  const char* path;
  const char* input;
  const char* value;
  const char* expected;  // nullptr: cannot assign
};

class JsonPathAssignTest : public ::testing::TestWithParam<AssignCase> {};

TEST_P(JsonPathAssignTest, Assigns) {
  const auto& c = GetParam();
  auto path = JsonPath::Compile(c.path);
  ASSERT_TRUE(path.ok());
  Json doc = J(c.input);
  bool ok = path->Assign(doc, J(c.value));
  if (c.expected == nullptr) {
    EXPECT_FALSE(ok);
  } else {
    ASSERT_TRUE(ok);
    EXPECT_EQ(DumpJson(doc), DumpJson(J(c.expected)));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Paths, JsonPathAssignTest,
    ::testing::Values(AssignCase{"$", R"({"a":1})", "2", "2"},
                      AssignCase{"$.r", R"({"a":1})", "2", R"({"a":1,"r":2})"},
                      AssignCase{"$.a", R"({"a":1,"b":2})", "3", R"({"a":3,"b":2})"},
                      AssignCase{"$.x.y.z", "{}", "true", R"({"x":{"y":{"z":true}}})"},
                      AssignCase{"$.x.y", R"({"x":{"k":1}})", "2", R"({"x":{"k":1,"y":2}})"},
                      AssignCase{"$['a b']", "{}", "1", R"({"a b":1})"},
                      AssignCase{"$.l[1]", R"({"l":[1,2]})", "9", R"({"l":[1,9]})"},
                      AssignCase{"$.l[-1].k", R"({"l":[{}]})", "9", R"({"l":[{"k":9}]})"},
                      AssignCase{"$.l[5]", R"({"l":[1,2]})", "9", nullptr},
                      AssignCase{"$.a", R"("text")", "1", nullptr},
                      AssignCase{"$.a.b", R"({"a":"text"})", "1", nullptr},
                      AssignCase{"$.a[*]", R"({"a":[1]})", "1", nullptr}));

}  // namespace
}  // namespace sfn::dataflow

namespace sfn::dataflow {
namespace {

// Issue 14: evaluation is bounded in time and memory, whatever the document.
Json DeepObject(int depth, const std::string& key = "a") {
  Json doc = "leaf";
  for (int i = 0; i < depth; ++i) doc = Json{{key, std::move(doc)}};
  return doc;
}

TEST(JsonPathLimitsTest, DeepScanOverADeepDocumentFailsInsteadOfCopyingEverySubtree) {
  // `$..*` selects every subtree: copies grow with the square of the depth.
  // As deep as a state's input may be (kMaxJsonDepth: deeper documents never
  // reach a path, and copying one would test the stack, not the budget: it
  // overflows under ASan), with keys long enough that the copies pass the
  // budget.
  Json doc = DeepObject(kMaxJsonDepth, std::string(64, 'k'));
  auto path = JsonPath::Compile("$..*");
  ASSERT_TRUE(path.ok());
  auto value = path->Evaluate(doc);
  ASSERT_FALSE(value.ok());
  EXPECT_EQ(value.failure().error, "States.DataLimitExceeded");
  EXPECT_EQ(value.failure().cause,
            "The JSONPath '$..*' selects more data than the maximum number of bytes service "
            "limit allows.");
}

TEST(JsonPathLimitsTest, DeepScanOfAModestDocumentStillWorks) {
  Json doc = DeepObject(500);
  auto value = JsonPath::Compile("$..a")->Evaluate(doc);
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(value.value()->size(), 500u);
}

TEST(JsonPathLimitsTest, LongDefinitePathsWalkOnce) {
  std::string text = "$";
  for (int i = 0; i < 50000; ++i) text += ".a";
  auto path = JsonPath::Compile(text);
  ASSERT_TRUE(path.ok());
  Json doc = DeepObject(3);
  EXPECT_FALSE(path->Evaluate(doc).value().has_value());
  EXPECT_EQ(path->size(), 50000u);
  EXPECT_EQ(path->MatchedSteps(doc), 3u);
  EXPECT_EQ(path->NormalizedPrefix(4), "$['a']['a']['a']['a']");
}

TEST(JsonPathLimitsTest, FiltersNestOnlySoDeep) {
  std::string nested = "$[?(";
  for (int i = 0; i < 1000; ++i) nested += "(";
  nested += "@.a";
  for (int i = 0; i < 1000; ++i) nested += ")";
  nested += ")]";
  EXPECT_FALSE(JsonPath::Compile(nested).ok());
  std::string negated = "$[?(" + std::string(100000, '!') + "@.a)]";
  EXPECT_FALSE(JsonPath::Compile(negated).ok());
  std::string chain = "$[?(@.a";
  for (int i = 0; i < 100000; ++i) chain += " && @.a";
  chain += ")]";
  EXPECT_FALSE(JsonPath::Compile(chain).ok());
  EXPECT_TRUE(JsonPath::Compile("$[?(((@.a > 1)) && !(@.b == 2) || @.c)]").ok());
}

}  // namespace
}  // namespace sfn::dataflow
