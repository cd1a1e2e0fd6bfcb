// The SQLite database argx writes: runs, documents, sentences, actors and
// extractions (schema and its documentation: schema.sql, built into the binary).
//
//   std::unique_ptr<argx::store::Store> db;
//   argx::Status s = argx::store::Store::Open("argx.db", {}, &db);
//   if (!s.ok()) ...                                 // "argx.db: unable to open ..."
//
//   int64_t run_id;
//   db->BeginRun({ARGX_VERSION, extractor.fingerprint(), options_json}, &run_id);
//   {
//     argx::store::Store::Transaction txn(db.get());  // batch many documents
//     argx::store::StoredDocument old;
//     bool found;
//     db->FindDocument(abs_path, &old, &found);
//     if (!found || old.content_hash != hash) {
//       db->PutDocument(run_id, doc, extractions, &doc_id);  // all rows or none
//     }
//     s = txn.Commit();                 // without Commit(), the destructor rolls back
//   }
//   db->FinishRun(run_id, counts);
//
// A Store is one SQLite connection: use it from one thread at a time. Other
// threads open their own (WAL mode lets readers run beside the one writer).
#ifndef ARGX_STORE_STORE_H_
#define ARGX_STORE_STORE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/status.h"
#include "extract/extraction.h"

struct sqlite3;
struct sqlite3_stmt;

namespace argx::store {

// PRAGMA user_version of the schema in schema.sql. Version 2 added review
// (reviews, review_log, the v_* views, sentence_search); version 3 fills
// sentence_search from PutDocument instead of a trigger; version 4 removes a
// rewritten document's sentences from it the same way and drops the rule
// indexes of the extraction tables; version 5 adds document_meta (date,
// source, title, url, author, free key/values) and v_documents.
inline constexpr int kSchemaVersion = 5;

// The schema text (schema.sql) compiled into the binary.
std::string_view SchemaSql();

// The part of schema.sql that upgrades a database of version `version - 1`
// to `version` (version 1: the part that creates the first tables). Empty for
// a version schema.sql does not have.
std::string_view SchemaSqlSection(int version);

struct SentenceSpan {
  uint32_t start = 0, end = 0;  // code points into Document::text
};

// The `key` column of each stored extraction, in the order of Extractions.
struct ExtractionKeys {
  std::vector<std::string> actors, stances, claims;
};

// What is known about a document besides its text (table document_meta).
// Empty strings are unknown; nothing is stored for an empty() one.
struct DocumentMeta {
  std::string date;      // ISO 8601 ("2024-03-05", "2024-03-05T10:00:00Z") when it parsed
  std::string date_raw;  // the date as the input gave it
  std::string source;    // the outlet
  std::string title;
  std::string url;
  std::string author;
  std::vector<std::pair<std::string, std::string>> extra;  // free key/values, in input order

  bool empty() const {
    return date.empty() && date_raw.empty() && source.empty() && title.empty() && url.empty() &&
           author.empty() && extra.empty();
  }
  bool operator==(const DocumentMeta&) const = default;
};

// A document to store, with everything but its extractions.
struct Document {
  std::string path;          // as shown: relative to the folder given, or the file name
  std::string abs_path;      // identity across runs
  std::string content_hash;  // hex SHA-256 of the raw bytes
  int64_t size_bytes = 0;
  std::string encoding;
  std::string text;  // decoded UTF-8
  std::vector<SentenceSpan> sentences;
  std::string rules_fingerprint;
  DocumentMeta meta;
  // Optional: Store::Keys(content_hash, extractions) of the extractions
  // stored with it. Computing them beforehand (argx extract does it on its
  // worker threads) takes the hashing off the one writer; when a list is
  // shorter than its extractions, PutDocument computes the rest itself.
  ExtractionKeys keys;
};

// What the database remembers about a document.
struct StoredDocument {
  int64_t id = 0;
  std::string path;
  std::string abs_path;
  std::string content_hash;
  std::string rules_fingerprint;
  int64_t size_bytes = 0;
  int64_t sentences = 0;
  DocumentMeta meta;  // filled by ListDocuments only
};

struct RunInfo {
  std::string argx_version;
  std::string rules_fingerprint;
  std::string options_json;  // a JSON object
};

struct RunCounts {
  std::string status = "finished";  // finished | interrupted | failed
  int64_t documents_new = 0, documents_changed = 0, documents_unchanged = 0;
  int64_t files_skipped = 0;
  int64_t sentences = 0, actors = 0, stances = 0, claims = 0;
  int64_t bytes = 0;
};

// One row of Store::ActorCounts().
struct ActorCount {
  extract::Actor actor;
  int64_t mentions = 0;
  int64_t documents = 0;  // number of documents that mention it
};

class Store {
 public:
  struct Options {
    // Open an existing database for reading only (export, actors). A missing
    // file is an error instead of a new database.
    bool read_only = false;
    // How long to wait for another process writing to the database before
    // giving up with an error that names it (its pid and program).
    int busy_timeout_ms = 10000;
  };

