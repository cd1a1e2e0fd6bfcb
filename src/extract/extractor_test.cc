// The extractor's own logic, on small rule sets: actor resolution, holders
// (coordination, pronouns), polarity (negation, blockers, questions,
// hypotheticals) and claims (AUTHOR inside attributed content, merging).
#include "extract/extractor.h"

#include <gtest/gtest.h>

#include "rules/test_util.h"
#include "text/segmenter.h"

namespace argx::extract {
namespace {

constexpr char kRules[] = R"(lexicons:
  states:
    group: names
    entries:
      - { text: France, canonical: France, id: FRA, type: state }
      - { text: Japan, canonical: Japan, id: JPN, type: state }
      - { text: [Peru, Lima], canonical: Peru, id: PER, type: state }
      - { text: NATO, canonical: NATO, id: NATO, type: organization }
  places:
    group: names
    entries: [ { text: Sea of Japan, type: none } ]
  demonyms:
    entries: [ { text: French, canonical: France } ]
  titles:
    entries: [President, minister]
  pronouns:
    entries:
      - { text: [he, his], refers: person }
      - { text: [it, its], refers: thing }
      - { text: [they, their], refers: plural }
  hedges:
    entries: [likely, could]
  support_verbs:
    inflect: true
    entries: [back, support]
rules:
  - id: actor.state
    output: actor
    pattern: (?<name> @states)
  - id: actor.person
    output: actor
    set: { type: person }
    pattern: (?<affiliation> @states | @demonyms)? @titles (?<name> [shape=cap & !@titles]{2,3})
  - id: hypo
    output: label
    label: hypothetical
    pattern: if []{1,8}
  - id: stance.support
    output: stance
    set: { polarity: support }
    pattern: >
      (?<holder> ([@actor] | [@pronouns] | the @demonyms? [@titles])+ ((and | ",") @actor)*)
      (?<cue> [lower=did|has]? (?<negation> not | "n't")? (?<negation> never)? (?<blocker> failed to)?
      @support_verbs)
      (?<target> []{1,4})
  - id: claim.said
    output: claim
    pattern: (?<claimant> @actor | [@pronouns]) (?<cue> said that) (?<content> []+)
  - id: claim.could
    output: claim
    set: { claimant: AUTHOR, claim_type: prediction }
    pattern: (?<cue> could | "is likely to")
)";

class ExtractorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string path = rules::WriteTempRules(kRules);
    std::vector<rules::Diagnostic> diags;
    Status s = Extractor::Create({path}, &ex_, &diags);
    ASSERT_TRUE(s.ok()) << (diags.empty() ? s.message() : diags[0].Format());
  }
  const Extractions& Run(const std::string& text) {
    seg_.Analyze(text, &doc_);
    ex_->Extract(doc_, &scratch_, &out_);
    return out_;
  }
  std::vector<std::string> Stances(const std::string& text) {
    std::vector<std::string> v;
    for (const Stance& s : Run(text).stances) v.push_back(s.holder.name + " " + s.polarity + " " + s.target);
    return v;
  }

  std::unique_ptr<Extractor> ex_;
  text::Segmenter seg_;
  text::AnalyzedText doc_;
  Extractor::Scratch scratch_;
  Extractions out_;
};

using V = std::vector<std::string>;

TEST_F(ExtractorTest, ActorsResolveToCanonicalNamesWithExactOffsets) {
  const Extractions& e = Run("Lima and France met. Patrols in the Sea of Japan grew.");
  ASSERT_EQ(e.actors.size(), 2u);
  EXPECT_EQ(e.actors[0].actor.name, "Peru");
  EXPECT_EQ(e.actors[0].actor.id, "PER");
  EXPECT_EQ(e.actors[0].text, "Lima");
  EXPECT_EQ(e.actors[0].span.begin, 0u);
  EXPECT_EQ(e.actors[0].span.end, 4u);
  EXPECT_EQ(e.actors[1].actor.name, "France");
}

