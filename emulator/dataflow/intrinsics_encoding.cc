// States.Base64Encode, Base64Decode, Hash.

#include <string>
#include <utility>

#include "emulator/dataflow/hash.h"
#include "emulator/dataflow/intrinsics_internal.h"

namespace sfn::dataflow {
namespace {

constexpr size_t kMaxInputChars = 10000;
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Quoted(const Json& value) { return "'" + DumpJson(value) + "'"; }

std::string Base64Encode(const std::string& in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t n = (uint32_t{static_cast<unsigned char>(in[i])} << 16) |
                 (uint32_t{static_cast<unsigned char>(in[i + 1])} << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  size_t rest = in.size() - i;
  if (rest > 0) {
    uint32_t n = uint32_t{static_cast<unsigned char>(in[i])} << 16;
    if (rest == 2) n |= uint32_t{static_cast<unsigned char>(in[i + 1])} << 8;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += rest == 2 ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

bool Base64Decode(const std::string& in, std::string& out) {
  if (in.size() % 4 != 0) return false;
  for (size_t i = 0; i < in.size(); i += 4) {
    int v[4];
    int pad = 0;
    for (int j = 0; j < 4; ++j) {
      char c = in[i + static_cast<size_t>(j)];
      if (c == '=' && i + 4 == in.size() && j >= 2) {
        v[j] = 0;
        ++pad;
        continue;
      }
      if (pad > 0) return false;
      v[j] = Base64Value(c);
      if (v[j] < 0) return false;
    }
    uint32_t n =
        (uint32_t(v[0]) << 18) | (uint32_t(v[1]) << 12) | (uint32_t(v[2]) << 6) | uint32_t(v[3]);
    out += static_cast<char>((n >> 16) & 0xFF);
    if (pad < 2) out += static_cast<char>((n >> 8) & 0xFF);
    if (pad < 1) out += static_cast<char>(n & 0xFF);
  }
  return true;
}

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
  std::string out;
  if (!Base64Decode(args.values[0].get<std::string>(), out)) {
    return InvalidArgument(args.call,
                           "the input " + Quoted(args.values[0]) + " is not a valid Base64 string");
  }
  return Json(std::move(out));
}

Outcome<Json> FnHash(CallArgs& args) {
  auto check = CheckStringInput(args, args.values[0]);
  if (!check.ok()) return check;
  const Json& algorithm = args.values[1];
  const std::string& data = args.values[0].get_ref<const std::string&>();
  if (algorithm.is_string()) {
    const auto& name = algorithm.get_ref<const std::string&>();
    if (name == "MD5") return Json(hash::Md5Hex(data));
    if (name == "SHA-1") return Json(hash::Sha1Hex(data));
    if (name == "SHA-256") return Json(hash::Sha256Hex(data));
    if (name == "SHA-384") return Json(hash::Sha384Hex(data));
    if (name == "SHA-512") return Json(hash::Sha512Hex(data));
  }
  return InvalidArgument(args.call, "the hash algorithm " + Quoted(algorithm) +
                                        " is not one of MD5, SHA-1, SHA-256, SHA-384, SHA-512");
}

}  // namespace sfn::dataflow