  // Opens (creating when needed, unless read_only) the database at `path`;
  // ":memory:" gives a private in-memory one. Applies the schema to a new
  // database and upgrades one of an older schema version (read_only: leaves
  // it as it is; the tables of version 1 are all still there); returns an
  // error for a database of a newer schema version.
  static Status Open(const std::string& path, const Options& options, std::unique_ptr<Store>* out);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Whether the last error means the database takes no more writes in this
  // run (disk full, read-only, I/O error, locked by another writer), rather
  // than refusing one document: the caller should stop, keeping what it
  // committed.
  bool CannotWrite() const;

  // PRAGMA user_version of the open database.
  int SchemaVersion();

  // The SQLite connection, for libraries that keep their own tables in the
  // same file (src/review). Owned by the Store: do not close it.
  sqlite3* handle() { return db_; }

  // Explicit transaction (BEGIN IMMEDIATE): everything until Commit() is
  // written at once; if Commit() is never called (an early return, an
  // error), the destructor rolls it back. Not nestable.
  class Transaction {
   public:
    explicit Transaction(Store* store);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    // The error BEGIN returned, if any; Commit() returns it again.
    const Status& status() const { return status_; }
    // Commits. Returns the error, after which the transaction is rolled back.
    Status Commit();

   private:
    Store* store_;
    Status status_;
    bool open_ = false;
  };

  // Records the start of a run; returns its id in *run_id.
  Status BeginRun(const RunInfo& info, int64_t* run_id);
  // Stores the final counts and finished_at of a run.
  Status FinishRun(int64_t run_id, const RunCounts& counts);

  // Looks a document up by its absolute path. *found says whether it exists;
  // *out is filled when it does.
  Status FindDocument(std::string_view abs_path, StoredDocument* out, bool* found);

  // Writes `doc`, its sentences and `extractions`, replacing every row of a
  // stored document with the same abs_path (its id is kept). All or nothing:
  // on error nothing of this call remains and the previous version of the
  // document is intact. Works inside or outside a Transaction. Returns the
  // document id in *doc_id (may be null).
  //
  // One extraction the database refuses (a CHECK or foreign-key constraint:
  // a polarity other than support/oppose, say) is left out, not the document:
  // the rest is stored, the status is ok, and `lost` (may be null) gets one
  // line per extraction left out: "stance 2 (rule R, sentence 4): CHECK
  // constraint failed: ...". Any other error fails the whole call as above.
  Status PutDocument(int64_t run_id, const Document& doc, const extract::Extractions& extractions,
                     int64_t* doc_id, std::vector<std::string>* lost = nullptr);

  // PutDocument in parts, for a document whose extractions are too many to
  // hold at once (argx extract reads one in windows of sentences):
  //
  //   db->BeginDocument(run_id, doc, n, &id);  // the document row: text, metadata, n sentences
  //   for (each window)                      // sentences and extractions, in order
  //     db->AddDocumentPart(doc, window_sentences, window_extractions, &lost);
  //   db->FinishDocument();                  // or AbortDocument()
  //
  // The database then holds what PutDocument(doc with all the sentences,
  // all the extractions) would have written, in one savepoint: all or
  // nothing. `doc` is the same object in every call and stays alive until
  // FinishDocument(); its `sentences` and `keys` are not read: the parts
  // bring the sentences, `sentences` says how many they will be in all
  // (FinishDocument fails when they were not). Each part's
  // sentences (code points of doc.text) follow the part before's; an
  // extraction numbers its sentence among all of them. Their search rows
  // are written as they come rather than at Commit() (rows queued by
  // earlier documents go in first). On error, each of these rolls the
  // document back (as AbortDocument) and returns the error; `lost` as in
  // PutDocument. One document at a time; no PutDocument in between.
  Status BeginDocument(int64_t run_id, const Document& doc, int64_t sentences, int64_t* doc_id);
  Status AddDocumentPart(const Document& doc, const std::vector<SentenceSpan>& sentences,
                         const extract::Extractions& extractions,
                         std::vector<std::string>* lost = nullptr);
  Status FinishDocument();
  // Rolls back everything of the open document; a no-op when none is open.
  void AbortDocument();

