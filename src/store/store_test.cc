#include "store/store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "store/sha256.h"

namespace argx::store {
namespace {

// Sentence 0 is [0, 24), sentence 1 is [25, 53); offsets in code points.
constexpr char kText[] = "France opposes the plan. Paris said it would veto it.";

Document MakeDocument(const std::string& text = kText) {
  Document d;
  d.path = "a/doc.txt";
  d.abs_path = "/data/a/doc.txt";
  d.content_hash = Sha256Hex(text);
  d.size_bytes = static_cast<int64_t>(text.size());
  d.encoding = "UTF-8";
  d.text = text;
  d.sentences = {{0, 24}, {25, 53}};
  d.rules_fingerprint = "rules-v1";
  return d;
}

extract::Actor France() { return {"FRA", "France", "state", "", "countries"}; }

extract::Extractions MakeExtractions() {
  extract::Extractions ex;
  ex.actors.push_back({0, {0, 6}, "France", France(), "lexicon:countries"});
  extract::Stance st;
  st.sentence = 0;
  st.span = {0, 23};
  st.text = "France opposes the plan";
  st.holder = France();
  st.holder_text = "France";
  st.holder_span = {0, 6};
  st.polarity = "oppose";
  st.target = "the plan";
  st.target_span = {15, 23};
  st.cue = "opposes";
  st.cue_span = {7, 14};
  st.rule = "stance.oppose";
  ex.stances.push_back(st);
  extract::Claim c;
  c.sentence = 1;
  c.span = {25, 52};
  c.text = "Paris said it would veto it";
  c.claimant = {"FRA", "France", "state", "", "countries"};
  c.claimant_text = "Paris";
  c.claimant_span = {25, 30};
  c.claim_type = "prediction";
  c.cue = "said";
  c.cue_span = {31, 35};
  c.content = "it would veto it";
  c.content_span = {36, 52};
  c.hedges = {"would"};
  c.rule = "claim.said";
  ex.claims.push_back(c);
  extract::Claim author;
  author.sentence = 0;
  author.span = {0, 24};
  author.text = "France opposes the plan.";
  author.by_author = true;
  author.claim_type = "assertion";
  author.rule = "claim.author";
  ex.claims.push_back(author);
  return ex;
}

// The single integer `sql` returns.
int64_t Count(Store* db, const char* sql) {
  sqlite3_stmt* q = nullptr;
  int64_t n = -1;
  if (sqlite3_prepare_v2(db->handle(), sql, -1, &q, nullptr) == SQLITE_OK &&
      sqlite3_step(q) == SQLITE_ROW) {
    n = sqlite3_column_int64(q, 0);
  }
  sqlite3_finalize(q);
  return n;
}

std::unique_ptr<Store> OpenMemory() {
  std::unique_ptr<Store> db;
  Status s = Store::Open(":memory:", {}, &db);
  EXPECT_TRUE(s.ok()) << s.message();
  return db;
}

// Counts every row through the store's public reading API.
struct Counts {
  size_t documents = 0, sentences = 0, actors = 0, stances = 0, claims = 0;
};
Counts CountAll(Store* db) {
  Counts c;
  std::vector<StoredDocument> docs;
  EXPECT_TRUE(db->ListDocuments(&docs).ok());
  c.documents = docs.size();
  for (const auto& d : docs) {
    std::vector<SentenceSpan> sentences;
    EXPECT_TRUE(db->ReadSentences(d.id, &sentences).ok());
    extract::Extractions ex;
    EXPECT_TRUE(db->ReadExtractions(d.id, &ex, nullptr).ok());
    c.sentences += sentences.size();
    c.actors += ex.actors.size();
    c.stances += ex.stances.size();
    c.claims += ex.claims.size();
  }
  return c;
}

TEST(StoreTest, NewDatabaseHasTheSchemaVersion) {
  auto db = OpenMemory();
  EXPECT_EQ(db->SchemaVersion(), kSchemaVersion);
  EXPECT_NE(SchemaSql().find("CREATE TABLE documents"), std::string_view::npos);
}

// docs/database.md describes every table and view a user queries, each
// column named in backquotes in its section (the one whose heading names
// the table). Adding a column without documenting it fails here.
TEST(StoreTest, DatabaseDocDescribesEveryColumn) {
  std::ifstream in(std::string(ARGX_SOURCE_DIR) + "/docs/database.md");
  ASSERT_TRUE(in) << "docs/database.md";
  // Heading line "### name[, name] — ..." -> the text up to the next heading.
  std::map<std::string, std::string> section;
  std::vector<std::string> open;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("### ", 0) == 0) {
      open.clear();
      std::string names = line.substr(
          4, line.find(" — ") == std::string::npos ? std::string::npos : line.find(" — ") - 4);
      std::stringstream ss(names);
      std::string n;
      while (std::getline(ss, n, ',')) {
        n.erase(0, n.find_first_not_of(' '));
        n.erase(n.find_last_not_of(' ') + 1);
        open.push_back(n);
      }
      continue;
    }
    if (line.rfind("## ", 0) == 0) open.clear();
    for (const std::string& n : open) section[n] += line + "\n";
  }
  // The schema a new database gets (Store::Open applies the same text).
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(":memory:", &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, std::string(SchemaSql()).c_str(), nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_stmt* objects = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(raw,
                               "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                               "AND name NOT LIKE 'sentence_search%' AND name != "
                               "'search_unindexed' ORDER BY name",
                               -1, &objects, nullptr),
            SQLITE_OK);
  int checked = 0;
  while (sqlite3_step(objects) == SQLITE_ROW) {
    std::string name = reinterpret_cast<const char*>(sqlite3_column_text(objects, 0));
    ASSERT_TRUE(section.count(name)) << "docs/database.md has no section for " << name;
    sqlite3_stmt* cols = nullptr;
    std::string q = "SELECT name FROM pragma_table_info('" + name + "')";
    ASSERT_EQ(sqlite3_prepare_v2(raw, q.c_str(), -1, &cols, nullptr), SQLITE_OK);
    while (sqlite3_step(cols) == SQLITE_ROW) {
      std::string col = reinterpret_cast<const char*>(sqlite3_column_text(cols, 0));
      EXPECT_NE(section[name].find("`" + col + "`"), std::string::npos)
          << "docs/database.md does not describe " << name << "." << col;
      ++checked;
    }
    sqlite3_finalize(cols);
  }
  sqlite3_finalize(objects);
  sqlite3_close(raw);
  EXPECT_GT(checked, 100);
}

