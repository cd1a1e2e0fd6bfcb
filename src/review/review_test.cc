#include "review/review.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <string>
#include <vector>

#include "review/report.h"

namespace argx::review {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kText[] = "France opposes the plan. Germany said that the deal will fail.";

extract::Actor France() { return {"FRA", "France", "state", "", "countries"}; }
extract::Actor Germany() { return {"DEU", "Germany", "state", "", "countries"}; }

store::Document Doc(const std::string& text = kText, const std::string& hash = "h1") {
  store::Document d;
  d.path = "a.txt";
  d.abs_path = "/in/a.txt";
  d.content_hash = hash;
  d.size_bytes = static_cast<int64_t>(text.size());
  d.encoding = "UTF-8";
  d.text = text;
  d.sentences = {{0, 24}, {25, 62}};
  d.rules_fingerprint = "r1";
  return d;
}

extract::Extractions Ex(const std::string& target = "the plan") {
  extract::Extractions ex;
  ex.actors.push_back({0, {0, 6}, "France", France(), "lexicon:countries"});
  ex.actors.push_back({1, {25, 32}, "Germany", Germany(), "lexicon:countries"});
  extract::Stance st;
  st.sentence = 0;
  st.span = {0, 23};
  st.text = "France opposes the plan";
  st.holder = France();
  st.holder_text = "France";
  st.holder_span = {0, 6};
  st.polarity = "oppose";
  st.target = target;
  st.target_span = {15, 23};
  st.cue = "opposes";
  st.cue_span = {7, 14};
  st.rule = "stance.verb.oppose";
  ex.stances.push_back(st);
  extract::Claim c;
  c.sentence = 1;
  c.span = {33, 61};
  c.text = "said that the deal will fail";
  c.claimant = Germany();
  c.claimant_text = "Germany";
  c.claimant_span = {25, 32};
  c.claim_type = "prediction";
  c.cue = "said that";
  c.cue_span = {33, 42};
  c.content = "the deal will fail";
  c.content_span = {43, 61};
  c.rule = "claim.attr.that";
  ex.claims.push_back(c);
  return ex;
}

class ReviewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::unique_ptr<store::Store> st;
    ASSERT_TRUE(store::Store::Open(":memory:", {}, &st).ok());
    ASSERT_TRUE(st->BeginRun({"t", "r1", "{}"}, &run_).ok());
    ASSERT_TRUE(st->PutDocument(run_, Doc(), Ex(), nullptr).ok());
    db_ = std::make_unique<ReviewDb>(std::move(st));
  }

  std::string Scalar(const std::string& sql) {
    sqlite3_stmt* q = nullptr;
    std::string out = "<error>";
    if (sqlite3_prepare_v2(db_->store()->handle(), sql.c_str(), -1, &q, nullptr) == SQLITE_OK) {
      int rc = sqlite3_step(q);
      if (rc == SQLITE_ROW) {
        const char* t = reinterpret_cast<const char*>(sqlite3_column_text(q, 0));
        out = t ? t : "NULL";
      } else if (rc == SQLITE_DONE) {
        out = "<none>";
      }
    }
    sqlite3_finalize(q);
    return out;
  }

  Item Only(const std::string& kind) {
    std::vector<Item> items;
    Filter f;
    f.kinds = {kind};
    f.pending_only = false;
    EXPECT_TRUE(db_->Queue(f, &items).ok());
    EXPECT_EQ(items.size(), 1u);
    return items.empty() ? Item{} : items[0];
  }

  int64_t run_ = 0;
  std::unique_ptr<ReviewDb> db_;
};

