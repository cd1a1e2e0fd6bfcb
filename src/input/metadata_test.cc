#include "input/metadata.h"

#include <gtest/gtest.h>

namespace argx::input {
namespace {

TEST(NormalizeDateTest, IsoForms) {
  EXPECT_EQ(NormalizeDate("2024-03-05"), "2024-03-05");
  EXPECT_EQ(NormalizeDate(" 2024-03-05 "), "2024-03-05");
  EXPECT_EQ(NormalizeDate("2024/03/05"), "2024-03-05");
  EXPECT_EQ(NormalizeDate("20240305"), "2024-03-05");
  EXPECT_EQ(NormalizeDate("2024-03-05T10:04:05Z"), "2024-03-05T10:04:05Z");
  EXPECT_EQ(NormalizeDate("2024-03-05T10:04"), "2024-03-05T10:04:00");
  EXPECT_EQ(NormalizeDate("2024-03-05T10:04:05.123+0200"), "2024-03-05T10:04:05+02:00");
  EXPECT_EQ(NormalizeDate("2024-03-05 10:04:05"), "2024-03-05T10:04:05");
  EXPECT_EQ(NormalizeDate("2024-03-05 10:04:05 UTC"), "2024-03-05T10:04:05Z");
  EXPECT_EQ(NormalizeDate("2024-03-05T10:04:05-05:00"), "2024-03-05T10:04:05-05:00");
}

TEST(NormalizeDateTest, TextualForms) {
  EXPECT_EQ(NormalizeDate("5 March 2024"), "2024-03-05");
  EXPECT_EQ(NormalizeDate("March 5, 2024"), "2024-03-05");
  EXPECT_EQ(NormalizeDate("Mar. 5th 2024"), "2024-03-05");
  EXPECT_EQ(NormalizeDate("Sept 30, 2023"), "2023-09-30");
  EXPECT_EQ(NormalizeDate("Tue, 05 Mar 2024 10:00:00 GMT"), "2024-03-05T10:00:00Z");
  EXPECT_EQ(NormalizeDate("Tue, 05 Mar 2024 10:00:00 +0100"), "2024-03-05T10:00:00+01:00");
}

TEST(NormalizeDateTest, UnixTimes) {
  EXPECT_EQ(NormalizeDate("1709632800"), "2024-03-05T10:00:00Z");
  EXPECT_EQ(NormalizeDate("1709632800000"), "2024-03-05T10:00:00Z");
  EXPECT_EQ(NormalizeDate("0000000000"), "1970-01-01T00:00:00Z");
}

TEST(NormalizeDateTest, RejectsWhatIsNotADate) {
  for (const char* s : {"", "yesterday", "2024-13-01", "2023-02-29", "2024-03-05T25:00",
                        "March 2024", "5 Smarch 2024", "2024-03-05 and more", "12345",
                        "2024-03-05T10:00:00+99:00", "Tue 5 Mar"}) {
    EXPECT_EQ(NormalizeDate(s), "") << s;
  }
  EXPECT_EQ(NormalizeDate("2024-02-29"), "2024-02-29");  // a leap year
}

TEST(DateRangeTest, BoundsAndRanges) {
  EXPECT_EQ(DateBound("2024"), "2024");
  EXPECT_EQ(DateBound("2024-03"), "2024-03");
  EXPECT_EQ(DateBound("2024-03-05T10:00:00Z"), "2024-03-05");
  EXPECT_EQ(DateBound("March 5, 2024"), "2024-03-05");
  EXPECT_EQ(DateBound("soon"), "");
  EXPECT_EQ(DateBound("2024-3"), "");
  EXPECT_TRUE(InDateRange("2024-03-31T23:00:00Z", "2024-03", "2024-03"));
  EXPECT_FALSE(InDateRange("2024-04-01", "2024-03", "2024-03"));
  EXPECT_FALSE(InDateRange("2024-02-29", "2024-03", ""));
  EXPECT_TRUE(InDateRange("2024-02-29", "", "2024-02-29"));
  EXPECT_TRUE(InDateRange("2023-12-31", "2023", "2023"));
  EXPECT_FALSE(InDateRange("", "2023", ""));
  EXPECT_TRUE(InDateRange("", "", ""));
}

TEST(MetadataTest, SetMapsAliasesAndKeepsTheRest) {
  Metadata m;
  m.Set("Outlet", "  Le Monde ");
  m.Set("headline", "Deal struck");
  m.Set("date_publish", "2024-03-05 09:00:00");
  m.Set("link", "https://example.org/a");
  m.Set("byline", "A. Writer");
  m.Set("section", "Europe");
  m.Set("section", "World");
  m.Set("empty", "   ");
  EXPECT_EQ(m.source, "Le Monde");
  EXPECT_EQ(m.title, "Deal struck");
  EXPECT_EQ(m.date, "2024-03-05T09:00:00");
  EXPECT_EQ(m.date_raw, "2024-03-05 09:00:00");
  EXPECT_EQ(m.url, "https://example.org/a");
  EXPECT_EQ(m.author, "A. Writer");
  ASSERT_EQ(m.extra.size(), 1u);
  EXPECT_EQ(m.extra[0], (std::pair<std::string, std::string>{"section", "World"}));

  Metadata unparsed;
  unparsed.Set("date", "last Tuesday");
  EXPECT_EQ(unparsed.date, "");
  EXPECT_EQ(unparsed.date_raw, "last Tuesday");
  EXPECT_FALSE(unparsed.empty());
  EXPECT_TRUE(Metadata().empty());
}

TEST(MetadataTest, MergeMissingKeepsWhatIsSet) {
  Metadata a, b;
  a.Set("title", "Mine");
  a.Set("k", "1");
  b.Set("title", "Theirs");
  b.Set("source", "BBC");
  b.Set("date", "2024-01-02");
  b.Set("k", "2");
  b.Set("j", "3");
  a.MergeMissing(b);
  EXPECT_EQ(a.title, "Mine");
  EXPECT_EQ(a.source, "BBC");
  EXPECT_EQ(a.date, "2024-01-02");
  ASSERT_EQ(a.extra.size(), 2u);
  EXPECT_EQ(a.extra[0].second, "1");
  EXPECT_EQ(a.extra[1].first, "j");
}

TEST(MetadataTest, ParseMetaJson) {
  Metadata m;
  ASSERT_TRUE(ParseMetaJson(R"({"title": "T", "authors": ["A", "B"], "publisher":
      {"@type": "Organization", "name": "BBC"}, "date": "2024-03-05", "words": 812,
      "tags": null})",
                            &m)
                  .ok());
  EXPECT_EQ(m.title, "T");
  EXPECT_EQ(m.author, "A; B");
  EXPECT_EQ(m.source, "BBC");
  EXPECT_EQ(m.date, "2024-03-05");
  ASSERT_EQ(m.extra.size(), 1u);
  EXPECT_EQ(m.extra[0], (std::pair<std::string, std::string>{"words", "812"}));

