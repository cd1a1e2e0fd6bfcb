#include "rules/source_error.h"

#include <algorithm>

namespace argx::rules {

std::string Diagnostic::Format() const {
  std::string out = pos.file;
  if (pos.line > 0) {
    out += ":" + std::to_string(pos.line);
    if (pos.column > 0) out += ":" + std::to_string(pos.column);
  }
  out += ": ";
  if (severity == Severity::kWarning) out += "warning: ";
  out += message;
  if (!source_line.empty() && pos.column > 0) {
    // A long line (a lexicon written as one flow list) is cut to a window
    // around the column, marked with "...", so that the message stays short.
    constexpr int kBefore = 60, kWidth = 120;
    std::string_view line = source_line;
    int column = pos.column;
    std::string head, tail;
    if (line.size() > static_cast<size_t>(kWidth) + 40) {
      size_t from = column - 1 > kBefore ? static_cast<size_t>(column - 1 - kBefore) : 0;
      while (from > 0 && from < line.size() && (line[from] & 0xC0) == 0x80) --from;  // UTF-8
      size_t to = std::min(line.size(), from + kWidth);
      while (to < line.size() && (line[to] & 0xC0) == 0x80) ++to;
      if (from > 0) head = "...";
      if (to < line.size()) tail = "...";
      column -= static_cast<int>(from) - static_cast<int>(head.size());
      line = line.substr(from, to - from);
    }
    out += "\n" + head + std::string(line) + tail + "\n";
    std::string shown = head + std::string(line);
    // Tabs stay tabs so the caret lines up in a terminal.
    for (int i = 0; i + 1 < column && i < static_cast<int>(shown.size()); ++i) {
      out += shown[i] == '\t' ? '\t' : ' ';
    }
    out += "^";
  }
  return out;
}

std::string_view LineOf(std::string_view source, int line) {
  size_t start = 0;
  for (int l = 1; l < line; ++l) {
    size_t nl = source.find('\n', start);
    if (nl == std::string_view::npos) return {};
    start = nl + 1;
  }
  size_t end = source.find('\n', start);
  if (end == std::string_view::npos) end = source.size();
  std::string_view s = source.substr(start, end - start);
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  return s;
}

}  // namespace argx::rules
