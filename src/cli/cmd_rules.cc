// argx rules check|test|list: the rule writer's tools.
#include <CLI/CLI.hpp>

#include <cstdio>

#include "cli/commands.h"
#include "cli/rule_loading.h"
#include "extract/examples.h"

namespace argx::cli {
namespace {

int Check(const std::vector<std::string>& paths, bool no_warnings) {
  std::unique_ptr<extract::Extractor> ex;
  std::vector<rules::Diagnostic> diags;
  Status s = LoadExtractor(paths, !no_warnings, &ex, &diags);
  size_t errors = 0, warnings = 0;
  for (const auto& d : diags) (d.severity == rules::Diagnostic::Severity::kError ? errors : warnings)++;
  if (!s.ok()) {
    std::fprintf(stderr, "argx rules check: %zu error(s), %zu warning(s)\n", errors, warnings);
    return kExitError;
  }
  const auto& rs = ex->rule_set();
  size_t examples = 0;
  for (const auto& r : rs.rules) examples += r.must_match.size() + r.must_not_match.size();
  std::printf("%zu files, %zu rules, %zu lexicons (%zu entries), %zu examples: 0 errors, %zu warnings\n",
              rs.files.size(), rs.rules.size(), rs.lexicons.lexicon_count(),
              rs.lexicons.entry_count(), examples, warnings);
  return kExitOk;
}

int Test(const std::vector<std::string>& paths, const std::string& rule) {
  std::unique_ptr<extract::Extractor> ex;
  if (!LoadExtractor(paths, false, &ex).ok()) return kExitError;
  extract::ExampleReport r = extract::RunExamples(*ex, rule);
  for (const auto& f : r.failures) std::printf("%s\n\n", f.Format().c_str());
  std::printf("rules test: %d examples in %d rules: %d passed, %zu failed\n", r.examples, r.rules,
              r.passed, r.failures.size());
  return r.failures.empty() ? kExitOk : kExitChecksFailed;
}

int List(const std::vector<std::string>& paths) {
  std::unique_ptr<extract::Extractor> ex;
  if (!LoadExtractor(paths, false, &ex).ok()) return kExitError;
  size_t width = 2;
  for (const auto& r : ex->rule_set().rules) width = std::max(width, r.id.size());
  std::printf("%-*s  %-8s %-7s %4s  %s\n", static_cast<int>(width), "id", "stage", "output", "ex.",
              "description");
  for (const auto& r : ex->rule_set().rules) {
    std::string output = rules::OutputName(r.output);
    if (r.output == rules::OutputKind::kLabel) output = "@" + r.label;
    std::printf("%-*s  %-8s %-7s %4zu  %s\n", static_cast<int>(width), r.id.c_str(),
                rules::StageName(r.stage), output.c_str(), r.must_match.size() + r.must_not_match.size(),
                r.description.c_str());
  }
  return kExitOk;
}

}  // namespace

int RunRules(int argc, char** argv) {
  CLI::App app{"Check, test and list rule files.", "argx rules"};
  app.require_subcommand(1);
  std::vector<std::string> paths;
  bool no_warnings = false;
  std::string rule;
  CLI::App* check = app.add_subcommand("check", "parse and compile every rule file; print errors and warnings");
  check->add_option("paths", paths, "rule directories or files (default: ./rules)");
  check->add_flag("--no-warnings", no_warnings, "print errors only");
  CLI::App* test = app.add_subcommand("test", "run every rule's examples; exit 3 on a failure");
  test->add_option("paths", paths, "rule directories or files (default: ./rules)");
  test->add_option("--rule", rule, "only rules whose id starts with this");
  CLI::App* list = app.add_subcommand("list", "list rules: id, stage, output, example count, description");
  list->add_option("paths", paths, "rule directories or files (default: ./rules)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitError;
  }
  paths = RulePathsOrDefault(paths);
  if (paths.empty()) {
    std::fprintf(stderr, "argx rules: no rules directory given and ./rules does not exist\n");
    return kExitError;
  }
  if (check->parsed()) return Check(paths, no_warnings);
  if (test->parsed()) return Test(paths, rule);
  return List(paths);
}

}  // namespace argx::cli
