// Internal to src/text: a strict UTF-8 decoder shared by decode.cc,
// normalize.cc and segmenter.cc.
//
//   size_t i = 0;
//   while (i < s.size()) {
//     int32_t cp = argx::text::internal::DecodeUtf8(s, &i);  // -1: invalid
//   }
//
// Invalid input is consumed one *maximal subpart* at a time (Unicode 15,
// section 3.9, "U+FFFD Substitution of Maximal Subparts"), which is what
// Python's errors="replace" and the WHATWG decoder do: a truncated sequence
// counts as one error, a stray continuation byte as one error each.
#ifndef ARGX_TEXT_UTF8_H_
#define ARGX_TEXT_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace argx::text::internal {

// Decodes the code point at s[*pos] and advances *pos past it. Returns the
// code point, or -1 for an invalid maximal subpart (then *pos has advanced by
// at least one byte, past the subpart).
inline int32_t DecodeUtf8(std::string_view s, size_t* pos) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t i = *pos;
  const size_t n = s.size();
  unsigned char b = p[i++];
  if (b < 0x80) {
    *pos = i;
    return b;
  }
  int need;
  int32_t cp;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b >= 0xC2 && b <= 0xDF) {
    need = 1;
    cp = b & 0x1F;
  } else if (b >= 0xE0 && b <= 0xEF) {
    need = 2;
    cp = b & 0x0F;
    if (b == 0xE0) lo = 0xA0;  // no overlong forms
    if (b == 0xED) hi = 0x9F;  // no surrogates
  } else if (b >= 0xF0 && b <= 0xF4) {
    need = 3;
    cp = b & 0x07;
    if (b == 0xF0) lo = 0x90;  // no overlong forms
    if (b == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    *pos = i;  // C0, C1, F5..FF or a stray continuation byte
    return -1;
  }
  for (int k = 0; k < need; ++k) {
    if (i >= n) {
      *pos = i;
      return -1;
    }
    unsigned char c = p[i];
    unsigned char l = k == 0 ? lo : 0x80, h = k == 0 ? hi : 0xBF;
    if (c < l || c > h) {
      *pos = i;  // the offending byte starts the next subpart
      return -1;
    }
    cp = (cp << 6) | (c & 0x3F);
    ++i;
  }
  *pos = i;
  return cp;
}

// Appends the UTF-8 encoding of `cp` (a valid scalar value) to `*out`.
inline void AppendUtf8(int32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

inline bool IsAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

}  // namespace argx::text::internal

#endif  // ARGX_TEXT_UTF8_H_