TEST(StoreTest, RefusesAnUnknownSchemaVersion) {
  std::string path = ::testing::TempDir() + "/store_test_version.db";
  std::remove(path.c_str());
  {
    std::unique_ptr<Store> db;
    ASSERT_TRUE(Store::Open(path, {}, &db).ok());
  }
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "PRAGMA user_version = 99", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(raw);
  std::unique_ptr<Store> db;
  Status s = Store::Open(path, {}, &db);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("schema version 99"), std::string::npos) << s.message();
  std::remove(path.c_str());
}

TEST(StoreTest, ReadOnlyOpenOfAMissingFileFails) {
  std::unique_ptr<Store> db;
  Status s = Store::Open(::testing::TempDir() + "/does-not-exist.db", {.read_only = true}, &db);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("no such database"), std::string::npos) << s.message();
}

// A value the schema refuses loses that one extraction, with a message, and
// keeps the document and every other extraction.
TEST(StoreTest, ARefusedExtractionLeavesTheRestStored) {
  auto db = OpenMemory();
  int64_t run = 0;
  ASSERT_TRUE(db->BeginRun({"0.1.0", "rules-v1", "{}"}, &run).ok());
  extract::Extractions ex = MakeExtractions();
  ex.stances.push_back(ex.stances[0]);
  ex.stances[1].polarity = "neutral";
  ex.stances[1].rule = "stance.bad";
  ex.claims[1].claim_type = "threat";
  std::vector<std::string> lost;
  int64_t id = 0;
  Status s = db->PutDocument(run, MakeDocument(), ex, &id, &lost);
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(lost.size(), 2u);
  EXPECT_EQ(lost[0].rfind("stance 1 (rule stance.bad, sentence 0): CHECK constraint failed", 0), 0u)
      << lost[0];
  EXPECT_EQ(lost[1].rfind("claim 1 (rule claim.author, sentence 0): CHECK constraint failed", 0),
            0u)
      << lost[1];
  Counts c = CountAll(db.get());
  EXPECT_EQ(c.documents, 1u);
  EXPECT_EQ(c.actors, 1u);
  EXPECT_EQ(c.stances, 1u);
  EXPECT_EQ(c.claims, 1u);
}

// Mentions and sentences are written several to a statement: a refused
// mention among them is still the only one left out, and the rest keep
// their order; a refused sentence among them still fails the document.
TEST(StoreTest, RowsWrittenInGroupsKeepTheirOrderAndRefusals) {
  auto db = OpenMemory();
  int64_t run = 0;
  ASSERT_TRUE(db->BeginRun({"0.1.0", "rules-v1", "{}"}, &run).ok());
  const std::string text(200, 'x');
  Document doc = MakeDocument(text);
  doc.sentences.clear();
  for (uint32_t n = 0; n < 40; ++n) doc.sentences.push_back({5 * n, 5 * n + 4});
  extract::Extractions ex;
  for (uint32_t i = 0; i < 40; ++i) {
    ex.actors.push_back({i, {5 * i, 5 * i + 1}, "x", France(), "rule" + std::to_string(i)});
  }
  ex.actors[20].span = {101, 100};  // start > end: the schema refuses it
  const extract::Extractions one = MakeExtractions();
  for (uint32_t i = 0; i < 20; ++i) {
    ex.stances.push_back(one.stances[0]);
    ex.stances.back().rule = "stance" + std::to_string(i);
    ex.claims.push_back(one.claims[0]);
    ex.claims.back().rule = "claim" + std::to_string(i);
    ex.claims.back().hedges = {"h" + std::to_string(i)};
  }
  ex.stances[5].polarity = "neutral";  // refused
  ex.claims[3].claim_type = "threat";  // refused
  std::vector<std::string> lost;
  int64_t id = 0;
  Status s = db->PutDocument(run, doc, ex, &id, &lost);
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(lost.size(), 3u);
  EXPECT_EQ(
      lost[0].rfind("actor mention 20 (rule rule20, sentence 20): CHECK constraint failed", 0), 0u)
      << lost[0];
  EXPECT_EQ(lost[1].rfind("stance 5 (rule stance5, sentence 0): CHECK constraint failed", 0), 0u)
      << lost[1];
  EXPECT_EQ(lost[2].rfind("claim 3 (rule claim3, sentence 1): CHECK constraint failed", 0), 0u)
      << lost[2];
  extract::Extractions back;
  ExtractionKeys keys;
  ASSERT_TRUE(db->ReadExtractions(id, &back, &keys).ok());
  ASSERT_EQ(back.actors.size(), 39u);
  for (size_t k = 0; k < back.actors.size(); ++k) {
    const uint32_t i = static_cast<uint32_t>(k < 20 ? k : k + 1);
    EXPECT_EQ(back.actors[k].rule, "rule" + std::to_string(i));
    EXPECT_EQ(back.actors[k].span.begin, 5 * i);
  }
  ASSERT_EQ(back.stances.size(), 19u);
  ASSERT_EQ(back.claims.size(), 19u);
  for (size_t k = 0; k < 19; ++k) {
    const size_t stance = k < 5 ? k : k + 1, claim = k < 3 ? k : k + 1;
    EXPECT_EQ(back.stances[k].rule, "stance" + std::to_string(stance));
    EXPECT_EQ(back.claims[k].rule, "claim" + std::to_string(claim));
    EXPECT_EQ(back.claims[k].hedges, std::vector<std::string>{"h" + std::to_string(claim)});
  }
  std::vector<SentenceSpan> sentences;
  ASSERT_TRUE(db->ReadSentences(id, &sentences).ok());
  ASSERT_EQ(sentences.size(), 40u);
  for (uint32_t n = 0; n < 40; ++n) EXPECT_EQ(sentences[n].start, 5 * n);

  doc.abs_path = "/data/other.txt";
  doc.sentences[17] = {53, 30};  // start > end
  s = db->PutDocument(run, doc, ex, nullptr);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("CHECK"), std::string::npos) << s.message();
  EXPECT_EQ(CountAll(db.get()).documents, 1u);
}

