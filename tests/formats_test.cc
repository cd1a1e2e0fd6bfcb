// End-to-end tests of the input formats and metadata (issue 13): HTML pages,
// JSON Lines, JSON and CSV dumps, sidecar files and a metadata table, on the
// fixtures in tests/fixtures/articles, through `argx extract` and `argx export`.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "e2e_util.h"

namespace {

namespace fs = std::filesystem;
using namespace argx_e2e;  // NOLINT: the shared e2e helpers
using ::testing::HasSubstr;
using ::testing::Not;

class FormatsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::path(::testing::TempDir()) / "argx_formats_XXXXXX").string();
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    dir_ = templ;
    fs::copy(fs::path(ARGX_SOURCE_DIR) / "tests/fixtures/articles", dir_ / "in",
             fs::copy_options::recursive);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  RunResult Extract(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"extract", "in",      "--db",
                                     "t.db",    "--rules", std::string(ARGX_SOURCE_DIR) + "/rules"};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunArgx(dir_, args);
  }

  // Each line of a JSON Lines export.
  std::vector<nlohmann::json> ExportLines(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"export", "--db", "t.db"};
    args.insert(args.end(), extra.begin(), extra.end());
    RunResult r = RunArgx(dir_, args);
    EXPECT_EQ(r.code, 0) << r.err;
    std::vector<nlohmann::json> lines;
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
    return lines;
  }

  // path -> one column of v_documents.
  std::map<std::string, std::string> Column(const std::string& column) {
    std::map<std::string, std::string> out;
    for (auto& row : Query(dir_ / "t.db", "SELECT path, " + column + " FROM v_documents")) {
      out[row[0]] = row[1];
    }
    return out;
  }

  fs::path dir_;
};

TEST_F(FormatsTest, FolderTakesEveryFormatAndReportsBadRecordsByLine) {
  RunResult r = Extract();
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("argx: in/dump.jsonl:2: malformed JSON: "));
  EXPECT_THAT(r.err, HasSubstr("argx: in/dump.jsonl:4: no text (no non-blank text, content, "
                               "body or maintext)\n"));
  EXPECT_THAT(r.err, HasSubstr("argx: in/newsroom.csv:6: malformed CSV: 2 fields, the header "
                               "has 6\n"));
  EXPECT_THAT(r.err, HasSubstr("9 documents: 9 new"));
  EXPECT_THAT(r.err, HasSubstr("argx: 3 records skipped"));
  Rows docs = Query(dir_ / "t.db", "SELECT path FROM documents ORDER BY path");
  std::vector<std::string> paths;
  for (auto& row : docs) paths.push_back(row[0]);
  // The sidecar (plain.meta.json) and the table (metadata.tsv) are not documents.
  EXPECT_EQ(paths,
            (std::vector<std::string>{"brussels-deal.html", "dump.jsonl#fa-1", "dump.jsonl#lm-1",
                                      "dump.jsonl:6", "newsroom.csv#nr-1", "newsroom.csv#nr-2",
                                      "plain.txt", "summit.htm", "tabled.txt"}));
  // A record's identity is the file's absolute path and its key.
  Rows abs = Query(dir_ / "t.db", "SELECT abs_path FROM documents WHERE path = 'dump.jsonl#lm-1'");
  ASSERT_EQ(abs.size(), 1u);
  EXPECT_EQ(abs[0][0], fs::canonical(dir_ / "in/dump.jsonl").string() + "#lm-1");
}

// Records of several files go through several workers: the database is the
// same whatever their number.
TEST_F(FormatsTest, JobsDoNotChangeTheResult) {
  std::string rules = std::string(ARGX_SOURCE_DIR) + "/rules";
  for (const char* jobs : {"1", "3"}) {
    RunResult r = RunArgx(dir_, {"extract", "in", "--db", std::string("j") + jobs + ".db",
                                 "--rules", rules, "--jobs", jobs, "--quiet"});
    EXPECT_EQ(r.code, 2) << r.err;
  }
  const std::string sql =
      "SELECT d.id, d.path, d.text, d.content_hash, m.date, m.source, m.title, m.extra, "
      "(SELECT group_concat(s.key || s.holder || s.polarity, ';') FROM stances s "
      "WHERE s.document_id = d.id) FROM documents d LEFT JOIN document_meta m "
      "ON m.document_id = d.id ORDER BY d.id";
  Rows one = Query(dir_ / "j1.db", sql);
  EXPECT_EQ(one.size(), 9u);
  EXPECT_EQ(one, Query(dir_ / "j3.db", sql));
}

