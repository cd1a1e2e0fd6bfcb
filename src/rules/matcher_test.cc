#include <gtest/gtest.h>

#include <chrono>

#include "rules/program_impl.h"
#include "rules/test_util.h"
#include "text/segmenter.h"

namespace argx::rules {
namespace {

// Runs every stage (actors spans are not added: these tests use labels) and
// returns each match as "rule: text {cap=text, ...}".
class MatcherTest : public ::testing::Test {
 protected:
  void Load(const std::string& yaml) {
    l_ = LoadRules(yaml);
    ASSERT_TRUE(l_.status.ok()) << l_.Messages();
  }
  std::vector<std::string> Run(const std::string& text) {
    seg_.Analyze(text, &doc_);
    l_.program->Begin(doc_, &state_);
    std::vector<RuleMatch> matches;
    for (int s = 0; s < kStageCount; ++s) {
      l_.program->RunStage(static_cast<Stage>(s), doc_, &state_, &matches);
    }
    std::vector<std::string> out;
    for (const RuleMatch& m : matches) {
      std::string line = l_.rules->rules[m.rule].id + ": " + std::string(doc_.Span(m.first, m.end));
      std::string caps;
      for (const Capture& c : m.captures) {
        caps += (caps.empty() ? "" : ", ") + std::string(c.name) + "=" + std::string(doc_.Span(c.first, c.end));
      }
      if (!caps.empty()) line += " {" + caps + "}";
      out.push_back(line);
    }
    return out;
  }

