// End-to-end tests: the real argx binary (ARGX_BINARY) on temporary folders,
// checked through the database (sqlite3 C API) and the exports.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "e2e_util.h"
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;
using namespace argx_e2e;  // NOLINT: the shared e2e helpers
using ::testing::HasSubstr;
using ::testing::Not;

// Code points of valid UTF-8.
std::u32string Utf8ToCodePoints(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
    for (int k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
    out.push_back(cp);
    i += len;
  }
  return out;
}

std::string CodePointsToUtf8(std::u32string_view cps) {
  std::string out;
  for (char32_t c : cps) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

// The code points [start, end) of `text`, as UTF-8.
std::string Slice(const std::string& text, int64_t start, int64_t end) {
  std::u32string cps = Utf8ToCodePoints(text);
  if (start < 0 || end < start || end > static_cast<int64_t>(cps.size())) return "<out of range>";
  return CodePointsToUtf8(std::u32string_view(cps).substr(start, end - start));
}

void Exec(const fs::path& db, const std::string& sql) {
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
  char* err = nullptr;
  EXPECT_EQ(sqlite3_exec(h, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(h);
}

class E2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::path(::testing::TempDir()) / "argx_e2e_XXXXXX").string();
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    dir_ = templ;
  }
  void TearDown() override {
    std::error_code ec;
    // Restore permissions so that removal works for chmod-000 files.
    for (auto& e : fs::recursive_directory_iterator(dir_, ec)) {
      fs::permissions(e.path(), fs::perms::owner_all, fs::perm_options::add, ec);
    }
    fs::remove_all(dir_, ec);
  }

  RunResult Run(const std::vector<std::string>& args) { return RunArgx(dir_, args); }

  // A small corpus: nested folders, hidden entries, a .log file (not taken
  // by default), and the three encoding families.
  void WriteCorpus() {
    WriteFile(dir_ / "in/a.txt",
              "France opposes the plan. The United States said it would veto it.\n");
    WriteFile(dir_ / "in/sub/b.md",
              "Zürich hosts “the talks” — again.\n\nMinisters from Côte d’Ivoire attended.");
    WriteFile(
        dir_ / "in/sub/deeper/u16le.txt",
        std::string(
            "\xff\xfe"
            "T\0o\0k\0y\0o\0 \0w\0a\0r\0n\0s\0.\0 \0T\0h\0e\0 \0\xac\x20 \0i\0s\0 \0u\0p\0.\0",
            52));
    WriteFile(dir_ / "in/sub/deeper/cp1252.txt",
              "Caf\xe9 diplomacy failed. Ministers called it \x93hopeless\x94 on Monday.");
    WriteFile(dir_ / "in/.hidden.txt", "Hidden file.");
    WriteFile(dir_ / "in/.git/x.txt", "Hidden folder.");
    WriteFile(dir_ / "in/data.log", "Not taken unless included.");
  }

  fs::path dir_;
};

TEST_F(E2eTest, HelpListsEveryOptionWithItsDefault) {
  RunResult r = Run({"extract", "--help"});
  EXPECT_EQ(r.code, 0);
  for (const char* s :
       {"--db", "argx.db", "--rules", "$ARGX_RULES, ./rules, else the checkout's", "--include",
        "*.txt *.md *.html *.htm *.json *.jsonl *.csv", "--text-field",
        "text content body maintext", "--id-field", "--meta-table", "--exclude", "--max-bytes",
        "52428800", "--lock-timeout", "--jobs", "all cores", "--force", "--quiet"}) {
    EXPECT_THAT(r.out, HasSubstr(s));
  }
}

