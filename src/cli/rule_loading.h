// Shared by the commands that load rules: the default rules path, printing
// diagnostics, and suggesting rule ids for a filter that matches none.
#ifndef ARGX_CLI_RULE_LOADING_H_
#define ARGX_CLI_RULE_LOADING_H_

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/strings.h"
#include "extract/extractor.h"

namespace argx::cli {

// The `rules` folder of the argx checkout this binary was built in, found
// by walking up from the executable (build/src/cli/argx -> rules/), or empty.
// Named in hints, and taken for a path written "rules" that does not exist
// (ResolveDefaultRulesName); a run never picks up rules the user did not
// ask for.
inline std::string CheckoutRulesDir() {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return "";
  for (fs::path dir = exe.parent_path(); !dir.empty() && dir != dir.root_path();
       dir = dir.parent_path()) {
    if (fs::is_directory(dir / "rules" / "lexicons", ec)) return (dir / "rules").string();
  }
  return "";
}

// The folders of $ARGX_RULES, which may list several as PATH does
// ("~/argx/rules:~/minerals"): the default rules first, then the user's
// own, used together by every command given no rule folder. Empty when
// unset.
inline std::vector<std::string> EnvRuleDirs() {
  std::vector<std::string> dirs;
  const char* env = std::getenv("ARGX_RULES");
  if (env == nullptr) return dirs;
  std::string_view rest(env);
  while (!rest.empty()) {
    const size_t colon = rest.find(':');
    std::string_view one = rest.substr(0, colon);
    if (!one.empty()) dirs.emplace_back(one);
    rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
  }
  return dirs;
}

// The default rule folder: the first of $ARGX_RULES when set, else ./rules
// when it exists; empty when neither.
inline std::string DefaultRulesDir() {
  std::error_code ec;
  if (std::vector<std::string> env = EnvRuleDirs(); !env.empty()) return env[0];
  if (std::filesystem::is_directory("rules", ec)) return "rules";
  return "";
}

// The note that "rules" was taken for the default rules, kept for a command
// that says it only when loading fails (ResolveDefaultRulesName with
// `defer`), printed by LoadExtractor then.
inline std::string& DeferredRulesNote() {
  static std::string note;
  return note;
}

// A path written "rules" (as docs/rules.md writes the default rules) that
// does not exist in the current folder names the default rules: $ARGX_RULES
// when set, else the rules of the checkout this argx was built in. Says so
// on stderr for the checkout's rules (unless `quiet`: `extract --quiet`),
// so nothing is picked up silently; with `defer` (explain and the rules
// commands, run many times while writing rules: trials 26 and 27 found the
// note on every command noise) only when loading fails. Other paths stay as
// given.
inline void ResolveDefaultRulesName(std::vector<std::string>* paths, bool quiet = false,
                                    bool defer = false) {
  namespace fs = std::filesystem;
  for (std::string& p : *paths) {
    if (p != "rules" && p != "./rules" && p != "rules/" && p != "./rules/") continue;
    std::error_code ec;
    if (fs::exists(p, ec)) continue;
    std::string dir;
    if (std::vector<std::string> env = EnvRuleDirs(); !env.empty()) dir = env[0];
    // $ARGX_RULES is the user's own setting: said once by them, not on
    // every command (trial 22).
    const bool from_env = !dir.empty();
    if (dir.empty()) dir = CheckoutRulesDir();
    if (dir.empty() || !fs::exists(dir, ec)) continue;
    if (!quiet && !from_env) {
      const std::string note = "argx: no " + p + " here: using the default rules in " + dir + "\n";
      if (defer) {
        DeferredRulesNote() += note;
      } else {
        std::fputs(note.c_str(), stderr);
      }
    }
    p = dir;
  }
}

// Whether `dir` is a folder of the rules argx ships (this checkout's
// rules/ or $ARGX_RULES), as opposed to a folder of the user's own rules.
inline bool IsDefaultRulesFolder(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path path = fs::weakly_canonical(dir, ec);
  if (ec) return false;
  std::vector<std::string> defaults = {CheckoutRulesDir()};
  if (std::vector<std::string> env = EnvRuleDirs(); !env.empty()) defaults.push_back(env[0]);
  for (const std::string& d : defaults) {
    if (d.empty()) continue;
    fs::path canonical = fs::weakly_canonical(d, ec);
    if (!ec && canonical == path) return true;
  }
  return false;
}

// `paths` as given (a missing "rules" resolved by ResolveDefaultRulesName,
// its note deferred with `defer`),
// or when empty every folder of $ARGX_RULES, else ./rules, else the rules of
// this argx's checkout, said on stderr unless `quiet`.
inline std::vector<std::string> RulePathsOrDefault(std::vector<std::string> paths,
                                                   bool quiet = false, bool defer = false) {
  ResolveDefaultRulesName(&paths, quiet, defer);
  if (paths.empty()) {
    // $ARGX_RULES with several folders: all of them.
    if (std::vector<std::string> env = EnvRuleDirs(); env.size() > 1) return env;
    std::string dir = DefaultRulesDir();
    if (dir.empty()) {
      dir = CheckoutRulesDir();
      if (!dir.empty() && !quiet) {
        std::fprintf(stderr,
                     "argx: no --rules and no ./rules here: using the default rules in %s\n",
                     dir.c_str());
      }
    }
    if (!dir.empty()) paths.push_back(dir);
  }
  return paths;
}

// A folder checked alone that uses the default rules' labels (@actor,
// @holders ...) fails on names it does not define: say where they are.
inline void HintDefaultRules(const std::vector<rules::Diagnostic>& diags,
                             const std::vector<std::string>& paths, const char* command) {
  bool unknown = false, missing = false;
  for (const auto& d : diags) {
    unknown |= d.message.find("unknown lexicon or label") != std::string::npos;
    missing |= d.message == "no such rules file or directory";
  }
  if (!unknown && !missing) return;
  std::string defaults = DefaultRulesDir();
  if (defaults.empty()) defaults = CheckoutRulesDir();
  if (defaults.empty()) defaults = "PATH/TO/argx/rules";
  // The default rules are among the paths already: the unknown name is a
  // typo or a name of the user's own, and the error's "did you mean" says
  // more; a missing folder is the user's own.
  std::error_code ec;
  const auto canonical_defaults = std::filesystem::weakly_canonical(defaults, ec);
  for (const std::string& p : paths) {
    std::error_code pec;
    if (!ec && std::filesystem::weakly_canonical(p, pec) == canonical_defaults && !pec) return;
  }
  if (missing) {
    // "argx rules test ~/argx/rules myrules", the defaults given by a wrong path.
    std::fprintf(stderr,
                 "%s: the default rules are in %s: give that path for them; ARGX_RULES=%s makes "
                 "it the folder of every command given none\n",
                 command, defaults.c_str(), defaults.c_str());
    return;
  }
  // "argx rules check DIR DIR", but "argx extract ... --rules DIR --rules DIR".
  const bool positional = std::string_view(command).substr(0, 10) == "argx rules";
  std::string mine =
      paths.empty() ? std::string() : (positional ? " " : " --rules ") + paths.back();
  std::fprintf(stderr,
               "%s: names like @actor and @holders come from the default rules: give them too "
               "(%s%s %s%s)\n",
               command, command, positional ? "" : " ... --rules", defaults.c_str(), mine.c_str());
}

// Loads and compiles rules; prints errors (and warnings when asked) to stderr.
inline Status LoadExtractor(const std::vector<std::string>& paths, bool show_warnings,
                            std::unique_ptr<extract::Extractor>* out,
                            std::vector<rules::Diagnostic>* diags_out = nullptr) {
  std::vector<rules::Diagnostic> diags;
  Status s = extract::Extractor::Create(paths, out, &diags);
  if (!s.ok() && !DeferredRulesNote().empty()) std::fputs(DeferredRulesNote().c_str(), stderr);
  for (const auto& d : diags) {
    if (d.severity == rules::Diagnostic::Severity::kError || show_warnings) {
      std::fprintf(stderr, "%s\n", d.Format().c_str());
    }
  }
  if (diags_out) *diags_out = std::move(diags);
  return s;
}

// Whether `id` holds every dot-separated part of `prefix` (two parts at
// least, four characters at least), in order: "spectrum.lobby" in
// "spectrum.stance.lobby-hard".
inline bool PartsInOrder(std::string_view prefix, std::string_view id) {
  if (prefix.size() < 4 || prefix.find('.') == std::string_view::npos) return false;
  size_t at = 0;
  for (std::string_view rest = prefix; !rest.empty();) {
    const size_t dot = rest.find('.');
    const std::string_view part = rest.substr(0, dot);
    rest = dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1);
    if (part.empty()) continue;
    const size_t found = id.find(part, at);
    if (found == std::string_view::npos) return false;
    at = found + part.size();
  }
  return true;
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
    // A part of the id without its family ("verb.support" for
    // "stance.verb.support") is as close as an exact prefix.
    if (prefix.size() >= 4 && id.find(prefix) != std::string_view::npos) d = 0;
    // So is one whose id holds every dot-separated part of the prefix, in
    // order ("spectrum.lobby" for "spectrum.stance.lobby-hard").
    if (PartsInOrder(prefix, id)) d = 0;
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
    const bool inside = (id.find(prefix) != std::string::npos && id.rfind(prefix, 0) != 0) ||
                        PartsInOrder(prefix, id);
    if (cut != std::string::npos && !inside) shown = id.substr(0, cut);
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
