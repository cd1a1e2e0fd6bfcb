#include "store/merge.h"

#include <sqlite3.h>

#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "store/sql_stmt.h"
#include "store/store.h"

namespace argx::store {
namespace {

namespace fs = std::filesystem;

using sql::Stmt;

Status SqlError(sqlite3* db, const std::string& name, const std::string& what) {
  return Status::Error(name + ": " + what + ": " + sqlite3_errmsg(db));
}

bool HasTable(sqlite3* db, const char* table) {
  Stmt q(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
  q.Bind(1, std::string_view(table));
  return q.ok() && q.Step() == SQLITE_ROW;
}

// The columns of runs besides id, in schema order.
constexpr const char* kRunColumns[] = {"started_at",
                                       "finished_at",
                                       "argx_version",
                                       "rules_fingerprint",
                                       "options",
                                       "status",
                                       "documents_new",
                                       "documents_changed",
                                       "documents_unchanged",
                                       "files_skipped",
                                       "sentences",
                                       "actors",
                                       "stances",
                                       "claims",
                                       "bytes"};
constexpr const char kReviewColumns[] =
    "key, kind, status, corrected, note, reviewer, reviewed_at, rule, path, sentence_text, "
    "extraction";
constexpr const char kLogColumns[] = "key, status, corrected, note, reviewer, at";

// One review decision (a reviews row, or a review_log entry).
struct Decision {
  std::string status;
  std::optional<std::string> corrected;
  std::string note, reviewer, at;
  bool operator==(const Decision&) const = default;
};

// The latest review_log entry of `key` on `db`, if any.
std::optional<Decision> LatestLogEntry(Stmt& q, const std::string& key) {
  q.Reset().Bind(1, key);
  if (q.Step() != SQLITE_ROW) return std::nullopt;
  return Decision{q.Text(0), q.Nullable(1), q.Text(2), q.Text(3), q.Text(4)};
}

// Whether `db`'s review_log holds entry `d` of `key`.
bool HasLogEntry(Stmt& q, const std::string& key, const Decision& d) {
  q.Reset().Bind(1, key).Bind(2, d.status).Bind(3, d.corrected).Bind(4, d.note);
  q.Bind(5, d.reviewer).Bind(6, d.at);
  return q.Step() == SQLITE_ROW;
}

constexpr char kLatestLogSql[] =
    "SELECT status, corrected, note, reviewer, at FROM review_log WHERE key = ?1 "
    "ORDER BY at DESC, id DESC LIMIT 1";
constexpr char kHasLogSql[] =
    "SELECT 1 FROM review_log WHERE key = ?1 AND status IS ?2 AND corrected IS ?3 AND "
    "note IS ?4 AND reviewer IS ?5 AND at IS ?6 LIMIT 1";

std::string Describe(const Decision& d) {
  std::string s = d.status;
  if (d.corrected) s += " " + *d.corrected;
  return s + " by " + d.reviewer + " at " + d.at;
}

// The rules one database's documents were extracted with.
struct RulesOf {
  std::string name;                                  // the database, as given
  std::map<std::string, int64_t> fingerprints;       // documents per fingerprint
  std::map<std::string, nlohmann::json> rule_files;  // fingerprint -> {file: digest}, when known
};

Status ReadRules(Store* db, const std::string& name, RulesOf* out) {
  out->name = name;
  sqlite3* h = db->handle();
  Stmt q(h, "SELECT rules_fingerprint, count(*) FROM documents GROUP BY 1");
  if (!q.ok()) return SqlError(h, name, "reading documents");
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) out->fingerprints[q.Text(0)] = q.Int(1);
  if (rc != SQLITE_DONE) return SqlError(h, name, "reading documents");
  Stmt files(h,
             "SELECT json_extract(options, '$.rule_files') FROM runs WHERE rules_fingerprint = ?1 "
             "AND json_valid(options) AND json_type(options, '$.rule_files') = 'object' "
             "ORDER BY id DESC LIMIT 1");
  if (!files.ok()) return SqlError(h, name, "reading runs");
  for (const auto& [fp, n] : out->fingerprints) {
    files.Reset().Bind(1, fp);
    if (files.Step() == SQLITE_ROW) {
      nlohmann::json j = nlohmann::json::parse(files.Text(0), nullptr, false);
      if (j.is_object()) out->rule_files[fp] = std::move(j);
    }
  }
  return Status::Ok();
}

// The error naming the databases and rule files when `all` holds more than
// one fingerprint; ok otherwise. *fingerprints gets the distinct ones.
Status CheckRules(const std::vector<RulesOf>& all, bool allow_mixed,
                  std::vector<std::string>* fingerprints) {
  std::map<std::string, std::vector<std::string>> users;  // fingerprint -> databases
  std::map<std::string, const nlohmann::json*> files;     // fingerprint -> rule files
  for (const RulesOf& r : all) {
    for (const auto& [fp, n] : r.fingerprints) {
      users[fp].push_back(r.name + " (" + std::to_string(n) + " documents)");
      if (auto it = r.rule_files.find(fp); it != r.rule_files.end()) files[fp] = &it->second;
    }
  }
  fingerprints->clear();
  for (const auto& [fp, dbs] : users) fingerprints->push_back(fp);
  if (users.size() <= 1 || allow_mixed) return Status::Ok();
  std::string msg = "the databases were extracted with different rules:";
  for (const auto& [fp, dbs] : users) {
    msg += "\n  rules " + fp.substr(0, 12) + ": ";
    for (size_t i = 0; i < dbs.size(); ++i) msg += (i ? ", " : "") + dbs[i];
  }
  if (files.size() == users.size()) {
    std::set<std::string> names, differ;
    for (const auto& [fp, j] : files) {
      for (const auto& [file, digest] : j->items()) names.insert(file);
    }
    for (const std::string& file : names) {
      std::set<std::string> digests;
      for (const auto& [fp, j] : files) {
        digests.insert(j->contains(file) ? (*j)[file].dump() : "missing");
      }
      if (digests.size() > 1) differ.insert(file);
    }
    if (differ.empty()) {
      msg +=
          "\n  the rule files have the same contents: the --rules paths differ (give the "
          "same path, e.g. a relative 'rules', on every machine)";
    } else {
      msg += "\n  rule files that differ:";
      for (const std::string& f : differ) msg += " " + f;
    }
  } else {
    msg += "\n  (some runs do not list their rule files: compare the --rules folders they used)";
  }
  msg += "\nnothing was written; --allow-mixed-rules merges them anyway and records it in runs";
  return Status::Error(msg);
}

// Merges one input into the open transaction on `out`.
class InputMerger {
 public:
  InputMerger(Store* out, const std::string& out_name, int64_t merge_run,
              const MergeOptions& options, MergeSummary* summary,
              std::map<int64_t, std::string>* run_origin,
              std::map<std::string, std::string>* review_origin)
      : out_(out),
        out_name_(out_name),
        merge_run_(merge_run),
        options_(options),
        summary_(summary),
        run_origin_(run_origin),
        review_origin_(review_origin) {}

