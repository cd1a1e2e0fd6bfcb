// End-to-end tests of argx review and argx report: the real binary
// (ARGX_BINARY) on corpus/ with a copy of the project's rules, keys piped in
// as a person would type them, checked through the database.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "e2e_util.h"
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using namespace argx_e2e;  // NOLINT: the shared e2e helpers
using ::testing::HasSubstr;
using ::testing::Not;

std::string One(const fs::path& db, const std::string& sql) {
  Rows r = Query(db, sql);
  return r.empty() || r[0].empty() ? "<none>" : r[0][0];
}

// Every extraction row, for comparing before and after a review.
Rows ExtractionRows(const fs::path& db) {
  Rows all;
  for (const char* sql :
       {"SELECT * FROM stances ORDER BY id", "SELECT * FROM claims ORDER BY id",
        "SELECT * FROM actor_mentions ORDER BY id", "SELECT * FROM actors ORDER BY id",
        "SELECT id, content_hash, run_id, extracted_at FROM documents ORDER BY id"}) {
    Rows r = Query(db, sql);
    all.insert(all.end(), r.begin(), r.end());
  }
  return all;
}

// Removes the rule `id` from a rule file written in the project's style
// ("  - id: ..." items under `rules:`). Returns false when it is not there.
bool RemoveRule(const fs::path& file, const std::string& id) {
  std::istringstream in(ReadAll(file));
  std::string out, line;
  bool removing = false, found = false;
  while (std::getline(in, line)) {
    if (line == "  - id: " + id) {
      removing = found = true;
      continue;
    }
    if (removing &&
        (line.rfind("  - id:", 0) == 0 || (!line.empty() && line[0] != ' ' && line[0] != '#'))) {
      removing = false;
    }
    if (!removing) out += line + "\n";
  }
  if (found) WriteFile(file, out);
  return found;
}

class ReviewE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::path(::testing::TempDir()) / "argx_review_XXXXXX").string();
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    dir_ = templ;
    fs::copy(fs::path(ARGX_SOURCE_DIR) / "rules", dir_ / "rules", fs::copy_options::recursive);
    // --exclude gold: corpus/gold holds annotations (JSON), not articles.
    RunResult r = Run({"extract", std::string(ARGX_SOURCE_DIR) + "/corpus", "--exclude", "gold",
                       "--rules", "rules", "--db", "t.db", "--quiet"});
    ASSERT_EQ(r.code, 0) << r.err;
    db_ = dir_ / "t.db";
    ASSERT_GE(std::stoi(One(db_, "SELECT count(*) FROM stances")), 10);
    ASSERT_GE(std::stoi(One(db_, "SELECT count(*) FROM claims")), 10);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  RunResult Run(const std::vector<std::string>& args, const std::string& input = "") {
    return RunArgx(dir_, args, input);
  }

  // Keys of stances and claims in queue order, as `review list` prints them.
  std::vector<std::string> ListedKeys(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"review", "list", "--db", "t.db"};
    args.insert(args.end(), extra.begin(), extra.end());
    RunResult r = Run(args);
    EXPECT_EQ(r.code, 0) << r.err;
    std::vector<std::string> keys;
    std::istringstream in(r.out);
    std::string line;
    while (std::getline(in, line)) keys.push_back(line.substr(0, line.find(' ')));
    return keys;
  }

  fs::path dir_, db_;
};

