#include "input/records.h"

#include <gtest/gtest.h>

namespace argx::input {
namespace {

struct Read {
  Status status;
  std::vector<Record> records;
  std::vector<RecordError> errors;
};

Read ReadAs(Format format, std::string_view text, const FieldOptions& fields = {}) {
  Read r;
  r.status = ReadRecords(format, text, fields, &r.records, &r.errors);
  return r;
}

TEST(FormatOfTest, ByExtension) {
  EXPECT_EQ(FormatOf("a/b.JSONL"), Format::kJsonLines);
  EXPECT_EQ(FormatOf("b.ndjson"), Format::kJsonLines);
  EXPECT_EQ(FormatOf("b.json"), Format::kJson);
  EXPECT_EQ(FormatOf("b.csv"), Format::kCsv);
  EXPECT_EQ(FormatOf("b.htm"), Format::kHtml);
  EXPECT_EQ(FormatOf("b.Html"), Format::kHtml);
  EXPECT_EQ(FormatOf("b.txt"), Format::kText);
  EXPECT_EQ(FormatOf("README"), Format::kText);
}

// A news-please style dump with a broken record, one without text, one
// that is not an object, a duplicate id and a blank line.
TEST(RecordsTest, JsonLinesKeepsGoodRecordsAndReportsBadOnes) {
  Read r = ReadAs(Format::kJsonLines,
                  "{\"id\": \"a1\", \"maintext\": \"France opposes the plan.\", \"title\": "
                  "\"Plan\", \"date_publish\": \"2024-03-05 10:00:00\", \"source_domain\": "
                  "\"lemonde.fr\", \"url\": \"https://lemonde.fr/a1\", \"authors\": [\"A\", "
                  "\"B\"], \"language\": \"en\"}\n"
                  "{\"id\": \"a2\", \"maintext\": \"broken\n"
                  "\n"
                  "{\"id\": \"a3\", \"title\": \"No text\"}\n"
                  "[1, 2]\n"
                  "{\"maintext\": \"No id here.\"}\r\n"
                  "{\"id\": \"a1\", \"text\": \"Same id again.\"}\n"
                  "{\"id\": 7, \"text\": \"Numeric id.\", \"date\": 1709632800}");
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  ASSERT_EQ(r.records.size(), 3u);
  const Record& a = r.records[0];
  EXPECT_EQ(a.key, "#a1");
  EXPECT_EQ(a.line, 1);
  EXPECT_EQ(a.text, "France opposes the plan.");
  EXPECT_EQ(a.meta.title, "Plan");
  EXPECT_EQ(a.meta.date, "2024-03-05T10:00:00");
  EXPECT_EQ(a.meta.source, "lemonde.fr");
  EXPECT_EQ(a.meta.url, "https://lemonde.fr/a1");
  EXPECT_EQ(a.meta.author, "A; B");
  ASSERT_EQ(a.meta.extra.size(), 1u);
  EXPECT_EQ(a.meta.extra[0], (std::pair<std::string, std::string>{"language", "en"}));
  EXPECT_EQ(r.records[1].key, ":6");
  EXPECT_EQ(r.records[1].text, "No id here.");
  EXPECT_EQ(r.records[2].key, "#7");
  EXPECT_EQ(r.records[2].meta.date, "2024-03-05T10:00:00Z");

  ASSERT_EQ(r.errors.size(), 4u);
  EXPECT_EQ(r.errors[0].line, 2);
  EXPECT_EQ(r.errors[0].reason.rfind("malformed JSON: ", 0), 0u) << r.errors[0].reason;
  EXPECT_EQ(r.errors[1].line, 4);
  EXPECT_EQ(r.errors[1].reason, "no text (no non-blank text, content, body or maintext)");
  EXPECT_EQ(r.errors[2].line, 5);
  EXPECT_EQ(r.errors[2].reason, "not a JSON object (array)");
  EXPECT_EQ(r.errors[3].line, 7);
  EXPECT_EQ(r.errors[3].reason, "duplicate id a1 (first on line 1)");
}

TEST(RecordsTest, FieldOptionsReplaceTheDefaults) {
  FieldOptions f;
  f.text = {"story"};
  f.source = {"publisher.name"};
  f.id = {"guid"};
  f.date = {"when"};
  Read r = ReadAs(Format::kJsonLines,
                  "{\"guid\": \"g\", \"story\": \"Body.\", \"text\": \"Not this.\", "
                  "\"publisher\": {\"name\": \"BBC\"}, \"when\": \"5 March 2024\"}\n",
                  f);
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].key, "#g");
  EXPECT_EQ(r.records[0].text, "Body.");
  EXPECT_EQ(r.records[0].meta.source, "BBC");
  EXPECT_EQ(r.records[0].meta.date, "2024-03-05");
  // "text" is a field of the default options, not of these: it is an extra.
  ASSERT_EQ(r.records[0].meta.extra.size(), 1u);
  EXPECT_EQ(r.records[0].meta.extra[0].first, "text");
}

TEST(RecordsTest, TextGivenAsParagraphsIsJoinedWithLineBreaks) {
  Read r = ReadAs(Format::kJsonLines,
                  "{\"body\": [\"First paragraph.\", \"Second one.\"], \"authors\": [\"A\", "
                  "\"B\"]}\n{\"body\": []}\n");
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].text, "First paragraph.\nSecond one.");
  EXPECT_EQ(r.records[0].meta.author, "A; B");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].line, 2);
}