  Status Run(Store* in, const std::string& name) {
    in_ = in;
    name_ = name;
    runs_.clear();  // run ids are the input's own
    Status s = Runs();
    if (s.ok()) s = ActorDefinitions();
    if (s.ok()) s = Documents();
    if (s.ok()) s = Actors();
    if (s.ok() && HasTable(in_->handle(), "reviews")) s = Reviews();
    if (s.ok() && HasTable(in_->handle(), "review_log")) s = ReviewLog();
    return s;
  }

 private:
  void Notice(const std::string& line) {
    if (options_.notice) options_.notice(line);
  }
  Status InError(const std::string& what) { return SqlError(in_->handle(), name_, what); }
  Status OutError(const std::string& what) { return SqlError(out_->handle(), out_name_, what); }

  // Copies the input's runs that OUT lacks; fills runs_ (input id -> OUT id,
  // started_at).
  Status Runs() {
    std::string cols, find = "SELECT id FROM runs WHERE ", values;
    int i = 0;
    for (const char* c : kRunColumns) {
      ++i;
      cols += std::string(i > 1 ? ", " : "") + c;
      values += std::string(i > 1 ? ", " : "") + "?" + std::to_string(i);
      find += std::string(i > 1 ? " AND " : "") + c + " IS ?" + std::to_string(i);
    }
    Stmt read(in_->handle(), "SELECT id, " + cols + " FROM runs ORDER BY id");
    Stmt match(out_->handle(), find + " LIMIT 1");
    Stmt insert(out_->handle(), "INSERT INTO runs (" + cols + ") VALUES (" + values + ")");
    if (!read.ok()) return InError("reading runs");
    if (!match.ok() || !insert.ok()) return OutError("preparing runs");
    int rc;
    while ((rc = read.Step()) == SQLITE_ROW) {
      match.Reset();
      for (int c = 1; c <= 15; ++c) match.BindColumn(c, read, c);
      int64_t out_id;
      if (int m = match.Step(); m == SQLITE_ROW) {
        out_id = match.Int(0);
      } else if (m == SQLITE_DONE) {
        insert.Reset();
        for (int c = 1; c <= 15; ++c) insert.BindColumn(c, read, c);
        if (insert.Step() != SQLITE_DONE) return OutError("copying a run");
        out_id = sqlite3_last_insert_rowid(out_->handle());
        ++summary_->runs_added;
        (*run_origin_)[out_id] = name_;
      } else {
        return OutError("reading runs");
      }
      runs_[read.Int(0)] = {out_id, read.Text(1)};
    }
    if (rc != SQLITE_DONE) return InError("reading runs");
    return Status::Ok();
  }

