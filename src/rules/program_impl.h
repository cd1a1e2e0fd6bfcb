// Private to the rules library: the compiled form of a rule set, shared by
// compiler.cc (building it) and matcher.cc (running it).
#ifndef ARGX_RULES_PROGRAM_IMPL_H_
#define ARGX_RULES_PROGRAM_IMPL_H_

#include <re2/re2.h>

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "rules/program.h"
#include "rules/vm.h"
#include "text/segmenter.h"

namespace argx::rules {

// Feature ids fit in 14 bits: the top bit of a uint16 stays free (StageData::kCertain).
inline constexpr int kMaxFeatures = 1 << 14;

// A token test with its values resolved to vocabulary ids.
struct CompiledTest {
  TokenTest::Kind kind = TokenTest::Kind::kAny;
  std::vector<uint32_t> ids;         // kKey (key ids), kLemma (lemma ids); sorted
  std::vector<uint64_t> id_bits;     // the same as a bit per vocabulary id (one lookup per token)
  std::vector<std::string> strings;  // kSurface, kShape
  // kSurface: also the match keys of the words (empty when one is not a single token).
  std::vector<uint8_t> shapes;         // kShape, as Shape codes (no string compares per token)
  const re2::RE2* regex = nullptr;     // kRegex
  // kRegex: letters the pattern ends with before a final `$` ("ly" of
  // ^[a-z]+ly$), which every matching word ends with (RequiredSuffix).
  std::string regex_suffix;
  uint32_t regex_id = 0;               // kRegex: unique in the process (keys RegexPasses' cache)
  int span_class = -1;                 // kInSpan
  std::vector<CompiledTest> children;  // kAnd, kNot
};

// The literal text every match of `pattern` ends the subject with, as far
// as a simple reading shows: the letters, digits and apostrophes before a
// final unescaped `$` ("ly" of "^[a-z]+ly$", "ing" of "ing$"); empty when
// there is none or the pattern could say otherwise (an alternation, flags,
// quoting). A word that does not end with it cannot match, which saves the
// cache lookup of RegexPasses for most words.
std::string RequiredSuffix(std::string_view pattern);

// The shapes of [shape=...], in the order of the names kShapeNames lists.
enum class Shape : uint8_t { kCap, kUpper, kLower, kNumber, kPunct, kWord, kAbbrev, kInitial };
inline constexpr const char* kShapeNames[] = {"cap",   "upper", "lower",  "number",
                                              "punct", "word",  "abbrev", "initial"};

struct TokenFeature {
  CompiledTest test;
  std::string canonical;
};

struct SpanClass {
  uint32_t name = 0;  // index into span_names
  std::vector<AttrTest> attrs;
  // First token, middle tokens, last token (a one-token span has begin and
  // end), so an element @name always takes a whole span, never a prefix.
  uint16_t begin_feature = 0, inside_feature = 0, end_feature = 0;
  std::string canonical;
};

struct CompiledRule {
  vm::Program prog;  // token patterns (empty for regex rules)
  // The pattern with its counted repetitions unbounded (Emitter::
  // set_relax_counts): what the stage DFA runs. Matches at least what
  // `prog` matches.
  vm::Program dfa_prog;
  std::unique_ptr<re2::RE2> re;  // `regex:` rules, over the sentence text
  // Prefilter: features a sentence must have for the rule to possibly match,
  // as clauses that must each have one feature present (AND of ORs).
  std::vector<std::vector<uint16_t>> clauses;
  uint32_t stage_index = 0;  // pattern rules: its index in StageData::pattern_rules
  // The features a match can begin on; empty when a match can begin
  // anywhere. Only tokens with one of them start a search.
  std::vector<uint16_t> firsts;
  std::vector<std::string> group_names;  // group g (1-based) -> capture name; [0] unused
  bool regex_rule = false;               // `regex:` over the sentence text
  uint32_t label_span = 0;               // label rules: index of the label in span_names
  bool ok() const { return regex_rule ? re != nullptr : !prog.insts.empty(); }
};

struct StageData {
  std::vector<uint32_t> pattern_rules;  // rules with token patterns
  // The prefilter clauses (CompiledRule::clauses) of pattern_rules in two
  // flat arrays, read for every rule of the stage in every sentence (and by
  // MatchRule, by CompiledRule::stage_index): rule
  // k's clauses are [rule_clauses[k], rule_clauses[k + 1]), clause c's
  // features clause_features[clause_begin[c] .. clause_begin[c + 1]).
  // Walking each rule's own vectors of vectors was a cache miss or more a
  // rule (cachegrind: a sixth of the D1 misses of the rules alone).
  std::vector<uint32_t> rule_clauses, clause_begin;
  std::vector<uint16_t> clause_features;
  std::vector<uint32_t> regex_rules;
  // The span classes this stage's patterns and tests name.
  std::vector<uint32_t> span_classes;
  std::vector<std::vector<uint32_t>> classes_of_name;  // span name -> its classes in span_classes
  // Span class -> its row in DocState::coverage, or -1 when no [@name] test
  // of this stage reads it.
  std::vector<int32_t> coverage_row;
  // Span class -> the features that are exactly [@that class]: listed on
  // the tokens of its spans, never evaluated.
  std::vector<std::vector<uint16_t>> inspan_features;
  uint32_t coverage_rows = 0;
  // The features anchored on a word (key) or lemma id, as flat arrays
  // indexed by vocabulary id (no hashing per token): those of key id k are
  // key_index.features[key_index.begin[k] .. key_index.begin[k + 1]).
  struct FlatIndex {
    std::vector<uint32_t> begin;  // vocabulary size + 1
    std::vector<uint16_t> features;
    // A bit per vocabulary id: whether it has features. Few do (a few
    // hundred of 15,000), and the bits of all fit in a few cache lines,
    // where `begin` (60 KB an index, eight of them) was a cache miss for
    // most tokens with a known word (cachegrind: a twentieth of the rules'
    // LL misses).
    std::vector<uint64_t> any;
    bool Any(uint32_t id) const {
      return (id >> 6) < any.size() && (any[id >> 6] >> (id & 63) & 1) != 0;
    }
    void Build(const std::unordered_map<uint32_t, std::vector<uint16_t>>& map, size_t vocab);
  };
  // In a FlatIndex entry: the feature holds wherever the id does.
  static constexpr uint16_t kCertain = 0x8000;
  FlatIndex key_index, lemma_index;
  // Tests anchored on no word or lemma ([shape=cap], [!(lower=,)], [re=ly$]):
  // evaluated lazily, on the tokens a rule asks about, and remembered.
  std::vector<uint16_t> general;
  std::vector<int32_t> general_slot;  // feature id -> index in `general`, or -1
  // Feature id of a general test -> the begin feature of a span class the
  // token must be in for the test to pass ([@titles], [@verbs & re=ing$]),
  // or -1: a sentence without such a span cannot pass the test anywhere.
  std::vector<int32_t> general_needs;
  std::vector<char> used_feature;  // feature id -> used in this stage
};

// A number no other Program of the process has: per-thread caches built
// for one Program (the stage DFAs) know when they meet another.
inline uint64_t NextProgramSerial() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

struct Program::Impl {
  uint64_t serial = NextProgramSerial();
  std::vector<TokenFeature> token_features;  // index = feature id (span features: empty test)
  std::unordered_map<std::string, uint16_t> token_feature_ids;
  std::vector<SpanClass> span_classes;
  std::unordered_map<std::string, uint32_t> span_class_ids;
  std::vector<std::string> feature_names;  // feature id -> readable name
  std::vector<CompiledRule> rules;
  StageData stages[kStageCount];
  std::vector<std::unique_ptr<re2::RE2>> token_regexes;
  std::vector<int> label_stage;  // span name -> stage producing it (-1: lexicon)
};

// Turns pattern nodes into VM instructions (vm.h). How a token test or a
// span reference becomes a feature is up to the subclass: compiling creates
// features, explaining only looks them up.
class Emitter {
 public:
  // Programs larger than this are errors: nested counted repetitions
  // multiply ((([]{0,100}){0,100}){0,100} is a million instructions).
  static constexpr size_t kMaxInsts = 100000;

