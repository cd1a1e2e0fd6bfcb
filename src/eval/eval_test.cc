#include "eval/eval.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace argx::eval {
namespace {

namespace fs = std::filesystem;

// One gold document, "Peru backed the plan. Chile met Peru.": Peru in both
// sentences, Peru's support of the plan, and an optional claim.
GoldSet OneDocument() {
  // A folder of this process: CTest runs the tests of this file in parallel
  // processes, and one rewriting a.json while another reads it failed one.
  fs::path dir = fs::path(::testing::TempDir()) / ("eval_test_gold_" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "a.json") << R"({"document": "a.txt",
 "entities": {"Peru": {"type": "state", "aliases": ["Peru", "Lima"]},
              "Chile": {"type": "state", "aliases": ["Chile"]}},
 "mentions": [{"start": 0, "end": 4, "text": "Peru", "entity": "Peru"},
              {"start": 22, "end": 27, "text": "Chile", "entity": "Chile"},
              {"start": 32, "end": 36, "text": "Peru", "entity": "Peru"}],
 "sentences": [
   {"n": 1, "start": 0, "end": 21, "text": "Peru backed the plan.",
    "stances": [{"holder": ["Peru"], "polarity": "support", "target": "the plan", "cue": "backed"}],
    "claims": []},
   {"n": 2, "start": 22, "end": 37, "text": "Chile met Peru.", "stances": [],
    "claims": [{"claimant": ["AUTHOR"], "type": "assertion", "cue": "met", "optional": true}]}]})";
  GoldSet gold;
  Status s = LoadGold({dir.string()}, &gold);
  EXPECT_TRUE(s.ok()) << s.message();
  for (GoldDoc& d : gold.docs) d.text = "Peru backed the plan. Chile met Peru.";
  return gold;
}

Prediction Actor(long start, long end, const std::string& text, const std::string& actor) {
  Prediction p;
  p.doc = "a.txt", p.kind = "actor", p.start = start, p.end = end, p.text = text, p.actor = actor;
  return p;
}

Prediction Stance(const std::string& holder, const std::string& polarity,
                  const std::string& target) {
  Prediction p;
  p.doc = "a.txt", p.kind = "stance", p.start = 0, p.end = 20, p.text = "Peru backed the plan";
  p.holder = holder, p.polarity = polarity, p.target = target, p.cue = "backed";
  return p;
}

TEST(EvalTest, CountsMatchesByTheGuidesRules) {
  GoldSet gold = OneDocument();
  std::vector<Prediction> preds = {
      Actor(0, 4, "Peru", "Peru"),
      Actor(16, 20, "plan", "Plan"),  // no gold mention there
      Stance("Peru", "support", "the plan"),
      Stance("Peru", "support", "the fund"),  // same sentence, holder, polarity: one prediction
      Stance("Peru", "oppose", "the plan"),   // a false positive
  };
  EvalResult r = Evaluate(gold, preds);
  EXPECT_EQ(r.kinds.at("actor").tp, 1);
  EXPECT_EQ(r.kinds.at("actor").fp, 1);
  EXPECT_EQ(r.kinds.at("actor").fn, 2);
  EXPECT_EQ(r.kinds.at("stance").tp, 1);
  EXPECT_EQ(r.kinds.at("stance").fp, 1);
  EXPECT_EQ(r.kinds.at("stance").fn, 0);
  // The optional claim costs nothing missed.
  EXPECT_EQ(r.kinds.at("claim").fn, 0);
  EXPECT_EQ(r.kinds.at("claim").fp, 0);
  EXPECT_EQ(r.offset_errors, 0);
}

// A mention matches by its actor, its id or its own words through the
// gold's aliases.
TEST(EvalTest, AliasesAndNamesMatchAcrossSpellings) {
  GoldSet gold = OneDocument();
  // "Lima" is an alias of Peru; "the Peru" normalizes to "peru".
  EvalResult r = Evaluate(gold, {Actor(0, 4, "Peru", "Lima"), Actor(32, 36, "Peru", "the Peru")});
  EXPECT_EQ(r.kinds.at("actor").tp, 2);
  EXPECT_EQ(NormName("The Peru's"), "peru");
}

TEST(EvalTest, TextNotAtItsOffsetsIsCounted) {
  GoldSet gold = OneDocument();
  EvalResult r = Evaluate(gold, {Actor(0, 4, "Chile", "Peru")});
  EXPECT_EQ(r.offset_errors, 1);
}

}  // namespace
}  // namespace argx::eval

namespace argx::eval {
namespace {

// Gold whose mentions are not the text at their offsets was written for
// another version of the document: counted, so `argx eval` can warn.
TEST(MentionsOffTextTest, CountsMentionsThatAreNotTheTextAtTheirOffsets) {
  GoldDoc doc;
  doc.text = "Élysée said no. Berlin agreed.";
  GoldItem ok;
  ok.start = 0;
  ok.end = 6;
  ok.text = "Élysée";  // code points, not bytes
  GoldItem moved = ok;
  moved.start = 16;
  moved.end = 22;
  moved.text = "Berlin";
  doc.mentions = {ok, moved};
  EXPECT_EQ(MentionsOffText(doc), 0);
  doc.text = "Élysée said no firmly. Berlin agreed.";  // a word added before Berlin
  EXPECT_EQ(MentionsOffText(doc), 1);
  GoldItem past_end = ok;
  past_end.start = 100;
  past_end.end = 106;
  doc.mentions.push_back(past_end);
  EXPECT_EQ(MentionsOffText(doc), 2);
  doc.text.clear();
  EXPECT_EQ(MentionsOffText(doc), 0);
}

}  // namespace
}  // namespace argx::eval