TEST_F(ReviewTest, QueueShowsItemsWithSentenceAndMarks) {
  std::vector<Item> items;
  ASSERT_TRUE(db_->Queue({}, &items).ok());
  ASSERT_EQ(items.size(), 4u);  // 2 mentions, 1 stance, 1 claim; stance first at offset 0
  EXPECT_EQ(items[0].kind, "stance");
  EXPECT_EQ(items[1].kind, "actor");
  Item st = items[0];
  EXPECT_EQ(st.sentence_text, "France opposes the plan.");
  EXPECT_EQ(st.status, "pending");
  ASSERT_EQ(st.marks.size(), 3u);
  EXPECT_EQ(st.marks[0].role, "holder");
  EXPECT_EQ(st.sentence_text.substr(st.marks[1].begin, st.marks[1].end - st.marks[1].begin),
            "opposes");
  EXPECT_EQ(st.sentence_text.substr(st.marks[2].begin, st.marks[2].end - st.marks[2].begin),
            "the plan");
  Item claim = Only("claim");
  EXPECT_EQ(claim.sentence_text, "Germany said that the deal will fail.");
  EXPECT_EQ(claim.Field("content"), "the deal will fail");
  EXPECT_EQ(claim.key, store::Store::Key("h1", Ex().claims[0]));

  // Filters.
  Filter f;
  f.actor = "germany";
  ASSERT_TRUE(db_->Queue(f, &items).ok());
  ASSERT_EQ(items.size(), 2u);  // the claim and the mention
  f = {};
  f.rule = "stance";  // a dotted prefix
  ASSERT_TRUE(db_->Queue(f, &items).ok());
  ASSERT_EQ(items.size(), 1u);
  f.rule = "stance.verb.opp";  // not at a dot: no match
  ASSERT_TRUE(db_->Queue(f, &items).ok());
  EXPECT_TRUE(items.empty());
  f = {};
  f.doc = "b.txt";
  ASSERT_TRUE(db_->Queue(f, &items).ok());
  EXPECT_TRUE(items.empty());
}

TEST_F(ReviewTest, DecisionsAreStoredAndLeaveTheQueue) {
  Item st = Only("stance");
  DecideOptions o;
  o.note = "right";
  o.reviewer = "ana";
  ASSERT_TRUE(db_->Decide(st.key, "accepted", o).ok());
  std::vector<Item> items;
  Filter f;
  f.kinds = {"stance", "claim"};
  ASSERT_TRUE(db_->Queue(f, &items).ok());
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].kind, "claim");
  Item got;
  bool found = false;
  ASSERT_TRUE(db_->Get(st.key, &got, &found).ok());
  ASSERT_TRUE(found);
  EXPECT_EQ(got.status, "accepted");
  EXPECT_EQ(got.note, "right");
  EXPECT_EQ(got.reviewer, "ana");
  EXPECT_THAT(got.reviewed_at, HasSubstr("T"));
  EXPECT_EQ(Scalar("SELECT status FROM v_stances"), "accepted");
  EXPECT_EQ(Scalar("SELECT count(*) FROM review_log"), "1");

  // A note alone keeps the status; a later decision keeps the note.
  ASSERT_TRUE(db_->SetNote(st.key, "still right", "bo").ok());
  ASSERT_TRUE(db_->Decide(st.key, "rejected", {}).ok());
  ASSERT_TRUE(db_->Get(st.key, &got, &found).ok());
  EXPECT_EQ(got.status, "rejected");
  EXPECT_EQ(got.note, "still right");
  EXPECT_EQ(Scalar("SELECT count(*) FROM review_log"), "3");
  // Extraction rows are untouched.
  EXPECT_EQ(Scalar("SELECT count(*) FROM stances"), "1");
  EXPECT_EQ(Scalar("SELECT target FROM stances"), "the plan");
}

TEST_F(ReviewTest, CorrectionsAreValidatedAndShownInTheViews) {
  Item st = Only("stance");
  DecideOptions o;
  o.corrected = {{"target", "the new plan"}};
  ASSERT_TRUE(db_->Decide(st.key, "corrected", o).ok());
  EXPECT_EQ(Scalar("SELECT target || '|' || status FROM v_stances"), "the new plan|corrected");
  o.corrected = {{"polarity", "support"}};
  ASSERT_TRUE(db_->Decide(st.key, "corrected", o).ok());  // merged with the target
  EXPECT_EQ(Scalar("SELECT polarity || '|' || target FROM v_stances"), "support|the new plan");
  EXPECT_EQ(Scalar("SELECT polarity FROM stances"), "oppose");

  o.corrected = {{"polarity", "neutral"}};
  Status s = db_->Decide(st.key, "corrected", o);
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(s.message(), HasSubstr("support or oppose"));
  o.corrected = {{"content", "x"}};
  s = db_->Decide(st.key, "corrected", o);
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(s.message(), HasSubstr("no field 'content'"));
  EXPECT_FALSE(db_->Decide(st.key, "corrected", {}).ok());
  EXPECT_FALSE(db_->Decide(st.key, "maybe", {}).ok());
  EXPECT_FALSE(db_->Decide("0000000000000000000000000000dead", "accepted", {}).ok());

  // Accepting drops the correction.
  ASSERT_TRUE(db_->Decide(st.key, "accepted", {}).ok());
  EXPECT_EQ(Scalar("SELECT target FROM v_stances"), "the plan");
}

