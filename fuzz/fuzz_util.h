// Shared by the fuzz targets (fuzz_*.cc): a check that aborts with a message
// (libFuzzer then saves the input), and code point helpers.
#ifndef ARGX_FUZZ_FUZZ_UTIL_H_
#define ARGX_FUZZ_FUZZ_UTIL_H_

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace argx::fuzz {

// Aborts when `ok` is false: a finding.
inline void Check(bool ok, const char* what, const std::string& detail = "") {
  if (ok) return;
  std::fprintf(stderr, "fuzz check failed: %s %s\n", what, detail.c_str());
  std::abort();
}

// Whether `s` is well-formed UTF-8 (no surrogates, no overlongs, <= U+10FFFF).
inline bool ValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int len;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      len = 2, cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3, cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (int k = 1; k < len; ++k) {
      unsigned char d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
      return false;
    }
    i += len;
  }
  return true;
}

// Byte offset of every code point of valid UTF-8 `s`, plus s.size() at the end:
// code point k spans bytes [at[k], at[k + 1]).
inline std::vector<uint32_t> CodePointOffsets(std::string_view s) {
  std::vector<uint32_t> at;
  for (uint32_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) at.push_back(i);
  }
  at.push_back(static_cast<uint32_t>(s.size()));
  return at;
}

// The text of code points [begin, end) of `s` (offsets from CodePointOffsets).
inline std::string_view CodePointSlice(std::string_view s, const std::vector<uint32_t>& at,
                                       uint32_t begin, uint32_t end) {
  return s.substr(at[begin], at[end] - at[begin]);
}

}  // namespace argx::fuzz

#endif  // ARGX_FUZZ_FUZZ_UTIL_H_
