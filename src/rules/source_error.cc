#include "rules/source_error.h"

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
    out += "\n" + source_line + "\n";
    // Tabs stay tabs so the caret lines up in a terminal.
    for (int i = 0; i + 1 < pos.column && i < static_cast<int>(source_line.size()); ++i) {
      out += source_line[i] == '\t' ? '\t' : ' ';
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