TEST(StoreTest, PutDocumentRoundTrips) {
  auto db = OpenMemory();
  int64_t run = 0;
  ASSERT_TRUE(db->BeginRun({"0.1.0", "rules-v1", "{}"}, &run).ok());
  Document doc = MakeDocument();
  extract::Extractions ex = MakeExtractions();
  int64_t id = 0;
  Status s = db->PutDocument(run, doc, ex, &id);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_GT(id, 0);

  StoredDocument stored;
  bool found = false;
  ASSERT_TRUE(db->FindDocument("/data/a/doc.txt", &stored, &found).ok());
  ASSERT_TRUE(found);
  EXPECT_EQ(stored.id, id);
  EXPECT_EQ(stored.path, "a/doc.txt");
  EXPECT_EQ(stored.content_hash, doc.content_hash);
  EXPECT_EQ(stored.rules_fingerprint, "rules-v1");
  EXPECT_EQ(stored.sentences, 2);

  std::string text;
  ASSERT_TRUE(db->DocumentText(id, &text).ok());
  EXPECT_EQ(text, kText);
  std::vector<SentenceSpan> sentences;
  ASSERT_TRUE(db->ReadSentences(id, &sentences).ok());
  ASSERT_EQ(sentences.size(), 2u);
  EXPECT_EQ(sentences[1].start, 25u);
  EXPECT_EQ(sentences[1].end, 53u);

  extract::Extractions back;
  ExtractionKeys keys;
  ASSERT_TRUE(db->ReadExtractions(id, &back, &keys).ok());
  ASSERT_EQ(back.actors.size(), 1u);
  EXPECT_EQ(back.actors[0].actor.name, "France");
  EXPECT_EQ(back.actors[0].actor.type, "state");
  EXPECT_EQ(back.actors[0].span.end, 6u);
  ASSERT_EQ(back.stances.size(), 1u);
  EXPECT_EQ(back.stances[0].holder.id, "FRA");
  EXPECT_EQ(back.stances[0].polarity, "oppose");
  EXPECT_EQ(back.stances[0].target_span.begin, 15u);
  EXPECT_EQ(back.stances[0].cue, "opposes");
  ASSERT_EQ(back.claims.size(), 2u);
  // Ordered by start: the author's claim (0) before Paris's (25).
  EXPECT_TRUE(back.claims[0].by_author);
  EXPECT_EQ(back.claims[0].claim_type, "assertion");
  EXPECT_FALSE(back.claims[1].by_author);
  EXPECT_EQ(back.claims[1].claimant.name, "France");
  EXPECT_EQ(back.claims[1].claimant_text, "Paris");
  EXPECT_EQ(back.claims[1].hedges, std::vector<std::string>{"would"});
  EXPECT_EQ(back.claims[1].content_span.end, 52u);

  ASSERT_EQ(keys.actors.size(), 1u);
  EXPECT_EQ(keys.actors[0], Store::Key(doc.content_hash, ex.actors[0]));
  EXPECT_EQ(keys.actors[0].size(), 32u);
  EXPECT_EQ(keys.claims[1], Store::Key(doc.content_hash, ex.claims[0]));

  std::vector<ActorCount> counts;
  ASSERT_TRUE(db->ActorCounts(0, &counts).ok());
  ASSERT_EQ(counts.size(), 1u);
  EXPECT_EQ(counts[0].actor.id, "FRA");
  EXPECT_EQ(counts[0].mentions, 1);
  EXPECT_EQ(counts[0].documents, 1);
}

TEST(StoreTest, KeysAreStableAndDistinguishFields) {
  extract::Extractions ex = MakeExtractions();
  std::string k1 = Store::Key("hash", ex.stances[0]);
  EXPECT_EQ(k1, Store::Key("hash", ex.stances[0]));
  EXPECT_NE(k1, Store::Key("other-hash", ex.stances[0]));
  extract::Stance flipped = ex.stances[0];
  flipped.polarity = "support";
  EXPECT_NE(k1, Store::Key("hash", flipped));
  extract::Stance moved = ex.stances[0];
  moved.span.end += 1;
  EXPECT_NE(k1, Store::Key("hash", moved));
}

// Writing a document again (changed content or rules) replaces all its rows
// and keeps its id.
TEST(StoreTest, RewritingADocumentReplacesItsRows) {
  auto db = OpenMemory();
  int64_t run = 0;
  ASSERT_TRUE(db->BeginRun({"0.1.0", "rules-v1", "{}"}, &run).ok());
  int64_t id1 = 0, id2 = 0;
  ASSERT_TRUE(db->PutDocument(run, MakeDocument(), MakeExtractions(), &id1).ok());

  Document changed = MakeDocument("France opposes it.");
  changed.sentences = {{0, 18}};
  changed.rules_fingerprint = "rules-v2";
  extract::Extractions fewer;
  fewer.actors.push_back({0, {0, 6}, "France", France(), "lexicon:countries"});
  ASSERT_TRUE(db->PutDocument(run, changed, fewer, &id2).ok());
  EXPECT_EQ(id1, id2);

  Counts c = CountAll(db.get());
  EXPECT_EQ(c.documents, 1u);
  EXPECT_EQ(c.sentences, 1u);
  EXPECT_EQ(c.actors, 1u);
  EXPECT_EQ(c.stances, 0u);
  EXPECT_EQ(c.claims, 0u);
  StoredDocument stored;
  bool found = false;
  ASSERT_TRUE(db->FindDocument(changed.abs_path, &stored, &found).ok());
  ASSERT_TRUE(found);
  EXPECT_EQ(stored.content_hash, Sha256Hex("France opposes it."));
  EXPECT_EQ(stored.rules_fingerprint, "rules-v2");
}

TEST(StoreTest, UnknownDocumentIsNotFound) {
  auto db = OpenMemory();
  StoredDocument stored;
  bool found = true;
  ASSERT_TRUE(db->FindDocument("/nowhere.txt", &stored, &found).ok());
  EXPECT_FALSE(found);
}

