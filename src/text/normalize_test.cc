#include "text/normalize.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace argx::text {
namespace {

TEST(MatchKeyTest, AsciiIsLowerCased) {
  EXPECT_EQ(MatchKey("NATO"), "nato");
  EXPECT_EQ(MatchKey("Sino-Russian"), "sino-russian");
  EXPECT_EQ(MatchKey("`quoted'"), "'quoted'");
  EXPECT_EQ(MatchKey(""), "");
}

TEST(MatchKeyTest, CurlyAndStraightQuotesAreEqual) {
  EXPECT_EQ(MatchKey("Macron\xE2\x80\x99s"), "macron's");  // ’
  EXPECT_EQ(MatchKey("Macron's"), "macron's");
  EXPECT_EQ(MatchKey("Macron\xCA\xBCs"), "macron's");  // ʼ modifier letter apostrophe
  EXPECT_EQ(MatchKey("\xE2\x80\x98"
                     "a\xC2\xB4"),
            "'a'");                                                     // ‘a´
  EXPECT_EQ(MatchKey("\xE2\x80\x9CQuoted\xE2\x80\x9D"), "\"quoted\"");  // “ ”
  EXPECT_EQ(MatchKey("\xE2\x80\x9E"
                     "a\xC2\xAB"
                     "b\xC2\xBB"),
            "\"a\"b\"");                     // „ « »
  EXPECT_EQ(MatchKey("\xEF\xBC\x87"), "'");  // fullwidth apostrophe, via NFKC
}

TEST(MatchKeyTest, CaseFoldingIsFull) {
  EXPECT_EQ(MatchKey("\xC3\x89T\xC3\x89"), "\xC3\xA9t\xC3\xA9");  // ÉTÉ -> été
  EXPECT_EQ(MatchKey("Stra\xC3\x9F"
                     "e"),
            "strasse");                                         // ß -> ss
  EXPECT_EQ(MatchKey("\xCE\xA3\xCE\x99"), "\xCF\x83\xCE\xB9");  // ΣΙ -> σι
}

TEST(MatchKeyTest, Nfkc) {
  EXPECT_EQ(MatchKey("\xEF\xAC\x81nance"), "finance");                              // ﬁ ligature
  EXPECT_EQ(MatchKey("\xEF\xBC\xA6\xEF\xBD\x95\xEF\xBD\x8C\xEF\xBD\x8C"), "full");  // Ｆｕｌｌ
  EXPECT_EQ(MatchKey("Caf"
                     "e\xCC\x81"),
            "caf\xC3\xA9");  // e + combining acute -> é
  EXPECT_EQ(MatchKey("caf\xC3\xA9"), MatchKey("CAFE\xCC\x81"));
  EXPECT_EQ(MatchKey("x\xC2\xB2"), "x2");  // superscript two
}

TEST(MatchKeyTest, HyphensAndDashes) {
  EXPECT_EQ(MatchKey("Sino\xE2\x80\x90Russian"), "sino-russian");  // U+2010
  EXPECT_EQ(MatchKey("Sino\xE2\x80\x91Russian"), "sino-russian");  // U+2011
  EXPECT_EQ(MatchKey("\xE2\x80\x93"), "\xE2\x80\x93");             // en dash stays
  EXPECT_EQ(MatchKey("\xE2\x80\x94"), "\xE2\x80\x94");             // em dash stays
}

TEST(MatchKeyTest, InvalidUtf8BecomesReplacement) {
  EXPECT_EQ(MatchKey("A\xFF"
                     "B"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(MatchKey("\xC3\x89\xE2\x82"), "\xC3\xA9\xEF\xBF\xBD");
}

TEST(MatchKeyTest, AppendsToExistingString) {
  std::string arena = "x|";
  AppendMatchKey("\xC3\x89t\xC3\xA9", &arena);
  AppendMatchKey("ABC", &arena);
  EXPECT_EQ(arena,
            "x|\xC3\xA9t\xC3\xA9"
            "abc");
}

TEST(CountCodePointsTest, CountsCodePointsNotBytes) {
  EXPECT_EQ(CountCodePoints(""), 0u);
  EXPECT_EQ(CountCodePoints("abc"), 3u);
  EXPECT_EQ(CountCodePoints("caf\xC3\xA9 \xE2\x80\x9Cx\xE2\x80\x9D \xF0\x9F\x98\x80"), 10u);
}

// clang-format off: tables of word pairs read best in columns.
TEST(LemmaTest, IrregularForms) {
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"is", "be"},
      {"are", "be"},
      {"was", "be"},
      {"were", "be"},
      {"been", "be"},
      {"being", "be"},
      {"am", "be"},
      {"has", "have"},
      {"had", "have"},
      {"having", "have"},
      {"does", "do"},
      {"did", "do"},
      {"done", "do"},
      {"said", "say"},
      {"says", "say"},
      {"made", "make"},
      {"took", "take"},
      {"taken", "take"},
      {"went", "go"},
      {"gone", "go"},
      {"goes", "go"},
      {"gave", "give"},
      {"given", "give"},
      {"saw", "see"},
      {"seen", "see"},
      {"came", "come"},
      {"began", "begin"},
      {"begun", "begin"},
      {"brought", "bring"},
      {"bought", "buy"},
      {"thought", "think"},
      {"sought", "seek"},
      {"fought", "fight"},
      {"held", "hold"},
      {"kept", "keep"},
      {"led", "lead"},
      {"left", "leave"},
      {"lost", "lose"},
      {"meant", "mean"},
      {"met", "meet"},
      {"paid", "pay"},
      {"put", "put"},
      {"ran", "run"},
      {"read", "read"},
      {"rose", "rise"},
      {"sent", "send"},
      {"set", "set"},
      {"spoke", "speak"},
      {"spoken", "speak"},
      {"stood", "stand"},
      {"told", "tell"},
      {"understood", "understand"},
      {"won", "win"},
      {"wrote", "write"},
      {"written", "write"},
      {"chose", "choose"},
      {"chosen", "choose"},
      {"drew", "draw"},
      {"drawn", "draw"},
      {"fell", "fall"},
      {"fallen", "fall"},
      {"grew", "grow"},
      {"grown", "grow"},
      {"knew", "know"},
      {"known", "know"},
      {"laid", "lay"},
      {"shown", "show"},
      {"withdrew", "withdraw"},
      {"withdrawn", "withdraw"},
      {"undertook", "undertake"},
      {"men", "man"},
      {"children", "child"},
      {"n't", "not"},
      {"ca", "can"},
      {"wo", "will"},
  };
  for (const auto& [form, lemma] : cases) EXPECT_EQ(Lemma(form), lemma) << form;
}

TEST(LemmaTest, RegularRulesFromTheIssue) {
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"opposing", "oppose"},      {"opposed", "oppose"},    {"opposes", "oppose"},
      {"backed", "back"},          {"urged", "urge"},        {"committed", "commit"},
      {"criticized", "criticize"}, {"planned", "plan"},      {"stopped", "stop"},
      {"agreed", "agree"},         {"seeing", "see"},        {"countries", "country"},
      {"expresses", "express"},    {"watches", "watch"},     {"focuses", "focus"},
      {"carried", "carry"},        {"allies", "ally"},       {"news", "news"},
      {"crisis", "crisis"},        {"analysis", "analysis"}, {"status", "status"},
      {"class", "class"},          {"famous", "famous"},     {"this", "this"},
      {"signalled", "signal"},     {"signalling", "signal"}, {"travelled", "travel"},
      {"called", "call"},          {"installed", "install"},
  };
  for (const auto& [form, lemma] : cases) EXPECT_EQ(Lemma(form), lemma) << form;
}