TEST(RecordsTest, JsonObjectIsOneUnkeyedRecord) {
  Read r = ReadAs(Format::kJson,
                  "\xEF\xBB\xBF{\n  \"headline\": \"H\",\n  \"body\": \"Text.\",\n"
                  "  \"id\": \"x\"\n}\n");
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].key, "");
  EXPECT_EQ(r.records[0].meta.title, "H");
  EXPECT_EQ(r.records[0].text, "Text.");

  Read broken = ReadAs(Format::kJson, "{\n  \"text\": \"a\",\n  \"title\": \n}\n");
  ASSERT_EQ(broken.errors.size(), 1u);
  EXPECT_EQ(broken.errors[0].line, 4);
  EXPECT_TRUE(broken.records.empty());

  EXPECT_EQ(ReadAs(Format::kJson, "\"just a string\"").status.message(),
            "not a JSON object or array");
  EXPECT_EQ(ReadAs(Format::kJson, "  \n ").status.message(), "empty file");
}

TEST(RecordsTest, JsonArrayElementsAreRecordsWithTheirLines) {
  Read r = ReadAs(Format::kJson,
                  "[\n"
                  "  {\"id\": 1, \"text\": \"One, with [brackets] and \\\"quotes\\\".\"},\n"
                  "  {\"id\": 2, \"text\": \n"
                  "     tru},\n"
                  "  {\"id\": 3,\n"
                  "   \"text\": \"Three.\"},\n"
                  "  42\n"
                  "]\n");
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[0].key, "#1");
  EXPECT_EQ(r.records[0].text, "One, with [brackets] and \"quotes\".");
  EXPECT_EQ(r.records[0].line, 2);
  EXPECT_EQ(r.records[1].key, "#3");
  EXPECT_EQ(r.records[1].line, 5);
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0].line, 4);  // where the parser stopped, inside element 2
  EXPECT_EQ(r.errors[1].line, 7);
  EXPECT_EQ(r.errors[1].reason, "not a JSON object (number)");

  Read one_line =
      ReadAs(Format::kJson, "[{\"text\": \"a\"}, {\"text\": \"b\"}, {\"text\": \"c\"}]");
  ASSERT_EQ(one_line.records.size(), 3u);
  EXPECT_EQ(one_line.records[0].key, ":1");
  EXPECT_EQ(one_line.records[1].key, ":1.2");
  EXPECT_EQ(one_line.records[2].key, ":1.3");
  EXPECT_TRUE(one_line.errors.empty());

  Read open = ReadAs(Format::kJson, "[{\"text\": \"a\"},\n {\"text\": \"b\"}");
  EXPECT_EQ(open.records.size(), 2u);
  ASSERT_EQ(open.errors.size(), 1u);
  EXPECT_EQ(open.errors[0].reason, "malformed JSON: the array is not closed");
}

TEST(RecordsTest, JsonFileWithOneObjectPerLineIsReadAsJsonLines) {
  Read r = ReadAs(Format::kJson, "{\"text\": \"a\"}\n{\"text\": \"b\"}\n");
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[1].key, ":2");
}

TEST(RecordsTest, CsvWithQuotedNewlinesAndCommas) {
  Read r = ReadAs(Format::kCsv,
                  "ID,Title,Text,Date,Outlet\r\n"
                  "n1,\"Plan, revised\",\"France opposes the plan.\r\n\r\nGermany supports "
                  "it.\",2024-03-05,Le Monde\r\n"
                  "n2,\"He said \"\"no\"\"\",\"Short.\",March 6 2024,AP\r\n"
                  "\r\n"
                  "n3,Too few fields\r\n"
                  "n4,No text,,2024-03-07,AP\r\n"
                  "n5,Bad,\"quoted\"tail,2024-03-08,AP\n"
                  "n6,Last,Final text.,,BBC");
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_EQ(r.records[0].key, "#n1");
  EXPECT_EQ(r.records[0].line, 2);
  EXPECT_EQ(r.records[0].meta.title, "Plan, revised");
  EXPECT_EQ(r.records[0].text, "France opposes the plan.\r\n\r\nGermany supports it.");
  EXPECT_EQ(r.records[0].meta.source, "Le Monde");
  EXPECT_EQ(r.records[1].line, 5);
  EXPECT_EQ(r.records[1].meta.title, "He said \"no\"");
  EXPECT_EQ(r.records[1].meta.date, "2024-03-06");
  EXPECT_EQ(r.records[2].key, "#n6");
  EXPECT_EQ(r.records[2].line, 10);
  EXPECT_EQ(r.records[2].meta.date, "");
  ASSERT_EQ(r.errors.size(), 3u);
  EXPECT_EQ(r.errors[0].line, 7);
  EXPECT_EQ(r.errors[0].reason, "malformed CSV: 2 fields, the header has 5");
  EXPECT_EQ(r.errors[1].line, 8);
  EXPECT_EQ(r.errors[2].line, 9);
  EXPECT_EQ(r.errors[2].reason, "malformed CSV: text after a closing quote");

  Read open = ReadAs(Format::kCsv, "text\n\"never closed\nstill inside\n");
  EXPECT_TRUE(open.records.empty());
  ASSERT_EQ(open.errors.size(), 1u);
  EXPECT_EQ(open.errors[0].line, 2);
  EXPECT_EQ(open.errors[0].reason, "malformed CSV: a quoted field is not closed");
}

}  // namespace
}  // namespace argx::input
