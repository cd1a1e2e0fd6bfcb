// Extractor::ExtractInWindows: a document read in windows of sentences gives
// exactly what Extract() gives for the whole of it, with the default rules,
// whatever the window size: names, quotations, pronouns and genders that
// reach over a window's edge included.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "extract/extractor.h"
#include "text/segmenter.h"

namespace argx::extract {
namespace {

namespace fs = std::filesystem;

std::string SpanText(Span s) { return std::to_string(s.begin) + "-" + std::to_string(s.end); }

std::string ActorText(const Actor& a) {
  return a.id + "|" + a.name + "|" + a.type + "|" + a.affiliation + "|" + a.source;
}

// Every field of every extraction, one line each, in order.
std::string Dump(const Extractions& e) {
  std::ostringstream out;
  for (const ActorMention& m : e.actors) {
    out << "actor s" << m.sentence << " " << SpanText(m.span) << " [" << m.text << "] "
        << ActorText(m.actor) << " " << m.rule << "\n";
  }
  for (const Stance& s : e.stances) {
    out << "stance s" << s.sentence << " " << SpanText(s.span) << " [" << s.text << "] "
        << ActorText(s.holder) << " [" << s.holder_text << "] " << SpanText(s.holder_span) << " "
        << s.polarity << " [" << s.target << "] " << SpanText(s.target_span) << " [" << s.cue
        << "] " << SpanText(s.cue_span) << " " << s.rule << "\n";
  }
  for (const Claim& c : e.claims) {
    out << "claim s" << c.sentence << " " << SpanText(c.span) << " [" << c.text << "] "
        << (c.by_author ? "AUTHOR" : ActorText(c.claimant)) << " [" << c.claimant_text << "] "
        << SpanText(c.claimant_span) << " " << c.claim_type << " [" << c.cue << "] "
        << SpanText(c.cue_span) << " [" << c.content << "] " << SpanText(c.content_span) << " {";
    for (const std::string& h : c.hedges) out << h << ";";
    out << "} " << c.rule << "\n";
  }
  return out.str();
}

std::string Sentences(const std::vector<Span>& sentences) {
  std::string out;
  for (Span s : sentences) out += SpanText(s) + " ";
  return out;
}

class WindowsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::vector<rules::Diagnostic> diags;
    Status s = Extractor::Create({std::string(ARGX_SOURCE_DIR) + "/rules"}, &extractor_, &diags);
    ASSERT_TRUE(s.ok()) << (diags.empty() ? s.message() : diags[0].Format());
  }
  static void TearDownTestSuite() { extractor_.reset(); }

  // The whole text at once: its extractions (Dump) and sentences.
  void Whole(const std::string& text, std::string* dump, std::string* sentences) {
    text::AnalyzedText doc;
    ASSERT_TRUE(segmenter_.Analyze(text, &doc).ok());
    Extractions out;
    extractor_->Extract(doc, &scratch_, &out);
    *dump = Dump(out);
    std::vector<Span> spans;
    for (const text::Sentence& s : doc.sentences) spans.push_back({s.cp_begin, s.cp_end});
    *sentences = Sentences(spans);
  }

  // The same in windows; *windows counts them.
  void Windowed(const std::string& text, const Extractor::WindowOptions& options, std::string* dump,
                std::string* sentences, int* windows) {
    Extractions all;
    std::vector<Span> spans;
    *windows = 0;
    Status s = extractor_->ExtractInWindows(
        text, &segmenter_, &scratch_, options, [&](Extractor::Window* w) {
          EXPECT_EQ(w->first_sentence, spans.size());
          ++*windows;
          spans.insert(spans.end(), w->sentences.begin(), w->sentences.end());
          for (auto& x : w->extractions.actors) all.actors.push_back(std::move(x));
          for (auto& x : w->extractions.stances) all.stances.push_back(std::move(x));
          for (auto& x : w->extractions.claims) all.claims.push_back(std::move(x));
          return Status::Ok();
        });
    ASSERT_TRUE(s.ok()) << s.message();
    *dump = Dump(all);
    *sentences = Sentences(spans);
  }

  static std::unique_ptr<Extractor> extractor_;
  text::Segmenter segmenter_;
  Extractor::Scratch scratch_;
};

std::unique_ptr<Extractor> WindowsTest::extractor_;

// Paragraphs of one or two sentences, so that one-line windows cut between
// an antecedent and what refers to it: a family name used before and after
// the full name, a first name alone, an acronym used before its definition,
// quotations that go on with the speaker of the one before over several
// paragraphs, "he" and "she" that take the person of a paragraph before,
// a gender known from an honorific far away.
constexpr char kDocument[] =
    "Diplomats in Khartoum said Okafor had asked the DRCC to mediate.\n"
    "\n"
    "French President Emmanuel Macron met Chidi Okafor, the head of the African Union "
    "mission, in Paris on Monday.\n"
    "\"We will not accept a partition of Sudan,\" Macron said.\n"
    "\"The war must end before the rainy season, and every party has to come to the table.\"\n"
    "\"Europe is ready to pay for the reconstruction, if the fighting stops.\"\n"
    "He added that France opposes new sanctions.\n"
    "Okafor said the Darfur Relief Coordination Council (DRCC) had opposed three ceasefires.\n"
    "\n"
    "Ms. Amina Yusuf, a senior adviser to the mission, warned that the talks could fail.\n"
    "Later that day she said the RSF would likely reject the plan.\n"
    "\"Nobody in the region wants another summer of fighting,\" Yusuf told reporters.\n"
    "\"The ceasefire has to hold, and it has to be monitored by people on the ground.\"\n"
    "Emmanuel told reporters that France supports the mission.\n"
    "Officials said the DRCC and the army would meet again in Jeddah.\n"
    "Yusuf said she expected little from the meeting.\n";