TEST_F(ExtractorTest, PersonsByTitleGetAffiliationAndSurnamesResolve) {
  const Extractions& e = Run("French President Jean Dupont arrived. Dupont’s speech was long.");
  ASSERT_EQ(e.actors.size(), 2u);
  EXPECT_EQ(e.actors[0].actor.name, "Jean Dupont");
  EXPECT_EQ(e.actors[0].actor.type, "person");
  EXPECT_EQ(e.actors[0].actor.id, "person:jean-dupont");
  EXPECT_EQ(e.actors[1].text, "Dupont");
  EXPECT_EQ(e.actors[1].actor.id, "person:jean-dupont");
  EXPECT_EQ(e.actors[1].rule, "resolve.surname");
}

TEST_F(ExtractorTest, CoordinatedHoldersGiveOneStanceEach) {
  EXPECT_EQ(Stances("France and Japan backed the plan."),
            (V{"France support the plan.", "Japan support the plan."}));
}

TEST_F(ExtractorTest, NegationFlipsAndDoubleNegationCancels) {
  EXPECT_EQ(Stances("Peru did not support the plan."), (V{"Peru oppose the plan."}));
  EXPECT_EQ(Stances("Peru did not never support the plan."), (V{"Peru support the plan."}));
}

TEST_F(ExtractorTest, BlockersQuestionsAndHypotheticalsGiveNoStance) {
  EXPECT_EQ(Stances("Peru failed to support the plan."), V{});
  EXPECT_EQ(Stances("Did Peru support the plan?"), V{});
  EXPECT_EQ(Stances("Would Peru back the plan?"), V{});
  EXPECT_EQ(Stances("It is unclear if Peru backed the plan."), V{});
}

TEST_F(ExtractorTest, PronounsResolveToTheirAntecedents) {
  EXPECT_EQ(Stances("France met Japan. It backed the plan."), (V{"France support the plan."}));
  EXPECT_EQ(Stances("France met NATO, and then it backed the plan."), (V{"NATO support the plan."}));
  EXPECT_EQ(Stances("Peru and Japan met NATO. They backed the plan."),
            (V{"Japan support the plan.", "Peru support the plan."}));
  EXPECT_EQ(Stances("NATO met in Lima. They backed the plan."), (V{"NATO support the plan."}));
  EXPECT_EQ(Stances("French President Jean Dupont spoke. He backed the plan."),
            (V{"Jean Dupont support the plan."}));
  EXPECT_EQ(Stances("French President Jean Dupont spoke. The minister backed the plan."),
            (V{"Jean Dupont support the plan."}));
  EXPECT_EQ(Stances("The office backed the plan."), V{});  // no actor: no holder
  EXPECT_EQ(Stances("French President Jean Dupont met President Ana Lima. Later, Japan met "
                    "NATO. The French President backed the plan."),
            (V{"Jean Dupont support the plan."}));
  EXPECT_EQ(Stances("French President Jean Dupont met President Ana Lima. Later, Japan met "
                    "NATO. The President backed the plan."),
            (V{"Ana Lima support the plan."}));
}

TEST_F(ExtractorTest, AuthorModalInsideAttributedContentIsTheActorsClaim) {
  const Extractions& e = Run("France said that Japan could back the plan.");
  ASSERT_EQ(e.claims.size(), 1u);
  EXPECT_EQ(e.claims[0].claimant.name, "France");
  EXPECT_FALSE(e.claims[0].by_author);
  EXPECT_EQ(e.claims[0].content, "Japan could back the plan.");
  EXPECT_EQ(e.claims[0].hedges, (std::vector<std::string>{"could"}));
}

TEST_F(ExtractorTest, AuthorClaimsInOneSentenceMerge) {
  const Extractions& e = Run("Peru could fall and is likely to stay weak.");
  ASSERT_EQ(e.claims.size(), 1u);
  EXPECT_TRUE(e.claims[0].by_author);
  EXPECT_EQ(e.claims[0].claim_type, "prediction");
  EXPECT_EQ(e.claims[0].cue, "could; is likely to");
  EXPECT_EQ(e.claims[0].hedges, (std::vector<std::string>{"could", "likely"}));
}

}  // namespace
}  // namespace argx::extract