TEST_F(ReviewTest, NotesAreStoredVerbatim) {
  Item st = Only("stance");
  const std::string evil = "'); drop table stances; --";
  DecideOptions o;
  o.note = evil;
  ASSERT_TRUE(db_->Decide(st.key, "rejected", o).ok());
  EXPECT_EQ(Scalar("SELECT note FROM reviews"), evil);
  EXPECT_EQ(Scalar("SELECT count(*) FROM stances"), "1");
  o.corrected = {{"target", "\"; DELETE FROM reviews; --"}};
  ASSERT_TRUE(db_->Decide(st.key, "corrected", o).ok());
  EXPECT_EQ(Scalar("SELECT target FROM v_stances"), "\"; DELETE FROM reviews; --");
}

TEST_F(ReviewTest, ResolvesUniqueKeyPrefixes) {
  Item st = Only("stance");
  std::string key;
  ASSERT_TRUE(db_->Resolve(st.key.substr(0, 8), &key).ok());
  EXPECT_EQ(key, st.key);
  std::string upper = st.key.substr(0, 10);
  for (char& c : upper) c = static_cast<char>(std::toupper(c));
  ASSERT_TRUE(db_->Resolve(upper, &key).ok());
  EXPECT_EQ(key, st.key);
  Status s = db_->Resolve("zzzz", &key);
  EXPECT_THAT(s.message(), HasSubstr("not an extraction key"));
  s = db_->Resolve("abc", &key);  // too short
  EXPECT_FALSE(s.ok());
  // 4 keys share no long prefix; some single hex digit is shared by none.
  std::vector<Item> all;
  ASSERT_TRUE(db_->Queue({}, &all).ok());
  for (char c : std::string("0123456789abcdef")) {
    std::string p(4, c);
    bool used = false;
    for (const Item& i : all) used |= i.key.rfind(p, 0) == 0;
    if (!used) {
      EXPECT_THAT(db_->Resolve(p, &key).message(), HasSubstr("no extraction with key"));
      break;
    }
  }
}

TEST_F(ReviewTest, DecisionsSurviveReExtractionOrBecomeOrphaned) {
  Item st = Only("stance");
  Item claim = Only("claim");
  ASSERT_TRUE(db_->Decide(st.key, "rejected", {}).ok());
  ASSERT_TRUE(db_->Decide(claim.key, "accepted", {}).ok());
  // Same text, rules changed: the stance's target differs (new key), the claim
  // comes back unchanged.
  ASSERT_TRUE(db_->store()->PutDocument(run_, Doc(), Ex("the plan."), nullptr).ok());
  EXPECT_EQ(Scalar("SELECT count(*) FROM reviews"), "2");
  EXPECT_EQ(Scalar("SELECT state FROM v_reviews WHERE key = '" + st.key + "'"), "orphaned");
  EXPECT_EQ(Scalar("SELECT state FROM v_reviews WHERE key = '" + claim.key + "'"), "accepted");
  EXPECT_EQ(Scalar("SELECT status FROM v_claims"), "accepted");
  EXPECT_EQ(Scalar("SELECT status FROM v_stances"), "pending");

  // The orphaned decision stays readable from its snapshot.
  Item orphan;
  bool found = false;
  ASSERT_TRUE(db_->Get(st.key, &orphan, &found).ok());
  ASSERT_TRUE(found);
  EXPECT_TRUE(orphan.orphaned);
  EXPECT_EQ(orphan.status, "rejected");
  EXPECT_EQ(orphan.sentence_text, "France opposes the plan.");
  EXPECT_EQ(orphan.Field("target"), "the plan");
  ASSERT_EQ(orphan.marks.size(), 3u);

  StatusReport r;
  ASSERT_TRUE(db_->Report(&r).ok());
  EXPECT_EQ(r.all.orphaned, 1);
  EXPECT_EQ(r.all.accepted, 1);
  EXPECT_EQ(r.all.rejected, 0);  // the rejected one is no longer extracted
  EXPECT_EQ((r.by_rule[{"claim", "claim.attr.that"}].precision()), 1.0);
  EXPECT_EQ((r.by_rule[{"stance", "stance.verb.oppose"}].orphaned), 1);
  EXPECT_LT((r.by_rule[{"stance", "stance.verb.oppose"}].precision()), 0);

  // The old extraction comes back: so does its decision.
  ASSERT_TRUE(db_->store()->PutDocument(run_, Doc(), Ex(), nullptr).ok());
  EXPECT_EQ(Scalar("SELECT status FROM v_stances"), "rejected");
  ASSERT_TRUE(db_->Report(&r).ok());
  EXPECT_EQ(r.all.orphaned, 0);
  EXPECT_EQ((r.by_rule[{"stance", "stance.verb.oppose"}].precision()), 0.0);
}