TEST_F(E2eTest, WalksFoldersAndStoresDecodedTextWithSentences) {
  WriteCorpus();
  RunResult r = Run({"extract", "in", "--db", "t.db"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("4 new"));

  // Sorted walk; hidden entries and .log not taken; paths relative to "in".
  Rows docs = Query(dir_ / "t.db", "SELECT path, encoding, abs_path FROM documents ORDER BY id");
  ASSERT_EQ(docs.size(), 4u);
  EXPECT_EQ(docs[0][0], "a.txt");
  EXPECT_EQ(docs[1][0], "sub/b.md");
  EXPECT_EQ(docs[2][0], "sub/deeper/cp1252.txt");
  EXPECT_EQ(docs[3][0], "sub/deeper/u16le.txt");
  EXPECT_EQ(docs[3][1], "UTF-16LE");
  EXPECT_EQ(docs[0][2], fs::canonical(dir_ / "in/a.txt").string());

  std::map<std::string, std::string> text;
  for (auto& row : Query(dir_ / "t.db", "SELECT path, text FROM documents")) {
    text[row[0]] = row[1];
  }
  EXPECT_EQ(text["sub/deeper/u16le.txt"], "Tokyo warns. The € is up.");
  EXPECT_EQ(text["sub/deeper/cp1252.txt"],
            "Café diplomacy failed. Ministers called it “hopeless” on Monday.");

  // Every sentence's offsets are code points into the stored text, and the
  // sentence_texts view agrees with them.
  Rows sentences = Query(dir_ / "t.db",
                         "SELECT d.path, s.n, s.start, s.end, v.text FROM sentences s "
                         "JOIN documents d ON d.id = s.document_id "
                         "JOIN sentence_texts v ON v.document_id = s.document_id AND v.n = s.n "
                         "ORDER BY d.id, s.n");
  ASSERT_GE(sentences.size(), 8u);
  std::set<std::string> seen;
  for (const auto& s : sentences) {
    std::string slice = Slice(text[s[0]], std::stoll(s[2]), std::stoll(s[3]));
    EXPECT_EQ(slice, s[4]) << s[0] << " sentence " << s[1];
    EXPECT_FALSE(slice.empty());
    seen.insert(slice);
  }
  EXPECT_TRUE(seen.count("Zürich hosts “the talks” — again.")) << "sentences: " << seen.size();
  EXPECT_TRUE(seen.count("Ministers from Côte d’Ivoire attended."));
  Rows counts = Query(dir_ / "t.db",
                      "SELECT count(*) FROM documents d WHERE d.sentences != "
                      "(SELECT count(*) FROM sentences s WHERE s.document_id = d.id)");
  EXPECT_EQ(counts[0][0], "0");
}

// Without --rules and without ./rules, extract uses the rules of its
// checkout, as explain and rules do, and says so; an empty folder given
// as --rules means no rules.
TEST_F(E2eTest, ExtractWithoutRulesUsesTheDefaultRulesAndSaysSo) {
  WriteCorpus();
  RunResult r = Run({"extract", "in", "--db", "t.db"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("no --rules and no ./rules here: using the default rules in "));
  // Two stances: "France opposes the plan", and the United States "said it
  // would veto it" (a position announced in reported speech). Two claims:
  // the veto, and what "Ministers called it" (a quotation after "it").
  EXPECT_THAT(r.err, HasSubstr("extracted 4 actors, 2 stances, 2 claims"));
  fs::create_directories(dir_ / "no-rules");
  RunResult none = Run({"extract", "in", "--db", "n.db", "--rules", "no-rules"});
  ASSERT_EQ(none.code, 0) << none.err;
  EXPECT_THAT(none.err, HasSubstr("extracted 0 actors, 0 stances, 0 claims"));
  // --quiet says nothing of it, whether --rules is absent or names a
  // missing "rules" (as the guide writes the default rules).
  for (const char* rules : {"", "rules"}) {
    std::vector<std::string> args = {"extract", "in", "--db", "q.db", "--force", "--quiet"};
    if (*rules) args.insert(args.end(), {"--rules", rules});
    RunResult quiet = Run(args);
    ASSERT_EQ(quiet.code, 0) << quiet.err;
    EXPECT_EQ(quiet.err, "") << rules;
  }
}

TEST_F(E2eTest, IncludeAndExcludeGlobs) {
  WriteCorpus();
  RunResult r = Run({"extract", "in", "--db", "t.db", "--include", "*.log", "--include", "*.txt",
                     "--exclude", "deeper", "--quiet"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");  // --quiet
  Rows docs = Query(dir_ / "t.db", "SELECT path FROM documents ORDER BY id");
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0][0], "a.txt");
  EXPECT_EQ(docs[1][0], "data.log");
}

TEST_F(E2eTest, FileGivenDirectlyIsStoredUnderItsName) {
  WriteCorpus();
  RunResult r = Run({"extract", "in/sub/b.md", "--db", "t.db"});
  ASSERT_EQ(r.code, 0) << r.err;
  Rows docs = Query(dir_ / "t.db", "SELECT path FROM documents");
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0][0], "b.md");
}

