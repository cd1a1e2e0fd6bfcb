// Running the examples written inside rules: `argx rules test`.
//
//   argx::extract::ExampleReport r = argx::extract::RunExamples(*extractor);
//   for (const auto& f : r.failures) print(f.Format());
//   return r.failures.empty() ? 0 : 3;
//
// A `match` example passes when the rule produces at least one output (or,
// for a label rule, one match) on the example text whose fields equal every
// `expect` entry. Fields: stance holder (canonical name or the holder's
// words), holder_text, polarity, target, cue; claim claimant (name or
// AUTHOR), claim_type, cue, content; actor actor (canonical), actor_id,
// actor_type, affiliation, text; any other name is a capture's text.
// Values compare case-insensitively, with curly and straight quotes equal.
// A `match` example that expects a `blocker` field passes on a match that
// the blocker stopped (`expect: { blocker: "failed to" }`), so a rule that
// exists to block can be tested; for every other example a blocked match
// produces nothing.
// A `match` example with `expect_any: true` passes when any rule's output of
// the same kind (or label) has the fields: it tests the extraction, not
// which rule made it.
// A `no_match` example passes when the rule produces nothing on it. The
// whole rule set runs on each example, exactly as in `argx extract`.
// A failing `match` example also shows each match of the rule that lost an
// overlap: the winning rule, its span and what decided (priority, length,
// position, order).
#ifndef ARGX_EXTRACT_EXAMPLES_H_
#define ARGX_EXTRACT_EXAMPLES_H_

#include <string>
#include <string_view>
#include <vector>

#include "extract/extractor.h"

namespace argx::extract {

struct ExampleFailure {
  const rules::Rule* rule = nullptr;
  const rules::Example* example = nullptr;
  bool must_match = true;
  std::string got;  // what the rule produced, one line per output
  std::vector<std::string> lost;  // matches of the rule that lost an overlap (DescribeLosses)
  std::vector<std::string> dropped;  // matches kept that made nothing, and why (DescribeDrops)
  std::vector<std::string> no_match;  // where the pattern failed, when it matched nowhere
  // "file:line:col: rule ID: ..." with expected and got.
  std::string Format() const;
};

struct ExampleReport {
  int rules = 0;     // rules with at least one example
  int examples = 0;  // examples run
  int passed = 0;
  std::vector<ExampleFailure> failures;
};

// Runs the examples of every rule whose id starts with `rule_prefix` (all
// when empty).
ExampleReport RunExamples(const Extractor& ex, std::string_view rule_prefix = {});

// The matches of `rule` that lost an overlap in `trace` (Extract with a
// trace records them), one line each: 'matched "X" but lost the overlap to
// rule W "Y" by priority (10 > 3)'. Only sentence `sentence` when >= 0.
std::vector<std::string> DescribeLosses(const Extractor& ex, const rules::Rule& rule,
                                        const text::AnalyzedText& doc, const Trace& trace,
                                        int sentence = -1);

// The matches of `rule` that were kept but made no extraction, one line
// each: 'matched "X" but made nothing: the sentence is a question'. Only
// sentence `sentence` when >= 0.
std::vector<std::string> DescribeDrops(const Extractor& ex, const rules::Rule& rule,
                                       const text::AnalyzedText& doc, const Trace& trace,
                                       int sentence = -1);

// Where `rule`'s pattern fails in sentence `sentence`, when it matches
// nowhere there: how many elements match, and the failing element as a
// "file:line:col: ..." diagnostic with its source line and a caret. Empty
// when the rule matches in the sentence. `trace` must come from Extract on
// `doc`.
std::vector<std::string> DescribeNoMatch(const Extractor& ex, const rules::Rule& rule,
                                         const text::AnalyzedText& doc, uint32_t sentence,
                                         Trace* trace);

// What rule `rule` produced on an analyzed text, as "field=value" lines;
// only in sentence `sentence` when >= 0.
std::vector<std::string> DescribeOutputs(const Extractor& ex, const rules::Rule& rule,
                                         const text::AnalyzedText& doc, const Extractions& out,
                                         const Trace& trace, int sentence = -1);

}  // namespace argx::extract

#endif  // ARGX_EXTRACT_EXAMPLES_H_
