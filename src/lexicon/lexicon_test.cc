#include "lexicon/lexicon.h"

#include <gtest/gtest.h>

namespace argx::lexicon {
namespace {

class LexiconTest : public ::testing::Test {
 protected:
  uint32_t Add(const std::string& name, const std::string& group) {
    return set_.AddLexicon({.name = name, .group = group});
  }
  void Entry(uint32_t lex, std::vector<std::string> variants,
             std::vector<std::pair<std::string, std::string>> attrs = {}, bool case_sensitive = false,
             bool inflect = false) {
    EntrySpec e;
    e.variants = std::move(variants);
    e.attributes = std::move(attrs);
    e.case_sensitive = case_sensitive;
    e.inflect = inflect;
    ASSERT_TRUE(set_.AddEntry(lex, e, &seg_).ok());
  }
  // "first-end:text:lexicon" for every match in the text.
  std::vector<std::string> Matches(const std::string& text) {
    set_.Build();
    seg_.Analyze(text, &doc_);
    std::vector<uint32_t> keys, lemmas;
    set_.vocab().Lookup(doc_, &keys, &lemmas);
    std::vector<Match> hits;
    set_.Match(doc_, keys, lemmas, 0, static_cast<uint32_t>(doc_.tokens.size()), &hits);
    std::vector<std::string> out;
    for (const Match& m : hits) {
      out.push_back(std::string(doc_.Span(m.first, m.end)) + ":" +
                    set_.info(set_.entry(m.entry).lexicon).name);
    }
    return out;
  }

  LexiconSet set_;
  text::Segmenter seg_;
  text::AnalyzedText doc_;
};

TEST_F(LexiconTest, MultiWordEntriesMatchLongestFirst) {
  uint32_t c = Add("countries", "");
  Entry(c, {"United States", "United States of America"}, {{"id", "USA"}});
  EXPECT_EQ(Matches("The United States of America said no."),
            (std::vector<std::string>{"United States of America:countries"}));
}

TEST_F(LexiconTest, GroupMembersCompeteAndTheLongestWins) {
  uint32_t c = Add("countries", "names");
  uint32_t p = Add("places", "names");
  uint32_t cues = Add("cues", "");
  Entry(c, {"China"});
  Entry(p, {"East China Sea"});
  Entry(cues, {"China"});  // another group: unaffected
  EXPECT_EQ(Matches("Patrols in the East China Sea worry China."),
            (std::vector<std::string>{"East China Sea:places", "China:cues", "China:countries",
                                      "China:cues"}));
}

TEST_F(LexiconTest, CaseSensitiveEntriesNeedTheExactSurface) {
  uint32_t c = Add("countries", "");
  Entry(c, {"US", "U.S."}, {}, /*case_sensitive=*/true);
  EXPECT_EQ(Matches("Let us see what the US and the U.S. say."),
            (std::vector<std::string>{"US:countries", "U.S.:countries"}));
}

TEST_F(LexiconTest, InsensitiveEntriesIgnoreCaseAndApostropheStyle) {
  uint32_t c = Add("places", "");
  Entry(c, {"People's Republic of China"});
  EXPECT_EQ(Matches("The PEOPLE’S REPUBLIC OF CHINA replied."),
            (std::vector<std::string>{"PEOPLE’S REPUBLIC OF CHINA:places"}));
}

TEST_F(LexiconTest, InflectedEntriesMatchEveryFormByLemma) {
  uint32_t c = Add("oppose", "");
  Entry(c, {"oppose", "push back against"}, {}, false, /*inflect=*/true);
  EXPECT_EQ(Matches("France opposed it; Japan opposes it; Peru pushed back against it."),
            (std::vector<std::string>{"opposed:oppose", "opposes:oppose",
                                      "pushed back against:oppose"}));
}

TEST_F(LexiconTest, AttributesAreSortedAndReadable) {
  uint32_t c = Add("countries", "");
  Entry(c, {"France"}, {{"type", "state"}, {"canonical", "France"}, {"id", "FRA"}});
  set_.Build();
  const auto& e = set_.entry(0);
  EXPECT_EQ(e.Attr("id"), "FRA");
  EXPECT_EQ(e.Attr("canonical"), "France");
  EXPECT_EQ(e.Attr("missing"), "");
}

TEST_F(LexiconTest, ShadowedEntriesAreReported) {
  uint32_t a = Add("a", "names");
  uint32_t b = Add("b", "names");
  EntrySpec e1;
  e1.variants = {"Georgia"};
  e1.line = 3;
  ASSERT_TRUE(set_.AddEntry(a, e1, &seg_).ok());
  EntrySpec e2 = e1;
  e2.line = 9;
  ASSERT_TRUE(set_.AddEntry(b, e2, &seg_).ok());
  auto shadowed = set_.ShadowedEntries();
  ASSERT_EQ(shadowed.size(), 1u);
  EXPECT_EQ(set_.entry(shadowed[0].second).line, 9);
}

TEST_F(LexiconTest, EmptyEntryIsAnError) {
  uint32_t a = Add("a", "");
  EntrySpec e;
  e.variants = {"   "};
  EXPECT_FALSE(set_.AddEntry(a, e, &seg_).ok());
}

TEST_F(LexiconTest, TwentyThousandEntriesBuildAndMatch) {
  uint32_t a = Add("big", "");
  for (int i = 0; i < 20000; ++i) Entry(a, {"name" + std::to_string(i) + " of place"});
  EXPECT_EQ(Matches("We met name19999 of place today."),
            (std::vector<std::string>{"name19999 of place:big"}));
}

TEST(VocabTest, InternsManyStringsAndFindsEachAgain) {
  Vocab v;
  // Past several table growths, with lengths around the 8-byte word boundary
  // of the hash and strings that differ only in their last byte.
  std::vector<std::string> words;
  for (int i = 0; i < 5000; ++i) words.push_back(std::string(i % 19, 'x') + std::to_string(i));
  for (size_t i = 0; i < words.size(); ++i) EXPECT_EQ(v.Intern(words[i]), i);
  EXPECT_EQ(v.size(), words.size());
  for (size_t i = 0; i < words.size(); ++i) {
    EXPECT_EQ(v.Find(words[i]), i);
    EXPECT_EQ(v.Intern(words[i]), i);  // no duplicate
    EXPECT_EQ(v.str(static_cast<uint32_t>(i)), words[i]);
  }
  EXPECT_EQ(v.Find("x"), Vocab::kUnknown);
  EXPECT_EQ(v.Find(""), Vocab::kUnknown);
  EXPECT_EQ(v.Find("xxxxxxxxxxxxxxxxxx49990"), Vocab::kUnknown);
  EXPECT_EQ(v.size(), words.size());
}

TEST(VocabTest, LookupGivesKeyAndLemmaIdsPerToken) {
  Vocab v;
  uint32_t oppose = v.Intern("oppose");
  uint32_t france = v.Intern("france");
  uint32_t opposed = v.Intern("opposed");
  text::Segmenter seg;
  text::AnalyzedText doc;
  ASSERT_TRUE(seg.Analyze("FRANCE opposed it", &doc).ok());
  std::vector<uint32_t> keys, lemmas;
  v.Lookup(doc, &keys, &lemmas);
  ASSERT_EQ(keys.size(), 3u);
  EXPECT_EQ(keys, (std::vector<uint32_t>{france, opposed, Vocab::kUnknown}));
  EXPECT_EQ(lemmas, (std::vector<uint32_t>{france, oppose, Vocab::kUnknown}));
}

}  // namespace
}  // namespace argx::lexicon