  Emitter(const Program::Impl& impl, text::Segmenter* seg) : impl_(impl), seg_(seg) {}
  virtual ~Emitter() = default;

  // Appends the instructions of `n` to `prog`; capture groups get slots in
  // the order they are first met and their names go to `groups` ([0] unused).
  // Returns false after a failure (already reported through Fail()).
  bool Emit(const PatternNode& n, vm::Program* prog, std::vector<std::string>* groups);

  // With `relax`, a counted repetition x{m,n} is emitted as x{m,}: a larger
  // language, for the stage DFA (dfa.h), whose answer may then only be too
  // generous. Counting ([]{0,20}: "up to 20 tokens later") is what makes
  // the NFA's thread sets, and so the DFA's states, multiply.
  void set_relax_counts(bool relax) { relax_counts_ = relax; }

 protected:
  // The feature of a token test / the span class of a reference, or -1 after
  // reporting why not.
  virtual int TokenFeatureFor(const TokenTest& t) = 0;
  virtual int SpanClassFor(const SpanRef& ref) = 0;
  virtual void Fail(int offset, std::string message) = 0;

  const Program::Impl& impl_;
  text::Segmenter* seg_;

 private:
  uint32_t Add(vm::Op op, uint32_t arg = 0, uint32_t alt = 0);
  bool Node(const PatternNode& n);

  vm::Program* prog_ = nullptr;
  std::vector<std::string>* groups_ = nullptr;
  std::unordered_map<const PatternNode*, uint32_t> group_of_;
  bool failed_ = false;
  bool relax_counts_ = false;
};

// Whether `n` can match zero tokens.
bool Nullable(const PatternNode& n);

}  // namespace argx::rules

#endif  // ARGX_RULES_PROGRAM_IMPL_H_