// A failure in the middle of a document (here: a claim the schema rejects,
// after the document, its sentences and its other extractions were written)
// leaves nothing of the new version and the old version intact.
TEST(StoreTest, FailureMidDocumentLeavesNoPartialRows) {
  auto db = OpenMemory();
  int64_t run = 0;
  ASSERT_TRUE(db->BeginRun({"0.1.0", "rules-v1", "{}"}, &run).ok());
  // A sentence the schema refuses fails the whole document (a refused
  // extraction does not: ARefusedExtractionLeavesTheRestStored).
  extract::Extractions ex = MakeExtractions();
  Document other = MakeDocument();
  other.abs_path = "/data/other.txt";
  other.sentences.push_back({53, 30});  // start > end
  Status s = db->PutDocument(run, other, ex, nullptr);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("CHECK"), std::string::npos) << s.message();
  Counts c = CountAll(db.get());
  EXPECT_EQ(c.documents, 0u);

  // Same inside a batch transaction: the good document before it survives.
  {
    Store::Transaction txn(db.get());
    ASSERT_TRUE(txn.status().ok());
    ASSERT_TRUE(db->PutDocument(run, MakeDocument(), MakeExtractions(), nullptr).ok());
    Document replaced = MakeDocument("Other text.");
    replaced.sentences = {{0, 11}, {11, 2}};
    EXPECT_FALSE(db->PutDocument(run, replaced, ex, nullptr).ok());  // same abs_path
    ASSERT_TRUE(txn.Commit().ok());
  }
  c = CountAll(db.get());
  EXPECT_EQ(c.documents, 1u);
  EXPECT_EQ(c.sentences, 2u);
  EXPECT_EQ(c.actors, 1u);
  EXPECT_EQ(c.stances, 1u);
  EXPECT_EQ(c.claims, 2u);
  StoredDocument stored;
  bool found = false;
  ASSERT_TRUE(db->FindDocument("/data/a/doc.txt", &stored, &found).ok());
  EXPECT_EQ(stored.content_hash, Sha256Hex(kText));
}

TEST(StoreTest, TransactionRollsBackUnlessCommitted) {
  auto db = OpenMemory();
  int64_t run = 0;
  ASSERT_TRUE(db->BeginRun({"0.1.0", "rules-v1", "{}"}, &run).ok());
  {
    Store::Transaction txn(db.get());
    ASSERT_TRUE(db->PutDocument(run, MakeDocument(), MakeExtractions(), nullptr).ok());
    EXPECT_EQ(CountAll(db.get()).documents, 1u);  // visible inside the transaction
  }                                               // no Commit(): rolled back, the actor row too
  EXPECT_EQ(CountAll(db.get()).documents, 0u);
  // Writing the same actor again must not assume the rolled-back row exists
  // (the mention's foreign key would fail).
  {
    Store::Transaction txn(db.get());
    ASSERT_TRUE(db->PutDocument(run, MakeDocument(), MakeExtractions(), nullptr).ok());
    ASSERT_TRUE(txn.Commit().ok());
  }
  EXPECT_EQ(CountAll(db.get()).documents, 1u);
}

// Keys computed beforehand (Document::keys) are stored as given; missing
// ones are computed, so both ways give Store::Keys.
TEST(StoreTest, PrecomputedKeysAreUsed) {
  auto db = OpenMemory();
  int64_t run = 0;
  ASSERT_TRUE(db->BeginRun({"0.1.0", "rules-v1", "{}"}, &run).ok());
  Document d = MakeDocument();
  extract::Extractions ex = MakeExtractions();
  ExtractionKeys expected = Store::Keys(d.content_hash, ex);
  ASSERT_EQ(expected.claims.size(), 2u);
  d.keys = expected;
  d.keys.claims.pop_back();  // the last claim's key is left to PutDocument
  d.keys.actors[0] = "given-key";
  int64_t id = 0;
  ASSERT_TRUE(db->PutDocument(run, d, ex, &id).ok());
  extract::Extractions back;
  ExtractionKeys keys;
  ASSERT_TRUE(db->ReadExtractions(id, &back, &keys).ok());
  EXPECT_EQ(keys.actors, std::vector<std::string>{"given-key"});
  EXPECT_EQ(keys.stances, expected.stances);
  // ReadExtractions orders claims by start: the author claim [0, 24) first.
  ASSERT_EQ(keys.claims.size(), 2u);
  EXPECT_EQ(keys.claims[0], expected.claims[1]);
  EXPECT_EQ(keys.claims[1], expected.claims[0]);
}

// Rowids of the sentences matching an FTS5 query, in order, joined by ','.
std::string Search(Store* db, const std::string& query) {
  sqlite3_stmt* q = nullptr;
  std::string out;
  EXPECT_EQ(sqlite3_prepare_v2(db->handle(),
                               "SELECT rowid FROM sentence_search WHERE sentence_search MATCH ?1 "
                               "ORDER BY rowid",
                               -1, &q, nullptr),
            SQLITE_OK);
  sqlite3_bind_text(q, 1, query.c_str(), -1, SQLITE_TRANSIENT);
  while (sqlite3_step(q) == SQLITE_ROW) {
    if (!out.empty()) out += ",";
    out += std::to_string(sqlite3_column_int64(q, 0) % (int64_t{1} << 24));
  }
  sqlite3_finalize(q);
  return out;
}

// The full-text index gets each sentence's own text (cut by code points, so
// after multi-byte characters too), whether PutDocument runs alone or in a
// batch, and keeps nothing of a rolled-back document or batch.
TEST(StoreTest, SentencesAreIndexedForSearch) {
  auto db = OpenMemory();
  int64_t run = 0;
  ASSERT_TRUE(db->BeginRun({"0.1.0", "rules-v1", "{}"}, &run).ok());
  // Sentence 1 starts after "Ł" and "’" (2 and 3 bytes, one code point each).
  Document alone = MakeDocument("Łódź’s mayor spoke. Kraków agreed.");
  alone.sentences = {{0, 19}, {20, 34}};
  ASSERT_TRUE(db->PutDocument(run, alone, {}, nullptr).ok());
  EXPECT_EQ(Search(db.get(), "krakow"), "1");
  EXPECT_EQ(Search(db.get(), "mayor"), "0");
  EXPECT_EQ(Search(db.get(), "spoke AND agreed"), "");  // not one sentence

  {
    Store::Transaction txn(db.get());
    Document b = MakeDocument();
    b.abs_path = "/data/b.txt";
    ASSERT_TRUE(db->PutDocument(run, b, {}, nullptr).ok());
    Document c = MakeDocument("Madrid refused the deal.");
    c.abs_path = "/data/c.txt";
    c.sentences = {{0, 24}, {24, 3}};  // start > end: CHECK fails on the second sentence
    EXPECT_FALSE(db->PutDocument(run, c, {}, nullptr).ok());  // its rows and index rows go
    ASSERT_TRUE(txn.Commit().ok());
  }
  EXPECT_EQ(Search(db.get(), "veto"), "1");
  EXPECT_EQ(Search(db.get(), "madrid"), "");
  {
    Store::Transaction txn(db.get());
    Document d = MakeDocument("Lisbon stayed silent.");
    d.abs_path = "/data/d.txt";
    d.sentences = {{0, 21}};
    ASSERT_TRUE(db->PutDocument(run, d, {}, nullptr).ok());
  }  // rolled back
  EXPECT_EQ(Search(db.get(), "lisbon"), "");
  // Rewriting a document removes its old sentences from the index.
  Document again = MakeDocument("Vilnius objected.");
  again.abs_path = alone.abs_path;
  again.sentences = {{0, 17}};
  ASSERT_TRUE(db->PutDocument(run, again, {}, nullptr).ok());
  EXPECT_EQ(Search(db.get(), "krakow OR mayor"), "");
  EXPECT_EQ(Search(db.get(), "vilnius"), "0");
}