TEST_F(E2eTest, ReRunSkipsUnchangedAndReExtractsModifiedFiles) {
  WriteCorpus();
  ASSERT_EQ(Run({"extract", "in", "--db", "t.db"}).code, 0);
  Rows before = Query(dir_ / "t.db", "SELECT id, path FROM documents ORDER BY id");

  RunResult again = Run({"extract", "in", "--db", "t.db"});
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_THAT(again.err, HasSubstr("0 new, 0 changed, 4 unchanged"));

  WriteFile(dir_ / "in/a.txt", "Germany supports the plan. Nobody else does.\n");
  RunResult changed = Run({"extract", "in", "--db", "t.db"});
  ASSERT_EQ(changed.code, 0) << changed.err;
  EXPECT_THAT(changed.err, HasSubstr("0 new, 1 changed, 3 unchanged"));
  EXPECT_EQ(Query(dir_ / "t.db", "SELECT id, path FROM documents ORDER BY id"), before);
  Rows a = Query(dir_ / "t.db",
                 "SELECT text, (SELECT count(*) FROM sentences s WHERE s.document_id = d.id) "
                 "FROM documents d WHERE path = 'a.txt'");
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0][0], "Germany supports the plan. Nobody else does.\n");
  EXPECT_EQ(a[0][1], "2");

  RunResult forced = Run({"extract", "in", "--db", "t.db", "--force"});
  ASSERT_EQ(forced.code, 0) << forced.err;
  EXPECT_THAT(forced.err, HasSubstr("4 re-extracted (--force)"));
  Rows runs = Query(dir_ / "t.db",
                    "SELECT documents_new, documents_changed, documents_unchanged, status "
                    "FROM runs ORDER BY id");
  ASSERT_EQ(runs.size(), 4u);
  EXPECT_EQ(runs[2], (std::vector<std::string>{"0", "1", "3", "finished"}));
}

TEST_F(E2eTest, BadInputsAreReportedSkippedAndTheRestIsStored) {
  WriteCorpus();
  WriteFile(dir_ / "in/binary.txt", std::string("PK\x03\x04\0\0\0\0data", 12));
  WriteFile(dir_ / "in/empty.txt", "");
  WriteFile(dir_ / "in/big.txt", std::string(5000, 'x') + ".");
  RunResult r = Run({"extract", "in", "missing-folder", "--db", "t.db", "--max-bytes", "4000"});
  EXPECT_EQ(r.code, 2) << r.err;
  auto count = [&](const std::string& needle) {
    size_t n = 0;
    for (size_t at = r.err.find(needle); at != std::string::npos; at = r.err.find(needle, at + 1)) {
      ++n;
    }
    return n;
  };
  EXPECT_EQ(count("argx: in/binary.txt: binary file (NUL bytes)\n"), 1u) << r.err;
  EXPECT_EQ(count("argx: in/empty.txt: empty file\n"), 1u) << r.err;
  EXPECT_EQ(count("argx: in/big.txt: larger than --max-bytes"), 1u) << r.err;
  EXPECT_EQ(count("argx: missing-folder: No such file or directory\n"), 1u) << r.err;
  EXPECT_THAT(r.err, HasSubstr("4 files skipped"));
  Rows docs = Query(dir_ / "t.db", "SELECT count(*) FROM documents");
  EXPECT_EQ(docs[0][0], "4");
}

