#include "review/report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace argx::review {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

size_t Count(const std::string& s, const std::string& needle) {
  size_t n = 0;
  for (size_t at = s.find(needle); at != std::string::npos; at = s.find(needle, at + 1)) ++n;
  return n;
}

TEST(ReportTest, EscapesHtml) {
  EXPECT_EQ(HtmlEscape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

TEST(ReportTest, SectionsHighlightsAndNetwork) {
  std::unique_ptr<store::Store> st;
  ASSERT_TRUE(store::Store::Open(":memory:", {}, &st).ok());
  int64_t run;
  ASSERT_TRUE(st->BeginRun({"t", "r", "{}"}, &run).ok());
  // "Japan <b>opposes</b> the levy." with markup in the text, a multi-byte
  // character before the spans, and one stance.
  std::string text = "Über <b>: Japan opposes the levy.";
  store::Document d;
  d.path = "x<y>.txt";
  d.abs_path = "/x.txt";
  d.content_hash = "h";
  d.encoding = "UTF-8";
  d.text = text;
  d.sentences = {{0, 32}};
  d.rules_fingerprint = "r";
  extract::Extractions ex;
  extract::Actor japan{"JPN", "Japan", "state", "", "countries"};
  ex.actors.push_back({0, {10, 15}, "Japan", japan, "lexicon:countries"});
  extract::Stance s;
  s.span = {10, 31};
  s.holder = japan;
  s.holder_text = "Japan";
  s.holder_span = {10, 15};
  s.polarity = "oppose";
  s.target = "the levy";
  s.target_span = {24, 32};
  s.cue = "opposes";
  s.cue_span = {16, 23};
  s.rule = "stance.verb.oppose";
  ex.stances.push_back(s);
  ASSERT_TRUE(st->PutDocument(run, d, ex, nullptr).ok());
  ReviewDb db(std::move(st));

  std::string html;
  ReportSummary sum;
  ASSERT_TRUE(WriteReport(&db, {}, &html, &sum).ok());
  EXPECT_EQ(sum.documents, 1u);
  EXPECT_EQ(sum.stances, 1u);
  EXPECT_EQ(sum.nodes, 2u);  // Japan and "levy"
  EXPECT_EQ(sum.edges, 1u);
  for (const char* id : {"id=\"network\"", "id=\"actors\"", "id=\"documents\"", "<svg"}) {
    EXPECT_THAT(html, HasSubstr(id));
  }
  EXPECT_THAT(html, Not(HasSubstr("http:")));  // nothing to load
  EXPECT_THAT(html, Not(HasSubstr("https:")));
  EXPECT_THAT(html, HasSubstr("x&lt;y&gt;.txt"));
  EXPECT_THAT(html, HasSubstr("&lt;b&gt;"));
  EXPECT_THAT(html, Not(HasSubstr("<b>")));
  // Code-point offsets land on the right bytes despite the Ü.
  EXPECT_THAT(html, HasSubstr(">opposes</span>"));
  EXPECT_THAT(html, HasSubstr("class=\"c oppose\""));
  EXPECT_THAT(html, HasSubstr(">the levy</span>"));
  EXPECT_THAT(html, HasSubstr("title=\"stance: Japan opposes the levy"));
  EXPECT_THAT(html, HasSubstr("class=\"edge eo\""));
  EXPECT_THAT(html, HasSubstr("<td class=\"pol-oppose\">oppose</td><td>the levy</td>"));
  EXPECT_EQ(Count(html, "<details class=\"doc\""), 1u);

  // A rejected stance is struck through and leaves the network.
  std::vector<Item> items;
  Filter f;
  f.kinds = {"stance"};
  ASSERT_TRUE(db.Queue(f, &items).ok());
  ASSERT_EQ(items.size(), 1u);
  ASSERT_TRUE(db.Decide(items[0].key, "rejected", {}).ok());
  ASSERT_TRUE(WriteReport(&db, {}, &html, &sum).ok());
  EXPECT_EQ(sum.edges, 0u);
  EXPECT_THAT(html, HasSubstr("c oppose rejected"));
  EXPECT_THAT(html, HasSubstr("1 rejected"));

  // Past max_documents, documents are listed without text.
  ReportOptions o;
  o.max_documents = 0;
  ASSERT_TRUE(WriteReport(&db, o, &html, &sum).ok());
  EXPECT_EQ(Count(html, "<details class=\"doc\""), 0u);
  EXPECT_THAT(html, HasSubstr("1 more documents without their text"));
}

// Puts "France opposes the plan." (or supports) with the given metadata.
void PutStance(store::Store* st, int64_t run, const std::string& name, const std::string& polarity,
               const std::string& date, const std::string& source) {
  std::string verb = polarity == "support" ? "supports" : "opposes";
  store::Document d;
  d.path = name;
  d.abs_path = "/" + name;
  d.content_hash = name;
  d.encoding = "UTF-8";
  d.text = "France " + verb + " the plan.";
  d.sentences = {{0, static_cast<uint32_t>(d.text.size())}};
  d.rules_fingerprint = "r";
  d.meta.date = date;
  d.meta.source = source;
  d.meta.title = source.empty() ? "" : "On the plan";
  extract::Extractions ex;
  extract::Actor france{"FRA", "France", "state", "", "countries"};
  ex.actors.push_back({0, {0, 6}, "France", france, "lexicon:countries"});
  extract::Stance s;
  s.span = {0, static_cast<uint32_t>(d.text.size() - 1)};
  s.holder = france;
  s.holder_text = "France";
  s.holder_span = {0, 6};
  s.polarity = polarity;
  s.target = "the plan";
  s.cue = verb;
  s.cue_span = {7, static_cast<uint32_t>(7 + verb.size())};
  s.rule = "stance.verb." + polarity;
  ex.stances.push_back(s);
  ASSERT_TRUE(st->PutDocument(run, d, ex, nullptr).ok());
}

TEST(ReportTest, TimelineByMonthOrWeekDatesAndOutletFilter) {
  std::unique_ptr<store::Store> st;
  ASSERT_TRUE(store::Store::Open(":memory:", {}, &st).ok());
  int64_t run;
  ASSERT_TRUE(st->BeginRun({"t", "r", "{}"}, &run).ok());
  PutStance(st.get(), run, "a.txt", "oppose", "2024-03-05", "Alpha");
  PutStance(st.get(), run, "b.txt", "support", "2024-03-20T10:00:00Z", "Beta");
  PutStance(st.get(), run, "c.txt", "oppose", "2024-05-02", "Alpha");
  PutStance(st.get(), run, "d.txt", "oppose", "", "");  // undated
  ReviewDb db(std::move(st));

  std::string html;
  ReportSummary sum;
  ASSERT_TRUE(WriteReport(&db, {}, &html, &sum).ok());
  EXPECT_THAT(html, HasSubstr("id=\"timeline\""));
  EXPECT_EQ(sum.timeline_actors, 1u);
  EXPECT_EQ(sum.timeline_periods, 3u);  // March to May, April empty
  EXPECT_EQ(sum.undated_stances, 1u);
  EXPECT_THAT(html, HasSubstr("<title>France, 2024-03: 1 support</title>"));
  EXPECT_THAT(html, HasSubstr("<title>France, 2024-03: 1 opposition</title>"));
  EXPECT_THAT(html, HasSubstr("<title>France, 2024-05: 1 opposition</title>"));
  EXPECT_THAT(html, Not(HasSubstr("France, 2024-04:")));
  EXPECT_THAT(html, HasSubstr(">2024-04</text>"));  // the empty month is on the axis
  EXPECT_THAT(html, HasSubstr("1 supports, 2 opposes"));
  EXPECT_THAT(html, HasSubstr("1 stance in a document without a date is not in the timeline"));
  // Dates, outlets and titles on documents, and the outlet filter.
  EXPECT_THAT(html, HasSubstr("<span class=\"meta\">2024-03-20 · Beta · On the plan</span>"));
  EXPECT_THAT(html, HasSubstr("data-source=\"Alpha\""));
  EXPECT_THAT(html, HasSubstr("<option value=\"Alpha\">Alpha</option>"));
  EXPECT_THAT(html, HasSubstr("<option value=\"Beta\">Beta</option>"));

  ReportOptions weekly;
  weekly.period = "week";
  ASSERT_TRUE(WriteReport(&db, weekly, &html, &sum).ok());
  EXPECT_EQ(sum.timeline_periods, 9u);  // the weeks of 2024-03-04 to 2024-04-29
  EXPECT_THAT(html, HasSubstr("<title>France, 2024-03-04: 1 opposition</title>"));
  EXPECT_THAT(html, HasSubstr("<title>France, 2024-03-18: 1 support</title>"));
  EXPECT_THAT(html, HasSubstr("<title>France, 2024-04-29: 1 opposition</title>"));

  ReportOptions march;
  march.since = "2024-03";
  march.until = "2024-03";
  ASSERT_TRUE(WriteReport(&db, march, &html, &sum).ok());
  EXPECT_EQ(sum.documents, 2u);  // a.txt and b.txt; not May, not undated
  EXPECT_EQ(sum.timeline_periods, 1u);
  EXPECT_EQ(sum.undated_stances, 0u);

  ReportOptions alpha;
  alpha.sources = {"ALPHA"};
  ASSERT_TRUE(WriteReport(&db, alpha, &html, &sum).ok());
  EXPECT_EQ(sum.documents, 2u);
  EXPECT_EQ(sum.stances, 2u);
  EXPECT_THAT(html, HasSubstr("0 supports, 2 opposes"));
  EXPECT_THAT(html, Not(HasSubstr("Beta")));
}

}  // namespace
}  // namespace argx::review