// Everything the database says about document `id`, for comparing two ways
// of writing it.
std::string Stored(Store* db, int64_t id) {
  std::string out;
  std::vector<StoredDocument> docs;
  EXPECT_TRUE(db->ListDocuments(&docs).ok());
  for (const StoredDocument& d : docs) {
    if (d.id != id) continue;
    out += d.path + " " + d.content_hash + " " + std::to_string(d.sentences) + "\n";
  }
  std::string text;
  EXPECT_TRUE(db->DocumentText(id, &text).ok());
  out += text + "\n";
  std::vector<SentenceSpan> sentences;
  EXPECT_TRUE(db->ReadSentences(id, &sentences).ok());
  for (const SentenceSpan& s : sentences) {
    out += std::to_string(s.start) + "-" + std::to_string(s.end) + " ";
  }
  extract::Extractions ex;
  ExtractionKeys keys;
  EXPECT_TRUE(db->ReadExtractions(id, &ex, &keys).ok());
  for (size_t i = 0; i < ex.actors.size(); ++i) {
    out += "\nactor " + keys.actors[i] + " " + ex.actors[i].text + " " + ex.actors[i].actor.id;
  }
  for (size_t i = 0; i < ex.stances.size(); ++i) {
    out += "\nstance " + keys.stances[i] + " " + ex.stances[i].text;
  }
  for (size_t i = 0; i < ex.claims.size(); ++i) {
    out += "\nclaim " + keys.claims[i] + " " + ex.claims[i].text + " " + ex.claims[i].claimant.id;
  }
  out += "\nsearch " + Search(db, "veto") + "/" + Search(db, "plan");
  return out;
}

// MakeExtractions() of sentence 0, then of sentence 1.
std::vector<extract::Extractions> PartsOfMakeExtractions() {
  extract::Extractions all = MakeExtractions();
  std::vector<extract::Extractions> parts(2);
  for (auto& m : all.actors) parts[m.sentence].actors.push_back(m);
  for (auto& st : all.stances) parts[st.sentence].stances.push_back(st);
  for (auto& c : all.claims) parts[c.sentence].claims.push_back(c);
  return parts;
}

TEST(StoreTest, ADocumentInPartsIsStoredAsPutDocumentStoresIt) {
  auto whole = OpenMemory();
  auto in_parts = OpenMemory();
  int64_t run = 0, whole_id = 0, parts_id = 0;
  ASSERT_TRUE(whole->BeginRun({"0.1.0", "rules-v1", "{}"}, &run).ok());
  ASSERT_TRUE(in_parts->BeginRun({"0.1.0", "rules-v1", "{}"}, &run).ok());
  const Document doc = MakeDocument();
  ASSERT_TRUE(whole->PutDocument(run, doc, MakeExtractions(), &whole_id).ok());
  {
    Store::Transaction txn(in_parts.get());
    Document text_only = doc;
    text_only.sentences.clear();  // the parts bring them
    ASSERT_TRUE(in_parts->BeginDocument(run, text_only, 2, &parts_id).ok());
    std::vector<extract::Extractions> parts = PartsOfMakeExtractions();
    ASSERT_TRUE(in_parts->AddDocumentPart(text_only, {doc.sentences[0]}, parts[0]).ok());
    ASSERT_TRUE(in_parts->AddDocumentPart(text_only, {doc.sentences[1]}, parts[1]).ok());
    ASSERT_TRUE(in_parts->FinishDocument().ok());
    ASSERT_TRUE(txn.Commit().ok());
  }
  EXPECT_EQ(Stored(in_parts.get(), parts_id), Stored(whole.get(), whole_id));
  EXPECT_EQ(Search(in_parts.get(), "veto"), "1");
}

TEST(StoreTest, ADocumentInPartsIsAllOrNothing) {
  auto db = OpenMemory();
  int64_t run = 0, id = 0;
  ASSERT_TRUE(db->BeginRun({"0.1.0", "rules-v1", "{}"}, &run).ok());
  Document doc = MakeDocument();
  doc.sentences.clear();
  std::vector<extract::Extractions> parts = PartsOfMakeExtractions();
  Store::Transaction txn(db.get());
  Document before = MakeDocument("Lisbon stayed silent.");  // queued for the index...
  before.abs_path = "/data/before.txt";
  before.sentences = {{0, 21}};
  ASSERT_TRUE(db->PutDocument(run, before, {}, nullptr).ok());
  // A part the database refuses (a sentence ending before it starts) takes
  // the whole document back, and nothing else.
  ASSERT_TRUE(db->BeginDocument(run, doc, 2, &id).ok());
  ASSERT_TRUE(db->AddDocumentPart(doc, {{0, 24}}, parts[0]).ok());
  EXPECT_FALSE(db->AddDocumentPart(doc, {{25, 3}}, parts[1]).ok());
  EXPECT_FALSE(db->FinishDocument().ok());  // nothing open any more
  // Fewer sentences than announced: the same.
  ASSERT_TRUE(db->BeginDocument(run, doc, 3, &id).ok());
  ASSERT_TRUE(db->AddDocumentPart(doc, {{0, 24}}, parts[0]).ok());
  ASSERT_TRUE(db->AddDocumentPart(doc, {{25, 53}}, parts[1]).ok());
  EXPECT_FALSE(db->FinishDocument().ok());
  ASSERT_TRUE(txn.Commit().ok());
  Counts c = CountAll(db.get());
  EXPECT_EQ(c.documents, 1u);  // ...and stays
  EXPECT_EQ(c.sentences, 1u);
  EXPECT_EQ(c.actors + c.stances + c.claims, 0u);
  EXPECT_EQ(Search(db.get(), "lisbon"), "0");
  EXPECT_EQ(Search(db.get(), "veto OR plan"), "");
}

