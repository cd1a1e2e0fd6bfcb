// Test helper for the engine's tests (vm_test.cc, dfa_test.cc): an emitter
// whose tokens are the letters a, b, c.
#ifndef ARGX_RULES_LETTER_EMITTER_H_
#define ARGX_RULES_LETTER_EMITTER_H_

#include <string>
#include <utility>

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

}  // namespace argx::rules

#endif  // ARGX_RULES_LETTER_EMITTER_H_
