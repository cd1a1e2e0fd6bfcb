// SHA-256 (FIPS 180-4), for content hashes and extraction keys.
//
//   argx::store::Sha256 h;
//   h.Update(bytes);                      // any number of times
//   std::string hex = h.HexDigest();      // 64 lower-case hex digits
//
//   std::string hex = argx::store::Sha256Hex("abc");  // one-shot
//
// Written here rather than taken from a crypto library because argx only
// needs a stable, well-known digest of file contents, not cryptography.
#ifndef ARGX_STORE_SHA256_H_
#define ARGX_STORE_SHA256_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace argx::store {

class Sha256 {
 public:
  Sha256();
  // Feeds more bytes. Not after Digest()/HexDigest().
  void Update(std::string_view bytes);
  // Finishes and returns the 32-byte digest. Call once.
  std::array<uint8_t, 32> Digest();
  // Finishes and returns the digest as 64 lower-case hex digits. Call once.
  std::string HexDigest();

 private:
  void Block(const uint8_t* p);
  std::array<uint32_t, 8> h_;
  std::array<uint8_t, 64> buffer_;
  size_t buffered_ = 0;
  uint64_t length_ = 0;  // bytes fed so far
};

// The hex SHA-256 of `bytes`.
std::string Sha256Hex(std::string_view bytes);

}  // namespace argx::store

#endif  // ARGX_STORE_SHA256_H_
