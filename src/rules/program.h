// A compiled rule set, and matching it against a document.
//
//   std::unique_ptr<argx::rules::Program> prog;
//   argx::Status s = argx::rules::Program::Compile(*rule_set, &prog, &diagnostics);
//
//   argx::rules::DocState state;                      // one per document (reusable)
//   prog->Begin(doc, &state);                         // token ids + lexicon matches
//   std::vector<argx::rules::RuleMatch> matches;
//   prog->RunStage(argx::rules::Stage::kActors, doc, &state, &matches);
//   state.AddSpan(...);                               // results later stages see (@actor)
//   prog->RunStage(argx::rules::Stage::kPhrases, doc, &state, &matches);
//   ...
//
// How a token pattern is matched. Every token test that any rule uses
// ([lower=to], [lemma=back], [shape=cap], a literal word, membership in a
// span) gets a feature id, and the spans of lexicons and labels get three:
// "begin" on their first token, "inside" on the middle ones, "end" on the
// last (so that @name always takes a whole span, never a prefix of one).
// For each sentence and stage, every token's features are computed once
// (Encode); tests anchored on a word or lemma are only evaluated on tokens
// that have it. Each pattern is compiled to a small program over tokens
// (vm.h: Thompson's construction, as RE2 builds over bytes) and run by a
// BitState / Pike VM engine with RE2's leftmost-first semantics, so matching
// is linear in the sentence whatever the rule. All rules of a stage are
// prefiltered in one pass over the sentence's features (the way RE2's
// FilteredRE2 works with atoms): a rule runs only when the sentence has, for
// each of its required elements, one of the features that element needs, and
// its search starts only at tokens a match can begin with. The rules the
// prefilter lets through then go through the stage's DFA (dfa.h: one lazily
// built automaton per rule over token classes, cached per thread), and only
// those it says can match run in the capturing engines.
//
// History, measured: the first engine compiled each pattern to one RE2 over a
// byte encoding of the features. An RE2::Set over all rules spent ~90% of the
// time building DFA states; per-rule RE2 calls still took ~55% of the run
// and building per-rule encodings ~10% more. The token VM replaced both.
#ifndef ARGX_RULES_PROGRAM_H_
#define ARGX_RULES_PROGRAM_H_

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "rules/rule_set.h"
#include "text/analyzed_text.h"

namespace argx::rules {

// A span of tokens carrying a name (a lexicon's or a label's) and attributes.
struct SpanInfo {
  uint32_t first = 0, end = 0;  // tokens [first, end)
  uint32_t name = 0;            // index into Program::span_names()
  int32_t entry = -1;           // lexicon entry, or -1
  int32_t attrs = -1;           // index into DocState::attrs, or -1
  int32_t source = -1;          // caller's index (e.g. which actor mention), or -1
};

struct Capture {
  std::string_view name;
  uint32_t first = 0, end = 0;  // tokens [first, end)
};

struct RuleMatch {
  uint32_t rule = 0;  // index into RuleSet::rules
  uint32_t sentence = 0;
  uint32_t first = 0, end = 0;  // tokens [first, end) of the whole match
  std::vector<Capture> captures;

  // The first capture called `name` (nullptr when absent).
  const Capture* Find(std::string_view name) const;
  // Every capture called `name`.
  std::vector<const Capture*> FindAll(std::string_view name) const;
};

// A match that lost an overlap to another: who won, and why. Recorded only
// when DocState::record_losses is set (explain, rules test).
struct OverlapLoss {
  RuleMatch loser;
  uint32_t winner_rule = 0;
  uint32_t winner_first = 0, winner_end = 0;  // tokens of the winning match
  // What decided, in the order the resolution applies them: "priority",
  // "length" (the longer match), "position" (the earlier start) or "order"
  // (the rule loaded first; see RuleSet::Load on the order of folders).
  const char* criterion = "";
};

// Per-document state: token ids, lexicon matches and labels found so far.
struct DocState {
  std::vector<uint32_t> key_ids, lemma_ids;
  std::vector<std::vector<SpanInfo>> spans;  // per sentence
  std::vector<Attributes> attrs;
  bool record_losses = false;       // fill `losses` (cleared by Program::Begin)
  std::vector<OverlapLoss> losses;  // matches dropped for an overlap, every stage
  // Scratch reused across sentences.
  std::vector<std::vector<uint16_t>> features;  // per token of the sentence
  std::vector<int32_t> slots;                   // matches found by the engine
  std::vector<uint8_t> where;                   // feature id -> vm::Input::Where in the sentence
  std::vector<uint64_t> bloom;                  // per token: vm::Input::Bit of each listed feature
  std::vector<uint16_t> touched;                // features whose `where` entry is set
  std::vector<uint32_t> last;                   // listed feature id -> last token that has it
  std::vector<uint8_t> lazy;      // token x general test -> 0 unknown, 1 false, 2 true
  std::vector<uint8_t> coverage;  // coverage row of a span class x token -> covered