TEST_F(E2eTest, UnreadableFileIsReportedAndSkipped) {
  WriteCorpus();
  fs::path locked = dir_ / "in/locked.txt";
  WriteFile(locked, "Secret.");
  ASSERT_EQ(chmod(locked.c_str(), 0), 0);
  if (int fd = open(locked.c_str(), O_RDONLY); fd >= 0) {
    close(fd);
    // Running as root (as in CI): chmod 000 does not stop reading.
    GTEST_SKIP() << "chmod 000 does not prevent reading here (root)";
  }
  RunResult r = Run({"extract", "in", "--db", "t.db"});
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("argx: in/locked.txt: cannot read: Permission denied\n"));
  EXPECT_EQ(Query(dir_ / "t.db", "SELECT count(*) FROM documents")[0][0], "4");
}

// Inserts a document's extractions by hand, so that the export format is
// checked whatever the rules produce.
void SeedExtractions(const fs::path& db) {
  Exec(db,
       "INSERT INTO actors VALUES ('USA', 'United States', 'state', '', 'test');"
       "INSERT INTO actors VALUES ('FRA', 'France', 'state', '', 'test');"
       "INSERT INTO actor_mentions (key, document_id, sentence, start, end, text, actor_id, rule)"
       " SELECT 'k1', id, 0, 0, 6, 'France', 'FRA', 'lexicon:countries' FROM documents"
       " WHERE path = 'a.txt';"
       "INSERT INTO actor_mentions (key, document_id, sentence, start, end, text, actor_id, rule)"
       " SELECT 'k2', id, 1, 29, 42, 'United States', 'USA', 'lexicon:countries' FROM documents"
       " WHERE path = 'a.txt';"
       "INSERT INTO stances (key, document_id, sentence, start, end, text, holder_id, holder,"
       " holder_text, holder_start, holder_end, polarity, target, target_start, target_end, cue,"
       " cue_start, cue_end, rule) SELECT 'k3', id, 0, 0, 23, 'France opposes the plan', 'FRA',"
       " 'France', 'France', 0, 6, 'oppose', 'the plan', 15, 23, 'opposes', 7, 14,"
       " 'stance.test' FROM documents WHERE path = 'a.txt';"
       "INSERT INTO claims (key, document_id, sentence, start, end, text, claimant_id, claimant,"
       " claimant_text, claimant_start, claimant_end, claim_type, cue, cue_start, cue_end,"
       " content, content_start, content_end, hedges, rule) SELECT 'k4', id, 1, 25, 65,"
       " 'The United States said it would veto it', NULL, 'AUTHOR', '', 0, 0, 'prediction',"
       " 'would', 54, 59, 'it would veto it, \"surely\"', 51, 65, '[\"would\"]', 'claim.test'"
       " FROM documents WHERE path = 'a.txt';");
}

