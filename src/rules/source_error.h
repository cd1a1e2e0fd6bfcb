// Diagnostics that point into rule files, printed the way compilers do:
//
//   rules/stances/oppose.yaml:12:31: unknown lexicon '@opose_nouns'
//         (?<cue> @opose_nouns) [lower=to]
//                 ^
#ifndef ARGX_RULES_SOURCE_ERROR_H_
#define ARGX_RULES_SOURCE_ERROR_H_

#include <string>
#include <string_view>

namespace argx::rules {

// A 1-based position in a file.
struct SourcePos {
  std::string file;
  int line = 0;    // 1-based; 0 = unknown
  int column = 0;  // 1-based
};

struct Diagnostic {
  enum class Severity { kError, kWarning };
  Severity severity = Severity::kError;
  SourcePos pos;
  std::string message;
  std::string source_line;  // the line of `pos`, without its newline; may be empty

  // "file:line:col: [warning: ]message" then, when source_line is known, the
  // line and a caret under the column.
  std::string Format() const;
};

// The text of line `line` (1-based) of `source`, without the line break.
std::string_view LineOf(std::string_view source, int line);

}  // namespace argx::rules

#endif  // ARGX_RULES_SOURCE_ERROR_H_