TEST_F(FormatsTest, HtmlPageGivesTheArticleTextAndItsMetadata) {
  ASSERT_EQ(Extract().code, 2);
  Rows text = Query(dir_ / "t.db", "SELECT text FROM documents WHERE path = 'brussels-deal.html'");
  ASSERT_EQ(text.size(), 1u);
  EXPECT_EQ(text[0][0],
            "Deal struck in Brussels\n"
            "By Jane Roe\n"
            "France opposes the plan to expand the fund, officials said on Monday.\n"
            "Reactions\n"
            "Germany supports the deal.\n"
            "Poland stayed silent.\n");
  EXPECT_EQ(Column("date")["brussels-deal.html"], "2024-03-05T09:30:00+01:00");
  EXPECT_EQ(Column("source")["brussels-deal.html"], "The Daily Example");
  EXPECT_EQ(Column("title")["brussels-deal.html"], "Deal struck in Brussels");
  EXPECT_EQ(Column("url")["brussels-deal.html"], "https://daily.example/2024/03/deal");
  EXPECT_EQ(Column("author")["brussels-deal.html"], "Jane Roe");
  // The page without <article> or <main>: its densest block, the title first,
  // metadata from JSON-LD's @graph.
  EXPECT_EQ(Query(dir_ / "t.db", "SELECT text FROM documents WHERE path = 'summit.htm'")[0][0],
            "Summit ends without agreement\n"
            "Germany opposes the plan to expand the fund.\n"
            "France supports the plan to expand the fund.\n");
  EXPECT_EQ(Column("date")["summit.htm"], "2024-04-02");
  EXPECT_EQ(Column("source")["summit.htm"], "Wire Service");

  // Stances come from the article only (not from scripts, ads, asides, the
  // footer), and their offsets are into the stored text.
  Rows stances = Query(dir_ / "t.db",
                       "SELECT holder, polarity, target, sentence_text FROM v_stances "
                       "WHERE path = 'brussels-deal.html' ORDER BY start");
  ASSERT_EQ(stances.size(), 2u);
  EXPECT_EQ(stances[0][0], "France");
  EXPECT_EQ(stances[0][1], "oppose");
  EXPECT_EQ(stances[1][0], "Germany");
  EXPECT_EQ(stances[1][3], "Germany supports the deal.");
  for (const auto& line : ExportLines({"--kind", "stance"})) {
    if (line["doc"] != "brussels-deal.html") continue;
    int64_t start = line["start"], end = line["end"];
    std::string doc = text[0][0];
    EXPECT_EQ(doc.substr(start, end - start), line["text"]);  // ASCII text: bytes = code points
  }
}

