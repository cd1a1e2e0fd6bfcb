// Faults: a full disk, a read-only database, another writer holding the
// lock, a database of a newer argx, rule files that are not YAML or are far
// too large. Each ends with a clear message and exit code 1 (README, "Exit
// codes"), and nothing already stored is lost.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "e2e_util.h"

namespace {

namespace fs = std::filesystem;
using namespace argx_e2e;  // NOLINT: the shared e2e helpers
using ::testing::HasSubstr;

std::string One(const fs::path& db, const std::string& sql) {
  Rows rows = Query(db, sql);
  return rows.empty() || rows[0].empty() ? "" : rows[0][0];
}

class FaultsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::path(::testing::TempDir()) / "argx_faults_XXXXXX").string();
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    dir_ = templ;
    rules_ = fs::path(ARGX_SOURCE_DIR) / "rules";
  }
  void TearDown() override {
    for (const fs::path& m : mounts_) umount2(m.c_str(), MNT_DETACH);
    std::error_code ec;
    for (auto& e : fs::recursive_directory_iterator(dir_, ec)) {
      fs::permissions(e.path(), fs::perms::owner_all, fs::perm_options::add, ec);
    }
    fs::remove_all(dir_, ec);
  }

  // A tmpfs of `kb` KiB at `at` (root only, and where mounting is allowed).
  bool MountTmpfs(const fs::path& at, int kb, bool read_only = false) {
    fs::create_directories(at);
    std::string opts = "size=" + std::to_string(kb) + "k";
    if (mount("tmpfs", at.c_str(), "tmpfs", read_only ? MS_RDONLY : 0, opts.c_str()) != 0) {
      return false;
    }
    mounts_.push_back(at);
    return true;
  }
  bool Remount(const fs::path& at, int kb, bool read_only) {
    std::string opts = "size=" + std::to_string(kb) + "k";
    return mount("tmpfs", at.c_str(), "tmpfs", MS_REMOUNT | (read_only ? MS_RDONLY : 0),
                 opts.c_str()) == 0;
  }

  // `n` articles of real prose under dir_/in, each a little different.
  void WriteArticles(int n) {
    std::vector<std::string> texts;
    for (const auto& e : fs::directory_iterator(fs::path(ARGX_SOURCE_DIR) / "corpus")) {
      if (e.path().extension() == ".txt") texts.push_back(ReadAll(e.path()));
    }
    ASSERT_FALSE(texts.empty());
    for (int i = 0; i < n; ++i) {
      WriteFile(dir_ / "in" / ("a" + std::to_string(1000 + i) + ".txt"),
                texts[i % texts.size()] + "\nArticle " + std::to_string(i) + ".\n");
    }
  }

  RunResult Extract(const fs::path& db, std::vector<std::string> more = {}) {
    std::vector<std::string> args = {"extract",       "in",     "--db", db.string(), "--rules",
                                     rules_.string(), "--jobs", "1"};
    args.insert(args.end(), more.begin(), more.end());
    return RunArgx(dir_, args);
  }

  fs::path dir_, rules_;
  std::vector<fs::path> mounts_;
};

// Runs argx with a file size limit instead of a small filesystem: writes
// past `kb` KiB fail with EFBIG (SIGXFSZ ignored), as on a full disk.
RunResult ExtractWithFileLimit(const fs::path& dir, const std::vector<std::string>& args, int kb) {
  struct rlimit old;
  getrlimit(RLIMIT_FSIZE, &old);
  struct rlimit lim = old;
  lim.rlim_cur = static_cast<rlim_t>(kb) * 1024;
  auto old_handler = signal(SIGXFSZ, SIG_IGN);
  setrlimit(RLIMIT_FSIZE, &lim);
  pid_t pid = Spawn(dir, args, dir / "stdout", dir / "stderr");
  setrlimit(RLIMIT_FSIZE, &old);
  signal(SIGXFSZ, old_handler);
  RunResult r;
  r.code = pid < 0 ? -1 : Wait(pid);
  r.out = ReadAll(dir / "stdout");
  r.err = ReadAll(dir / "stderr");
  return r;
}

TEST_F(FaultsTest, DiskFullStopsWithAClearMessageAndKeepsWhatWasCommitted) {
  const int kArticles = 150;  // about 2 MB of database: more than the 1 MB below
  WriteArticles(kArticles);
  fs::path small = dir_ / "small";
  fs::path db = small / "t.db";
  const bool tmpfs = MountTmpfs(small, 1024);
  RunResult r;
  if (tmpfs) {
    r = Extract(db, {"--quiet"});
  } else {
    // No mount here (not root, or a container without CAP_SYS_ADMIN).
    fs::create_directories(small);
    r = ExtractWithFileLimit(dir_,
                             {"extract", "in", "--db", db.string(), "--rules", rules_.string(),
                              "--jobs", "1", "--quiet"},
                             1024);
  }
  ASSERT_EQ(r.code, 1) << (tmpfs ? "tmpfs" : "RLIMIT_FSIZE") << "\n" << r.err;
  EXPECT_THAT(r.err, HasSubstr("free some space and run again"));
  EXPECT_THAT(r.err, HasSubstr("rolled back, not stored"));
  // What was committed is whole: every stored document has its sentences.
  EXPECT_EQ(One(db, "PRAGMA integrity_check"), "ok");
  int stored = std::stoi(One(db, "SELECT count(*) FROM documents"));
  EXPECT_LT(stored, kArticles);
  EXPECT_EQ(One(db,
                "SELECT count(*) FROM documents d WHERE d.sentences != (SELECT count(*) "
                "FROM sentences s WHERE s.document_id = d.id)"),
            "0");
  // Room again: the next run stores the rest, none twice.
  if (tmpfs) {
    ASSERT_TRUE(Remount(small, 256 * 1024, false));
    r = Extract(db);
  } else {
    r = Extract(db);
  }
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr(std::to_string(stored) + " unchanged"));
  EXPECT_EQ(One(db, "SELECT count(*) FROM documents"), std::to_string(kArticles));
}