  // Writes the full-text index rows PutDocument queued in the current
  // Transaction (they wait for Commit(), see PutDocumentRows) now, so that
  // one long transaction (argx merge) holds at most a batch of them in
  // memory. Returns the SQLite error, if any; a no-op outside a Transaction.
  Status FlushSearchIndex() { return FlushSearch(); }

  // Bulk loading. Writing many documents costs much less without the
  // secondary indexes (DeferredIndexes(): by key, actor, rule, holder,
  // claimant): each row would go into each of them at a random place, while
  // CREATE INDEX over the full table is one sort. BeginBulkLoad() drops them
  // (in the current transaction, or on its own); EndBulkLoad() creates them
  // again (on its own: call it outside a Transaction). In between, queries on
  // those columns still answer, by scanning. If the process dies in between,
  // the next read-write Open() creates the missing ones, so a database never
  // stays without them. Both return the SQLite error, if any.
  Status BeginBulkLoad();
  Status EndBulkLoad();
  // True between BeginBulkLoad() and EndBulkLoad() on this connection.
  bool bulk_loading() const { return bulk_loading_; }

  // The secondary indexes BeginBulkLoad() drops, as schema.sql creates
  // them: "CREATE INDEX <name> ON <on>".
  struct IndexDefinition {
    const char* name;
    const char* on;  // "stances(holder_id, polarity)"
  };
  static const std::vector<IndexDefinition>& DeferredIndexes();

  // The number of stored documents in *out.
  Status CountDocuments(int64_t* out);

  // How many stored actor mentions, stances and claims each rule made, by
  // rule id; rules that made none are absent.
  Status RuleCounts(std::map<std::string, int64_t>* out);

  // Renames a stored document (its path as shown) without touching the rest.
  Status SetPath(int64_t doc_id, std::string_view path);

  // Replaces the metadata of a stored document (none when `meta` is
  // empty()), leaving its text and extractions as they are: for a document
  // whose file is unchanged but whose sidecar or table row changed.
  Status PutMetadata(int64_t doc_id, const DocumentMeta& meta);
  // The metadata of one document in *out (empty() when it has none, or the
  // database is older than schema version 5).
  Status ReadMetadata(int64_t doc_id, DocumentMeta* out);

  // Every document with its metadata, ordered by path then id (the export
  // order).
  Status ListDocuments(std::vector<StoredDocument>* out);
  // The decoded text of one document.
  Status DocumentText(int64_t doc_id, std::string* out);
  // The sentence spans of one document, in order.
  Status ReadSentences(int64_t doc_id, std::vector<SentenceSpan>* out);
  // The extractions of one document, each kind ordered by start, end, id.
  // Actors are filled from the actors table. `keys` may be null.
  Status ReadExtractions(int64_t doc_id, extract::Extractions* out, ExtractionKeys* keys);

  // Actors with mention counts, most mentioned first; only mentions in
  // `doc_id` when it is not 0.
  Status ActorCounts(int64_t doc_id, std::vector<ActorCount>* out);

  // The `key` of an extraction of a document with content hash `content_hash`
  // (what PutDocument stores): 32 hex digits.
  static std::string Key(std::string_view content_hash, const extract::ActorMention& m);
  static std::string Key(std::string_view content_hash, const extract::Stance& s);
  static std::string Key(std::string_view content_hash, const extract::Claim& c);
  // The keys of all of `extractions`, for Document::keys.
  static ExtractionKeys Keys(std::string_view content_hash,
                             const extract::Extractions& extractions);