  Loaded l_;
  text::Segmenter seg_;
  text::AnalyzedText doc_;
  DocState state_;
};

using V = std::vector<std::string>;

TEST_F(MatcherTest, LiteralsKeysLemmasAndCaptures) {
  Load(R"(rules:
  - id: r
    output: label
    label: x
    pattern: (?<who> [shape=cap]) [lemma=have]? (?<cue> [lemma=express] [lower=his|her|its]? opposition) to
)");
  EXPECT_EQ(Run("Then Macron had expressed his opposition to it. Peru expresses opposition to that."),
            (V{"r: Macron had expressed his opposition to {who=Macron, cue=expressed his opposition}",
               "r: Peru expresses opposition to {who=Peru, cue=expresses opposition}"}));
}

TEST_F(MatcherTest, CliticLiterals) {
  Load(R"(rules:
  - id: poss
    output: label
    label: x
    pattern: Ghana "'s" (?<what> [])
  - id: neg
    output: label
    label: y
    pattern: did "n't" support
)");
  EXPECT_EQ(Run("Ghana’s ministry didn't support it."),
            (V{"poss: Ghana’s ministry {what=ministry}", "neg: didn't support"}));
}

TEST_F(MatcherTest, QuantifiersAndAlternation) {
  Load(R"(rules:
  - id: gap
    output: label
    label: x
    pattern: urged (?<who> []{1,3}) not to
  - id: alt
    output: label
    label: y
    pattern: (said | argued | "made clear") that
  - id: plus
    output: label
    label: z
    pattern: (?<caps> [shape=cap]+) said
)");
  EXPECT_EQ(Run("China urged the United States not to act."),
            (V{"gap: urged the United States not to {who=the United States}"}));
  EXPECT_EQ(Run("Tokyo made clear that it would act."), (V{"alt: made clear that"}));
  EXPECT_EQ(Run("the New Zealand Prime Minister said so"),
            (V{"plus: New Zealand Prime Minister said {caps=New Zealand Prime Minister}"}));
  EXPECT_EQ(Run("China urged them all very much not to act."), V{});
}

// A '?' after a quantifier makes it lazy: the fewest repetitions that let
// the rest of the pattern match, as in RE2; without it, the most.
TEST_F(MatcherTest, LazyQuantifiersTakeTheFewest) {
  Load(R"(rules:
  - id: lazy
    output: label
    label: x
    pattern: (?<gap> "," []{1,8}? ",") [shape=lower]
  - id: greedy
    output: label
    label: y
    pattern: (?<gap> "," []{1,8} ",") [shape=lower]
  - id: lazy-star
    output: label
    label: z
    pattern: from (?<what> []+?) to
)");
  EXPECT_EQ(Run("Peru, a host, backed it, then left"),
            (V{"lazy: , a host, backed {gap=, a host,}",
               "greedy: , a host, backed it, then {gap=, a host, backed it,}"}));
  EXPECT_EQ(Run("from Lima to Quito to Bogota"), (V{"lazy-star: from Lima to {what=Lima}"}));
}

TEST_F(MatcherTest, LexiconSpansWithAttributeTests) {
  Load(R"(lexicons:
  cues:
    inflect: true
    entries:
      - { text: [oppose, reject, "push back against"], polarity: oppose }
      - { text: [back, endorse], polarity: support }
rules:
  - id: oppose
    output: label
    label: o
    pattern: (?<cue> @cues[polarity=oppose]) (?<target> []{1,2})
  - id: support
    output: label
    label: s
    pattern: (?<cue> @cues[polarity!=oppose]) (?<target> []{1,2})
)");
  EXPECT_EQ(Run("Peru pushed back against the plan; Chile backed the plan."),
            (V{"oppose: pushed back against the plan {cue=pushed back against, target=the plan}",
               "support: backed the plan {cue=backed, target=the plan}"}));
}

TEST_F(MatcherTest, SpanElementsTakeWholeSpansNeverAPrefix) {
  Load(R"(lexicons:
  countries: { entries: [Solomon Islands, Peru] }
  heads: { entries: [Islands, Sea] }
rules:
  - id: geo
    output: label
    label: x
    pattern: (?<name> @countries) @heads
  - id: country
    output: label
    label: y
    pattern: (?<name> @countries)
)");
  EXPECT_EQ(Run("The Solomon Islands and Peru met."),
            (V{"country: Solomon Islands {name=Solomon Islands}", "country: Peru {name=Peru}"}));
}

TEST_F(MatcherTest, CaseSensitiveWordAndRegexTests) {
  Load(R"(rules:
  - id: word
    output: label
    label: w
    pattern: (?<x> [word=US])
  - id: acronym
    output: label
    label: a
    pattern: (?<x> [re="^[A-Z]{2,5}[0-9]?$"])
)");
  EXPECT_EQ(Run("us and US and AUKUS and AP4 and Peru"),
            (V{"word: US {x=US}", "acronym: US {x=US}", "acronym: AUKUS {x=AUKUS}",
               "acronym: AP4 {x=AP4}"}));
}

// Regex results are cached per thread by word: a rule set loaded after
// another, on the same thread, must not see the first one's answers.
TEST_F(MatcherTest, RegexResultsDoNotLeakBetweenRuleSets) {
  for (int round = 0; round < 3; ++round) {
    Load(R"(rules:
  - id: ing
    output: label
    label: g
    pattern: (?<x> [re="ing$"])
)");
    EXPECT_EQ(Run("talking and walked"), (V{"ing: talking {x=talking}"}));
    Load(R"(rules:
  - id: ed
    output: label
    label: d
    pattern: (?<x> [re="ed$"])
)");
    EXPECT_EQ(Run("talking and walked"), (V{"ed: walked {x=walked}"}));
  }
}

// The letters a regex test's matches must end with, checked before its
// cache: only what the pattern surely requires.
TEST(RequiredSuffixTest, OnlyLettersThatEveryMatchEndsWith) {
  EXPECT_EQ(RequiredSuffix("^[a-z]+ly$"), "ly");
  EXPECT_EQ(RequiredSuffix("ing$"), "ing");
  EXPECT_EQ(RequiredSuffix("^[a-z]+'ll$"), "'ll");
  EXPECT_EQ(RequiredSuffix("^[a-z]{3,}ed$"), "ed");
  EXPECT_EQ(RequiredSuffix("^[A-Z]{2}$"), "");
  EXPECT_EQ(RequiredSuffix("(ed|id|aid|en)$"), "");
  EXPECT_EQ(RequiredSuffix("ab|cly$"), "");    // the first branch ends otherwise
  EXPECT_EQ(RequiredSuffix("(?i)ly$"), "");    // LY matches too
  EXPECT_EQ(RequiredSuffix("ly?$"), "");       // "l" matches too
  EXPECT_EQ(RequiredSuffix("\\pLly$"), "");    // \pL is a class, not "pL"
  EXPECT_EQ(RequiredSuffix("ly\\$"), "");      // a dollar sign, not the end
  EXPECT_EQ(RequiredSuffix("^[a-z]+ly"), "");  // not anchored at the end
}

TEST_F(MatcherTest, RegexWithARequiredEndingMatchesAsBefore) {
  Load(R"(rules:
  - id: adverb
    output: label
    label: a
    pattern: (?<x> [re="^[a-z]+ly$"])
)");
  EXPECT_EQ(Run("Only quickly, ly and Fly: really"),
            (V{"adverb: quickly {x=quickly}", "adverb: really {x=really}"}));
}

TEST_F(MatcherTest, LaterStagesSeeEarlierLabels) {
  Load(R"(rules:
  - id: neg
    output: label
    label: negation
    stage: phrases
    set: { strength: full }
    pattern: (not | never | "n't")
  - id: negated
    output: label
    label: negated_verb
    stage: stances
    pattern: (?<negation> @negation[strength=full]) (?<verb> [lemma=support])
)");
  EXPECT_EQ(Run("They did not support it."),
            (V{"neg: not", "negated: not support {negation=not, verb=support}"}));
}

TEST_F(MatcherTest, OverlapsGoToPriorityThenLength) {
  Load(R"(rules:
  - id: short
    output: label
    label: x
    pattern: (?<cue> opposition)
  - id: long
    output: label
    label: x
    pattern: (?<cue> expressed opposition)
  - id: urgent
    output: label
    label: x
    priority: 5
    pattern: (?<cue> opposition) to
  - id: kept
    output: label
    label: x
    overlap: keep
    pattern: (?<cue> opposition)
)");
  EXPECT_EQ(Run("They expressed opposition to it."),
            (V{"urgent: opposition to {cue=opposition}", "kept: opposition {cue=opposition}"}));
  EXPECT_EQ(Run("They expressed opposition."),
            (V{"long: expressed opposition {cue=expressed opposition}", "kept: opposition {cue=opposition}"}));
}

// With record_losses, every dropped match says which match won and what
// decided: priority, length, position, order.
TEST_F(MatcherTest, OverlapLossesNameTheWinnerAndTheCriterion) {
  Load(R"(rules:
  - id: first
    output: label
    label: x
    pattern: (?<cue> opposition)
  - id: second
    output: label
    label: x
    pattern: (?<cue> opposition)
  - id: long
    output: label
    label: x
    pattern: (?<cue> expressed opposition)
  - id: early
    output: label
    label: y
    pattern: (?<cue> [lower=strong|sharp] opposition)
  - id: late
    output: label
    label: y
    pattern: (?<cue> opposition to)
  - id: urgent
    output: label
    label: y
    priority: 5
    pattern: (?<cue> sharp)
)");
  auto losses = [&](const std::string& text) {
    state_.record_losses = true;
    Run(text);
    std::vector<std::string> out;
    for (const OverlapLoss& l : state_.losses) {
      out.push_back(l_.rules->rules[l.loser.rule].id + " < " + l_.rules->rules[l.winner_rule].id +
                    " \"" + std::string(doc_.Span(l.winner_first, l.winner_end)) + "\" by " +
                    l.criterion);
    }
    return out;
  };
  EXPECT_EQ(losses("They voiced opposition."), (V{"second < first \"opposition\" by order"}));
  EXPECT_EQ(losses("They expressed opposition."),
            (V{"first < long \"expressed opposition\" by length",
               "second < long \"expressed opposition\" by length"}));
  EXPECT_EQ(losses("It is strong opposition to it."),
            (V{"late < early \"strong opposition\" by position",
               "second < first \"opposition\" by order"}));
  EXPECT_EQ(losses("Sharp opposition."),
            (V{"early < urgent \"Sharp\" by priority", "second < first \"opposition\" by order"}));
  state_.record_losses = false;
  Run("Sharp opposition.");
  EXPECT_TRUE(state_.losses.empty());  // recorded only when asked
}

TEST_F(MatcherTest, RegexEscapeHatch) {
  Load(R"(rules:
  - id: frame
    output: label
    label: f
    regex: '(?i)(?P<cue>it is worth noting that)'
)");
  EXPECT_EQ(Run("It is worth noting that Peru agreed."),
            (V{"frame: It is worth noting that {cue=It is worth noting that}"}));
}

TEST_F(MatcherTest, ExplainSaysWhichElementFailed) {
  Load(R"(rules:
  - id: r
    output: label
    label: x
    pattern: (?<who> [shape=cap]) [lemma=express] [lower=his|her]? opposition to
)");
  seg_.Analyze("Macron expressed his support for it.", &doc_);
  l_.program->Begin(doc_, &state_);
  Program::Progress p = l_.program->Explain(0, doc_, 0, &state_);
  EXPECT_EQ(p.elements, 5);
  EXPECT_EQ(p.matched, 3);
  EXPECT_EQ(std::string(doc_.Span(p.first, p.end)), "Macron expressed his");
  EXPECT_EQ(l_.rules->rules[0].pattern.substr(p.failed_offset, 10), "opposition");
}

// An absent optional first element is skipped: the failure named is the
// first element that had to match, not the optional one.
TEST_F(MatcherTest, ExplainSkipsAnAbsentOptionalElement) {
  Load(R"(rules:
  - id: r
    output: label
    label: x
    pattern: >
      [lower=however]? (?<who> [shape=cap]) [lemma=express] opposition
)");
  seg_.Analyze("Macron expressed support.", &doc_);
  l_.program->Begin(doc_, &state_);
  Program::Progress p = l_.program->Explain(0, doc_, 0, &state_);
  EXPECT_EQ(p.elements, 4);
  EXPECT_EQ(p.matched, 3);
  EXPECT_EQ(std::string(doc_.Span(p.first, p.end)), "Macron expressed");
  EXPECT_EQ(l_.rules->rules[0].pattern.substr(p.failed_offset, 10), "opposition");

  seg_.Analyze("the plan failed.", &doc_);
  l_.program->Begin(doc_, &state_);
  p = l_.program->Explain(0, doc_, 0, &state_);
  EXPECT_EQ(p.matched, 0);
  EXPECT_EQ(l_.rules->rules[0].pattern.substr(p.failed_offset, 7), "(?<who>");
}

// Matching is linear: a huge sentence and a rule with deeply nested optional
// gaps both finish (the bound is generous: this is not a benchmark).
TEST_F(MatcherTest, AdversarialInputStaysLinear) {
  std::string nested = "a";
  for (int i = 0; i < 50; ++i) nested = "(" + nested + " []{0,3})?";
  Load("rules:\n  - id: nested\n    output: label\n    label: x\n    pattern: \"" + nested +
       " z\"\n  - id: star\n    output: label\n    label: y\n    pattern: \"[]* [] [] [] never\"\n");
  std::string big;
  for (int i = 0; i < 100000; ++i) big += "a ";
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(Run(big), V{});
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 30.0);
}

TEST_F(MatcherTest, PathologicalRepetitionIsACompileErrorNotAHang) {
  std::string p = "[]{0,100}";
  for (int i = 0; i < 6; ++i) p = "(" + p + "){0,100}";
  Loaded l = LoadRules("rules:\n  - id: huge\n    output: label\n    label: x\n    pattern: \"" + p + "\"\n");
  EXPECT_FALSE(l.status.ok());
  EXPECT_NE(l.Messages().find("pattern does not compile"), std::string::npos) << l.Messages();
}

}  // namespace
}  // namespace argx::rules
