// Helpers for the engine's tests over tokens that are the letters a, b, c
// (vm_test.cc, dfa_test.cc, fuzz/fuzz_vm.cc): an emitter for such patterns,
// random patterns with their RE2 spelling, and RE2's matches over the same
// letters to compare with.
#ifndef ARGX_RULES_LETTER_TEST_UTIL_H_
#define ARGX_RULES_LETTER_TEST_UTIL_H_

#include <re2/re2.h>

#include <random>
#include <string>
#include <utility>
#include <vector>

#include "rules/program_impl.h"
#include "text/segmenter.h"

namespace argx::rules {

// Tokens are the letters a, b, c; the feature of a token is its letter's
// index. Patterns use the rule syntax with those letters as literal words.
class LetterEmitter : public Emitter {
 public:
  LetterEmitter(const Program::Impl& impl, text::Segmenter* seg) : Emitter(impl, seg) {}

 protected:
  int TokenFeatureFor(const TokenTest& t) override {
    if (t.kind != TokenTest::Kind::kKey || t.values.size() != 1 || t.values[0].size() != 1)
      return -1;
    return t.values[0][0] - 'a';
  }
  int SpanClassFor(const SpanRef&) override { return -1; }
  void Fail(int, std::string message) override { error = std::move(message); }

 public:
  std::string error;
};

// Every match RE2 finds in `text` with the same loop as Engine::FindAll.
inline std::string Re2FindAll(const re2::RE2& re, const std::string& text) {
  int n = re.NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> g(n);
  std::string out;
  size_t pos = 0;
  while (pos < text.size() && re.Match(text, pos, text.size(), re2::RE2::UNANCHORED, g.data(), n)) {
    size_t b = g[0].data() - text.data(), e = b + g[0].size();
    if (e == b) {
      pos = b + 1;
      continue;
    }
    if (!out.empty()) out += " ";
    for (int i = 0; i < n; ++i) {
      if (i) out += ",";
      if (g[i].data() == nullptr) {
        out += "-1,-1";
      } else {
        size_t gb = g[i].data() - text.data();
        out += std::to_string(gb) + "," + std::to_string(gb + g[i].size());
      }
    }
    pos = e;
  }
  return out;
}

struct Rendered {
  std::string argx, re2;
  bool nullable = false;
};

// A random pattern over a, b, c with its RE2 spelling, at most `depth`
// deep; captures are named g1, g2, ... counting on from *groups. A repeated
// part that can match nothing is left unrepeated: there the engines differ
// from RE2 on purpose (vm.h); whether a match exists does not.
inline Rendered RandomPattern(std::mt19937& rng, int depth, int* groups) {
  std::uniform_int_distribution<int> pick(0, depth <= 0 ? 1 : 7);
  switch (pick(rng)) {
    case 0: {
      char c = static_cast<char>('a' + rng() % 3);
      return {std::string(1, c), std::string(1, c)};
    }
    case 1:
      if (rng() % 3) {
        char c = static_cast<char>('a' + rng() % 3);
        return {std::string(1, c), std::string(1, c)};
      }
      return {"[]", "."};
    case 2:
    case 3: {  // sequence
      Rendered a = RandomPattern(rng, depth - 1, groups);
      Rendered b = RandomPattern(rng, depth - 1, groups);
      return {a.argx + " " + b.argx, a.re2 + b.re2, a.nullable && b.nullable};
    }
    case 4: {  // alternation
      Rendered a = RandomPattern(rng, depth - 1, groups);
      Rendered b = RandomPattern(rng, depth - 1, groups);
      return {"(" + a.argx + " | " + b.argx + ")", "(?:" + a.re2 + "|" + b.re2 + ")",
              a.nullable || b.nullable};
    }
    case 5: {  // capture
      int g = ++*groups;
      Rendered a = RandomPattern(rng, depth - 1, groups);
      return {"(?<g" + std::to_string(g) + "> " + a.argx + ")", "(" + a.re2 + ")", a.nullable};
    }
    default: {  // repetition
      static const char* kOps[] = {"?", "*", "+", "{2}", "{0,2}", "{1,3}"};
      std::string op = kOps[rng() % 6];
      Rendered a = RandomPattern(rng, depth - 1, groups);
      // A repeated part that can match nothing is where the engines part:
      // RE2 ends a loop after an empty turn and reports that, this engine
      // drops the empty turn and tries the part's other readings (vm.h).
      if (a.nullable) return a;
      return {"(" + a.argx + ")" + op, "(?:" + a.re2 + ")" + op,
              op[0] == '?' || op[0] == '*' || op == "{0,2}"};
    }
  }
}

}  // namespace argx::rules

#endif  // ARGX_RULES_LETTER_TEST_UTIL_H_
