#include "emulator/core/hash.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sfn {
namespace {

struct Vector {
  HashAlgorithm algorithm;
  std::string input;
  std::string hex;
};

// FIPS 180-2 appendix examples ("abc", the 448-bit message) and RFC 1321's
// test suite for MD5, plus the empty input and one spanning several blocks.
const std::string kTwoBlocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
const std::string kLong(200, 'a');

const std::vector<Vector> kVectors = {
    {HashAlgorithm::kMd5, "", "d41d8cd98f00b204e9800998ecf8427e"},
    {HashAlgorithm::kMd5, "abc", "900150983cd24fb0d6963f7d28e17f72"},
    {HashAlgorithm::kMd5, kLong, "887f30b43b2867f4a9accceee7d16e6c"},
    {HashAlgorithm::kSha1, "", "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
    {HashAlgorithm::kSha1, "abc", "a9993e364706816aba3e25717850c26c9cd0d89d"},
    {HashAlgorithm::kSha1, kTwoBlocks, "84983e441c3bd26ebaae4aa1f95129e5e54670f1"},
    {HashAlgorithm::kSha1, kLong, "e61cfffe0d9195a525fc6cf06ca2d77119c24a40"},
    {HashAlgorithm::kSha256, "",
     "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
    {HashAlgorithm::kSha256, "abc",
     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    {HashAlgorithm::kSha256, kTwoBlocks,
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    {HashAlgorithm::kSha256, kLong,
     "c2a908d98f5df987ade41b5fce213067efbcc21ef2240212a41e54b5e7c28ae5"},
    {HashAlgorithm::kSha384, "",
     "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b"
     "95b"},
    {HashAlgorithm::kSha384, "abc",
     "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c82"
     "5a7"},
    {HashAlgorithm::kSha384, kLong,
     "0691b6e978614b67d60557b2a2cddd53406508522efa21c624dbbfa8ab6e726d5c586b489c7c09f24109a64c10211"
     "d48"},
    {HashAlgorithm::kSha512, "",
     "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877ee"
     "c2f63b931bd47417a81a538327af927da3e"},
    {HashAlgorithm::kSha512, "abc",
     "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3fee"
     "bbd454d4423643ce80e2a9ac94fa54ca49f"},
    {HashAlgorithm::kSha512, kLong,
     "4b11459c33f52a22ee8236782714c150a3b2c60994e9acee17fe68947a3e6789f31e7668394592da7bef827cddca8"
     "8c4e6f86e4df7ed1ae6cba71f3e98faee9f"},
};

TEST(HashTest, KnownVectors) {
  for (const Vector& v : kVectors) {
    EXPECT_EQ(DigestHex(v.algorithm, v.input), v.hex)
        << "algorithm " << static_cast<int>(v.algorithm) << ", input of " << v.input.size()
        << " bytes";
  }
}

TEST(HashTest, DigestIsTheRawBytesOfTheHex) {
  for (const Vector& v : kVectors) {
    std::string raw = Digest(v.algorithm, v.input);
    ASSERT_EQ(raw.size() * 2, v.hex.size());
    std::string hex;
    for (unsigned char byte : raw) {
      static constexpr char kHex[] = "0123456789abcdef";
      hex += kHex[byte >> 4];
      hex += kHex[byte & 0xf];
    }
    EXPECT_EQ(hex, v.hex);
  }
}

TEST(HashTest, BinaryInputWithNulBytes) {
  std::string data("a\0b", 3);
  EXPECT_EQ(DigestHex(HashAlgorithm::kSha256, data),
            "59b271ae1bbcb1d31d41929817f4b16fb439eb4f31520b5ad1d5ce98920a7138");
  EXPECT_EQ(DigestHex(HashAlgorithm::kMd5, data), "70350f6027bce3713f6b76473084309b");
}

}  // namespace
}  // namespace sfn
