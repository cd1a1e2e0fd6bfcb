#include "rules/vm.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <random>
#include <string>
#include <vector>

#include "rules/letter_test_util.h"
#include "rules/pattern.h"
#include "rules/program_impl.h"
#include "text/segmenter.h"

namespace argx::rules {
namespace {



class VmTest : public ::testing::Test {
 protected:
  // Compiles `pattern`; fails the test on a parse error.
  vm::Program Compile(const std::string& pattern) {
    PatternNode tree;
    Diagnostic error;
    auto where = [](int offset) { return SourcePos{"p", 1, offset + 1}; };
    EXPECT_TRUE(ParsePattern(pattern, where, &tree, &error)) << pattern << ": " << error.message;
    vm::Program prog;
    std::vector<std::string> groups;
    LetterEmitter emitter(impl_, &seg_);
    EXPECT_TRUE(emitter.Emit(tree, &prog, &groups)) << pattern << ": " << emitter.error;
    prog.insts.push_back({vm::Op::kMatch});
    vm::ComputeLookahead({}, &prog);
    return prog;
  }

  // Every match of `prog` in `letters` ("abca"), as the slots joined by
  // commas and matches by spaces: "0,2,1,2" is tokens [0, 2) with group 1 at [1, 2).
  std::string Find(const vm::Program& prog, const std::string& letters, uint64_t budget,
                   uint32_t begin_limit = UINT32_MAX) {
    std::vector<std::vector<uint16_t>> features(letters.size());
    for (size_t i = 0; i < letters.size(); ++i)
      features[i] = {static_cast<uint16_t>(letters[i] - 'a')};
    std::vector<uint8_t> where(3, vm::Input::kListed);
    std::vector<uint64_t> bloom(letters.size());
    for (size_t i = 0; i < letters.size(); ++i) bloom[i] = vm::Input::Bit(letters[i] - 'a');
    vm::Input in;
    in.tokens = static_cast<uint32_t>(letters.size());
    in.features = features.data();
    in.bloom = bloom.data();
    in.where = where.data();
    in.begin_limit = begin_limit;
    vm::Engine engine;
    engine.set_bitstate_budget(budget);
    std::vector<int32_t> slots;
    engine.FindAll(prog, in, &slots);
    std::string out;
    for (size_t k = 0; k < slots.size(); ++k) {
      if (k % prog.slots == 0 && k)
        out += " ";
      else if (k)
        out += ",";
      out += std::to_string(slots[k]);
    }
    return out;
  }

  // The same with both engines, which must agree.
  std::string FindBoth(const std::string& pattern, const std::string& letters) {
    vm::Program prog = Compile(pattern);
    std::string bitstate = Find(prog, letters, ~uint64_t{0});
    EXPECT_EQ(Find(prog, letters, 0), bitstate) << pattern << " on " << letters;
    return bitstate;
  }

