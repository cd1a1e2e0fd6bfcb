// Shared by the commands that load rules: the default rules path and
// printing diagnostics.
#ifndef ARGX_CLI_RULE_LOADING_H_
#define ARGX_CLI_RULE_LOADING_H_

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "extract/extractor.h"

namespace argx::cli {

// `paths` as given, or {"rules"} when empty and ./rules exists.
inline std::vector<std::string> RulePathsOrDefault(std::vector<std::string> paths) {
  if (paths.empty() && std::filesystem::is_directory("rules")) paths.push_back("rules");
  return paths;
}

// Loads and compiles rules; prints errors (and warnings when asked) to stderr.
inline Status LoadExtractor(const std::vector<std::string>& paths, bool show_warnings,
                            std::unique_ptr<extract::Extractor>* out,
                            std::vector<rules::Diagnostic>* diags_out = nullptr) {
  std::vector<rules::Diagnostic> diags;
  Status s = extract::Extractor::Create(paths, out, &diags);
  for (const auto& d : diags) {
    if (d.severity == rules::Diagnostic::Severity::kError || show_warnings) {
      std::fprintf(stderr, "%s\n", d.Format().c_str());
    }
  }
  if (diags_out) *diags_out = std::move(diags);
  return s;
}

}  // namespace argx::cli

#endif  // ARGX_CLI_RULE_LOADING_H_
