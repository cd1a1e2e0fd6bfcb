#include "rules/dfa.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <random>
#include <string>
#include <vector>

#include "rules/letter_test_util.h"
#include "rules/pattern.h"
#include "rules/program_impl.h"
#include "rules/vm.h"
#include "text/segmenter.h"

namespace argx::rules {
namespace {

// Tokens are the letters a, b, c (features 0, 1, 2): LetterEmitter.

class DfaTest : public ::testing::Test {
 protected:
  vm::Program Compile(const std::string& pattern) {
    PatternNode tree;
    Diagnostic error;
    auto where = [](int offset) { return SourcePos{"p", 1, offset + 1}; };
    EXPECT_TRUE(ParsePattern(pattern, where, &tree, &error)) << pattern << ": " << error.message;
    vm::Program prog;
    std::vector<std::string> groups;
    LetterEmitter emitter(impl_, &seg_);
    EXPECT_TRUE(emitter.Emit(tree, &prog, &groups)) << pattern;
    prog.insts.push_back({vm::Op::kMatch});
    vm::ComputeLookahead({}, &prog);
    return prog;
  }

  static std::vector<std::vector<uint16_t>> Features(const std::string& letters) {
    std::vector<std::vector<uint16_t>> f(letters.size());
    for (size_t i = 0; i < letters.size(); ++i) f[i] = {static_cast<uint16_t>(letters[i] - 'a')};
    return f;
  }

  // Whether the capturing engine finds a (non-empty) match of `prog`.
  static bool EngineFinds(const vm::Program& prog, const std::string& letters) {
    std::vector<std::vector<uint16_t>> features = Features(letters);
    std::vector<uint8_t> where(3, vm::Input::kListed);
    vm::Input in;
    in.tokens = static_cast<uint32_t>(letters.size());
    in.features = features.data();
    in.where = where.data();
    vm::Engine engine;
    std::vector<int32_t> slots;
    engine.FindAll(prog, in, &slots);
    return !slots.empty();
  }

