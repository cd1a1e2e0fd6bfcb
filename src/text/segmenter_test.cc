#include "text/segmenter.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "text/decode.h"
#include "text/normalize.h"

namespace argx::text {
namespace internal {
// Defined in segmenter.cc: turns the word segmentation fast path on and off.
void SetWordFastPathForTesting(bool enabled);
}  // namespace internal

namespace {

class SegmenterTest : public ::testing::Test {
 protected:
  void Analyze(std::string text) {
    Status s = seg_.Analyze(std::move(text), &doc_);
    ASSERT_TRUE(s.ok()) << s.message();
  }
  std::vector<std::string> Sentences() const {
    std::vector<std::string> out;
    for (const Sentence& s : doc_.sentences) out.emplace_back(doc_.SentenceText(s));
    return out;
  }
  std::vector<std::string> Surfaces() const {
    std::vector<std::string> out;
    for (const Token& t : doc_.tokens) out.emplace_back(doc_.Surface(t));
    return out;
  }
  std::vector<std::string> Keys() const {
    std::vector<std::string> out;
    for (const Token& t : doc_.tokens) out.emplace_back(doc_.Key(t));
    return out;
  }
  // The index of the first token whose surface is `surface`.
  const Token& Find(std::string_view surface) const {
    for (const Token& t : doc_.tokens) {
      if (doc_.Surface(t) == surface) return t;
    }
    ADD_FAILURE() << "no token " << surface;
    static const Token kNone;
    return kNone;
  }

