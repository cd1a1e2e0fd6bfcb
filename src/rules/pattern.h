// Token patterns: the syntax rule writers use to describe a sequence of
// tokens, parsed into a small tree that the compiler turns into RE2.
//
//   (?<holder> @actor) [lemma=have|be]? [lower=also|further]{0,2}
//   (?<cue> [lemma=express|voice] [lower=his|her|its|their]? @oppose_nouns) to
//   (?<target> @target_phrase)
//
// Elements:
//   word, "two words", ","      literal tokens, compared by match key
//                               (case-insensitive, ’ = ')
//   [lower=a|b] [word=US]       one token: match key / exact surface in a set
//   [lemma=oppose|back]         one token whose lemma is in the set
//   [shape=cap|upper|lower|number|punct|word|initial]
//   [re="^[A-Z]{2,5}$"]         one token whose surface the RE2 regex finds
//   [@actor] [@countries]       one token inside a span of that lexicon/label
//   [a & !b], [!(a & b)]        conjunction and negation of the above; []: any token
//   @name, @name[k=v|w, k!=v]   a whole span of lexicon or earlier label `name`
//                               whose attributes pass the tests
//   ( ... ) (?<name> ... ) a|b  grouping, named capture, alternation
//   ? * + {n} {m,n} {,n}        repetition of the element before
//   # ...                       comment to the end of the line
#ifndef ARGX_RULES_PATTERN_H_
#define ARGX_RULES_PATTERN_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/source_error.h"

namespace argx::rules {

struct AttrTest {
  std::string key;
  bool negated = false;  // k!=v
  std::vector<std::string> values;
};

// A reference to spans: a lexicon or a label produced by an earlier stage.
struct SpanRef {
  std::string name;
  std::vector<AttrTest> attrs;
  int offset = 0;  // byte offset of '@' in the pattern
  std::string Canonical() const;  // "name[k=v|w,k!=x]": identity for feature sharing
};

struct TokenTest {
  enum class Kind { kAny, kAnd, kNot, kKey, kSurface, kLemma, kShape, kRegex, kInSpan };
  Kind kind = Kind::kAny;
  std::vector<std::string> values;   // kKey, kSurface, kLemma, kShape, kRegex (one)
  std::vector<TokenTest> children;   // kAnd, kNot (one)
  SpanRef span;                      // kInSpan
  int offset = 0;
  std::string Canonical() const;  // identity for feature sharing
};

struct PatternNode {
  enum class Kind { kSeq, kAlt, kRepeat, kCapture, kToken, kSpan, kLiteral };
  Kind kind = Kind::kSeq;
  std::vector<PatternNode> children;  // kSeq, kAlt, kRepeat (one), kCapture (one)
  int min = 1, max = 1;               // kRepeat; max -1 = unbounded
  bool lazy = false;                  // kRepeat written x*? x+? x?? x{m,n}?: fewest first
  std::string name;                   // kCapture
  TokenTest test;                     // kToken
  SpanRef span;                       // kSpan
  std::string literal;                // kLiteral: text to tokenize like a document
  int offset = 0;                     // byte offset in the pattern source
};

// Maps a byte offset in the pattern text to its place in the rule file.
using PositionMap = std::function<SourcePos(int offset)>;

// Parses `source`. On error returns false and fills `error` (with its
// position from `where`; the caller fills in source_line).
bool ParsePattern(std::string_view source, const PositionMap& where, PatternNode* out,
                  Diagnostic* error);

// Every capture name used in the tree (sorted, unique).
std::vector<std::string> CaptureNames(const PatternNode& node);

}  // namespace argx::rules

#endif  // ARGX_RULES_PATTERN_H_