TEST(StoreTest, ARefusedExtractionOfAPartIsNumberedInTheDocument) {
  auto db = OpenMemory();
  int64_t run = 0, id = 0;
  ASSERT_TRUE(db->BeginRun({"0.1.0", "rules-v1", "{}"}, &run).ok());
  Document doc = MakeDocument();
  std::vector<extract::Extractions> parts = PartsOfMakeExtractions();
  parts[1].stances.push_back(parts[0].stances[0]);
  parts[1].stances[0].sentence = 1;
  parts[1].stances[0].polarity = "neutral";
  std::vector<std::string> lost;
  ASSERT_TRUE(db->BeginDocument(run, doc, 2, &id).ok());
  ASSERT_TRUE(db->AddDocumentPart(doc, {doc.sentences[0]}, parts[0], &lost).ok());
  ASSERT_TRUE(db->AddDocumentPart(doc, {doc.sentences[1]}, parts[1], &lost).ok());
  ASSERT_TRUE(db->FinishDocument().ok());
  ASSERT_EQ(lost.size(), 1u);
  EXPECT_EQ(lost[0].rfind("stance 1 (rule stance.oppose, sentence 1): CHECK constraint failed", 0),
            0u)
      << lost[0];
  EXPECT_EQ(CountAll(db.get()).stances, 1u);
}

// The actor's latest definition wins, even when the same connection wrote
// the earlier one moments before.
TEST(StoreTest, ActorDefinitionsAreUpdated) {
  auto db = OpenMemory();
  int64_t run = 0;
  ASSERT_TRUE(db->BeginRun({"0.1.0", "rules-v1", "{}"}, &run).ok());
  ASSERT_TRUE(db->PutDocument(run, MakeDocument(), MakeExtractions(), nullptr).ok());
  Document second = MakeDocument();
  second.abs_path = "/data/second.txt";
  extract::Extractions ex = MakeExtractions();
  ex.actors[0].actor.name = "French Republic";
  ex.stances.clear();
  ex.claims.clear();
  ASSERT_TRUE(db->PutDocument(run, second, ex, nullptr).ok());
  std::vector<ActorCount> counts;
  ASSERT_TRUE(db->ActorCounts(0, &counts).ok());
  ASSERT_EQ(counts.size(), 1u);
  EXPECT_EQ(counts[0].actor.name, "French Republic");
  EXPECT_EQ(counts[0].mentions, 2);
  EXPECT_EQ(counts[0].documents, 2);
}

// The names of the indexes a database has, sorted.
std::vector<std::string> IndexNames(Store* db) {
  std::vector<std::string> names;
  sqlite3_stmt* q = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db->handle(),
                               "SELECT name FROM sqlite_master WHERE type = 'index' AND "
                               "name NOT LIKE 'sqlite_%' ORDER BY name",
                               -1, &q, nullptr),
            SQLITE_OK);
  while (sqlite3_step(q) == SQLITE_ROW) {
    names.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(q, 0)));
  }
  sqlite3_finalize(q);
  return names;
}

// What EndBulkLoad and Open create is what schema.sql creates.
TEST(StoreTest, DeferredIndexesAreThoseOfTheSchema) {
  auto db = OpenMemory();
  for (const Store::IndexDefinition& index : Store::DeferredIndexes()) {
    sqlite3_stmt* q = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db->handle(), "SELECT sql FROM sqlite_master WHERE name = ?1", -1,
                                 &q, nullptr),
              SQLITE_OK);
    sqlite3_bind_text(q, 1, index.name, -1, SQLITE_STATIC);
    ASSERT_EQ(sqlite3_step(q), SQLITE_ROW) << index.name << " is not in schema.sql";
    EXPECT_EQ(reinterpret_cast<const char*>(sqlite3_column_text(q, 0)),
              std::string("CREATE INDEX ") + index.name + " ON " + index.on);
    sqlite3_finalize(q);
  }
}

// Bulk loading drops the secondary indexes and brings them all back, with
// the rows written in between; a process that never called EndBulkLoad
// leaves a database whose next read-write Open restores them.
TEST(StoreTest, BulkLoadRestoresTheIndexes) {
  std::string path = ::testing::TempDir() + "/store_test_bulk.db";
  std::remove(path.c_str());
  std::vector<std::string> all;
  {
    std::unique_ptr<Store> db;
    ASSERT_TRUE(Store::Open(path, {}, &db).ok());
    all = IndexNames(db.get());
    int64_t run = 0;
    ASSERT_TRUE(db->BeginRun({"0.1.0", "rules-v1", "{}"}, &run).ok());
    ASSERT_TRUE(db->BeginBulkLoad().ok());
    EXPECT_TRUE(db->bulk_loading());
    EXPECT_EQ(IndexNames(db.get()).size(), all.size() - Store::DeferredIndexes().size());
    {
      Store::Transaction txn(db.get());
      ASSERT_TRUE(db->PutDocument(run, MakeDocument(), MakeExtractions(), nullptr).ok());
      ASSERT_TRUE(txn.Commit().ok());
    }
    ASSERT_TRUE(db->EndBulkLoad().ok());
    EXPECT_FALSE(db->bulk_loading());
    EXPECT_EQ(IndexNames(db.get()), all);
    // The rebuilt index has the rows: a lookup by key through it finds them.
    sqlite3_stmt* q = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db->handle(),
                                 "SELECT count(*) FROM actor_mentions INDEXED BY "
                                 "actor_mentions_key WHERE key = ?1",
                                 -1, &q, nullptr),
              SQLITE_OK);
    std::string key = Store::Key(MakeDocument().content_hash, MakeExtractions().actors[0]);
    sqlite3_bind_text(q, 1, key.c_str(), -1, SQLITE_TRANSIENT);
    ASSERT_EQ(sqlite3_step(q), SQLITE_ROW);
    EXPECT_EQ(sqlite3_column_int(q, 0), 1);
    sqlite3_finalize(q);

    ASSERT_TRUE(db->BeginBulkLoad().ok());  // and then the process "dies"
  }
  {
    std::unique_ptr<Store> db;
    ASSERT_TRUE(Store::Open(path, {.read_only = true}, &db).ok());
    EXPECT_EQ(IndexNames(db.get()).size(), all.size() - Store::DeferredIndexes().size());
    Counts c = CountAll(db.get());  // still readable without them
    EXPECT_EQ(c.actors, 1u);
  }
  {
    std::unique_ptr<Store> db;
    ASSERT_TRUE(Store::Open(path, {}, &db).ok());
    EXPECT_EQ(IndexNames(db.get()), all);
  }
  std::remove(path.c_str());
}