  // Adds a span to sentence `sentence`.
  void AddSpan(uint32_t sentence, SpanInfo span) { spans[sentence].push_back(span); }
  int32_t AddAttrs(Attributes a) {
    attrs.push_back(std::move(a));
    return static_cast<int32_t>(attrs.size() - 1);
  }
};

// What the stage DFAs (dfa.h) of every thread did since the process began,
// summed: for benchmarks (bench/segment_bench prints them).
struct DfaCounters {
  uint64_t hits = 0;           // transitions found in a cache
  uint64_t misses = 0;         // transitions built
  uint64_t resets = 0;         // caches cleared for their memory budget
  uint64_t fallbacks = 0;      // sentences where every rule ran (budget exceeded)
  uint64_t states = 0;         // states built
  uint64_t retired = 0;        // rules no longer scanned: their scans seldom said no
  uint64_t sentences = 0;      // sentence x stage scans
  uint64_t rules_run = 0;      // rules run by the engines after the DFA and the prefilter
  uint64_t rules_skipped = 0;  // rules the DFA ruled out
  uint64_t rules_matched = 0;  // rules run that found a match
};
DfaCounters DfaTotals();

class Program {
 public:
  // Compiles every rule of `rules` (which must outlive the Program). Errors
  // (unknown names, RE2 failures) and warnings (patterns that can match
  // nothing, unused lexicons, shadowed entries) go to `diagnostics`.
  static Status Compile(const RuleSet& rules, std::unique_ptr<Program>* out,
                        std::vector<Diagnostic>* diagnostics);
  ~Program();

  const RuleSet& rule_set() const { return rules_; }
  // Lexicon names first (same indices as the LexiconSet), then labels.
  const std::vector<std::string>& span_names() const { return span_names_; }
  // Index of span name `name` or -1.
  int SpanName(std::string_view name) const;
  // The value of attribute `key` of a span, or empty.
  std::string_view Attr(const DocState& state, const SpanInfo& span, std::string_view key) const;

  // Prepares `state` for `doc`: token ids and lexicon matches.
  void Begin(const text::AnalyzedText& doc, DocState* state) const;

  // Runs the rules of `stage` on every sentence. Label rules add their spans
  // to `state` (later stages see them); every match, after overlaps are
  // resolved, is appended to `out`. A stance or claim match with a `blocker`
  // capture is kept (it gives no output, but explain and examples see it)
  // and drops no other match: a blocker cancels its own match only.
  void RunStage(Stage stage, const text::AnalyzedText& doc, DocState* state,
                std::vector<RuleMatch>* out) const;

  // Runs one rule on one sentence (no overlap resolution). For explain and
  // the example runner.
  void RunRule(uint32_t rule, const text::AnalyzedText& doc, uint32_t sentence, DocState* state,
               std::vector<RuleMatch>* out) const;

  // "Why not": the longest prefix of rule `rule`'s top-level sequence that
  // matches somewhere in `sentence`. Returns the number of elements matched
  // (== element count when the whole rule matches), the byte offset in the
  // pattern of the first element that failed, and the tokens of the prefix
  // match: the first one in `first`/`end`, every one (left to right, not
  // overlapping) in `spans`, since the one that was meant may be a later
  // one ("(Reuters) - The ACC on Monday ..." matches a holder twice).
  struct Progress {
    int elements = 0, matched = 0;
    int failed_offset = -1;
    uint32_t first = 0, end = 0;
    std::vector<std::pair<uint32_t, uint32_t>> spans;
  };
  Progress Explain(uint32_t rule, const text::AnalyzedText& doc, uint32_t sentence,
                   DocState* state) const;

  // The encoded form of a sentence, for debugging: one line per token with
  // the names of its features.
  std::string DescribeFeatures(const text::AnalyzedText& doc, uint32_t sentence, DocState* state,
                               Stage stage) const;

  // The compiled form; defined in program_impl.h, private to the library.
  struct Impl;

 private:
  explicit Program(const RuleSet& rules);
  // Computes the features of a sentence's tokens for `stage` into `state`;
  // general tests are left to be evaluated lazily unless `list_general`.
  void Encode(const text::AnalyzedText& doc, uint32_t sentence, DocState* state, int stage,
              bool list_general = false) const;
  void MatchRule(uint32_t rule, const text::AnalyzedText& doc, uint32_t sentence, DocState& state,
                 std::vector<RuleMatch>* out) const;

  const RuleSet& rules_;
  std::vector<std::string> span_names_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace argx::rules

#endif  // ARGX_RULES_PROGRAM_H_
