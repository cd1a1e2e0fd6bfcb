// End-to-end tests of running argx beyond one machine: extract --shard K/N,
// argx merge, review on shard databases, and the README's recipes for GNU
// Parallel and Slurm (each run as the README writes it).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "e2e_util.h"

namespace {

namespace fs = std::filesystem;
using namespace argx_e2e;  // NOLINT: the shared e2e helpers
using ::testing::HasSubstr;

const std::string kRules = std::string(ARGX_SOURCE_DIR) + "/rules";

std::vector<std::string> SortedLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::sort(lines.begin(), lines.end());
  return lines;
}

// The fenced code block that follows the line "<!-- recipe: NAME -->" in
// README.md, without its fences.
std::string ReadmeRecipe(const std::string& name) {
  std::string readme = ReadAll(fs::path(ARGX_SOURCE_DIR) / "README.md");
  size_t at = readme.find("<!-- recipe: " + name + " -->");
  if (at == std::string::npos) return "";
  size_t open = readme.find("```", at);
  size_t body = readme.find('\n', open) + 1;
  size_t close = readme.find("\n```", body);
  return readme.substr(body, close + 1 - body);
}

// The number of documents in the database at `db`; 0 while it (or its
// schema) does not exist yet.
int64_t DocumentsOrZero(const fs::path& db) {
  int64_t n = 0;
  sqlite3* h = nullptr;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* q = nullptr;
    if (sqlite3_prepare_v2(h, "SELECT count(*) FROM documents", -1, &q, nullptr) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW) {
      n = sqlite3_column_int64(q, 0);
    }
    sqlite3_finalize(q);
  }
  sqlite3_close(h);
  return n;
}

bool HaveProgram(const std::string& name) {
  return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

class ShardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::path(::testing::TempDir()) / "argx_shard_XXXXXX").string();
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    dir_ = templ;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  RunResult Run(const std::vector<std::string>& args) { return RunArgx(dir_, args); }

  // The sample corpus (without its gold folder) and `extra` generated
  // articles, in dir_/corpus.
  void WriteCorpus(int extra) {
    fs::create_directories(dir_ / "corpus");
    for (const auto& e : fs::directory_iterator(fs::path(ARGX_SOURCE_DIR) / "corpus")) {
      if (e.is_regular_file()) fs::copy_file(e.path(), dir_ / "corpus" / e.path().filename());
    }
    const char* actors[] = {"France", "Germany", "Japan", "NATO", "China", "India"};
    for (int i = 0; i < extra; ++i) {
      std::string body;
      for (int k = 0; k <= i % 5; ++k) {
        body += std::string(actors[(i + k) % 6]) + " opposes the plan number " + std::to_string(i) +
                ". " + actors[(i + 2 * k + 1) % 6] + " said it would support talks. ";
      }
      WriteFile(dir_ / "corpus" / ("d" + std::to_string(i % 3)) / (std::to_string(i) + ".txt"),
                body);
    }
  }

  // Runs `script` with bash in dir_, argx first on PATH and ARGX_RULES set.
  int Bash(const std::string& script, std::string* output) {
    WriteFile(dir_ / "recipe.sh", script);
    std::string bin = fs::path(ARGX_BINARY).parent_path().string();
    std::string cmd = "cd '" + dir_.string() + "' && PATH='" + bin + "':\"$PATH\" ARGX_RULES='" +
                      kRules + "' bash -eo pipefail recipe.sh > recipe.out 2>&1";
    int rc = std::system(cmd.c_str());
    *output = ReadAll(dir_ / "recipe.out");
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  }

  // The JSON Lines export of `db`, sorted.
  std::vector<std::string> Export(const std::string& db) {
    RunResult r = Run({"export", "--db", db, "--format", "jsonl"});
    EXPECT_EQ(r.code, 0) << r.err;
    return SortedLines(r.out);
  }

  fs::path dir_;
};