TEST_F(FormatsTest, JsonLinesReRunExtractsOnlyChangedRecords) {
  ASSERT_EQ(Extract().code, 2);
  Rows before = Query(dir_ / "t.db", "SELECT id, path FROM documents ORDER BY id");
  EXPECT_EQ(Column("date")["dump.jsonl#lm-1"], "2024-03-11T08:00:00");
  EXPECT_EQ(Column("source")["dump.jsonl#lm-1"], "lemonde.fr");
  EXPECT_EQ(Column("title")["dump.jsonl#lm-1"], "Paris says no");
  EXPECT_EQ(Column("extra")["dump.jsonl#lm-1"], "{\"language\":\"en\"}");
  EXPECT_EQ(Column("date")["dump.jsonl:6"], "2024-05-14T10:00:00Z");

  RunResult again = Extract();
  EXPECT_EQ(again.code, 2);  // the broken records are still there
  EXPECT_THAT(again.err, HasSubstr("9 documents: 0 new, 0 changed, 9 unchanged"));

  // One record's text changes, one record's title changes, one is added.
  std::string dump = ReadAll(dir_ / "in/dump.jsonl");
  size_t at = dump.find("France supports the plan");
  ASSERT_NE(at, std::string::npos);
  dump.replace(at, 15, "France backs");
  at = dump.find("Paris says no");
  dump.replace(at, 13, "Paris says non");
  dump += "{\"id\": \"new-1\", \"text\": \"Italy opposes the deal.\", \"source\": \"ansa.it\"}\n";
  WriteFile(dir_ / "in/dump.jsonl", dump);
  RunResult changed = Extract();
  EXPECT_EQ(changed.code, 2);
  EXPECT_THAT(changed.err, HasSubstr("10 documents: 1 new, 1 changed, 8 unchanged"));
  EXPECT_EQ(Column("title")["dump.jsonl#lm-1"], "Paris says non");  // metadata only
  EXPECT_EQ(Query(dir_ / "t.db", "SELECT text FROM documents WHERE path = 'dump.jsonl#fa-1'")[0][0],
            "France backs the plan to expand the fund.");
  Rows after = Query(dir_ / "t.db", "SELECT id, path FROM documents ORDER BY id");
  after.pop_back();  // the new record
  EXPECT_EQ(after, before);
}

TEST_F(FormatsTest, CsvKeepsNewlinesInsideQuotedFields) {
  ASSERT_EQ(Extract().code, 2);
  Rows nr1 = Query(dir_ / "t.db",
                   "SELECT text, sentences FROM documents WHERE path = 'newsroom.csv#nr-1'");
  ASSERT_EQ(nr1.size(), 1u);
  EXPECT_EQ(nr1[0][0],
            "France opposes the plan to expand the fund.\r\n\r\nGermany supports the deal.");
  EXPECT_EQ(nr1[0][1], "2");
  EXPECT_EQ(Column("title")["newsroom.csv#nr-1"], "Brussels, again");
  EXPECT_EQ(Column("title")["newsroom.csv#nr-2"], "He said \"no\"");
  EXPECT_EQ(Column("date")["newsroom.csv#nr-2"], "2024-03-20");
  EXPECT_EQ(Column("source")["newsroom.csv#nr-2"], "Newsroom Daily");
  EXPECT_EQ(Column("url")["newsroom.csv#nr-1"], "https://newsroom.example/nr-1");
}

TEST_F(FormatsTest, SidecarWinsOverTheTableAndEditsReachUnchangedFiles) {
  RunResult r = Extract({"--meta-table", "in/metadata.tsv"});
  ASSERT_EQ(r.code, 2) << r.err;
  EXPECT_EQ(Column("date")["plain.txt"], "2024-02-28");  // the sidecar's
  EXPECT_EQ(Column("source")["plain.txt"], "Plain Gazette");
  EXPECT_EQ(Column("extra")["plain.txt"], "{\"section\":\"Europe\"}");
  EXPECT_EQ(Column("date")["tabled.txt"], "2024-05-02");  // the table's
  EXPECT_EQ(Column("title")["tabled.txt"], "Tabled");

  WriteFile(dir_ / "in/plain.meta.json", "{\"source\": \"Other Gazette\"}");
  RunResult again = Extract({"--meta-table", "in/metadata.tsv"});
  EXPECT_THAT(again.err, HasSubstr("0 new, 0 changed, 9 unchanged"));
  EXPECT_EQ(Column("source")["plain.txt"], "Other Gazette");
  EXPECT_EQ(Column("date")["plain.txt"], "2023-01-01");  // now from the table

  WriteFile(dir_ / "in/plain.meta.json", "{\"source\": ");
  RunResult broken = Extract();
  EXPECT_EQ(broken.code, 2);
  EXPECT_THAT(broken.err, HasSubstr("argx: in/plain.meta.json: malformed JSON: "));
  EXPECT_THAT(broken.err, HasSubstr("argx: 1 metadata file not read"));
  EXPECT_EQ(Column("source")["plain.txt"], "NULL");

  RunResult bad_table = Extract({"--meta-table", "in/missing.tsv"});
  EXPECT_EQ(bad_table.code, 1);
  EXPECT_THAT(bad_table.err, HasSubstr("in/missing.tsv: cannot read"));
}

