// fuzz_rules: a rule file -> a loaded and compiled rule set, or errors that
// each name the file and a line inside it. The first byte picks what the
// rest is: even, a whole YAML rule file; odd, a token pattern placed in a
// rule next to a small lexicon (so patterns reach the compiler).
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "extract/extractor.h"
#include "fuzz/fuzz_util.h"

using argx::fuzz::Check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const std::string path = "/tmp/argx_fuzz_rules_" + std::to_string(getpid()) + ".yaml";
  std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string file;
  if (data[0] % 2 == 0) {
    file = body;
  } else {
    if (body.find('\n') != std::string::npos) return 0;
    file =
        "lexicons:\n"
        "  w:\n"
        "    entries:\n"
        "      - text: France\n"
        "        canonical: France\n"
        "        type: state\n"
        "      - plan\n"
        "rules:\n"
        "  - id: fuzz.label\n"
        "    output: label\n"
        "    label: thing\n"
        "    pattern: '@w'\n"
        "  - id: fuzz.rule\n"
        "    output: stance\n"
        "    set: {polarity: oppose}\n"
        "    pattern: |\n"
        "      " +
        body + "\n";
  }
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(file.data(), static_cast<std::streamsize>(file.size()));
  }
  const int lines = static_cast<int>(std::count(file.begin(), file.end(), '\n')) + 1;
  std::unique_ptr<argx::extract::Extractor> ex;
  std::vector<argx::rules::Diagnostic> diags;
  argx::Status s = argx::extract::Extractor::Create({path}, &ex, &diags);
  bool any_error = false;
  for (const argx::rules::Diagnostic& d : diags) {
    std::string f = d.Format();
    Check(!d.message.empty(), "a diagnostic without a message", f);
    if (d.severity != argx::rules::Diagnostic::Severity::kError) continue;
    any_error = true;
    Check(d.pos.file == path, "an error that names another file", f);
    Check(d.pos.line >= 0 && d.pos.line <= lines + 1, "an error outside the file", f);
  }
  Check(s.ok() != any_error, "status and diagnostics disagree", s.message());
  Check(s.ok() == (ex != nullptr), "an extractor without ok (or ok without one)");
  return 0;
}