TEST_F(E2eTest, JsonlExportFollowsTheSpec) {
  WriteCorpus();
  // An empty rule folder: no rules, so only the seeded extractions are stored.
  fs::create_directories(dir_ / "no-rules");
  ASSERT_EQ(Run({"extract", "in", "--db", "t.db", "--quiet", "--rules", "no-rules"}).code, 0);
  SeedExtractions(dir_ / "t.db");
  RunResult r = Run({"export", "--db", "t.db", "--format", "jsonl"});
  ASSERT_EQ(r.code, 0) << r.err;
  std::vector<nlohmann::json> lines;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(lines.size(), 4u) << r.out;
  // Ordered by offset within the document; at equal start, the actor first.
  EXPECT_EQ(lines[0]["kind"], "actor");
  EXPECT_EQ(lines[1]["kind"], "stance");
  EXPECT_EQ(lines[2]["kind"], "claim");
  EXPECT_EQ(lines[3]["kind"], "actor");
  EXPECT_EQ(lines[0]["doc"], "a.txt");
  EXPECT_EQ(lines[0]["actor"], "France");
  EXPECT_EQ(lines[0]["actor_id"], "FRA");
  EXPECT_EQ(lines[0]["actor_type"], "state");
  EXPECT_EQ(lines[1]["holder"], "France");
  EXPECT_EQ(lines[1]["holder_text"], "France");
  EXPECT_EQ(lines[1]["polarity"], "oppose");
  EXPECT_EQ(lines[1]["target"], "the plan");
  EXPECT_EQ(lines[1]["cue"], "opposes");
  EXPECT_EQ(lines[2]["claimant"], "AUTHOR");
  EXPECT_EQ(lines[2]["claimant_text"], "");
  EXPECT_EQ(lines[2]["claim_type"], "prediction");
  EXPECT_EQ(lines[2]["hedges"], nlohmann::json::array({"would"}));
  EXPECT_EQ(lines[2]["content"], "it would veto it, \"surely\"");
  for (const auto& l : lines) {
    for (const char* field : {"doc", "kind", "sentence", "start", "end", "text", "rule"}) {
      EXPECT_TRUE(l.contains(field)) << field << " in " << l.dump();
    }
  }
  // --kind keeps one kind.
  RunResult claims = Run({"export", "--db", "t.db", "--format", "jsonl", "--kind", "claim"});
  ASSERT_EQ(claims.code, 0);
  EXPECT_EQ(std::count(claims.out.begin(), claims.out.end(), '\n'), 1);
  EXPECT_THAT(claims.out, HasSubstr("\"kind\":\"claim\""));
}

TEST_F(E2eTest, CsvExportWritesOneQuotedFilePerKind) {
  WriteCorpus();
  // An empty rule folder: no rules, so only the seeded extractions are stored.
  fs::create_directories(dir_ / "no-rules");
  ASSERT_EQ(Run({"extract", "in", "--db", "t.db", "--quiet", "--rules", "no-rules"}).code, 0);
  SeedExtractions(dir_ / "t.db");
  fs::create_directories(dir_ / "csv");
  RunResult r = Run({"export", "--db", "t.db", "--format", "csv", "--out", "csv"});
  ASSERT_EQ(r.code, 0) << r.err;
  std::string actors = ReadAll(dir_ / "csv/actors.csv");
  std::string claims = ReadAll(dir_ / "csv/claims.csv");
  EXPECT_EQ(actors.substr(0, actors.find("\r\n")),
            "doc,sentence,start,end,text,actor,actor_id,actor_type,affiliation,rule,key");
  EXPECT_THAT(actors, HasSubstr("a.txt,0,0,6,France,France,FRA,state,,lexicon:countries,k1\r\n"));
  EXPECT_TRUE(fs::exists(dir_ / "csv/stances.csv"));
  // RFC 4180: a field with a comma or quote is quoted, quotes doubled.
  EXPECT_THAT(claims, HasSubstr(",\"it would veto it, \"\"surely\"\"\","));

  // "--out results/" makes the folder when it is missing.
  RunResult made = Run({"export", "--db", "t.db", "--format", "csv", "--out", "new/results/"});
  ASSERT_EQ(made.code, 0) << made.err;
  EXPECT_EQ(ReadAll(dir_ / "new/results/actors.csv"), actors);

  RunResult one = Run({"export", "--db", "t.db", "--format", "csv", "--kind", "stance"});
  ASSERT_EQ(one.code, 0) << one.err;
  EXPECT_THAT(one.out, HasSubstr("a.txt,0,0,23,France opposes the plan,France,FRA,France,state,oppose"));

  RunResult none = Run({"export", "--db", "t.db", "--format", "csv"});
  EXPECT_EQ(none.code, 1);
  EXPECT_THAT(none.err, HasSubstr("--out"));
}

