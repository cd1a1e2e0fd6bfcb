// Review: people accept, reject and correct extractions. Decisions live in the
// `reviews` table (schema.sql, version 2), keyed by the extraction's stable
// key, so they survive `argx extract` re-runs; one whose extraction is gone
// is reported as orphaned, never deleted.
//
//   std::unique_ptr<argx::review::ReviewDb> db;
//   argx::Status s = argx::review::ReviewDb::Open("argx.db", &db);
//   std::vector<argx::review::Item> queue;
//   s = db->Queue({.kinds = {"stance"}, .rule = "stance.verb"}, &queue);
//   std::string key;
//   s = db->Resolve("3fa2c1", &key);                    // a unique key prefix
//   s = db->Decide(key, "rejected", {.note = "not a stance"});
//   s = db->Decide(key, "corrected", {.corrected = {{"target", "the levy"}}});
//   argx::review::StatusReport report;
//   s = db->Report(&report);                            // counts, precision
//
// Every value goes to SQLite as a bound parameter. Each decision is one
// BEGIN IMMEDIATE transaction on the review tables only (reviews, review_log):
// two processes reviewing the same database each keep their decisions, and
// extraction rows are never written.
#ifndef ARGX_REVIEW_REVIEW_H_
#define ARGX_REVIEW_REVIEW_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/status.h"
#include "store/store.h"

namespace argx::review {

// The review statuses a decision can have ("pending" undoes a decision).
inline constexpr const char* kStatuses[] = {"pending", "accepted", "rejected", "corrected"};

// A part of an item's sentence to highlight.
struct Mark {
  std::string role;           // holder | cue | target | claimant | content | actor
  size_t begin = 0, end = 0;  // bytes into Item::sentence_text, begin < end
};

// One extraction (stance, claim or actor mention) with its review state.
struct Item {
  std::string key;
  std::string kind;  // stance | claim | actor
  std::string path;  // the document's path as shown
  std::string rule;
  int64_t document_id = 0;
  int64_t sentence = 0;  // 0-based sentence index in the document
  int64_t start = 0;     // code-point offset of the extraction in the document
  std::string sentence_text;
  // Fields as extracted, in display order: holder, polarity, target, cue
  // (stance); claimant, claim_type, cue, content, hedges (claim); text,
  // actor, actor_id, actor_type (actor).
  std::vector<std::pair<std::string, std::string>> fields;
  std::vector<Mark> marks;  // ordered by begin
  // Review state: "pending" when nobody decided.
  std::string status = "pending";
  std::map<std::string, std::string> corrected;  // field -> value
  std::string note, reviewer, reviewed_at;
  bool orphaned = false;  // a decision whose extraction is gone (snapshot)

  // The value of `field`: the correction if any, else as extracted; "" when
  // the item has no such field.
  std::string Field(std::string_view field) const;
};

// Which items Queue() returns. Empty strings match everything.
struct Filter {
  std::vector<std::string> kinds;  // stance, claim, actor; empty: all three
  std::string rule;                // rule id or a dotted prefix of it ("stance.verb")
  std::string actor;               // holder, claimant or actor: name or id, any case
  std::string doc;                 // a part of the document path
  bool pending_only = true;
};

// The fields a correction may set, by kind; and the values allowed for the
// closed ones (polarity, claim_type).
const std::vector<std::string>& CorrectableFields(std::string_view kind);

// What Decide() changes besides the status.
struct DecideOptions {
  std::optional<std::string> note;               // replaces the note when given
  std::map<std::string, std::string> corrected;  // merged into earlier corrections
  std::string reviewer;                          // default: $USER, else "unknown"
};

// Review counts of one (kind, rule) or of everything.
struct Counts {
  int64_t pending = 0, accepted = 0, rejected = 0, corrected = 0, orphaned = 0;
  int64_t total() const { return pending + accepted + rejected + corrected; }
  // accepted / (accepted + rejected); negative when nothing was decided.
  double precision() const {
    return accepted + rejected == 0 ? -1.0 : static_cast<double>(accepted) / (accepted + rejected);
  }
  void Add(const Counts& o);
};

struct StatusReport {
  Counts all;
  std::map<std::string, Counts> by_kind;                          // stance, claim, actor
  std::map<std::pair<std::string, std::string>, Counts> by_rule;  // (kind, rule)
};

// Options of ExportExamples().
struct ExportOptions {
  std::string rule;                     // the rule id
  std::vector<std::string> rule_paths;  // where to find its definition (format "rule")
  // "rule": a rule file with a copy of the rule (id + ".reviewed", priority
  // one higher so the copy wins in `argx rules test`) whose examples are the
  // reviewed sentences; `argx rules check RULES FILE` accepts it.
  // "examples": only the `examples:` block, to paste into the rule.
  std::string format = "rule";
};

// What ExportExamples() wrote.
struct ExportSummary {
  int match = 0, no_match = 0;
  int skipped = 0;  // sentences with both accepted and rejected items: match only
  int context = 0;  // accepted items whose holder/claimant is a pronoun: no example
};

class ReviewDb {
 public:
  // Opens an existing database read-write, upgrading its schema when older.
  static Status Open(const std::string& path, std::unique_ptr<ReviewDb>* out);
  // Uses a Store already open (e.g. ":memory:" in tests).
  explicit ReviewDb(std::unique_ptr<store::Store> store);
  ~ReviewDb();
  ReviewDb(const ReviewDb&) = delete;
  ReviewDb& operator=(const ReviewDb&) = delete;

