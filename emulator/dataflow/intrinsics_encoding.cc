// States.Base64Encode, Base64Decode, Hash.

#include <string>
#include <string_view>
#include <utility>

#include "emulator/core/base64.h"
#include "emulator/core/hash.h"
#include "emulator/dataflow/intrinsics_internal.h"

namespace sfn::dataflow {
namespace {

constexpr size_t kMaxInputChars = 10000;

// States.Hash's algorithm names (States Language, "Intrinsic functions").
constexpr std::pair<std::string_view, HashAlgorithm> kAlgorithms[] = {
    {"MD5", HashAlgorithm::kMd5},        {"SHA-1", HashAlgorithm::kSha1},
    {"SHA-256", HashAlgorithm::kSha256}, {"SHA-384", HashAlgorithm::kSha384},
    {"SHA-512", HashAlgorithm::kSha512},
};

std::string Quoted(const Json& value) { return "'" + DumpJson(value) + "'"; }

Outcome<Json> CheckStringInput(CallArgs& args, const Json& value) {
  if (!value.is_string()) {
    return InvalidArgument(args.call, "expected a string but got " + Quoted(value));
  }
  if (value.get_ref<const std::string&>().size() > kMaxInputChars) {
    return InvalidArgument(args.call, "the input exceeds the maximum of " +
                                          std::to_string(kMaxInputChars) + " characters");
  }
  return Json();
}

}  // namespace

Outcome<Json> FnBase64Encode(CallArgs& args) {
  auto check = CheckStringInput(args, args.values[0]);
  if (!check.ok()) return check;
  return Json(Base64Encode(args.values[0].get<std::string>()));
}

Outcome<Json> FnBase64Decode(CallArgs& args) {
  auto check = CheckStringInput(args, args.values[0]);
  if (!check.ok()) return check;
  std::optional<std::string> out = Base64Decode(args.values[0].get_ref<const std::string&>());
  if (!out) {
    return InvalidArgument(args.call,
                           "the input " + Quoted(args.values[0]) + " is not a valid Base64 string");
  }
  return Json(std::move(*out));
}

Outcome<Json> FnHash(CallArgs& args) {
  auto check = CheckStringInput(args, args.values[0]);
  if (!check.ok()) return check;
  const Json& algorithm = args.values[1];
  const std::string& data = args.values[0].get_ref<const std::string&>();
  if (algorithm.is_string()) {
    const auto& name = algorithm.get_ref<const std::string&>();
    for (const auto& [known, id] : kAlgorithms) {
      if (name == known) return Json(DigestHex(id, data));
    }
  }
  return InvalidArgument(args.call, "the hash algorithm " + Quoted(algorithm) +
                                        " is not one of MD5, SHA-1, SHA-256, SHA-384, SHA-512");
}

}  // namespace sfn::dataflow