  Program::Impl impl_;
  text::Segmenter seg_;
};

TEST_F(VmTest, LeftmostFirstLikeRe2) {
  // The earlier alternative wins even when a later one is longer.
  EXPECT_EQ(FindBoth("(?<x> a | a b)", "ab"), "0,1,0,1");
  // Greedy repetition takes as much as it can; lazy alternatives are not a thing.
  EXPECT_EQ(FindBoth("a []*", "abc"), "0,3");
  EXPECT_EQ(FindBoth("a []? c", "ac"), "0,2");
  // Matches do not overlap and go left to right.
  EXPECT_EQ(FindBoth("a b", "ababa"), "0,2 2,4");
  // A group inside a repetition keeps its last iteration.
  EXPECT_EQ(FindBoth("((?<x> a | b))+", "abba"), "0,4,3,4");
  // A group that took no part is -1.
  EXPECT_EQ(FindBoth("a (?<x> b)? c", "ac"), "0,2,-1,-1");
  // Counted repetition, bounded.
  EXPECT_EQ(FindBoth("a{2,3}", "aaaaa"), "0,3 3,5");
  EXPECT_EQ(FindBoth("c", "ab"), "");
  EXPECT_EQ(FindBoth("a", ""), "");
}

TEST_F(VmTest, NoMatchBeginsAtOrAfterTheLimit) {
  vm::Program prog = Compile("a []");
  EXPECT_EQ(Find(prog, "abab", ~uint64_t{0}), "0,2 2,4");
  EXPECT_EQ(Find(prog, "abab", ~uint64_t{0}, 2), "0,2");
  EXPECT_EQ(Find(prog, "abab", 0, 2), "0,2");
  EXPECT_EQ(Find(prog, "abab", 0, 0), "");
}

TEST_F(VmTest, EmptyMatchesAreSkipped) {
  EXPECT_EQ(FindBoth("b?", "aba"), "1,2");
  EXPECT_EQ(FindBoth("a* b", "aabb"), "0,3 3,4");
}

// Random patterns over the letters a, b, c (RandomPattern, letter_test_util.h)
// against random strings, with RE2 as the oracle for leftmost-first matches
// and captures, and the two engines against each other.
TEST_F(VmTest, AgreesWithRe2OnRandomPatterns) {
  std::mt19937 rng(20261130);
  int compared = 0, matched = 0;
  for (int round = 0; round < 1500; ++round) {
    int groups = 0;
    Rendered p = RandomPattern(rng, 4, &groups);
    re2::RE2 re(p.re2);
    ASSERT_TRUE(re.ok()) << p.re2;
    vm::Program prog = Compile(p.argx);
    for (int t = 0; t < 8; ++t) {
      std::string text;
      for (int len = rng() % 10; len > 0; --len) text += static_cast<char>('a' + rng() % 3);
      std::string want = Re2FindAll(re, text);
      ASSERT_EQ(Find(prog, text, ~uint64_t{0}), want)
          << p.argx << "  ~  " << p.re2 << " on " << text;
      ASSERT_EQ(Find(prog, text, 0), want) << "Pike VM: " << p.argx << " on " << text;
      ++compared;
      matched += !want.empty();
    }
  }
  EXPECT_EQ(compared, 12000);
  EXPECT_GT(matched, 3000);  // the comparison is not all "no match"
}

// The lookahead of a split's branch, by its definition: what is consumed
// first on any path of epsilon moves from it (a search from each branch).
vm::Lookahead LookaheadByDefinition(const vm::Program& prog, uint32_t from) {
  vm::Lookahead la;
  la.open = false;
  la.nullable = false;
  std::vector<char> seen(prog.insts.size(), 0);
  std::vector<uint32_t> stack = {from};
  while (!stack.empty()) {
    uint32_t pc = stack.back();
    stack.pop_back();
    if (seen[pc]) continue;
    seen[pc] = 1;
    const vm::Inst& inst = prog.insts[pc];
    switch (inst.op) {
      case vm::Op::kSplit:
        stack.push_back(inst.arg);
        stack.push_back(inst.alt);
        break;
      case vm::Op::kJump:
        stack.push_back(inst.arg);
        break;
      case vm::Op::kSave:
        stack.push_back(pc + 1);
        break;
      case vm::Op::kMatch:
        la.nullable = true;
        break;
      case vm::Op::kAny:
        la.open = true;
        break;
      case vm::Op::kFeature:
        la.mask |= vm::Input::Bit(inst.arg);
        break;
      case vm::Op::kFeature2:
        la.mask |= vm::Input::Bit(inst.arg);
        break;
    }
  }
  return la;
}

// ComputeLookahead joins components of epsilon cycles ("(a*)*"): on random
// patterns and on nested loops it gives what the definition gives.
TEST_F(VmTest, LookaheadOfEverySplitFollowsItsDefinition) {
  std::mt19937 rng(20261207);
  std::vector<std::string> patterns = {"(a*)*b", "((a|b?)*c*)*", "(a?)*(b*)*c", "a+++++b"};
  for (int round = 0; round < 300; ++round) {
    int groups = 0;
    patterns.push_back(RandomPattern(rng, 4, &groups).argx);
  }
  int splits = 0;
  for (const std::string& pattern : patterns) {
    vm::Program prog = Compile(pattern);
    for (const vm::Inst& inst : prog.insts) {
      if (inst.op != vm::Op::kSplit) continue;
      ++splits;
      for (auto [target, got] : {std::pair{inst.arg, inst.arg_ahead}, {inst.alt, inst.alt_ahead}}) {
        vm::Lookahead want = LookaheadByDefinition(prog, target);
        EXPECT_EQ(got.mask, want.mask) << pattern << " at " << target;
        EXPECT_EQ(got.open, want.open) << pattern << " at " << target;
        EXPECT_EQ(got.nullable, want.nullable) << pattern << " at " << target;
      }
    }
  }
  EXPECT_GT(splits, 500);
}

// Beyond the BitState budget the Pike VM runs: a long input and a large
// program need memory for the program, not program x input.
TEST_F(VmTest, LongInputsUseThePikeVm) {
  vm::Program prog = Compile("(a []{0,30})+ c");
  std::string text(200000, 'a');
  text += "c";
  std::string found = Find(prog, text, 1 << 20);
  EXPECT_EQ(found, "0,200001");
}

TEST_F(VmTest, NestedRepetitionIsRefused) {
  PatternNode tree;
  Diagnostic error;
  auto where = [](int offset) { return SourcePos{"p", 1, offset + 1}; };
  ASSERT_TRUE(ParsePattern("((([]{0,100}){0,100}){0,100})", where, &tree, &error));
  vm::Program prog;
  std::vector<std::string> groups;
  LetterEmitter emitter(impl_, &seg_);
  EXPECT_FALSE(emitter.Emit(tree, &prog, &groups));
  EXPECT_NE(
      emitter.error.find("pattern does not compile: it expands to more than 100000 token steps"),
      std::string::npos)
      << emitter.error;
}

}  // namespace
}  // namespace argx::rules