TEST_F(E2eTest, ActorsListsMentionCountsPerDocument) {
  WriteCorpus();
  // An empty rule folder: no rules, so only the seeded extractions are stored.
  fs::create_directories(dir_ / "no-rules");
  ASSERT_EQ(Run({"extract", "in", "--db", "t.db", "--quiet", "--rules", "no-rules"}).code, 0);
  SeedExtractions(dir_ / "t.db");
  RunResult r = Run({"actors", "--db", "t.db"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("DOCUMENT"));
  EXPECT_THAT(r.out, ::testing::ContainsRegex("a.txt +France +state +FRA +1"));
  RunResult doc = Run({"actors", "--db", "t.db", "--doc", "sub/b.md"});
  ASSERT_EQ(doc.code, 0) << doc.err;
  EXPECT_THAT(doc.out, Not(HasSubstr("France")));
  RunResult missing = Run({"actors", "--db", "t.db", "--doc", "nope.txt"});
  EXPECT_EQ(missing.code, 1);
  RunResult total = Run({"actors", "--db", "t.db", "--total"});
  EXPECT_THAT(total.out, ::testing::ContainsRegex("United States +state +USA +1 +1"));
}

// With the project's rules: every exported extraction's offsets point at its
// text in the document, and its sentence contains it.
TEST_F(E2eTest, ExportOffsetsMatchTheDocumentText) {
  WriteCorpus();
  fs::create_directories(dir_ / "in/corpus");
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(fs::path(ARGX_SOURCE_DIR) / "corpus", ec)) {
    if (e.path().extension() == ".txt")
      fs::copy_file(e.path(), dir_ / "in/corpus" / e.path().filename());
  }
  RunResult x = Run({"extract", "in", "--db", "t.db", "--quiet", "--rules",
                     std::string(ARGX_SOURCE_DIR) + "/rules"});
  ASSERT_TRUE(x.code == 0) << x.err;
  RunResult r = Run({"export", "--db", "t.db", "--format", "jsonl"});
  ASSERT_EQ(r.code, 0) << r.err;
  std::map<std::string, std::string> text;
  for (auto& row : Query(dir_ / "t.db", "SELECT path, text FROM documents")) text[row[0]] = row[1];
  std::map<std::pair<std::string, int64_t>, std::pair<int64_t, int64_t>> sentence;
  for (auto& row : Query(dir_ / "t.db",
                         "SELECT d.path, s.n, s.start, s.end FROM sentences s "
                         "JOIN documents d ON d.id = s.document_id")) {
    sentence[{row[0], std::stoll(row[1])}] = {std::stoll(row[2]), std::stoll(row[3])};
  }
  std::istringstream in(r.out);
  size_t n = 0;
  for (std::string line; std::getline(in, line); ++n) {
    auto j = nlohmann::json::parse(line);
    std::string doc = j["doc"];
    ASSERT_TRUE(text.count(doc)) << line;
    EXPECT_EQ(Slice(text[doc], j["start"], j["end"]), j["text"]) << line;
    auto s = sentence[{doc, j["sentence"].get<int64_t>()}];
    EXPECT_LE(s.first, j["start"].get<int64_t>()) << line;
    EXPECT_GE(s.second, j["end"].get<int64_t>()) << line;
  }
  RecordProperty("extractions", static_cast<int>(n));
}

