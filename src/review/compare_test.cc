#include "review/compare.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace argx::review {
namespace {

// "Élysée" makes code points and bytes differ, so the sentence text shows
// whether offsets are read as code points.
constexpr char kText[] = "Élysée opposes the plan. Germany said that the deal will fail.";

extract::Actor France() { return {"FRA", "France", "state", "", "countries"}; }
extract::Actor Germany() { return {"DEU", "Germany", "state", "", "countries"}; }

store::Document Doc(const std::string& abs_path) {
  store::Document d;
  d.path = abs_path.substr(abs_path.rfind('/') + 1);
  d.abs_path = abs_path;
  d.content_hash = "h-" + abs_path;
  d.text = kText;
  d.size_bytes = static_cast<int64_t>(d.text.size());
  d.encoding = "UTF-8";
  d.sentences = {{0, 24}, {25, 62}};
  d.rules_fingerprint = "r";
  return d;
}

extract::Stance Oppose(const std::string& target, const std::string& rule) {
  extract::Stance st;
  st.sentence = 0;
  st.span = {0, 23};
  st.text = "Élysée opposes the plan";
  st.holder = France();
  st.holder_text = "Élysée";
  st.holder_span = {0, 6};
  st.polarity = "oppose";
  st.target = target;
  st.target_span = {15, 23};
  st.cue = "opposes";
  st.cue_span = {7, 14};
  st.rule = rule;
  return st;
}

extract::Claim Predicts() {
  extract::Claim c;
  c.sentence = 1;
  c.span = {33, 61};
  c.text = "said that the deal will fail";
  c.claimant = Germany();
  c.claimant_text = "Germany";
  c.claimant_span = {25, 32};
  c.claim_type = "prediction";
  c.cue = "said";
  c.cue_span = {33, 37};
  c.content = "the deal will fail";
  c.content_span = {43, 61};
  c.rule = "mine.claim";
  return c;
}

std::unique_ptr<store::Store> Db(
    const std::vector<std::pair<std::string, extract::Extractions>>& docs) {
  std::unique_ptr<store::Store> db;
  EXPECT_TRUE(store::Store::Open(":memory:", {}, &db).ok());
  int64_t run = 0;
  EXPECT_TRUE(db->BeginRun({"t", "r", "{}"}, &run).ok());
  for (const auto& [path, x] : docs) EXPECT_TRUE(db->PutDocument(run, Doc(path), x, nullptr).ok());
  return db;
}

TEST(CompareTest, ListsWhatEachSideLacksBySentence) {
  extract::Extractions before_x, after_x;
  before_x.actors.push_back({1, {25, 32}, "Germany", Germany(), "lexicon:countries"});
  before_x.stances.push_back(Oppose("the plan", "stance.verb.oppose"));
  after_x.actors.push_back({1, {25, 32}, "Germany", Germany(), "lexicon:countries"});
  after_x.actors.push_back({0, {0, 6}, "Élysée", France(), "mine.actors"});
  after_x.stances.push_back(Oppose("the plan", "mine.oppose"));
  after_x.claims.push_back(Predicts());
  auto before = Db({{"/in/a.txt", before_x}, {"/in/gone.txt", {}}});
  auto after = Db({{"/in/a.txt", after_x}, {"/in/new.txt", {}}});

  Comparison diff;
  ASSERT_TRUE(Compare(before.get(), after.get(), &diff).ok());
  EXPECT_EQ(diff.documents, 1);
  EXPECT_EQ(diff.sentences, 2);
  EXPECT_EQ(diff.documents_only_before, 1);
  EXPECT_EQ(diff.documents_only_after, 1);
  ASSERT_EQ(diff.changes.size(), 2u);

  const SentenceChange& first = diff.changes[0];
  EXPECT_EQ(first.path, "a.txt");
  EXPECT_EQ(first.sentence, 0u);
  EXPECT_EQ(first.text, "Élysée opposes the plan.");
  ASSERT_EQ(first.added.size(), 2u);  // the new actor, the stance by another rule
  EXPECT_EQ(first.added[0].line, "actor   \"Élysée\" -> France (state, FRA)  [mine.actors]");
  EXPECT_EQ(first.added[1].rule, "mine.oppose");
  ASSERT_EQ(first.removed.size(), 1u);
  EXPECT_EQ(first.removed[0].line,
            "stance  France oppose \"the plan\" (cue \"opposes\", holder \"Élysée\")  "
            "[stance.verb.oppose]");

  const SentenceChange& second = diff.changes[1];  // Germany's actor is in both: not listed
  EXPECT_EQ(second.sentence, 1u);
  EXPECT_EQ(second.text, "Germany said that the deal will fail.");
  ASSERT_EQ(second.added.size(), 1u);
  EXPECT_EQ(second.added[0].kind, "claim");
  EXPECT_EQ(second.added[0].content, "content \"the deal will fail\"");
  EXPECT_TRUE(second.removed.empty());

  EXPECT_EQ(diff.added["actor"], 1);
  EXPECT_EQ(diff.added["stance"], 1);
  EXPECT_EQ(diff.added["claim"], 1);
  EXPECT_EQ(diff.removed["stance"], 1);
  EXPECT_EQ(diff.by_rule["stance.verb.oppose"], (std::pair<int64_t, int64_t>{0, 1}));
  EXPECT_EQ(diff.by_rule["mine.oppose"], (std::pair<int64_t, int64_t>{1, 0}));
}

TEST(CompareTest, RepeatedExtractionsAreCountedOneToOne) {
  extract::Extractions one, two;
  one.stances.push_back(Oppose("the plan", "r"));
  two.stances.push_back(Oppose("the plan", "r"));
  two.stances.push_back(Oppose("the plan", "r"));
  auto before = Db({{"/in/a.txt", one}});
  auto after = Db({{"/in/a.txt", two}});
  Comparison diff;
  ASSERT_TRUE(Compare(before.get(), after.get(), &diff).ok());
  ASSERT_EQ(diff.changes.size(), 1u);
  EXPECT_EQ(diff.changes[0].added.size(), 1u);
  EXPECT_TRUE(diff.changes[0].removed.empty());

  // The same databases the other way round: one removed, nothing added.
  ASSERT_TRUE(Compare(after.get(), before.get(), &diff).ok());
  ASSERT_EQ(diff.changes.size(), 1u);
  EXPECT_TRUE(diff.changes[0].added.empty());
  EXPECT_EQ(diff.changes[0].removed.size(), 1u);
}

// A lexicon that turns a holder from an open-world person into a body
// changes the stance's holder id and type, not its line: both sides show
// the identity (trial 22: the Anatel stance changed without a line).
TEST(CompareTest, AHolderWhoseIdAloneChangedIsShown) {
  extract::Extractions before_x, after_x;
  extract::Stance st = Oppose("the plan", "r");
  st.holder = {"person:france", "France", "person", "", "open-world"};
  before_x.stances.push_back(st);
  after_x.stances.push_back(Oppose("the plan", "r"));
  auto before = Db({{"/in/a.txt", before_x}});
  auto after = Db({{"/in/a.txt", after_x}});
  Comparison diff;
  ASSERT_TRUE(Compare(before.get(), after.get(), &diff).ok());
  ASSERT_EQ(diff.changes.size(), 1u);
  ASSERT_EQ(diff.changes[0].added.size(), 1u);
  ASSERT_EQ(diff.changes[0].removed.size(), 1u);
  EXPECT_EQ(diff.changes[0].added[0].line,
            "stance  France oppose \"the plan\" (cue \"opposes\", holder \"Élysée\")  [r]  "
            "{holder FRA state}");
  EXPECT_EQ(diff.changes[0].removed[0].line,
            "stance  France oppose \"the plan\" (cue \"opposes\", holder \"Élysée\")  [r]  "
            "{holder person:france person}");
}

TEST(CompareTest, IdenticalDatabasesHaveNoChanges) {
  extract::Extractions x;
  x.stances.push_back(Oppose("the plan", "r"));
  x.claims.push_back(Predicts());
  auto a = Db({{"/in/a.txt", x}});
  auto b = Db({{"/in/a.txt", x}});
  Comparison diff;
  ASSERT_TRUE(Compare(a.get(), b.get(), &diff).ok());
  EXPECT_TRUE(diff.changes.empty());
  EXPECT_EQ(diff.documents, 1);
  EXPECT_TRUE(diff.added.empty());
}

}  // namespace
}  // namespace argx::review