TEST_F(ReviewE2eTest, PipedSessionReviewsTenAndDecisionsSurviveAChangedRule) {
  Rows before = ExtractionRows(db_);
  // Ten decisions, a note on the third, an unknown key, help, skip and back.
  RunResult r = Run({"review", "--db", "t.db", "--reviewer", "tester"},
                    "a\nr\na\nn\nchecked by the test\nx\n?\nr\na\ns\nb\na\nr\na\nr\na\nq\n");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("[1/"));
  EXPECT_THAT(r.out, HasSubstr("unknown key 'x'"));
  EXPECT_THAT(r.out, HasSubstr("s  skip"));     // help
  EXPECT_THAT(r.out, Not(HasSubstr("\x1b[")));  // not a terminal: no colours
  EXPECT_THAT(r.out, HasSubstr("10 decided in this session"));
  EXPECT_EQ(One(db_, "SELECT count(*) FROM reviews"), "10");
  EXPECT_EQ(One(db_, "SELECT count(*) FROM reviews WHERE status = 'accepted'"), "6");
  EXPECT_EQ(One(db_, "SELECT count(*) FROM reviews WHERE status = 'rejected'"), "4");
  EXPECT_EQ(One(db_, "SELECT count(*) FROM reviews WHERE reviewer = 'tester'"), "10");
  EXPECT_EQ(One(db_, "SELECT count(*) FROM reviews WHERE note = 'checked by the test'"), "1");
  EXPECT_EQ(One(db_, "SELECT count(*) FROM review_log"), "11");
  // The review changed no extraction row.
  EXPECT_EQ(ExtractionRows(db_), before);
  // The decided ones left the queue; the first pending is the 11th item.
  EXPECT_EQ(One(db_, "SELECT count(*) FROM v_review_queue WHERE kind != 'actor'"),
            std::to_string(std::stoi(One(db_, "SELECT count(*) FROM stances")) +
                           std::stoi(One(db_, "SELECT count(*) FROM claims")) - 10));

  // Re-run with a rule removed: the rule of the first accepted decision.
  std::string rule = One(db_, "SELECT rule FROM reviews WHERE status = 'accepted' ORDER BY key");
  bool removed = false;
  for (auto& e : fs::recursive_directory_iterator(dir_ / "rules")) {
    if (e.is_regular_file() && RemoveRule(e.path(), rule)) removed = true;
  }
  ASSERT_TRUE(removed) << rule;
  Rows decided = Query(db_, "SELECT key, status, rule FROM reviews ORDER BY key");
  r = Run({"extract", std::string(ARGX_SOURCE_DIR) + "/corpus", "--exclude", "gold", "--rules",
           "rules", "--db", "t.db", "--quiet"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(One(db_, "SELECT count(*) FROM stances WHERE rule = '" + rule + "'") +
                One(db_, "SELECT count(*) FROM claims WHERE rule = '" + rule + "'"),
            "00");
  // Every decision is still there: kept where its extraction came back,
  // orphaned where it did not; all of the removed rule's are orphaned.
  Rows after = Query(db_, "SELECT key, state, status, rule FROM v_reviews ORDER BY key");
  ASSERT_EQ(after.size(), 10u);
  int kept = 0, orphaned = 0;
  for (size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i][0], decided[i][0]);
    EXPECT_EQ(after[i][2], decided[i][1]);  // the decision itself never changes
    if (after[i][1] == "orphaned") {
      ++orphaned;
    } else {
      EXPECT_EQ(after[i][1], after[i][2]);
      ++kept;
    }
    if (after[i][3] == rule) EXPECT_EQ(after[i][1], "orphaned");
  }
  EXPECT_GE(orphaned, 1);
  EXPECT_GE(kept, 5);
  std::printf("re-run without %s: %d decisions kept, %d orphaned\n", rule.c_str(), kept, orphaned);
  r = Run({"review", "status", "--db", "t.db"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("orphaned"));
  EXPECT_THAT(r.out, HasSubstr("precision"));
}