TEST_F(FaultsTest, ReadOnlyDatabaseFileIsReportedAndLeftAsItWas) {
  WriteArticles(2);
  fs::path ro = dir_ / "ro";
  fs::path db = ro / "t.db";
  const bool as_root = geteuid() == 0;
  if (as_root && !MountTmpfs(ro, 64 * 1024)) GTEST_SKIP() << "root, and cannot mount a tmpfs";
  fs::create_directories(ro);
  ASSERT_EQ(Extract(db).code, 0);
  WriteArticles(3);  // one more to store
  if (as_root) {
    ASSERT_TRUE(Remount(ro, 64 * 1024, true));
  } else {
    ASSERT_EQ(chmod(db.c_str(), 0444), 0);
  }
  RunResult r = Extract(db);
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("the database file is read-only"));
  // Writable again (a WAL database cannot be read where its -shm cannot be
  // made): what was stored is there, unchanged.
  if (as_root) ASSERT_TRUE(Remount(ro, 64 * 1024, false));
  EXPECT_EQ(One(db, "SELECT count(*) FROM documents"), "2");
}

TEST_F(FaultsTest, ReadOnlyDatabaseFolderIsReported) {
  if (geteuid() == 0)
    GTEST_SKIP() << "root writes into any folder (the file test covers a ro mount)";
  WriteArticles(2);
  fs::path db = dir_ / "ro/t.db";
  fs::create_directories(dir_ / "ro");
  ASSERT_EQ(Extract(db).code, 0);
  WriteArticles(3);
  ASSERT_EQ(chmod((dir_ / "ro").c_str(), 0555), 0);
  RunResult r = Extract(db);
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("read-only"));
  EXPECT_EQ(One(db, "SELECT count(*) FROM documents"), "2");
}

TEST_F(FaultsTest, LockedDatabaseWaitsThenNamesTheWriter) {
  WriteArticles(2);
  fs::path db = dir_ / "t.db";
  ASSERT_EQ(Extract(db).code, 0);
  WriteArticles(3);
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(h, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  auto start = std::chrono::steady_clock::now();
  RunResult r = Extract(db, {"--lock-timeout", "1"});
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  sqlite3_exec(h, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(h);
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("another process is writing to the database: process " +
                               std::to_string(getpid())));
  EXPECT_GE(seconds, 0.9);
  EXPECT_LT(seconds, 30);
  // The writer gone, the same command goes through.
  r = Extract(db, {"--lock-timeout", "1"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(One(db, "SELECT count(*) FROM documents"), "3");
}

TEST_F(FaultsTest, DatabaseOfANewerArgxIsRefusedUntouched) {
  WriteArticles(2);
  fs::path db = dir_ / "t.db";
  ASSERT_EQ(Extract(db).code, 0);
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(h, "PRAGMA user_version = 999", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(h);
  WriteArticles(3);
  RunResult r = Extract(db);
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("database schema version 999"));
  EXPECT_THAT(r.err, HasSubstr("made by a newer argx"));
  EXPECT_EQ(One(db, "PRAGMA user_version"), "999");
  EXPECT_EQ(One(db, "SELECT count(*) FROM documents"), "2");
  r = RunArgx(dir_, {"export", "--db", db.string(), "--format", "jsonl"});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("made by a newer argx"));
}

TEST_F(FaultsTest, RulesThatAreNotYamlAreRefusedWithTheirPosition) {
  WriteArticles(1);
  WriteFile(dir_ / "prose.txt", "France opposes the plan.\nIt is not a rule file.\n");
  RunResult r = RunArgx(dir_, {"extract", "in", "--db", "t.db", "--rules", "prose.txt"});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("prose.txt:1:1: a rule file is a map"));
  WriteFile(dir_ / "image.png", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  r = RunArgx(dir_, {"extract", "in", "--db", "t.db", "--rules", "image.png"});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("image.png: not a YAML rule file: it has NUL bytes"));
  WriteFile(dir_ / "broken.yaml", "rules:\n  - id: x\n    pattern: [unclosed\n");
  r = RunArgx(dir_, {"extract", "in", "--db", "t.db", "--rules", "broken.yaml"});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("broken.yaml:4:1: YAML:"));
  EXPECT_FALSE(fs::exists(dir_ / "t.db"));  // nothing written with broken rules
}

TEST_F(FaultsTest, RuleFileOverTheLimitIsRefusedWithoutReadingIt) {
  WriteArticles(1);
  fs::path big = dir_ / "big.yaml";
  {
    std::ofstream out(big, std::ios::binary);
    out << "lexicons:\n";
  }
  fs::resize_file(big, 100u << 20);  // 100 MB (sparse)
  auto start = std::chrono::steady_clock::now();
  RunResult r = RunArgx(dir_, {"extract", "in", "--db", "t.db", "--rules", big.string()});
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("rule file of 104857600 bytes: a rule file has at most 8 MB"));
  EXPECT_LT(seconds, 20);
}

}  // namespace