  store::Store* store() { return store_.get(); }

  // Items that pass `filter`, in document order (path, offset; stances before
  // claims before actors at the same place).
  Status Queue(const Filter& filter, std::vector<Item>* out);

  // The current extraction with `key`, or the snapshot of an orphaned
  // decision (item->orphaned). *found says whether there was either.
  Status Get(const std::string& key, Item* item, bool* found);

  // The full key of the one extraction (or decision) whose key starts with
  // `prefix` (hex, any case, at least 4 digits). Errors name the problem:
  // no such key, or an ambiguous prefix.
  Status Resolve(std::string_view prefix, std::string* key);

  // Records a decision: status is pending, accepted, rejected or corrected
  // (which needs options.corrected, each field one of CorrectableFields()).
  Status Decide(const std::string& key, std::string_view status, const DecideOptions& options);

  // Sets the note of `key`, keeping its status (pending when undecided).
  Status SetNote(const std::string& key, const std::string& note, const std::string& reviewer);

  // Counts by status, kind and rule.
  Status Report(StatusReport* out);

  // Every decision by key (for the HTML report).
  struct Decision {
    std::string status;
    std::map<std::string, std::string> corrected;
    std::string note;
  };
  Status Decisions(std::unordered_map<std::string, Decision>* out);

  // Writes the reviewed sentences of a rule as rule-file YAML into *yaml:
  // accepted and corrected ones as `match` examples (with `expect` fields,
  // corrections applied), rejected ones as `no_match`. Orphaned decisions
  // count too: a rejected item a rule no longer produces is exactly the test
  // that keeps it from coming back.
  Status ExportExamples(const ExportOptions& options, std::string* yaml, ExportSummary* summary);

 private:
  Status Exec(const char* sql);
  Status Error(std::string_view what);
  Status Select(std::string_view kind, const std::string& where,
                const std::vector<std::string>& binds, std::vector<Item>* out);
  Status Write(const std::string& key, std::string_view status, const DecideOptions& options,
               bool set_status);

  std::unique_ptr<store::Store> store_;
};

// The default reviewer name: $USER, else "unknown".
std::string DefaultReviewer();

// The item for a person: a header line, the sentence with holder/claimant,
// cue and target/content highlighted (ANSI colours when `color`, else
// [holder] <cue> {target} brackets), and one line per field. Lines are
// wrapped at spaces to `width` columns when it is not 0.
std::string RenderItem(const Item& item, bool color, int width = 0);

// `text` wrapped at spaces so no line is wider than `width` columns (code
// points; ANSI escape sequences take none), continuation lines indented by
// `indent` spaces; `first_column` is where the text starts on its line.
std::string Wrap(std::string_view text, int width, int indent, int first_column);

// One line: "<key prefix>  <kind>  <summary>", used by lists.
std::string Summary(const Item& item);

}  // namespace argx::review

#endif  // ARGX_REVIEW_REVIEW_H_
