// Small string helpers shared across libraries.
#ifndef ARGX_BASE_STRINGS_H_
#define ARGX_BASE_STRINGS_H_

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace argx {

// `s` with every run of ASCII whitespace folded to one space and no space at
// either end: "French  President\nMacron " -> "French President Macron".
inline std::string CollapseSpaces(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

// Levenshtein distance, for "did you mean" suggestions.
inline size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0u : 1u)});
      diag = up;
    }
  }
  return row[b.size()];
}

// The byte offset of each code point of UTF-8 `text`, then text.size():
// spans counted in code points (the database's offsets) become substrings,
// text.substr(at[b], at[e] - at[b]).
inline std::vector<size_t> CodePointOffsets(std::string_view text) {
  std::vector<size_t> at;
  at.reserve(text.size() + 1);
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) at.push_back(i);
  }
  at.push_back(text.size());
  return at;
}

}  // namespace argx

#endif  // ARGX_BASE_STRINGS_H_