 private:
  class Statement;
  struct Statements;
  Store();
  Status Exec(const char* sql);
  Status Error(std::string_view what);
  std::string Advice(int code) const;
  Status PutDocumentRows(int64_t run_id, const Document& doc,
                         const extract::Extractions& extractions, int64_t* doc_id,
                         std::vector<std::string>* lost);
  // Where a part's extractions start among the document's, per kind.
  struct ExtractionOffsets {
    size_t actors = 0, stances = 0, claims = 0;
  };
  // The documents row (inserted, or the old one's rows replaced) saying it
  // has `sentences` sentences, without them, and its metadata.
  Status WriteDocumentRow(int64_t run_id, const Document& doc, int64_t sentences, int64_t* doc_id);
  // The rows of `extractions`, numbered from `numbered_from` in `lost`.
  Status WriteExtractionRows(int64_t doc_id, const Document& doc,
                             const extract::Extractions& extractions,
                             const ExtractionOffsets& numbered_from,
                             std::vector<std::string>* lost);
  // Inserts rows 0 .. count-1 of one table, kRowsPerInsert to a statement
  // (`group`, `columns` values a row) and the rest one by one (`single`).
  // before(i) runs ahead of row i's insert (its actor's upsert); bind(q, p,
  // i, scratch) binds row i's values from parameter p + 1 on, with two
  // strings of scratch that live until the step. When a constraint refuses
  // a row of a group, the group's statement is undone whole and its rows go
  // one by one; refused(rc, i) says whether a failed row is only left out.
  // Errors name `what` `path` ("stances of " "a.txt").
  template <typename Before, typename BindRow, typename Refused>
  Status WriteRows(Statement& group, Statement& single, int columns, size_t count,
                   const Before& before, const BindRow& bind, const Refused& refused,
                   const char* what, const std::string& path);
  Status UpsertActor(const extract::Actor& actor);
  // Writes (or with an empty `meta`, only deletes) the document_meta row.
  Status WriteMetadata(int64_t doc_id, const DocumentMeta& meta);
  // Creates the DeferredIndexes() the database lacks, in one transaction.
  Status CreateMissingIndexes();
  // Adds (or with `remove`, deletes) one sentence_search row, now.
  Status InsertSearch(int64_t rowid, std::string_view text, bool remove = false);
  // The same, now or inside a Transaction queued for Commit().
  Status IndexSentence(int64_t rowid, std::string_view sentence, bool remove);
  // Adds or removes the search row of each sentence of `text`: now, or
  // inside a Transaction queued for Commit() (PutDocumentRows says why).
  Status IndexSentences(int64_t doc_id, std::string_view text,
                        const std::vector<SentenceSpan>& sentences, bool remove);
  // The sentence_search rows PutDocument queued in this Transaction.
  Status FlushSearch();

  std::string path_;
  sqlite3* db_ = nullptr;
  int busy_timeout_ms_ = 10000;
  int last_error_ = 0;  // extended SQLite result code of the last Error()
  std::unique_ptr<Statements> stmts_;
  // Actors this connection has written, by id. Cleared on every rollback,
  // so it never claims a row that is not there.
  std::unordered_map<std::string, extract::Actor> actor_cache_;
  // Inside a Transaction, full-text index rows wait here for Commit()
  // (PutDocument says why); a rollback drops them with the rest.
  struct PendingSearch {
    int64_t rowid;
    size_t offset, size;  // into pending_search_text_
    bool remove;          // a 'delete' of the row with this text
  };
  bool in_transaction_ = false;
  bool bulk_loading_ = false;
  bool has_meta_ = false;  // schema version >= 5: document_meta exists
  std::vector<PendingSearch> pending_search_;
  std::string pending_search_text_;
  // The document BeginDocument() opened.
  struct OpenDocument {
    bool open = false;
    int64_t id = 0;
    int64_t sentences = 0;           // written so far
    int64_t expected_sentences = 0;  // as BeginDocument was told
    size_t text_byte = 0;            // where the last part's last sentence ends in the text...
    uint32_t text_cp = 0;            // ...in code points
    ExtractionOffsets numbered_from;
  };
  OpenDocument part_;
};

}  // namespace argx::store

#endif  // ARGX_STORE_STORE_H_