TEST_F(ShardTest, ShardsPartitionTheFilesAndMergeToASingleRun) {
  WriteCorpus(40);
  ASSERT_EQ(Run({"extract", "corpus", "--db", "single.db", "--rules", kRules, "--quiet"}).code, 0);
  std::multiset<std::string> sharded;
  for (int k = 0; k < 4; ++k) {
    std::string db = "s" + std::to_string(k) + ".db";
    RunResult r = Run(
        {"extract", "corpus", "--shard", std::to_string(k) + "/4", "--db", db, "--rules", kRules});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_THAT(r.err, HasSubstr("shard " + std::to_string(k) + "/4: "));
    for (auto& row : Query(dir_ / db, "SELECT path FROM documents")) sharded.insert(row[0]);
    EXPECT_EQ(Query(dir_ / db, "SELECT json_extract(options, '$.shard') FROM runs")[0][0],
              std::to_string(k) + "/4");
  }
  std::multiset<std::string> single;
  for (auto& row : Query(dir_ / "single.db", "SELECT path FROM documents")) single.insert(row[0]);
  EXPECT_GE(single.size(), 40u + 9u);  // the sample corpus and the 40 generated articles
  EXPECT_EQ(sharded, single);          // every file in exactly one shard

  RunResult m = Run({"merge", "s0.db", "s1.db", "s2.db", "s3.db", "--db", "merged.db"});
  ASSERT_EQ(m.code, 0) << m.err;
  const std::string n = std::to_string(single.size());
  EXPECT_THAT(m.err,
              HasSubstr("merged 4 databases into merged.db: " + n + " documents (" + n + " new"));
  std::vector<std::string> expected = Export("single.db");
  EXPECT_GT(expected.size(), 100u);
  EXPECT_EQ(Export("merged.db"), expected);
  // The same search results as the single run.
  const char* search = "SELECT path, n FROM v_search WHERE search MATCH 'support' ORDER BY 1, 2";
  EXPECT_EQ(Query(dir_ / "merged.db", search), Query(dir_ / "single.db", search));

  // eval scores the merged database as it scores the single run.
  const std::string gold = std::string(ARGX_SOURCE_DIR) + "/corpus/gold";
  RunResult e1 = Run({"eval", "--gold", gold, "--db", "single.db", "--json"});
  RunResult e2 = Run({"eval", "--gold", gold, "--db", "merged.db", "--json"});
  EXPECT_EQ(e1.code, 0) << e1.err;
  EXPECT_THAT(e1.out, HasSubstr("\"f1\""));
  EXPECT_EQ(e2.out, e1.out);

  // Again: nothing changes, and the command says so.
  RunResult again = Run({"merge", "s0.db", "s1.db", "s2.db", "s3.db", "--db", "merged.db"});
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_THAT(again.err, HasSubstr("merged.db is unchanged"));
}