TEST_F(FormatsTest, FieldOptionsPickOtherFields) {
  fs::remove_all(dir_ / "in");
  WriteFile(dir_ / "in/wire.jsonl",
            "{\"guid\": \"w1\", \"story\": \"France opposes the deal.\", \"text\": \"Not this.\", "
            "\"publisher\": {\"name\": \"Wire\"}, \"when\": \"5 March 2024\"}\n");
  WriteFile(dir_ / "in/one.json",
            "{\"body\": \"Only one article.\", \"headline\": \"One\", \"id\": \"x\"}");
  RunResult r = Extract({"--text-field", "story", "--text-field", "body", "--id-field", "guid",
                         "--source-field", "publisher.name", "--date-field", "when"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(Column("source")["wire.jsonl#w1"], "Wire");
  EXPECT_EQ(Column("date")["wire.jsonl#w1"], "2024-03-05");
  EXPECT_EQ(Query(dir_ / "t.db", "SELECT text FROM documents WHERE path = 'wire.jsonl#w1'")[0][0],
            "France opposes the deal.");
  // A JSON file of one object is one document under the file's own name.
  EXPECT_EQ(Column("title")["one.json"], "One");
}

TEST_F(FormatsTest, ExportCarriesMetadataAndFiltersByDateAndSource) {
  ASSERT_EQ(Extract().code, 2);
  WriteFile(dir_ / "in/bare.txt", "Spain opposes the deal.\n");
  RunResult r = Extract();
  std::vector<nlohmann::json> lines = ExportLines({"--kind", "stance"});
  std::set<std::string> docs;
  for (const auto& l : lines) {
    docs.insert(l["doc"]);
    if (l["doc"] == "bare.txt") {
      // A document without metadata: no field for it, not even null.
      for (const char* f : {"date", "source", "title", "url"}) EXPECT_FALSE(l.contains(f)) << f;
    }
    if (l["doc"] == "newsroom.csv#nr-1") {
      EXPECT_EQ(l["date"], "2024-03-20");
      EXPECT_EQ(l["source"], "Newsroom Daily");
      EXPECT_EQ(l["title"], "Brussels, again");
      EXPECT_EQ(l["url"], "https://newsroom.example/nr-1");
    }
  }
  EXPECT_EQ(docs.size(), 10u);

  auto docs_of = [&](std::vector<std::string> filter) {
    std::set<std::string> out;
    filter.insert(filter.begin(), {"--kind", "stance"});
    for (const auto& l : ExportLines(filter)) out.insert(l["doc"]);
    return out;
  };
  EXPECT_EQ(docs_of({"--since", "2024-03-20", "--until", "2024-04"}),
            (std::set<std::string>{"newsroom.csv#nr-1", "newsroom.csv#nr-2", "dump.jsonl#fa-1",
                                   "summit.htm"}));
  EXPECT_EQ(docs_of({"--until", "2024-03-05"}),
            (std::set<std::string>{"brussels-deal.html", "plain.txt"}));
  EXPECT_EQ(docs_of({"--source", "FAZ.NET", "--source", "wire service"}),
            (std::set<std::string>{"dump.jsonl#fa-1", "dump.jsonl:6", "summit.htm"}));
  EXPECT_EQ(docs_of({"--since", "2025"}), std::set<std::string>{});
  RunResult bad = RunArgx(dir_, {"export", "--db", "t.db", "--since", "soon"});
  EXPECT_EQ(bad.code, 1);
  EXPECT_THAT(bad.err, HasSubstr("not a date: soon"));

  // CSV: the metadata columns come last.
  RunResult csv = RunArgx(dir_, {"export", "--db", "t.db", "--format", "csv", "--kind", "stance",
                                 "--source", "Newsroom Daily"});
  ASSERT_EQ(csv.code, 0) << csv.err;
  EXPECT_THAT(csv.out, HasSubstr(",rule,key,date,source,title,url\r\n"));
  EXPECT_THAT(csv.out, HasSubstr(",2024-03-20,Newsroom Daily,\"He said \"\"no\"\"\","
                                 "https://newsroom.example/nr-2\r\n"));
}

// docs/export.md lists every field the JSON Lines export writes, and every
// CSV column, as `name`.
TEST_F(FormatsTest, ExportDocListsEveryField) {
  ASSERT_EQ(Extract().code, 2);
  std::ifstream in(fs::path(ARGX_SOURCE_DIR) / "docs/export.md");
  std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(doc.empty());
  std::set<std::string> fields;
  for (const auto& l : ExportLines()) {
    for (const auto& [k, v] : l.items()) fields.insert(k);
  }
  EXPECT_GE(fields.size(), 30u);  // the three kinds and the metadata were seen
  for (const char* kind : {"actor", "stance", "claim"}) {
    RunResult csv = RunArgx(dir_, {"export", "--db", "t.db", "--format", "csv", "--kind", kind});
    ASSERT_EQ(csv.code, 0) << csv.err;
    std::string header = csv.out.substr(0, csv.out.find("\r\n"));
    std::stringstream ss(header);
    for (std::string col; std::getline(ss, col, ',');) fields.insert(col);
  }
  for (const std::string& f : fields) {
    EXPECT_NE(doc.find("`" + f + "`"), std::string::npos) << "docs/export.md lacks " << f;
  }
}

TEST_F(FormatsTest, ReportHasTheTimelineDatesAndOutlets) {
  ASSERT_EQ(Extract().code, 2);
  RunResult r = RunArgx(dir_, {"report", "--db", "t.db", "--out", "r.html"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("timeline of 3 actors over 4 months"));  // February to May
  std::string html = ReadAll(dir_ / "r.html");
  EXPECT_THAT(html, HasSubstr("<title>France, 2024-03: 3 oppositions</title>"));
  EXPECT_THAT(html, HasSubstr("2024-03-05 · The Daily Example · Deal struck in Brussels"));
  EXPECT_THAT(html, HasSubstr("<option value=\"faz.net\">faz.net</option>"));

  RunResult weekly = RunArgx(dir_, {"report", "--db", "t.db", "--out", "w.html", "--period", "week",
                                    "--source", "faz.net"});
  ASSERT_EQ(weekly.code, 0) << weekly.err;
  EXPECT_THAT(weekly.err, HasSubstr("2 documents"));
  EXPECT_THAT(ReadAll(dir_ / "w.html"), HasSubstr("<title>France, 2024-04-15: 1 support</title>"));
  EXPECT_EQ(RunArgx(dir_, {"report", "--db", "t.db", "--period", "day"}).code, 1);
}

// Plain text files without metadata export exactly as before: no new
// fields, no new CSV columns.
TEST_F(FormatsTest, PlainTextExportHasNoMetadataFields) {
  fs::remove_all(dir_ / "in");
  WriteFile(dir_ / "in/a.txt", "France opposes the deal.\n");
  ASSERT_EQ(Extract().code, 0);
  RunResult jsonl = RunArgx(dir_, {"export", "--db", "t.db", "--kind", "stance"});
  ASSERT_EQ(jsonl.code, 0);
  EXPECT_THAT(jsonl.out, HasSubstr("{\"doc\":\"a.txt\",\"kind\":\"stance\",\"sentence\":0,"));
  EXPECT_THAT(jsonl.out, Not(HasSubstr("\"date\"")));
  RunResult csv = RunArgx(dir_, {"export", "--db", "t.db", "--format", "csv", "--kind", "stance"});
  ASSERT_EQ(csv.code, 0);
  EXPECT_EQ(csv.out.substr(0, csv.out.find('\n') + 1),
            "doc,sentence,start,end,text,holder,holder_id,holder_text,holder_type,polarity,target,"
            "cue,rule,key\r\n");
}

}  // namespace