// Every term of the full-text index with its counts ("term doc cnt;..."),
// to compare two indexes whole: a 'delete' with the wrong text would leave
// terms behind.
std::string IndexTerms(Store* db) {
  std::string out;
  EXPECT_EQ(sqlite3_exec(db->handle(),
                         "CREATE VIRTUAL TABLE IF NOT EXISTS temp.terms USING "
                         "fts5vocab(main, sentence_search, 'row')",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_stmt* q = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db->handle(), "SELECT term, doc, cnt FROM temp.terms ORDER BY term",
                               -1, &q, nullptr),
            SQLITE_OK);
  while (sqlite3_step(q) == SQLITE_ROW) {
    out += reinterpret_cast<const char*>(sqlite3_column_text(q, 0));
    out += " " + std::to_string(sqlite3_column_int(q, 1)) + " " +
           std::to_string(sqlite3_column_int(q, 2)) + ";";
  }
  sqlite3_finalize(q);
  return out;
}

// Rewriting documents (alone, in a batch, twice in one batch, after
// multi-byte text) leaves the same full-text index as writing the final
// versions into a new database; deleting a document by hand still removes
// its sentences through the trigger.
TEST(StoreTest, RewritingKeepsTheSearchIndexExact) {
  auto first = [](Document d) {
    d.text = "Łódź’s mayor spoke. Kraków agreed.";
    d.sentences = {{0, 19}, {20, 34}};
    return d;
  };
  auto second = [](Document d) {
    d.text = "Vilnius objected. Riga agreed. Tallinn spoke.";
    d.sentences = {{0, 17}, {18, 30}, {31, 45}};
    return d;
  };
  Document a = MakeDocument(), b = MakeDocument();
  b.abs_path = "/data/b.txt";

  auto db = OpenMemory();
  int64_t run = 0;
  ASSERT_TRUE(db->BeginRun({"0.1.0", "rules-v1", "{}"}, &run).ok());
  ASSERT_TRUE(db->PutDocument(run, first(a), {}, nullptr).ok());
  ASSERT_TRUE(db->PutDocument(run, second(a), {}, nullptr).ok());  // alone
  {
    Store::Transaction txn(db.get());
    ASSERT_TRUE(db->PutDocument(run, first(a), {}, nullptr).ok());   // in a batch
    ASSERT_TRUE(db->PutDocument(run, second(b), {}, nullptr).ok());
    ASSERT_TRUE(db->PutDocument(run, first(b), {}, nullptr).ok());   // twice in it
    ASSERT_TRUE(txn.Commit().ok());
  }
  {
    Store::Transaction txn(db.get());
    ASSERT_TRUE(db->PutDocument(run, second(a), {}, nullptr).ok());
    ASSERT_TRUE(txn.Commit().ok());
  }

  auto fresh = OpenMemory();
  ASSERT_TRUE(fresh->BeginRun({"0.1.0", "rules-v1", "{}"}, &run).ok());
  ASSERT_TRUE(fresh->PutDocument(run, second(a), {}, nullptr).ok());
  ASSERT_TRUE(fresh->PutDocument(run, first(b), {}, nullptr).ok());
  EXPECT_EQ(IndexTerms(db.get()), IndexTerms(fresh.get()));
  EXPECT_NE(IndexTerms(db.get()).find("krakow 1 1;"), std::string::npos);
  EXPECT_EQ(Search(db.get(), "vilnius"), "0");

  ASSERT_EQ(sqlite3_exec(db->handle(), "DELETE FROM documents WHERE abs_path = '/data/b.txt'",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  EXPECT_EQ(Search(db.get(), "krakow OR mayor"), "");
  EXPECT_EQ(IndexTerms(db.get()).find("krakow"), std::string::npos);
}

// A database of schema version 3 is upgraded, and its documents are
// rewritten without leaving their old sentences in the search index.
TEST(StoreTest, UpgradesAVersionThreeDatabase) {
  std::string path = ::testing::TempDir() + "/store_test_v3.db";
  std::remove(path.c_str());
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  std::string v3;
  for (int v = 1; v <= 3; ++v) v3 += SchemaSqlSection(v);
  ASSERT_EQ(sqlite3_exec(raw, v3.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(raw);
  int64_t run = 0;
  {
    std::unique_ptr<Store> db;
    ASSERT_TRUE(Store::Open(path, {.read_only = true}, &db).ok());  // left as it is
    EXPECT_EQ(db->SchemaVersion(), 3);
  }
  std::unique_ptr<Store> db;
  ASSERT_TRUE(Store::Open(path, {}, &db).ok());
  EXPECT_EQ(db->SchemaVersion(), kSchemaVersion);
  ASSERT_TRUE(db->BeginRun({"0.1.0", "rules-v1", "{}"}, &run).ok());
  ASSERT_TRUE(db->PutDocument(run, MakeDocument(), MakeExtractions(), nullptr).ok());
  ASSERT_TRUE(db->PutDocument(run, MakeDocument("Lisbon stayed silent."), {}, nullptr).ok());
  EXPECT_EQ(Search(db.get(), "veto OR france"), "");
  EXPECT_EQ(Search(db.get(), "lisbon"), "0");
  std::vector<std::string> names = IndexNames(db.get());
  EXPECT_EQ(std::count(names.begin(), names.end(), "stances_rule"), 0);
  db.reset();
  std::remove(path.c_str());
}

// Metadata is stored with a document, replaced when the document is
// written again, changed alone by PutMetadata, and listed with it.
TEST(StoreTest, MetadataIsStoredReplacedAndListed) {
  auto db = OpenMemory();
  int64_t run = 0, id = 0;
  ASSERT_TRUE(db->BeginRun({"0.1.0", "rules-v1", "{}"}, &run).ok());
  Document d = MakeDocument();
  d.meta.date = "2024-03-05";
  d.meta.date_raw = "March 5, 2024";
  d.meta.source = "Le Monde";
  d.meta.title = "Plan";
  d.meta.extra = {{"section", "Europe"}, {"lang", "en"}};
  ASSERT_TRUE(db->PutDocument(run, d, {}, &id).ok());
  Document plain = MakeDocument("Lisbon stayed silent.");
  plain.abs_path = "/data/b.txt";
  plain.path = "b.txt";
  ASSERT_TRUE(db->PutDocument(run, plain, {}, nullptr).ok());

  DocumentMeta meta;
  ASSERT_TRUE(db->ReadMetadata(id, &meta).ok());
  EXPECT_EQ(meta, d.meta);
  std::vector<StoredDocument> docs;
  ASSERT_TRUE(db->ListDocuments(&docs).ok());
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0].path, "a/doc.txt");
  EXPECT_EQ(docs[0].meta, d.meta);
  EXPECT_TRUE(docs[1].meta.empty());
  EXPECT_EQ(Count(db.get(), "SELECT count(*) FROM document_meta"), 1);
  EXPECT_EQ(Count(db.get(),
                  "SELECT count(*) FROM v_documents WHERE source = 'Le Monde' "
                  "AND date = '2024-03-05' AND title = 'Plan'"),
            1);

  DocumentMeta changed;
  changed.source = "AP";
  ASSERT_TRUE(db->PutMetadata(id, changed).ok());
  ASSERT_TRUE(db->ReadMetadata(id, &meta).ok());
  EXPECT_EQ(meta, changed);

  d.meta = {};  // written again without metadata: the row goes
  ASSERT_TRUE(db->PutDocument(run, d, {}, nullptr).ok());
  ASSERT_TRUE(db->ReadMetadata(id, &meta).ok());
  EXPECT_TRUE(meta.empty());
  EXPECT_EQ(Count(db.get(), "SELECT count(*) FROM document_meta"), 0);
}

// A database of schema version 4 opens read-only as it is (documents listed
// without metadata), and upgrades to version 5 keeping its documents.
TEST(StoreTest, UpgradesAVersionFourDatabase) {
  std::string path = ::testing::TempDir() + "/store_test_v4.db";
  std::remove(path.c_str());
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  std::string v4;
  for (int v = 1; v <= 4; ++v) v4 += SchemaSqlSection(v);
  ASSERT_EQ(sqlite3_exec(raw, v4.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw,
                         "INSERT INTO runs (started_at, argx_version, rules_fingerprint, options) "
                         "VALUES ('t', '0.1.0', 'fp', '{}');"
                         "INSERT INTO documents (path, abs_path, content_hash, size_bytes, "
                         "encoding, text, sentences, rules_fingerprint, run_id, extracted_at) "
                         "VALUES ('old.txt', '/old.txt', 'h', 3, 'UTF-8', 'Old.', 0, 'fp', 1, 't')",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
  {
    std::unique_ptr<Store> db;
    ASSERT_TRUE(Store::Open(path, {.read_only = true}, &db).ok());
    EXPECT_EQ(db->SchemaVersion(), 4);
    std::vector<StoredDocument> docs;
    ASSERT_TRUE(db->ListDocuments(&docs).ok());
    ASSERT_EQ(docs.size(), 1u);
    EXPECT_TRUE(docs[0].meta.empty());
    DocumentMeta meta;
    EXPECT_TRUE(db->ReadMetadata(docs[0].id, &meta).ok());
    EXPECT_TRUE(meta.empty());
  }
  std::unique_ptr<Store> db;
  ASSERT_TRUE(Store::Open(path, {}, &db).ok());
  EXPECT_EQ(db->SchemaVersion(), kSchemaVersion);
  std::vector<StoredDocument> docs;
  ASSERT_TRUE(db->ListDocuments(&docs).ok());
  ASSERT_EQ(docs.size(), 1u);
  DocumentMeta meta;
  meta.source = "Reuters";
  ASSERT_TRUE(db->PutMetadata(docs[0].id, meta).ok());
  EXPECT_EQ(Count(db.get(), "SELECT count(*) FROM v_documents WHERE source = 'Reuters'"), 1);
  EXPECT_EQ(Count(db.get(), "SELECT count(*) FROM v_stances WHERE source IS NULL"), 0);
  db.reset();
  std::remove(path.c_str());
}

TEST(StoreTest, CountDocuments) {
  auto db = OpenMemory();
  int64_t count = -1;
  ASSERT_TRUE(db->CountDocuments(&count).ok());
  EXPECT_EQ(count, 0);
  int64_t run = 0;
  ASSERT_TRUE(db->BeginRun({"0.1.0", "rules-v1", "{}"}, &run).ok());
  ASSERT_TRUE(db->PutDocument(run, MakeDocument(), {}, nullptr).ok());
  ASSERT_TRUE(db->CountDocuments(&count).ok());
  EXPECT_EQ(count, 1);
}

TEST(StoreTest, FinishRunRecordsCounts) {
  std::string path = ::testing::TempDir() + "/store_test_runs.db";
  std::remove(path.c_str());
  {
    std::unique_ptr<Store> db;
    ASSERT_TRUE(Store::Open(path, {}, &db).ok());
    int64_t run = 0;
    ASSERT_TRUE(db->BeginRun({"0.1.0", "fp", R"({"jobs":2})"}, &run).ok());
    RunCounts counts;
    counts.documents_new = 3;
    counts.documents_unchanged = 4;
    counts.claims = 5;
    ASSERT_TRUE(db->FinishRun(run, counts).ok());
  }
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
  sqlite3_stmt* q = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(raw,
                               "SELECT documents_new, documents_unchanged, claims, status, "
                               "finished_at IS NOT NULL, json_extract(options, '$.jobs') FROM runs",
                               -1, &q, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(q), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(q, 0), 3);
  EXPECT_EQ(sqlite3_column_int(q, 1), 4);
  EXPECT_EQ(sqlite3_column_int(q, 2), 5);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(q, 3)), "finished");
  EXPECT_EQ(sqlite3_column_int(q, 4), 1);
  EXPECT_EQ(sqlite3_column_int(q, 5), 2);
  sqlite3_finalize(q);
  sqlite3_close(raw);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace argx::store
