#include "rules/pattern.h"

#include <gtest/gtest.h>

namespace argx::rules {
namespace {

// Parses `p` and returns "" or the error as "col: message".
std::string ErrorOf(const std::string& p) {
  PatternNode n;
  Diagnostic d;
  auto where = [](int off) { return SourcePos{"f.yaml", 1, off + 1}; };
  if (ParsePattern(p, where, &n, &d)) return "";
  return std::to_string(d.pos.column) + ": " + d.message;
}

TEST(PatternTest, ParsesEveryElement) {
  PatternNode n;
  Diagnostic d;
  auto where = [](int off) { return SourcePos{"f", 1, off + 1}; };
  ASSERT_TRUE(ParsePattern(
      R"((?<holder> @actor ((and | ",") @actor)*) [lemma=have|be]? [shape=cap & !@titles]{0,2} )"
      R"("in order to" [re="^[A-Z]+$"] @cues[polarity=oppose, kind!=weak] [] said # comment)",
      where, &n, &d))
      << d.message;
  EXPECT_EQ(n.kind, PatternNode::Kind::kSeq);
  EXPECT_EQ(n.children.size(), 8u);
  EXPECT_EQ(n.children[0].kind, PatternNode::Kind::kCapture);
  EXPECT_EQ(n.children[0].name, "holder");
  EXPECT_EQ(n.children[1].kind, PatternNode::Kind::kRepeat);
  EXPECT_EQ(n.children[1].min, 0);
  EXPECT_EQ(n.children[1].max, 1);
  EXPECT_EQ(n.children[2].min, 0);
  EXPECT_EQ(n.children[2].max, 2);
  EXPECT_EQ(n.children[3].kind, PatternNode::Kind::kLiteral);
  EXPECT_EQ(n.children[3].literal, "in order to");
  EXPECT_EQ(n.children[5].kind, PatternNode::Kind::kSpan);
  EXPECT_EQ(n.children[5].span.Canonical(), "cues[kind!=weak,polarity=oppose]");
  EXPECT_EQ(n.children[6].test.kind, TokenTest::Kind::kAny);
  EXPECT_EQ(CaptureNames(n), (std::vector<std::string>{"holder"}));
}

TEST(PatternTest, CanonicalFormsShareFeatures) {
  TokenTest a, b;
  a.kind = b.kind = TokenTest::Kind::kKey;
  a.values = {"to", "of"};
  b.values = {"of", "to"};
  EXPECT_EQ(a.Canonical(), b.Canonical());
}

// Every parse error message, verbatim, with its column.
TEST(PatternTest, ErrorMessages) {
  EXPECT_EQ(ErrorOf(""), "1: empty pattern");
  EXPECT_EQ(ErrorOf("a )"), "3: unbalanced ')'");
  EXPECT_EQ(ErrorOf("(a b"), "1: unclosed '('");
  EXPECT_EQ(ErrorOf("a | "), "3: empty alternative after '|'");
  EXPECT_EQ(ErrorOf("| a"), "1: empty alternative before '|'");
  EXPECT_EQ(ErrorOf("? a"), "1: '?' must follow an element");
  EXPECT_EQ(ErrorOf("a ]"), "3: unbalanced ']'");
  EXPECT_EQ(ErrorOf("a{}"), "2: empty repetition '{}'");
  EXPECT_EQ(ErrorOf("a{2"), "4: expected a number, ',' or '}' in repetition");
  EXPECT_EQ(ErrorOf("a{2,3"), "6: expected '}'");
  EXPECT_EQ(ErrorOf("a{x}"), "3: expected a number, ',' or '}' in repetition");
  EXPECT_EQ(ErrorOf("a{3,1}"), "2: repetition {m,n} with n < m");
  EXPECT_EQ(ErrorOf("a{0,500}"), "2: repetition bound over 100");
  EXPECT_EQ(ErrorOf("(?<> a)"), "4: expected a capture name and '>' after '(?<'");
  EXPECT_EQ(ErrorOf("(?: a)"), "2: unknown group syntax: use (...) or (?<name> ...)");
  EXPECT_EQ(ErrorOf("(?<x> )"), "1: empty capture 'x'");
  EXPECT_EQ(ErrorOf("a ()"), "3: empty group '()'");
  EXPECT_EQ(ErrorOf("\"abc"), "1: unterminated string");
  EXPECT_EQ(ErrorOf("\"\""), "1: empty string");
  EXPECT_EQ(ErrorOf("@ a"), "1: expected a lexicon or label name after '@'");
  EXPECT_EQ(ErrorOf("@x[k]"), "5: expected '=' or '!=' after attribute 'k'");
  EXPECT_EQ(ErrorOf("@x[=v]"), "4: expected an attribute name");
  EXPECT_EQ(ErrorOf("@x[k=v"), "3: unclosed '['");
  EXPECT_EQ(ErrorOf("[lower=]"), "8: expected a value");
  EXPECT_EQ(ErrorOf("[!lower=.|;|,]"),
            "13: expected a value: ',' ends a value unquoted; to match it, quote it (\",\")");
  EXPECT_EQ(ErrorOf("[lower=a b]"), "10: expected ']' or '&'");
  EXPECT_EQ(ErrorOf("[lower=a"), "1: unclosed '['");
  EXPECT_EQ(ErrorOf("[colour=red]"),
            "2: unknown token field 'colour' (expected lower, word, lemma, shape or re)");
  EXPECT_EQ(ErrorOf("[lower a]"), "8: expected '=' after 'lower'");
  EXPECT_EQ(ErrorOf("[= a]"), "2: expected a token test (lower=, word=, lemma=, shape=, re=, @name)");
  EXPECT_EQ(ErrorOf("[!\",\"]"),
            "3: a quoted word inside [ ] needs a field: write lower=\"...\" (any token but a "
            "comma: [!lower=\",\"])");
  EXPECT_EQ(ErrorOf("[shape=round]"),
            "8: unknown shape 'round' (expected cap, upper, lower, number, punct, word, initial or "
            "abbrev)");
  EXPECT_EQ(ErrorOf("[re=a|b]"), "5: re= takes one regular expression (quote it)");
  EXPECT_EQ(ErrorOf("[!(a=b]"), "4: unknown token field 'a' (expected lower, word, lemma, shape or re)");
  EXPECT_EQ(ErrorOf("[lower=a &]"), "11: expected a token test (lower=, word=, lemma=, shape=, re=, @name)");
}

TEST(PatternTest, DeepNestingIsAnErrorNotACrash) {
  std::string p(150, '(');
  p += "a";
  p += std::string(150, ')');
  EXPECT_EQ(ErrorOf(p), "102: patterns nest too deep (more than 100 groups)");
}

}  // namespace
}  // namespace argx::rules