TEST_F(ReviewTest, ViewsAnswerQuestions) {
  EXPECT_EQ(Scalar("SELECT path || '|' || sentence_text || '|' || holder || '|' || polarity || "
                   "'|' || target || '|' || cue || '|' || rule || '|' || status FROM v_stances "
                   "WHERE holder = 'France'"),
            "a.txt|France opposes the plan.|France|oppose|the plan|opposes|stance.verb.oppose|"
            "pending");
  EXPECT_EQ(Scalar("SELECT claimant || '|' || claim_type || '|' || content FROM v_claims"),
            "Germany|prediction|the deal will fail");
  EXPECT_EQ(Scalar("SELECT mentions || '|' || opposes || '|' || claims FROM v_actors WHERE name "
                   "= 'France'"),
            "1|1|0");
  EXPECT_EQ(Scalar("SELECT claims FROM v_actors WHERE id = 'DEU'"), "1");
  EXPECT_EQ(Scalar("SELECT count(*) FROM v_review_queue"), "4");
  EXPECT_EQ(Scalar("SELECT summary FROM v_review_queue WHERE kind = 'stance'"),
            "France opposes the plan");
  EXPECT_EQ(Scalar("SELECT count(*) FROM v_mentions WHERE actor = 'Germany'"), "1");
}

TEST_F(ReviewTest, FullTextSearchFollowsReplacedDocuments) {
  EXPECT_EQ(Scalar("SELECT text FROM v_search WHERE search MATCH 'deal'"),
            "Germany said that the deal will fail.");
  std::string other = "Brazil welcomes the treaty. Chile says that the pact will hold firm.";
  store::Document d = Doc(other, "h2");
  d.sentences = {{0, 27}, {28, static_cast<uint32_t>(other.size())}};
  ASSERT_TRUE(db_->store()->PutDocument(run_, d, {}, nullptr).ok());
  // The index has no trace of the old text (contentless: checked on the table).
  EXPECT_EQ(Scalar("SELECT count(*) FROM sentence_search WHERE sentence_search MATCH 'deal'"), "0");
  EXPECT_EQ(Scalar("SELECT count(*) FROM sentence_search WHERE sentence_search MATCH 'france'"),
            "0");
  EXPECT_EQ(Scalar("SELECT path || ':' || n FROM v_search WHERE search MATCH 'pact'"), "a.txt:1");
  EXPECT_EQ(Scalar("SELECT count(*) FROM v_search WHERE search MATCH 'treaty OR pact'"), "2");
}

TEST_F(ReviewTest, ExportExamplesWritesMatchAndNoMatch) {
  Item st = Only("stance");
  Item claim = Only("claim");
  ASSERT_TRUE(db_->Decide(st.key, "accepted", {}).ok());
  ASSERT_TRUE(db_->Decide(claim.key, "rejected", {}).ok());
  std::string yaml;
  ExportSummary sum;
  ExportOptions o;
  o.rule = "stance.verb.oppose";
  o.format = "examples";
  ASSERT_TRUE(db_->ExportExamples(o, &yaml, &sum).ok());
  EXPECT_EQ(sum.match, 1);
  YAML::Node n = YAML::Load(yaml);
  ASSERT_TRUE(n["examples"]["match"].IsSequence());
  EXPECT_EQ(n["examples"]["match"][0]["text"].as<std::string>(), "France opposes the plan.");
  EXPECT_EQ(n["examples"]["match"][0]["expect"]["holder"].as<std::string>(), "France");
  EXPECT_EQ(n["examples"]["match"][0]["expect"]["target"].as<std::string>(), "the plan");
  EXPECT_FALSE(n["examples"]["no_match"]);

  o.rule = "claim.attr.that";
  ASSERT_TRUE(db_->ExportExamples(o, &yaml, &sum).ok());
  n = YAML::Load(yaml);
  EXPECT_EQ(sum.no_match, 1);
  EXPECT_EQ(n["examples"]["no_match"][0].as<std::string>(),
            "Germany said that the deal will fail.");

  // Format "rule" needs the rule's definition.
  o.format = "rule";
  o.rule_paths = {"/nonexistent"};
  Status s = db_->ExportExamples(o, &yaml, &sum);
  EXPECT_THAT(s.message(), HasSubstr("is not in the rule files"));
}