  Program::Impl impl_;
  text::Segmenter seg_;
};

// The DFA's answer for every program of a "stage" of random patterns is
// exactly whether the pattern matches somewhere (RE2 as the oracle), and
// never "no" where the capturing engine finds a match.
TEST_F(DfaTest, AgreesWithRe2AndTheEngineOnRandomPatterns) {
  std::mt19937 rng(20261207);
  int compared = 0, flagged = 0, misses = 0;
  for (int round = 0; round < 300; ++round) {
    std::vector<Rendered> patterns;
    std::vector<vm::Program> programs;
    std::vector<std::unique_ptr<re2::RE2>> res;
    const int count = 1 + static_cast<int>(rng() % 6);
    for (int k = 0; k < count; ++k) {
      int groups = 0;
      patterns.push_back(RandomPattern(rng, 4, &groups));
      programs.push_back(Compile(patterns.back().argx));
      res.push_back(std::make_unique<re2::RE2>(patterns.back().re2));
      ASSERT_TRUE(res.back()->ok()) << patterns.back().re2;
    }
    std::vector<const vm::Program*> ptrs;
    for (const vm::Program& p : programs) ptrs.push_back(&p);
    vm::Dfa dfa(ptrs, {}, size_t{1} << 20);
    for (int t = 0; t < 20; ++t) {
      std::string text;
      for (int len = rng() % 12; len > 0; --len) text += static_cast<char>('a' + rng() % 3);
      std::vector<std::vector<uint16_t>> features = Features(text);
      std::vector<uint8_t> may(programs.size(), 1);
      if (t % 4 == 3) may[0] = 0;  // not asked: the answer is "no"
      ASSERT_TRUE(dfa.Scan(features.data(), static_cast<uint32_t>(text.size()), &may));
      ASSERT_EQ(may.size(), programs.size());
      for (int k = 0; k < count; ++k) {
        bool exists = re2::RE2::PartialMatch(text, *res[k]) && !(t % 4 == 3 && k == 0);
        ASSERT_EQ(may[k] != 0, exists) << patterns[k].argx << " on '" << text << "'";
        if (EngineFinds(programs[k], text) && !(t % 4 == 3 && k == 0)) {
          ASSERT_TRUE(may[k]) << patterns[k].argx << " on '" << text << "'";
        }
        ++compared;
        flagged += may[k];
      }
    }
    misses += static_cast<int>(dfa.stats().misses);
    EXPECT_EQ(dfa.stats().fallbacks, 0u);
  }
  EXPECT_GT(compared, 10000);
  EXPECT_GT(flagged, compared / 5);             // not all "no"
  EXPECT_LT(flagged, compared - compared / 5);  // nor all "yes"
  EXPECT_GT(misses, 0);
}

// A transition built once is taken from the cache after.
TEST_F(DfaTest, CachedTransitionsAreHits) {
  vm::Program p = Compile("a []{0,2} c");
  vm::Dfa dfa({&p}, {}, size_t{1} << 20);
  std::vector<std::vector<uint16_t>> f = Features("abbc");
  std::vector<uint8_t> may;
  may.clear();  // ask about every program
  ASSERT_TRUE(dfa.Scan(f.data(), 4, &may));
  EXPECT_EQ(may, std::vector<uint8_t>{1});
  const uint64_t misses = dfa.stats().misses;
  EXPECT_EQ(misses, 4u);
  may.clear();  // ask about every program
  ASSERT_TRUE(dfa.Scan(f.data(), 4, &may));
  EXPECT_EQ(dfa.stats().misses, misses);
  EXPECT_EQ(dfa.stats().hits, 4u);
  f = Features("abbbc");  // the gap is too long
  may.clear();            // ask about every program
  ASSERT_TRUE(dfa.Scan(f.data(), 5, &may));
  EXPECT_EQ(may, std::vector<uint8_t>{0});
}

// A feature computed on demand counts as present on every token: the
// answer may be "yes" where the engine finds nothing, never the reverse.
TEST_F(DfaTest, LazyFeaturesCountAsPresent) {
  vm::Program p = Compile("a b");
  std::vector<uint8_t> lazy = {0, 1, 0};  // b is lazy
  vm::Dfa dfa({&p}, lazy, size_t{1} << 20);
  std::vector<uint8_t> may;
  std::vector<std::vector<uint16_t>> f = Features("ac");
  may.clear();  // ask about every program
  ASSERT_TRUE(dfa.Scan(f.data(), 2, &may));
  EXPECT_EQ(may, std::vector<uint8_t>{1});
  f = Features("ca");  // nothing after the a
  may.clear();         // ask about every program
  ASSERT_TRUE(dfa.Scan(f.data(), 2, &may));
  EXPECT_EQ(may, std::vector<uint8_t>{0});
}

// Beyond its memory budget the DFA clears its cache and answers "don't
// know" (every program may match); with room again it answers exactly.
TEST_F(DfaTest, OverBudgetFallsBackToEveryProgram) {
  vm::Program p0 = Compile("a []{0,5} b");
  vm::Program p1 = Compile("c c c");
  vm::Dfa tiny({&p0, &p1}, {}, /*budget_bytes=*/1);
  std::vector<uint8_t> may;
  std::vector<std::vector<uint16_t>> f = Features("aab");
  may.clear();  // ask about every program
  EXPECT_FALSE(tiny.Scan(f.data(), 3, &may));
  EXPECT_EQ(may, (std::vector<uint8_t>{1, 1}));
  EXPECT_EQ(tiny.stats().fallbacks, 1u);
  EXPECT_EQ(tiny.stats().resets, 1u);
  // A sentence of tokens that no program tests needs no new state.
  f = {{}, {}, {}};
  may.clear();  // ask about every program
  EXPECT_TRUE(tiny.Scan(f.data(), 3, &may));
  EXPECT_EQ(may, (std::vector<uint8_t>{0, 0}));

  // A budget that holds a few states: long varied input forces resets, and
  // every answer given is still right.
  vm::Dfa small({&p0, &p1}, {}, /*budget_bytes=*/4000);
  std::mt19937 rng(7);
  int fallbacks = 0;
  for (int t = 0; t < 200; ++t) {
    std::string text;
    for (int len = 1 + rng() % 30; len > 0; --len) text += static_cast<char>('a' + rng() % 3);
    f = Features(text);
    may.clear();  // ask about every program
    bool known = small.Scan(f.data(), static_cast<uint32_t>(text.size()), &may);
    if (!known) {
      ++fallbacks;
      EXPECT_EQ(may, (std::vector<uint8_t>{1, 1}));
      continue;
    }
    EXPECT_EQ(may[0] != 0, EngineFinds(p0, text)) << text;
    EXPECT_EQ(may[1] != 0, EngineFinds(p1, text)) << text;
    EXPECT_LE(small.memory(), 4000u + 64u * sizeof(int32_t));
  }
  EXPECT_GT(fallbacks, 0);
  EXPECT_GT(small.stats().resets, 0u);
  EXPECT_LT(fallbacks, 200);
}

// The stage DFA runs each rule with its counted repetitions unbounded
// (Emitter::set_relax_counts): a larger language, so its "no" still means
// the exact program finds nothing.
TEST_F(DfaTest, RelaxedCountsMatchASuperset) {
  std::mt19937 rng(99);
  int refused = 0;
  for (int round = 0; round < 300; ++round) {
    int captures = 0;
    Rendered p = RandomPattern(rng, 4, &captures);
    vm::Program exact = Compile(p.argx);
    PatternNode tree;
    Diagnostic error;
    auto where = [](int offset) { return SourcePos{"p", 1, offset + 1}; };
    ASSERT_TRUE(ParsePattern(p.argx, where, &tree, &error));
    vm::Program relaxed;
    std::vector<std::string> groups;
    LetterEmitter emitter(impl_, &seg_);
    emitter.set_relax_counts(true);
    ASSERT_TRUE(emitter.Emit(tree, &relaxed, &groups));
    relaxed.insts.push_back({vm::Op::kMatch});
    vm::Dfa dfa({&relaxed}, {}, size_t{1} << 20);
    for (int t = 0; t < 20; ++t) {
      std::string text;
      for (int len = rng() % 12; len > 0; --len) text += static_cast<char>('a' + rng() % 3);
      std::vector<std::vector<uint16_t>> f = Features(text);
      std::vector<uint8_t> may;
      ASSERT_TRUE(dfa.Scan(f.data(), static_cast<uint32_t>(text.size()), &may));
      if (EngineFinds(exact, text)) {
        ASSERT_TRUE(may[0]) << p.argx << " on '" << text << "'";
      }
      refused += !may[0];
    }
  }
  EXPECT_GT(refused, 500);  // "no" is still a common answer
}

// A program whose scans seldom say "no" is no longer scanned (its answer is
// "may match" from then on); one that often says "no" keeps being scanned.
TEST_F(DfaTest, ProgramsSeldomRefusedAreRetired) {
  vm::Program every = Compile("[]");
  vm::Program rare = Compile("c c");
  vm::Dfa dfa({&every, &rare}, {}, size_t{1} << 20);
  std::vector<std::vector<uint16_t>> f = Features("ab");
  std::vector<uint8_t> may;
  for (uint32_t i = 0; i < vm::Dfa::kTrial + 10; ++i) {
    may.clear();  // ask about every program
    ASSERT_TRUE(dfa.Scan(f.data(), 2, &may));
    EXPECT_EQ(may, (std::vector<uint8_t>{1, 0}));
  }
  EXPECT_EQ(dfa.stats().retired, 1u);
  const uint64_t steps = dfa.stats().hits + dfa.stats().misses;
  may.clear();
  ASSERT_TRUE(dfa.Scan(f.data(), 2, &may));
  EXPECT_EQ(may, (std::vector<uint8_t>{1, 0}));
  EXPECT_EQ(dfa.stats().hits + dfa.stats().misses, steps + 2);  // "c c" alone
}

// A pattern that matches the empty sentence is always flagged.
TEST_F(DfaTest, NullablePatternsAreAlwaysFlagged) {
  vm::Program p = Compile("a?");
  vm::Dfa dfa({&p}, {}, size_t{1} << 20);
  std::vector<uint8_t> may;
  std::vector<std::vector<uint16_t>> f = Features("bb");
  may.clear();  // ask about every program
  ASSERT_TRUE(dfa.Scan(f.data(), 2, &may));
  EXPECT_EQ(may, std::vector<uint8_t>{1});
}

}  // namespace
}  // namespace argx::rules
