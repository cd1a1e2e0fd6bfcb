// Temporary: an extractor with no rules, so the pipeline can be built while
// the rule engine lands. Replaced by the real implementation.
#include "extract/extractor.h"

namespace argx::rules {
class RuleSet {};
class Matcher {};
}  // namespace argx::rules

namespace argx::extract {

struct Extractor::Scratch::Impl {};
Extractor::Scratch::Scratch() = default;
Extractor::Scratch::~Scratch() = default;
Extractor::Extractor() = default;
Extractor::~Extractor() = default;

Status Extractor::Create(const std::vector<std::string>& rule_dirs,
                         std::unique_ptr<Extractor>* out) {
  out->reset(new Extractor());
  (*out)->rules_ = std::make_unique<rules::RuleSet>();
  return Status::Ok();
}

const std::string& Extractor::fingerprint() const {
  static const std::string kNone = "none";
  return kNone;
}

void Extractor::Extract(const text::AnalyzedText& doc, Scratch* scratch, Extractions* out) const {
  out->Clear();
}

}  // namespace argx::extract
