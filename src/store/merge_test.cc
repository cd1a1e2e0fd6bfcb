#include "store/merge.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "store/sha256.h"
#include "store/store.h"

namespace argx::store {
namespace {

namespace fs = std::filesystem;

extract::Actor France() { return {"FRA", "France", "state", "", "countries"}; }

// A document "NAME.txt" whose one sentence is `text`, with France named at
// its start and a stance when the text says "opposes".
struct Doc {
  std::string name, text;
};

class MergeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::path(::testing::TempDir()) / "argx_merge_XXXXXX").string();
    ASSERT_NE(mkdtemp(templ.data()), nullptr);
    dir_ = templ;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Path(const std::string& name) { return (dir_ / name).string(); }

  // Extracts `docs` into database `name` as one run with rules `rules`.
  void Make(const std::string& name, const std::vector<Doc>& docs,
            const std::string& rules = "rules-1") {
    std::unique_ptr<Store> db;
    ASSERT_TRUE(Store::Open(Path(name), {}, &db).ok());
    int64_t run = 0;
    ASSERT_TRUE(db->BeginRun({"test", rules,
                              R"({"rule_files": {"r/a.yaml": "1", "r/b.yaml": ")" + rules + "\"}}"},
                             &run)
                    .ok());
    for (const Doc& d : docs) {
      Document doc;
      doc.path = d.name + ".txt";
      doc.abs_path = "/corpus/" + doc.path;
      doc.content_hash = Sha256Hex(d.text);
      doc.size_bytes = static_cast<int64_t>(d.text.size());
      doc.encoding = "UTF-8";
      doc.text = d.text;
      doc.sentences = {{0, static_cast<uint32_t>(d.text.size())}};
      doc.rules_fingerprint = rules;
      doc.meta.source = "Wire";
      extract::Extractions ex;
      ex.actors.push_back({0, {0, 6}, "France", France(), "lexicon:countries"});
      if (d.text.find("opposes") != std::string::npos) {
        extract::Stance st;
        st.span = {0, static_cast<uint32_t>(d.text.size())};
        st.text = d.text;
        st.holder = France();
        st.holder_text = "France";
        st.holder_span = {0, 6};
        st.polarity = "oppose";
        st.target = "it";
        st.cue = "opposes";
        st.cue_span = {7, 14};
        st.rule = "stance.oppose";
        ex.stances.push_back(st);
      }
      ASSERT_TRUE(db->PutDocument(run, doc, ex, nullptr).ok());
    }
    ASSERT_TRUE(db->FinishRun(run, {}).ok());
  }

  void Exec(const std::string& name, const std::string& sql) {
    sqlite3* h = nullptr;
    ASSERT_EQ(sqlite3_open(Path(name).c_str(), &h), SQLITE_OK);
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(h, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
    sqlite3_free(err);
    sqlite3_close(h);
  }

  // Every row of `sql`, one line each, fields joined by '|'.
  std::vector<std::string> Rows(const std::string& name, const std::string& sql) {
    std::vector<std::string> rows;
    sqlite3* h = nullptr;
    EXPECT_EQ(sqlite3_open_v2(Path(name).c_str(), &h, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* q = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(h, sql.c_str(), -1, &q, nullptr), SQLITE_OK)
        << sql << ": " << sqlite3_errmsg(h);
    while (q != nullptr && sqlite3_step(q) == SQLITE_ROW) {
      std::string row;
      for (int c = 0; c < sqlite3_column_count(q); ++c) {
        const char* t = reinterpret_cast<const char*>(sqlite3_column_text(q, c));
        row += (c ? "|" : "") + std::string(t ? t : "NULL");
      }
      rows.push_back(row);
    }
    sqlite3_finalize(q);
    sqlite3_close(h);
    return rows;
  }

  // A review decision and its log entry, as argx review writes them.
  void Decide(const std::string& name, const std::string& key, const std::string& status,
              const std::string& reviewer, const std::string& at) {
    Exec(name,
         "INSERT INTO reviews (key, kind, status, note, reviewer, reviewed_at, rule, path, "
         "sentence_text, extraction) VALUES ('" +
             key + "', 'stance', '" + status + "', '', '" + reviewer + "', '" + at +
             "', 'stance.oppose', 'a.txt', 's', '{}') ON CONFLICT (key) DO UPDATE SET "
             "status = excluded.status, reviewer = excluded.reviewer, "
             "reviewed_at = excluded.reviewed_at; "
             "INSERT INTO review_log (key, status, note, reviewer, at) VALUES ('" +
             key + "', '" + status + "', '', '" + reviewer + "', '" + at + "')");
  }

  Status DoMerge(const std::vector<std::string>& names, const std::string& out,
                 MergeOptions options = {}) {
    std::vector<std::string> inputs;
    for (const std::string& n : names) inputs.push_back(Path(n));
    options.notice = [this](const std::string& line) { notices_.push_back(line); };
    return Merge(inputs, Path(out), options, &summary_);
  }

  // Everything merge writes, for comparing a database before and after.
  std::vector<std::string> Dump(const std::string& name) {
    std::vector<std::string> all;
    for (const char* sql :
         {"SELECT * FROM runs ORDER BY id", "SELECT * FROM documents ORDER BY id",
          "SELECT * FROM sentences ORDER BY 1, 2", "SELECT * FROM actors ORDER BY id",
          "SELECT * FROM actor_mentions ORDER BY id", "SELECT * FROM stances ORDER BY id",
          "SELECT * FROM claims ORDER BY id", "SELECT * FROM document_meta ORDER BY 1",
          "SELECT * FROM reviews ORDER BY key", "SELECT * FROM review_log ORDER BY id"}) {
      for (std::string& r : Rows(name, sql)) all.push_back(std::move(r));
    }
    return all;
  }

  fs::path dir_;
  MergeSummary summary_;
  std::vector<std::string> notices_;
};

TEST_F(MergeTest, CopiesEverythingAndIsIdempotent) {
  Make("s0.db", {{"a", "France opposes the plan."}, {"b", "France waits."}});
  Make("s1.db", {{"c", "France opposes the levy."}});
  ASSERT_TRUE(DoMerge({"s0.db", "s1.db"}, "out.db").ok());
  EXPECT_FALSE(fs::exists(Path("out.db.merging")));
  EXPECT_EQ(summary_.documents_new, 3);
  EXPECT_EQ(summary_.runs_added, 2);
  EXPECT_EQ(Rows("out.db", "SELECT path FROM documents ORDER BY path"),
            (std::vector<std::string>{"a.txt", "b.txt", "c.txt"}));
  // Extraction keys are the inputs' keys.
  std::vector<std::string> keys = Rows("s0.db", "SELECT key FROM stances");
  for (std::string& k : Rows("s1.db", "SELECT key FROM stances")) keys.push_back(k);
  EXPECT_EQ(Rows("out.db", "SELECT key FROM stances ORDER BY id"), keys);
  EXPECT_EQ(Rows("out.db", "SELECT count(*), count(DISTINCT actor_id) FROM actor_mentions"),
            std::vector<std::string>{"3|1"});
  EXPECT_EQ(Rows("out.db", "SELECT path, source FROM v_documents ORDER BY path")[2], "c.txt|Wire");
  // The search index covers every document.
  EXPECT_EQ(Rows("out.db", "SELECT path FROM v_search WHERE search MATCH 'levy'"),
            std::vector<std::string>{"c.txt"});
  // Documents keep their run; the merge has its own.
  EXPECT_EQ(Rows("out.db", "SELECT count(DISTINCT run_id) FROM documents"),
            std::vector<std::string>{"2"});
  EXPECT_EQ(Rows("out.db",
                 "SELECT json_extract(options, '$.command'), documents_new FROM runs "
                 "WHERE json_extract(options, '$.command') = 'merge'"),
            std::vector<std::string>{"merge|3"});

  std::vector<std::string> before = Dump("out.db");
  ASSERT_TRUE(DoMerge({"s0.db", "s1.db"}, "out.db").ok());
  EXPECT_FALSE(summary_.changed());
  EXPECT_EQ(summary_.documents_same, 3);
  EXPECT_EQ(Dump("out.db"), before);
  EXPECT_TRUE(notices_.empty());
}

// A merge that writes many documents drops the secondary indexes while it
// writes and creates them again: the same rows, and every index back.
TEST_F(MergeTest, BulkLoadingGivesTheSameDatabase) {
  Make("s0.db", {{"a", "France opposes the plan."}, {"b", "France waits."}});
  Make("s1.db", {{"c", "France opposes the levy."}});
  ASSERT_TRUE(DoMerge({"s0.db", "s1.db"}, "plain.db").ok());
  MergeOptions bulk;
  bulk.bulk_load_documents = 1;
  ASSERT_TRUE(DoMerge({"s0.db", "s1.db"}, "bulk.db", bulk).ok());
  const char* indexes = "SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name";
  EXPECT_EQ(Rows("bulk.db", indexes), Rows("plain.db", indexes));
  EXPECT_EQ(Rows("bulk.db", "SELECT count(*) FROM sqlite_master WHERE name = 'stances_key'"),
            std::vector<std::string>{"1"});
  const char* sql =
      "SELECT d.path, s.key, s.holder FROM stances s JOIN documents d "
      "ON d.id = s.document_id ORDER BY 1";
  EXPECT_EQ(Rows("bulk.db", sql), Rows("plain.db", sql));
  EXPECT_EQ(Rows("bulk.db", sql).size(), 2u);
}

// One actor id with two definitions (a rules mistake) is listed once.
TEST_F(MergeTest, AnActorIdDefinedTwiceIsListed) {
  Make("s0.db", {{"a", "France opposes the plan."}});
  Make("s1.db", {{"b", "France waits."}});
  Make("s2.db", {{"c", "France waits again."}});
  for (const char* db : {"s1.db", "s2.db"}) {
    Exec(db, "UPDATE actors SET name = 'Frankia', type = 'organization' WHERE id = 'FRA'");
  }
  ASSERT_TRUE(DoMerge({"s0.db", "s1.db", "s2.db"}, "out.db").ok());
  EXPECT_EQ(summary_.actor_conflicts, 1);
  ASSERT_EQ(notices_.size(), 1u);
  EXPECT_NE(notices_[0].find("actor FRA is France (state) in " + Path("out.db") +
                             " and Frankia (organization) in " + Path("s1.db")),
            std::string::npos)
      << notices_[0];
  EXPECT_EQ(Rows("out.db", "SELECT count(*) FROM actors"), std::vector<std::string>{"1"});
}

TEST_F(MergeTest, MostRecentRunWinsAndIsNamed) {
  Make("old.db", {{"a", "France opposes the plan."}});
  Exec("old.db", "UPDATE runs SET started_at = '2020-01-01T00:00:00.000Z'");
  Make("new.db", {{"a", "France opposes the new plan."}});
  // In either order, the newer version stays.
  for (auto order : {std::vector<std::string>{"old.db", "new.db"},
                     std::vector<std::string>{"new.db", "old.db"}}) {
    fs::remove(Path("out.db"));
    notices_.clear();
    ASSERT_TRUE(DoMerge(order, "out.db").ok());
    EXPECT_EQ(Rows("out.db", "SELECT text FROM documents"),
              std::vector<std::string>{"France opposes the new plan."});
    ASSERT_EQ(notices_.size(), 1u);
    EXPECT_NE(notices_[0].find("a.txt is in"), std::string::npos) << notices_[0];
    EXPECT_NE(notices_[0].find("kept " + Path("new.db") + "'s"), std::string::npos) << notices_[0];
    EXPECT_EQ(Rows("out.db", "SELECT count(*) FROM stances"), std::vector<std::string>{"1"});
    EXPECT_EQ(Rows("out.db", "SELECT path FROM v_search WHERE search MATCH 'new'"),
              std::vector<std::string>{"a.txt"});
    EXPECT_EQ(Rows("out.db", "SELECT count(*) FROM v_search WHERE search MATCH 'plan'"),
              std::vector<std::string>{"1"});
  }
}

TEST_F(MergeTest, ReviewsKeepEveryDecisionAndListConflicts) {
  Make("s0.db", {{"a", "France opposes the plan."}});
  fs::copy_file(Path("s0.db"), Path("s1.db"));
  const std::string key = Rows("s0.db", "SELECT key FROM stances")[0];
  Decide("s0.db", key, "accepted", "alice", "2026-01-01T10:00:00.000Z");
  Decide("s1.db", key, "rejected", "bob", "2026-01-01T11:00:00.000Z");
  Decide("s1.db", "k-only-in-s1", "accepted", "bob", "2026-01-01T09:00:00.000Z");
  ASSERT_TRUE(DoMerge({"s0.db", "s1.db"}, "out.db").ok());
  EXPECT_EQ(summary_.review_conflicts, 1);
  EXPECT_EQ(Rows("out.db", "SELECT status, reviewer FROM reviews WHERE key = '" + key + "'"),
            std::vector<std::string>{"rejected|bob"});
  EXPECT_EQ(Rows("out.db",
                 "SELECT status, reviewer FROM review_log WHERE key = '" + key + "' ORDER BY at"),
            (std::vector<std::string>{"accepted|alice", "rejected|bob"}));
  EXPECT_EQ(Rows("out.db", "SELECT count(*) FROM reviews"), std::vector<std::string>{"2"});
  ASSERT_EQ(notices_.size(), 1u);
  EXPECT_NE(notices_[0].find("review conflict on " + key), std::string::npos) << notices_[0];
  EXPECT_NE(notices_[0].find("accepted by alice"), std::string::npos) << notices_[0];
  EXPECT_NE(notices_[0].find("rejected by bob"), std::string::npos) << notices_[0];

  // A reviewer who saw alice's decision (it is in s2's log) and changed it
  // is no conflict: the later decision becomes the status.
  fs::copy_file(Path("out.db"), Path("s2.db"));
  Decide("s2.db", key, "corrected", "carol", "2026-01-02T08:00:00.000Z");
  notices_.clear();
  ASSERT_TRUE(DoMerge({"s2.db"}, "out.db").ok());
  EXPECT_EQ(summary_.review_conflicts, 0);
  EXPECT_EQ(summary_.reviews_updated, 1);
  EXPECT_TRUE(notices_.empty());
  EXPECT_EQ(Rows("out.db", "SELECT status FROM reviews WHERE key = '" + key + "'"),
            std::vector<std::string>{"corrected"});
  EXPECT_EQ(Rows("out.db", "SELECT count(*) FROM review_log WHERE key = '" + key + "'"),
            std::vector<std::string>{"3"});
}

TEST_F(MergeTest, MixedRulesAreRefusedWithTheFilesNamed) {
  Make("s0.db", {{"a", "France opposes the plan."}}, "rules-1");
  Make("s1.db", {{"b", "France opposes the levy."}}, "rules-2");
  Status s = DoMerge({"s0.db", "s1.db"}, "out.db");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("different rules"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find(Path("s1.db")), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("rule files that differ: r/b.yaml"), std::string::npos) << s.message();
  EXPECT_FALSE(fs::exists(Path("out.db")));
  EXPECT_FALSE(fs::exists(Path("out.db.merging")));

  MergeOptions allow;
  allow.allow_mixed_rules = true;
  ASSERT_TRUE(DoMerge({"s0.db", "s1.db"}, "out.db", allow).ok());
  EXPECT_EQ(Rows("out.db",
                 "SELECT json_extract(options, '$.allow_mixed_rules'), "
                 "rules_fingerprint FROM runs WHERE json_extract(options, '$.command') = 'merge'"),
            std::vector<std::string>{"1|mixed:rules-1,rules-2"});
}

TEST_F(MergeTest, AnInterruptedMergeLeavesTheOutputAsItWas) {
  Make("out.db", {{"a", "France opposes the plan."}});
  Exec("out.db", "UPDATE runs SET started_at = '2020-01-01T00:00:00.000Z'");
  Make("s0.db", {{"b", "France waits."}, {"a", "France opposes the new plan."}});
  std::vector<std::string> before = Dump("out.db");
  std::atomic<bool> stop{false};
  MergeOptions options;
  options.batch_documents = 1;
  options.stop = &stop;
  std::vector<std::string> inputs = {Path("s0.db")};
  options.notice = [&](const std::string&) { stop = true; };  // stop at the duplicate
  Status s = Merge(inputs, Path("out.db"), options, &summary_);
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(summary_.interrupted);
  EXPECT_EQ(summary_.documents_new, 1);  // b went in before the stop, and was rolled back
  EXPECT_EQ(Dump("out.db"), before);
}

TEST_F(MergeTest, SchemaVersions) {
  Make("s0.db", {{"a", "France opposes the plan."}});
  fs::copy_file(Path("s0.db"), Path("old.db"));
  // A version 4 database: no document_meta (nor the views on it).
  Exec("old.db",
       "UPDATE documents SET abs_path = '/corpus/old.txt', path = 'old.txt'; "
       "DROP VIEW v_documents; DROP VIEW v_stances; DROP VIEW v_claims; "
       "DROP TABLE document_meta; PRAGMA user_version = 4");
  ASSERT_TRUE(DoMerge({"s0.db", "old.db"}, "out.db").ok()) << summary_.documents_new;
  EXPECT_EQ(Rows("out.db", "SELECT path, source FROM v_documents ORDER BY path"),
            (std::vector<std::string>{"a.txt|Wire", "old.txt|NULL"}));
  EXPECT_EQ(Rows("old.db", "PRAGMA user_version"), std::vector<std::string>{"4"});

  Exec("old.db", "PRAGMA user_version = 99");
  std::vector<std::string> before = Dump("out.db");
  Status s = DoMerge({"s0.db", "old.db"}, "out.db");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("schema version 99"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("newer argx"), std::string::npos) << s.message();
  EXPECT_EQ(Dump("out.db"), before);
}

TEST_F(MergeTest, RefusesTheOutputAsInput) {
  Make("s0.db", {{"a", "France opposes the plan."}});
  Status s = DoMerge({"s0.db"}, "s0.db");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("is the output database"), std::string::npos) << s.message();
  EXPECT_FALSE(DoMerge({"missing.db"}, "out.db").ok());
  EXPECT_FALSE(fs::exists(Path("out.db")));
}

}  // namespace
}  // namespace argx::store