  Metadata bad;
  EXPECT_EQ(ParseMetaJson("[1, 2]", &bad).message(), "not a JSON object");
  Status s = ParseMetaJson("{\"title\": ", &bad);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.message().rfind("malformed JSON: ", 0), 0u) << s.message();
}

TEST(MetaTableTest, KeysByFileNameRelativePathOrStem) {
  MetaTable t;
  ASSERT_TRUE(t.Parse("source\tid\tdate\tnote\r\n"
                      "Reuters\tarticle-1\t2024-03-05\tfirst\r\n"
                      "\n"
                      "AP\teu/b.txt\tMarch 6, 2024\t\n",
                      "meta.tsv")
                  .ok());
  EXPECT_EQ(t.size(), 2u);
  const Metadata* a = t.Find("x/y/article-1.txt");  // by the stem of the file name
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->source, "Reuters");
  EXPECT_EQ(a->date, "2024-03-05");
  ASSERT_EQ(a->extra.size(), 1u);
  EXPECT_EQ(a->extra[0].second, "first");
  const Metadata* b = t.Find("eu/b.txt");  // by the relative path
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->date, "2024-03-06");
  EXPECT_TRUE(b->extra.empty());
  EXPECT_EQ(t.Find("b.txt"), nullptr);
  EXPECT_EQ(t.Find("article-2.txt"), nullptr);
}

TEST(MetaTableTest, ReportsRowsOfTheWrongWidth) {
  MetaTable t;
  Status s = t.Parse("file\tdate\na.txt\t2024-01-01\nb.txt\n", "m.tsv");
  EXPECT_EQ(s.message(), "m.tsv:3: 1 fields, header has 2");
  EXPECT_EQ(t.Parse("", "m.tsv").message(), "m.tsv: no header row");
  EXPECT_EQ(t.Load("/nonexistent/m.tsv").message(), "/nonexistent/m.tsv: cannot read");
}

}  // namespace
}  // namespace argx::input
