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
      - { text: Andean Fisheries Agency, canonical: Andean Fisheries Agency, id: AFA, type: organization }
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
      - { text: ["the agency", "the bloc"], refers: thing, kind: definite, fits: organization }
      - { text: ["the kingdom"], refers: thing, kind: definite, fits: state }
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

// An extractor over one rule set (YAML text), and Run() to extract a text.
class ExtractorFixture : public ::testing::Test {
 protected:
  explicit ExtractorFixture(const char* rules) : rules_(rules) {}
  void SetUp() override {
    std::string path = rules::WriteTempRules(rules_);
    std::vector<rules::Diagnostic> diags;
    Status s = Extractor::Create({path}, &ex_, &diags);
    ASSERT_TRUE(s.ok()) << (diags.empty() ? s.message() : diags[0].Format());
  }
  const Extractions& Run(const std::string& text) {
    seg_.Analyze(text, &doc_);
    ex_->Extract(doc_, &scratch_, &out_);
    return out_;
  }

  std::unique_ptr<Extractor> ex_;
  text::Segmenter seg_;
  text::AnalyzedText doc_;
  Extractor::Scratch scratch_;
  Extractions out_;

 private:
  const char* rules_;
};

class ExtractorTest : public ExtractorFixture {
 protected:
  ExtractorTest() : ExtractorFixture(kRules) {}
  std::vector<std::string> Stances(const std::string& text) {
    std::vector<std::string> v;
    for (const Stance& s : Run(text).stances) v.push_back(s.holder.name + " " + s.polarity + " " + s.target);
    return v;
  }
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

// A line of an interview or a transcript is its speaker's, not the
// author's, even with a modal in it.
TEST_F(ExtractorTest, AnInterviewLineIsNoClaimOfTheAuthor) {
  std::vector<std::string> got;
  for (const Claim& c :
       Run("Q: Could Peru leave? A: It could leave soon. Peru could leave soon.").claims) {
    got.push_back(std::to_string(c.sentence) + (c.by_author ? " AUTHOR" : " other"));
  }
  EXPECT_EQ(got, (V{"2 AUTHOR"}));
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
  // A definite noun: the body its head word names, else the latest actor
  // of a type it fits, where "it" would take the sentence's first actor.
  EXPECT_EQ(Stances("NATO met the Andean Fisheries Agency and Peru. The agency backed the plan."),
            (V{"Andean Fisheries Agency support the plan."}));
  EXPECT_EQ(Stances("NATO met Peru. The kingdom backed the plan."), (V{"Peru support the plan."}));
  EXPECT_EQ(Stances("Peru met NATO. The bloc backed the plan."), (V{"NATO support the plan."}));
  EXPECT_EQ(Stances("Peru met Japan. The bloc backed the plan."), V{});  // nothing fits
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


// ---- open-world names and speech attribution --------------------------------
// A rule set with only the word lists these mechanisms read and one
// lexicon actor, so every other actor and claim below comes from them.
constexpr char kOpenWorldRules[] = R"(lexicons:
  states:
    group: names
    entries:
      - { text: [US, United States], canonical: United States, id: USA, type: state }
      - { text: IMF, canonical: IMF, id: IMF, type: organization }
      - { text: Blair, canonical: Tony Blair, id: person:tony-blair, type: person }
  works:
    group: names
    entries: [ { text: Monetary Policy Report, type: none } ]
  titles:
    entries: [President, minister]
  pronouns:
    entries:
      - { text: [he, his], refers: person, gender: male }
      - { text: [she, her], refers: person, gender: female }
      - { text: [it, its], refers: thing }
      - { text: [they, their], refers: plural }
      - { text: [i, we], refers: speaker }
      - { text: ["the alliance"], refers: thing, kind: definite, fits: organization }
  first_names:
    case: sensitive
    entries:
      - { text: [Jane, Anna], gender: female }
      - { text: [Tom], gender: male }
  honorifics:
    case: sensitive
    entries: [Mr., Ms., Sir, Dr.]
  org_heads:
    case: sensitive
    entries: [Agency, Center, Bank, Authority, Administration]
  non_name_words:
    case: sensitive
    entries: [National, Law, As]
  attribution_verbs:
    inflect: true
    entries:
      - { text: [say, tell, add, warn], bare: "yes" }
      - { text: [agree, know] }
      - { text: [call, describe, see], object: "yes" }
      - { text: [claim, acknowledge], bare: "yes", np_object: "yes" }
      - { text: accuse, object: of }
      - { text: [blame, criticize], object: for }
      - { text: [find], evidence: "yes", bare: "yes" }
  agent_nouns:
    inflect: true
    entries:
      - { text: [official, analyst, economist, spokesman, sheriff] }
      - { text: [bank, company, statement], role: body }
      - { text: [inquiry], role: evidence }
      - { text: [others, "%"], role: quantity }
  speech_skip_words:
    entries: [has, also, on monday]
  first_person:
    entries: [i, we]
  claim_not_clause_start:
    entries: [in, on, to]
  claim_according:
    entries: [according to]
  support_verbs:
    inflect: true
    entries: [back]
rules:
  - id: actor.lexicon
    output: actor
    pattern: (?<name> @states)
  - id: stance.back
    output: stance
    set: { polarity: support }
    pattern: (?<holder> @actor | [@pronouns]) (?<cue> @support_verbs) (?<target> []{1,3})
  - id: claim.believes
    output: claim
    pattern: (?<claimant> @actor) (?<cue> believes) (?<content> []+)
  - id: claim.then-said
    output: claim
    pattern: (?<claimant> @actor) won []{0,3} "," (?<cue> said) (?<content> []+)
  - id: claim.arguing
    output: claim
    pattern: (?<claimant> @actor) []{0,10} "," (?<cue> arguing that) (?<content> []+)
  - id: claim.i-think
    output: claim
    pattern: (?<claimant> [lower=i]) (?<cue> think that) (?<content> [!lower=","]+)
)";

class OpenWorldTest : public ExtractorFixture {
 protected:
  OpenWorldTest() : ExtractorFixture(kOpenWorldRules) {}
  // "text -> actor (type)" for every actor mention.
  std::vector<std::string> Actors(const std::string& text) {
    std::vector<std::string> v;
    for (const ActorMention& m : Run(text).actors) {
      v.push_back(m.text + " -> " + m.actor.name + " (" + m.actor.type + ")");
    }
    return v;
  }
  // "sentence: claimant [claimant_text] | content" for every claim.
  std::vector<std::string> Claims(const std::string& text) {
    std::vector<std::string> v;
    for (const Claim& c : Run(text).claims) {
      v.push_back(std::to_string(c.sentence) + ": " +
                  (c.by_author ? std::string("AUTHOR") : c.claimant.name) + " [" +
                  c.claimant_text + "] | " + c.content);
    }
    return v;
  }
};

TEST_F(OpenWorldTest, PersonsByContextAndOrganisationsByHead) {
  EXPECT_EQ(Actors("Maurice Obstfeld said growth slowed."),
            (V{"Maurice Obstfeld -> Maurice Obstfeld (person)"}));
  EXPECT_EQ(Actors("Growth slowed, said analyst Martin Pyykkonen."),
            (V{"Martin Pyykkonen -> Martin Pyykkonen (person)"}));
  EXPECT_EQ(Actors("Mr. Holtz-Eakin disagreed."), (V{"Holtz-Eakin -> Holtz-Eakin (person)"}));
  EXPECT_EQ(Actors("The US Anti-Doping Agency acted."),
            (V{"US Anti-Doping Agency -> US Anti-Doping Agency (organization)"}));
  // Capitalised words with no person context stay nothing.
  EXPECT_EQ(Actors("Prices rose in Costa Verde."), V{});
}

// A verb of saying in the passive has no speaker before it.
TEST_F(OpenWorldTest, APassiveVerbOfSayingHasNoSpeakerBeforeIt) {
  EXPECT_EQ(Claims("Jane Okafor had been told before the vote that she would lose."), V{});
  EXPECT_EQ(Claims("Jane Okafor said the talks had failed."),
            (V{"0: Jane Okafor [Jane Okafor] | the talks had failed"}));
}

// A party label before a person's name is no part of it.
TEST_F(OpenWorldTest, APartyLabelIsNoPartOfTheName) {
  EXPECT_EQ(Actors("Jane Okafor spoke. Rates will rise, Democrat Okafor said."),
            (V{"Jane Okafor -> Jane Okafor (person)", "Okafor -> Jane Okafor (person)"}));
}

// A person's name takes no article: with one it speaks as a body, or is
// no actor at all; a title between keeps the person.
TEST_F(OpenWorldTest, ANameAfterAnArticleIsNoPerson) {
  EXPECT_EQ(Actors("The Clarion Wilson hosted the talks on nodules."), V{});
  EXPECT_EQ(Actors("A Joe Okafor supporter said rates would rise."), V{});
  EXPECT_EQ(Actors("Rates will rise, the Hampton Union Leader said."),
            (V{"Hampton Union Leader -> Hampton Union Leader (organization)"}));
  EXPECT_EQ(Actors("The embassy in The Hampton said rates would rise."), V{});
  EXPECT_EQ(Actors("The Dr. Joe Okafor said rates would rise."),
            (V{"Joe Okafor -> Joe Okafor (person)"}));
}

// An organisation's head word may open its name, which then runs on over
// "of", "for" and "and" ("Center for Water Resources and Irrigation"), but
// not over a person after "and".
TEST_F(OpenWorldTest, AHeadWordOpensAnOrganisationsName) {
  EXPECT_EQ(Actors("The Center for Water Resources and Irrigation said rates would rise."),
            (V{"Center for Water Resources and Irrigation -> Center for Water Resources and "
               "Irrigation (organization)"}));
  EXPECT_EQ(Actors("Acme and the Center for Water Policy said rates would rise."),
            (V{"Center for Water Policy -> Center for Water Policy (organization)"}));
  EXPECT_EQ(Actors("The Center for Water Policy and Jane Okafor said rates would rise."),
            (V{"Center for Water Policy -> Center for Water Policy (organization)",
               "Jane Okafor -> Jane Okafor (person)"}));
}

TEST_F(OpenWorldTest, ANameALexiconSaysIsNoActorIsNeverGuessed) {
  EXPECT_EQ(Actors("The Monetary Policy Report said rates would rise."), V{});
  EXPECT_EQ(Actors("Jane Okafor said rates would rise."), (V{"Jane Okafor -> Jane Okafor (person)"}));
}

TEST_F(OpenWorldTest, TheLongestNameWinsOverAListedNameInsideIt) {
  EXPECT_EQ(Actors("Sir Ian Blair resigned."), (V{"Ian Blair -> Ian Blair (person)"}));
  EXPECT_EQ(Actors("Blair resigned."), (V{"Blair -> Tony Blair (person)"}));
}

TEST_F(OpenWorldTest, SurnamesAndDefinedAcronymsNameTheSameActor) {
  EXPECT_EQ(Actors("Jane Okafor said no. Later Okafor left."),
            (V{"Jane Okafor -> Jane Okafor (person)", "Okafor -> Jane Okafor (person)"}));
  EXPECT_EQ(Actors("The Rapid Support Center (RSC) grew. The RSC acted."),
            (V{"Rapid Support Center -> Rapid Support Center (organization)",
               "RSC -> Rapid Support Center (organization)",
               "RSC -> Rapid Support Center (organization)"}));
}

TEST_F(OpenWorldTest, AnAppositiveGivesTheSpeakerNotTheClaimant) {
  EXPECT_EQ(Claims("Obstfeld, the IMF's chief economist, said growth would slow."),
            (V{"0: Obstfeld [Obstfeld] | growth would slow"}));
}

TEST_F(OpenWorldTest, SpeakersBeforeAfterAndAroundQuotations) {
  EXPECT_EQ(Claims("Mr. Okafor arrived first. \"We will not sign,\" he said."),
            (V{"1: Okafor [he] | We will not sign"}));
  EXPECT_EQ(Claims("Jane Okafor spoke. \"We will not sign,\" said Ms. Okafor."),
            (V{"1: Jane Okafor [Okafor] | We will not sign"}));
  // A quotation over two sentences is the speaker's in both.
  EXPECT_EQ(Claims("Jane Okafor told reporters: \"Talks failed. We leave now.\""),
            (V{"0: Jane Okafor [Jane Okafor] | Talks failed", "1: Jane Okafor [Jane Okafor] | We leave now"}));
  // Trailing attribution: the clause before the speaker.
  EXPECT_EQ(Claims("The talks failed, the US said on Monday."),
            (V{"0: United States [US] | The talks failed"}));
  EXPECT_EQ(Claims("The talks failed, according to the IMF."),
            (V{"0: IMF [IMF] | The talks failed"}));
}

TEST_F(OpenWorldTest, UnnamedSpeakersAreAgentsOrTheirAffiliation) {
  const Extractions& e = Run("Officials said the talks failed.");
  ASSERT_EQ(e.claims.size(), 1u);
  EXPECT_EQ(e.claims[0].claimant.name, "officials");
  EXPECT_EQ(e.claims[0].claimant.type, "agent");
  EXPECT_EQ(Claims("A spokesman for the IMF said the talks failed."),
            (V{"0: IMF [IMF] | the talks failed"}));
  EXPECT_EQ(Claims("The Acme Bank grew. The bank said rates would rise."),
            (V{"1: Acme Bank [The bank] | rates would rise"}));
  // A bare word for any body: the organisation just named.
  EXPECT_EQ(Claims("The Rail Workers Center met Acme Bank. The company said fares would rise."),
            (V{"1: Acme Bank [The company] | fares would rise"}));
  // The subject of a participle after an opening phrase; a tag before a
  // semicolon.
  EXPECT_EQ(Claims("In May, the spokesman criticized the plan, saying it would fail."),
            (V{"0: spokesman [the spokesman] | it would fail"}));
  EXPECT_EQ(Claims("Fares will rise, analysts say; in May, talks resume."),
            (V{"0: analysts [analysts] | Fares will rise"}));
}

TEST_F(OpenWorldTest, VerbsWithoutAClauseMakeNoClaim) {
  EXPECT_EQ(Claims("Jane Okafor agreed to the plan."), V{});
  EXPECT_EQ(Claims("Jane Okafor agreed that the plan failed."),
            (V{"0: Jane Okafor [Jane Okafor] | the plan failed"}));
  EXPECT_EQ(Claims("Jane Okafor said in a statement."), V{});
}

// What people think is theirs too: "know that", "see X as Y"; not "as" of
// a clause, nor what the author says they ought to think.
TEST_F(OpenWorldTest, BeliefsAreClaimsOfTheirHolders) {
  EXPECT_EQ(Claims("Analysts know that the plan failed."), (V{"0: analysts [Analysts] | the plan failed"}));
  EXPECT_EQ(Claims("Analysts see the plan as a trap."),
            (V{"0: analysts [Analysts] | the plan as a trap"}));
  EXPECT_EQ(Claims("Analysts saw Jane Okafor at the rally as she spoke."), V{});
  EXPECT_EQ(Claims("Analysts should know that the plan failed."), V{});
}

// A person named inside a quotation is what its speaker talks about, not
// the speaker a pronoun after it stands for.
TEST_F(OpenWorldTest, APronounAfterAQuotationIsNotSomeoneItNames) {
  EXPECT_EQ(Claims("Jane Okafor spoke first. \"Anna Lima will not win,\" she said."),
            (V{"1: Jane Okafor [she] | Anna Lima will not win"}));
}

TEST_F(OpenWorldTest, PronounsReachThePersonThePassageIsAbout) {
  EXPECT_EQ(Claims("Jane Okafor said talks failed. The US left. Prices fell. She said no deal was near."),
            (V{"0: Jane Okafor [Jane Okafor] | talks failed", "3: Jane Okafor [She] | no deal was near"}));
}

TEST_F(OpenWorldTest, FirstPersonInsideAQuotationIsItsSpeaker) {
  std::vector<std::string> v;
  for (const Stance& s : Run("\"We back the plan,\" said Jane Okafor.").stances) {
    v.push_back(s.holder.name + " [" + s.holder_text + "] " + s.polarity);
  }
  EXPECT_EQ(v, (V{"Jane Okafor [We] support"}));
  EXPECT_TRUE(Run("We back the plan.").stances.empty());
}

TEST_F(OpenWorldTest, HeAndSheAgreeInGender) {
  // By first name, by honorific, and by the pronouns the text uses for a
  // name no list knows.
  EXPECT_EQ(Claims("Jane Okafor met Tom Brandt. She said the talks failed."),
            (V{"1: Jane Okafor [She] | the talks failed"}));
  EXPECT_EQ(Claims("Ms. Quux met Mr. Vint. He said the talks failed."),
            (V{"1: Vint [He] | the talks failed"}));
  EXPECT_EQ(Claims("Zorblat Quux said she would run. Mr. Vint spoke later. She said no deal was near."),
            (V{"0: Zorblat Quux [Zorblat Quux] | she would run",
               "2: Zorblat Quux [She] | no deal was near"}));
  // A first name outweighs the pronouns after a mention: one "she" after
  // "Tom Brandt" (whose she is Jane) does not make him a woman.
  EXPECT_EQ(
      Claims("Jane Okafor met Tom Brandt, and she said the talks failed. Later she said no "
             "deal was near."),
      (V{"0: Jane Okafor [she] | the talks failed", "1: Jane Okafor [she] | no deal was near"}));
}

TEST_F(OpenWorldTest, APersonsCampaignIsAnOrganisationOfItsOwn) {
  EXPECT_EQ(Actors("Jane Okafor spoke. Okafor's campaign said no."),
            (V{"Jane Okafor -> Jane Okafor (person)", "Okafor's campaign -> Okafor campaign (organization)",
               "Okafor -> Jane Okafor (person)"}));
}

TEST_F(OpenWorldTest, AFirstNameSharedByThreePeopleResolvesToNone) {
  // Three people called Jane: "Jane" alone is nobody (and reading it must not
  // touch memory past the mentions; this once read mentions_[SIZE_MAX]).
  std::vector<std::string> v = Actors(
      "Jane Okafor said no. Jane Brandt said yes. Jane Quux said maybe. Later Jane left.");
  EXPECT_EQ(v.size(), 3u);
  EXPECT_EQ(Actors("Jane Okafor said no. Later Jane left."),
            (V{"Jane Okafor -> Jane Okafor (person)", "Jane -> Jane Okafor (person)"}));
}

TEST_F(OpenWorldTest, AccordingToNamesItsSourceEvenWhenNoListDoes) {
  const Extractions& e = Run("The senator won easily, according to early returns.");
  ASSERT_EQ(e.claims.size(), 1u);
  EXPECT_EQ(e.claims[0].claimant.type, "agent");
  EXPECT_EQ(e.claims[0].claimant_text, "early returns");
  EXPECT_EQ(e.claims[0].content, "The senator won easily");
}

TEST_F(OpenWorldTest, CallingSomethingSomethingIsAClaimButCallingForIsNot) {
  EXPECT_EQ(Claims("Jane Okafor called the plan a disaster."),
            (V{"0: Jane Okafor [Jane Okafor] | the plan a disaster"}));
  EXPECT_EQ(Claims("Jane Okafor described the plan as reckless."),
            (V{"0: Jane Okafor [Jane Okafor] | the plan as reckless"}));
  EXPECT_EQ(Claims("Jane Okafor called for a new vote."), V{});
  EXPECT_EQ(Claims("Jane Okafor called him to get together again."), V{});  // a phone call
  EXPECT_EQ(Claims("The IMF imposed what it called temporary measures."), V{});
  // "it" is an object when a quotation follows; what someone called "so" is
  // the quotation alone; a name in quotation marks is no claim.
  EXPECT_EQ(Claims("Jane Okafor called it \"the least bad option.\""),
            (V{"0: Jane Okafor [Jane Okafor] | it \"the least bad option"}));
  EXPECT_EQ(Claims("Jane Okafor called it quits."), V{});
  EXPECT_EQ(Claims("Jane Okafor called him \"weak\" on Monday."),
            (V{"0: Jane Okafor [Jane Okafor] | him \"weak\" on Monday"}));
  EXPECT_EQ(Claims("Jane Okafor joined a group called the \"Okafor Fund\" in May."), V{});
  EXPECT_EQ(Claims("Under what Jane Okafor called ''the old model,'' the club grew."),
            (V{"0: Jane Okafor [Jane Okafor] | the old model"}));
  EXPECT_EQ(Claims("Under what Jane Okafor called a \"rough week\" for the IMF, sales fell."),
            (V{"0: Jane Okafor [Jane Okafor] | a \"rough week"}));
  EXPECT_EQ(Claims("Jane Okafor closed what critics call the \"Okafor loophole\" in May."), V{});
  // A charge: what the accused did is the claim; an accusation without one is none.
  EXPECT_EQ(Claims("Jane Okafor accused the IMF of hiding its debts."),
            (V{"0: Jane Okafor [Jane Okafor] | the IMF of hiding its debts"}));
  EXPECT_EQ(Claims("Jane Okafor blamed the IMF for the crash."),
            (V{"0: Jane Okafor [Jane Okafor] | the IMF for the crash"}));
  EXPECT_EQ(Claims("Jane Okafor accused the IMF."), V{});
  // A judgement with its reason is the critic's claim (lexicon attribution_verbs,
  // object: for); criticism alone is a stance, no claim.
  EXPECT_EQ(Claims("Jane Okafor criticized the IMF for hiding its debts."),
            (V{"0: Jane Okafor [Jane Okafor] | the IMF for hiding its debts"}));
  EXPECT_EQ(Claims("Jane Okafor criticized the IMF."), V{});
}

TEST_F(OpenWorldTest, AClaimantInsideWhatASpeakerSaysIsNoSecondSpeaker) {
  // The rule alone would give the US a claim; inside Okafor's words it is her content.
  EXPECT_EQ(Claims("The US believes the talks failed."),
            (V{"0: United States [US] | the talks failed."}));
  EXPECT_EQ(Claims("Jane Okafor said the US believes the talks failed."),
            (V{"0: Jane Okafor [Jane Okafor] | the US believes the talks failed"}));
}

TEST_F(OpenWorldTest, ATagAfterAQuotationThatEndedTheSentenceBefore) {
  // '"...?" Okafor said.': the quotation's own "." or "?" ended a sentence.
  EXPECT_EQ(Claims("Jane Okafor spoke. \"We will leave.\" Okafor said. Prices fell."),
            (V{"1: Jane Okafor [Okafor] | We will leave"}));
  EXPECT_EQ(Claims("Jane Okafor spoke. \"We will leave.\" Okafor said on Monday."),
            (V{"1: Jane Okafor [Okafor] | We will leave"}));
}

TEST_F(OpenWorldTest, AQuotationWithAVerbOfItsOwnIsNotContinued) {
  // '"...," said the woman': no agent noun names her, but the quotation is
  // not Okafor's either.
  EXPECT_EQ(Claims("\"We will leave now,\" said Jane Okafor. \"Too much hate,\" said the woman."),
            (V{"0: Jane Okafor [Jane Okafor] | We will leave now"}));
  EXPECT_EQ(Claims("\"We will leave now,\" said Jane Okafor. \"Too much hate,\" said an analyst "
                   "for the fund."),
            (V{"0: Jane Okafor [Jane Okafor] | We will leave now",
               "1: analyst [an analyst] | Too much hate"}));
}

TEST_F(OpenWorldTest, AnUnresolvedHeOrSheIsAnUnnamedPerson) {
  const Extractions& e = Run("\"We will leave now,\" she said.");
  ASSERT_EQ(e.claims.size(), 1u);
  EXPECT_EQ(e.claims[0].claimant.name, "unnamed person");
  EXPECT_EQ(e.claims[0].claimant.type, "agent");
  EXPECT_EQ(e.claims[0].claimant_text, "she");
  // "it" is no person: nothing.
  EXPECT_EQ(Claims("\"We will leave now,\" it said."), V{});
}

TEST_F(OpenWorldTest, ARoleWrittenAsATitleInsideANameIsNotPartOfIt) {
  EXPECT_EQ(Actors("Clark County Sheriff Tom Lombardo said the videos show intent."),
            (V{"Tom Lombardo -> Tom Lombardo (person)"}));
  // A body is no title: the name after "the company" is not made a person.
  EXPECT_EQ(Actors("It sold the company Westfield Partners."), V{});
}

TEST_F(OpenWorldTest, ACapitalisedDescriptorBeforeAFirstNameIsNotPartOfTheName) {
  EXPECT_EQ(Actors("County Supervisor of Elections Jane Okafor said the elections were fair."),
            (V{"Jane Okafor -> Jane Okafor (person)"}));
  // Only when the person acts or is known: a name that does neither stays whole.
  EXPECT_EQ(Actors("The rumors about Operation Jade Helm grew."), V{});
}

TEST_F(OpenWorldTest, ClausesAfterANounAndAfterAnOpeningAs) {
  // A verb often with a noun object takes a clause when a verb follows the noun.
  EXPECT_EQ(Claims("Jane Okafor acknowledged the risk was real."),
            (V{"0: Jane Okafor [Jane Okafor] | the risk was real"}));
  EXPECT_EQ(Claims("Jane Okafor claimed the nomination."), V{});
  // "As X said, ...": the clause after the comma is X's.
  EXPECT_EQ(Claims("As Jane Okafor said on Monday, the deal is dead."),
            (V{"0: Jane Okafor [Jane Okafor] | the deal is dead"}));
  // "And as X said, ...": the same; and the quotation before is not X's,
  // whose own words follow the verb.
  EXPECT_EQ(Claims("\"The law is clear.\" And as Jane Okafor said, the deal is dead."),
            (V{"1: Jane Okafor [Jane Okafor] | the deal is dead"}));
}

TEST_F(OpenWorldTest, AQuotedSpeakerIsNamedAsTheTagNamesThem) {
  // The rule's "I" and the tag's "she" make one claim, named by the tag.
  EXPECT_EQ(Claims("Jane Okafor spoke. \"I think that the talks failed,\" she said."),
            (V{"1: Jane Okafor [she] | the talks failed"}));
}

TEST_F(OpenWorldTest, PronounSpeakersWithNoActorAndContractedVerbs) {
  // "They" with no actor before: people no actor names.
  EXPECT_EQ(Claims("The vote was close. They said the count was rushed."),
            (V{"1: unnamed people [They] | the count was rushed"}));
  // "He's said": "'s" is "has"; "he'll" is "he will", a prediction.
  const Extractions& e = Run("Tom Brandt spoke. He's said he'll fight on.");
  ASSERT_EQ(e.claims.size(), 1u);
  EXPECT_EQ(e.claims[0].claimant.name, "Tom Brandt");
  EXPECT_EQ(e.claims[0].content, "he'll fight on");
  // A short aside after "said," and then a clause with its own subject.
  EXPECT_EQ(Claims("Jane Okafor said, if elected, she would stay."),
            (V{"0: Jane Okafor [Jane Okafor] | if elected, she would stay"}));
}

TEST_F(OpenWorldTest, ARelativeClausesSpeakerIsItsRelativePronoun) {
  // "who" is the clause's word for its speaker, resolved to the name, as
  // "he" is; a "who" inside an appositive is not the speaker's word.
  EXPECT_EQ(Claims("The plan was backed by Jane Okafor, who said that the talks had failed."),
            (V{"0: Jane Okafor [who] | the talks had failed"}));
  EXPECT_EQ(Claims("Jane Okafor, who said the talks had failed, left early."),
            (V{"0: Jane Okafor [who] | the talks had failed, left early"}));
  EXPECT_EQ(Claims("Jane Okafor, a lawyer who met the IMF, said the talks had failed."),
            (V{"0: Jane Okafor [Jane Okafor] | the talks had failed"}));
}

TEST_F(OpenWorldTest, ARelativeClauseWithAVerbOfSayingHidesNoSpeaker) {
  EXPECT_EQ(Claims("Jane Okafor, who claims a seat on the board, said the talks failed."),
            (V{"0: Jane Okafor [Jane Okafor] | the talks failed"}));
}

TEST_F(OpenWorldTest, APersonNamedAfterAnAgentIsTheSpeaker) {
  EXPECT_EQ(Claims("\"The plan works,\" said a spokesman, Jane Okafor."),
            (V{"0: Jane Okafor [Jane Okafor] | The plan works"}));
}

TEST_F(OpenWorldTest, WhatAStatementSaysIsItsIssuers) {
  EXPECT_EQ(Claims("Jane Okafor issued a statement saying that the talks failed."),
            (V{"0: Jane Okafor [Jane Okafor] | the talks failed"}));
  EXPECT_EQ(Claims("A statement saying that the talks failed was read out."),
            (V{"0: statement [A statement] | the talks failed was read out"}));
}

TEST_F(OpenWorldTest, ANegatedSpeechVerbMakesNoClaim) {
  EXPECT_EQ(Claims("Jane Okafor did not say when the talks would resume."), V{});
  EXPECT_EQ(Claims("Jane Okafor said the talks would resume."),
            (V{"0: Jane Okafor [Jane Okafor] | the talks would resume"}));
  // A refusal to say, or saying "whether", asserts nothing either.
  EXPECT_EQ(Claims("Jane Okafor declined to say the talks would resume."), V{});
  EXPECT_EQ(Claims("Jane Okafor refused to say whether the talks would resume."), V{});
  // Nor an amount to say, nor "adding to".
  EXPECT_EQ(Claims("Jane Okafor had little to say."), V{});
  EXPECT_EQ(Claims("Jane Okafor won the vote on Tuesday, adding to her lead."), V{});
  // Nor does a verb in the clause of a demand: it is wanted, not said.
  EXPECT_EQ(
      Claims("The board adopted a resolution demanding that Jane Okafor say the talks failed."),
      V{});
}

TEST_F(OpenWorldTest, PluralNounsOfPeopleSpeakByTheirEnding) {
  EXPECT_EQ(Claims("Some technologists say the accounts are fake."),
            (V{"0: technologists [Some technologists] | the accounts are fake"}));
  // A singular in -ist may be an adjective: no speaker.
  EXPECT_EQ(Claims("He struck populist notes."), V{});
}

TEST_F(OpenWorldTest, ASharePeopleSpeaks) {
  EXPECT_EQ(Claims("About six in 10 said the talks failed."),
            (V{"0: about six in 10 [About six in 10] | the talks failed"}));
  EXPECT_EQ(Claims("Nearly nine out of 10 say the talks failed."),
            (V{"0: nearly nine out of 10 [Nearly nine out of 10] | the talks failed"}));
  // A number alone is no share.
  EXPECT_EQ(Claims("In 10 said the talks failed."), V{});
}

TEST_F(OpenWorldTest, InitialsOfAnOrganisationNameIt) {
  EXPECT_EQ(Actors("The Tech Safety Authority met. TSA officials agreed."),
            (V{"Tech Safety Authority -> Tech Safety Authority (organization)",
               "TSA -> Tech Safety Authority (organization)"}));
  // A lexicon's reading of the word wins: "US" stays the United States.
  EXPECT_EQ(Actors("The Urban Studies Agency met. US officials agreed."),
            (V{"Urban Studies Agency -> Urban Studies Agency (organization)",
               "US -> United States (state)"}));
}

TEST_F(OpenWorldTest, InstitutionWordsBeforeAndInsideAnOrganisationsName) {
  EXPECT_EQ(Actors("It met the National Ocean Safety Administration."),
            (V{"National Ocean Safety Administration -> National Ocean Safety Administration "
               "(organization)"}));
  EXPECT_EQ(Actors("It met the Center for International Ocean Law."),
            (V{"Center for International Ocean Law -> Center for International Ocean Law "
               "(organization)"}));
}

TEST_F(OpenWorldTest, ADatelineIsNoPartOfTheContent) {
  EXPECT_EQ(Claims("OSLO (Reuters) - The talks failed, officials said."),
            (V{"0: officials [officials] | The talks failed"}));
  EXPECT_EQ(Claims("WASHINGTON \u2014 The talks failed, officials said."),
            (V{"0: officials [officials] | The talks failed"}));
  // The dateline's agency makes no claim of what the sentence says.
  EXPECT_EQ(Claims("OSLO (IMF) - The US pushed for a levy, arguing that the rules failed."),
            (V{"0: United States [US] | the rules failed."}));
  // A name and its title before a dash are no dateline.
  EXPECT_EQ(Claims("IMF Director Jane Okafor \u2014 The talks failed, officials said."),
            (V{"0: officials [officials] | IMF Director Jane Okafor \u2014 The talks failed"}));
}

TEST_F(OpenWorldTest, ADefiniteNounOfThePronounsSpeaksForTheBodyItNames) {
  EXPECT_EQ(
      Claims("The US met the IMF on Friday. The alliance said governments had wasted a year."),
      (V{"1: IMF [The alliance] | governments had wasted a year"}));
  EXPECT_EQ(Claims("The US met on Friday. The alliance said governments had wasted a year."), V{});
  // ... with a relative clause between it and the verb too.
  EXPECT_EQ(
      Claims("The US met the IMF on Friday. The alliance, which met in Lima, said governments "
             "had wasted a year."),
      (V{"1: IMF [The alliance] | governments had wasted a year"}));
}

// A quotation closing a paragraph is not tagged by the next paragraph's
// sentence that says something of its own: it goes on with its speaker.
// A tag inside a sentence makes the sentence around it the claim; a tag
// at its end followed by words about the speaker does not.
// "find" speaks with evidence as subject; with "that", anyone's finding.
TEST_F(OpenWorldTest, EvidenceFindsAndAnyoneFindsThat) {
  EXPECT_EQ(Claims("The inquiry found the office rarely searched its email."),
            (V{"0: inquiry [The inquiry] | the office rarely searched its email"}));
  EXPECT_EQ(Claims("Jane Okafor found that the office rarely searched its email."),
            (V{"0: Jane Okafor [Jane Okafor] | the office rarely searched its email"}));
  EXPECT_EQ(Claims("Jane Okafor found the office on Main Street."), V{});
}

TEST_F(OpenWorldTest, ATrailingTagsAppositiveIsNoPartOfTheClaim) {
  EXPECT_EQ(Claims("The talks failed for good, said Jane Okafor, the bank's chief economist."),
            (V{"0: Jane Okafor [Jane Okafor] | The talks failed for good"}));
  EXPECT_EQ(Claims("The talks, said Jane Okafor, failed for good."),
            (V{"0: Jane Okafor [Jane Okafor] | The talks, said Jane Okafor, failed for good"}));
}

TEST_F(OpenWorldTest, AQuotationIsNotTaggedByTheNextParagraphsOwnClaim) {
  EXPECT_EQ(Claims("Tom Okafor spoke on Monday.\n\n\"The talks failed for good, and the plan is "
                   "dead,\" he said. \"We will not sign the plan again.\"\n\nJane Okafor also said "
                   "that the talks failed."),
            (V{"1: Tom Okafor [he] | The talks failed for good, and the plan is dead",
               "2: Tom Okafor [he] | We will not sign the plan again",
               "3: Jane Okafor [Jane Okafor] | the talks failed"}));
}

TEST_F(OpenWorldTest, ItsOfficialSpeaksForTheBodyNamedLast) {
  EXPECT_EQ(Claims("The IMF met on Friday. Its spokesman said the talks failed."),
            (V{"1: IMF [Its spokesman] | the talks failed"}));
  // Opening a sentence, "its" is the subject of the sentence before, not
  // the last actor that sentence named.
  EXPECT_EQ(Claims("The IMF, which met with NATO on Friday, rejected the plan. Its spokesman said "
                   "the talks failed."),
            (V{"1: IMF [Its spokesman] | the talks failed"}));
}

TEST_F(OpenWorldTest, ATranscriptSpeakerInCapitalsSpeaks) {
  EXPECT_EQ(Claims("JANE OKAFOR: The talks failed for good."),
            (V{"0: Jane Okafor [JANE OKAFOR] | The talks failed for good"}));
  // A question claims nothing; one word in capitals is no name of its own.
  EXPECT_EQ(Claims("JANE OKAFOR: Why did the talks fail?"), V{});
  EXPECT_EQ(Claims("NOTE: The talks failed for good."), V{});
}

TEST_F(OpenWorldTest, ASpeakerAfterTheClauseWinsOverARuleThatReadItAsContent) {
  // claim.then-said reads "<actor> ..., said <content>"; here "said Tom
  // Smith" is the attribution, and the US is what he is reported to say.
  EXPECT_EQ(Claims("The US won the vote, said Tom Smith."),
            (V{"0: Tom Smith [Tom Smith] | The US won the vote"}));
}

TEST_F(OpenWorldTest, SpeakersBeforeAnAppositiveOrAfterAComma) {
  EXPECT_EQ(Claims("Others, however, say the talks failed."),
            (V{"0: others [Others] | the talks failed"}));
  EXPECT_EQ(Claims("26% say the talks failed."), (V{"0: percent [26%] | the talks failed"}));
  // The person named between the commas after a role is the speaker.
  EXPECT_EQ(Claims("Another analyst, Jane Okafor of Acme Bank, said the talks failed."),
            (V{"0: Jane Okafor [Jane Okafor] | the talks failed"}));
  // A participle after a comma: the sentence's subject.
  EXPECT_EQ(
      Claims("Clark County Sheriff Tom Lombardo declined to comment, saying the case was open."),
      (V{"0: Tom Lombardo [Tom Lombardo] | the case was open"}));
  // ... and after "by", "after", "while": the clause's subject.
  EXPECT_EQ(Claims("Jane Okafor won votes by saying that the system is rigged."),
            (V{"0: Jane Okafor [Jane Okafor] | the system is rigged"}));
}

TEST_F(OpenWorldTest, OneHolderMayHoldStancesOnTwoTargetsInASentence) {
  const Extractions& e = Run("The US backs the plan, and it backs the treaty.");
  std::vector<std::string> got;
  for (const Stance& s : e.stances)
    got.push_back(s.holder.name + " " + s.polarity + " " + s.target);
  EXPECT_EQ(got, (V{"United States support the plan,", "United States support the treaty."}));
  // Overlapping targets are one stance: the first rule's.
  EXPECT_EQ(Run("The US backs the plan.").stances.size(), 1u);
}

TEST_F(OpenWorldTest, ReportedSpeechEndsWhereAnotherSubjectSpeaks) {
  EXPECT_EQ(Claims("Jane Okafor called the plan a failure, and Tom Smith said talks would go on."),
            (V{"0: Jane Okafor [Jane Okafor] | the plan a failure",
               "0: Tom Smith [Tom Smith] | talks would go on"}));
}

}  // namespace
}  // namespace argx::extract