  Status Documents() {
    Stmt read(in_->handle(),
              "SELECT id, path, abs_path, content_hash, size_bytes, encoding, rules_fingerprint, "
              "run_id, extracted_at FROM documents ORDER BY id");
    Stmt find(out_->handle(),
              "SELECT d.id, d.content_hash, d.rules_fingerprint, d.extracted_at, "
              "coalesce(r.started_at, ''), d.run_id FROM documents d "
              "LEFT JOIN runs r ON r.id = d.run_id WHERE d.abs_path = ?1");
    Stmt set_time(out_->handle(), "UPDATE documents SET extracted_at = ?2 WHERE id = ?1");
    if (!read.ok()) return InError("reading documents");
    if (!find.ok() || !set_time.ok()) return OutError("preparing documents");
    int rc;
    int64_t written = 0;
    while ((rc = read.Step()) == SQLITE_ROW) {
      if (options_.stop != nullptr && options_.stop->load()) {
        summary_->interrupted = true;
        return Status::Error("interrupted");
      }
      const int64_t in_id = read.Int(0);
      Document doc;
      doc.path = read.Text(1);
      doc.abs_path = read.Text(2);
      doc.content_hash = read.Text(3);
      doc.size_bytes = read.Int(4);
      doc.encoding = read.Text(5);
      doc.rules_fingerprint = read.Text(6);
      const std::string extracted_at = read.Text(8);
      int64_t run = merge_run_;
      std::string started_at;
      if (auto it = runs_.find(read.Int(7)); it != runs_.end()) {
        run = it->second.first;
        started_at = it->second.second;
      }

      find.Reset().Bind(1, doc.abs_path);
      int f = find.Step();
      if (f != SQLITE_ROW && f != SQLITE_DONE) return OutError("looking up " + doc.path);
      if (f == SQLITE_ROW) {
        if (find.Text(1) == doc.content_hash && find.Text(2) == doc.rules_fingerprint &&
            find.Text(3) == extracted_at) {
          ++summary_->documents_same;
          continue;
        }
        const std::string out_started = find.Text(4), out_extracted = find.Text(3);
        auto origin = run_origin_->find(find.Int(5));
        const std::string there = origin != run_origin_->end() ? origin->second : out_name_;
        const bool newer =
            std::tie(started_at, extracted_at) > std::tie(out_started, out_extracted);
        Notice(doc.path + " is in " + there + " (run of " + out_started + ") and in " + name_ +
               " (run of " + started_at + "): kept " + (newer ? name_ : there) +
               "'s, the more recent run");
        if (!newer) {
          ++summary_->documents_kept;
          continue;
        }
        ++summary_->documents_replaced;
      } else {
        ++summary_->documents_new;
      }

      extract::Extractions ex;
      Status s = in_->DocumentText(in_id, &doc.text);
      if (s.ok()) s = in_->ReadSentences(in_id, &doc.sentences);
      if (s.ok()) s = in_->ReadMetadata(in_id, &doc.meta);
      if (s.ok()) s = in_->ReadExtractions(in_id, &ex, &doc.keys);
      if (!s.ok()) return Status::Error(name_ + ": " + s.message());
      int64_t out_id = 0;
      std::vector<std::string> lost;
      s = out_->PutDocument(run, doc, ex, &out_id, &lost);
      if (!s.ok()) return Status::Error(out_name_ + ": " + s.message());
      if (!lost.empty()) {
        return Status::Error(out_name_ + ": " + doc.path + " from " + name_ + ": " + lost[0]);
      }
      set_time.Reset().Bind(1, out_id).Bind(2, extracted_at);
      if (set_time.Step() != SQLITE_DONE) return OutError("writing " + doc.path);
      sentences_ += static_cast<int64_t>(doc.sentences.size());
      actors_ += static_cast<int64_t>(ex.actors.size());
      stances_ += static_cast<int64_t>(ex.stances.size());
      claims_ += static_cast<int64_t>(ex.claims.size());

      if (++written % options_.batch_documents == 0) {
        s = out_->FlushSearchIndex();
        if (!s.ok()) return s;
      }
    }
    if (rc != SQLITE_DONE) return InError("reading documents");
    return out_->FlushSearchIndex();
  }

