#include "store/sha256.h"

#include <gtest/gtest.h>

#include <string>

namespace argx::store {
namespace {

// Test vectors from FIPS 180-4 / NIST's examples.
TEST(Sha256Test, KnownDigests) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256Test, OneMillionAs) {
  EXPECT_EQ(Sha256Hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// Feeding in pieces of every size gives the same digest as one Update, across
// the 55/56/64-byte padding boundaries.
TEST(Sha256Test, IncrementalEqualsOneShot) {
  std::string data;
  for (int i = 0; i < 300; ++i) data.push_back(static_cast<char>(i * 7 + 3));
  for (size_t len : {0u, 1u, 55u, 56u, 63u, 64u, 65u, 119u, 120u, 128u, 300u}) {
    std::string whole = Sha256Hex(std::string_view(data).substr(0, len));
    for (size_t piece = 1; piece <= 70; piece += 23) {
      Sha256 h;
      for (size_t at = 0; at < len; at += piece) {
        h.Update(std::string_view(data).substr(at, std::min(piece, len - at)));
      }
      EXPECT_EQ(h.HexDigest(), whole) << "len " << len << " piece " << piece;
    }
  }
}

}  // namespace
}  // namespace argx::store
