#include <gtest/gtest.h>

#include "rules/test_util.h"

namespace argx::rules {
namespace {

TEST(LoaderTest, LoadsLexiconsAndRules) {
  Loaded l = LoadRules(R"(
lexicons:
  cues:
    inflect: true
    defaults: { polarity: oppose }
    entries:
      - oppose
      - { text: [back, endorse], polarity: support }
rules:
  - id: s.one
    description: one
    output: stance
    priority: 3
    set: { polarity: oppose }
    pattern: >
      [shape=cap] # a comment
      @cues
    examples:
      match:
        - "Peru opposes it."
        - text: "Chile backs it."
          expect: { holder: Chile }
      no_match: [ "nothing here" ]
)");
  ASSERT_TRUE(l.status.ok()) << l.Messages();
  ASSERT_EQ(l.rules->rules.size(), 1u);
  const Rule& r = l.rules->rules[0];
  EXPECT_EQ(r.id, "s.one");
  EXPECT_EQ(r.stage, Stage::kStances);
  EXPECT_EQ(r.output, OutputKind::kStance);
  EXPECT_EQ(r.priority, 3);
  EXPECT_EQ(r.Set("polarity"), "oppose");
  EXPECT_EQ(r.pattern, "[shape=cap] # a comment\n@cues");
  EXPECT_EQ(r.must_match.size(), 2u);
  EXPECT_EQ(r.must_not_match.size(), 1u);
  EXPECT_EQ(r.must_match[1].expect[0].second, "Chile");
  EXPECT_EQ(l.rules->lexicons.entry_count(), 3u);
  EXPECT_EQ(l.rules->lexicons.entry(2).Attr("polarity"), "support");
  EXPECT_EQ(l.rules->lexicons.entry(0).Attr("polarity"), "oppose");
  EXPECT_EQ(l.rules->fingerprint.size(), 32u);
}

// Errors point at the file, line and column, with the line and a caret.
TEST(LoaderTest, PatternErrorsPointIntoBlockScalars) {
  Loaded l = LoadRules(R"(rules:
  - id: bad
    output: label
    label: x
    pattern: >
      [lower=a]
      [colour=red]
)");
  EXPECT_FALSE(l.status.ok());
  EXPECT_EQ(l.Messages(),
            "F:7:8: unknown token field 'colour' (expected lower, word, lemma, shape or re)\n"
            "      [colour=red]\n"
            "       ^\n");
}

TEST(LoaderTest, PatternErrorsPointIntoQuotedScalars) {
  Loaded l = LoadRules("rules:\n  - id: bad\n    output: label\n    label: x\n    pattern: \"a (b\"\n");
  EXPECT_EQ(l.Messages(),
            "F:5:17: unclosed '('\n"
            "    pattern: \"a (b\"\n"
            "                ^\n");
}

TEST(LoaderTest, UnknownNamesSuggestTheClosestOne) {
  Loaded l = LoadRules(R"(lexicons:
  oppose_nouns: { entries: [opposition] }
rules:
  - id: r
    output: label
    label: x
    pattern: "@opose_nouns"
)");
  EXPECT_FALSE(l.status.ok());
  EXPECT_EQ(l.Messages().find("F:7:15: unknown lexicon or label '@opose_nouns', did you mean "
                              "'@oppose_nouns'?\n"
                              "    pattern: \"@opose_nouns\"\n"
                              "              ^\n"),
            0u)
      << l.Messages();
}

TEST(LoaderTest, StructuralErrors) {
  Loaded l = LoadRules(R"(rules:
  - id: a
    output: banana
    pattern: x
  - id: b
    output: stance
    patern: x
  - output: stance
    pattern: x
  - id: c
    output: label
    pattern: x
  - id: d
    output: claim
    stage: later
    pattern: x
)");
  EXPECT_EQ(l.Messages(),
            "F:3:13: unknown output 'banana' (expected actor, stance, claim or label)\n"
            "    output: banana\n"
            "            ^\n"
            "F:7:5: unknown rule key 'patern' (expected id, description, stage, output, label, "
            "priority, overlap, set, pattern, regex, examples)\n"
            "    patern: x\n"
            "    ^\n"
            "F:8:5: rule without 'id'\n"
            "  - output: stance\n"
            "    ^\n"
            "F:10:5: rule 'c' outputs a label: give it 'label: NAME'\n"
            "  - id: c\n"
            "    ^\n"
            "F:15:12: unknown stage 'later' (expected actors, phrases, stances or claims)\n"
            "    stage: later\n"
            "           ^\n");
}

TEST(LoaderTest, MultiTokenValueInATokenTestIsAnError) {
  Loaded l = LoadRules("rules:\n  - { id: r, output: label, label: y, pattern: '[lower=must|\"ought to\"]' }\n");
  EXPECT_FALSE(l.status.ok());
  EXPECT_NE(l.Messages().find(":2:50: value \"ought to\" is 2 tokens, but a token test matches one "
                              "token (write several words as a literal: \"ought to\")"),
            std::string::npos)
      << l.Messages();
}

TEST(LoaderTest, DuplicateIdsAndLexiconsAreErrors) {
  Loaded l = LoadRules(R"(lexicons:
  a: { entries: [x] }
rules:
  - { id: r, output: label, label: y, pattern: x }
  - { id: r, output: label, label: y, pattern: x }
)");
  EXPECT_FALSE(l.status.ok());
  EXPECT_NE(l.Messages().find("F:5:5: duplicate rule id 'r' (first defined at F:4)"), std::string::npos)
      << l.Messages();
}

TEST(LoaderTest, YamlSyntaxErrorsHaveAPosition) {
  Loaded l = LoadRules("rules:\n  - id: [unclosed\n");
  EXPECT_FALSE(l.status.ok());
  ASSERT_EQ(l.diags.size(), 1u);
  EXPECT_EQ(l.diags[0].pos.line, 3);
  EXPECT_EQ(l.diags[0].message.rfind("YAML: ", 0), 0u);
}

TEST(LoaderTest, LabelsMustComeFromEarlierStages) {
  Loaded l = LoadRules(R"(rules:
  - { id: a, output: label, label: late, stage: stances, pattern: x }
  - { id: b, output: label, label: early, stage: phrases, pattern: "@late" }
)");
  EXPECT_FALSE(l.status.ok());
  EXPECT_NE(l.Messages().find("label '@late' is made in stage 'stances', which does not run before "
                              "this rule's stage 'phrases'"),
            std::string::npos)
      << l.Messages();
}

TEST(LoaderTest, WarnsAboutUnusedLexiconsShadowsAndEmptyPatterns) {
  Loaded l = LoadRules(R"(lexicons:
  unused: { entries: [x] }
  a: { group: g, entries: [Georgia] }
  b: { group: g, entries: [Georgia] }
rules:
  - { id: r, output: label, label: y, pattern: "@a []*" }
  - { id: e, output: label, label: z, pattern: "[]?" }
)");
  ASSERT_TRUE(l.status.ok()) << l.Messages();
  std::string m = l.Messages();
  EXPECT_NE(m.find("warning: lexicon 'unused' is not used by any rule"), std::string::npos) << m;
  EXPECT_NE(m.find("warning: entry \"Georgia\" of lexicon 'b' has the same words as \"Georgia\" of "
                   "lexicon 'a'"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("warning: pattern of rule 'e' can match zero tokens"), std::string::npos) << m;
}

TEST(LoaderTest, WarnsAboutAStanceRuleWithoutATarget) {
  Loaded l = LoadRules(R"y(rules:
  - { id: no.target, output: stance, pattern: "(?<holder> [shape=cap]) (?<cue> backed)" }
  - { id: with.target, output: stance, pattern: "(?<holder> [shape=cap]) (?<cue> backed) (?<target> [])" }
)y");
  ASSERT_TRUE(l.status.ok()) << l.Messages();
  std::string m = l.Messages();
  EXPECT_NE(m.find("warning: stance rule 'no.target' has no (?<target> ...) capture"),
            std::string::npos)
      << m;
  EXPECT_EQ(m.find("'with.target'"), std::string::npos) << m;
}

// A lexicon named by a rule that fails to compile (here on a label the
// default rules would give) gets the error only, no "unused" warning;
// one whose name merely starts another's ("@cues" in "@cues_extra") is unused.
TEST(LoaderTest, ALexiconOfARuleThatFailsIsNotCalledUnused) {
  Loaded l = LoadRules(R"y(lexicons:
  cues: { entries: [backs] }
  cues_extra: { entries: [funds] }
rules:
  - { id: r, output: stance, pattern: "(?<holder> @holders) (?<cue> @cues_extra) (?<target> []{1,3})" }
)y");
  EXPECT_FALSE(l.status.ok());
  std::string m = l.Messages();
  EXPECT_NE(m.find("unknown lexicon or label '@holders'"), std::string::npos) << m;
  EXPECT_EQ(m.find("lexicon 'cues_extra' is not used"), std::string::npos) << m;
  EXPECT_NE(m.find("warning: lexicon 'cues' is not used by any rule"), std::string::npos) << m;
}

TEST(LoaderTest, FingerprintFollowsContent) {
  std::string path = WriteTempRules("rules: []\n");
  auto fingerprint = [&](const std::string& text) {
    std::ofstream(path) << text;
    std::unique_ptr<RuleSet> rs;
    std::vector<Diagnostic> d;
    EXPECT_TRUE(RuleSet::Load({path}, &rs, &d).ok());
    return rs->fingerprint;
  };
  std::string a = fingerprint("rules: []\n");
  EXPECT_EQ(a, fingerprint("rules: []\n"));
  EXPECT_NE(a, fingerprint("rules: [] # changed\n"));
}

// A lexicon written as one long flow list: the error shows a window of the
// line around the column, not the whole line, and the caret is under it.
TEST(LoaderTest, ErrorOnAVeryLongLineShowsAWindowOfIt) {
  std::string entries;
  for (int i = 0; i < 5000; ++i) entries += "w" + std::to_string(i) + ", ";
  Loaded l = LoadRules("lexicons:\n  big:\n    entries: [" + entries + "null, x]\n");
  ASSERT_FALSE(l.status.ok());
  std::string m = l.Messages();
  EXPECT_NE(m.find("a lexicon entry is a string or a map"), std::string::npos) << m;
  EXPECT_LT(m.size(), 600u) << m;
  size_t line = m.find("\n...");
  ASSERT_NE(line, std::string::npos) << m;
  size_t caret_line = m.find('\n', line + 1);
  ASSERT_NE(caret_line, std::string::npos);
  size_t caret = m.find('^', caret_line);
  ASSERT_NE(caret, std::string::npos);
  // The caret points at "null" in the window above it.
  EXPECT_EQ(m.substr(line + 1 + (caret - caret_line - 1), 4), "null") << m;
}

}  // namespace
}  // namespace argx::rules