TEST_F(ReviewE2eTest, AcceptRejectByKeyPrefixAndStatusPrecision) {
  std::vector<std::string> keys = ListedKeys({"--kind", "stance"});
  ASSERT_GE(keys.size(), 3u);
  RunResult r = Run({"review", "accept", keys[0], keys[1], "--db", "t.db"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("accepted " + keys[0]));
  r = Run({"review", "reject", keys[2].substr(0, 8), "--db", "t.db", "--note", "not a stance"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(One(db_, "SELECT count(*) FROM reviews"), "3");
  EXPECT_EQ(One(db_, "SELECT note FROM reviews WHERE status = 'rejected'"), "not a stance");

  // A bad id changes nothing, even with good ones beside it.
  r = Run({"review", "accept", keys[3], "ffff0000", "--db", "t.db"});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("no extraction with key"));
  EXPECT_EQ(One(db_, "SELECT count(*) FROM reviews"), "3");
  r = Run({"review", "accept", "0", "--db", "t.db"});
  EXPECT_EQ(r.code, 1);

  r = Run({"review", "status", "--db", "t.db"});
  ASSERT_EQ(r.code, 0) << r.err;
  // Rows: name, pending, accepted, rejected, corrected, orphaned, precision.
  EXPECT_THAT(r.out, ::testing::ContainsRegex("\nall +[0-9]+ +2 +1 +0 +0 +67%"));
  EXPECT_THAT(r.out, ::testing::ContainsRegex("\nstance +[0-9]+ +2 +1 +0 +0 +67%"));

  r = Run({"review", "correct", keys[3], "polarity", "sideways", "--db", "t.db"});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("support or oppose"));
  r = Run({"review", "correct", keys[3], "target", "the real target", "--db", "t.db"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(One(db_, "SELECT target FROM v_stances WHERE status = 'corrected'"), "the real target");
}

TEST_F(ReviewE2eTest, NotesAreBoundParameters) {
  std::vector<std::string> keys = ListedKeys();
  ASSERT_FALSE(keys.empty());
  std::string stances = One(db_, "SELECT count(*) FROM stances");
  const std::string evil = "'); drop table stances; --";
  RunResult r = Run({"review", "reject", keys[0], "--note", evil, "--db", "t.db"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(One(db_, "SELECT note FROM reviews"), evil);
  EXPECT_EQ(One(db_, "SELECT count(*) FROM stances"), stances);
  // And through the interactive note prompt.
  r = Run({"review", "--db", "t.db"}, "n\n" + evil + "\"; delete from reviews; --\nq\n");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(One(db_, "SELECT count(*) FROM reviews"), "2");
  EXPECT_EQ(
      One(db_, "SELECT count(*) FROM reviews WHERE note = '" +
                   std::string("''); drop table stances; --\"; delete from reviews; --") + "'"),
      "1");
  EXPECT_EQ(One(db_, "SELECT count(*) FROM stances"), stances);
}

TEST_F(ReviewE2eTest, ConcurrentReviewersKeepEachOthersDecisions) {
  std::vector<std::string> keys = ListedKeys();
  ASSERT_GE(keys.size(), 40u);
  // Four processes at once, ten keys each, one decision (transaction) per key.
  std::vector<pid_t> pids;
  for (int p = 0; p < 4; ++p) {
    std::vector<std::string> args = {"review",     p % 2 ? "reject" : "accept", "--db", "t.db",
                                     "--reviewer", "r" + std::to_string(p)};
    for (int i = 0; i < 10; ++i) args.push_back(keys[p * 10 + i]);
    fs::path out = dir_ / ("out" + std::to_string(p)), err = dir_ / ("err" + std::to_string(p));
    pids.push_back(Spawn(dir_, args, "", out, err));
  }
  for (size_t p = 0; p < pids.size(); ++p) {
    ASSERT_GT(pids[p], 0);
    EXPECT_EQ(Wait(pids[p]), 0) << ReadAll(dir_ / ("err" + std::to_string(p)));
  }
  EXPECT_EQ(One(db_, "SELECT count(*) FROM reviews"), "40");
  EXPECT_EQ(One(db_, "SELECT count(*) FROM review_log"), "40");
  for (int p = 0; p < 4; ++p) {
    EXPECT_EQ(One(db_, "SELECT count(*) FROM reviews WHERE reviewer = 'r" + std::to_string(p) +
                           "' AND status = '" + (p % 2 ? "rejected" : "accepted") + "'"),
              "10");
  }
}

TEST_F(ReviewE2eTest, ExportedExamplesPassRulesCheck) {
  // Accept and reject items of one stance rule with several extractions
  // whose holder is named (a pronoun holder makes no example).
  std::string rule = One(db_,
                         "SELECT rule FROM stances WHERE holder_text = holder GROUP BY rule "
                         "HAVING count(*) >= 3 ORDER BY count(*) DESC, rule LIMIT 1");
  std::vector<std::string> keys;
  for (const auto& row : Query(db_,
                               "SELECT key FROM stances WHERE holder_text = holder AND "
                               "rule = '" +
                                   rule + "' ORDER BY id LIMIT 3")) {
    keys.push_back(row[0].substr(0, 12));
  }
  ASSERT_EQ(keys.size(), 3u);
  ASSERT_EQ(Run({"review", "accept", keys[0], keys[1], "--db", "t.db"}).code, 0);
  ASSERT_EQ(Run({"review", "reject", keys[2], "--db", "t.db"}).code, 0);

  RunResult r = Run({"review", "export-examples", "--rule", rule, "--db", "t.db", "--rules",
                     "rules", "--out", "reviewed.yaml"});
  ASSERT_EQ(r.code, 0) << r.err;
  std::string yaml = ReadAll(dir_ / "reviewed.yaml");
  EXPECT_THAT(yaml, HasSubstr("id: " + rule + ".reviewed"));
  EXPECT_THAT(yaml, HasSubstr("match:"));
  EXPECT_THAT(yaml, HasSubstr("expect:"));
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.err, m, std::regex("([0-9]+) match, ([0-9]+) no_match")))
      << r.err;
  int examples = std::stoi(m[1]) + std::stoi(m[2]);
  EXPECT_GE(examples, 1);
  EXPECT_LE(examples, 3);
  r = Run({"rules", "check", "rules", "reviewed.yaml"});
  EXPECT_EQ(r.code, 0) << r.out << r.err << yaml;
  // `rules test` runs exactly the copy's examples (failures are the point
  // of rejected ones: exit 3 until the rule is fixed).
  r = Run({"rules", "test", "rules", "reviewed.yaml", "--rule", rule + ".reviewed"});
  EXPECT_TRUE(r.code == 0 || r.code == 3) << r.out << r.err;
  EXPECT_THAT(r.out + r.err,
              HasSubstr(std::to_string(examples) + (examples == 1 ? " example" : " examples") +
                        " in 1 of 1 rule:"));

  // The examples block alone is YAML with the same sentences.
  r = Run({"review", "export-examples", "--rule", rule, "--db", "t.db", "--format", "examples"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.find("examples:"), r.out.find('\n') + 1) << r.out;  // after the comment line
  r = Run({"review", "export-examples", "--rule", "no.such.rule", "--db", "t.db"});
  EXPECT_EQ(r.code, 1);
}

TEST_F(ReviewE2eTest, ReportIsOneHtmlFileWithTheSections) {
  std::vector<std::string> keys = ListedKeys({"--kind", "stance"});
  ASSERT_GE(keys.size(), 1u);
  ASSERT_EQ(Run({"review", "reject", keys[0], "--db", "t.db"}).code, 0);
  RunResult r = Run({"report", "--db", "t.db", "--out", "report.html"});
  ASSERT_EQ(r.code, 0) << r.err;
  std::string html = ReadAll(dir_ / "report.html");
  ASSERT_FALSE(html.empty());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  for (const char* s : {"id=\"network\"", "id=\"actors\"", "id=\"documents\"", "<svg",
                        "class=\"edge es\"", "class=\"edge eo\"", "<details class=\"doc\"",
                        "arctic-council.txt", "c oppose", "rejected", "</html>"}) {
    EXPECT_THAT(html, HasSubstr(s));
  }
  EXPECT_THAT(html, Not(HasSubstr("src=\"http")));
  EXPECT_THAT(html, Not(HasSubstr("href=\"http")));
  size_t docs = 0;
  for (size_t at = html.find("<details class=\"doc\""); at != std::string::npos;
       at = html.find("<details class=\"doc\"", at + 1)) {
    ++docs;
  }
  EXPECT_EQ(std::to_string(docs), One(db_, "SELECT count(*) FROM documents"));
}

}  // namespace