TEST_F(ShardTest, BadShardsAndMergesAreRefusedClearly) {
  WriteCorpus(0);
  RunResult r = Run({"extract", "corpus", "--shard", "4/4", "--db", "x.db"});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("--shard 4/4: K must be between 0 and N-1 (3)"));
  EXPECT_FALSE(fs::exists(dir_ / "x.db"));

  r = Run({"merge", "--db", "out.db"});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("IN is required"));
  r = Run({"merge", "missing.db", "--db", "out.db"});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("missing.db: no such database"));
  EXPECT_FALSE(fs::exists(dir_ / "out.db"));
  r = Run({"merg", "a.db"});
  EXPECT_THAT(r.err, HasSubstr("did you mean 'merge'?"));

  // Different rules: refused, naming the databases and the rule file.
  ASSERT_EQ(
      Run({"extract", "corpus", "--shard", "0/2", "--db", "a.db", "--rules", kRules, "--quiet"})
          .code,
      0);
  fs::copy(kRules, dir_ / "rules", fs::copy_options::recursive);
  std::ofstream(dir_ / "rules/actors/groups.yaml", std::ios::app) << "\n# a local change\n";
  ASSERT_EQ(
      Run({"extract", "corpus", "--shard", "1/2", "--db", "b.db", "--rules", "rules", "--quiet"})
          .code,
      0)
      << ReadAll(dir_ / "stderr");
  r = Run({"merge", "a.db", "b.db", "--db", "out.db"});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("extracted with different rules"));
  EXPECT_THAT(r.err, HasSubstr("b.db ("));
  EXPECT_THAT(r.err, HasSubstr("rule files that differ: actors/groups.yaml\n"));
  EXPECT_THAT(r.err, HasSubstr("--allow-mixed-rules"));
  EXPECT_FALSE(fs::exists(dir_ / "out.db"));
  r = Run({"merge", "a.db", "b.db", "--db", "out.db", "--allow-mixed-rules"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(Query(dir_ / "out.db",
                  "SELECT json_extract(options, '$.allow_mixed_rules') FROM runs "
                  "WHERE json_extract(options, '$.command') = 'merge'")[0][0],
            "1");
}

// Reviewers work on shard databases; the merged database has all their
// decisions, and review status, export and report read it.
TEST_F(ShardTest, ReviewsOnShardsComeTogether) {
  WriteCorpus(12);
  for (int k = 0; k < 2; ++k) {
    ASSERT_EQ(Run({"extract", "corpus", "--shard", std::to_string(k) + "/2", "--db",
                   "s" + std::to_string(k) + ".db", "--rules", kRules, "--quiet"})
                  .code,
              0);
  }
  std::string k0 = Query(dir_ / "s0.db", "SELECT key FROM stances ORDER BY id LIMIT 1")[0][0];
  std::string k1 = Query(dir_ / "s1.db", "SELECT key FROM stances ORDER BY id LIMIT 1")[0][0];
  ASSERT_EQ(Run({"review", "accept", k0, "--db", "s0.db", "--reviewer", "alice"}).code, 0);
  ASSERT_EQ(Run({"review", "reject", k1, "--db", "s1.db", "--reviewer", "bob"}).code, 0);
  RunResult m = Run({"merge", "s0.db", "s1.db", "--db", "m.db"});
  ASSERT_EQ(m.code, 0) << m.err;
  EXPECT_THAT(m.err, HasSubstr("2 reviews (2 new, 0 updated, 0 conflicts), 2 review log"));
  RunResult st = Run({"review", "status", "--db", "m.db"});
  ASSERT_EQ(st.code, 0) << st.err;
  // Rows: name, pending, accepted, rejected, corrected, orphaned, precision.
  EXPECT_THAT(st.out, ::testing::ContainsRegex("\nall +[0-9]+ +1 +1 +0 +0 +50%"));
  RunResult list = Run({"review", "list", "--all", "--db", "m.db"});
  ASSERT_EQ(list.code, 0) << list.err;
  EXPECT_THAT(list.out, ::testing::ContainsRegex(k0.substr(0, 8) + ".*accepted"));
  EXPECT_THAT(list.out, ::testing::ContainsRegex(k1.substr(0, 8) + ".*rejected"));
  RunResult ex = Run({"export", "--db", "m.db", "--format", "jsonl", "--kind", "stance"});
  ASSERT_EQ(ex.code, 0) << ex.err;
  EXPECT_EQ(SortedLines(ex.out).size(),
            std::stoul(Query(dir_ / "m.db", "SELECT count(*) FROM stances")[0][0]));
  RunResult rep = Run({"report", "--db", "m.db", "--out", "r.html"});
  EXPECT_EQ(rep.code, 0) << rep.err;

  // The same extraction decided differently on the merged database and on
  // a shard, each without seeing the other: a conflict, listed; the later
  // decision is the status and both are in the log.
  ASSERT_EQ(Run({"review", "reject", k0, "--db", "m.db", "--reviewer", "carol"}).code, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_EQ(
      Run({"review", "correct", k0, "target", "the plan", "--db", "s0.db", "--reviewer", "dave"})
          .code,
      0);
  m = Run({"merge", "s0.db", "--db", "m.db"});
  ASSERT_EQ(m.code, 0) << m.err;
  EXPECT_THAT(m.err, HasSubstr("review conflict on " + k0));
  EXPECT_THAT(m.err, HasSubstr("rejected by carol"));
  EXPECT_THAT(m.err, HasSubstr("corrected {\"target\":\"the plan\"} by dave"));
  EXPECT_EQ(Query(dir_ / "m.db", "SELECT status FROM reviews WHERE key = '" + k0 + "'")[0][0],
            "corrected");
  EXPECT_EQ(Query(dir_ / "m.db",
                  "SELECT group_concat(reviewer, ',') FROM (SELECT reviewer FROM "
                  "review_log WHERE key = '" +
                      k0 + "' ORDER BY at)")[0][0],
            "alice,carol,dave");
}

// A shard killed mid-run resumes like a single run.
TEST_F(ShardTest, AKilledShardResumes) {
  std::string body;
  while (body.size() < 20000) body += "France opposes the plan again in Geneva. ";
  for (int i = 0; i < 240; ++i) {
    WriteFile(dir_ / "corpus" / (std::to_string(1000 + i) + ".txt"), body + std::to_string(i));
  }
  std::vector<std::string> args = {"extract", "corpus", "--shard", "1/2",     "--db",
                                   "s1.db",   "--jobs", "1",       "--rules", kRules};
  pid_t pid = Spawn(dir_, args, dir_ / "out1", dir_ / "err1");
  ASSERT_GT(pid, 0);
  // Killed (no chance to clean up) once its first batch is committed.
  int64_t stored = 0;
  for (int i = 0; i < 600 && stored == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    stored = DocumentsOrZero(dir_ / "s1.db");
  }
  kill(pid, SIGKILL);
  EXPECT_EQ(Wait(pid), 128 + SIGKILL);
  stored = std::stoll(Query(dir_ / "s1.db", "SELECT count(*) FROM documents")[0][0]);
  EXPECT_GT(stored, 0);
  EXPECT_LT(stored, 120);
  RunResult rest = Run(args);
  ASSERT_EQ(rest.code, 0) << rest.err;
  EXPECT_THAT(rest.err, HasSubstr(std::to_string(120 - stored) + " new, 0 changed, " +
                                  std::to_string(stored) + " unchanged"));
  // Every document once, complete.
  EXPECT_EQ(Query(dir_ / "s1.db", "SELECT count(*), count(DISTINCT path) FROM documents"),
            (Rows{{"120", "120"}}));
  EXPECT_EQ(Query(dir_ / "s1.db",
                  "SELECT count(*) FROM documents d WHERE d.sentences != "
                  "(SELECT count(*) FROM sentences s WHERE s.document_id = d.id)")[0][0],
            "0");
}

// README, "GNU Parallel": 4 shards on this machine, merged; the export is
// the single run's, line for line after sorting.
TEST_F(ShardTest, ReadmeRecipeGnuParallel) {
  std::string recipe = ReadmeRecipe("parallel-local");
  ASSERT_FALSE(recipe.empty()) << "README.md has no <!-- recipe: parallel-local --> block";
  if (!HaveProgram("parallel")) {
    GTEST_SKIP() << "GNU Parallel is not installed (Debian package parallel; scripts/setup "
                    "installs it)";
  }
  WriteCorpus(20);
  // With the gold files beside the articles, as in this checkout's corpus/.
  fs::copy(fs::path(ARGX_SOURCE_DIR) / "corpus" / "gold", dir_ / "corpus" / "gold");
  std::string output;
  ASSERT_EQ(Bash(recipe, &output), 0) << recipe << "\n" << output;
  ASSERT_TRUE(fs::exists(dir_ / "argx.db")) << output;
  ASSERT_EQ(Run({"extract", "corpus", "--exclude", "gold", "--db", "single.db", "--rules", kRules,
                 "--quiet"})
                .code,
            0);
  std::vector<std::string> expected = Export("single.db");
  EXPECT_GT(expected.size(), 50u);
  EXPECT_EQ(Export("argx.db"), expected);
}

// README, "Slurm": a job array of shards and a merge job that depends on
// it, on a one-node cluster this test starts (scripts/slurm-local).
TEST_F(ShardTest, ReadmeRecipeSlurm) {
  std::string recipe = ReadmeRecipe("slurm");
  ASSERT_FALSE(recipe.empty()) << "README.md has no <!-- recipe: slurm --> block";
  const std::string local = std::string(ARGX_SOURCE_DIR) + "/scripts/slurm-local";
  std::string why;
  if (!HaveProgram("slurmctld") || !HaveProgram("slurmd") || !HaveProgram("munged")) {
    GTEST_SKIP() << "Slurm is not installed (Debian packages slurm-wlm and munge; "
                    "scripts/setup --slurm installs them)";
  }
  std::string state = (dir_ / "slurm").string();
  std::string start = "'" + local + "' start '" + state + "' > '" + state + ".log' 2>&1";
  if (std::system(start.c_str()) != 0) {
    GTEST_SKIP() << "a one-node Slurm cannot run here (scripts/slurm-local start failed):\n"
                 << ReadAll(state + ".log");
  }
  struct Stop {
    std::string cmd;
    ~Stop() { std::system(cmd.c_str()); }
  } stop{"'" + local + "' stop '" + state + "' >/dev/null 2>&1"};
  setenv("SLURM_CONF", (state + "/slurm.conf").c_str(), 1);
  WriteCorpus(20);
  fs::copy(fs::path(ARGX_SOURCE_DIR) / "corpus" / "gold", dir_ / "corpus" / "gold");
  std::string output;
  ASSERT_EQ(Bash("export ARGX_SOURCE='" + std::string(ARGX_SOURCE_DIR) + "'\n" + recipe, &output),
            0)
      << recipe << "\n"
      << output;
  // The merge job runs after the array; wait for its database.
  for (int i = 0; i < 600 && !fs::exists(dir_ / "argx.db"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::string logs;
  for (const auto& e : fs::directory_iterator(dir_)) {
    if (e.path().extension() == ".out") logs += ReadAll(e.path());
  }
  ASSERT_TRUE(fs::exists(dir_ / "argx.db")) << output << logs;
  ASSERT_EQ(Run({"extract", "corpus", "--exclude", "gold", "--db", "single.db", "--rules", kRules,
                 "--quiet"})
                .code,
            0);
  EXPECT_EQ(Export("argx.db"), Export("single.db")) << logs;
}

}  // namespace
