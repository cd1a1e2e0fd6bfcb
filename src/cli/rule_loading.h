// Shared by the commands that load rules: the default rules path, printing
// diagnostics, and suggesting rule ids for a filter that matches none.
#ifndef ARGX_CLI_RULE_LOADING_H_
#define ARGX_CLI_RULE_LOADING_H_

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/strings.h"
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

// Up to three rule ids closest to `prefix`: by edit distance between the
// prefix and each id's start of the same length (a typo in a prefix), then
// the whole id.
inline std::vector<std::string> CloseIds(const rules::RuleSet& rs, std::string_view prefix) {
  std::vector<std::pair<size_t, std::string>> scored;
  for (const rules::Rule& r : rs.rules) {
    std::string_view id = r.id;
    size_t d =
        std::min(EditDistance(prefix, id.substr(0, prefix.size())), EditDistance(prefix, id));
    scored.emplace_back(d, r.id);
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  size_t limit = std::max<size_t>(2, prefix.size() / 3);
  for (const auto& [d, id] : scored) {
    if (d > limit || out.size() == 3) break;
    // Rules of one family ("climate.x.a", "climate.x.b") differ after the
    // prefix: suggest the family once.
    std::string shown = id;
    size_t cut = id.find('.', std::min(prefix.size(), id.size()));
    if (cut != std::string::npos) shown = id.substr(0, cut);
    if (std::find(out.begin(), out.end(), shown) == out.end()) out.push_back(shown);
  }
  return out;
}

// "did you mean 'a' or 'b'?" or empty.
inline std::string DidYouMean(const std::vector<std::string>& ids) {
  if (ids.empty()) return "";
  std::string out = ", did you mean ";
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out += i + 1 == ids.size() ? " or " : ", ";
    out += "'" + ids[i] + "'";
  }
  return out + "?";
}

}  // namespace argx::cli

#endif  // ARGX_CLI_RULE_LOADING_H_