  Segmenter seg_;
  AnalyzedText doc_;
};

using Strings = std::vector<std::string>;

TEST_F(SegmenterTest, SentencesAreTrimmed) {
  Analyze("  First one.  Second one?\tThird!  ");
  EXPECT_EQ(Sentences(), (Strings{"First one.", "Second one?", "Third!"}));
  ASSERT_EQ(doc_.sentences.size(), 3u);
  EXPECT_EQ(doc_.sentences[0].begin, 2u);
  EXPECT_EQ(doc_.sentences[0].end, 12u);
  EXPECT_EQ(doc_.sentences[1].first_token, 3u);
  EXPECT_EQ(doc_.sentences[1].end_token, 6u);
  EXPECT_EQ(doc_.sentences[2].end_token, doc_.tokens.size());
}

TEST_F(SegmenterTest, LineBreaksEndSentences) {
  Analyze("A Heading Without Period\nBody text here. More text.\r\n\r\nlast line\nthe end");
  EXPECT_EQ(Sentences(), (Strings{"A Heading Without Period", "Body text here.", "More text.",
                                  "last line", "the end"}));
}

TEST_F(SegmenterTest, CrlfOffsetsAreExact) {
  const std::string text = "One.\r\nTwo \xC3\xA9t\xC3\xA9.\r\n";
  Analyze(text);
  ASSERT_EQ(doc_.sentences.size(), 2u);
  const Sentence& two = doc_.sentences[1];
  EXPECT_EQ(two.begin, 6u);
  EXPECT_EQ(two.end, 16u);  // "Two été." is 10 bytes
  EXPECT_EQ(two.cp_begin, 6u);
  EXPECT_EQ(two.cp_end, 14u);
  EXPECT_EQ(doc_.text, text);  // the text itself is never changed
}

TEST_F(SegmenterTest, TitlesKeepTheirPeriodAndDoNotEndSentences) {
  Analyze("Mr. Smith met Dr. Jones and Prof. Lee. Then Gen. Miller spoke with Mrs. Brown.");
  EXPECT_EQ(Sentences(), (Strings{"Mr. Smith met Dr. Jones and Prof. Lee.",
                                  "Then Gen. Miller spoke with Mrs. Brown."}));
  const Token& mr = Find("Mr.");
  EXPECT_TRUE(mr.Has(kAbbreviation));
  EXPECT_TRUE(mr.Has(kWord));
  EXPECT_TRUE(mr.Has(kCapitalized));
  EXPECT_EQ(doc_.Key(mr), "mr.");
  EXPECT_FALSE(Find("Smith").Has(kAbbreviation));
}

TEST_F(SegmenterTest, InitialsDoNotEndSentences) {
  Analyze("J. R. Jayewardene was elected in 1977. He served until 1989.");
  EXPECT_EQ(Sentences(),
            (Strings{"J. R. Jayewardene was elected in 1977.", "He served until 1989."}));
  EXPECT_EQ(Surfaces()[0], "J.");
  EXPECT_EQ(Surfaces()[1], "R.");
  EXPECT_TRUE(doc_.tokens[1].Has(kAbbreviation));
  EXPECT_TRUE(doc_.tokens[1].Has(kSpaceBefore));
}

TEST_F(SegmenterTest, InitialAtSentenceEndBeforeAnOpener) {
  Analyze("They chose Plan B. The others disagreed.");
  EXPECT_EQ(Sentences(), (Strings{"They chose Plan B.", "The others disagreed."}));
}

TEST_F(SegmenterTest, AQuestionOrExclamationGoesOnBeforeALowerCaseWord) {
  Analyze("\u201cI\u2019m honored!\u201d she said. \"Can she stay?\" he asked. Why? No one knows.");
  EXPECT_EQ(Sentences(), (Strings{"\u201cI\u2019m honored!\u201d she said.",
                                  "\"Can she stay?\" he asked.", "Why?", "No one knows."}));
  Analyze("What? no, never.");
  EXPECT_EQ(doc_.sentences.size(), 1u);
}

TEST_F(SegmenterTest, ANumberAfterAFullStopOpensASentence) {
  Analyze(
      "A recalibration is overdue. 53% describe themselves as liberal. Growth was 3.4 percent "
      "on Jan. 5 and No. 2 in rank.");
  EXPECT_EQ(Sentences(),
            (Strings{"A recalibration is overdue.", "53% describe themselves as liberal.",
                     "Growth was 3.4 percent on Jan. 5 and No. 2 in rank."}));
}

TEST_F(SegmenterTest, UsAndEtcSplitOnlyBeforeSentenceOpeners) {
  Analyze("He serves in the U.S. Army in Germany. Troops left the U.S. The war went on.");
  EXPECT_EQ(Sentences(), (Strings{"He serves in the U.S. Army in Germany.", "Troops left the U.S.",
                                  "The war went on."}));
  EXPECT_TRUE(Find("U.S.").Has(kAbbreviation));
  EXPECT_TRUE(Find("U.S.").Has(kAllCaps));
  EXPECT_EQ(doc_.Key(Find("U.S.")), "u.s.");

  Analyze("Tanks, guns, etc. were sent. They sent tanks, guns, etc. However, nothing came.");
  EXPECT_EQ(Sentences(), (Strings{"Tanks, guns, etc. were sent.", "They sent tanks, guns, etc.",
                                  "However, nothing came."}));

  Analyze("Officials from the U.K. Foreign Office and the U.N. Security Council met.");
  EXPECT_EQ(doc_.sentences.size(), 1u);
}

TEST_F(SegmenterTest, NumberAndArticleAbbreviationsNeedANumber) {
  Analyze("See No. 5 and Art. 9 of the treaty. No. That is wrong.");
  EXPECT_EQ(Sentences(), (Strings{"See No. 5 and Art. 9 of the treaty.", "No.", "That is wrong."}));
  EXPECT_TRUE(Find("No.").Has(kAbbreviation));
  EXPECT_TRUE(Find("Art.").Has(kAbbreviation));
  // The answer "No." keeps its period apart.
  const Sentence& answer = doc_.sentences[1];
  ASSERT_EQ(answer.end_token - answer.first_token, 2u);
  EXPECT_EQ(doc_.Surface(doc_.tokens[answer.first_token]), "No");
  EXPECT_FALSE(doc_.tokens[answer.first_token].Has(kAbbreviation));
}

TEST_F(SegmenterTest, LatinAbbreviationsInsideSentences) {
  Analyze("Some states, e.g. France, i.e. the host, objected.");
  EXPECT_EQ(doc_.sentences.size(), 1u);
  EXPECT_EQ(Surfaces(), (Strings{"Some", "states", ",", "e.g.", "France", ",", "i.e.", "the",
                                 "host", ",", "objected", "."}));
}

TEST_F(SegmenterTest, AbbreviationBeforeLineBreakEndsSentence) {
  Analyze("Signed by Mr.\nThe rest follows.");
  EXPECT_EQ(Sentences(), (Strings{"Signed by Mr.", "The rest follows."}));
}

TEST_F(SegmenterTest, PossessivesAreSplit) {
  Analyze("Macron\xE2\x80\x99s visit and Biden's trip.");
  EXPECT_EQ(Surfaces(),
            (Strings{"Macron", "\xE2\x80\x99s", "visit", "and", "Biden", "'s", "trip", "."}));
  EXPECT_EQ(Keys(), (Strings{"macron", "'s", "visit", "and", "biden", "'s", "trip", "."}));
  const Token& s = doc_.tokens[1];
  EXPECT_FALSE(s.Has(kSpaceBefore));
  EXPECT_EQ(s.begin, 6u);
  EXPECT_EQ(s.end, 10u);
  EXPECT_EQ(s.cp_begin, 6u);
  EXPECT_EQ(s.cp_end, 8u);
  EXPECT_EQ(doc_.tokens[2].cp_begin, 9u);
}

TEST_F(SegmenterTest, NegationsAreSplit) {
  Analyze("They didn\xE2\x80\x99t agree and can't, won't.");
  EXPECT_EQ(Surfaces(), (Strings{"They", "did", "n\xE2\x80\x99t", "agree", "and", "ca", "n't", ",",
                                 "wo", "n't", "."}));
  EXPECT_EQ(doc_.Key(doc_.tokens[2]), "n't");
  EXPECT_EQ(doc_.Lemma(doc_.tokens[2]), "not");
  EXPECT_EQ(doc_.Lemma(doc_.tokens[1]), "do");
  EXPECT_FALSE(doc_.tokens[2].Has(kSpaceBefore));
}

TEST_F(SegmenterTest, HyphenatedWordsAreThreeTokens) {
  Analyze("the Sino-Russian partnership");
  EXPECT_EQ(Surfaces(), (Strings{"the", "Sino", "-", "Russian", "partnership"}));
  const Token& hyphen = doc_.tokens[2];
  EXPECT_TRUE(hyphen.Has(kPunct));
  EXPECT_FALSE(hyphen.Has(kSpaceBefore));
  EXPECT_FALSE(doc_.tokens[3].Has(kSpaceBefore));
  EXPECT_TRUE(doc_.tokens[1].Has(kSpaceBefore));
  EXPECT_TRUE(doc_.tokens[3].Has(kCapitalized));
}

TEST_F(SegmenterTest, QuotesAndPunctuationAreTokens) {
  Analyze("\xE2\x80\x9CWe will not back down,\xE2\x80\x9D he said. \xE2\x80\x9CNever!\xE2\x80\x9D");
  EXPECT_EQ(Surfaces(),
            (Strings{"\xE2\x80\x9C", "We", "will", "not", "back", "down", ",", "\xE2\x80\x9D", "he",
                     "said", ".", "\xE2\x80\x9C", "Never", "!", "\xE2\x80\x9D"}));
  EXPECT_EQ(Sentences(), (Strings{"\xE2\x80\x9CWe will not back down,\xE2\x80\x9D he said.",
                                  "\xE2\x80\x9CNever!\xE2\x80\x9D"}));
  EXPECT_EQ(doc_.Key(doc_.tokens[0]), "\"");
  EXPECT_TRUE(doc_.tokens[0].Has(kPunct));
  EXPECT_FALSE(doc_.tokens[0].Has(kSpaceBefore));  // nothing precedes the first token
  EXPECT_TRUE(doc_.tokens[11].Has(kSpaceBefore));
  EXPECT_FALSE(doc_.tokens[12].Has(kSpaceBefore));
  Analyze("Wait... what?");
  EXPECT_EQ(Surfaces(), (Strings{"Wait", ".", ".", ".", "what", "?"}));
}

TEST_F(SegmenterTest, ExactOffsetsOnNonAsciiText) {
  // "Le café “noir” est là." : é, “, ”, à are 2, 3, 3, 2 bytes.
  Analyze("Le caf\xC3\xA9 \xE2\x80\x9Cnoir\xE2\x80\x9D est l\xC3\xA0.");
  struct Expected {
    const char* surface;
    uint32_t begin, end, cp_begin, cp_end;
  };
  const Expected expected[] = {
      {"Le", 0, 2, 0, 2},
      {"caf\xC3\xA9", 3, 8, 3, 7},
      {"\xE2\x80\x9C", 9, 12, 8, 9},
      {"noir", 12, 16, 9, 13},
      {"\xE2\x80\x9D", 16, 19, 13, 14},
      {"est", 20, 23, 15, 18},
      {"l\xC3\xA0", 24, 27, 19, 21},
      {".", 27, 28, 21, 22},
  };
  ASSERT_EQ(doc_.tokens.size(), std::size(expected));
  for (size_t i = 0; i < std::size(expected); ++i) {
    const Token& t = doc_.tokens[i];
    EXPECT_EQ(doc_.Surface(t), expected[i].surface) << i;
    EXPECT_EQ(t.begin, expected[i].begin) << i;
    EXPECT_EQ(t.end, expected[i].end) << i;
    EXPECT_EQ(t.cp_begin, expected[i].cp_begin) << i;
    EXPECT_EQ(t.cp_end, expected[i].cp_end) << i;
  }
  ASSERT_EQ(doc_.sentences.size(), 1u);
  EXPECT_EQ(doc_.sentences[0].cp_end, 22u);
  EXPECT_EQ(doc_.sentences[0].end, 28u);
}

TEST_F(SegmenterTest, TokenFlags) {
  Analyze("NATO and AP4 spent 1,000.5 dollars in 2023, the 20th time; 50% of Est\xC3\xA9vez.");
  EXPECT_TRUE(Find("NATO").Has(kAllCaps));
  EXPECT_TRUE(Find("NATO").Has(kCapitalized));
  EXPECT_TRUE(Find("NATO").Has(kWord));
  EXPECT_TRUE(Find("AP4").Has(kAllCaps));
  EXPECT_FALSE(Find("and").Has(kCapitalized));
  EXPECT_FALSE(Find("and").Has(kAllCaps));
  EXPECT_TRUE(Find("1,000.5").Has(kNumber));
  EXPECT_FALSE(Find("1,000.5").Has(kWord));
  EXPECT_TRUE(Find("2023").Has(kNumber));
  EXPECT_TRUE(Find("20th").Has(kWord));
  EXPECT_TRUE(Find("%").Has(kPunct));
  EXPECT_FALSE(Find("%").Has(kSpaceBefore));
  EXPECT_TRUE(Find("Est\xC3\xA9vez").Has(kCapitalized));
  EXPECT_FALSE(Find("Est\xC3\xA9vez").Has(kAllCaps));
}

TEST_F(SegmenterTest, KeysAndLemmas) {
  Analyze("Ankara Opposed the \xEF\xAC\x81nal plans; it HAS opposed them.");
  EXPECT_EQ(doc_.Key(Find("Opposed")), "opposed");
  EXPECT_EQ(doc_.Lemma(Find("Opposed")), "oppose");
  EXPECT_EQ(doc_.Key(Find("\xEF\xAC\x81nal")), "final");
  EXPECT_EQ(doc_.Lemma(Find("plans")), "plan");
  EXPECT_EQ(doc_.Lemma(Find("HAS")), "have");
  EXPECT_EQ(doc_.Lemma(Find("the")), "the");
}

TEST_F(SegmenterTest, KeysOfAPhrase) {
  EXPECT_EQ(seg_.Keys("Macron\xE2\x80\x99s"), (Strings{"macron", "'s"}));
  EXPECT_EQ(seg_.Keys("'s"), (Strings{"'s"}));  // a clitic alone, as after a word
  EXPECT_EQ(seg_.Keys("n't"), (Strings{"n't"}));
  EXPECT_EQ(seg_.Keys("  Sino-Russian  "), (Strings{"sino", "-", "russian"}));
  EXPECT_EQ(seg_.Keys("the U.S."), (Strings{"the", "u.s."}));
  EXPECT_EQ(seg_.Keys("Dr. Jones"), (Strings{"dr.", "jones"}));
  EXPECT_EQ(seg_.Keys("didn't"), (Strings{"did", "n't"}));
  EXPECT_TRUE(seg_.Keys("").empty());
  // Keys() does not disturb a document analysed before.
  Analyze("One. Two.");
  seg_.Keys("Three four");
  EXPECT_EQ(Sentences(), (Strings{"One.", "Two."}));
}

TEST_F(SegmenterTest, EmptyAndBlankTexts) {
  Analyze("");
  EXPECT_TRUE(doc_.tokens.empty());
  EXPECT_TRUE(doc_.sentences.empty());
  Analyze(" \r\n\t ");
  EXPECT_TRUE(doc_.tokens.empty());
  EXPECT_TRUE(doc_.sentences.empty());
}

TEST_F(SegmenterTest, OutputIsReusedAcrossDocuments) {
  Analyze("First document here. With two sentences.");
  Analyze("Second.");
  EXPECT_EQ(Sentences(), (Strings{"Second."}));
  EXPECT_EQ(Keys(), (Strings{"second", "."}));
  EXPECT_EQ(doc_.keys, "second.");
}

// A long document: offsets must stay exact (they are computed incrementally).
TEST_F(SegmenterTest, LongDocument) {
  const std::string unit = "Mr. Smith\xE2\x80\x99s caf\xC3\xA9 didn\xE2\x80\x99t open. ";
  const size_t unit_cps = CountCodePoints(unit);
  std::string text;
  const size_t n = 5000;
  for (size_t i = 0; i < n; ++i) text += unit;
  Analyze(text);
  ASSERT_EQ(doc_.sentences.size(), n);
  ASSERT_EQ(doc_.tokens.size(), 8 * n);
  const Sentence& last = doc_.sentences.back();
  EXPECT_EQ(last.cp_begin, (n - 1) * unit_cps);
  EXPECT_EQ(last.cp_end, n * unit_cps - 1);
  EXPECT_EQ(last.end, text.size() - 1);
  EXPECT_EQ(doc_.SentenceText(last), unit.substr(0, unit.size() - 1));
}

// The shared sample article splits into the gold's 52 sentences.
TEST(SegmenterSampleTest, SharedSampleMatchesGoldSentences) {
  const std::string name = "000_54727c9e6926ecc6";
  std::filesystem::path shared;
  for (std::filesystem::path candidate : {std::filesystem::path(ARGX_SOURCE_DIR) / ".." / "shared",
                                          std::filesystem::path("../shared")}) {
    if (std::filesystem::exists(candidate / "eval" / "docs" / (name + ".txt"))) {
      shared = candidate;
      break;
    }
  }
  if (shared.empty()) GTEST_SKIP() << "../shared/eval is not present";

  auto read = [](const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  DecodedText decoded;
  ASSERT_TRUE(Decode(read(shared / "eval" / "docs" / (name + ".txt")), &decoded).ok());
  nlohmann::json gold = nlohmann::json::parse(read(shared / "eval" / "gold" / (name + ".json")));

  Segmenter seg;
  AnalyzedText doc;
  ASSERT_TRUE(seg.Analyze(decoded.text, &doc).ok());
  const auto& sentences = gold["sentences"];
  ASSERT_EQ(sentences.size(), 52u);
  ASSERT_EQ(doc.sentences.size(), sentences.size());
  for (size_t i = 0; i < sentences.size(); ++i) {
    EXPECT_EQ(doc.sentences[i].cp_begin, sentences[i]["start"].get<uint32_t>())
        << "sentence " << sentences[i]["n"];
    EXPECT_EQ(doc.sentences[i].cp_end, sentences[i]["end"].get<uint32_t>())
        << "sentence " << sentences[i]["n"];
  }
}

// --- The word segmentation fast path gives exactly ICU's tokens ------------

// Everything the analysis produces, as one comparable string per token and
// sentence.
std::vector<std::string> Dump(const AnalyzedText& doc) {
  std::vector<std::string> out;
  for (const Token& t : doc.tokens) {
    out.push_back("token " + std::to_string(t.begin) + "-" + std::to_string(t.end) + " cp " +
                  std::to_string(t.cp_begin) + "-" + std::to_string(t.cp_end) + " flags " +
                  std::to_string(t.flags) + " [" + std::string(doc.Surface(t)) + "] key [" +
                  std::string(doc.Key(t)) + "] lemma [" + std::string(doc.Lemma(t)) + "]");
  }
  for (const Sentence& s : doc.sentences) {
    out.push_back("sentence " + std::to_string(s.begin) + "-" + std::to_string(s.end) + " tokens " +
                  std::to_string(s.first_token) + "-" + std::to_string(s.end_token));
  }
  return out;
}

// Analyses `text` with the fast path and with ICU's word iterator alone.
void ExpectSameAsIcu(const std::string& text, const std::string& what) {
  Segmenter seg;
  AnalyzedText fast, icu;
  ASSERT_TRUE(seg.Analyze(text, &fast).ok());
  internal::SetWordFastPathForTesting(false);
  Status s = seg.Analyze(text, &icu);
  internal::SetWordFastPathForTesting(true);
  ASSERT_TRUE(s.ok());
  std::vector<std::string> a = Dump(fast), b = Dump(icu);
  ASSERT_EQ(a.size(), b.size()) << what;
  for (size_t i = 0; i < a.size(); ++i) ASSERT_EQ(a[i], b[i]) << what << ", item " << i;
}

TEST(WordFastPathTest, SameTokensAsIcuOnTheCorpus) {
  std::filesystem::path corpus = std::filesystem::path(ARGX_SOURCE_DIR) / "corpus";
  ASSERT_TRUE(std::filesystem::is_directory(corpus));
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
    if (entry.path().extension() != ".txt") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    DecodedText decoded;
    ASSERT_TRUE(Decode(ss.str(), &decoded).ok()) << entry.path();
    ExpectSameAsIcu(decoded.text, entry.path().string());
    ++files;
  }
  EXPECT_GE(files, 8);
}

TEST(WordFastPathTest, SameTokensAsIcuOnHandPickedCases) {
  for (const char* text : {
           "a:b a.b 3,5 3.5 a'b a\xE2\x80\x99"
           "b a_ _a __ _ 3_a a;b 3;4 3'4 a@b.com @ @@ x@'s",
           "a..b 1.2.3 1,2.3 a.1 1.a a'1 1'a a_'b a.'b a._b _.a a@.b 1.a.2 1,,2 a1.2 1a.b a.b1",
           "U.S. e.g. Macron\xE2\x80\x99s didn't can't O'Neill rock'n'roll 5's '90s $5 #tag",
           "caf\xC3\xA9 na\xC3\xAFve Erdo\xC4\x9F"
           "an \xE2\x80\x9Cquoted\xE2\x80\x9D \xE2\x80\x94 dash",
           "combining e\xCC\x81 and \xCC\x81"
           "alone, nbsp\xC2\xA0here, soft\xC2\xADhyphen, "
           "zero\xE2\x80\x8Bwidth, ideographic\xE3\x80\x80 space, \xE0\xB8\x81\xE0\xB8\xB2 Thai",
           "tab\there\r\nCRLF\rCR\x0B"
           "vt\x0C"
           "ff  two  spaces \xE2\x80\x83 em space\xE2\x80\x83 x",
       }) {
    ExpectSameAsIcu(text, text);
  }
}

// Random strings over the fast path's repertoire and its edges.
TEST(WordFastPathTest, SameTokensAsIcuOnRandomText) {
  // clang-format off
  const std::vector<std::string> pieces = {
      "a", "Z", "e", "s", "t", "n", "@", "0", "7", ".", "'", ",", ";", "_", ":", "-", "!", "?",
      "(", ")", "\"", "$", "%", "/", "#", "&", "*", " ", " ", " ", "  ", "\t", "\n", "\r\n",
      "\xE2\x80\x98", "\xE2\x80\x99", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x93",
      "\xE2\x80\x94", "\xE2\x80\xA6", "\xC2\xAB", "\xC2\xBB", "\xC2\xA3", "\xE2\x82\xAC",
      "\xC2\xB0", "\xC2\xA7", "\xC3\xA9", "\xC3\x9F", "\xC4\x9F", "\xC5\xBF", "\xC3\x97",
      "n't", "'s", "\xE2\x80\x99s", "Mr.", "U.S.",
      // outside the repertoire: ICU must take over and hand back correctly
      "\xCC\x81", "\xC2\xA0", "\xC2\xAD", "\xE2\x80\x8B", "\xE3\x80\x80", "\xE2\x80\x83",
      "\xE0\xB8\x81", "\xD7\x90", "\xE3\x82\xA2", "\xEF\xBC\x8E", "\x01", "\xF0\x9F\x87\xAB",
  };
  // clang-format on
  std::mt19937 rng(12345);
  std::uniform_int_distribution<size_t> piece(0, pieces.size() - 1);
  std::uniform_int_distribution<int> length(1, 30);
  for (int iteration = 0; iteration < 20000; ++iteration) {
    std::string text;
    for (int k = length(rng); k > 0; --k) text += pieces[piece(rng)];
    ExpectSameAsIcu(text, "random text #" + std::to_string(iteration) + ": \"" + text + "\"");
    if (::testing::Test::HasFatalFailure()) return;
  }
}

}  // namespace
}  // namespace argx::text