  // Lists each actor id this input defines otherwise than OUT (another
  // name, type or affiliation: two rules or lexicon entries giving one id
  // to different actors), once per merge. The actors table has one row per
  // id, so which definition stays depends on the order documents are
  // written, in argx extract as here.
  Status ActorDefinitions() {
    Stmt read(in_->handle(), "SELECT id, name, type, affiliation FROM actors ORDER BY id");
    Stmt find(out_->handle(), "SELECT name, type, affiliation FROM actors WHERE id = ?1");
    if (!read.ok()) return InError("reading actors");
    if (!find.ok()) return OutError("preparing actors");
    int rc;
    while ((rc = read.Step()) == SQLITE_ROW) {
      const std::string id = read.Text(0);
      find.Reset().Bind(1, id);
      if (find.Step() != SQLITE_ROW) continue;
      auto describe = [](Stmt& q, int first) {
        std::string d = q.Text(first) + " (" + q.Text(first + 1);
        if (!q.Text(first + 2).empty()) d += ", " + q.Text(first + 2);
        return d + ")";
      };
      const std::string theirs = describe(find, 0), mine = describe(read, 1);
      if (theirs == mine || !reported_actors_.insert(id).second) continue;
      ++summary_->actor_conflicts;
      Notice("actor " + id + " is " + theirs + " in " + out_name_ + " and " + mine + " in " +
             name_ +
             ": one id for two actors (check the rules' lexicons); the definition "
             "written last stays, as in argx extract");
    }
    if (rc != SQLITE_DONE) return InError("reading actors");
    return Status::Ok();
  }

  // Actors no copied document refers to (argx extract writes an actor only
  // with a mention, so these are rare): added when OUT lacks the id.
  Status Actors() {
    Stmt read(in_->handle(), "SELECT id, name, type, affiliation, source FROM actors");
    Stmt insert(out_->handle(),
                "INSERT INTO actors (id, name, type, affiliation, source) VALUES "
                "(?1, ?2, ?3, ?4, ?5) ON CONFLICT (id) DO NOTHING");
    if (!read.ok()) return InError("reading actors");
    if (!insert.ok()) return OutError("preparing actors");
    int rc;
    while ((rc = read.Step()) == SQLITE_ROW) {
      insert.Reset();
      for (int c = 0; c < 5; ++c) insert.BindColumn(c + 1, read, c);
      if (insert.Step() != SQLITE_DONE) return OutError("copying actors");
      summary_->actors_added += sqlite3_changes(out_->handle());
    }
    if (rc != SQLITE_DONE) return InError("reading actors");
    return Status::Ok();
  }