TEST(LemmaTest, WordsThatLookInflectedButAreNot) {
  for (const char* w : {"bring",  "thing",   "string", "king",    "during",   "nothing", "morning",
                        "need",   "proceed", "speed",  "indeed",  "red",      "shed",    "beijing",
                        "always", "perhaps", "series", "species", "politics", "its",     "us",
                        "gas",    "bias",    "chaos",  "united",  "interest"}) {
    std::string l = Lemma(w);
    if (std::string(w) == "united") {
      EXPECT_EQ(l, "unite");  // a verb form, lemmatized like any other
    } else {
      EXPECT_EQ(l, w) << w;
    }
  }
}

// Every inflected form of a regular verb must have the lemma of its base.
TEST(LemmaTest, AllFormsOfARegularVerbShareTheBaseLemma) {
  const std::vector<std::vector<const char*>> families = {
      {"oppose", "opposes", "opposed", "opposing"},
      {"back", "backs", "backed", "backing"},
      {"urge", "urges", "urged", "urging"},
      {"commit", "commits", "committed", "committing"},
      {"criticize", "criticizes", "criticized", "criticizing"},
      {"criticise", "criticises", "criticised", "criticising"},
      {"plan", "plans", "planned", "planning"},
      {"stop", "stops", "stopped", "stopping"},
      {"agree", "agrees", "agreed", "agreeing"},
      {"see", "sees", "seeing"},
      {"express", "expresses", "expressed", "expressing"},
      {"watch", "watches", "watched", "watching"},
      {"focus", "focuses", "focused", "focusing"},
      {"carry", "carries", "carried", "carrying"},
      {"deny", "denies", "denied", "denying"},
      {"support", "supports", "supported", "supporting"},
      {"condemn", "condemns", "condemned", "condemning"},
      {"reject", "rejects", "rejected", "rejecting"},
      {"welcome", "welcomes", "welcomed", "welcoming"},
      {"accuse", "accuses", "accused", "accusing"},
      {"warn", "warns", "warned", "warning"},
      {"argue", "argues", "argued", "arguing"},
      {"continue", "continues", "continued", "continuing"},
      {"claim", "claims", "claimed", "claiming"},
      {"believe", "believes", "believed", "believing"},
      {"announce", "announces", "announced", "announcing"},
      {"change", "changes", "changed", "changing"},
      {"belong", "belongs", "belonged", "belonging"},
      {"challenge", "challenges", "challenged", "challenging"},
      {"emphasize", "emphasizes", "emphasized", "emphasizing"},
      {"establish", "establishes", "established", "establishing"},
      {"create", "creates", "created", "creating"},
      {"negotiate", "negotiates", "negotiated", "negotiating"},
      {"treat", "treats", "treated", "treating"},
      {"visit", "visits", "visited", "visiting"},
      {"invite", "invites", "invited", "inviting"},
      {"contribute", "contributes", "contributed", "contributing"},
      {"promote", "promotes", "promoted", "promoting"},
      {"complete", "completes", "completed", "completing"},
      {"target", "targets", "targeted", "targeting"},
      {"decide", "decides", "decided", "deciding"},
      {"include", "includes", "included", "including"},
      {"provide", "provides", "provided", "providing"},
      {"end", "ends", "ended", "ending"},
      {"add", "adds", "added", "adding"},
      {"need", "needs", "needed", "needing"},
      {"determine", "determines", "determined", "determining"},
      {"open", "opens", "opened", "opening"},
      {"threaten", "threatens", "threatened", "threatening"},
      {"declare", "declares", "declared", "declaring"},
      {"require", "requires", "required", "requiring"},
      {"ensure", "ensures", "ensured", "ensuring"},
      {"ignore", "ignores", "ignored", "ignoring"},
      {"consider", "considers", "considered", "considering"},
      {"monitor", "monitors", "monitored", "monitoring"},
      {"occur", "occurs", "occurred", "occurring"},
      {"refer", "refers", "referred", "referring"},
      {"assume", "assumes", "assumed", "assuming"},
      {"form", "forms", "formed", "forming"},
      {"escape", "escapes", "escaped", "escaping"},
      {"develop", "develops", "developed", "developing"},
      {"hope", "hopes", "hoped", "hoping"},
      {"invoke", "invokes", "invoked", "invoking"},
      {"ask", "asks", "asked", "asking"},
      {"describe", "describes", "described", "describing"},
      {"enable", "enables", "enabled", "enabling"},
      {"fail", "fails", "failed", "failing"},
      {"rule", "rules", "ruled", "ruling"},
      {"signal", "signals", "signaled", "signaling"},
      {"control", "controls", "controlled", "controlling"},
      {"call", "calls", "called", "calling"},
      {"travel", "travels", "traveled", "traveling"},
      {"solve", "solves", "solved", "solving"},
      {"seize", "seizes", "seized", "seizing"},
      {"force", "forces", "forced", "forcing"},
      {"manage", "manages", "managed", "managing"},
      {"fix", "fixes", "fixed", "fixing"},
      {"allow", "allows", "allowed", "allowing"},
      {"play", "plays", "played", "playing"},
      {"raise", "raises", "raised", "raising"},
      {"increase", "increases", "increased", "increasing"},
      {"cause", "causes", "caused", "causing"},
      {"pass", "passes", "passed", "passing"},
      {"discuss", "discusses", "discussed", "discussing"},
      {"release", "releases", "released", "releasing"},
      {"propose", "proposes", "proposed", "proposing"},
      {"breathe", "breathes", "breathed", "breathing"},
      {"reach", "reaches", "reached", "reaching"},
      {"push", "pushes", "pushed", "pushing"},
      {"veto", "vetoes", "vetoed", "vetoing"},
      {"echo", "echoes", "echoed", "echoing"},
      {"concede", "concedes", "conceded", "conceding"},
      {"use", "uses", "used", "using"},
      {"make", "makes", "made", "making"},
      {"take", "takes", "took", "taken", "taking"},
      {"write", "writes", "wrote", "written", "writing"},
      {"choose", "chooses", "chose", "chosen", "choosing"},
      {"lose", "loses", "lost", "losing"},
      {"leave", "leaves", "left", "leaving"},
      {"come", "comes", "came", "coming"},
      {"become", "becomes", "became", "becoming"},
      {"give", "gives", "gave", "given", "giving"},
      {"begin", "begins", "began", "begun", "beginning"},
      {"get", "gets", "got", "getting"},
      {"run", "runs", "ran", "running"},
      {"win", "wins", "won", "winning"},
      {"put", "puts", "putting"},
      {"withdraw", "withdraws", "withdrew", "withdrawn", "withdrawing"},
      {"undertake", "undertakes", "undertook", "undertaken", "undertaking"},
      {"have", "has", "had", "having"},
      {"be", "is", "are", "was", "were", "been", "being"},
      {"do", "does", "did", "done", "doing"},
      {"go", "goes", "went", "gone", "going"},
      {"try", "tries", "tried", "trying"},
      {"die", "dies", "died", "dying"},
      {"rise", "rises", "rose", "risen", "rising"},
      {"range", "ranges", "ranged", "ranging"},
      {"compel", "compels", "compelled", "compelling"},
  };
  for (const auto& family : families) {
    const std::string base = Lemma(family[0]);
    EXPECT_EQ(base, family[0]) << "base form changed";
    for (const char* form : family) EXPECT_EQ(Lemma(form), base) << form;
  }
}

TEST(LemmaTest, Plurals) {
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"states", "state"},       {"parties", "party"},   {"boxes", "box"},
      {"taxes", "tax"},          {"ideas", "idea"},      {"days", "day"},
      {"heroes", "hero"},        {"viruses", "virus"},   {"crises", "crisis"},
      {"women", "woman"},        {"policies", "policy"}, {"alliances", "alliance"},
      {"sanctions", "sanction"}, {"ties", "tie"},
  };
  for (const auto& [form, lemma] : cases) EXPECT_EQ(Lemma(form), lemma) << form;
}

// clang-format on

TEST(LemmaTest, NonWordsAreTheirOwnLemma) {
  for (const char* w : {"'s", "-", "2023", "u.s.", "\xC3\xA9t\xC3\xA9s", "ap4", "x"}) {
    EXPECT_EQ(Lemma(w), w) << w;
  }
}

TEST(LemmaTest, KeyMayPointIntoTheOutputArena) {
  std::string arena = "opposed";
  AppendLemma(std::string_view(arena), &arena);
  EXPECT_EQ(arena, "opposedoppose");
}

}  // namespace
}  // namespace argx::text
