#include "emulator/core/names.h"

#include <gtest/gtest.h>

#include "emulator/core/text.h"

namespace sfn {
namespace {

std::string Repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

TEST(TextTest, Utf16Length) {
  EXPECT_EQ(Utf16Length("abc"), 3u);
  EXPECT_EQ(Utf16Length("\303\251"), 1u);          // é
  EXPECT_EQ(Utf16Length("\342\202\254"), 1u);      // €
  EXPECT_EQ(Utf16Length("\360\237\230\200"), 2u);  // 😀, a surrogate pair
  EXPECT_EQ(Utf16Length("\377a"), 2u);             // one unit per broken byte
}

TEST(TextTest, DecodeRejectsWhatIsNotUtf8) {
  EXPECT_TRUE(DecodeUtf8("h\303\251").has_value());
  EXPECT_FALSE(DecodeUtf8("\300\257").has_value());          // overlong '/'
  EXPECT_FALSE(DecodeUtf8("\355\240\200").has_value());      // an encoded surrogate
  EXPECT_FALSE(DecodeUtf8("\364\220\200\200").has_value());  // above U+10FFFF
  EXPECT_FALSE(DecodeUtf8("\342\202").has_value());          // cut short
}

// Step Functions resource names (state machines, executions, activities):
// AWS's rule by code point.
TEST(NamesTest, ResourceNamesByCodePoint) {
  for (const std::string& ok :
       {std::string("a"), std::string("order-flow_1"), std::string("a.b"),
        std::string("\303\234n\303\257code"), std::string("\346\227\245\346\234\254"),
        std::string("\302\241"),      // U+00A1, just past the C1 controls
        std::string("\357\277\275"),  // U+FFFD
        std::string(80, 'x'), Repeat("\303\251", 80)}) {
    for (NameKind kind : {NameKind::kStateMachine, NameKind::kExecution, NameKind::kActivity}) {
      EXPECT_TRUE(CheckName(kind, ok).ok()) << ok;
    }
  }
  for (const std::string& bad : {
           std::string("has space"),
           std::string("tab\there"),
           std::string("a\nb"),
           std::string("a:b"),
           std::string("a/b"),
           std::string("a*b"),
           std::string("a?b"),
           std::string("a\"b"),
           std::string("a#b"),
           std::string("a{b"),
           std::string("a<b"),
           std::string("a%b"),
           std::string("a\\b"),
           std::string("a^b"),
           std::string("a|b"),
           std::string("a~b"),
           std::string("a`b"),
           std::string("a$b"),
           std::string("a&b"),
           std::string("a,b"),
           std::string("a;b"),
           std::string("a]b"),
           std::string("a\001b"),
           std::string("a\177b"),
           std::string("a\302\200b"),          // U+0080, a C1 control character
           std::string("a\302\237b"),          // U+009F
           std::string("a\302\205b"),          // U+0085 (NEL)
           std::string("a\302\240b"),          // U+00A0, white space
           std::string("a\342\200\203b"),      // U+2003 EM SPACE
           std::string("a\343\200\200b"),      // U+3000 IDEOGRAPHIC SPACE
           std::string("a\357\277\276b"),      // U+FFFE
           std::string("a\357\277\277b"),      // U+FFFF
           std::string("a\364\217\277\277b"),  // U+10FFFF
           std::string("a\355\240\200b"),      // an encoded surrogate
           std::string("a\377b"),              // not UTF-8
       }) {
    Status s = CheckName(NameKind::kStateMachine, bad);
    EXPECT_EQ(s.code(), ErrorCode::kInvalidName) << bad;
    EXPECT_EQ(s.message(), "Invalid Name: '" + bad + "'");
  }
}

TEST(NamesTest, LengthsInUtf16Units) {
  Status too_long = CheckName(NameKind::kExecution, std::string(81, 'x'));
  EXPECT_EQ(too_long.code(), ErrorCode::kValidationException);
  EXPECT_EQ(too_long.message(), "1 validation error detected: Value '" + std::string(81, 'x') +
                                    "' at 'name' failed to satisfy constraint: Member must have "
                                    "length less than or equal to 80");
  // 40 characters outside the BMP are 80 UTF-16 units; 41 are too many.
  EXPECT_TRUE(CheckName(NameKind::kStateMachine, Repeat("\360\237\230\200", 40)).ok());
  EXPECT_EQ(CheckName(NameKind::kStateMachine, Repeat("\360\237\230\200", 41)).code(),
            ErrorCode::kValidationException);
  EXPECT_EQ(CheckName(NameKind::kStateMachine, "").code(), ErrorCode::kValidationException);
}

TEST(NamesTest, PatternKinds) {
  struct Case {
    NameKind kind;
    const char* name;
    bool ok;
  };
  for (const Case& c : std::initializer_list<Case>{
           {NameKind::kStateMachineAlias, "prod", true},
           {NameKind::kStateMachineAlias, "v1.2-blue_green", true},
           {NameKind::kStateMachineAlias, "123", false},
           {NameKind::kStateMachineAlias, "INVALID ALIAS", false},
           {NameKind::kStateMachineAlias, "ALIAS@", false},
           {NameKind::kStateMachineAlias, "\303\251t\303\251", false},
           {NameKind::kLambdaFunction, "greet-1_a", true},
           {NameKind::kLambdaFunction, "greet.1", false},
           {NameKind::kLambdaAlias, "live", true},
           {NameKind::kLambdaAlias, "42", false},
           {NameKind::kLambdaAlias, "a.b", false},
       }) {
    Status s = CheckName(c.kind, c.name);
    EXPECT_EQ(s.ok(), c.ok) << c.name;
    if (!c.ok) {
      EXPECT_EQ(s.code(), ErrorCode::kValidationException) << c.name;
      EXPECT_NE(s.message().find("Member must satisfy regular expression pattern: " +
                                 std::string(RuleFor(c.kind).pattern)),
                std::string::npos)
          << s.message();
    }
  }
  EXPECT_EQ(CheckName(NameKind::kLambdaFunction, std::string(65, 'f')).code(),
            ErrorCode::kValidationException);
  EXPECT_TRUE(CheckName(NameKind::kLambdaAlias, std::string(128, 'a')).ok());
}

TEST(NamesTest, MapRunLabels) {
  EXPECT_TRUE(CheckName(NameKind::kMapRunLabel, "process-items").ok());
  EXPECT_TRUE(CheckName(NameKind::kMapRunLabel, std::string(40, 'l')).ok());
  EXPECT_FALSE(CheckName(NameKind::kMapRunLabel, std::string(41, 'l')).ok());
  for (const char* bad : {"a b", "a:b", "a*b", "a{b", "a\001", "a\302\200"}) {
    EXPECT_FALSE(HasValidCharacters(NameKind::kMapRunLabel, bad)) << bad;
  }
}

}  // namespace
}  // namespace sfn
