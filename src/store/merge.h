// Merging argx databases: the shard databases of `argx extract --shard K/N`
// (or any databases made with the same rules) into one, with every review
// decision kept. Behind `argx merge IN.db... --db OUT.db`.
//
//   argx::store::MergeOptions options;
//   options.argx_version = ARGX_VERSION;
//   options.notice = [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); };
//   argx::store::MergeSummary summary;
//   argx::Status s = argx::store::Merge({"s0.db", "s1.db"}, "argx.db", options, &summary);
//   if (!s.ok()) ...  // "s1.db: database schema version 7, ..."; argx.db is as it was
//
// What goes over, from each input in the order given:
//   - runs: each run row once (a row equal in every column to one OUT has is
//     the same run); documents keep pointing at the run that extracted them.
//   - documents, with their sentences, full-text index rows, metadata and
//     extractions (keys unchanged). A document is identified by abs_path, as
//     in argx extract. Present in OUT and in an input: when both are the same
//     version (content hash, rules, extraction time) nothing happens;
//     otherwise the one from the more recent run (runs.started_at, then
//     documents.extracted_at) stays and a notice says which.
//   - actors: unified by canonical id; the definition of the last document
//     written wins, as in argx extract. An id two databases define otherwise
//     (another name or type: the rules give one id to two actors) is listed
//     in a notice, once.
//   - reviews, by extraction key, and the whole review_log: log entries are
//     the union of all inputs (an entry equal in every column to one OUT has
//     is not added twice). The status of a key is the latest decision
//     (reviewed_at). Two decisions that differ (accepted here, rejected
//     there) where neither database has seen the other's (its latest log
//     entry is not in the other's log) are a conflict: both stay in the log,
//     the later is the status, and a notice lists it.
// Then one row in runs for the merge itself (options: {"command": "merge",
// "inputs": [...], "allow_mixed_rules": ..., "rules_fingerprints": [...]}),
// unless the merge changed nothing.
//
// Rules: every document of every input (and of OUT) must have been extracted
// with the same rules (documents.rules_fingerprint); otherwise Merge refuses
// before writing anything, naming the databases and, when their runs list
// them (argx extract records a digest per rule file), the rule files that
// differ. MergeOptions::allow_mixed_rules overrides this.
//
// All or nothing: the whole merge is one transaction on OUT; an error, an
// interruption (MergeOptions::stop) or a killed process leaves OUT as it was.
// A new OUT is built as OUT.merging next to it and renamed at the end.
// Memory does not grow with the inputs: documents are copied one at a time
// and the full-text rows are written every `batch_documents` documents.
//
// Schema versions: an input older than this argx is read as it is (what its
// version lacks — metadata before version 5, reviews before 2 — is empty;
// the input file is not changed); one newer is refused. OUT is created, or
// upgraded like any database argx writes.
#ifndef ARGX_STORE_MERGE_H_
#define ARGX_STORE_MERGE_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/status.h"

namespace argx::store {

struct MergeOptions {
  bool allow_mixed_rules = false;  // merge databases made with different rules
  std::string argx_version;        // for the merge's row in runs
  int batch_documents = 200;       // documents between full-text index flushes
  // Drop the secondary indexes while writing and create them at the end
  // (Store::BeginBulkLoad) when the inputs hold at least this many
  // documents, and at least half as many as OUT; 0: never.
  int64_t bulk_load_documents = 1000;
  // Checked before each document: when it becomes true, roll back and return an error.
  const std::atomic<bool>* stop = nullptr;
  // Receives each notice, one line without "argx: " or newline: a document
  // present in two databases, a review conflict. May be empty.
  std::function<void(const std::string&)> notice;
};

struct MergeSummary {
  int64_t inputs = 0;
  int64_t documents_new = 0;       // not in OUT before
  int64_t documents_replaced = 0;  // in OUT from an older run: replaced
  int64_t documents_kept = 0;      // in OUT from a more recent run: kept
  int64_t documents_same = 0;      // the same version already in OUT
  int64_t runs_added = 0;          // run rows copied (not counting the merge's own)
  int64_t actors_added = 0;        // actors no document of the merge wrote
  int64_t actor_conflicts = 0;     // actor ids defined otherwise in two databases (listed)
  int64_t reviews_new = 0, reviews_updated = 0, review_conflicts = 0;
  int64_t review_log_added = 0;
  bool interrupted = false;                     // MergeOptions::stop was seen: nothing was written
  std::vector<std::string> rules_fingerprints;  // distinct, of all documents merged

  // Whether the merge wrote anything.
  bool changed() const {
    return documents_new + documents_replaced + runs_added + actors_added + reviews_new +
               reviews_updated + review_log_added >
           0;
  }
};

// Merges the databases at `inputs` into the one at `out` (created when
// missing). Returns an error, with OUT unchanged, for: an input that is
// missing, not an argx database, of a newer schema version, or OUT itself;
// rules that differ (see above); an interruption; any SQLite error. Fills
// *summary (also on error: what was done before it, none of it kept).
Status Merge(const std::vector<std::string>& inputs, const std::string& out,
             const MergeOptions& options, MergeSummary* summary);

// The summary for stderr, a few lines:
//   argx: merged 4 databases into argx.db: 120 documents (118 new, 1 replaced, 1 kept, 0 same)
//   argx: 6 runs, 3 actors, 12 reviews (10 new, 1 updated, 1 conflict), 14 review log entries added
std::string FormatMergeSummary(const MergeSummary& summary, const std::string& out);

}  // namespace argx::store

#endif  // ARGX_STORE_MERGE_H_