  // Decisions, before the log entries of this input go over: "seen" is
  // judged on OUT's log as it was.
  Status Reviews() {
    Stmt read(in_->handle(),
              std::string("SELECT ") + kReviewColumns + " FROM reviews ORDER BY key");
    Stmt find(out_->handle(),
              "SELECT status, corrected, note, reviewer, reviewed_at FROM reviews WHERE key = ?1");
    Stmt upsert(out_->handle(),
                std::string("INSERT INTO reviews (") + kReviewColumns +
                    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT (key) "
                    "DO UPDATE SET kind = excluded.kind, status = excluded.status, "
                    "corrected = excluded.corrected, note = excluded.note, "
                    "reviewer = excluded.reviewer, reviewed_at = excluded.reviewed_at, "
                    "rule = excluded.rule, path = excluded.path, "
                    "sentence_text = excluded.sentence_text, extraction = excluded.extraction");
    const bool in_log = HasTable(in_->handle(), "review_log");
    Stmt in_latest(in_->handle(), kLatestLogSql), in_has(in_->handle(), kHasLogSql);
    Stmt out_latest(out_->handle(), kLatestLogSql), out_has(out_->handle(), kHasLogSql);
    if (!read.ok()) return InError("reading reviews");
    if (!find.ok() || !upsert.ok() || !out_latest.ok() || !out_has.ok()) {
      return OutError("preparing reviews");
    }
    int rc;
    while ((rc = read.Step()) == SQLITE_ROW) {
      const std::string key = read.Text(0);
      const Decision mine{read.Text(2), read.Nullable(3), read.Text(4), read.Text(5), read.Text(6)};
      find.Reset().Bind(1, key);
      int f = find.Step();
      if (f != SQLITE_ROW && f != SQLITE_DONE) return OutError("reading reviews");
      bool write = f == SQLITE_DONE;
      if (f == SQLITE_ROW) {
        const Decision theirs{find.Text(0), find.Nullable(1), find.Text(2), find.Text(3),
                              find.Text(4)};
        if (theirs == mine) continue;
        write = mine.at > theirs.at;
        // Neither side saw the other's last decision, and they disagree.
        std::optional<Decision> my_last, their_last;
        if (in_log && in_latest.ok()) my_last = LatestLogEntry(in_latest, key);
        their_last = LatestLogEntry(out_latest, key);
        const bool they_saw_mine = my_last && HasLogEntry(out_has, key, *my_last);
        const bool i_saw_theirs =
            their_last && in_has.ok() && HasLogEntry(in_has, key, *their_last);
        if ((mine.status != theirs.status || mine.corrected != theirs.corrected) &&
            !they_saw_mine && !i_saw_theirs) {
          ++summary_->review_conflicts;
          auto origin = review_origin_->find(key);
          const std::string there = origin != review_origin_->end() ? origin->second : out_name_;
          const Decision& later = write ? mine : theirs;
          Notice("review conflict on " + key + " (" + read.Text(1) + ", " + read.Text(8) + "): " +
                 Describe(theirs) + " in " + there + "; " + Describe(mine) + " in " + name_ +
                 ": the status is now " + later.status + " (the later), both stay in review_log");
        }
      }
      if (!write) continue;
      upsert.Reset();
      for (int c = 0; c < 11; ++c) upsert.BindColumn(c + 1, read, c);
      if (upsert.Step() != SQLITE_DONE) return OutError("writing a review");
      ++(f == SQLITE_DONE ? summary_->reviews_new : summary_->reviews_updated);
      (*review_origin_)[key] = name_;
    }
    if (rc != SQLITE_DONE) return InError("reading reviews");
    return Status::Ok();
  }

  Status ReviewLog() {
    Stmt read(in_->handle(), std::string("SELECT ") + kLogColumns + " FROM review_log ORDER BY id");
    Stmt has(out_->handle(), kHasLogSql);
    Stmt insert(out_->handle(), std::string("INSERT INTO review_log (") + kLogColumns +
                                    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!read.ok()) return InError("reading review_log");
    if (!has.ok() || !insert.ok()) return OutError("preparing review_log");
    int rc;
    while ((rc = read.Step()) == SQLITE_ROW) {
      const std::string key = read.Text(0);
      if (HasLogEntry(has, key,
                      {read.Text(1), read.Nullable(2), read.Text(3), read.Text(4), read.Text(5)})) {
        continue;
      }
      insert.Reset();
      for (int c = 0; c < 6; ++c) insert.BindColumn(c + 1, read, c);
      if (insert.Step() != SQLITE_DONE) return OutError("writing review_log");
      ++summary_->review_log_added;
    }
    if (rc != SQLITE_DONE) return InError("reading review_log");
    return Status::Ok();
  }