TEST(ReviewSchemaTest, UpgradesAVersionOneDatabase) {
  std::string path = ::testing::TempDir() + "/review_upgrade.db";
  std::filesystem::remove(path);
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  std::string v1(store::SchemaSqlSection(1));
  ASSERT_THAT(v1, HasSubstr("PRAGMA user_version = 1;"));
  ASSERT_THAT(v1, Not(HasSubstr("reviews")));
  ASSERT_EQ(sqlite3_exec(raw, v1.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  const char* fill =
      "INSERT INTO runs (started_at, argx_version, rules_fingerprint, options) "
      "VALUES ('x', 'x', 'x', '{}');"
      "INSERT INTO documents (path, abs_path, content_hash, size_bytes, encoding, text, "
      "sentences, rules_fingerprint, run_id, extracted_at) VALUES ('a.txt', '/a.txt', 'h', 9, "
      "'UTF-8', 'Old text. Veto here.', 2, 'r', 1, 'x');"
      "INSERT INTO sentences VALUES (1, 0, 0, 9), (1, 1, 10, 20);";
  ASSERT_EQ(sqlite3_exec(raw, fill, nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(raw);

  // Read-only leaves it at version 1; read-write upgrades it.
  std::unique_ptr<store::Store> st;
  ASSERT_TRUE(store::Store::Open(path, {.read_only = true}, &st).ok());
  EXPECT_EQ(st->SchemaVersion(), 1);
  st.reset();
  std::unique_ptr<ReviewDb> db;
  Status s = ReviewDb::Open(path, &db);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(db->store()->SchemaVersion(), store::kSchemaVersion);
  std::vector<Item> items;
  ASSERT_TRUE(db->Queue({}, &items).ok());
  EXPECT_TRUE(items.empty());
  sqlite3_stmt* q = nullptr;
  ASSERT_EQ(
      sqlite3_prepare_v2(db->store()->handle(),
                         "SELECT text FROM v_search WHERE search MATCH 'veto'", -1, &q, nullptr),
      SQLITE_OK);
  ASSERT_EQ(sqlite3_step(q), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(q, 0)), "Veto here.");
  sqlite3_finalize(q);
  db.reset();
  std::filesystem::remove(path);

  EXPECT_FALSE(ReviewDb::Open(path, &db).ok());  // a missing database is not created
}

TEST(RenderTest, PlainBracketsOrColours) {
  Item it;
  it.kind = "stance";
  it.key = "0123456789abcdef0123456789abcdef";
  it.rule = "r";
  it.path = "a.txt";
  it.sentence_text = "France opposes the plan.";
  it.fields = {{"holder", "France"}, {"polarity", "oppose"}, {"target", "the plan"}};
  it.marks = {{"holder", 0, 6}, {"cue", 7, 14}, {"target", 15, 23}};
  std::string plain = RenderItem(it, false);
  EXPECT_THAT(plain, HasSubstr("[France] <opposes> {the plan}."));
  EXPECT_THAT(plain, Not(HasSubstr("\x1b[")));
  EXPECT_THAT(plain, HasSubstr("key 0123456789\n"));
  std::string color = RenderItem(it, true);
  EXPECT_THAT(color, HasSubstr("\x1b[1;36mFrance\x1b[0m"));
  EXPECT_THAT(color, HasSubstr("\x1b[1;33mopposes\x1b[0m"));
  it.corrected["target"] = "the other plan";
  EXPECT_THAT(RenderItem(it, false), HasSubstr("the other plan   (extracted: the plan)"));
  EXPECT_EQ(Summary(it), "France opposes the other plan");
}

}  // namespace
}  // namespace argx::review
