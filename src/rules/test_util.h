// Test helper: a rules tree from YAML text in a temporary file.
#ifndef ARGX_RULES_TEST_UTIL_H_
#define ARGX_RULES_TEST_UTIL_H_

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "rules/program.h"
#include "rules/rule_set.h"

namespace argx::rules {

// Removes the test's temporary folders when the test binary exits.
struct TempFolders {
  std::vector<std::filesystem::path> paths;
  ~TempFolders() {
    std::error_code ec;
    for (const auto& p : paths) std::filesystem::remove_all(p, ec);
  }
};

// Writes `yaml` to a fresh temporary file and returns its path.
inline std::string WriteTempRules(const std::string& yaml, const std::string& name = "rules.yaml") {
  static TempFolders folders;
  static int counter = 0;
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("argx-rules-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::create_directories(dir);
  folders.paths.push_back(dir);
  std::filesystem::path p = dir / name;
  std::ofstream(p) << yaml;
  return p.string();
}

struct Loaded {
  std::unique_ptr<RuleSet> rules;
  std::unique_ptr<Program> program;
  std::vector<Diagnostic> diags;
  Status status;
  std::string path;

  // The diagnostics formatted, one per line, with the path shortened to "F".
  std::string Messages() const {
    std::string out;
    for (const auto& d : diags) {
      std::string f = d.Format();
      for (size_t at; (at = f.find(path)) != std::string::npos;) f.replace(at, path.size(), "F");
      out += f + "\n";
    }
    return out;
  }
};

inline Loaded LoadRules(const std::string& yaml) {
  Loaded l;
  l.path = WriteTempRules(yaml);
  l.status = RuleSet::Load({l.path}, &l.rules, &l.diags);
  if (l.status.ok()) l.status = Program::Compile(*l.rules, &l.program, &l.diags);
  return l;
}

}  // namespace argx::rules

#endif  // ARGX_RULES_TEST_UTIL_H_