TEST_F(WindowsTest, OneLineWindowsGiveTheWholeDocumentsExtractions) {
  std::string whole, whole_sentences;
  Whole(kDocument, &whole, &whole_sentences);
  // What the windows must carry over their edges is in the whole result.
  EXPECT_NE(whole.find("resolve.surname"), std::string::npos) << whole;
  EXPECT_NE(whole.find("actor.open.acronym"), std::string::npos) << whole;
  EXPECT_NE(whole.find("claim.open.quote"), std::string::npos) << whole;

  Extractor::WindowOptions options;
  options.window_bytes = 1;      // every line its own window
  options.lookbehind_bytes = 0;  // and the fewest lines before it
  std::string windowed, windowed_sentences;
  int windows = 0;
  Windowed(kDocument, options, &windowed, &windowed_sentences, &windows);
  EXPECT_GE(windows, 14);
  EXPECT_EQ(windowed_sentences, whole_sentences);
  EXPECT_EQ(windowed, whole);
}

// Titles and roles stand for the latest actor named before them however
// far back: further than any lookbehind here.
constexpr char kFarAntecedents[] =
    "Serbian President Aleksandar Vucic met the envoy in Belgrade.\n"
    "Pope Francis and the Kosovo prime minister spoke by telephone.\n"
    "Halyard Commerce Bank opened a branch in Pristina.\n"
    "Trade across the border fell by a third last year.\n"
    "Farmers in the valley waited for the spring rains.\n"
    "Prices of bread and fuel rose again in March.\n"
    "The river froze for two weeks in January.\n"
    "Schools in the north closed early for the holidays.\n"
    "A new road to the coast is to open in the autumn.\n"
    "Tourism grew for the third year in a row.\n"
    "Exports of copper and timber doubled since the war.\n"
    "The harvest was the best in a decade.\n"
    "The Serbian president opposes the new tariffs.\n"
    "The Serbian president said that the crossing would stay open.\n"
    "The pope said that both sides must keep talking.\n"
    "The bank said that lending to farmers would resume.\n";

TEST_F(WindowsTest, TitlesFindTheirActorBeforeTheLookbehind) {
  std::string whole, whole_sentences;
  Whole(kFarAntecedents, &whole, &whole_sentences);
  // Twelve lines back: further than the eight lines of lookbehind.
  EXPECT_NE(whole.find("stance s12 600-645 [The Serbian president opposes the new tariffs] "
                       "person:aleksandar-vucic"),
            std::string::npos)
      << whole;
  EXPECT_NE(whole.find("|Serbia|lexicon:persons [The Serbian president]"), std::string::npos)
      << whole;
  EXPECT_NE(whole.find("|Halyard Commerce Bank|organization||open-world [The bank]"),
            std::string::npos)
      << whole;
  Extractor::WindowOptions options;
  options.window_bytes = 1;
  options.lookbehind_bytes = 0;
  std::string windowed, windowed_sentences;
  int windows = 0;
  Windowed(kFarAntecedents, options, &windowed, &windowed_sentences, &windows);
  EXPECT_EQ(windows, 16);
  EXPECT_EQ(windowed, whole);
}

TEST_F(WindowsTest, TheSampleCorpusInSmallWindowsIsTheWholeCorpus) {
  // Every article of corpus/, one after the other: one document of
  // hundreds of sentences, read in windows of a few paragraphs.
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(ARGX_SOURCE_DIR) / "corpus")) {
    if (e.path().extension() == ".txt") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::string text;
  for (const fs::path& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::string article((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (article.find('\0') != std::string::npos) continue;  // a UTF-16 test file
    text += article + "\n\n";
  }
  ASSERT_GT(text.size(), 20000u);
  std::string whole, whole_sentences;
  Whole(text, &whole, &whole_sentences);
  for (size_t window_bytes : {size_t{3000}, size_t{20000}}) {
    Extractor::WindowOptions options;
    options.window_bytes = window_bytes;
    std::string windowed, windowed_sentences;
    int windows = 0;
    Windowed(text, options, &windowed, &windowed_sentences, &windows);
    EXPECT_GE(windows, static_cast<int>(text.size() / window_bytes) - 1);
    EXPECT_EQ(windowed_sentences, whole_sentences) << "window_bytes " << window_bytes;
    EXPECT_EQ(windowed, whole) << "window_bytes " << window_bytes;
  }
}

TEST_F(WindowsTest, ATextOfOneWindowIsExtractedAtOnce) {
  std::string whole, whole_sentences;
  Whole(kDocument, &whole, &whole_sentences);
  std::string windowed, windowed_sentences;
  int windows = 0;
  Windowed(kDocument, Extractor::WindowOptions(), &windowed, &windowed_sentences, &windows);
  EXPECT_EQ(windows, 1);
  EXPECT_EQ(windowed, whole);
}

}  // namespace
}  // namespace argx::extract