 public:
  int64_t sentences_ = 0, actors_ = 0, stances_ = 0, claims_ = 0;

 private:
  Store* out_;
  const std::string out_name_;
  const int64_t merge_run_;
  const MergeOptions& options_;
  MergeSummary* summary_;
  std::map<int64_t, std::string>* run_origin_;         // OUT run id -> input that brought it
  std::map<std::string, std::string>* review_origin_;  // review key -> input written from
  Store* in_ = nullptr;
  std::string name_;
  std::map<int64_t, std::pair<int64_t, std::string>> runs_;  // input run -> OUT run, started_at
  std::set<std::string> reported_actors_;  // actor ids with two definitions, listed
};

void RemoveDatabaseFiles(const std::string& path) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path + suffix, ec);
}

// The merge proper, in one transaction on `db` (OUT, or the file a new OUT
// is built in): committed when everything went over, rolled back otherwise
// or when nothing changed in an existing OUT.
//
// With `bulk`, the secondary indexes are dropped inside the transaction
// (Store::BeginBulkLoad; a rollback brings them back) and created again
// after the commit: for a merge that writes many documents, one sort per
// index instead of a random insert per row. The merge queries none of them.
// A process killed between the commit and their creation leaves the data
// whole; the next Store::Open creates them.
Status MergeInto(Store* db, const std::vector<std::string>& inputs, const std::string& out,
                 bool new_out, bool bulk, const MergeOptions& options, MergeSummary* summary) {
  Store::Transaction txn(db);
  if (!txn.status().ok()) return txn.status();
  if (bulk) {
    Status b = db->BeginBulkLoad();
    if (!b.ok()) return b;
  }
  // The merge's own run, first: a document whose run is missing from its
  // input (a damaged database) is attributed to it.
  nlohmann::json opts = {{"command", "merge"},
                         {"inputs", inputs},
                         {"db", out},
                         {"allow_mixed_rules", options.allow_mixed_rules},
                         {"rules_fingerprints", summary->rules_fingerprints}};
  std::string fingerprint;
  for (const std::string& fp : summary->rules_fingerprints) {
    fingerprint += (fingerprint.empty() ? "" : ",") + fp;
  }
  if (summary->rules_fingerprints.size() > 1) fingerprint = "mixed:" + fingerprint;
  int64_t merge_run = 0;
  Status s = db->BeginRun({options.argx_version, fingerprint, opts.dump()}, &merge_run);
  if (!s.ok()) return s;

  auto stopped = [&] {
    if (options.stop == nullptr || !options.stop->load()) return false;
    summary->interrupted = true;
    return true;
  };
  std::map<int64_t, std::string> run_origin;
  std::map<std::string, std::string> review_origin;
  InputMerger merger(db, out, merge_run, options, summary, &run_origin, &review_origin);
  for (const std::string& in : inputs) {
    if (stopped()) return Status::Error("interrupted");
    std::unique_ptr<Store> input;
    s = Store::Open(in, {.read_only = true}, &input);
    if (s.ok()) s = merger.Run(input.get(), in);
    if (!s.ok()) return s;
    ++summary->inputs;
  }
  if (!summary->changed() && !new_out) return Status::Ok();  // rolled back: nothing to add

  RunCounts counts;
  counts.documents_new = summary->documents_new;
  counts.documents_changed = summary->documents_replaced;
  counts.documents_unchanged = summary->documents_same + summary->documents_kept;
  counts.sentences = merger.sentences_;
  counts.actors = merger.actors_;
  counts.stances = merger.stances_;
  counts.claims = merger.claims_;
  s = db->FinishRun(merge_run, counts);
  if (!s.ok()) return s;
  if (stopped()) return Status::Error("interrupted");
  s = txn.Commit();
  if (!s.ok()) return s;
  if (bulk) {
    // Sorting for the indexes spills to temporary files rather than memory
    // (argx writes with temp_store = MEMORY): memory stays the same however
    // large the tables are.
    char* err = nullptr;
    sqlite3_exec(db->handle(), "PRAGMA temp_store = FILE", nullptr, nullptr, &err);
    sqlite3_free(err);
    s = db->EndBulkLoad();
    if (!s.ok()) return s;
  }
  if (new_out) {
    // One self-contained file (no -wal beside it) before it takes OUT's name.
    char* err = nullptr;
    if (sqlite3_exec(db->handle(), "PRAGMA journal_mode = DELETE", nullptr, nullptr, &err) !=
        SQLITE_OK) {
      Status e = Status::Error(out + ": " + (err ? err : "setting the journal mode"));
      sqlite3_free(err);
      return e;
    }
  }
  return Status::Ok();
}

}  // namespace

