// Private to the rules library: the compiled form of a rule set, shared by
// compiler.cc (building it) and matcher.cc (running it).
#ifndef ARGX_RULES_PROGRAM_IMPL_H_
#define ARGX_RULES_PROGRAM_IMPL_H_

#include <re2/re2.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "rules/program.h"
#include "text/segmenter.h"

namespace argx::rules {

inline constexpr int kMaxFeatures = 1 << 14;  // two bytes of 7 bits each

// A token test with its values resolved to vocabulary ids.
struct CompiledTest {
  TokenTest::Kind kind = TokenTest::Kind::kAny;
  std::vector<uint32_t> ids;          // kKey (key ids), kLemma (lemma ids); sorted
  std::vector<std::string> strings;   // kSurface, kShape
  const re2::RE2* regex = nullptr;    // kRegex
  int span_class = -1;                // kInSpan
  std::vector<CompiledTest> children; // kAnd, kNot
};

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
  std::unique_ptr<re2::RE2> re;
  // Prefilter: features a sentence must have for the rule to possibly match,
  // as clauses that must each have one feature present (AND of ORs).
  std::vector<std::vector<uint16_t>> clauses;
  // The features the regex mentions. A rule runs over an encoding of the
  // sentence with only these (a few bytes a token instead of dozens): RE2
  // then stays in its fast engines (DFA, BitState) instead of the NFA.
  std::vector<uint8_t> uses;  // feature id -> mentioned
  // Feature id -> a match can begin on a token with it; empty when a match
  // can begin anywhere. The rule is tried anchored at each such token: an
  // unanchored search would make RE2's DFA track every possible start at
  // once, and bounded gaps ([]{0,30}) multiply those states beyond its cache.
  std::vector<uint8_t> firsts;
  std::vector<std::string> group_names;  // RE2 group i (1-based) -> capture name; [0] unused
  bool regex_rule = false;               // `regex:` over the sentence text
};

struct StageData {
  std::vector<uint32_t> pattern_rules;  // rules with token patterns
  std::vector<uint32_t> regex_rules;
  // Which span classes this stage needs, and an index from key / lemma ids
  // to the features anchored on them.
  std::vector<uint32_t> span_classes;
  std::unordered_map<uint32_t, std::vector<uint16_t>> by_key, by_lemma;
  std::vector<uint16_t> general;  // evaluated on every token
  std::vector<char> used_feature; // feature id -> used in this stage
};

struct Program::Impl {
  std::vector<TokenFeature> token_features;  // index = feature id (span features: empty test)
  std::unordered_map<std::string, uint16_t> token_feature_ids;
  std::vector<SpanClass> span_classes;
  std::unordered_map<std::string, uint32_t> span_class_ids;
  std::vector<std::string> feature_names;    // feature id -> readable name
  std::vector<CompiledRule> rules;
  StageData stages[kStageCount];
  std::vector<std::unique_ptr<re2::RE2>> token_regexes;
  std::vector<int> label_stage;  // span name -> stage producing it (-1: lexicon)
};

// The regex text of feature id `f`: two escaped bytes.
std::string FeatureRegex(uint16_t f);
// Regex for one token carrying feature `f`.
std::string TokenRegex(uint16_t f);
// Regex for any one token.
const std::string& AnyTokenRegex();
// Regex for one token carrying feature `a` and, after it, feature `b`.
std::string TokenRegex2(uint16_t a, uint16_t b);
// Regex for a whole span of class `sc`.
std::string SpanRegex(const SpanClass& sc);

}  // namespace argx::rules

#endif  // ARGX_RULES_PROGRAM_IMPL_H_
