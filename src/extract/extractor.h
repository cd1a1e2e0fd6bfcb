// The extractor: rules loaded and compiled once, then run on many documents.
//
//   std::unique_ptr<argx::extract::Extractor> ex;
//   argx::Status s = argx::extract::Extractor::Create({"rules"}, &ex);
//   if (!s.ok()) ...                         // "rules/x.yaml:3:7: message"
//   argx::extract::Extractor::Scratch scratch;   // one per thread
//   argx::extract::Extractions out;
//   ex->Extract(analyzed_doc, &scratch, &out);
//
// Extract() is const and thread-safe: workers share one Extractor, each with
// its own Scratch.
#ifndef ARGX_EXTRACT_EXTRACTOR_H_
#define ARGX_EXTRACT_EXTRACTOR_H_

#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "extract/extraction.h"
#include "text/analyzed_text.h"

namespace argx::rules {
class RuleSet;
class Matcher;
}  // namespace argx::rules

namespace argx::extract {

class Extractor {
 public:
  // Per-thread working memory, reused across documents.
  class Scratch {
   public:
    Scratch();
    ~Scratch();
   private:
    friend class Extractor;
    struct Impl;
    std::unique_ptr<Impl> impl_;
  };

  // Loads every rule file under each of `rule_dirs` (a directory tree or a
  // single .yaml file) and compiles it. Errors are "file:line:col: message"
  // with the source line and a caret.
  static Status Create(const std::vector<std::string>& rule_dirs,
                       std::unique_ptr<Extractor>* out);
  ~Extractor();

  // Hex digest over every rule file's path and content: it changes whenever
  // a rule or lexicon changes, so stored documents know what produced them.
  const std::string& fingerprint() const;
  const rules::RuleSet& rule_set() const { return *rules_; }

  // Runs every stage on `doc` and fills `out` (cleared first).
  void Extract(const text::AnalyzedText& doc, Scratch* scratch, Extractions* out) const;

 private:
  Extractor();
  std::unique_ptr<rules::RuleSet> rules_;
  std::unique_ptr<rules::Matcher> matcher_;
};

}  // namespace argx::extract

#endif  // ARGX_EXTRACT_EXTRACTOR_H_
