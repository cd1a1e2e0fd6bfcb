#include "store/sha256.h"

#include <cstring>

namespace argx::store {
namespace {

// The round constants are the first 32 bits of the fractional parts of the
// cube roots of the first 64 primes, and the initial hash the same for the
// square roots of the first 8. Instead of a table of 72 magic numbers, they
// are computed exactly with integer roots: frac(cbrt(p)) * 2^32, truncated,
// is cbrt(p * 2^96) mod 2^32 (likewise sqrt(p * 2^64) mod 2^32).
using u128 = unsigned __int128;

constexpr uint64_t IntegerRoot(u128 x, int degree) {
  uint64_t lo = 0, hi = uint64_t{1} << 40;  // roots here are < 2^36
  while (lo < hi) {                         // largest r with r^degree <= x
    uint64_t mid = lo + (hi - lo + 1) / 2;
    u128 p = 1;
    for (int i = 0; i < degree; ++i) p *= mid;
    if (p <= x) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return lo;
}

struct Constants {
  uint32_t k[64];
  uint32_t h0[8];
};

constexpr Constants MakeConstants() {
  Constants c{};
  int found = 0;
  for (uint32_t n = 2; found < 64; ++n) {
    bool prime = true;
    for (uint32_t d = 2; d * d <= n; ++d) {
      if (n % d == 0) prime = false;
    }
    if (!prime) continue;
    c.k[found] = static_cast<uint32_t>(IntegerRoot(u128{n} << 96, 3));
    if (found < 8) c.h0[found] = static_cast<uint32_t>(IntegerRoot(u128{n} << 64, 2));
    ++found;
  }
  return c;
}

constexpr Constants kC = MakeConstants();
static_assert(kC.k[0] == 0x428a2f98 && kC.k[63] == 0xc67178f2);
static_assert(kC.h0[0] == 0x6a09e667 && kC.h0[7] == 0x5be0cd19);

inline uint32_t Rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

}  // namespace

Sha256::Sha256() {
  for (int i = 0; i < 8; ++i) h_[i] = kC.h0[i];
}

namespace {

// One round, with the eight working variables named by the caller in their
// turn instead of moved down a place each round: Block writes the rounds
// eight to a loop pass, which brings the names back round. Ch and Maj take
// the usual shorter forms (FIPS 180-4 allows any equivalent): the block was
// four in a hundred of argx extract's instructions (the content hash, one
// key per extraction), the moves and the longer forms a fifth of those.
[[gnu::always_inline]] inline void Round(uint32_t a, uint32_t b, uint32_t c, uint32_t& d,
                                         uint32_t e, uint32_t f, uint32_t g, uint32_t& h,
                                         uint32_t k_plus_w) {
  const uint32_t t1 = h + (Rotr(e, 6) ^ Rotr(e, 11) ^ Rotr(e, 25)) + (g ^ (e & (f ^ g))) + k_plus_w;
  const uint32_t t2 = (Rotr(a, 2) ^ Rotr(a, 13) ^ Rotr(a, 22)) + ((a & b) | (c & (a | b)));
  d += t1;
  h = t1 + t2;
}

}  // namespace

void Sha256::Block(const uint8_t* p) {
  uint32_t w[64];
  for (int i = 0; i < 16; ++i) {
    w[i] = uint32_t{p[4 * i]} << 24 | uint32_t{p[4 * i + 1]} << 16 | uint32_t{p[4 * i + 2]} << 8 |
           uint32_t{p[4 * i + 3]};
  }
  for (int i = 16; i < 64; ++i) {
    uint32_t s0 = Rotr(w[i - 15], 7) ^ Rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
    uint32_t s1 = Rotr(w[i - 2], 17) ^ Rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  uint32_t a = h_[0], b = h_[1], c = h_[2], d = h_[3], e = h_[4], f = h_[5], g = h_[6], h = h_[7];
  for (int i = 0; i < 64; i += 8) {
    Round(a, b, c, d, e, f, g, h, kC.k[i] + w[i]);
    Round(h, a, b, c, d, e, f, g, kC.k[i + 1] + w[i + 1]);
    Round(g, h, a, b, c, d, e, f, kC.k[i + 2] + w[i + 2]);
    Round(f, g, h, a, b, c, d, e, kC.k[i + 3] + w[i + 3]);
    Round(e, f, g, h, a, b, c, d, kC.k[i + 4] + w[i + 4]);
    Round(d, e, f, g, h, a, b, c, kC.k[i + 5] + w[i + 5]);
    Round(c, d, e, f, g, h, a, b, kC.k[i + 6] + w[i + 6]);
    Round(b, c, d, e, f, g, h, a, kC.k[i + 7] + w[i + 7]);
  }
  h_[0] += a, h_[1] += b, h_[2] += c, h_[3] += d;
  h_[4] += e, h_[5] += f, h_[6] += g, h_[7] += h;
}

void Sha256::Update(std::string_view bytes) {
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  size_t n = bytes.size();
  length_ += n;
  if (buffered_ > 0) {
    size_t take = std::min(n, 64 - buffered_);
    std::memcpy(buffer_.data() + buffered_, p, take);
    buffered_ += take, p += take, n -= take;
    if (buffered_ < 64) return;
    Block(buffer_.data());
    buffered_ = 0;
  }
  for (; n >= 64; p += 64, n -= 64) Block(p);
  std::memcpy(buffer_.data(), p, n);
  buffered_ = n;
}

std::array<uint8_t, 32> Sha256::Digest() {
  uint64_t bits = length_ * 8;
  uint8_t pad[72] = {0x80};
  size_t pad_len = (buffered_ < 56 ? 56 : 120) - buffered_;
  for (int i = 0; i < 8; ++i) pad[pad_len + i] = static_cast<uint8_t>(bits >> (56 - 8 * i));
  Update(std::string_view(reinterpret_cast<const char*>(pad), pad_len + 8));
  std::array<uint8_t, 32> out;
  for (int i = 0; i < 8; ++i) {
    for (int j = 0; j < 4; ++j) out[4 * i + j] = static_cast<uint8_t>(h_[i] >> (24 - 8 * j));
  }
  return out;
}

std::string Sha256::HexDigest() {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(64);
  for (uint8_t b : Digest()) {
    hex.push_back(kHex[b >> 4]);
    hex.push_back(kHex[b & 15]);
  }
  return hex;
}

std::string Sha256Hex(std::string_view bytes) {
  Sha256 h;
  h.Update(bytes);
  return h.HexDigest();
}

}  // namespace argx::store