Status Merge(const std::vector<std::string>& inputs, const std::string& out,
             const MergeOptions& options, MergeSummary* summary) {
  *summary = {};
  if (inputs.empty()) return Status::Error("no input databases");
  std::error_code ec;
  const bool out_exists = fs::exists(out, ec);
  for (const std::string& in : inputs) {
    if (!fs::exists(in, ec)) return Status::Error(in + ": no such database");
    if (out_exists && fs::equivalent(in, out, ec)) {
      return Status::Error(in + ": is the output database (--db); give it only once, as --db");
    }
  }

  // Rules first, before anything is written.
  std::vector<RulesOf> rules;
  for (const std::string& in : inputs) {
    std::unique_ptr<Store> db;
    Status s = Store::Open(in, {.read_only = true}, &db);
    if (!s.ok()) return s;
    s = ReadRules(db.get(), in, &rules.emplace_back());
    if (!s.ok()) return s;
  }
  if (out_exists) {
    std::unique_ptr<Store> db;
    Status s = Store::Open(out, {.read_only = true}, &db);
    if (!s.ok()) return s;
    s = ReadRules(db.get(), out, &rules.emplace_back());
    if (!s.ok()) return s;
  }
  Status s = CheckRules(rules, options.allow_mixed_rules, &summary->rules_fingerprints);
  if (!s.ok()) return s;
  // Bulk loading (MergeInto) pays when the inputs bring many documents,
  // and at least half as many as OUT holds (the pipeline's rule).
  int64_t incoming = 0, present = 0;
  for (size_t i = 0; i < rules.size(); ++i) {
    for (const auto& [fp, n] : rules[i].fingerprints) (i < inputs.size() ? incoming : present) += n;
  }
  const bool bulk = incoming >= options.bulk_load_documents && options.bulk_load_documents > 0 &&
                    2 * incoming >= present;

  // A new OUT is written under another name and renamed when complete.
  const std::string target = out_exists ? out : out + ".merging";
  if (!out_exists) RemoveDatabaseFiles(target);
  std::unique_ptr<Store> db;
  s = Store::Open(target, {}, &db);
  if (s.ok()) s = MergeInto(db.get(), inputs, out, !out_exists, bulk, options, summary);
  db.reset();
  if (!s.ok()) {
    if (!out_exists) RemoveDatabaseFiles(target);
    return s;
  }
  if (!out_exists) {
    for (const char* suffix : {"-wal", "-shm", "-journal"}) fs::remove(out + suffix, ec);
    fs::rename(target, out, ec);
    if (ec) {
      RemoveDatabaseFiles(target);
      return Status::Error(out + ": cannot rename " + target + " to it: " + ec.message());
    }
  }
  return Status::Ok();
}

std::string FormatMergeSummary(const MergeSummary& m, const std::string& out) {
  auto n = [](int64_t v) { return std::to_string(v); };
  std::string s =
      "argx: merged " + n(m.inputs) + (m.inputs == 1 ? " database" : " databases") + " into " +
      out + ": " + n(m.documents_new + m.documents_replaced + m.documents_kept + m.documents_same) +
      " documents (" + n(m.documents_new) + " new, " + n(m.documents_replaced) + " replaced, " +
      n(m.documents_kept) + " kept, " + n(m.documents_same) + " already there)\n";
  s += "argx: " + n(m.runs_added) + " runs, " + n(m.actors_added) + " other actors, " +
       n(m.reviews_new + m.reviews_updated) + " reviews (" + n(m.reviews_new) + " new, " +
       n(m.reviews_updated) + " updated, " + n(m.review_conflicts) +
       (m.review_conflicts == 1 ? " conflict), " : " conflicts), ") + n(m.review_log_added) +
       " review log entries added\n";
  if (!m.changed()) s += "argx: nothing new: " + out + " is unchanged\n";
  return s;
}

}  // namespace argx::store