TEST_F(E2eTest, JobsDoNotChangeTheResult) {
  WriteCorpus();
  for (int i = 0; i < 40; ++i) {
    std::string body;
    for (int k = 0; k <= i % 7; ++k) {
      body += "Document " + std::to_string(i) + " sentence " + std::to_string(k) +
              " says France opposes the plan. ";
    }
    WriteFile(dir_ / "in/many" / (std::to_string(i) + ".txt"), body);
  }
  std::string rules = std::string(ARGX_SOURCE_DIR) + "/rules";
  ASSERT_EQ(
      Run({"extract", "in", "--db", "one.db", "--jobs", "1", "--quiet", "--rules", rules}).code, 0);
  ASSERT_EQ(
      Run({"extract", "in", "--db", "three.db", "--jobs", "3", "--quiet", "--rules", rules}).code,
      0);
  const char* sql =
      "SELECT d.id, d.path, d.content_hash, d.sentences, "
      "(SELECT group_concat(start || '-' || end) FROM sentences s WHERE s.document_id = d.id) "
      "FROM documents d ORDER BY d.id";
  Rows one = Query(dir_ / "one.db", sql);
  EXPECT_EQ(one.size(), 44u);
  EXPECT_EQ(one, Query(dir_ / "three.db", sql));
  RunResult e1 = Run({"export", "--db", "one.db", "--format", "jsonl"});
  RunResult e3 = Run({"export", "--db", "three.db", "--format", "jsonl"});
  EXPECT_EQ(e1.code, 0);
  EXPECT_EQ(e1.out, e3.out);
}

// SIGINT mid-run: exit 130 with a consistent database, and the next run
// completes the rest without redoing what was stored.
TEST_F(E2eTest, InterruptCommitsWhatIsDoneAndTheNextRunFinishes) {
  const int kFiles = 300;
  std::string body;
  while (body.size() < 20000) body += "The ministers met again in Geneva and issued a statement. ";
  for (int i = 0; i < kFiles; ++i) {
    WriteFile(dir_ / "in" / (std::to_string(1000 + i) + ".txt"), body + std::to_string(i));
  }
  pid_t pid =
      Spawn(dir_, {"extract", "in", "--db", "t.db", "--jobs", "1"}, dir_ / "out1", dir_ / "err1");
  ASSERT_GT(pid, 0);
  // Interrupt once the run has begun (its row in runs: the handler is set
  // from then on), not at a fixed time: a slow start (a sanitizer build)
  // would otherwise be killed before it has a database.
  auto run_begun = [&] {
    sqlite3* h = nullptr;
    bool begun = false;
    if (sqlite3_open_v2((dir_ / "t.db").c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
      sqlite3_stmt* q = nullptr;
      begun = sqlite3_prepare_v2(h, "SELECT count(*) FROM runs", -1, &q, nullptr) == SQLITE_OK &&
              sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int(q, 0) > 0;
      sqlite3_finalize(q);
    }
    sqlite3_close(h);
    return begun;
  };
  for (int i = 0; i < 1200 && !run_begun(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(run_begun()) << ReadAll(dir_ / "err1");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  kill(pid, SIGINT);
  int code = Wait(pid);
  std::string err = ReadAll(dir_ / "err1");
  ASSERT_TRUE(code == 130 || code == 0) << code << " " << err;
  int64_t stored = std::stoll(Query(dir_ / "t.db", "SELECT count(*) FROM documents")[0][0]);
  if (code == 130) {
    EXPECT_LT(stored, kFiles);
    EXPECT_THAT(err, HasSubstr("interrupted"));
    EXPECT_EQ(Query(dir_ / "t.db", "SELECT status FROM runs")[0][0], "interrupted");
  }
  // Every stored document is complete.
  EXPECT_EQ(Query(dir_ / "t.db",
                  "SELECT count(*) FROM documents d WHERE d.sentences != "
                  "(SELECT count(*) FROM sentences s WHERE s.document_id = d.id)")[0][0],
            "0");
  RunResult rest = Run({"extract", "in", "--db", "t.db"});
  ASSERT_EQ(rest.code, 0) << rest.err;
  EXPECT_THAT(rest.err, HasSubstr(std::to_string(kFiles - stored) + " new, 0 changed, " +
                                  std::to_string(stored) + " unchanged"));
}

}  // namespace
